package radar

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
)

// byorColumns are the columns of a Thoughtworks Build Your Own Radar sheet.
var byorColumns = []string{"name", "ring", "quadrant", "isNew", "description"}

// parseBYORCSV reads a BYOR CSV: a header row naming name, ring, quadrant,
// isNew and description (any order, any case; other columns ignored),
// then one entry a row.
func parseBYORCSV(name string, data []byte) (*Radar, error) {
	r := &Radar{File: name, Format: FormatBYORCSV}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &detect.ParseError{File: name, Line: 1, Msg: "empty file; expected a header row: name,ring,quadrant,isNew,description"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	var missing []string
	for _, c := range []string{"name", "ring"} {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &detect.ParseError{File: name, Line: 1, Msg: fmt.Sprintf("the header row has no %s column; expected a header row: %s", strings.Join(missing, " or "), strings.Join(byorColumns, ","))}
	}
	get := func(rec []string, c string) string {
		if i, ok := col[strings.ToLower(c)]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, csv.ErrFieldCount) {
				// A broken quote swallows the rest: report it and stop.
				r.Problems = append(r.Problems, csvError(name, err).(*detect.ParseError))
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		e := Entry{Name: get(rec, "name"), Quadrant: get(rec, "quadrant"), IsNew: truthy(get(rec, "isNew")),
			Description: get(rec, "description"), File: name, Line: line}
		r.add(e, get(rec, "ring"))
	}
	return r, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &detect.ParseError{File: name, Line: pe.Line, Column: pe.Column, Msg: "CSV: " + pe.Err.Error() + "; expected rows of name,ring,quadrant,isNew,description"}
	}
	return &detect.ParseError{File: name, Msg: "CSV: " + err.Error()}
}

// byorEntry is one element of a BYOR JSON array.
type byorEntry struct {
	Name        flexString `json:"name"`
	Ring        flexString `json:"ring"`
	Quadrant    flexString `json:"quadrant"`
	IsNew       flexString `json:"isNew"`
	Description flexString `json:"description"`
}

// parseBYORJSON reads a BYOR JSON array of {name, ring, quadrant, isNew,
// description}.
func parseBYORJSON(name string, data []byte) (*Radar, error) {
	const what = "objects with name, ring, quadrant, isNew and description"
	els, err := scanArray(name, data, what)
	if err != nil {
		return nil, err
	}
	r := &Radar{File: name, Format: FormatBYORJSON}
	for _, el := range els {
		var b byorEntry
		if err := decodeLoose(el.raw, &b); err != nil {
			r.problem(name, el.line, "expected an object with name, ring, quadrant, isNew and description")
			continue
		}
		r.add(Entry{Name: string(b.Name), Quadrant: strings.TrimSpace(string(b.Quadrant)), IsNew: truthy(string(b.IsNew)),
			Description: string(b.Description), File: name, Line: el.line}, string(b.Ring))
	}
	return r, nil
}
