package node

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

var all = []detect.Detector{PackageJSON, VersionFile, Lockfile, Config, PnpmWorkspace}

// scanResult is what the golden files hold.
type scanResult struct {
	Signals     []stack.Signal     `json:"signals"`
	Manifests   map[string]string  `json:"manifests"`
	Diagnostics []stack.Diagnostic `json:"diagnostics"`
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := detecttest.Scan(t, detecttest.LoadFS(t, f), all...)
			detecttest.Golden(t, strings.TrimSuffix(f, ".txtar")+".golden.json", scanResult{res.Signals, res.Manifests, res.Diagnostics})
		})
	}
}
