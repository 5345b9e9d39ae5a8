package nesting

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
)

func deep(open, close string, n int) string {
	return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
}

func TestCheck(t *testing.T) {
	type tc struct {
		name string
		syn  Syntax
		src  string
		line int // 0: accepted
		col  int
	}
	var cases []tc
	for _, s := range []Syntax{JSON, TOML, HCL, YAML} {
		lim := s.Limit()
		prefix := map[Syntax]string{JSON: "", TOML: "x = ", HCL: "x = ", YAML: "x: "}[s]
		cases = append(cases,
			tc{s.String() + " at the limit", s, prefix + deep("[", "]", lim), 0, 0},
			tc{s.String() + " one over", s, prefix + deep("[", "]", lim+1), 1, len(prefix) + lim + 1},
			tc{s.String() + " far over, line 2", s, "\n" + prefix + deep("[", "]", farOver(s)), 2, len(prefix) + lim + 1},
		)
	}
	lim := XML.Limit()
	cases = append(cases,
		tc{"XML at the limit", XML, strings.Repeat("<a x='>'>", lim) + strings.Repeat("</a>", lim), 0, 0},
		tc{"XML one over", XML, "<?xml version='1.0'?>\n" + strings.Repeat("<a>", lim+1), 2, 3*lim + 1},
		tc{"XML empty elements do not nest", XML, "<r>" + strings.Repeat("<a/><b x=\"/>\"/>", 1000) + "</r>", 0, 0},
		tc{"XML comments, CDATA, doctype", XML, "<!DOCTYPE r [<!ENTITY e '<a>'>]><r><!--" + strings.Repeat("<a>", 1000) + "--><![CDATA[" + strings.Repeat("<a>", 1000) + "]]></r>", 0, 0},

		// Brackets in strings and comments do not count.
		tc{"JSON string", JSON, `{"a": "` + strings.Repeat("[", 1000) + `\"` + `"}`, 0, 0},
		tc{"JSONC comments", JSON, "// " + strings.Repeat("[", 1000) + "\n/* " + strings.Repeat("{", 1000) + " */ {}", 0, 0},
		tc{"TOML strings", TOML, "a = \"" + strings.Repeat("[", 1000) + "\"\nb = '''\n" + strings.Repeat("{", 1000) + "'''\nc = \"\"\"\\\"\"\"" + strings.Repeat("[", 10) + "\"\"\"", 0, 0},
		tc{"TOML dotted key", TOML, "[t]\n" + strings.Repeat("x.", 40) + "y = 1", 2, 2 * 32},
		tc{"TOML dotted header", TOML, "[" + strings.Repeat("x.", 40) + "y]", 1, 2*31 + 1},
		tc{"TOML dotted inline key", TOML, "a = {" + strings.Repeat("x.", 40) + "y = 1}", 1, 7 + 2*30},
		tc{"TOML dots in values and strings", TOML, "a = [" + strings.Repeat("1.5, ", 100) + "]\n\"" + strings.Repeat("x.", 40) + "\" = 1\nb = 1.5 # " + strings.Repeat(".", 40), 0, 0},
		tc{"TOML comment", TOML, "# " + strings.Repeat("[", 1000) + "\n[t]", 0, 0},
		tc{"HCL strings, comments, heredoc", HCL, "a = \"" + strings.Repeat("[", 1000) + "\"\n# " + strings.Repeat("[", 1000) +
			"\n// " + strings.Repeat("(", 1000) + "\n/* " + strings.Repeat("{", 1000) + " */\nb = <<-EOT\n" + strings.Repeat("[", 1000) + "\n  EOT\nc = 1", 0, 0},
		tc{"YAML quoted and plain", YAML, "a: '" + strings.Repeat("[", 1000) + "'\nb: \"" + strings.Repeat("{", 1000) + "\"\nc: x" + strings.Repeat("[", 1000) + "\nd: it's [fine]", 0, 0},
		tc{"YAML block scalar", YAML, "a: |\n  " + strings.Repeat("[", 1000) + "\n  \"\nb: [1]", 0, 0},
		tc{"YAML comment", YAML, "a: 1 # " + strings.Repeat("[", 1000), 0, 0},

		// Closers and quotes in strings cannot hide nesting.
		tc{"JSON closers in strings", JSON, strings.Repeat(`["]]",`, 300), 1, 256*6 + 1},
		tc{"HCL nesting inside interpolation", HCL, `x = "${` + strings.Repeat("[", 200) + "1" + strings.Repeat("]", 200) + `}"`, 1, 7 + 127},
		tc{"HCL nested interpolations", HCL, "x = " + deep(`"${`, `}"`, 100), 1, 4 + 3*64 + 1},
		tc{"HCL interpolation in heredoc", HCL, "x = <<EOT\n${" + strings.Repeat("(", 200) + "\nEOT\n", 2, 3 + 126},
		tc{"YAML flow after block scalar", YAML, "a: >\n  text\nb: " + deep("{a: ", "}", 300), 3, 3 + 4*256 + 1},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Check([]byte(c.src), c.syn)
			if c.line == 0 {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			var pe *detect.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a ParseError at %d:%d", err, c.line, c.col)
			}
			if pe.Line != c.line || pe.Column != c.col {
				t.Errorf("at %d:%d, want %d:%d: %v", pe.Line, pe.Column, c.line, c.col, pe)
			}
			if want := "nested deeper than"; !strings.Contains(pe.Msg, want) || !strings.Contains(pe.Msg, c.syn.String()) {
				t.Errorf("message %q lacks %q", pe.Msg, want)
			}
		})
	}
}

