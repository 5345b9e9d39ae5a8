package gomod

import (
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestCommandMatch(t *testing.T) {
	for p, want := range map[string]bool{
		"cmd/server/main.go": true, "services/api/cmd/worker/main.go": true, "main.go": true, "server/main.go": true,
		"cmd/server/server.go": false, "main_test.go": false, "cmd/server/main.go.orig": false,
	} {
		if got := Commands.Match(p); got != want {
			t.Errorf("Match(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestCommands(t *testing.T) {
	for _, tc := range []struct {
		name, path, src string
		line            int    // 0: no signal
		program, detail string // when line > 0
	}{
		{"main package", "cmd/server/main.go", "package main\n\nfunc main() {}\n", 1, "server", "Go command cmd/server"},
		{"outside cmd", "services/billing-server/main.go", "package main\n", 1, "main", "Go main package"},
		{"at the root", "main.go", "package main\n", 1, "main", "Go main package"},
		{"after a licence and a build constraint", "cmd/gen/main.go", "// Copyright x\n\n/* licence\n   text */\n//go:build tools\n\npackage main // import \"x\"\n", 7, "gen", "Go command cmd/gen"},
		{"a block comment before the clause on one line", "cmd/worker/main.go", "/* x */ package main\n", 1, "worker", "Go command cmd/worker"},
		{"another package", "cmd/lib/main.go", "package lib\n", 0, "", ""},
		{"mainly", "cmd/x/main.go", "package mainly\n", 0, "", ""},
		{"empty", "cmd/x/main.go", "", 0, "", ""},
		{"unterminated comment", "cmd/x/main.go", "/* package main\n", 0, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Commands, tc.path, []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if tc.line == 0 {
				if len(sigs) != 0 {
					t.Errorf("want no signal, got %+v", sigs)
				}
				return
			}
			if len(sigs) != 1 {
				t.Fatalf("got %+v", sigs)
			}
			s := sigs[0]
			if s.Name != stack.FactEntryPoint || s.Attr("kind") != stack.EntryCommand || s.Line != tc.line || s.Attr("program") != tc.program || s.Attr("detail") != tc.detail {
				t.Errorf("got %+v", s)
			}
		})
	}
}

func FuzzCommands(f *testing.F) {
	for _, s := range []string{"package main\n", "/* a */ package main", "/*\n", "// x\npackage main;", "\xff\x00package"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Commands, "cmd/x/main.go", data)
		detecttest.ParseErrors(t, err)
		for _, s := range sigs {
			if s.Line <= 0 {
				t.Fatalf("signal without a line: %+v", s)
			}
		}
	})
}
