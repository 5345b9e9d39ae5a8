package dotenv

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/detectors/internal/envname"
	"github.com/stacklint/stacklint/internal/detect"
)

func TestParse(t *testing.T) {
	src := "A=1\nexport B='two words' # c\nC=\"multi\nline\"\nD=plain # comment\n=nokey\nnot a pair\nE=\"unterminated-fake-value\n"
	got, err := Parse([]byte(src), true)
	var lines []string
	for _, e := range got {
		lines = append(lines, fmt.Sprintf("%s@%d=%s", e.Key, e.Line, e.Value))
	}
	if s := strings.Join(lines, "|"); s != "A@1=1|B@2=two words|C@3=multi\nline|D@5=plain|E@8=unterminated-fake-value\n" {
		t.Errorf("entries %q", s)
	}
	if !got[len(got)-1].Unterminated || got[0].Unterminated {
		t.Errorf("Unterminated: %+v", got)
	}
	if err == nil {
		t.Fatal("want errors for malformed lines")
	}
	if strings.Contains(err.Error(), "fake-value") || strings.Contains(err.Error(), "nokey") || strings.Contains(err.Error(), "not a pair") {
		t.Errorf("error messages must not quote the file: %v", err)
	}
	// "not a pair" (line 7) is not an assignment: no error.
	if lns := errLines(err); len(lns) != 2 || lns[0] != 6 || lns[1] != 8 {
		t.Errorf("error lines %v", lns)
	}
	// Without strict (a name that is not clearly a dotenv file) nothing is an error.
	if _, err := Parse([]byte(src), false); err != nil {
		t.Errorf("lenient parse: %v", err)
	}

	for _, c := range []struct {
		src   string
		lines []int
	}{
		{"Run the app with PORT=3000\nSee: the docs\n", nil}, // prose
		{"diff --git a/.env b/.env\n@@ -1,2 +1,2 @@\n", nil}, // diff headers: no assignment
		{"-OLD=1\n+NEW=2\n", []int{1, 2}},                    // broken names in a real .env
		{"1ABC=x\nA B=1\n'KEY'=v\n", []int{1, 3}},            // invalid names; "A B" is not an assignment
		{"K: v\nhttp://example.com\n", nil},                  // YAML style and a URL
		{"X='open\nY=1\n", []int{1}},                         // unterminated single quote
	} {
		_, err := Parse([]byte(c.src), true)
		if lns := errLines(err); fmt.Sprint(lns) != fmt.Sprint(c.lines) {
			t.Errorf("%q: error lines %v, want %v (%v)", c.src, lns, c.lines, err)
		}
	}
}

func TestParseValues(t *testing.T) {
	for _, c := range []struct{ src, key, value string }{
		{"export K=v", "K", "v"},
		{"K = v # note", "K", "v"},
		{"K=a#b", "K", "a#b"},
		{`K="a \" b"`, "K", `a \" b`},
		{"K=`x y`", "K", "x y"},
		{"K: v", "K", "v"},
		{"K=v\r", "K", "v"},
		{"app.name=x", "app.name", "x"},
		{"K=", "K", ""},
	} {
		es, _ := Parse([]byte(c.src), false)
		if len(es) != 1 || es[0].Key != c.key || es[0].Value != c.value {
			t.Errorf("Parse(%q) = %+v, want %s=%q", c.src, es, c.key, c.value)
		}
	}
}

func TestIsName(t *testing.T) {
	for _, c := range []struct {
		path string
		want bool
	}{
		{".env", true}, {"app/.env.production", true}, {".env.local", true}, {".env.example", true},
		{".env.production.local", true}, {".env.patch", false}, {".env.bak", false}, {".env~", false},
		{".env.gpg", false}, {".env.md", false}, {".env.json", false}, {".envrc", false}, {"env", false}, {".env.", false},
	} {
		if got := IsName(c.path); got != c.want {
			t.Errorf("IsName(%q) = %v, want %v", c.path, got, c.want)
		}
	}
	if parts, ok := Suffix("x/.env.Production.local"); !ok || fmt.Sprint(parts) != "[production local]" {
		t.Errorf("Suffix = %v, %v", parts, ok)
	}
}

func errLines(err error) []int {
	if err == nil {
		return nil
	}
	var lns []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *detect.ParseError
		if errors.As(e, &pe) {
			lns = append(lns, pe.Line)
		}
	}
	return lns
}

// FuzzParse: any file parses without panicking, entries have valid keys
// and lines in the file, and no error quotes a value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"A=1\n", "export B='x'", "C=\"a\nb\"", "=x", "K: v", "X='open\n", "`", "A=\"\\", "\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := Parse(data, true)
		n := strings.Count(string(data), "\n") + 1
		for _, e := range es {
			if !ValidKey(e.Key) || e.Line < 1 || e.Line > n {
				t.Fatalf("bad entry %+v", e)
			}
			if err != nil && len(e.Value) > 3 && strings.Contains(err.Error(), e.Value) {
				t.Fatalf("error %q quotes a value %q", err, e.Value)
			}
		}
	})
}

func TestNames(t *testing.T) {
	for p, want := range map[string][2]bool{ // dev-only, template
		".env": {false, false}, ".env.production": {false, false}, "app/.env.prod": {false, false},
		".env.development": {true, false}, ".env.dev": {true, false}, ".env.test": {true, false}, ".env.testing": {true, false},
		".env.local": {true, false}, ".env.ci": {true, false}, ".env.ci-2": {true, false}, ".env.e2e": {true, false}, ".env.dusk.local": {true, false},
		".env.production.local": {false, false}, ".env.local.production": {false, false},
		".env.example": {false, true}, ".env.sample": {false, true}, ".env.dist": {false, true}, ".env.template": {false, true},
		".env.test.example": {true, true}, ".env.local.sample": {true, true}, ".env.production.example": {false, true}, ".env.ci-template": {true, true},
		"test.env": {true, false}, "postgres.env": {false, false}, "env/mysql_test.env": {true, false},
		".env.staging": {false, false}, ".envrc": {false, false}, "x.env.bak": {false, false}, ".env.Development": {true, false},
	} {
		if got := [2]bool{DevOnly(p), Template(p)}; got != want {
			t.Errorf("%s: DevOnly, Template = %v, want %v", p, got, want)
		}
	}
	doc := NamesDoc()
	for _, part := range append(append(append([]string{}, envname.DevParts...), envname.ProdParts...), TemplateParts...) {
		if !strings.Contains(doc, "`"+part+"`") {
			t.Errorf("NamesDoc does not list %q", part)
		}
	}
}
