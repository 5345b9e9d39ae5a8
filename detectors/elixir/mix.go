// Package elixir detects Elixir projects from Mix files: mix.exs (runtime
// elixir and the deps list) and the presence of mix.lock.
package elixir

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// MixDetector reads mix.exs.
var MixDetector = detect.Detector{
	Name:     "mix",
	Doc:      "Reads mix.exs with a light tokenizer (nothing is evaluated): always the runtime elixir, with the requirement of the project's `elixir: \"~> 1.15\"`, and each tuple of the `deps` function's list (`{:phoenix, \"~> 1.7.10\"}`) as a Hex package with its requirement. Dependencies limited by `only:` to environments other than :prod are dev-scoped; the attributes runtime=false, optional=true and source (git, path, umbrella) are kept.",
	Files:    []string{"mix.exs"},
	Match:    func(p string) bool { return path.Base(p) == "mix.exs" },
	Manifest: func(string) bool { return true },
	Detect:   detectMix,
}

// LockDetector notes mix.lock files.
var LockDetector = detect.Detector{
	Name:  "mix-lock",
	Doc:   "Notes a mix.lock file (it is not parsed): a lockfile fact with manager=mix.",
	Files: []string{"mix.lock"},
	Match: func(p string) bool { return path.Base(p) == "mix.lock" },
	Detect: func(context.Context, *detect.Input) ([]stack.Signal, error) {
		return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactLockfile, Attrs: map[string]string{"manager": "mix"}}}, nil
	},
}

func detectMix(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	rt := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "elixir"}
	toks, lexErr := lex(string(in.Data))
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].kind == tKey && toks[i].text == "elixir" && toks[i+1].kind == tString {
			rt.Version, rt.Line = toks[i+1].text, toks[i].line
			break
		}
	}
	out := []stack.Signal{rt}
	body, err := depsBody(toks)
	var errs []error
	if lexErr != nil {
		errs = append(errs, lexErr)
	}
	if err != nil {
		errs = append(errs, err)
	}
	out = append(out, depsIn(body)...)
	return out, errors.Join(errs...)
}

// depsBody finds the tokens of the deps function's body, or of a literal
// `deps: [...]` in the project keyword list.
func depsBody(toks []token) ([]token, error) {
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if t.kind != tIdent || (t.text != "defp" && t.text != "def") || toks[i+1].kind != tIdent || toks[i+1].text != "deps" {
			continue
		}
		j := i + 2
		if j < len(toks) && toks[j].kind == tPunct && toks[j].text == "(" {
			end := matching(toks, j)
			if end < 0 {
				return nil, detect.Errorf(toks[j].line, 0, "unclosed ( in def deps")
			}
			j = end + 1
		}
		if j >= len(toks) {
			return nil, detect.Errorf(t.line, 0, "def deps has no body")
		}
		switch {
		case toks[j].kind == tPunct && toks[j].text == "," && j+1 < len(toks) && toks[j+1].kind == tKey && toks[j+1].text == "do":
			return exprAfter(toks, j+2)
		case toks[j].kind == tIdent && toks[j].text == "do":
			depth := 1
			for k := j + 1; k < len(toks); k++ {
				if toks[k].kind != tIdent {
					continue
				}
				switch toks[k].text {
				case "do", "fn":
					depth++
				case "end":
					depth--
					if depth == 0 {
						return toks[j+1 : k], nil
					}
				}
			}
			return toks[j+1:], detect.Errorf(toks[j].line, 0, "def deps do ... is never closed; expected `end`")
		}
		return nil, detect.Errorf(toks[j].line, 0, "def deps: expected `do`")
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].kind == tKey && toks[i].text == "deps" && toks[i+1].kind == tPunct && toks[i+1].text == "[" {
			return exprAfter(toks, i+1)
		}
	}
	return nil, nil
}

// exprAfter returns the bracketed expression starting at toks[j].
func exprAfter(toks []token, j int) ([]token, error) {
	if j >= len(toks) {
		return nil, nil
	}
	if toks[j].kind == tPunct && strings.Contains("[({", toks[j].text) {
		end := matching(toks, j)
		if end < 0 {
			return toks[j:], detect.Errorf(toks[j].line, 0, "unclosed %s in the deps list", toks[j].text)
		}
		return toks[j : end+1], nil
	}
	return nil, nil
}

// matching returns the index of the bracket closing toks[open], or -1.
func matching(toks []token, open int) int {
	depth := 0
	for k := open; k < len(toks); k++ {
		if toks[k].kind != tPunct {
			continue
		}
		switch toks[k].text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// depsIn reads every `{:name, ...}` tuple of a deps body.
func depsIn(body []token) []stack.Signal {
	var out []stack.Signal
	for i := 0; i+1 < len(body); i++ {
		if body[i].kind != tPunct || body[i].text != "{" || body[i+1].kind != tAtom {
			continue
		}
		end := matching(body, i)
		if end < 0 {
			end = len(body)
		}
		if s, ok := readDep(body[i+1 : end]); ok {
			out = append(out, s)
		}
		i = end
	}
	return out
}

// readDep reads the inside of a dependency tuple.
func readDep(tup []token) (stack.Signal, bool) {
	elems := splitTop(tup)
	if len(elems) == 0 || len(elems[0]) != 1 || elems[0][0].kind != tAtom {
		return stack.Signal{}, false
	}
	s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoHex, Name: elems[0][0].text, Line: elems[0][0].line}
	attrs := map[string]string{}
	rest := elems[1:]
	if len(rest) > 0 && len(rest[0]) == 1 && rest[0][0].kind == tString {
		s.Version = rest[0][0].text
		rest = rest[1:]
	}
	var opts [][]token
	for _, e := range rest {
		if len(e) >= 2 && e[0].kind == tPunct && e[0].text == "[" && e[len(e)-1].text == "]" {
			opts = append(opts, splitTop(e[1:len(e)-1])...)
		} else {
			opts = append(opts, e)
		}
	}
	for _, o := range opts {
		if len(o) < 2 || o[0].kind != tKey {
			continue
		}
		val := o[1:]
		switch o[0].text {
		case "only":
			var envs []string
			for _, v := range val {
				if v.kind == tAtom {
					envs = append(envs, v.text)
				}
			}
			prod := len(envs) == 0
			for _, e := range envs {
				if e == "prod" {
					prod = true
				}
			}
			if !prod {
				s.Scope = stack.ScopeDev
			}
			if len(envs) > 0 {
				attrs["only"] = strings.Join(envs, ",")
			}
		case "runtime":
			if len(val) == 1 && val[0].kind == tIdent && val[0].text == "false" {
				attrs["runtime"] = "false"
			}
		case "optional":
			if len(val) == 1 && val[0].kind == tIdent && val[0].text == "true" {
				attrs["optional"] = "true"
			}
		case "git", "github":
			attrs["source"] = "git"
		case "path":
			attrs["source"] = "path"
		case "in_umbrella":
			attrs["source"] = "umbrella"
		case "hex":
			if len(val) == 1 && (val[0].kind == tAtom || val[0].kind == tString) && val[0].text != "" {
				attrs["rename"] = s.Name
				s.Name = val[0].text
			}
		}
	}
	if len(attrs) > 0 {
		s.Attrs = attrs
	}
	return s, true
}

// splitTop splits tokens at top-level commas.
func splitTop(toks []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for k, t := range toks {
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ",":
			if depth == 0 {
				out = append(out, toks[start:k])
				start = k + 1
			}
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}
