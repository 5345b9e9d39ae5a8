package python

import (
	"errors"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// iniValue is one key of an INI section with its value lines.
type iniValue struct {
	line  int // line of the key
	parts []iniPart
	multi bool // the value continues on indented lines
}

// iniPart is one piece of a value with its line.
type iniPart struct {
	text string
	line int
}

// readINI reads a setup.cfg-style INI file: sections, "key = value" or
// "key: value", values continued on indented lines, full-line comments
// starting with "#" or ";". It returns section -> key -> value.
func readINI(text string) (map[string]map[string]*iniValue, []error) {
	secs := map[string]map[string]*iniValue{}
	var errs []error
	var sec map[string]*iniValue
	var cur *iniValue
	for i, l := range strings.Split(strings.TrimPrefix(text, "\ufeff"), "\n") {
		n := i + 1
		l = strings.TrimRight(l, "\r")
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if t[0] == '#' || t[0] == ';' {
			continue
		}
		if cur != nil && (l[0] == ' ' || l[0] == '\t') {
			cur.parts = append(cur.parts, iniPart{text: t, line: n})
			cur.multi = true
			continue
		}
		cur = nil
		if t[0] == '[' {
			end := strings.IndexByte(t, ']')
			if end < 0 {
				errs = append(errs, detect.Errorf(n, 1, "unclosed section header; expected ']'"))
				sec = nil
				continue
			}
			name := strings.TrimSpace(t[1:end])
			if secs[name] == nil {
				secs[name] = map[string]*iniValue{}
			}
			sec = secs[name]
			continue
		}
		sep := strings.IndexAny(t, "=:")
		if sep <= 0 {
			errs = append(errs, detect.Errorf(n, 1, "expected \"key = value\" or a [section] header"))
			continue
		}
		if sec == nil {
			// Keys before any section: configparser rejects them.
			errs = append(errs, detect.Errorf(n, 1, "key outside any [section]"))
			continue
		}
		key := strings.ToLower(strings.TrimSpace(t[:sep]))
		cur = &iniValue{line: n}
		if v := strings.TrimSpace(t[sep+1:]); v != "" {
			cur.parts = append(cur.parts, iniPart{text: v, line: n})
		}
		sec[key] = cur
	}
	return secs, errs
}

// requirements splits a setuptools list value: one item per line when the
// value spans lines, else items separated by ";".
func (v *iniValue) requirements() []iniPart {
	var out []iniPart
	for _, p := range v.parts {
		t := stripComment(p.text)
		if v.multi {
			if t = strings.TrimSpace(t); t != "" {
				out = append(out, iniPart{text: t, line: p.line})
			}
			continue
		}
		for _, x := range strings.Split(t, ";") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, iniPart{text: x, line: p.line})
			}
		}
	}
	return out
}

// ParseSetupCfg reads a setup.cfg: [options] install_requires (runtime),
// tests_require and setup_requires (dev), python_requires, and
// [options.extras_require] groups. It always emits the runtime python.
func ParseSetupCfg(data []byte) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Line: 1}}
	secs, errs := readINI(string(data))
	emit := func(v *iniValue, scope, group string) {
		for _, p := range v.requirements() {
			if strings.HasPrefix(p.text, "file:") || strings.HasPrefix(p.text, "attr:") {
				continue
			}
			r, msg := ParseRequirement(p.text)
			if msg != "" {
				errs = append(errs, detect.Errorf(p.line, 0, "%s", msg))
				continue
			}
			s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoPyPI, Name: Normalize(r.Name), Version: r.Specifier, Scope: scope, Line: p.line}
			setAttr(&s, "extras", r.Extras)
			setAttr(&s, "marker", r.Marker)
			setAttr(&s, "group", group)
			out = append(out, s)
		}
	}
	if o := secs["options"]; o != nil {
		if v := o["python_requires"]; v != nil && len(v.parts) > 0 {
			out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Version: strings.Join(strings.Fields(v.parts[0].text), ""), Line: v.line})
		}
		if v := o["install_requires"]; v != nil {
			emit(v, "", "")
		}
		if v := o["tests_require"]; v != nil {
			emit(v, stack.ScopeDev, "tests_require")
		}
		if v := o["setup_requires"]; v != nil {
			emit(v, stack.ScopeDev, "setup_requires")
		}
	}
	if ex := secs["options.extras_require"]; ex != nil {
		keys := make([]string, 0, len(ex))
		for k := range ex {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			scope := ""
			if isDevName(k) {
				scope = stack.ScopeDev
			}
			emit(ex[k], scope, k)
		}
	}
	out = append(out, setupCfgEntryPoints(secs)...)
	return out, errors.Join(errs...)
}

