package apispec

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// specKeyRegexp is what hasSpecKey stands for.
var specKeyRegexp = regexp.MustCompile(`(?m)(?:^|[{,]\s*)["']?(openapi|swagger|asyncapi)["']?\s*:\s*["']?[0-9]`)

var specKeySamples = []string{
	"openapi: 3.0.0", "openapi: '3.1.0'", "swagger: \"2.0\"", "asyncapi: 2.6.0", `{"openapi":"3.0.0"}`,
	`{ "swagger" : "2.0"}`, "{\n  \"openapi\": \"3.0.0\"", `{"info":{},"openapi":"3"}`, "x: 1\nopenapi: 3",
	"  openapi: 3.0.0", "openapi: v3", "openapi:3", "description: openapi is nice", "'openapi' :  \t'3",
	"x,openapi: 1", "x,\n\n openapi:1", "openapis: 3", "\nopenapi\n:\n3", "asyncapi", "", "{", ",",
	"x:\n  openapi: 3.0.0\n", "\"openapi\"\"\": 3", "openapi: \"\"3", "{\f\"openapi\"\f:\f3",
}

func TestHasSpecKeyMatchesRegexp(t *testing.T) {
	for _, s := range specKeySamples {
		if got, want := hasSpecKey([]byte(s)), specKeyRegexp.MatchString(s); got != want {
			t.Errorf("hasSpecKey(%q) = %v, the expression says %v", s, got, want)
		}
	}
}

func FuzzHasSpecKey(f *testing.F) {
	for _, s := range specKeySamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasSpecKey([]byte(s)), specKeyRegexp.MatchString(s); got != want {
			t.Errorf("hasSpecKey(%q) = %v, the expression says %v", s, got, want)
		}
	})
}

// headSamples are documents readHead reads itself (true) or leaves to
// the full parse (false).
var headSamples = []struct {
	src  string
	fast bool
}{
	{"openapi: 3.0.3\ninfo:\n  title: Orders API\n  version: 1.2.0\npaths:\n  /orders:\n    get:\n      responses:\n        \"200\": { description: ok }\n  /orders/{id}:\n    get: {}\n", true},
	{"# c\n---\nopenapi: \"3.1.0\" # x\ninfo:\n  description: |\n    title: not this\n  title: 'It''s'\npaths: {}\n", true},
	{"swagger: '2.0'\ninfo:\n    title: T #c\n    x:\n      title: no\npaths:\n    \"/a b\":\n        get: {}\n    /c: {get: {}}\n", true},
	{"asyncapi: 3.0.0\ninfo:\n  title: Events\nchannels:\n  a: {}\n  b:\n    address: x\n", true},
	{"openapi: 3.0.0\npaths:\n", true},
	{"openapi: 3.0.0\npaths: none\ninfo: plain\n", true},
	{"openapi: ~\nswagger: 2.0\n", true},
	{"openapi:\nswagger: 2.0\n", true},
	{"x: [1,\n  2]\nopenapi: 3\n", false},
	{"openapi: 3.1.0\ninfo: {title: T}\n", false},
	{"openapi: 3.0.0\npaths: [\n", false},
	{"openapi: &v 3.0.0\n", false},
	{"openapi: 3.0.0\ninfo:\n  title: a long\n    title\n", false},
	{"openapi: 3.0.0\r\ninfo:\r\n  title: T\r\n", false},
	{"openapi: 3.0.0\n\"info\":\n  title: T\n", false},
	{"openapi: 3.0.0\ninfo:\n  title: \"esc\\\"aped\"\n", false},
	{"openapi: 3.0.0\nopenapi: 3.1.0\n", false},
	{"- openapi: 3.0.0\n", false},
	{"openapi: 3.0.0\npaths:\n  - /a\n", false},
	{"openapi: 3.0.0\n---\nswagger: 2.0\n", false},
	{"openapi: 3.0.0\n<<: {a: 1}\n", false},
	{"openapi: 3.0.0\ninfo:\n\ttitle: T\n", false},
	{"openapi: 3.0.0\ninfo:\n    title: T\n  version: 1\n", false},
	{"openapi: 3.0.0\ndescription: \"two\n  lines\"\n", false},
}

// TestReadHeadAgreesWithTree holds the line reader to the node tree: on
// every document it reads itself, its signals are the full parse's.
func TestReadHeadAgreesWithTree(t *testing.T) {
	for _, c := range headSamples {
		h, ok := readHead([]byte(c.src))
		if ok != c.fast {
			t.Errorf("readHead(%q) ok = %v, want %v", c.src, ok, c.fast)
		}
		if !ok {
			continue
		}
		want, err := parseSpec("spec.yaml", []byte(c.src))
		if err != nil {
			t.Errorf("%q: the full parse fails (%v), a sample readHead reads must be valid", c.src, err)
			continue
		}
		if got := h.signals(); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nline reader %+v\nnode tree   %+v", c.src, got, want)
		}
	}
}

func FuzzReadHead(f *testing.F) {
	for _, c := range headSamples {
		f.Add(c.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		h, ok := readHead([]byte(src))
		if !ok {
			return
		}
		want, err := parseSpec("spec.yaml", []byte(src))
		if err != nil {
			return // malformed beyond what the line reader checks
		}
		if got := h.signals(); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nline reader %+v\nnode tree   %+v", src, got, want)
		}
	})
}

func TestReadHeadLargeSpec(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.0.0\ninfo:\n  title: Big\npaths:\n")
	for i := range 2000 {
		b.WriteString("  /r" + strings.Repeat("x", i%7) + "/" + string(rune('a'+i%26)) + ":\n    get:\n      description: |\n        text\n")
	}
	h, ok := readHead([]byte(b.String()))
	if !ok || h.paths != 2000 || h.title != "Big" {
		t.Fatalf("ok %v paths %d title %q", ok, h.paths, h.title)
	}
}
