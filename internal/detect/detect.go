// Package detect defines what a detector is and runs detectors over a
// repository: one walk of an fs.FS, reading only the files some detector
// asked for, turning them into raw signals and diagnostics.
package detect

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/stacklint/stacklint/internal/stack"
)

// A Detector turns the files it asks for into raw facts. It knows formats,
// not meanings: which package means which framework is the catalog's job.
type Detector struct {
	// Name is a short unique identifier ("gomod", "dockerfile").
	Name string
	// Doc is one paragraph saying what the detector reads and emits. It feeds
	// `stacklint detectors` and the README.
	Doc string
	// Match reports, from the slash-separated path alone, whether the
	// detector wants the file. It must be cheap.
	Match func(path string) bool
	// Files, when set, indexes the detector by base name so the scanner
	// calls Match only for files that can match: exact names
	// ("package.json"), extensions ("*.csproj") and prefixes
	// ("requirements*", "Dockerfile*"), case-sensitive. It must cover every
	// base name Match accepts (a test in package detectors checks this).
	// Nil means Match is called for every file.
	Files []string
	// Manifest reports whether a matched file is a project manifest, whose
	// folder is then a component of the repository. Nil means never. A file
	// from which the detector emits no signal is not a manifest.
	Manifest func(path string) bool
	// KeepScope stops the scanner from marking this detector's signals
	// non-production by path: documents such as ADRs and scaling plans
	// live in docs/ by nature and still describe production.
	KeepScope bool
	// Detect parses one file. It returns the signals found; on malformed
	// input it returns what it could read plus an error, preferably a
	// *ParseError (or several joined with errors.Join) saying where and what
	// was expected. It must not panic on any input.
	Detect func(ctx context.Context, in *Input) ([]stack.Signal, error)
}

// Input is one file handed to a detector.
type Input struct {
	// Path is slash-separated and relative to the scanned root.
	Path string
	// Data is the file's content (at most the scanner's size cap). It is
	// valid only until Detect returns: the scanner reads the next file into
	// the same buffer (see maxPooledBuffer and bigBuffer), so a detector
	// keeps nothing of it but copies (strings, decoded values).
	Data []byte
	// Files reads other files of the same tree (for includes such as
	// `-r base.txt`), with the same size cap and root confinement. It
	// records what was read. It may be nil in tests.
	Files FileReader
	// Memo keeps what a detector works out from other files of the tree
	// for the rest of the scan (a package.json's verdict, needed again for
	// every tsconfig.json below it). It may be nil: Do then computes.
	Memo *Memo
}

// Memo holds values computed once per scan, by key, for every detector.
// It is safe for concurrent use; a value being computed is waited for.
type Memo struct {
	mu sync.Mutex
	m  map[string]*memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Do returns the value stored under key, computing it with f the first
// time. A nil Memo calls f every time. The value must depend only on the
// tree (two scans of one tree compute the same), so that caching it
// changes no result.
func (m *Memo) Do(key string, f func() any) any {
	if m == nil {
		return f()
	}
	m.mu.Lock()
	if m.m == nil {
		m.m = map[string]*memoEntry{}
	}
	e := m.m[key]
	if e == nil {
		e = &memoEntry{}
		m.m[key] = e
	}
	m.mu.Unlock()
	e.once.Do(func() { e.v = f() })
	return e.v
}

// FileReader reads a file of the scanned tree by slash-separated path
// relative to the root.
type FileReader interface {
	ReadFile(path string) ([]byte, error)
}

// ParseError is a problem in one file: where it is and what was expected.
type ParseError struct {
	// File is filled by the scanner when left empty.
	File string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
	// Msg says what was wrong and, where it helps, what was expected.
	Msg string
}

// Error renders file:line:col: msg.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errorf returns a *ParseError for the given line and column (0 when
// unknown); the scanner fills in the file.
func Errorf(line, col int, format string, args ...any) *ParseError {
	return &ParseError{Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// Validate checks a detector list: unique non-empty names, a Doc, a Match
// and a Detect on each.
func Validate(ds []Detector) error {
	seen := map[string]bool{}
	var errs []error
	for i, d := range ds {
		switch {
		case d.Name == "":
			errs = append(errs, fmt.Errorf("detector #%d has no name", i))
		case seen[d.Name]:
			errs = append(errs, fmt.Errorf("detector %q registered twice", d.Name))
		}
		seen[d.Name] = true
		if strings.TrimSpace(d.Doc) == "" {
			errs = append(errs, fmt.Errorf("detector %q has no Doc", d.Name))
		}
		if d.Match == nil || d.Detect == nil {
			errs = append(errs, fmt.Errorf("detector %q needs Match and Detect", d.Name))
		}
	}
	return errors.Join(errs...)
}

// diagnostics turns a detector error into diagnostics for file.
func diagnostics(detector, file string, err error) []stack.Diagnostic {
	if err == nil {
		return nil
	}
	var out []stack.Diagnostic
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var pe *ParseError
		if errors.As(e, &pe) {
			f := pe.File
			if f == "" {
				f = file
			}
			out = append(out, stack.Diagnostic{File: f, Line: pe.Line, Column: pe.Column, Detector: detector, Message: pe.Msg})
			return
		}
		out = append(out, stack.Diagnostic{File: file, Detector: detector, Message: e.Error()})
	}
	walk(err)
	return out
}
