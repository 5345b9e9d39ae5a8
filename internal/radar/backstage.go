package radar

import (
	"encoding/json"
	"time"
)

// backstageEntry is one entry of a Backstage Tech Radar document.
type backstageEntry struct {
	ID          flexString `json:"id"`
	Key         flexString `json:"key"`
	Title       flexString `json:"title"`
	Quadrant    flexString `json:"quadrant"`
	Description flexString `json:"description"`
	Timeline    []struct {
		RingID      flexString `json:"ringId"`
		Date        flexString `json:"date"`
		Moved       int        `json:"moved"`
		Description flexString `json:"description"`
	} `json:"timeline"`
}

type backstageNamed struct {
	ID   flexString `json:"id"`
	Name flexString `json:"name"`
}

// parseBackstage reads a Backstage Tech Radar document: rings and
// quadrants with ids, entries whose timeline records ring moves. The
// latest timeline entry (by date; the first among equal or missing
// dates) gives the ring. A ring id is read through the rings array: a
// ring named ADOPT with id "a1" counts as adopt.
func parseBackstage(name string, doc *object) (*Radar, error) {
	r := &Radar{File: name, Format: FormatBackstage}
	ringName := map[string]string{}
	for _, el := range doc.arrays["rings"] {
		var n backstageNamed
		if decodeLoose(el.raw, &n) != nil {
			r.problem(name, el.line, "a ring must be an object with an id and a name")
			continue
		}
		ringName[string(n.ID)] = string(n.Name)
	}
	quadName := map[string]string{}
	for _, el := range doc.arrays["quadrants"] {
		var n backstageNamed
		if decodeLoose(el.raw, &n) == nil {
			quadName[string(n.ID)] = string(n.Name)
		}
	}
	for _, el := range doc.arrays["entries"] {
		var b backstageEntry
		if err := json.Unmarshal(el.raw, &b); err != nil {
			r.problem(name, el.line, "expected an entry {\"id\", \"title\", \"quadrant\", \"timeline\": [{\"ringId\", \"date\"}]}")
			continue
		}
		title := string(b.Title)
		if title == "" {
			title = string(b.ID)
		}
		if title == "" {
			title = string(b.Key)
		}
		if len(b.Timeline) == 0 {
			r.problem(name, el.line, "%s: an empty timeline; expected at least one {\"ringId\", \"date\"}", quoteName(title))
			continue
		}
		latest, latestAt := 0, parseDate(string(b.Timeline[0].Date))
		for i, t := range b.Timeline[1:] {
			if at := parseDate(string(t.Date)); at.After(latestAt) {
				latest, latestAt = i+1, at
			}
		}
		t := b.Timeline[latest]
		e := Entry{Name: title, Quadrant: string(b.Quadrant), Moved: move(t.Moved), IsNew: len(b.Timeline) == 1 && t.Moved == 2,
			Description: string(b.Description), File: name, Line: el.line}
		if q, ok := quadName[e.Quadrant]; ok && q != "" {
			e.Quadrant = q
		}
		ring := string(t.RingID)
		if _, ok := NormalRing(ring); !ok {
			if n, ok := ringName[ring]; ok {
				ring = n
			}
		}
		r.add(e, ring)
	}
	return r, nil
}

// parseDate reads an ISO date or date-time; the zero time when it is neither.
func parseDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly, "2006-01-02T15:04:05", time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
