// Package ruby detects Ruby projects from Bundler files: the Gemfile
// (declared gems, groups and the ruby directive), Gemfile.lock (locked gem
// versions and the locked ruby) and .ruby-version.
package ruby

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/envname"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// GemfileDetector reads Gemfile and gems.rb.
var GemfileDetector = detect.Detector{
	Name:     "gemfile",
	Doc:      "Reads a Gemfile (or gems.rb) line by line: always the runtime ruby (with the version of a `ruby '3.3.0'` directive, or read from the file named by `ruby file: \".ruby-version\"`), and each `gem` as a RubyGems package with its constraints joined by \", \". Gems inside `group :development, :test do ... end` blocks, or with a `group:`/`groups:` option, whose groups are all development-only groups (development, test, ci, lint...) are dev-scoped; the production group or no group is runtime. `source` lines are ignored.",
	Files:    []string{"Gemfile", "gems.rb"},
	Match:    func(p string) bool { b := path.Base(p); return b == "Gemfile" || b == "gems.rb" },
	Manifest: func(string) bool { return true },
	Detect:   detectGemfile,
}

// rubyDevGroups are Bundler groups that never run in production beyond
// envname.DevGroup's words: Cucumber's features, and local and tools,
// which name runtime extras in other ecosystems.
var rubyDevGroups = map[string]bool{"features": true, "local": true, "tools": true}

// gem is one gem declaration.
type gem struct {
	name, version string
	dev           bool
	line          int
}

// gemfile is what a Gemfile declares.
type gemfile struct {
	gems        []gem
	ruby        string // version of the ruby directive
	rubyFile    string // file named by `ruby file:`
	rubyLine    int
	rubyEngine  string
	hasRubyDecl bool
}

func detectGemfile(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	gf, err := parseGemfile(in.Data)
	rb := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "ruby", Version: gf.ruby, Line: gf.rubyLine}
	if gf.rubyFile != "" {
		rb.Attrs = map[string]string{"file": gf.rubyFile}
		if in.Files != nil {
			if b, rerr := in.Files.ReadFile(path.Join(path.Dir(in.Path), gf.rubyFile)); rerr == nil {
				if v, engine, ok := parseRubyVersion(b); ok && v != "" {
					rb.Version = v
					if engine != "" {
						rb.Attrs["engine"] = engine
					}
				}
			}
		}
	}
	if gf.rubyEngine != "" {
		if rb.Attrs == nil {
			rb.Attrs = map[string]string{}
		}
		rb.Attrs["engine"] = gf.rubyEngine
	}
	out := []stack.Signal{rb}
	for _, g := range gf.gems {
		s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoRubyGems, Name: g.name, Version: g.version, Line: g.line}
		if g.dev {
			s.Scope = stack.ScopeDev
		}
		out = append(out, s)
	}
	return out, err
}

var (
	reGem       = lazyregexp.New(`^gem\b\s*\(?\s*`)
	reRuby      = lazyregexp.New(`^ruby\b\s*\(?\s*`)
	reGroup     = lazyregexp.New(`^group\b\s*\(?`)
	reDoEnd     = lazyregexp.New(`\bdo\s*(\|[^|]*\|)?$`)
	reOpener    = lazyregexp.New(`^(if|unless|case|while|until|begin|def|class|module)\b`)
	reEnd       = lazyregexp.New(`^end\b`)
	reOneLinEnd = lazyregexp.New(`\bend\s*$`)
	reSymbol    = lazyregexp.New(`(?:^|[\s,(\[]):(\w+)|["'](\w+)["']`)
	reGroupOpt  = lazyregexp.New(`^:?groups?\s*(?::|=>)\s*(.*)$`)
	reOptKey    = lazyregexp.New(`^:?\w+\s*(?::|=>)`)
	reEngineOpt = lazyregexp.New(`^:?engine\s*(?::|=>)\s*["']([\w-]+)["']`)
	reFileOpt   = lazyregexp.New(`^:?file\s*(?::|=>)\s*["']([^"']+)["']`)
)

