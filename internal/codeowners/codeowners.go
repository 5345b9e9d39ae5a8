// Package codeowners reads GitHub CODEOWNERS files and answers who owns a
// path the way GitHub applies them: gitignore-like patterns, the last
// matching rule wins, a rule without owners leaves the path unowned.
package codeowners

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Locations are where GitHub looks for the file, in the order it tries
// them; the first one found is the only one used.
var Locations = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}

// maxSize is the largest file GitHub reads (3 MB); a larger one is ignored.
const maxSize = 3 << 20

// File is a parsed CODEOWNERS file.
type File struct {
	// Path is where it was found ("" when parsed from bytes).
	Path string
	// Rules in file order.
	Rules []Rule
	// Problems are lines GitHub would reject or ignore, with their line.
	Problems []Problem
}

// Rule is one pattern line.
type Rule struct {
	// Pattern is as written; Line is its 1-based line.
	Pattern string `json:"pattern"`
	Line    int    `json:"line"`
	// Owners are @users, @org/teams or e-mail addresses; empty means the
	// matching paths have no owner.
	Owners []string `json:"owners"`

	segs     []string
	dirOnly  bool
	children bool // the last segment is "*": direct children only
}

// Problem is a line that cannot be applied.
type Problem struct {
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Message) }

// Find reads the first CODEOWNERS file GitHub would use in fsys; nil when
// there is none.
func Find(fsys fs.FS) (*File, error) {
	for _, loc := range Locations {
		st, err := fs.Stat(fsys, loc)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", loc, err)
		}
		if st.IsDir() {
			continue
		}
		if st.Size() > maxSize {
			return &File{Path: loc, Problems: []Problem{{Message: "larger than 3 MB: GitHub ignores it"}}}, nil
		}
		data, err := fs.ReadFile(fsys, loc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", loc, err)
		}
		f := Parse(data)
		f.Path = loc
		return f, nil
	}
	return nil, nil
}

// Parse reads a CODEOWNERS file. It never fails: lines GitHub cannot apply
// are reported in Problems and skipped.
func Parse(data []byte) *File {
	f := &File{}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		line = stripComment(line)
		if line == "" {
			continue
		}
		fields := splitFields(line)
		pat := fields[0]
		r := Rule{Pattern: pat, Line: n, Owners: fields[1:]}
		if strings.HasPrefix(pat, "!") {
			f.Problems = append(f.Problems, Problem{n, fmt.Sprintf("%q: negation (!) is not supported by GitHub; the line is ignored", pat)})
			continue
		}
		if strings.ContainsAny(pat, "[]") && !strings.Contains(pat, `\[`) {
			f.Problems = append(f.Problems, Problem{n, fmt.Sprintf("%q: character ranges ([ ]) are not supported by GitHub; the line is ignored", pat)})
			continue
		}
		bad := false
		for _, o := range r.Owners {
			if !validOwner(o) {
				f.Problems = append(f.Problems, Problem{n, fmt.Sprintf("%q: expected @user, @org/team or an e-mail address", o)})
				bad = true
			}
		}
		if bad {
			// GitHub skips a line with an invalid owner.
			continue
		}
		r.compile()
		f.Rules = append(f.Rules, r)
	}
	return f
}

// stripComment drops a # comment (a \# is a literal #).
func stripComment(line string) string {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '#':
			return strings.TrimSpace(line[:i])
		}
	}
	return line
}

// splitFields splits on blanks, keeping escaped spaces ("a\ b") in a field.
func splitFields(line string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			i++
			if line[i] == ' ' || line[i] == '#' {
				cur.WriteByte(line[i])
			} else {
				cur.WriteByte('\\')
				cur.WriteByte(line[i])
			}
		case c == ' ' || c == '\t':
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func validOwner(o string) bool {
	if strings.HasPrefix(o, "@") {
		name := o[1:]
		org, team, isTeam := strings.Cut(name, "/")
		if isTeam {
			return org != "" && team != "" && !strings.Contains(team, "/")
		}
		return name != ""
	}
	at := strings.Index(o, "@")
	return at > 0 && at < len(o)-1
}

// compile turns the pattern into path segments: a pattern with a slash at
// its start or in its middle is anchored at the root, any other one
// matches at any depth; a trailing slash matches folders only.
func (r *Rule) compile() {
	p := r.Pattern
	if strings.HasSuffix(p, "/") {
		r.dirOnly = true
		p = strings.TrimRight(p, "/")
	}
	anchored := strings.HasPrefix(p, "/") || strings.Contains(p, "/")
	p = strings.TrimLeft(p, "/")
	if p == "" {
		// "/" alone: the whole repository.
		r.segs = []string{"**"}
		return
	}
	if !anchored {
		p = "**/" + p
	}
	for _, seg := range strings.Split(p, "/") {
		// "a/**/**/b" is "a/**/b"; collapsing keeps matching linear.
		if seg == "**" && len(r.segs) > 0 && r.segs[len(r.segs)-1] == "**" {
			continue
		}
		r.segs = append(r.segs, seg)
	}
	r.children = len(r.segs) > 1 && r.segs[len(r.segs)-1] == "*" && r.segs[len(r.segs)-2] != "**"
	if r.segs[len(r.segs)-1] == "**" {
		// "docs/**": everything under docs.
		r.segs = r.segs[:len(r.segs)-1]
		r.dirOnly = true
	}
}

// Match reports whether the rule applies to the file at name
// (slash-separated, relative to the repository root).
func (r *Rule) Match(name string) bool {
	if len(r.segs) == 0 {
		r.compile()
	}
	segs := strings.Split(strings.Trim(name, "/"), "/")
	if !r.dirOnly && matchSegs(r.segs, segs) {
		return true
	}
	if r.children {
		// GitHub: "docs/*" owns docs/a.md, not docs/sub/b.md.
		return false
	}
	// A pattern matching a folder owns everything under it.
	for i := len(segs) - 1; i >= 1; i-- {
		if matchSegs(r.segs, segs[:i]) {
			return true
		}
	}
	return false
}

// matchSegs matches path segments against pattern segments; "**" stands
// for any number of segments (none included).
func matchSegs(pat, name []string) bool {
	if len(pat) == 0 {
		return len(name) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(name); i++ {
			if matchSegs(pat[1:], name[i:]) {
				return true
			}
		}
		return false
	}
	if len(name) == 0 {
		return false
	}
	ok, err := path.Match(pat[0], name[0])
	if err != nil || !ok {
		return false
	}
	return matchSegs(pat[1:], name[1:])
}

// Owner returns the rule that owns the file at name: the last rule that
// matches. ok is false when no rule matches.
func (f *File) Owner(name string) (Rule, bool) {
	if f == nil {
		return Rule{}, false
	}
	for i := len(f.Rules) - 1; i >= 0; i-- {
		if f.Rules[i].Match(name) {
			return f.Rules[i], true
		}
	}
	return Rule{}, false
}

// anyFile stands for "a file directly in the folder" when asking who owns
// a folder: it matches "*" and "dir/*", never an extension or a name.
const anyFile = "\x00"

// FolderOwner returns the rule that owns the files directly in folder
// ("." or "" for the root): the rule GitHub applies to a new file there
// whatever its name.
func (f *File) FolderOwner(folder string) (Rule, bool) {
	folder = strings.Trim(folder, "/")
	if folder == "." {
		folder = ""
	}
	return f.Owner(path.Join(folder, anyFile))
}
