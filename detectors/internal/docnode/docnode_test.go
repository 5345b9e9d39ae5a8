package docnode

import (
	"errors"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
)

func TestJSON(t *testing.T) {
	src := "{\n  \"name\": \"api\",\n  \"n\": 3,\n  \"f\": 1.5e2,\n  \"ok\": true,\n  \"z\": null,\n  \"list\": [\"a\", {\"k\": \"v\"}]\n}\n"
	root, err := JSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if root.Kind != yaml.MappingNode || root.Tag != "!!map" || root.Line != 1 || root.Column != 1 {
		t.Fatalf("root = kind %v tag %q at %d:%d", root.Kind, root.Tag, root.Line, root.Column)
	}
	tags := map[string]string{"name": "!!str", "n": "!!int", "f": "!!float", "ok": "!!bool", "z": "!!null", "list": "!!seq"}
	for k, tag := range tags {
		if v := Get(root, k); v == nil || v.Tag != tag {
			t.Errorf("%s: tag = %v, want %s", k, v, tag)
		}
	}
	// Positions are those of the token's last byte (the decoder's offset
	// after reading it): the key's closing quote.
	if k := Key(root, "ok"); k == nil || k.Line != 5 || k.Column != 6 {
		t.Errorf("key ok at %v", k)
	}
	if Scalar(Get(root, "name")) != "api" || Scalar(Get(root, "z")) != "null" || Scalar(Get(root, "ok")) != "true" {
		t.Errorf("scalars: %q %q %q", Scalar(Get(root, "name")), Scalar(Get(root, "z")), Scalar(Get(root, "ok")))
	}
	list := Items(Get(root, "list"))
	if len(list) != 2 || Scalar(Get(list[1], "k")) != "v" || list[1].Line != 7 {
		t.Errorf("list = %v", list)
	}
}

func TestJSONErrors(t *testing.T) {
	cases := []struct {
		name, in      string
		line, col     int
		msg           string
		root          bool // a partial tree is returned
		wantRootNoErr bool
	}{
		{name: "blank", in: " \n\t"},
		{name: "unclosed object", in: "{\n  \"a\": 1,\n", line: 3, col: 1, msg: "unexpected end of file", root: true},
		{name: "bad token", in: "{\n  \"a\": tru\n}", line: 2, msg: "invalid JSON", root: false},
		{name: "trailing data", in: "{}\n{}", line: 2, col: 2, msg: "unexpected data after", root: true},
		{name: "non-string key", in: "{1: 2}", line: 1, msg: "invalid JSON", root: true},
		{name: "too deep", in: strings.Repeat("[", maxJSONDepth+2), line: 1, msg: "nested deeper", root: false}, // rejected before parsing
		{name: "stray close", in: "]", line: 1, msg: "invalid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root, err := JSON([]byte(c.in))
			if c.msg == "" {
				if err != nil || root != nil {
					t.Fatalf("got %v, %v; want nil, nil", root, err)
				}
				return
			}
			var pe *detect.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %#v, want *detect.ParseError", err)
			}
			if pe.Line != c.line || (c.col != 0 && pe.Column != c.col) || !strings.Contains(pe.Msg, c.msg) {
				t.Errorf("err = %d:%d %q, want %d:%d containing %q", pe.Line, pe.Column, pe.Msg, c.line, c.col, c.msg)
			}
			if c.root && root == nil {
				t.Errorf("want the partial tree")
			}
		})
	}
}

