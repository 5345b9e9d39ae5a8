//go:build unix

package detectors

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/source"
)

// TestNamedPipesAreNotRead: a named pipe where a detector reads a file —
// matched by name or read as a sibling (.ruby-version from a Gemfile,
// tsconfig.json, values.yaml, the Maven wrapper properties, Gemfile.lock)
// — blocked the scan for ever. It is skipped with a diagnostic naming it.
func TestNamedPipesAreNotRead(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Gemfile":          "source 'https://rubygems.org'\ngem 'rails', '7.1.0'\n",
		"web/package.json": `{"dependencies": {"typescript": "5.4.0", "express": "4.19.0"}}`,
		"chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
		"java/pom.xml":     "<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>y</artifactId></project>\n",
		"java/mvnw":        "#!/bin/sh\n",
		"go/go.mod":        "module x\n\ngo 1.22\n",
	}
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pipes := []string{".ruby-version", "Gemfile.lock", "web/tsconfig.json", "chart/values.yaml",
		"java/.mvn/wrapper/maven-wrapper.properties", "go/Dockerfile"}
	for _, p := range pipes {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(full, 0o644); err != nil {
			t.Skipf("cannot make a named pipe here: %v", err)
		}
	}
	fsys, err := source.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *detect.Result, 1)
	go func() {
		res, err := detect.Scan(context.Background(), fsys, All(), detect.Options{})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	var res *detect.Result
	select {
	case res = <-done:
	case <-time.After(time.Minute):
		t.Fatal("the scan blocks on a named pipe")
	}
	if res == nil {
		return
	}
	for _, p := range pipes {
		found := false
		for _, d := range res.Diagnostics {
			if d.File == p && strings.Contains(d.Message, "named pipe") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no diagnostic saying the named pipe was not read; got %v", p, res.Diagnostics)
		}
	}
	if len(res.Signals) == 0 {
		t.Error("the regular files gave no signal")
	}
}
