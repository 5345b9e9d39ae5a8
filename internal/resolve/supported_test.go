package resolve_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestSupported lists the stores CI and per-engine configuration show the
// product supports, and keeps them out of production unless production
// evidence names them too.
func TestSupported(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	sig := func(kind, eco, name, version, scope, file string, line int, attrs ...string) stack.Signal {
		s := stack.Signal{Kind: kind, Ecosystem: eco, Name: name, Version: version, Scope: scope, File: file, Line: line, Attrs: map[string]string{}}
		for i := 0; i+1 < len(attrs); i += 2 {
			s.Attrs[attrs[i]] = attrs[i+1]
		}
		return s
	}
	const wf = ".github/workflows/ci.yml"
	cases := []struct {
		name      string
		signals   []stack.Signal
		supported []string // "id role versions production sources"
		record    string
	}{
		{
			name: "a CI-only PostgreSQL is supported, not the system of record",
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoPyPI, "django", "5.0", stack.ScopeRuntime, "requirements.txt", 1),
				sig(stack.KindImage, stack.EcoDocker, "postgres", "16", stack.ScopeDev, wf, 9, stack.AttrSupported, "ci-service"),
				sig(stack.KindDatastore, stack.EcoDatastore, "postgresql", "15", stack.ScopeDev, wf, 5, stack.AttrSupported, "ci-matrix"),
				sig(stack.KindDatastore, stack.EcoDatastore, "mysql", "8.0", stack.ScopeDev, wf, 5, stack.AttrSupported, "ci-matrix"),
				sig(stack.KindImage, stack.EcoDocker, "redis", "7", stack.ScopeDev, wf, 12, stack.AttrSupported, "ci-service"),
				sig(stack.KindImage, stack.EcoDocker, "selenium/standalone-chrome", "", stack.ScopeDev, wf, 14, stack.AttrSupported, "ci-service"),
			},
			supported: []string{"mysql database [8.0] false [ci-matrix]", "postgresql database [15 16] false [ci-matrix ci-service]", "redis cache [7] false [ci-service]"},
			record:    "",
		},
		{
			name: "production evidence decides; CI adds versions it supports",
			signals: []stack.Signal{
				sig(stack.KindPackage, stack.EcoRubyGems, "pg", "1.5", stack.ScopeRuntime, "Gemfile", 3),
				sig(stack.KindImage, stack.EcoDocker, "postgres", "14", stack.ScopeDev, wf, 9, stack.AttrSupported, "ci-service"),
				sig(stack.KindImage, stack.EcoDocker, "postgres", "14", stack.ScopeNonProduction, "examples/.github/workflows/x.yml", 9, stack.AttrSupported, "ci-service"),
				sig(stack.KindDatastore, stack.EcoDatastore, "postgresql", "", stack.ScopeRuntime, "config/application-postgres.properties", 1, "profile", "postgres"),
			},
			supported: []string{"postgresql database [14] true [ci-service engine-profile]"},
			record:    "postgresql",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := resolve.Build(&detect.Result{Manifests: map[string]string{}, Signals: c.signals}, cat)
			var got []string
			for _, d := range st.SupportedDatastores {
				got = append(got, fmt.Sprintf("%s %s %v %v %v", d.ID, d.Role, d.Versions, d.Production, d.Sources))
				for _, e := range d.Evidence {
					if strings.HasPrefix(e.File, "examples/") {
						t.Errorf("%s: evidence from examples: %v", d.ID, e)
					}
				}
			}
			if !slices.Equal(got, c.supported) {
				t.Errorf("supported\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.supported, "\n  "))
			}
			if st.SystemOfRecord != c.record {
				t.Errorf("system of record %q, want %q", st.SystemOfRecord, c.record)
			}
			for _, d := range st.Datastores {
				if c.record == "" {
					t.Errorf("CI evidence made a production datastore: %+v", d)
				}
			}
		})
	}
}
