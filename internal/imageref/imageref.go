// Package imageref reads container image references
// ([registry/]repository[:tag][@digest]) the way the catalog matches them:
// Docker Hub's host and "library/" dropped, the tag and digest apart, and
// the version and runtime a tag carries.
package imageref

import "strings"

// Ref is a container image reference split into its parts, with the
// repository normalised the way the catalog matches it.
type Ref struct {
	// Name is the repository: "docker.io/" and "library/" dropped for
	// Docker Hub ("postgres", "bitnami/redis"), other registries kept
	// ("mcr.microsoft.com/dotnet/aspnet", "localhost:5000/app").
	Name string
	// Tag is the tag as written ("20-alpine"), "" when none.
	Tag string
	// Digest is the digest after "@" ("sha256:..."), "" when none.
	Digest string
}

// dockerHubHosts are the names Docker Hub goes by in references.
var dockerHubHosts = []string{"docker.io/", "index.docker.io/", "registry-1.docker.io/", "registry.hub.docker.com/"}

// Parse splits an image reference ("node:20-alpine",
// "docker.io/library/postgres:16@sha256:...", "localhost:5000/app:1.2")
// into a normalised repository, a tag and a digest. It never fails: a
// reference it cannot make sense of comes back with its text as Name, and
// Resolved reports false for names holding unexpanded variables.
func Parse(ref string) Ref {
	ref = strings.TrimSpace(ref)
	var r Ref
	if i := strings.IndexByte(ref, '@'); i >= 0 {
		r.Digest = ref[i+1:]
		ref = ref[:i]
	}
	slash := strings.LastIndexByte(ref, '/')
	for c := strings.LastIndexByte(ref, ':'); c > slash; c = strings.LastIndexByte(ref[:c], ':') {
		if !insideBraces(ref, c) {
			r.Tag = ref[c+1:]
			ref = ref[:c]
			break
		}
	}
	r.Name = normaliseRepo(ref)
	return r
}

// insideBraces reports whether position i of s lies inside a ${...}.
func insideBraces(s string, i int) bool {
	open := strings.LastIndex(s[:i], "${")
	return open >= 0 && !strings.Contains(s[open:i], "}")
}

func normaliseRepo(name string) string {
	hub := true
	for _, h := range dockerHubHosts {
		if len(name) >= len(h) && strings.EqualFold(name[:len(h)], h) {
			name = name[len(h):]
			break
		}
	}
	if i := strings.IndexByte(name, '/'); i >= 0 {
		first := name[:i]
		if strings.ContainsAny(first, ".:") || first == "localhost" {
			hub = false
		}
	}
	if hub && strings.HasPrefix(name, "library/") && len(name) > len("library/") {
		name = name[len("library/"):]
	}
	return name
}

// Pinned reports whether the reference names a fixed image: it has a
// digest, or a tag other than "latest".
func (r Ref) Pinned() bool {
	return r.Digest != "" || (r.Tag != "" && !strings.EqualFold(r.Tag, "latest"))
}

// Resolved reports whether the repository is a plain name, free of
// unexpanded variables (${BASE}) and templates ({{ .Values.image }}), with
// a colon only in a registry host ("localhost:5000/app").
func (r Ref) Resolved() bool {
	if r.Name == "" {
		return false
	}
	// A colon belongs to a registry port: before the first slash only.
	if c := strings.LastIndexByte(r.Name, ':'); c >= 0 {
		if s := strings.IndexByte(r.Name, '/'); s <= 0 || s < c {
			return false
		}
	}
	for i := 0; i < len(r.Name); i++ {
		c := r.Name[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '/' || c == ':'
		if !ok {
			return false
		}
	}
	return true
}

// Floating reports whether the reference should be reported as unpinned:
// a resolved repository other than "scratch", not Pinned, and a tag free of
// variables (a tag such as ${VERSION} is set at build time).
func (r Ref) Floating() bool {
	if !r.Resolved() || r.Pinned() || strings.EqualFold(r.Name, "scratch") {
		return false
	}
	return !strings.ContainsAny(r.Tag, "${}")
}

// String renders the normalised reference: name[:tag][@digest].
func (r Ref) String() string {
	s := r.Name
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// TagVersion returns the leading version part of an image tag: the run of
// digits and dots it starts with (after an optional "v"), up to the first
// other character. "1.16.3-erlang-26.2.5-debian-bookworm-20240513-slim"
// gives "1.16.3", "20-alpine" "20", "3.12-slim-bookworm" "3.12",
// "v2.50.0" "v2.50.0". Tags that do not start with a version ("latest",
// "nonroot", "bookworm", "alpine", "stable", "${TAG}") give "".
func TagVersion(tag string) string {
	tag = strings.TrimSpace(tag)
	i := 0
	if i < len(tag) && (tag[i] == 'v' || tag[i] == 'V') {
		i++
	}
	start := i
	for i < len(tag) && (tag[i] >= '0' && tag[i] <= '9' || tag[i] == '.' && i > start && tag[i-1] != '.') {
		i++
	}
	v := strings.TrimRight(tag[:i], ".")
	if len(v) == start {
		return ""
	}
	return v
}

// tagRuntimes maps the runtime words image tags use to the runtime names
// the catalog matches.
var tagRuntimes = map[string]string{
	"python": "python", "py": "python",
	"node": "nodejs", "nodejs": "nodejs",
	"php":  "php",
	"ruby": "ruby",
	"java": "java", "jdk": "java", "jre": "java", "openjdk": "java", "temurin": "java",
	"go": "go", "golang": "go",
	"dotnet": "dotnet", "net": "dotnet",
}

// TagRuntime reads a runtime and its version out of an image tag that
// carries them in a word of its own, as third-party images do
// ("tiangolo/uvicorn-gunicorn-fastapi:python3.10" gives python 3.10,
// "some/app:1.2-node18-alpine" nodejs 18, "x:jdk17" java 17). Words are
// separated by "-" and "_"; the first word naming a runtime wins. It
// returns "", "" when no word does.
func TagRuntime(tag string) (name, version string) {
	for _, w := range strings.FieldsFunc(strings.ToLower(tag), func(r rune) bool { return r == '-' || r == '_' }) {
		i := 0
		for i < len(w) && w[i] >= 'a' && w[i] <= 'z' {
			i++
		}
		rt, ok := tagRuntimes[w[:i]]
		if !ok || i == len(w) {
			continue
		}
		v := w[i:]
		valid := v[0] >= '0' && v[0] <= '9' && v[len(v)-1] != '.' && !strings.Contains(v, "..")
		for j := 0; j < len(v) && valid; j++ {
			valid = v[j] >= '0' && v[j] <= '9' || v[j] == '.'
		}
		if valid {
			return rt, v
		}
	}
	return "", ""
}
