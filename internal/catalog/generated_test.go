package catalog

import (
	"os"
	"reflect"
	"testing"
)

// regenerate says how to bring entries_gen.go in line with data/*.toml.
const regenerate = "entries_gen.go does not match data/*.toml: run `go generate ./internal/catalog/` and commit entries_gen.go"

// TestGeneratedMatchesTOML holds the built-in entries (entries_gen.go,
// which Default indexes) to what Load decodes from data/*.toml today.
func TestGeneratedMatchesTOML(t *testing.T) {
	fromTOML, err := Load(os.DirFS("."))
	if err != nil {
		t.Fatalf("data/*.toml: %v", err)
	}
	built := mustDefault(t)
	got, want := built.Entries(), fromTOML.Entries()
	if len(got) != len(want) {
		t.Fatalf("%s (%d technologies generated, %d in the TOML)", regenerate, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("%s (first difference: technology %d, %q generated, %q in the TOML)\ngenerated: %+v\nTOML:      %+v", regenerate, i, got[i].ID, want[i].ID, got[i], want[i])
		}
	}
	if !reflect.DeepEqual(built, fromTOML) {
		t.Fatalf("%s (the indexes differ)", regenerate)
	}
}
