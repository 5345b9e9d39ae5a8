// Package nix reads Nix files lexically, without a Nix evaluator: flakes
// (flake.nix) and NixOS modules (services.postgresql.enable = true), for
// the services a machine runs, the packages a development shell brings and
// the builders a package is made with.
package nix

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads *.nix files.
var Detector = detect.Detector{
	Name: "nix",
	Doc: "Reads Nix files (flake.nix and other *.nix) lexically, nothing evaluated: attribute bindings are followed through nested attribute sets (and sets passed to functions such as mkIf or mkShell) to their full paths. " +
		"flake.nix gives tool nix. A NixOS option `services.<name>.enable = true` (or `virtualisation.docker.enable`, and `services.redis.servers.<n>.enable`) gives a nix signal `services.<name>` at its line, " +
		"with the version of `services.<name>.package = pkgs.postgresql_16` (16), and tool nixos; packages listed in a development shell (`packages`, `buildInputs`, `nativeBuildInputs` under devShell(s) or shell) " +
		"are dev-scoped nix signals `pkgs.<name>` (the version suffix go_1_22 read as 1.22); builder functions (buildGoModule, buildNpmPackage, buildPythonApplication, buildRustPackage, mixRelease, buildMavenPackage...) give `builder:<name>`. " +
		"Development environments (Project IDX's .idx/dev.nix, devenv.sh's devenv.nix) start services on the developer's workstation: all their signals have scope dev, and they give no tool nixos. " +
		"The catalog says what each name is. Files nested deeper than 256 sets are read up to that depth.",
	Files:  []string{"*.nix"},
	Match:  func(p string) bool { return path.Ext(p) == ".nix" },
	Detect: detectNix,
}

// builders are nixpkgs functions building a package of one ecosystem.
var builders = map[string]bool{
	"buildGoModule": true, "buildGoPackage": true, "buildNpmPackage": true, "mkYarnPackage": true, "buildPythonApplication": true,
	"buildPythonPackage": true, "buildRustPackage": true, "mixRelease": true, "buildMix": true, "buildMavenPackage": true,
	"buildDotnetModule": true, "buildGradlePackage": true, "bundlerApp": true, "bundlerEnv": true, "buildComposerProject": true, "buildComposerProject2": true,
}

// maxDepth bounds the nesting of attribute sets followed.
const maxDepth = 256

type frame struct {
	prefix  []string
	pending []string // the path of the binding whose value is being read
}

func detectNix(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	toks := lex(in.Data)
	var out []stack.Signal
	if path.Base(in.Path) == "flake.nix" {
		out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "nix", Line: 1})
	}
	services := map[string]int{} // name -> index in out
	versions := map[string]string{}
	seenBuilder := map[string]bool{}
	nixosLine := 0
	stackF := []frame{{}}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		f := &stackF[len(stackF)-1]
		switch {
		case t.text == "{" && t.kind == tPunct:
			prefix := f.prefix
			if f.pending != nil {
				prefix = f.pending
			}
			if len(stackF) < maxDepth {
				stackF = append(stackF, frame{prefix: prefix})
			}
			continue
		case t.text == "}" && t.kind == tPunct:
			if len(stackF) > 1 {
				stackF = stackF[:len(stackF)-1]
			}
			continue
		case t.text == ";" && t.kind == tPunct:
			f.pending = nil
			continue
		case t.kind == tIdent && builders[t.text]:
			if !seenBuilder[t.text] {
				seenBuilder[t.text] = true
				out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNix, Name: "builder:" + t.text, Line: t.line})
			}
		}
		if f.pending != nil || !bindingStart(toks, i) {
			continue
		}
		attr, next := attrPath(toks, i)
		if attr == nil || next >= len(toks) || toks[next].text != "=" {
			continue
		}
		full := append(append([]string(nil), f.prefix...), attr...)
		v := next + 1
		if v < len(toks) && toks[v].text == "{" {
			f.pending = full
			i = v - 1
			continue
		}
		f.pending = full
		// A simple value: true, a package, or a list of packages.
		switch {
		case v+1 < len(toks) && toks[v].kind == tIdent && toks[v].text == "true" && toks[v+1].text == ";":
			if name := serviceOf(full); name != "" {
				if _, ok := services[name]; !ok {
					services[name] = len(out)
					out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNix, Name: name, Line: toks[v].line})
				}
				if nixosLine == 0 {
					nixosLine = attrLine(toks, i)
				}
			}
		case len(full) >= 3 && full[len(full)-1] == "package" && v < len(toks) && toks[v].kind == tIdent:
			if svc := serviceOf(append(append([]string(nil), full[:len(full)-1]...), "enable")); svc != "" {
				sel, _ := selector(toks, v)
				_, ver := pkgVersion(lastPart(sel))
				if ver != "" {
					versions[svc] = ver
				}
			}
		case isPackageList(full):
			j := v
			if j < len(toks) && toks[j].text == "with" {
				for j < len(toks) && toks[j].text != ";" {
					j++
				}
				j++
			}
			if j < len(toks) && toks[j].text == "[" {
				for _, s := range listPackages(toks, j) {
					s.Scope = stack.ScopeDev
					out = append(out, s)
				}
			}
		}
	}
	for name, idx := range services {
		if v := versions[name]; v != "" {
			out[idx].Version = v
		}
	}
	if devEnvironment(in.Path) {
		// The services run on the developer's workstation: development,
		// and no NixOS machine.
		for i := range out {
			out[i].Scope = stack.ScopeDev
		}
		return out, nil
	}
	if nixosLine > 0 {
		out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "nixos", Line: nixosLine})
	}
	return out, nil
}

