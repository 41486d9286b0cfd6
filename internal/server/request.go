package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/breakglass-dev/breakglass/internal/store"
)

var (
	// errBadRequest marks a request the server cannot read: bad JSON, an
	// unknown or missing field, a malformed id (400).
	errBadRequest = errors.New("bad request")
	// errMissing marks a route whose domain part this server was not
	// given (503).
	errMissing = errors.New("not available on this server")
)

// badRequest returns an error answered 400 with the message.
func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadRequest, fmt.Sprintf(format, args...))
}

// conflictRetries is how many times a transaction that lost a race
// (store.ErrConflict: two people approving one action at once) is run
// again before the conflict is answered.
const conflictRetries = 5

// tx runs fn in one store transaction, again if it lost a race.
func (s *Server) tx(ctx context.Context, fn func(tx store.Tx) error) error {
	var err error
	for range conflictRetries {
		if err = s.store.Tx(ctx, fn); !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return err
}

// decode reads the JSON body into v: unknown fields, trailing data and a
// body over limit are refused. An empty body leaves v as it is.
func decode(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		return badRequest("bad JSON body: %v", err)
	}
	if dec.More() {
		return badRequest("bad JSON body: more than one JSON value")
	}
	return nil
}

// required returns a 400 error naming the first empty field of pairs
// (name, value).
func required(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return badRequest("field %q is required", pairs[i])
		}
	}
	return nil
}

// pathID reads a positive numeric id from the path.
func pathID(r *http.Request, name, what string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("%s id %q: want a positive number", what, v)
	}
	return id, nil
}

// boolQuery reads an optional true/false query parameter.
func boolQuery(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest("query parameter %s=%q: want true or false", name, v)
	}
	return b, nil
}

// errorf wraps sentinel with a message.
func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
