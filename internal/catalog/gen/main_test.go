package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/catalog"
)

// TestGeneratedFileIsCurrent fails when entries_gen.go is not what the
// generator writes from today's data/*.toml.
func TestGeneratedFileIsCurrent(t *testing.T) {
	want, err := Generate("..")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", Output))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("internal/catalog/%s is stale: run `go generate ./internal/catalog/` and commit it", Output)
	}
}

func TestSource(t *testing.T) {
	src, err := Source([]catalog.Entry{{ID: "x", Name: "X", Implies: []string{}, TalentShare: 3, EOL: []catalog.Cycle{{Cycle: "1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`ID:          "x"`, `Implies:     []string{}`, `TalentShare: 3.0`, `EOL: []Cycle{`, `Cycle: "1"`} {
		if !strings.Contains(string(src), want) {
			t.Errorf("missing %q in:\n%s", want, src)
		}
	}
	if strings.Contains(string(src), "time.Date") || strings.Contains(string(src), `import "time"`) {
		t.Errorf("no dates, no time import:\n%s", src)
	}
}
