package radar

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// check holds a parse to its contract: an error or a radar, every entry
// named, on a ring and located in the file.
func check(t *testing.T, name string, data []byte, r *Radar, err error) {
	if err != nil {
		if r != nil {
			t.Fatalf("both a radar and an error: %v", err)
		}
		return
	}
	lines := strings.Count(string(data), "\n") + 1
	for _, e := range r.Entries {
		if _, ok := NormalRing(e.Ring); !ok || strings.TrimSpace(e.Name) == "" {
			t.Fatalf("bad entry %+v", e)
		}
		if e.File != name || e.Line < 1 || e.Line > lines {
			t.Fatalf("entry %q at %s:%d; the file has %d lines", e.Name, e.File, e.Line, lines)
		}
	}
	for _, p := range r.Problems {
		if p.File != name || p.Line > lines {
			t.Fatalf("problem at %s:%d; the file has %d lines", p.File, p.Line, lines)
		}
	}
}

func seed(f *testing.F, files ...string) {
	for _, n := range files {
		b, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzBYORCSV(f *testing.F) {
	seed(f, "byor.csv")
	f.Add([]byte("name,ring\n\"a\"\"b\",adopt\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("r.csv", data)
		check(t, "r.csv", data, r, err)
	})
}

func FuzzJSON(f *testing.F) {
	seed(f, "byor.json", "zalando-config.json", "backstage.json")
	f.Add([]byte(`{"entries": [{"label": "x", "ring": 0}], "rings": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("r.json", data)
		check(t, "r.json", data, r, err)
	})
}

func FuzzAOE(f *testing.F) {
	seed(f, "aoe/2024-01-15/mongodb.md", "aoe/2025-06-01/typescript.md", "aoe/2025-06-01/broken.md")
	f.Add([]byte("---\n&a [*a]\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("go.md", data)
		check(t, "go.md", data, r, err)
		// The same file in a release folder beside another release.
		fsys := fstest.MapFS{"r/1/go.md": {Data: []byte("---\ntitle: Go\nring: trial\n---\n")}, "r/2/go.md": {Data: data}}
		if r, err := Read(fsys, "r", ""); err == nil {
			for _, e := range r.Entries {
				if e.Line < 1 || !strings.HasPrefix(e.File, "r/") {
					t.Fatalf("entry %+v not located", e)
				}
			}
		}
	})
}
