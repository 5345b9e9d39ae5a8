package rust

import (
	"context"
	"errors"
	"io/fs"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// files is a FileReader over a set of paths.
type files map[string]bool

func (f files) ReadFile(p string) ([]byte, error) {
	if f[p] {
		return []byte("fn main() {}\n"), nil
	}
	return nil, errors.Join(fs.ErrNotExist)
}

func TestLibraryCrate(t *testing.T) {
	const pkg = "[package]\nname = \"x\"\nversion = \"0.1.0\"\n"
	for _, tc := range []struct {
		name  string
		in    string
		files files
		lib   bool
	}{
		{"a [lib] table", pkg + "[lib]\npath = \"src/lib.rs\"\n", nil, true},
		{"src/lib.rs alone", pkg, files{"crates/x/src/lib.rs": true}, true},
		{"src/main.rs: a binary", pkg, files{"crates/x/src/main.rs": true, "crates/x/src/lib.rs": true}, false},
		{"[lib] and [[bin]]", pkg + "[lib]\n[[bin]]\nname = \"x\"\n", nil, false},
		{"nothing known", pkg, files{}, false},
		{"a workspace root", "[workspace]\nmembers = [\"a\"]\n", files{"crates/x/src/lib.rs": true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := &detect.Input{Path: "crates/x/Cargo.toml", Data: []byte(tc.in)}
			if tc.files != nil {
				in.Files = tc.files
			}
			sigs, err := detectCargo(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			lib := false
			for _, s := range sigs {
				if s.Kind == stack.KindFact && s.Name == stack.FactEntryPoint {
					lib = s.Attr("kind") == stack.EntryLibrary
				}
			}
			if lib != tc.lib {
				t.Errorf("library = %v, want %v", lib, tc.lib)
			}
		})
	}
}
