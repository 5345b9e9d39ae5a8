package apispec

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// deepHead is a head the line reader reads itself; the broken part of
// each case below comes after it.
const deepHead = "openapi: 3.0.3\ninfo:\n  title: T\n  version: 1.0.0\npaths:\n  /a:\n    get:\n      responses:\n"

// TestOpenAPIDeepSyntaxError holds the detector to reporting a YAML error
// anywhere in a document whose top-level keys the line reader reads: the
// line yaml.v3 names, and what it expected.
func TestOpenAPIDeepSyntaxError(t *testing.T) {
	cases := []struct {
		name, tail string
		line       int
		msg        string
	}{
		{"bad indentation", "        \"200\":\n          description: ok\n        content:\n      x: 1\n     y: 2\n", 13, "did not find expected key"},
		{"mapping in a plain scalar", "        \"200\":\n          description: ok: no\n", 10, "mapping values are not allowed"},
		{"unclosed flow", "        \"200\": {description: ok\ncomponents: {}\n", 9, "did not find expected ',' or '}'"},
		{"unclosed quote", "        \"200\":\n          description: \"ok\ncomponents: {}\n", 10, "found unexpected end of stream"},
		{"unknown escape", "        \"200\":\n          description: \"bad \\q\"\n", 10, "found unknown escape character"},
		{"deep in components", "        \"200\": {description: ok}\ncomponents:\n  schemas:\n    A:\n      type: object\n       properties: {}\n", 14, "mapping values are not allowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := deepHead + c.tail
			if _, ok := readHead([]byte(src)); !ok {
				t.Fatalf("the line reader does not read the head of %q: the case tests nothing", src)
			}
			var n yaml.Node
			if yaml.Unmarshal([]byte(src), &n) == nil {
				t.Fatalf("yaml.v3 parses %q: not a broken document", src)
			}
			sigs, err := detecttest.Detect(OpenAPI, "openapi.yaml", []byte(src))
			var pe *detect.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("no parse error (signals %+v, err %v)", sigs, err)
			}
			if pe.Line != c.line || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q at line %d, want line %d and %q", err, pe.Line, c.line, c.msg)
			}
		})
	}
}

// wellFormedSamples are documents the checker passes (true) or leaves to
// the full parse (false); every one of them parses.
var wellFormedSamples = []struct {
	src  string
	pass bool
}{
	{"a: 1\nb:\n  c: [x, \"y\", 'z']\n  d: {e: f, 'g': h, \"i\":j}\nl:\n- 1\n- k: v\n  m: n\n-   o: p\n    q: r\n", true},
	{"a: |\n  text: with colon\n\n    deeper # not a comment\nb: >-\n    folded\n    more\nc: 2\n", true},
	{"a:\n  - |\n    x\n  - y\nb: \"esc \\\" \\u00e9 \\n\" # c\n", true},
	{"a:\n  b: 1\n# c\n    # deeper comment\n  c: 2\n", true},
	{"a: x:y\nb: -1\nc: 'it''s'\nd: a #b\ne:\n", true},
	{"---\na: 1\n", true},
	{"a: [1,\n  2]\n", false},
	{"a: plain\n  continued\n   and - more\nb:\n  below\n  its key\nc:\n- x\n-\n  y\n", true},
	{"a: plain\n  continued # c\n", false},
	{"a: \"two\n  lines\"\n", false},
	{"a: &x 1\nb: *x\n", false},
	{"a: !!str 1\n", false},
	{"? a\n: b\n", false},
	{"a: |2\n    x\n", false},
	{"a: [1, 2,]\n", false},
	{"a: 1\n...\n", false},
	{"a: x\ty\n", false},
	{"a : 1\n", false},
}

func TestWellFormed(t *testing.T) {
	for _, c := range wellFormedSamples {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(c.src), &n); err != nil {
			t.Errorf("%q does not parse (%v): not a sample of a valid document", c.src, err)
		}
		if got := wellFormed([]byte(c.src)) == 0; got != c.pass {
			t.Errorf("wellFormed(%q) = %v, want %v", c.src, got, c.pass)
		}
	}
	// The fast path must keep serving the documents it exists for.
	if stop := wellFormed(largeSpec(1000)); stop != 0 {
		t.Errorf("wellFormed stops at line %d of largeSpec: the 1 MB document would be parsed whole", stop)
	}
}

// FuzzWellFormed holds the checker to yaml.v3: a document it passes
// parses.
func FuzzWellFormed(f *testing.F) {
	for _, c := range wellFormedSamples {
		f.Add(c.src)
	}
	for _, c := range headSamples {
		f.Add(c.src)
	}
	f.Add(deepHead + "        \"200\":\n          description: ok\n        content:\n      x: 1\n")
	f.Fuzz(func(t *testing.T, src string) {
		if wellFormed([]byte(src)) != 0 {
			return
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Errorf("wellFormed passes %q, yaml.v3 says %v", src, err)
		}
	})
}

// TestFastPathParses: whatever the fast path answers, the
// full parse answers the same and without error.
func TestFastPathParses(t *testing.T) {
	for _, c := range headSamples {
		h, ok := readHead([]byte(c.src))
		if !ok || wellFormed([]byte(c.src)) != 0 {
			continue
		}
		want, err := parseSpec("spec.yaml", []byte(c.src))
		if err != nil || !reflect.DeepEqual(h.signals(), want) {
			t.Errorf("%q: fast path %+v, full parse %+v %v", c.src, h.signals(), want, err)
		}
	}
}

// TestPrintable holds the eight-bytes-at-a-time check to libyaml's
// character set, byte by byte at every offset of a chunk.
func TestPrintable(t *testing.T) {
	for c := range 256 {
		for off := range 9 {
			b := []byte(strings.Repeat("a", off) + string([]byte{byte(c)}) + strings.Repeat("b", 12))
			b = append([]byte("x\n"), b...)
			var n yaml.Node
			yamlOK := yaml.Unmarshal([]byte("k: \""+string(b[2:])+"\""), &n) == nil || c == '"' || c == '\\' || c == '\n' || c == '\r'
			got := printable(b)
			if c == '\r' && got != 2 || c != '\r' && (got == 0) != yamlOK {
				t.Errorf("byte %#x at offset %d: printable = %d, yaml.v3 reads it: %v", c, off, got, yamlOK)
			}
		}
	}
	if printable([]byte("é ü – 日本 😀\n")) != 0 || printable([]byte("a\nb\n\xc3(")) != 3 || printable([]byte("a\nb\u2028")) != 2 || printable([]byte("a\u0085b")) != 1 {
		t.Error("printable on UTF-8")
	}
}
