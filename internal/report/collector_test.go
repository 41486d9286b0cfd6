package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// countingReader is a real store that counts the incidents each
// Incidents call returned.
type countingReader struct {
	store.Store
	mu      sync.Mutex
	reads   []int
	filters []store.IncidentFilter
}

func (r *countingReader) Incidents(ctx context.Context, f store.IncidentFilter) ([]store.Incident, error) {
	out, err := r.Store.Incidents(ctx, f)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reads = append(r.reads, len(out))
	r.filters = append(r.filters, f)
	return out, err
}

// last returns the rows and the filter of the last Incidents call.
func (r *countingReader) last() (int, store.IncidentFilter) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reads[len(r.reads)-1], r.filters[len(r.filters)-1]
}

// openStore opens a SQLite store whose clock, shared with the collector,
// is a test clock at noon (storetest.Start).
func openStore(t *testing.T) (store.Store, *storetest.Clock) {
	t.Helper()
	clock := storetest.NewClock(storetest.Start)
	return storetest.SQLite(t, store.Options{Now: clock.Now}), clock
}

// scrape gathers the collector's metrics as "name{labels}" → value (the
// sample count for summaries).
func scrape(t *testing.T, c *Collector) map[string]float64 {
	t.Helper()
	reg := prometheus.NewRegistry()
	if err := reg.Register(c); err != nil {
		t.Fatal(err)
	}
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			key := f.GetName()
			for _, l := range m.GetLabel() {
				key += fmt.Sprintf(",%s=%s", l.GetName(), l.GetValue())
			}
			switch {
			case m.GetSummary() != nil:
				out[key] = float64(m.GetSummary().GetSampleCount())
				out[key+",sum"] = m.GetSummary().GetSampleSum()
				for _, q := range m.GetSummary().GetQuantile() {
					out[fmt.Sprintf("%s,q=%g", key, q.GetQuantile())] = q.GetValue()
				}
			default:
				out[key] = m.GetGauge().GetValue()
			}
		}
	}
	return out
}

// TestCollectorReadsOnlyChanges scrapes a store of many incidents and
// checks that, once the first scrape has read them all, a scrape reads only
// the incidents written since the previous one (and those of the overlap),
// until the periodic full read; and that what it exports always equals what
// a fresh collector, reading everything, exports.
func TestCollectorReadsOnlyChanges(t *testing.T) {
	ctx := context.Background()
	s, clock := openStore(t)

	const n = 60
	var ids []string
	err := s.Tx(ctx, func(tx store.Tx) error {
		for i := range n {
			opened := clock.Now().Add(-time.Hour)
			d := incident.Details{FirstAlertAt: opened, StatusAt: map[incident.Status]time.Time{
				incident.Acknowledged: opened.Add(time.Duration(i+1) * time.Minute)}}
			raw, err := json.Marshal(d)
			if err != nil {
				return err
			}
			sev := []string{"critical", "high", "low"}[i%3]
			rec := storetest.Incident(fmt.Sprint("incident ", i))
			rec.Status, rec.Severity, rec.OpenedAt, rec.Details = incident.Acknowledged, sev, opened, raw
			inc, err := tx.CreateIncident(ctx, rec)
			if err != nil {
				return err
			}
			ids = append(ids, inc.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	r := &countingReader{Store: s}
	c := NewCollector(r, 0, nil)
	c.now = clock.Now
	fresh := func() map[string]float64 {
		t.Helper()
		f := NewCollector(s, 0, nil)
		f.now = clock.Now
		return scrape(t, f)
	}
	check := func(step string, wantRows int, incremental bool) {
		t.Helper()
		got := scrape(t, c)
		rows, f := r.last()
		if rows != wantRows || f.UpdatedSince.IsZero() == incremental {
			t.Errorf("%s: read %d incidents (since %v), want %d (incremental %v)", step, rows, f.UpdatedSince, wantRows, incremental)
		}
		want := fresh()
		if len(got) != len(want) {
			t.Errorf("%s: %d series, a fresh collector %d", step, len(got), len(want))
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s = %v, a fresh collector says %v", step, k, got[k], v)
			}
		}
	}

	clock.Advance(5 * time.Minute) // the writes are older than the overlap
	check("first scrape", n, false)
	clock.Advance(15 * time.Second)
	check("nothing written", 0, true)

	// Close one incident: it is read again, alone.
	clock.Advance(15 * time.Second)
	err = s.Tx(ctx, func(tx store.Tx) error {
		inc, err := tx.Incident(ctx, ids[7])
		if err != nil {
			return err
		}
		inc.Status, inc.ClosedAt = incident.Closed, clock.Now()
		_, err = tx.UpdateIncident(ctx, inc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(15 * time.Second)
	check("one closed", 1, true)
	if got := scrape(t, c)["breakglass_incidents,severity=high,status=closed"]; got != 1 {
		t.Errorf("closed high incidents = %v, want 1", got)
	}
	// The next read reaches back one overlap before the previous one, which
	// still holds the update; the one after that reads nothing.
	clock.Advance(2 * time.Minute)
	check("overlap", 1, true)
	clock.Advance(15 * time.Second)
	check("quiet again", 0, true)

	// The periodic full read.
	clock.Advance(collectorFullEvery)
	check("full read", n, false)
}

// failingReader fails its reads while fail is set.
type failingReader struct {
	store.Store
	fail bool
}

func (r *failingReader) Incidents(ctx context.Context, f store.IncidentFilter) ([]store.Incident, error) {
	if r.fail {
		return nil, errors.New("database unavailable")
	}
	return r.Store.Incidents(ctx, f)
}

// TestCollectorReadError checks that a failed read is reported with
// breakglass_report_scrape_error 1, with the values of the last read kept,
// and that the next read catches up.
func TestCollectorReadError(t *testing.T) {
	ctx := context.Background()
	s, clock := openStore(t)
	create := func() {
		t.Helper()
		if err := s.Tx(ctx, func(tx store.Tx) error {
			_, err := tx.CreateIncident(ctx, storetest.Incident("t"))
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	const open = "breakglass_incidents,severity=critical,status=" + string(incident.Detected)
	r := &failingReader{Store: s, fail: true}
	c := NewCollector(r, 0, nil)
	c.now = clock.Now
	for _, step := range []struct {
		name      string
		fail      bool
		create    bool
		wantError float64
		wantOpen  float64
	}{
		{"first read fails", true, true, 1, 0},
		{"read", false, false, 0, 1},
		{"read fails, last values kept", true, true, 1, 1},
		{"read catches up", false, false, 0, 2},
	} {
		if step.create {
			create()
		}
		clock.Advance(10 * time.Second)
		r.fail = step.fail
		got := scrape(t, c)
		if got["breakglass_report_scrape_error"] != step.wantError || got[open] != step.wantOpen {
			t.Errorf("%s: scrape error %v, open incidents %v; want %v, %v", step.name,
				got["breakglass_report_scrape_error"], got[open], step.wantError, step.wantOpen)
		}
	}
}
