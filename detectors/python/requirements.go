package python

import (
	"errors"
	"path"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// maxIncludeDepth is how deep -r and -c includes are followed.
const maxIncludeDepth = 5

// isRequirementsFile reports whether a path names a pip requirements file:
// requirements*.txt, *-requirements.txt, *_requirements.txt, or any .txt
// file in a folder named requirements.
func isRequirementsFile(p string) bool {
	if !strings.HasSuffix(p, ".txt") {
		return false
	}
	dir, b := "", p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		dir, b = p[:i], p[i+1:]
	}
	if strings.HasPrefix(b, "requirements") || strings.HasSuffix(b, "-requirements.txt") || strings.HasSuffix(b, "_requirements.txt") {
		return true
	}
	return dir == "requirements" || strings.HasSuffix(dir, "/requirements")
}

// requirementsDev reports whether a requirements file is development-only by
// its name (requirements-dev.txt, requirements/test.txt, lint-requirements.txt).
func requirementsDev(p string) bool {
	return isDevName(strings.TrimSuffix(path.Base(p), ".txt"))
}

// ParseRequirements reads a pip requirements file at path p (slash-separated,
// relative to the scanned root). Includes (-r, -c) are read through files,
// relative to the including file; files may be nil, in which case includes
// are not followed. Signals from an included file carry its path, its lines
// and the scope its own name gives it (requirements.txt stays runtime when
// requirements-dev.txt includes it); errors in it are ParseErrors naming it.
//
// An included file the scanner reads on its own (isRequirementsFile) emits
// nothing here: its signals and errors come from its own scan. Its
// constraint includes (-c) still give versions to this file's requirements.
func ParseRequirements(p string, data []byte, files detect.FileReader) ([]stack.Signal, error) {
	rp := &reqParser{files: files, visited: map[string]bool{p: true}, constraints: map[string]constraint{}}
	rp.file(p, data, 0, requirementsDev(p), false, false)
	for i := range rp.out {
		s := &rp.out[i]
		if s.Version != "" {
			continue
		}
		if c, ok := rp.constraints[s.Name]; ok {
			s.Version = c.spec
			if s.Attrs == nil {
				s.Attrs = map[string]string{}
			}
			s.Attrs["constrained_by"] = c.file + ":" + strconv.Itoa(c.line)
		}
	}
	return rp.out, errors.Join(rp.errs...)
}

type constraint struct {
	spec, file string
	line       int
}

type reqParser struct {
	// silent is set while reading an included file that the scanner also
	// reads on its own: only its constraints are gathered.
	silent      bool
	files       detect.FileReader
	visited     map[string]bool
	constraints map[string]constraint
	out         []stack.Signal
	errs        []error
}

func (rp *reqParser) errorf(file string, root bool, line, col int, format string, args ...any) {
	if rp.silent {
		return // reported by the file's own scan
	}
	e := detect.Errorf(line, col, format, args...)
	if !root {
		e.File = file
	}
	rp.errs = append(rp.errs, e)
}

// logicalLine is a requirements line after joining continuations and
// dropping comments, with the number of its first physical line.
type logicalLine struct {
	text string
	line int
}

// logicalLines joins lines ending in a backslash and drops comments (a "#"
// at the start or after white space), as pip does.
func logicalLines(data string) []logicalLine {
	data = strings.TrimPrefix(data, "\ufeff")
	var out []logicalLine
	var cur strings.Builder
	start := 0
	for i, l := range strings.Split(data, "\n") {
		l = strings.TrimSuffix(l, "\r")
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasSuffix(l, "\\") && !isCommentLine(l) {
			cur.WriteString(strings.TrimSuffix(l, "\\"))
			continue
		}
		cur.WriteString(l)
		t := strings.TrimSpace(stripComment(cur.String()))
		cur.Reset()
		if t != "" {
			out = append(out, logicalLine{text: t, line: start})
		}
	}
	if cur.Len() > 0 {
		if t := strings.TrimSpace(stripComment(cur.String())); t != "" {
			out = append(out, logicalLine{text: t, line: start})
		}
	}
	return out
}

