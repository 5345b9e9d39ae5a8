package node

import (
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

func TestEntryPoint(t *testing.T) {
	for _, tc := range []struct{ name, in, kind, detail string }{
		{"bin makes a command", `{"name":"x","bin":{"x":"cli.js"},"dependencies":{"pg":"^8"}}`, stack.EntryCommand, "package.json bin"},
		{"bin wins over exports", `{"name":"x","bin":"cli.js","exports":"./x.js"}`, stack.EntryCommand, "package.json bin"},
		{"exports publish a library", `{"name":"@x/lib","exports":{".":"./index.js"},"types":"./index.d.ts"}`, stack.EntryLibrary, "package.json exports"},
		{"private false still publishes", `{"private":false,"module":"./x.mjs"}`, stack.EntryLibrary, "package.json module"},
		{"types alone", `{"name":"x","typings":"x.d.ts"}`, stack.EntryLibrary, "package.json typings"},
		{"a private package is no library", `{"private":true,"exports":"./x.js"}`, "", ""},
		{"a start script is no library", `{"exports":"./x.js","scripts":{"start":"node x.js"}}`, "", ""},
		{"an app with main only", `{"name":"app","main":"index.js","dependencies":{"express":"^5"}}`, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs, err := ParsePackageJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			var got []stack.Signal
			for _, s := range sigs {
				if s.Kind == stack.KindFact && s.Name == stack.FactEntryPoint {
					got = append(got, s)
				}
			}
			switch {
			case tc.kind == "" && len(got) > 0:
				t.Errorf("entry point %v, want none", got[0].Attrs)
			case tc.kind != "" && len(got) != 1:
				t.Errorf("%d entry points, want one %s", len(got), tc.kind)
			case tc.kind != "" && (got[0].Attr("kind") != tc.kind || got[0].Attr("detail") != tc.detail || got[0].Line == 0):
				t.Errorf("entry point %v at line %d, want kind %s, detail %q", got[0].Attrs, got[0].Line, tc.kind, tc.detail)
			}
		})
	}
}
