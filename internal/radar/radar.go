// Package radar reads and writes technology-radar files, the form in which
// platform teams keep their standards: Thoughtworks "Build Your Own Radar"
// CSV and JSON, Zalando tech-radar config.json, AOE techradar Markdown
// (one file per entry, with front matter) and the Backstage Tech Radar
// JSON. Read picks the reader from the file's name and shape; every entry
// keeps the file and line it came from, so findings can cite it. Matcher
// ties entries to catalog technology ids; WriteBackstage and WriteCSV
// write a radar back, with the usage an audit measured.
//
// One file per format: byor.go (CSV and JSON), zalando.go, aoe.go,
// backstage.go. Nothing is fetched: a radar is a local file.
package radar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/stacklint/stacklint/internal/detect"
)

// The rings, from "use it" to "do not start new work with it".
const (
	Adopt  = "adopt"
	Trial  = "trial"
	Assess = "assess"
	Hold   = "hold"
)

// Rings lists the rings in radar order.
var Rings = []string{Adopt, Trial, Assess, Hold}

// Formats of radar files.
const (
	FormatBYORCSV   = "byor-csv"
	FormatBYORJSON  = "byor-json"
	FormatZalando   = "zalando"
	FormatAOE       = "aoe"
	FormatBackstage = "backstage"
)

// Limits on what Read takes in: a radar is a few hundred entries.
const (
	// MaxFileSize caps one radar file (8 MiB).
	MaxFileSize = 8 << 20
	// MaxFiles caps the Markdown files of an AOE radar folder.
	MaxFiles = 5000
	// MaxEntries caps the entries of one radar.
	MaxEntries = 20000
)

// Entry is one technology on the radar.
type Entry struct {
	// Name is the technology as the radar names it ("Apache Kafka").
	Name string
	// Ring is one of Rings.
	Ring string
	// Quadrant is the quadrant as written ("Platforms", "languages-and-frameworks").
	Quadrant string
	// IsNew is true when the radar marks the entry new (BYOR isNew, a
	// Zalando or Backstage move of 2, a first AOE release).
	IsNew bool
	// Moved is the move the radar records: 1 in (towards adopt), -1 out,
	// 0 none (Zalando, Backstage).
	Moved int
	// Description is the entry's text, as written.
	Description string
	// Tags are the AOE tags.
	Tags []string
	// File and Line locate the entry (Line is 1-based; for an AOE entry,
	// the line of its ring).
	File string
	Line int
}

// Radar is one radar read from a file or folder.
type Radar struct {
	// File is the radar as the caller cites it.
	File string
	// Format is one of the Format* constants.
	Format string
	// Entries are the well-formed entries, in file order.
	Entries []Entry
	// Problems are entries that could not be read (a ring that is not a
	// ring, no name): each names its file and line. They do not stop the
	// other entries.
	Problems []*detect.ParseError
}

func (r *Radar) problem(file string, line int, format string, args ...any) {
	r.Problems = append(r.Problems, &detect.ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// add appends an entry after checking its name and ring; ring is the raw
// value, normalised here.
func (r *Radar) add(e Entry, ring string) {
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" {
		r.problem(e.File, e.Line, "an entry without a name; expected a technology name")
		return
	}
	n, ok := NormalRing(ring)
	if !ok {
		r.problem(e.File, e.Line, "%s: ring %q is not one of adopt, trial, assess, hold", quoteName(e.Name), clip(ring))
		return
	}
	if len(r.Entries) >= MaxEntries {
		if len(r.Entries) == MaxEntries {
			r.problem(e.File, e.Line, "more than %d entries; the rest are ignored", MaxEntries)
		}
		return
	}
	e.Ring = n
	r.Entries = append(r.Entries, e)
}

// NormalRing turns a ring as radars write it ("ADOPT", " Hold ", and
// "use", Backstage's name for adopt) into one of Rings.
func NormalRing(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "use" {
		// Backstage's sample radar names its first ring USE.
		s = Adopt
	}
	for _, r := range Rings {
		if s == r {
			return r, true
		}
	}
	return "", false
}

// Read reads the radar at name in fsys (slash-separated, as for fs.FS): a
// file, whose format its extension and content decide, or a folder of AOE
// Markdown entries. cite is how name is shown in entries and problems ("":
// name). An error means nothing could be read (missing, unreadable, not a
// radar in any known format); problems with single entries are in
// Radar.Problems.
func Read(fsys fs.FS, name, cite string) (*Radar, error) {
	if cite == "" {
		cite = name
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("radar %s: %w", cite, unwrap(err))
	}
	if st.IsDir() {
		return readAOEFolder(fsys, name, cite)
	}
	data, err := readFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("radar %s: %w", cite, err)
	}
	return Parse(cite, data)
}

