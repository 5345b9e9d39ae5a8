package radar

import (
	"encoding/json"
	"strconv"
)

// zalandoEntry is one entry of a Zalando tech-radar config.json.
type zalandoEntry struct {
	Label    flexString `json:"label"`
	Quadrant *int       `json:"quadrant"`
	Ring     *int       `json:"ring"`
	Moved    int        `json:"moved"`
	Active   *bool      `json:"active"`
}

type zalandoNamed struct {
	Name flexString `json:"name"`
}

// parseZalando reads a Zalando tech-radar config: entries with label,
// quadrant and ring (indexes into the quadrants and rings arrays), moved
// (-1 out, 0, 1 in, 2 new) and active. Inactive entries (drawn grey: no
// longer on this edition) are left out. Without a rings array the rings
// are Zalando's defaults: ADOPT, TRIAL, ASSESS, HOLD.
func parseZalando(name string, doc *object) (*Radar, error) {
	r := &Radar{File: name, Format: FormatZalando}
	rings := []string{"ADOPT", "TRIAL", "ASSESS", "HOLD"}
	if els, ok := doc.arrays["rings"]; ok {
		rings = rings[:0:0]
		for _, el := range els {
			var n zalandoNamed
			if decodeLoose(el.raw, &n) != nil {
				r.problem(name, el.line, "a ring must be an object with a name")
				n.Name = ""
			}
			rings = append(rings, string(n.Name))
		}
	}
	var quadrants []string
	for _, el := range doc.arrays["quadrants"] {
		var n zalandoNamed
		_ = decodeLoose(el.raw, &n)
		quadrants = append(quadrants, string(n.Name))
	}
	for _, el := range doc.arrays["entries"] {
		var z zalandoEntry
		if err := json.Unmarshal(el.raw, &z); err != nil {
			r.problem(name, el.line, "expected an entry {\"label\", \"quadrant\", \"ring\", \"moved\", \"active\"} with numbers for quadrant, ring and moved")
			continue
		}
		if z.Active != nil && !*z.Active {
			continue
		}
		e := Entry{Name: string(z.Label), Moved: move(z.Moved), IsNew: z.Moved == 2, File: name, Line: el.line}
		if z.Quadrant != nil && *z.Quadrant >= 0 && *z.Quadrant < len(quadrants) {
			e.Quadrant = quadrants[*z.Quadrant]
		} else if z.Quadrant != nil {
			e.Quadrant = strconv.Itoa(*z.Quadrant)
		}
		switch {
		case z.Ring == nil:
			r.problem(name, el.line, "%s: no ring; expected \"ring\": an index into the rings array (0 to %d)", quoteName(e.Name), len(rings)-1)
		case *z.Ring < 0 || *z.Ring >= len(rings):
			r.problem(name, el.line, "%s: ring %d is not an index into the rings array (0 to %d)", quoteName(e.Name), *z.Ring, len(rings)-1)
		default:
			r.add(e, rings[*z.Ring])
		}
	}
	return r, nil
}

// move reads a radar's move: 1 in, -1 out; 2 (new) and anything else is
// not a move.
func move(n int) int {
	if n == 1 || n == -1 {
		return n
	}
	return 0
}