func isCommentLine(l string) bool {
	return strings.HasPrefix(strings.TrimSpace(l), "#")
}

// stripComment removes a comment: "#" at the start of the line or after
// white space. A "#" inside a URL fragment (#egg=) is kept.
func stripComment(l string) string {
	for i := 0; i < len(l); i++ {
		if l[i] == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t') {
			return l[:i]
		}
	}
	return l
}

// file parses one requirements file. root is depth 0. A silent file only
// gathers constraints (see reqParser.silent).
func (rp *reqParser) file(p string, data []byte, depth int, dev, isConstraint, silent bool) {
	defer func(prev bool) { rp.silent = prev }(rp.silent)
	rp.silent = rp.silent || silent
	root := depth == 0
	for _, ll := range logicalLines(string(data)) {
		if strings.HasPrefix(ll.text, "-") {
			rp.option(p, ll, depth, dev, isConstraint)
			continue
		}
		// Options after the requirement (--hash=..., --config-settings...)
		// start at the first token beginning with "-".
		req := ll.text
		if i := optionStart(req); i >= 0 {
			req = strings.TrimSpace(req[:i])
		}
		if isURLOrPath(req) {
			rp.urlRequirement(p, ll.line, req, dev, false, isConstraint)
			continue
		}
		r, msg := ParseRequirement(req)
		if msg != "" {
			rp.errorf(p, root, ll.line, 0, "%s", msg)
			continue
		}
		if isConstraint {
			if r.Specifier != "" {
				rp.constraints[Normalize(r.Name)] = constraint{spec: r.Specifier, file: p, line: ll.line}
			}
			continue
		}
		rp.emit(p, ll.line, r, dev, nil)
	}
}

// optionStart returns the index of the first white-space-separated token
// starting with "-", or -1.
func optionStart(s string) int {
	for i := 1; i < len(s); i++ {
		if s[i] == '-' && (s[i-1] == ' ' || s[i-1] == '\t') {
			return i
		}
	}
	return -1
}

