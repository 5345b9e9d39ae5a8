package gomod

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func render(sigs []stack.Signal) []string {
	var out []string
	for _, s := range sigs {
		out = append(out, fmt.Sprintf("%s %s:%s@%s L%d", s.Kind, s.Ecosystem, s.Name, s.Version, s.Line))
	}
	return out
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    []string
		errLine int
		errMsg  string
	}{
		{
			name: "module with requires, toolchain and indirect",
			in:   "module example.com/api\n\ngo 1.22.3\n\ntoolchain go1.23.1\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgorm.io/gorm v1.25.10\n\tgithub.com/bytedance/sonic v1.11.6 // indirect\n)\n\nrequire github.com/jackc/pgx/v5 v5.6.0\n",
			want: []string{
				"runtime runtime:go@1.22.3 L3",
				"runtime runtime:go@1.23.1 L5",
				"package go:github.com/gin-gonic/gin@v1.10.0 L8",
				"package go:gorm.io/gorm@v1.25.10 L9",
				"package go:github.com/jackc/pgx/v5@v5.6.0 L13",
			},
		},
		{name: "no go directive", in: "module x\n", want: nil},
		{name: "empty file", in: "", want: nil},
		{
			name: "replace and exclude are not requirements", in: "module x\n\ngo 1.21\n\nreplace a.b/c => ../c\nexclude d.e/f v1.0.0\n",
			want: []string{"runtime runtime:go@1.21 L3"},
		},
		{name: "unterminated block", in: "module x\n\nrequire (\n\ta.b/c v1.0.0\n", errLine: 5, errMsg: "unterminated block started at go.mod:3:1"},
		{name: "bad version", in: "module x\n\nrequire a.b/c notaversion\n", errLine: 3, errMsg: "notaversion"},
		{name: "bad go version", in: "module x\n\ngo one.two\n", errLine: 3, errMsg: "invalid go version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Detector, "go.mod", []byte(tc.in))
			if got := render(sigs); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("signals:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.errMsg == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Line != tc.errLine || !strings.Contains(pe.Msg, tc.errMsg) {
				t.Errorf("error = %#v, want line %d containing %q", err, tc.errLine, tc.errMsg)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	for p, want := range map[string]bool{"go.mod": true, "svc/api/go.mod": true, "go.sum": false, "go.mod.bak": false, "gomod": false} {
		if got := Detector.Match(p); got != want {
			t.Errorf("Match(%q) = %v", p, got)
		}
	}
}

func TestGolden(t *testing.T) {
	detecttest.GoldenFixtures(t, Detector)
}

func FuzzGoMod(f *testing.F) {
	for _, s := range []string{
		"module x\n\ngo 1.22\n\nrequire (\n\ta.b/c v1.0.0\n)\n",
		"module x\ngo 1.21\ntoolchain go1.22.0\nrequire a.b/c v1.2.3 // indirect\n",
		"require (\n", "go 1.\n", "module \"quoted\"\n", "\x00\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Detector, "go.mod", data)
		var pe *detect.ParseError
		if err != nil && (!errors.As(err, &pe) || pe.Msg == "") {
			t.Fatalf("error %v is not a ParseError with a message", err)
		}
		for _, s := range sigs {
			if s.Name == "" {
				t.Fatal("signal without a name")
			}
		}
	})
}
