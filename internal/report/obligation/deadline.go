package obligation

import (
	"time"
	// The obligations' time zones must resolve on machines without a
	// zoneinfo database.
	_ "time/tzdata"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Calendar is where and how days are counted for one obligation: its time
// zone and the days that are not business days besides weekends.
type Calendar struct {
	Loc      *time.Location
	Holidays []plan.Date
}

// CalendarOf returns the calendar of an obligation of the plan.
func CalendarOf(o plan.Obligation) (Calendar, error) {
	name := o.TimeZone
	if name == "" {
		name = "UTC"
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return Calendar{}, err
	}
	return Calendar{Loc: loc, Holidays: o.Holidays}, nil
}

// BusinessDay reports whether the local day of t is a business day: not a
// Saturday, a Sunday or a holiday.
func (c Calendar) BusinessDay(t time.Time) bool {
	t = t.In(c.loc())
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	for _, h := range c.Holidays {
		if h.Year == t.Year() && h.Month == t.Month() && h.Day == t.Day() {
			return false
		}
	}
	return true
}

func (c Calendar) loc() *time.Location {
	if c.Loc == nil {
		return time.UTC
	}
	return c.Loc
}

// endOfDay is the last second of t's local day.
func (c Calendar) endOfDay(t time.Time) time.Time {
	t = t.In(c.loc())
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, c.loc())
}

// Deadline computes the clock's deadline from its anchor time. It returns
// the zero time for an ASAP clock.
func (c Calendar) Deadline(k Clock, anchor time.Time) time.Time {
	loc := c.loc()
	local := anchor.In(loc)
	switch {
	case k.ASAP:
		return time.Time{}
	case k.BusinessDays > 0:
		d := time.Date(local.Year(), local.Month(), local.Day(), 12, 0, 0, 0, loc)
		for n := k.BusinessDays; n > 0; {
			d = d.AddDate(0, 0, 1)
			if c.BusinessDay(d) {
				n--
			}
		}
		return c.endOfDay(d)
	case k.CalendarDays > 0:
		d := time.Date(local.Year(), local.Month(), local.Day()+k.CalendarDays, 12, 0, 0, 0, loc)
		return c.endOfDay(d)
	case k.Months > 0:
		return addMonths(local, k.Months)
	}
	return anchor.Add(k.Within)
}

// addMonths adds n calendar months to t, keeping its local clock time and
// clamping the day to the last day of the target month.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, t.Location()).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}
