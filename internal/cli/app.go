package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// loadPlan loads the plan of a command's --plan; its problems are listed
// one per line.
func loadPlan(path string) (*plan.Plan, error) {
	if path == "" {
		return nil, errors.New("--plan FILE is required")
	}
	p, err := plan.Load(path)
	if err != nil {
		var ps plan.Problems
		if errors.As(err, &ps) {
			return nil, fmt.Errorf("the plan has problems:\n%w", err)
		}
		return nil, err
	}
	return p, nil
}

// dbMode says how a command opens its --db.
type dbMode int

const (
	// noDB: the command only simulates; the app has no store.
	noDB dbMode = iota
	// existingDB: the database must exist (a change to what a daemon
	// recorded).
	existingDB
	// anyDB: a SQLite file that does not exist yet is created.
	anyDB
)

// openApp loads the plan of planPath and builds its runtime parts over the
// database dsn (see dbMode). Close the app, then the store, with the
// returned func.
func openApp(ctx context.Context, e *env, planPath, dsn string, mode dbMode) (*app.App, func(), error) {
	p, err := loadPlan(planPath)
	if err != nil {
		return nil, nil, err
	}
	var s store.Store
	switch mode {
	case existingDB:
		s, err = openExistingStore(ctx, e, dsn)
	case anyDB:
		s, err = openStore(ctx, e, dsn)
	}
	if err != nil {
		return nil, nil, err
	}
	a, err := app.New(p, s, app.Options{Log: e.log})
	if err != nil {
		if s != nil {
			s.Close()
		}
		return nil, nil, err
	}
	return a, func() {
		a.Close()
		if s != nil {
			s.Close()
		}
	}, nil
}
