package imageref

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in                string
		name, tag, digest string
		pinned, resolved  bool
		floating          bool
		str               string
	}{
		{"node:20-alpine", "node", "20-alpine", "", true, true, false, "node:20-alpine"},
		{"postgres", "postgres", "", "", false, true, true, "postgres"},
		{"nginx:latest", "nginx", "latest", "", false, true, true, "nginx:latest"},
		{"nginx:LATEST", "nginx", "LATEST", "", false, true, true, "nginx:LATEST"},
		{"docker.io/library/postgres:16", "postgres", "16", "", true, true, false, "postgres:16"},
		{"library/redis:7", "redis", "7", "", true, true, false, "redis:7"},
		{"docker.io/bitnami/redis:7.2", "bitnami/redis", "7.2", "", true, true, false, "bitnami/redis:7.2"},
		{"index.docker.io/library/alpine", "alpine", "", "", false, true, true, "alpine"},
		{"mcr.microsoft.com/dotnet/aspnet:8.0", "mcr.microsoft.com/dotnet/aspnet", "8.0", "", true, true, false, ""},
		{"gcr.io/distroless/static", "gcr.io/distroless/static", "", "", false, true, true, ""},
		{"ghcr.io/org/app:v1", "ghcr.io/org/app", "v1", "", true, true, false, ""},
		{"quay.io/prometheus/prometheus:v2.50.0", "quay.io/prometheus/prometheus", "v2.50.0", "", true, true, false, ""},
		{"localhost:5000/app:1.2", "localhost:5000/app", "1.2", "", true, true, false, ""},
		{"localhost:5000/app", "localhost:5000/app", "", "", false, true, true, ""},
		{"localhost/library/app", "localhost/library/app", "", "", false, true, true, ""},
		{"registry.example.com:443/team/app@sha256:abc", "registry.example.com:443/team/app", "", "sha256:abc", true, true, false, "registry.example.com:443/team/app@sha256:abc"},
		{"python:3.12@sha256:deadbeef", "python", "3.12", "sha256:deadbeef", true, true, false, ""},
		{"alpine@sha256:deadbeef", "alpine", "", "sha256:deadbeef", true, true, false, ""},
		{"scratch", "scratch", "", "", false, true, false, ""},
		{"${BASE}", "${BASE}", "", "", false, false, false, ""},
		{"${REGISTRY}/app:1", "${REGISTRY}/app", "1", "", true, false, false, ""},
		{"app:${TAG}", "app", "${TAG}", "", true, true, false, ""},
		{"app:${TAG:-1.0}", "app", "${TAG:-1.0}", "", true, true, false, ""},
		{"{{ .Values.image }}", "{{ .Values.image }}", "", "", false, false, false, ""},
		{"  node:20  ", "node", "20", "", true, true, false, ""},
		{"", "", "", "", false, false, false, ""},
		{":", "", "", "", false, false, false, ""},
		{"@", "", "", "", false, false, false, ""},
		{"library/", "library/", "", "", false, true, true, ""},
		{"0:00:", "0:00", "", "", false, false, false, ""},
		{"a:b:c", "a:b", "c", "", true, false, false, ""},
		{":/::", ":/:", "", "", false, false, false, ""},
	}
	for _, tt := range tests {
		r := Parse(tt.in)
		if r.Name != tt.name || r.Tag != tt.tag || r.Digest != tt.digest {
			t.Errorf("Parse(%q) = %+v, want name %q tag %q digest %q", tt.in, r, tt.name, tt.tag, tt.digest)
		}
		if r.Pinned() != tt.pinned || r.Resolved() != tt.resolved || r.Floating() != tt.floating {
			t.Errorf("Parse(%q): pinned %v resolved %v floating %v, want %v %v %v", tt.in, r.Pinned(), r.Resolved(), r.Floating(), tt.pinned, tt.resolved, tt.floating)
		}
		if tt.str != "" && r.String() != tt.str {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, r.String(), tt.str)
		}
	}
}

