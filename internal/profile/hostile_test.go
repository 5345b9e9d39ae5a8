package profile

import (
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/nesting"
)

// BenchmarkHostileProfile parses 1 MB hostile profiles (refused by size
// before decoding) and profiles of MaxFileSize nested at the limit. Run
// with -benchmem: each must stay within 2 s and 200 MB (B/op) per parse.
func BenchmarkHostileProfile(b *testing.B) {
	const size = 1 << 20
	fillTo := func(n int, line func(i int) string) string {
		var sb strings.Builder
		for i := 0; ; i++ {
			l := line(i)
			if sb.Len()+len(l) > n {
				return sb.String()
			}
			sb.WriteString(l)
		}
	}
	fill := func(line func(i int) string) string { return fillTo(size, line) }
	lim := nesting.TOML.Limit()
	inputs := []struct{ name, src string }{
		{"inline-tables-deep", "[project]\ntype = \"mvp\"\nx = " + strings.Repeat("{a=", size/4) + "1" + strings.Repeat("}", size/4)},
		{"dotted-key-deep", "[project]\n" + strings.Repeat("x.", size/2) + "y = 1\n"},
		{"arrays-deep", "[team]\nskills = " + strings.Repeat("[", size/2) + strings.Repeat("]", size/2)},
		{"size-1MB", fill(func(i int) string { return "# " + itoa(i) + "\n" })},
		{"unknown-keys-at-limit", fillTo(MaxFileSize, func(i int) string {
			return "[t" + itoa(i) + "]\n" + strings.Repeat("x.", lim-2) + "y = 1\n"
		})},
		{"inline-tables-at-limit", "[project]\n" + fillTo(MaxFileSize-10, func(i int) string {
			return "x" + itoa(i) + " = " + strings.Repeat("{a=", lim-1) + "1" + strings.Repeat("}", lim-1) + "\n"
		})},
	}
	for _, in := range inputs {
		data := []byte(in.src)
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(".stacklint.toml", data); err == nil {
					b.Fatal("a hostile profile parsed")
				}
			}
		})
	}
}