// devEnvironment reports whether a Nix file defines a development
// environment rather than a machine: Project IDX's (Firebase Studio's)
// workspace file .idx/dev.nix, and devenv.sh's devenv.nix.
func devEnvironment(p string) bool {
	return path.Base(p) == "devenv.nix" || p == ".idx/dev.nix" || strings.HasSuffix(p, "/.idx/dev.nix")
}

// bindingStart reports whether toks[i] may start a binding: it follows
// `{`, `;`, `let` or `rec`, or starts the file.
func bindingStart(toks []token, i int) bool {
	if toks[i].kind != tIdent && toks[i].kind != tString {
		return false
	}
	if i == 0 {
		return true
	}
	p := toks[i-1].text
	return toks[i-1].kind == tPunct && (p == "{" || p == ";") || toks[i-1].kind == tIdent && (p == "let" || p == "rec")
}

// attrPath reads `a.b."c"` at toks[i] and returns its parts and the index
// after it.
func attrPath(toks []token, i int) ([]string, int) {
	var parts []string
	for i < len(toks) && len(parts) < 64 {
		if toks[i].kind != tIdent && toks[i].kind != tString {
			return nil, i
		}
		parts = append(parts, toks[i].text)
		i++
		if i < len(toks) && toks[i].text == "." && toks[i].kind == tPunct {
			i++
			continue
		}
		return parts, i
	}
	return nil, i
}

// attrLine is the line of the binding starting at toks[i].
func attrLine(toks []token, i int) int { return toks[i].line }

// serviceOf returns the nix name of a NixOS service a `....enable` path
// turns on: services.<name> (services.redis.servers.x.enable is
// services.redis), virtualisation.<name>; "" otherwise.
func serviceOf(p []string) string {
	if len(p) < 3 || p[len(p)-1] != "enable" {
		return ""
	}
	for i := len(p) - 3; i >= 0; i-- {
		if p[i] == "services" || p[i] == "virtualisation" {
			return p[i] + "." + p[i+1]
		}
	}
	return ""
}

// isPackageList reports whether a binding lists a development shell's
// packages.
func isPackageList(p []string) bool {
	if len(p) == 0 {
		return false
	}
	switch p[len(p)-1] {
	case "packages", "buildInputs", "nativeBuildInputs":
	default:
		return false
	}
	for _, x := range p[:len(p)-1] {
		if strings.HasPrefix(x, "devShell") || x == "shell" || x == "devShells" {
			return true
		}
	}
	return false
}

// selector reads an identifier path `pkgs.postgresql_16` at toks[i].
func selector(toks []token, i int) (string, int) {
	parts := []string{toks[i].text}
	i++
	for i+1 < len(toks) && toks[i].text == "." && toks[i+1].kind == tIdent && len(parts) < 16 {
		parts = append(parts, toks[i+1].text)
		i += 2
	}
	return strings.Join(parts, "."), i
}

func lastPart(sel string) string {
	if i := strings.LastIndexByte(sel, '.'); i >= 0 {
		return sel[i+1:]
	}
	return sel
}

// pkgVersion splits a nixpkgs attribute name from its version suffix:
// postgresql_16 → postgresql, 16; go_1_22 → go, 1.22; nodejs_20 →
// nodejs, 20. A suffix of three or more digits (mariadb_110) is no
// version it can read.
func pkgVersion(name string) (string, string) {
	parts := strings.Split(name, "_")
	end := len(parts)
	for end > 1 && allDigits(parts[end-1]) {
		end--
	}
	if end == len(parts) {
		return name, ""
	}
	nums := parts[end:]
	if len(nums) == 1 && len(nums[0]) > 2 {
		return strings.Join(parts[:end], "_"), ""
	}
	return strings.Join(parts[:end], "_"), strings.Join(nums, ".")
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// listPackages reads the top-level identifier paths of the list opening
// at toks[open] as nixpkgs packages.
func listPackages(toks []token, open int) []stack.Signal {
	var out []stack.Signal
	depth := 0
	for i := open; i < len(toks) && len(out) < 512; i++ {
		t := toks[i]
		switch {
		case t.kind == tPunct && (t.text == "[" || t.text == "(" || t.text == "{"):
			depth++
		case t.kind == tPunct && (t.text == "]" || t.text == ")" || t.text == "}"):
			depth--
			if depth == 0 {
				return out
			}
		case depth == 1 && t.kind == tIdent:
			sel, next := selector(toks, i)
			name, ver := pkgVersion(lastPart(sel))
			out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNix, Name: "pkgs." + name, Version: ver, Line: t.line})
			i = next - 1
		}
	}
	return out
}