var (
	setupPyList   = lazyregexp.New(`\b(install_requires|tests_require)\s*=\s*\[`)
	setupPyPython = lazyregexp.New(`\bpython_requires\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')`)
	setupPyImport = lazyregexp.New(`(?m)^[ \t]*(?:from[ \t]+(?:setuptools|distutils)\b[\w.]*[ \t]+import\b|import[ \t]+(?:setuptools|distutils)\b)`)
	setupPyCall   = lazyregexp.New(`\bsetup[ \t]*\(`)
)

// IsSetupScript reports whether a setup.py is a packaging script: it imports
// setuptools or distutils and calls setup(...) (or setuptools.setup(...),
// distutils.core.setup(...)). A file that merely is named setup.py, such as
// a web handler module defining its own setup(), is not.
func IsSetupScript(data []byte) bool {
	text := string(data)
	if !setupPyImport.MatchString(text) {
		return false
	}
	for _, m := range setupPyCall.FindAllStringIndex(text, -1) {
		before := text[:m[0]]
		if nl := strings.LastIndexByte(before, '\n'); nl >= 0 {
			before = before[nl+1:]
		}
		if strings.HasPrefix(strings.TrimSpace(before), "#") {
			continue // a comment
		}
		if strings.HasSuffix(before, ".") {
			// A method call: only the setuptools and distutils modules count.
			if strings.HasSuffix(before, "setuptools.") || strings.HasSuffix(before, "core.") {
				return true
			}
			continue
		}
		if f := strings.Fields(before); len(f) > 0 && (f[len(f)-1] == "def" || f[len(f)-1] == "class") {
			continue // defines its own setup
		}
		return true
	}
	return false
}

// ParseSetupPy reads a setup.py narrowly, without running it: string
// literals in `install_requires=[...]` (runtime) and `tests_require=[...]`
// (dev) lists, and a `python_requires="..."` literal. Lists built by code
// are not followed. A file that is not a packaging script (IsSetupScript)
// gives nothing; a packaging script always emits the runtime python.
func ParseSetupPy(data []byte) ([]stack.Signal, error) {
	if !IsSetupScript(data) {
		return nil, nil
	}
	out := []stack.Signal{{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Line: 1}}
	text := string(data)
	starts := lineStarts(text)
	var errs []error
	if m := setupPyPython.FindStringSubmatchIndex(text); m != nil {
		v := ""
		if m[2] >= 0 {
			v = text[m[2]:m[3]]
		} else {
			v = text[m[4]:m[5]]
		}
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Version: strings.Join(strings.Fields(v), ""), Line: lineAt(starts, m[0])})
	}
	for _, m := range setupPyList.FindAllStringSubmatchIndex(text, -1) {
		scope := ""
		if text[m[2]:m[3]] == "tests_require" {
			scope = stack.ScopeDev
		}
		for _, lit := range pyListStrings(text, m[1]) {
			r, msg := ParseRequirement(lit.text)
			line := lineAt(starts, lit.off)
			if msg != "" {
				errs = append(errs, detect.Errorf(line, 0, "%s", msg))
				continue
			}
			s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoPyPI, Name: Normalize(r.Name), Version: r.Specifier, Scope: scope, Line: line}
			setAttr(&s, "extras", r.Extras)
			setAttr(&s, "marker", r.Marker)
			out = append(out, s)
		}
	}
	out = append(out, setupPyEntryPointSignals(text, starts)...)
	return out, errors.Join(errs...)
}

func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineAt returns the 1-based line of byte offset off, given line starts.
func lineAt(starts []int, off int) int {
	lo, hi := 0, len(starts)
	for lo < hi {
		m := (lo + hi) / 2
		if starts[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return 1
	}
	return lo
}

type pyString struct {
	text string
	off  int
}

// pyListStrings returns the plain string literals of the Python list whose
// body starts at off, up to its closing "]". Comments are skipped; escapes
// and prefixed strings are taken as written.
func pyListStrings(text string, off int) []pyString {
	var out []pyString
	depth := 1
	for i := off; i < len(text) && depth > 0; i++ {
		switch c := text[i]; c {
		case '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case '[', '(', '{':
			depth++
		case ']', ')', '}':
			depth--
		case '"', '\'':
			end := strings.IndexByte(text[i+1:], c)
			nl := strings.IndexByte(text[i+1:], '\n')
			if end < 0 || (nl >= 0 && nl < end) {
				return out
			}
			fstring := i > 0 && (text[i-1] == 'f' || text[i-1] == 'F') ||
				i > 1 && (text[i-1] == 'r' || text[i-1] == 'R') && (text[i-2] == 'f' || text[i-2] == 'F')
			if depth == 1 && !fstring {
				out = append(out, pyString{text: text[i+1 : i+1+end], off: i})
			}
			i += end + 1
		}
	}
	return out
}
