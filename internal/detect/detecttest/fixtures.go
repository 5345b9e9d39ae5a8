package detecttest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// ScanResult is the JSON shape GoldenFixtures writes: a scan's signals,
// manifests and diagnostics (not the files read).
type ScanResult struct {
	Signals     []stack.Signal     `json:"signals"`
	Manifests   map[string]string  `json:"manifests"`
	Diagnostics []stack.Diagnostic `json:"diagnostics"`
}

// GoldenFixtures scans every testdata/*.txtar of the test's package with
// dets, one subtest per archive, and compares the ScanResult with the
// archive's testdata/<name>.golden.json (rewritten with -update). It fails
// when there is no archive.
func GoldenFixtures(t *testing.T, dets ...detect.Detector) {
	t.Helper()
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := Scan(t, LoadFS(t, f), dets...)
			Golden(t, strings.TrimSuffix(f, ".txtar")+".golden.json", ScanResult{res.Signals, res.Manifests, res.Diagnostics})
		})
	}
}
