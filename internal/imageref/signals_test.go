package imageref

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

// render is one line per signal: kind name version scope attrs.
func render(sigs []stack.Signal) string {
	var b []string
	for _, s := range sigs {
		b = append(b, fmt.Sprintf("%s %s %s %s %v", s.Kind, s.Name, s.Version, s.Scope, s.Attrs))
	}
	return strings.Join(b, "\n")
}

// signalCases are references every detector that reads images must
// read the same way (the CI and PaaS tests hold those detectors to
// Signals and BuildSignals): name, version, tag and digest of the image.
var signalCases = []struct {
	ref                        string
	name, version, tag, digest string
}{
	{"postgres:16-alpine", "postgres", "16", "16-alpine", ""},
	{"docker.io/library/redis", "redis", "", "", ""},
	{"index.docker.io/library/redis:7.2", "redis", "7.2", "7.2", ""},
	{"bitnami/postgresql:15.4.0-debian-11-r10", "bitnami/postgresql", "15.4.0", "15.4.0-debian-11-r10", ""},
	{"ghcr.io/acme/api@sha256:0123456789abcdef", "ghcr.io/acme/api", "", "", "sha256:0123456789abcdef"},
	{"ghcr.io/acme/api:1.2.3@sha256:0123456789abcdef", "ghcr.io/acme/api", "1.2.3", "1.2.3", "sha256:0123456789abcdef"},
	{"localhost:5000/app:2.0", "localhost:5000/app", "2.0", "2.0", ""},
	{"registry.example.com:8443/team/db:v1.4", "registry.example.com:8443/team/db", "v1.4", "v1.4", ""},
	{"mcr.microsoft.com/mssql/server:2022-latest", "mcr.microsoft.com/mssql/server", "2022", "2022-latest", ""},
	{"flyio/postgres-flex:15.6", "flyio/postgres-flex", "15.6", "15.6", ""},
	{"ghcr.io/acme/app:latest", "ghcr.io/acme/app", "", "latest", ""},
}

func TestSignals(t *testing.T) {
	for _, c := range signalCases {
		for _, build := range []bool{false, true} {
			sigs := Signals(c.ref, 3, map[string]string{"service": "db"})
			if build {
				sigs = BuildSignals(c.ref, 3, map[string]string{"service": "db"})
			}
			img := sigs[0]
			if img.Kind != stack.KindImage || img.Ecosystem != stack.EcoDocker || img.Name != c.name || img.Version != c.version ||
				img.Attr("tag") != c.tag || img.Attr("digest") != c.digest || img.Attr("service") != "db" || img.Line != 3 {
				t.Errorf("%q (build %v): %+v", c.ref, build, img)
			}
			if want := map[bool]string{false: "", true: stack.ScopeDev}[build]; img.Scope != want {
				t.Errorf("%q (build %v): scope %q", c.ref, build, img.Scope)
			}
			for _, s := range sigs {
				if build && s.Name == stack.FactUnpinnedImage {
					t.Errorf("%q: a build image gave an unpinned-image fact", c.ref)
				}
			}
		}
	}

	sigs := Signals("docker.io/library/nginx", 7, map[string]string{"service": "web"})
	if len(sigs) != 2 {
		t.Fatalf("got %d signals, want image + unpinned: %+v", len(sigs), sigs)
	}
	if fact := sigs[1]; fact.Name != stack.FactUnpinnedImage || fact.Attr("image") != "nginx" || fact.Attr("service") != "web" || fact.Line != 7 {
		t.Errorf("unpinned fact = %+v", fact)
	}
	if got := BuildSignals("docker.io/library/nginx", 7, nil); len(got) != 1 {
		t.Errorf("build image nginx = %s", render(got))
	}
	if got := Signals("hexpm/elixir:1.16.3-erlang-26.2.5-debian-bookworm-20240513-slim", 3, nil); len(got) != 1 || got[0].Version != "1.16.3" {
		t.Errorf("elixir = %s", render(got))
	}
	if got := Signals("gcr.io/distroless/static:nonroot", 3, nil); len(got) != 1 || got[0].Version != "" || got[0].Attr("tag") != "nonroot" {
		t.Errorf("distroless = %s", render(got))
	}
	for _, ref := range []string{"${IMAGE}", "", "{{ .Values.image }}", "${{ matrix.db }}"} {
		if got := Signals(ref, 3, nil); got != nil {
			t.Errorf("%q gave %s", ref, render(got))
		}
		if got := BuildSignals(ref, 3, nil); got != nil {
			t.Errorf("build %q gave %s", ref, render(got))
		}
	}
	for _, f := range []func(string, int, map[string]string) []stack.Signal{Signals, BuildSignals} {
		sigs := f("tiangolo/uvicorn-gunicorn-fastapi:python3.10", 1, nil)
		if len(sigs) < 2 || sigs[1].Kind != stack.KindRuntime || sigs[1].Name != "python" || sigs[1].Version != "3.10" || sigs[1].Attr("image") != "tiangolo/uvicorn-gunicorn-fastapi:python3.10" {
			t.Errorf("a third-party python3.10 tag = %s, want a runtime python 3.10 signal", render(sigs))
		}
	}
}

// FuzzSignals: any reference gives named signals without panicking.
func FuzzSignals(f *testing.F) {
	for _, s := range []string{"node:20", "docker.io/library/postgres:16@sha256:abc", "${REG}/x:${TAG}", "a:python3.10", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		for _, s := range append(Signals(ref, 1, nil), BuildSignals(ref, 1, nil)...) {
			if s.Name == "" {
				t.Fatalf("%q: signal without a name: %+v", ref, s)
			}
		}
	})
}
