// Package detecttest helps test detectors: txtar archives as in-memory file
// systems, scans over them, and golden-file comparison with an -update flag.
package detecttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Update is set by `go test ... -update`: golden files are rewritten
// instead of compared. Review the diff before committing.
var Update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// FS turns txtar archive data into an in-memory file system.
func FS(archive []byte) fstest.MapFS {
	a := txtar.Parse(archive)
	m := fstest.MapFS{}
	for _, f := range a.Files {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}

// LoadFS reads a txtar file from disk into an in-memory file system.
func LoadFS(t testing.TB, file string) fstest.MapFS {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return FS(b)
}

// Scan runs the detectors over fsys with default options.
func Scan(t testing.TB, fsys fstest.MapFS, dets ...detect.Detector) *detect.Result {
	t.Helper()
	res, err := detect.Scan(context.Background(), fsys, dets, detect.Options{Workers: 1})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return res
}

// Detect runs one detector on one file's content directly, as the scanner
// would, and returns its signals and error. Useful in table tests.
func Detect(d detect.Detector, path string, data []byte) ([]stack.Signal, error) {
	return d.Detect(context.Background(), &detect.Input{Path: path, Data: data, Files: nil})
}

// Golden compares got, rendered as indented JSON, with the file want
// (relative to the test's package folder). With -update it writes the file.
func Golden(t testing.TB, want string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	GoldenBytes(t, want, b)
}

// GoldenBytes compares got with the file want; with -update it writes it.
func GoldenBytes(t testing.TB, want string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(want, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	w, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(w, got) {
		t.Errorf("%s differs from the output (run with -update and review the diff):\n%s", want, lineDiff(string(w), string(got)))
	}
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	wl := bytes.Split([]byte(want), []byte("\n"))
	gl := bytes.Split([]byte(got), []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			out.WriteString("line ")
			out.WriteString(itoa(i + 1))
			out.WriteString(":\n  want: ")
			out.Write(w)
			out.WriteString("\n  got:  ")
			out.Write(g)
			out.WriteString("\n")
			shown++
			if shown >= 10 {
				out.WriteString("  ...\n")
				break
			}
		}
	}
	return out.String()
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// ParseErrors fails the test unless err is nil or every error in it
// (errors.Join trees included) is a *detect.ParseError with a message: what
// every detector promises for malformed input. Fuzz targets call it.
func ParseErrors(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var pe *detect.ParseError
		if !errors.As(e, &pe) || strings.TrimSpace(pe.Msg) == "" {
			t.Fatalf("error %v (%T) is not a ParseError with a message", e, e)
		}
	}
}

// WellFormed fails the test unless err passes ParseErrors and every signal
// has a kind and a name: the invariants fuzz targets check on any input.
func WellFormed(t testing.TB, sigs []stack.Signal, err error) {
	t.Helper()
	ParseErrors(t, err)
	for _, s := range sigs {
		if s.Kind == "" || s.Name == "" {
			t.Fatalf("signal without kind or name: %+v", s)
		}
	}
}