// statement is a logical line: physical lines joined while a call
// continues (trailing comma, backslash or open bracket).
type statement struct {
	text string
	line int
}

// statements splits Ruby source into comment-free logical lines. It
// reports unterminated strings.
func statements(data []byte) ([]statement, []error) {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var out []statement
	var errs []error
	inDoc := false
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		if inDoc {
			if strings.HasPrefix(raw, "=end") {
				inDoc = false
			}
			continue
		}
		if strings.HasPrefix(raw, "=begin") {
			inDoc = true
			continue
		}
		text, open, depth := stripComment(raw)
		start := i + 1
		for j := 0; j < 20 && i+1 < len(lines) && !open && continues(text, depth); j++ {
			i++
			more, o, d := stripComment(lines[i])
			text = strings.TrimRight(strings.TrimSuffix(strings.TrimSpace(text), `\`), " ") + " " + strings.TrimSpace(more)
			open, depth = o, depth+d
		}
		if open {
			errs = append(errs, detect.Errorf(start, 0, "unterminated string; expected a closing quote on the same line"))
			continue
		}
		text = strings.TrimSpace(text)
		if text != "" {
			out = append(out, statement{text: text, line: start})
		}
	}
	return out, errs
}

func continues(text string, depth int) bool {
	t := strings.TrimSpace(text)
	return depth > 0 || strings.HasSuffix(t, ",") || strings.HasSuffix(t, `\`)
}

// stripComment drops a trailing # comment outside quotes. It reports an
// unterminated quote and the bracket depth change of the line.
func stripComment(s string) (text string, open bool, depth int) {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '#':
			return s[:i], false, depth
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		}
	}
	return s, q != 0, depth
}

// splitArgs splits call arguments at top-level commas.
func splitArgs(s string) []string {
	var out []string
	var q byte
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if last := strings.TrimSpace(s[start:]); last != "" {
		out = append(out, last)
	}
	return out
}

// unquote returns the content of a single- or double-quoted literal.
func unquote(s string) (string, bool) {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		inner := s[1 : len(s)-1]
		if !strings.ContainsRune(inner, rune(s[0])) {
			return inner, true
		}
	}
	return "", false
}

// cutModifier drops a trailing `if`/`unless` statement modifier outside quotes.
func cutModifier(s string) string {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == ' ' && (strings.HasPrefix(s[i:], " if ") || strings.HasPrefix(s[i:], " unless ")):
			return s[:i]
		}
	}
	return s
}

// maxFrames bounds block nesting; deeper blocks are counted, not kept.
const maxFrames = 64

type frame struct {
	group bool // a group block
	// grouped and allDev sum up the enclosing group blocks, this one
	// included: some group applies, and every group met is a dev group.
	grouped, allDev bool
	line            int
}

func parseGemfile(data []byte) (gemfile, error) {
	var gf gemfile
	stmts, errs := statements(data)
	var frames []frame
	overflow := 0 // blocks opened beyond maxFrames
	push := func(f frame) {
		if len(frames) >= maxFrames {
			overflow++
			return
		}
		if n := len(frames); n > 0 {
			outer := frames[n-1]
			if outer.grouped {
				f.allDev = outer.allDev && (!f.grouped || f.allDev)
				f.grouped = true
			}
		}
		frames = append(frames, f)
	}
	for _, st := range stmts {
		t := st.text
		switch {
		case reEnd.MatchString(t):
			if overflow > 0 {
				overflow--
			} else if len(frames) > 0 {
				frames = frames[:len(frames)-1]
			}
		case reGroup.MatchString(t) && reDoEnd.MatchString(t):
			args := reDoEnd.ReplaceAllString(t[len("group"):], "")
			gs := symbols(args)
			push(frame{group: true, grouped: len(gs) > 0, allDev: len(gs) > 0 && allDevGroups(gs), line: st.line})
		case reGem.MatchString(t):
			g, err := parseGem(cutModifier(t[len(reGem.FindString(t)):]), st.line, frames)
			if err != nil {
				errs = append(errs, err)
			} else if g.name != "" {
				gf.gems = append(gf.gems, g)
			}
			if reDoEnd.MatchString(t) {
				push(frame{line: st.line})
			}
		case reRuby.MatchString(t) && !gf.hasRubyDecl:
			gf.hasRubyDecl = true
			gf.rubyLine = st.line
			for _, a := range splitArgs(strings.TrimSuffix(strings.TrimSpace(t[len(reRuby.FindString(t)):]), ")")) {
				if v, ok := unquote(a); ok && gf.ruby == "" {
					gf.ruby = v
				} else if m := reFileOpt.FindStringSubmatch(a); m != nil {
					gf.rubyFile = m[1]
				} else if m := reEngineOpt.FindStringSubmatch(a); m != nil && m[1] != "ruby" {
					gf.rubyEngine = m[1]
				}
			}
		case reDoEnd.MatchString(t):
			push(frame{line: st.line})
		case reOpener.MatchString(t) && !reOneLinEnd.MatchString(t):
			push(frame{line: st.line})
		}
	}
	for _, f := range frames {
		if f.group {
			errs = append(errs, detect.Errorf(f.line, 0, "group block is never closed; expected `end`"))
		}
	}
	return gf, errors.Join(errs...)
}

// symbols lists the group names of `:a, :b` or `"a", "b"` argument lists,
// skipping keyword options such as `optional: true`.
func symbols(s string) []string {
	out := []string{}
	for _, a := range splitArgs(strings.Trim(strings.TrimSpace(s), "()")) {
		if reOptKey.MatchString(a) {
			continue
		}
		for _, m := range reSymbol.FindAllStringSubmatch(a, -1) {
			out = append(out, m[1]+m[2])
		}
	}
	return out
}

func parseGem(args string, line int, frames []frame) (gem, error) {
	args = strings.TrimSpace(args)
	if strings.HasSuffix(args, ")") && strings.Count(args, "(") < strings.Count(args, ")") {
		args = strings.TrimSuffix(args, ")")
	}
	args = strings.TrimSpace(reDoEnd.ReplaceAllString(args, ""))
	parts := splitArgs(args)
	if len(parts) == 0 {
		return gem{}, detect.Errorf(line, 0, "gem without a name; expected gem \"name\", \"constraint\"")
	}
	name, ok := unquote(parts[0])
	if !ok {
		// A computed name (gem name_var): valid Ruby this scanner cannot follow.
		return gem{}, nil
	}
	g := gem{name: strings.TrimSpace(name), line: line}
	if g.name == "" {
		return gem{}, detect.Errorf(line, 0, "gem with an empty name")
	}
	var versions, groups []string
	inline := false
	for _, a := range parts[1:] {
		if v, ok := unquote(a); ok && !inline {
			versions = append(versions, strings.TrimSpace(v))
			continue
		}
		inline = true
		if m := reGroupOpt.FindStringSubmatch(a); m != nil {
			v := strings.TrimSpace(m[1])
			if strings.HasPrefix(v, "%i") || strings.HasPrefix(v, "%w") {
				groups = append(groups, strings.Fields(strings.Trim(v[2:], "[](){}"))...)
			} else {
				groups = append(groups, symbols(strings.Trim(v, "[]"))...)
			}
		}
	}
	g.version = strings.Join(versions, ", ")
	grouped, allDev := len(groups) > 0, allDevGroups(groups)
	if n := len(frames); n > 0 && frames[n-1].grouped {
		grouped, allDev = true, allDev && frames[n-1].allDev
	}
	g.dev = grouped && allDev
	return g, nil
}

// allDevGroups reports whether every group is a development-only group.
func allDevGroups(groups []string) bool {
	for _, gr := range groups {
		if !envname.DevGroup(gr) && !rubyDevGroups[strings.ToLower(gr)] {
			return false
		}
	}
	return true
}
