package detectors

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
)

// hostileSize is the size of each hostile input: 1 MB.
const hostileSize = 1 << 20

// hostileInput is one hostile file, about hostileSize bytes.
type hostileInput struct {
	name, path string
	data       func(size int) string
}

// nest builds prefix, then open repeated until the text is about size
// bytes, then leaf and the matching closes.
func nest(prefix, open, leaf, close string, size int) string {
	n := (size - len(prefix) - len(leaf)) / (len(open) + len(close))
	return prefix + strings.Repeat(open, n) + leaf + strings.Repeat(close, n)
}

// springAliasBomb builds thirty levels of anchors, each a mapping of
// 1,000-character keys (the longest simple keys YAML allows) aliasing the
// level below, and merges the last into spring:.
func springAliasBomb(size int) string {
	return aliasBomb(max(2, size/(30*1008)))
}

// springAliasDocs repeats a 61 KB alias bomb of width 2 in as many YAML
// documents as fit.
func springAliasDocs(size int) string {
	doc := aliasBomb(2)
	return strings.Repeat(doc+"---\n", max(1, size/(len(doc)+4)))
}

func aliasBomb(width int) string {
	const levels, keyLen = 30, 1000
	var b strings.Builder
	b.WriteString("l0: &l0 {" + strings.Repeat("k", keyLen) + ": jdbc:postgresql://db/x}\n")
	for i := 1; i < levels; i++ {
		k := strings.Repeat(string(rune('a'+i%26)), keyLen-4)
		b.WriteString("l" + itoa(i) + ": &l" + itoa(i) + " {")
		for j := range width {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k + itoa(1000+j) + ": *l" + itoa(i-1))
		}
		b.WriteString("}\n")
	}
	b.WriteString("spring:\n  <<: *l" + itoa(levels-1) + "\n")
	return b.String()
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// atLimit repeats, as many times as fit, a line nested depth levels less
// than syn allows (the levels of the document around it): the most a
// hostile file can nest and still be parsed.
func atLimit(syn nesting.Syntax, depth int, prefix func(i int) string, open, leaf, close string) func(int) string {
	n := syn.Limit() - depth
	return func(size int) string {
		var b strings.Builder
		for i := 0; b.Len() < size; i++ {
			b.WriteString(prefix(i) + strings.Repeat(open, n) + leaf + strings.Repeat(close, n) + "\n")
		}
		return b.String()
	}
}

var hostileInputs = []hostileInput{
	{"hcl-brackets", "main.tf", func(n int) string { return nest("x = ", "[", "1", "]", n) }},
	{"hcl-objects", "main.tf", func(n int) string { return nest("x = ", "{a=", "1", "}", n) }},
	{"hcl-interpolation", "main.tf", func(n int) string { return nest("x = ", `"${`, "1", `}"`, n) }},
	{"toml-pyproject", "pyproject.toml", func(n int) string {
		return nest("[project]\nname = \"x\"\nx = ", "{a=", "1", "}", n)
	}},
	{"toml-cargo", "Cargo.toml", func(n int) string { return nest("[package]\nname = \"x\"\nx = ", "[", "1", "]", n) }},
	{"json-package", "package.json", func(n int) string { return nest(`{"dependencies": `, "[", "1", "]", n) + "}" }},
	{"json-appsettings", "appsettings.json", func(n int) string { return nest(`{"ConnectionStrings": `, `{"a":`, "1", "}", n) + "}" }},
	{"json-openapi", "openapi.json", func(n int) string { return nest(`{"openapi": "3.0.0", "paths": `, `{"a":`, "1", "}", n) + "}" }},
	{"yaml-compose-flow", "docker-compose.yml", func(n int) string { return nest("services: ", "[", "1", "]", n) }},
	{"yaml-compose-block", "docker-compose.yml", func(n int) string { return nest("services:\n", "- ", "x", "", n) }},
	{"yaml-k8s-flow", "deploy.yaml", func(n int) string { return nest("apiVersion: v1\nkind: Pod\nspec: ", "{a: ", "1", "}", n) }},
	{"yaml-spring-flow", "application.yml", func(n int) string { return nest("spring: ", "{a: ", "1", "}", n) }},
	{"yaml-spring-alias", "application.yml", springAliasBomb},
	{"yaml-spring-alias-docs", "application.yml", springAliasDocs},
	{"xml-pom", "pom.xml", func(n int) string { return nest("<project>", "<a>", "x", "</a>", n) + "</project>" }},
	{"hcl-at-limit", "main.tf", atLimit(nesting.HCL, 0, func(i int) string { return "x" + itoa(i) + " = " }, "[", "1", "]")},
	{"toml-pyproject-at-limit", "pyproject.toml", atLimit(nesting.TOML, 0, func(i int) string { return "x" + itoa(i) + " = " }, "{a=", "1", "}")},
	{"toml-cargo-at-limit", "Cargo.toml", atLimit(nesting.TOML, 0, func(i int) string { return "x" + itoa(i) + " = " }, "[", "1", "]")},
	{"json-openapi-at-limit", "openapi.json", func(n int) string {
		return `{"openapi": "3.0.0", "paths": [` + strings.TrimSuffix(atLimit(nesting.JSON, 2, func(int) string { return "" }, `{"a":`, "1", "},")(n), ",\n") + "]}"
	}},
	{"yaml-k8s-at-limit", "deploy.yaml", func(n int) string {
		return "apiVersion: v1\nkind: Pod\nspec:\n" + atLimit(nesting.YAML, 0, func(i int) string { return "  x" + itoa(i) + ": " }, "{a: ", "1", "}")(n)
	}},
	{"xml-pom-at-limit", "pom.xml", func(n int) string {
		return "<project>" + atLimit(nesting.XML, 1, func(int) string { return "" }, "<a>", "x", "</a>")(n) + "</project>"
	}},
	{"xml-csproj", "app.csproj", func(n int) string {
		return nest(`<Project Sdk="Microsoft.NET.Sdk">`, "<a>", "x", "</a>", n) + "</Project>"
	}},
}