// farOver is how many levels a "far over the limit" case nests: 70,000
// (which overflowed the HCL parser's stack), or as many as fit in the
// syntax's size limit.
func farOver(s Syntax) int {
	if m := s.MaxSize(); m > 0 {
		return min(70000, (m-16)/2)
	}
	return 70000
}

// TestCheckSize holds TOML and HCL to their size limits: a document of
// exactly MaxSize bytes is scanned, one byte more is refused before the
// scan with both sizes given exactly, and the other syntaxes have none.
func TestCheckSize(t *testing.T) {
	flat := func(n int) []byte {
		b := bytes.Repeat([]byte("a = 1\n"), n/6+1)
		return b[:n]
	}
	for _, s := range []Syntax{TOML, HCL} {
		m := s.MaxSize()
		if m < 64<<10 {
			t.Fatalf("%s: MaxSize %d is below what real manifests need", s, m)
		}
		if err := Check(flat(m), s); err != nil {
			t.Errorf("%s of exactly %d bytes: %v", s, m, err)
		}
		err := Check(flat(m+1), s)
		var pe *detect.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%s of %d bytes: got %v, want a ParseError", s, m+1, err)
		}
		for _, want := range []string{detect.Thousands(int64(m+1)) + " bytes", detect.Thousands(int64(m)) + " bytes", s.String()} {
			if !strings.Contains(pe.Msg, want) {
				t.Errorf("%s: message %q lacks %q", s, pe.Msg, want)
			}
		}
	}
	for _, s := range []Syntax{JSON, YAML, XML} {
		if s.MaxSize() != 0 {
			t.Errorf("%s: MaxSize %d, want none (its parser costs little per byte)", s, s.MaxSize())
		}
		if err := Check(bytes.Repeat([]byte(" "), 4<<20), s); err != nil {
			t.Errorf("%s: 4 MiB of blanks refused: %v", s, err)
		}
	}
}

// jsonDepth is the nesting encoding/json sees in valid JSON.
func jsonDepth(data []byte) (int, bool) {
	if !json.Valid(data) {
		return 0, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	depth, deepest := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return deepest, errors.Is(err, io.EOF)
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
			deepest = max(deepest, depth)
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
}

// xmlDepth is the element nesting encoding/xml sees in well-formed XML.
func xmlDepth(data []byte) (int, bool) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth, deepest := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return deepest, errors.Is(err, io.EOF)
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			deepest = max(deepest, depth)
		case xml.EndElement:
			depth--
		}
	}
}

// FuzzCheck holds Check to never panic and, for JSON and XML whose real
// depth the standard library measures, never to accept a document nested
// deeper than the limit. Seeds sit at and just past the limits.
func FuzzCheck(f *testing.F) {
	for _, s := range []Syntax{JSON, TOML, HCL, YAML, XML} {
		lim := s.Limit()
		for _, n := range []int{lim, lim + 1} {
			f.Add(uint8(s), deep("[", "]", n))
			f.Add(uint8(s), deep("{\"a\":", "}", n))
			f.Add(uint8(s), deep("<a>", "</a>", n))
			f.Add(uint8(s), "x = "+deep(`"${`, `}"`, n))
		}
	}
	f.Add(uint8(JSON), `["]]",[["\"]]"]]]`)
	f.Add(uint8(XML), `<a b="/>"><!--<c>--><![CDATA[<d>]]><e/></a>`)
	f.Add(uint8(YAML), "a: |\n  [[\nb: [[1]]\nc: 'it''s [' \n")
	f.Add(uint8(HCL), "a = <<EOT\n${[\"]\"]}\nEOT\n")
	f.Fuzz(func(t *testing.T, syn uint8, src string) {
		s := Syntax(syn % 5)
		data := []byte(src)
		err := Check(data, s)
		var depth int
		var ok bool
		switch s {
		case JSON:
			depth, ok = jsonDepth(data)
		case XML:
			depth, ok = xmlDepth(data)
		}
		if ok && err == nil && depth > s.Limit() {
			t.Errorf("%s nested %d deep accepted (limit %d)", s, depth, s.Limit())
		}
		if ok && err != nil && depth <= s.Limit() && s == JSON {
			t.Errorf("valid JSON nested %d deep rejected: %v", depth, err)
		}
	})
}