func TestTagVersion(t *testing.T) {
	tests := []struct{ tag, want string }{
		{"1.16.3-erlang-26.2.5-debian-bookworm-20240513-slim", "1.16.3"},
		{"20-alpine", "20"},
		{"3.12-slim-bookworm", "3.12"},
		{"8.0-alpine", "8.0"},
		{"8.0", "8.0"},
		{"3.9.6-eclipse-temurin-17", "3.9.6"},
		{"8.7-jdk21", "8.7"},
		{"2.7", "2.7"},
		{"1", "1"},
		{"20.14-alpine3.20", "20.14"},
		{"1-3.12-bookworm", "1"},
		{"v2.50.0", "v2.50.0"},
		{"V1", "V1"},
		{"3.12rc1", "3.12"},
		{"16_bookworm", "16"},
		{"3.", "3"},
		{"1..2", "1"},
		{" 7.2 ", "7.2"},
		{"latest", ""},
		{"nonroot", ""},
		{"bookworm", ""},
		{"alpine", ""},
		{"slim", ""},
		{"stable", ""},
		{"ltsc2022", ""},
		{"jammy-20240101", ""},
		{"v", ""},
		{"vnext", ""},
		{".5", ""},
		{"${TAG}", ""},
		{"${TAG:-1.0}", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := TagVersion(tt.tag); got != tt.want {
			t.Errorf("TagVersion(%q) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}

func FuzzTagVersion(f *testing.F) {
	for _, s := range []string{"1.16.3-erlang-26.2.5", "20-alpine", "latest", "v2.50.0", "3.", "..1", "v", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tag string) {
		v := TagVersion(tag)
		if !strings.HasPrefix(strings.TrimSpace(tag), v) {
			t.Fatalf("TagVersion(%q) = %q, not a prefix", tag, v)
		}
		if strings.HasSuffix(v, ".") || strings.Contains(v, "..") {
			t.Fatalf("TagVersion(%q) = %q", tag, v)
		}
	})
}

func FuzzRef(f *testing.F) {
	for _, s := range []string{"node:20", "localhost:5000/a/b:1@sha256:x", "docker.io/library/x", "${A:-b:c}/d", "::@@//", "a:b:c", "library/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		r := Parse(ref)
		if r.Floating() && (r.Pinned() || !r.Resolved()) {
			t.Fatalf("%q: floating yet pinned or unresolved: %+v", ref, r)
		}
		if r.Resolved() {
			again := Parse(r.String())
			if again.Name != r.Name || again.Tag != r.Tag || again.Digest != r.Digest {
				// Re-parsing the normalised form must be stable unless the
				// digest itself holds separators.
				if !strings.ContainsAny(r.Digest, "@") && !strings.ContainsAny(r.Tag, "@/:") {
					t.Fatalf("%q: %+v re-parses as %+v", ref, r, again)
				}
			}
		}
	})
}

func TestTagRuntime(t *testing.T) {
	for _, c := range []struct{ tag, name, version string }{
		{"python3.10", "python", "3.10"},
		{"python3.11-slim-2024-01-01", "python", "3.11"},
		{"1.2-node18-alpine", "nodejs", "18"},
		{"jdk17", "java", "17"},
		{"8.0-dotnet6.0", "dotnet", "6.0"},
		{"py3.9_cuda", "python", "3.9"},
		{"20-alpine", "", ""},
		{"alpine3.19", "", ""},
		{"python", "", ""},
		{"python3.", "", ""},
		{"latest", "", ""},
		{"", "", ""},
	} {
		n, v := TagRuntime(c.tag)
		if n != c.name || v != c.version {
			t.Errorf("TagRuntime(%q) = %q, %q; want %q, %q", c.tag, n, v, c.name, c.version)
		}
	}
}

func FuzzTagRuntime(f *testing.F) {
	for _, s := range []string{"python3.10", "1-node18-x", "jdk..1", "go1.", "net8.0", "_-_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tag string) {
		n, v := TagRuntime(tag)
		if (n == "") != (v == "") {
			t.Fatalf("TagRuntime(%q) = %q, %q: name and version go together", tag, n, v)
		}
		if v != "" && (strings.HasSuffix(v, ".") || strings.Contains(v, "..") || strings.Trim(v, "0123456789.") != "") {
			t.Fatalf("TagRuntime(%q) version %q is not dotted numeric", tag, v)
		}
	})
}