// isURLOrPath reports whether a requirement is a URL or a local path rather
// than a PEP 508 name (which may itself hold "name @ url").
func isURLOrPath(req string) bool {
	first := req
	if i := strings.IndexAny(first, " \t@;["); i >= 0 {
		first = first[:i]
	}
	return first == "." || first == ".." || strings.Contains(first, "/") || strings.Contains(first, `\`) || strings.Contains(first, ":")
}

func (rp *reqParser) emit(p string, line int, r Requirement, dev bool, attrs map[string]string) {
	if rp.silent {
		return
	}
	s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoPyPI, Name: Normalize(r.Name), Version: r.Specifier, File: p, Line: line, Attrs: attrs}
	if dev {
		s.Scope = stack.ScopeDev
	}
	set := func(k, v string) {
		if v == "" {
			return
		}
		if s.Attrs == nil {
			s.Attrs = map[string]string{}
		}
		s.Attrs[k] = v
	}
	set("extras", r.Extras)
	set("marker", r.Marker)
	if r.URL {
		set("source", "url")
	}
	rp.out = append(rp.out, s)
}

// urlRequirement handles a VCS URL, archive URL or local path, named by its
// #egg= fragment when it has one. The URL itself is not recorded (it may
// hold credentials).
func (rp *reqParser) urlRequirement(p string, line int, target string, dev, editable, isConstraint bool) {
	if isConstraint {
		return
	}
	attrs := map[string]string{}
	switch {
	case strings.Contains(target, "://") && strings.Contains(strings.SplitN(target, "://", 2)[0], "+"):
		attrs["source"] = "vcs"
	case strings.Contains(target, "://"):
		attrs["source"] = "url"
	default:
		attrs["source"] = "path"
	}
	if editable {
		attrs["editable"] = "true"
	}
	i := strings.Index(target, "#egg=")
	if i < 0 {
		i = strings.Index(target, "&egg=")
	}
	if i < 0 {
		return
	}
	egg := target[i+5:]
	if j := strings.IndexAny(egg, "&# \t"); j >= 0 {
		egg = egg[:j]
	}
	r, msg := ParseRequirement(egg)
	if msg != "" || r.Name == "" {
		return
	}
	r.URL = false
	rp.emit(p, line, r, dev, attrs)
}

// option handles a line starting with "-".
func (rp *reqParser) option(p string, ll logicalLine, depth int, dev, isConstraint bool) {
	root := depth == 0
	name, arg := splitOption(ll.text)
	switch name {
	case "-r", "--requirement", "-c", "--constraint":
		if arg == "" {
			rp.errorf(p, root, ll.line, 0, "%s needs a file name", name)
			return
		}
		rp.include(p, ll.line, arg, depth, isConstraint || name == "-c" || name == "--constraint")
	case "-e", "--editable":
		if arg == "" {
			rp.errorf(p, root, ll.line, 0, "%s needs a path or a VCS URL", name)
			return
		}
		if i := optionStart(arg); i >= 0 {
			arg = strings.TrimSpace(arg[:i])
		}
		rp.urlRequirement(p, ll.line, arg, dev, true, isConstraint)
	}
	// Other options (--index-url, --hash, --find-links, --pre...) say
	// nothing about the stack.
}

// splitOption splits "-r file", "-rfile", "--requirement=file" and
// "--requirement file" into the option name and its argument.
func splitOption(t string) (string, string) {
	if strings.HasPrefix(t, "--") {
		end := strings.IndexAny(t, " \t=")
		if end < 0 {
			return t, ""
		}
		return t[:end], strings.TrimSpace(t[end+1:])
	}
	if len(t) < 2 {
		return t, ""
	}
	return t[:2], strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t[2:]), "="))
}

// include reads a -r or -c file relative to the including file.
func (rp *reqParser) include(from string, line int, arg string, depth int, isConstraint bool) {
	root := depth == 0
	if strings.Contains(arg, "://") {
		return // remote includes are not fetched
	}
	if i := optionStart(arg); i >= 0 {
		arg = strings.TrimSpace(arg[:i])
	}
	arg = strings.Trim(arg, `"'`)
	target := path.Join(path.Dir(from), strings.ReplaceAll(arg, `\`, "/"))
	if strings.HasPrefix(arg, "/") || target == ".." || strings.HasPrefix(target, "../") {
		rp.errorf(from, root, line, 0, "included file %s is outside the scanned folder; not read", arg)
		return
	}
	if depth+1 > maxIncludeDepth {
		rp.errorf(from, root, line, 0, "include of %s is nested more than %d levels deep; not read", arg, maxIncludeDepth)
		return
	}
	key := target
	if isConstraint {
		key = "-c " + target // a file may be both included and used as constraints
	}
	if rp.files == nil || rp.visited[key] {
		return // cannot read includes here, or already read (a cycle or a shared base file)
	}
	rp.visited[key] = true
	// A requirements file the scanner reads on its own is only read here
	// for its constraints; a constraint file and a file the scanner would
	// not match (base.in, ../shared/common.txt) are read in full.
	silent := !isConstraint && scannedOnItsOwn(target)
	data, err := rp.files.ReadFile(target)
	if err != nil {
		msg := err.Error()
		if strings.Contains(msg, "not exist") {
			msg = "file does not exist"
		}
		rp.errorf(from, root, line, 0, "included file %s cannot be read: %s", arg, msg)
		return
	}
	rp.file(target, data, depth+1, requirementsDev(target), isConstraint, silent)
}

// scannedOnItsOwn reports whether the scanner reads a file by itself with
// the Requirements detector: its name matches and no folder on its path
// is one the scanner skips.
func scannedOnItsOwn(p string) bool {
	if !isRequirementsFile(p) {
		return false
	}
	for _, dir := range strings.Split(path.Dir(p), "/") {
		if detect.SkippedDirs[dir] {
			return false
		}
	}
	return true
}
