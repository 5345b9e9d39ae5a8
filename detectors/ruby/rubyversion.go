package ruby

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// VersionDetector reads .ruby-version.
var VersionDetector = detect.Detector{
	Name:   "ruby-version",
	Doc:    "Reads a .ruby-version file: the runtime ruby with the version written there (a `ruby-` prefix is dropped; other engines such as jruby-9.4 keep their version and set the attribute engine).",
	Files:  []string{".ruby-version"},
	Match:  func(p string) bool { return path.Base(p) == ".ruby-version" },
	Detect: detectRubyVersion,
}

var reVersionText = lazyregexp.New(`^[0-9][0-9A-Za-z.+_-]*$`)

func detectRubyVersion(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	v, engine, ok := parseRubyVersion(in.Data)
	if !ok {
		return nil, detect.Errorf(1, 1, "expected a Ruby version such as 3.3.0 or ruby-3.3.0")
	}
	if v == "" {
		return nil, nil
	}
	s := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "ruby", Version: v, Line: 1}
	if engine != "" {
		s.Attrs = map[string]string{"engine": engine}
	}
	return []stack.Signal{s}, nil
}

// parseRubyVersion reads the first line of a .ruby-version file. An empty
// file gives "", "", true.
func parseRubyVersion(data []byte) (version, engine string, ok bool) {
	first, _, _ := strings.Cut(strings.ReplaceAll(string(data), "\r", ""), "\n")
	first = strings.TrimSpace(strings.TrimPrefix(first, "\ufeff"))
	if first == "" {
		return "", "", true
	}
	if e, rest, found := strings.Cut(first, "-"); found && e != "" && (e[0] < '0' || e[0] > '9') {
		engine, first = e, rest
		if engine == "ruby" {
			engine = ""
		}
	}
	if !reVersionText.MatchString(first) {
		return "", "", false
	}
	return first, engine, true
}
