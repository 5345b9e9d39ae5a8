package profile

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
)

// TestExampleProfiles checks that every profile under testdata/profiles parses.
func TestExampleProfiles(t *testing.T) {
	files, err := filepath.Glob("../../testdata/profiles/*.toml")
	if err != nil || len(files) < 4 {
		t.Fatalf("example profiles: %v %v", files, err)
	}
	for _, f := range files {
		p, err := Load(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if p.Project.Type == "" || !p.Declared() {
			t.Errorf("%s: no project type", f)
		}
	}
	if _, err := Load("testdata/does-not-exist.toml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
