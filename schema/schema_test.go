package schema

import (
	"os"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// TestSchemasAreCurrent regenerates the schemas and compares them with the
// files (-update rewrites them).
func TestSchemasAreCurrent(t *testing.T) {
	got, err := Generate("..", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range got {
		detecttest.GoldenBytes(t, name, b)
	}
	entries, _ := os.ReadDir(".")
	for _, e := range entries {
		if n := e.Name(); len(n) > 12 && n[len(n)-12:] == ".schema.json" && got[n] == nil {
			t.Errorf("%s is not generated any more: delete it", n)
		}
	}
}
