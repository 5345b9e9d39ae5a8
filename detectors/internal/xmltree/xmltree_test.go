package xmltree

import (
	"errors"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
)

func TestParse(t *testing.T) {
	src := `<?xml version="1.0" encoding="ISO-8859-1"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" Sdk="Microsoft.NET.Sdk">
  <properties>
    <java.version> 21 </java.version>
    <empty/>
  </properties>
  <dependencies>
    <dependency><artifactId>a</artifactId></dependency>
    <dependency>
      <artifactId>b</artifactId>
    </dependency>
  </dependencies>
</project>
`
	root, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if root.Name != "" || root.FirstChildLine() != 2 {
		t.Errorf("root = %q, first child line %d", root.Name, root.FirstChildLine())
	}
	proj := root.Child("project")
	if proj == nil || proj.Line != 2 || proj.Attr("Sdk") != "Microsoft.NET.Sdk" || proj.Attr("xmlns") != "http://maven.apache.org/POM/4.0.0" {
		t.Fatalf("project = %+v", proj)
	}
	if v := proj.Path("properties", "java.version").Value(); v != "21" {
		t.Errorf("java.version = %q", v)
	}
	if kids := proj.Child("properties").Kids(); len(kids) != 2 || kids[1].Name != "empty" || kids[1].Value() != "" {
		t.Errorf("properties = %v", kids)
	}
	deps := proj.Child("dependencies").All("dependency")
	if len(deps) != 2 || deps[1].Line != 9 || deps[1].Child("artifactId").Line != 10 || deps[0].Child("artifactId").Value() != "a" {
		t.Errorf("dependencies = %v", deps)
	}
	var missing *Node = proj.Path("nope", "deeper")
	if missing != nil || missing.Value() != "" || missing.LineOr(7) != 7 || missing.Attr("x") != "" ||
		missing.Kids() != nil || missing.All("x") != nil || missing.Child("x") != nil || missing.FirstChildLine() != 0 {
		t.Errorf("nil node accessors")
	}
	if deps[1].Child("artifactId").LineOr(99) != 10 {
		t.Errorf("LineOr of a present node")
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		msg      string
		kids     int // top-level elements read before the error
	}{
		{"empty", "", 0, "", 0},
		{"unclosed root", "<project>\n  <a>x</a>\n", 3, "malformed XML: unexpected EOF", 1},
		{"mismatched tag", "<project>\n<a></b>\n</project>", 2, "malformed XML: element <a> closed by </b>", 1},
		{"bad attribute", "<project x=1/>", 1, "malformed XML: unquoted or missing attribute value", 0},
		{"text only", "just text", 0, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root, err := Parse([]byte(c.in))
			if root == nil {
				t.Fatal("Parse must always return a root")
			}
			if len(root.Children) != c.kids {
				t.Errorf("top-level elements = %d, want %d", len(root.Children), c.kids)
			}
			if c.msg == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Line != c.line || !strings.Contains(pe.Msg, c.msg) {
				t.Errorf("err = %#v, want line %d containing %q", err, c.line, c.msg)
			}
		})
	}
}

func TestDepthIsBounded(t *testing.T) {
	n := maxDepth + 20
	src := strings.Repeat("<a>", n) + "deep" + strings.Repeat("</a>", n) + "<b/>"
	root, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for c := root; len(c.Children) > 0; c = c.Children[0] {
		depth++
	}
	if depth != maxDepth {
		t.Errorf("stored depth = %d, want %d", depth, maxDepth)
	}
	if len(root.Children) != 2 || root.Children[1].Name != "b" {
		t.Errorf("elements after the deep one are still read: %v", root.Children)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.XML) { // at and past the depth limit
		f.Add(string(s))
	}
	for _, s := range []string{
		"<project><dependencies><dependency><artifactId>a</artifactId></dependency></dependencies></project>",
		`<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="x" Version="1"/></ItemGroup></Project>`,
		`<?xml version="1.0" encoding="windows-1252"?><packages><package id="a"/></packages>`,
		"<a>", "<a></b>", "<a x=1/>", "<!DOCTYPE x [<!ENTITY e \"v\">]><a>&e;</a>", "",
		strings.Repeat("<a>", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		root, err := Parse([]byte(in))
		if root == nil {
			t.Fatal("nil root")
		}
		if err != nil {
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("error %#v is not a *detect.ParseError with a message", err)
			}
		}
		var walk func(n *Node, depth int)
		walk = func(n *Node, depth int) {
			if depth > maxDepth+1 {
				t.Fatalf("tree deeper than maxDepth")
			}
			_ = n.Value()
			_ = n.Attr("id")
			for _, c := range n.Kids() {
				walk(c, depth+1)
			}
		}
		walk(root, 0)
	})
}
