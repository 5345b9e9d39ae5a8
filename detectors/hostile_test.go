package detectors

import (
	"context"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"testing/fstest"
	"time"

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
// hostile file can nest and still be parsed. For a syntax with a size
// limit the text stays within it (minus room for the document's prefix),
// the largest such file the parser is still given.
func atLimit(syn nesting.Syntax, depth int, prefix func(i int) string, open, leaf, close string) func(int) string {
	n := syn.Limit() - depth
	return func(size int) string {
		if m := syn.MaxSize(); m > 0 && size > m-64 {
			size = m - 64
		}
		var b strings.Builder
		for i := 0; ; i++ {
			line := prefix(i) + strings.Repeat(open, n) + leaf + strings.Repeat(close, n) + "\n"
			if b.Len()+len(line) > size {
				return b.String()
			}
			b.WriteString(line)
		}
	}
}

// flatAtSize fills a document of syn up to its size limit (or size) with
// lines of the shape line gives: a large but shallow file, the other way
// to make a parser work hard.
func flatAtSize(syn nesting.Syntax, head string, line func(i int) string) func(int) string {
	return func(size int) string {
		if m := syn.MaxSize(); m > 0 && size > m {
			size = m
		}
		var b strings.Builder
		b.WriteString(head)
		for i := 0; ; i++ {
			l := line(i)
			if b.Len()+len(l) > size {
				return b.String()
			}
			b.WriteString(l)
		}
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
	{"yaml-pubspec-flow", "pubspec.yaml", func(n int) string { return nest("name: x\ndependencies: ", "{a: ", "1", "}", n) }},
	{"yaml-pubspec-lock-flow", "pubspec.lock", func(n int) string { return nest("packages: ", "[", "1", "]", n) }},
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
	{"hcl-flat-at-size", "main.tf", flatAtSize(nesting.HCL, "", func(i int) string {
		return "resource \"aws_instance\" \"r" + itoa(i) + "\" {\n  ami = \"ami-" + itoa(i) + "\"\n  tags = { Name = \"x\" }\n}\n"
	})},
	{"hcl-attributes-at-size", "main.tf", flatAtSize(nesting.HCL, "", func(i int) string { return "a" + itoa(i) + " = 1\n" })},
	{"toml-pyproject-flat-at-size", "pyproject.toml", flatAtSize(nesting.TOML, "[project]\nname = \"x\"\n", func(i int) string { return "k" + itoa(i) + " = \"v\"\n" })},
	{"xml-csproj", "app.csproj", func(n int) string {
		return nest(`<Project Sdk="Microsoft.NET.Sdk">`, "<a>", "x", "</a>", n) + "</Project>"
	}},
}

// BenchmarkHostile scans a tree holding one hostile file of each kind, 1 MB
// or as large as its syntax's size limit lets the parser see, with every
// detector. Run with -benchmem: each must stay within 2 s per scan and
// 200 MB, both allocated in all (B/op) and live at the peak (peak-MB, the
// heap sampled every 200 µs).
func BenchmarkHostile(b *testing.B) {
	for _, h := range hostileInputs {
		data := []byte(h.data(hostileSize))
		fsys := fstest.MapFS{h.path: {Data: data}}
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var peak uint64
			for b.Loop() {
				stop := samplePeakHeap(&peak)
				_, err := detect.Scan(context.Background(), fsys, All(), detect.Options{Workers: 1})
				stop()
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak)/1e6, "peak-MB")
		})
	}
}

// samplePeakHeap samples the live heap above its level at the call until
// the returned stop is called, raising *peak to the highest seen.
func samplePeakHeap(peak *uint64) (stop func()) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			if v := read(); v > base && v-base > *peak {
				*peak = v - base
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
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
		"app/pubspec.yaml":                   "name: x\ndependencies: " + strings.Repeat("{a: ", n),
		"app/pubspec.lock":                   "# Generated by pub\npackages: " + strings.Repeat("[", n),
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
