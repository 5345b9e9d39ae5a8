package gradle

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// SbtDetector reads sbt builds: build.sbt, project/*.sbt and project/*.scala.
var SbtDetector = detect.Detector{
	Name: "sbt",
	Doc: "Reads sbt builds (build.sbt, project/*.sbt such as plugins.sbt, project/*.scala such as Dependencies.scala) with a Scala token scanner. " +
		"Each `\"group\" %% \"artifact\" % \"version\"` module (in libraryDependencies, Seq(...) lists or vals; `val` versions resolved) is a maven package `group:artifact` (the artifact without its Scala suffix; attr cross=scala for %%, scalajs for %%%), `% Test` and other test configurations as dev scope; `addSbtPlugin(...)` is a maven `plugin:group:artifact` with role=plugin. " +
		"build.sbt always gives runtime scala, with the version of `scalaVersion :=` when set. Only build.sbt is a manifest.",
	Files:    []string{"*.sbt", "*.scala"},
	Match:    matchSbt,
	Manifest: func(p string) bool { return path.Base(p) == "build.sbt" },
	Detect:   detectSbt,
}

func matchSbt(p string) bool {
	b := path.Base(p)
	if b == "build.sbt" {
		return true
	}
	if !strings.HasSuffix(b, ".sbt") && !strings.HasSuffix(b, ".scala") {
		return false
	}
	d := path.Dir(p)
	return d == "project" || strings.HasSuffix(d, "/project")
}

// scalaSuffix is an explicit Scala binary version suffix (_2.13, _3).
var scalaSuffix = lazyregexp.New(`_(2\.1[0-3]|3)$`)

func detectSbt(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	toks, lexErr := lex(in.Data, modeScala)
	// drop newlines: sbt expressions span lines freely
	flat := toks[:0:0]
	for _, t := range toks {
		if t.kind != tNewline {
			flat = append(flat, t)
		}
	}
	toks = flat
	vars := map[string]string{}
	for i := 0; i+3 < len(toks); i++ {
		if toks[i].kind == tIdent && (toks[i].text == "val" || toks[i].text == "var") && toks[i+1].kind == tIdent && toks[i+2].is(tPunct, "=") && toks[i+3].kind == tString &&
			(i+4 >= len(toks) || toks[i+4].kind != tPunct || toks[i+4].text == ")" || toks[i+4].text == "}" || toks[i+4].text == ";") {
			vars[toks[i+1].text] = toks[i+3].text
		}
	}
	strVal := func(i int) (string, string, bool) { // value, ref name, ok
		if i >= len(toks) {
			return "", "", false
		}
		t := toks[i]
		if t.kind == tString {
			return t.text, "", true
		}
		if t.kind == tIdent {
			// a.b.c: use the last segment
			j := i
			name := t.text
			for j+2 < len(toks) && toks[j+1].is(tPunct, ".") && toks[j+2].kind == tIdent {
				j += 2
				name = name + "." + toks[j].text
			}
			last := name[strings.LastIndexByte(name, '.')+1:]
			if v, ok := vars[last]; ok {
				return v, name, true
			}
			return "", name, true
		}
		return "", "", false
	}
	var out []stack.Signal
	build := path.Base(in.Path) == "build.sbt"
	scala := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "scala", Line: 1}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.is(tIdent, "scalaVersion") && scala.Version == "" {
			for j := i + 1; j < len(toks) && j < i+6; j++ {
				if toks[j].is(tPunct, ":=") {
					if v, _, _ := strVal(j + 1); v != "" {
						scala.Version, scala.Line = v, t.line
					}
					break
				}
			}
			continue
		}
		// "group" %% "artifact" % version
		if t.kind != tString || i+4 >= len(toks) || toks[i+1].kind != tPunct || toks[i+2].kind != tString || !toks[i+3].is(tPunct, "%") {
			continue
		}
		op := toks[i+1].text
		if op != "%" && op != "%%" && op != "%%%" {
			continue
		}
		group, artifact := t.text, toks[i+2].text
		attrs := map[string]string{}
		switch op {
		case "%%":
			attrs["cross"] = "scala"
		case "%%%":
			attrs["cross"] = "scalajs"
		case "%":
			if m := scalaSuffix.FindStringIndex(artifact); m != nil {
				attrs["scala_suffix"] = artifact[m[0]+1:]
				artifact = artifact[:m[0]]
			}
		}
		version, ref, _ := strVal(i + 4)
		if version == "" && ref != "" {
			attrs["version_ref"] = ref
		}
		s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoMaven, Name: group + ":" + artifact, Version: version, Line: t.line, Attrs: attrs}
		// configuration: % Test, % "test", % "test,it", % IntegrationTest
		j := i + 5
		for j < len(toks) && toks[j].is(tPunct, ".") { // Versions.x.y
			j += 2
		}
		if j+1 < len(toks) && toks[j].is(tPunct, "%") {
			conf := toks[j+1].text
			attrs["configuration"] = conf
			lc := strings.ToLower(conf)
			if strings.Contains(lc, "test") || lc == "it" || strings.HasPrefix(lc, "it,") {
				s.Scope = stack.ScopeDev
			}
		}
		if i >= 2 && toks[i-1].is(tPunct, "(") && toks[i-2].is(tIdent, "addSbtPlugin") {
			s.Name = "plugin:" + s.Name
			attrs["role"] = "plugin"
		}
		if len(attrs) == 0 {
			s.Attrs = nil
		}
		out = append(out, s)
		i += 4
	}
	if build {
		out = append(out, scala)
	}
	return out, lexErr
}