// Parse reads one radar file's content; name (its path, as cited) decides
// the format with the content: .csv is a BYOR CSV; .md a single AOE entry;
// .json (or any other name) a BYOR JSON array, a Backstage document (entries
// with a timeline) or a Zalando config (entries with a label).
func Parse(name string, data []byte) (*Radar, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, &detect.ParseError{File: name, Msg: "not UTF-8 text; expected a radar file (CSV, JSON or Markdown)"}
	}
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".csv":
		return parseBYORCSV(name, data)
	case ".md", ".markdown":
		r := &Radar{File: name, Format: FormatAOE}
		if e, ok := parseAOE(r, name, data); ok {
			r.add(e.Entry, e.ring)
		}
		return r, nil
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(trimmed) > 0 && trimmed[0] == '[':
		return parseBYORJSON(name, data)
	case len(trimmed) > 0 && trimmed[0] == '{':
		return parseJSONObject(name, data)
	case ext == ".json":
		return nil, &detect.ParseError{File: name, Line: 1, Msg: "expected a JSON array (BYOR) or object (Backstage, Zalando)"}
	}
	return nil, &detect.ParseError{File: name, Line: 1, Msg: "unknown radar format; expected a BYOR .csv or .json, a Zalando config.json, a Backstage tech-radar .json, or AOE Markdown (.md or a folder of them)"}
}

// parseJSONObject tells a Backstage document from a Zalando config by its
// entries: a timeline is Backstage's, a label Zalando's.
func parseJSONObject(name string, data []byte) (*Radar, error) {
	doc, err := scanObject(name, data)
	if err != nil {
		return nil, err
	}
	ents, ok := doc.arrays["entries"]
	if !ok {
		return nil, &detect.ParseError{File: name, Line: 1, Msg: "a JSON object without \"entries\"; expected a Backstage tech radar ({\"entries\": [{\"timeline\": …}]}) or a Zalando config ({\"entries\": [{\"label\": …}]})"}
	}
	for _, e := range ents {
		var probe struct {
			Timeline json.RawMessage `json:"timeline"`
			Label    json.RawMessage `json:"label"`
		}
		if decodeLoose(e.raw, &probe) != nil {
			continue
		}
		if probe.Timeline != nil {
			return parseBackstage(name, doc)
		}
		if probe.Label != nil {
			return parseZalando(name, doc)
		}
	}
	if len(ents) == 0 {
		return &Radar{File: name, Format: FormatBackstage}, nil
	}
	return nil, &detect.ParseError{File: name, Line: ents[0].line, Msg: "entries have neither \"timeline\" (Backstage) nor \"label\" (Zalando)"}
}

// readFile reads a regular file of at most MaxFileSize bytes.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, unwrap(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, unwrap(err)
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%d bytes, over the %d-byte limit of a radar file", st.Size(), MaxFileSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, unwrap(err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("over the %d-byte limit of a radar file", MaxFileSize)
	}
	return data, nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// clip shortens a value for a message (a radar is the organisation's own
// file, but a ring field may hold a paragraph).
func clip(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		return string(r[:40]) + "…"
	}
	return s
}

func quoteName(s string) string { return fmt.Sprintf("%q", clip(s)) }