// BenchmarkHostile scans a tree holding one hostile 1 MB file of each kind
// with every detector. Run with -benchmem: each must stay within 2 s and
// 200 MB (B/op) per scan.
func BenchmarkHostile(b *testing.B) {
	for _, h := range hostileInputs {
		data := []byte(h.data(hostileSize))
		fsys := fstest.MapFS{h.path: {Data: data}}
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := detect.Scan(context.Background(), fsys, All(), detect.Options{Workers: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDeepNestingRejected holds every detector that parses a nesting
// syntax to the shared depth guard: a file nested far too deep (70,000
// levels killed the process with a stack overflow in the HCL parser; 3,000
// inline tables took minutes in the TOML decoder) yields a diagnostic
// naming the line and the limit, and no crash.
func TestDeepNestingRejected(t *testing.T) {
	const n = 70000
	deepTOML := func(prefix string) string { return nest(prefix+"x = ", "{a=", "1", "}", 3*3000) }
	files := map[string]string{
		"main.tf":                            "\nx = " + strings.Repeat("[", n),
		"interp/main.tf":                     "\nx = " + strings.Repeat(`"${`, n),
		"pyproject.toml":                     "[project]\n" + deepTOML(""),
		"Pipfile":                            "[packages]\n" + deepTOML(""),
		"Cargo.toml":                         "[package]\n" + deepTOML(""),
		"rust-toolchain.toml":                "[toolchain]\n" + deepTOML(""),
		"fly.toml":                           "app = \"x\"\n" + deepTOML(""),
		"diesel.toml":                        "[print_schema]\n" + deepTOML(""),
		"gradle/libs.versions.toml":          "[versions]\n" + deepTOML(""),
		"package.json":                       "{\n\"dependencies\": " + strings.Repeat("[", n),
		"global.json":                        "{\n\"sdk\": " + strings.Repeat("[", n),
		"appsettings.json":                   "{\n\"ConnectionStrings\": " + strings.Repeat(`{"a":`, n),
		"docker-compose.yml":                 "version: '3'\nservices: " + strings.Repeat("[", n),
		"k8s/deploy.yaml":                    "apiVersion: v1\nspec: " + strings.Repeat("{a: ", n) + "\nkind: Pod",
		"src/main/resources/application.yml": "spring:\n  datasource: " + strings.Repeat("{a: ", n),
		".drone.yml":                         "kind: pipeline\nsteps: " + strings.Repeat("[", n),
		"pnpm-workspace.yaml":                "packages:\n  " + strings.Repeat("[", n),
		"pom.xml":                            "<project>\n" + strings.Repeat("<a>", n),
		"app/app.csproj":                     "<Project>\n" + strings.Repeat("<a>", n),
	}
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	res, err := detect.Scan(context.Background(), fsys, All(), detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for p := range files {
		found := false
		for _, d := range res.Diagnostics {
			if d.File == p && strings.Contains(d.Message, "nested deeper than") {
				found = true
				if d.Line != 2 {
					t.Errorf("%s: diagnostic at line %d, want 2: %s", p, d.Line, d.Message)
				}
			}
		}
		if !found {
			t.Errorf("%s: no depth diagnostic; got %v", p, res.Diagnostics)
		}
	}
}