func TestParseYAML(t *testing.T) {
	root, err := ParseYAML([]byte("base: &b\n  x: 1\nsvc:\n  <<: *b\n  y: [a, *b]\nnull: ~\n---\nsecond: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if Get(root, "second") != nil {
		t.Errorf("only the first document is read")
	}
	svc := Get(root, "svc")
	if Get(svc, "x") != nil {
		t.Errorf("merge keys must not be followed")
	}
	if Scalar(Get(Get(svc, "<<"), "x")) != "1" {
		t.Errorf("the merge key is an ordinary key whose alias resolves")
	}
	if Scalar(Get(root, "null")) != "~" {
		t.Errorf("null scalar = %q, want ~ as written", Scalar(Get(root, "null")))
	}
	ys := Items(Get(svc, "y"))
	if len(ys) != 2 || ys[1].Kind != yaml.AliasNode || Resolve(ys[1]).Kind != yaml.MappingNode {
		t.Errorf("items keep alias elements: %v", ys)
	}
	var keys []string
	EachPair(svc, func(k, v *yaml.Node) {
		keys = append(keys, k.Value)
		if v.Kind == yaml.AliasNode {
			t.Errorf("EachPair passes an unresolved alias for %s", k.Value)
		}
	})
	if strings.Join(keys, ",") != "<<,y" {
		t.Errorf("keys = %v", keys)
	}
	if root, err := ParseYAML(nil); root != nil || err != nil {
		t.Errorf("empty: %v %v", root, err)
	}
	if Get(nil, "x") != nil || Key(Get(root, "base"), "nope") != nil || Scalar(svc) != "" || Items(svc) != nil {
		t.Errorf("lookups on missing or mismatched nodes")
	}
	EachPair(ys[0], func(k, v *yaml.Node) { t.Errorf("EachPair on a scalar called f") })
}

func TestYAMLErrors(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"bad indentation", "a: 1\n b: 2\n", 2, "invalid YAML: mapping values are not allowed"},
		{"unclosed flow", "a: [1, 2\n", 1, "invalid YAML: did not find expected"},
		{"tab", "a:\n\tb: 1\n", 2, "invalid YAML: found character that cannot start any token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseYAML([]byte(c.in))
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Line != c.line || !strings.HasPrefix(pe.Msg, c.msg) {
				t.Errorf("err = %#v, want line %d %q", err, c.line, c.msg)
			}
		})
	}
	if err := YAMLError(errors.New("yaml: something odd")); err.Error() == "" || !strings.Contains(err.Error(), "invalid YAML: something odd") {
		t.Errorf("no-line error = %v", err)
	}
}

func TestParseByName(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"a.JSON", `{"k": "json"}`, "json"},
		{"a.yaml", "k: yaml\n", "yaml"},
		{"a.json", "k: yaml\n", ""}, // YAML in a .json file is a JSON error
	} {
		root, err := Parse(c.name, []byte(c.in))
		if got := Scalar(Get(root, "k")); got != c.want || (c.want == "") != (err != nil) {
			t.Errorf("%s: %q, %v", c.name, got, err)
		}
	}
}

func TestLineCounter(t *testing.T) {
	data := []byte("ab\ncd\n\nx")
	lc := &lineCounter{data: data, line: 1}
	for _, c := range []struct{ off, line, col int }{{-1, 1, 1}, {1, 1, 2}, {4, 2, 2}, {7, 4, 1}, {99, 4, 2}, {3, 2, 1}} {
		if l, col := lc.at(c.off); l != c.line || col != c.col {
			t.Errorf("at(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
		if l, col := lineCol(data, c.off); l != c.line || col != c.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) { // at and past the depth limit
		f.Add(string(s), false)
	}
	for _, s := range nesting.Seeds(nesting.JSON) {
		f.Add(string(s), true)
	}
	for _, s := range []string{
		`{"openapi": "3.0.0", "paths": {"/a": {"get": {}}}}`,
		`[1, 2.5, true, null, "s", {"k": [{}]}]`,
		"{\n  \"a\": 1,\n",
		"{}{}", "[[[[", `{"a" 1}`, "\"\\u00\"",
		"a: &x\n  b: *x\nc: [1, 2]\n",
		"a: 1\n b: 2\n",
		"",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, in string, asJSON bool) {
		name := "f.yaml"
		if asJSON {
			name = "f.json"
		}
		root, err := Parse(name, []byte(in))
		if err != nil {
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("error %#v is not a *detect.ParseError with a message", err)
			}
		}
		// Walk what was read: lookups must not panic on any tree.
		var walk func(n *yaml.Node, depth int)
		walk = func(n *yaml.Node, depth int) {
			if n == nil || depth > 50 {
				return
			}
			_ = Scalar(n)
			EachPair(n, func(k, v *yaml.Node) { _ = Key(n, k.Value); walk(v, depth+1) })
			for _, c := range Items(n) {
				walk(c, depth+1)
			}
		}
		walk(root, 0)
	})
}
