package gradle

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// SettingsDetector reads settings.gradle and settings.gradle.kts.
var SettingsDetector = detect.Detector{
	Name: "gradle-settings",
	Doc: "Reads Gradle settings scripts (settings.gradle, settings.gradle.kts) with the Gradle token scanner: `include(...)` project paths become a workspace fact (attrs members as comma-separated paths with ':' turned into '/', manager=gradle, included_builds for includeBuild). " +
		"It is not a manifest: the build.gradle files next to it are.",
	Files: []string{"settings.gradle", "settings.gradle.kts"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == "settings.gradle" || b == "settings.gradle.kts"
	},
	Detect: detectSettings,
}

func detectSettings(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	toks, lexErr := lex(in.Data, modeGroovy)
	stmts, parseErr := parseStmts(toks)
	var members, builds []string
	line := 0
	var walk func([]*stmt, int)
	walk = func(ss []*stmt, depth int) {
		if depth > maxNesting {
			return
		}
		for _, s := range ss {
			switch s.name() {
			case "include", "includeBuild":
				for _, t := range s.head[1:] {
					if t.kind != tString || strings.Contains(t.text, "$") {
						continue
					}
					if line == 0 {
						line = s.line()
					}
					if s.name() == "includeBuild" {
						builds = append(builds, t.text)
						continue
					}
					m := strings.ReplaceAll(strings.TrimPrefix(t.text, ":"), ":", "/")
					if m != "" {
						members = append(members, m)
					}
				}
			}
			walk(s.body, depth+1)
		}
	}
	walk(stmts, 0)
	var out []stack.Signal
	if len(members) > 0 || len(builds) > 0 {
		attrs := map[string]string{"members": strings.Join(members, ","), "manager": "gradle"}
		if len(builds) > 0 {
			attrs["included_builds"] = strings.Join(builds, ",")
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactWorkspace, Line: line, Attrs: attrs})
	}
	return out, errors.Join(lexErr, parseErr)
}
