package python

import (
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// Entry points register a distribution's objects with other software: a
// plugin group names its host (pytest11 is pytest, sqlalchemy.dialects
// SQLAlchemy), console_scripts the commands it installs. Each group is a
// pypi signal named "entry-point:<group>" (lowercase), so that the
// catalog says what a group means; attr entries lists the entry names.

// entryPointPrefix starts the pypi name of an entry-point group signal.
const entryPointPrefix = "entry-point:"

// maxEntryNames bounds the entry names kept in attr entries.
const maxEntryNames = 16

// entryPointSignal is the signal of one entry-point group.
func entryPointSignal(group string, names []string, line int) stack.Signal {
	s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoPyPI, Name: entryPointPrefix + strings.ToLower(strings.TrimSpace(group)), Line: line}
	sort.Strings(names)
	if len(names) > maxEntryNames {
		names = append(names[:maxEntryNames:maxEntryNames], "…")
	}
	if len(names) > 0 {
		s.Attrs = map[string]string{"entries": strings.Join(names, ",")}
	}
	return s
}

// validGroup reports whether s can be an entry-point group name:
// letters, digits, ".", "_" and "-", not empty.
func validGroup(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// entryPoints reads the entry points of a pyproject.toml: PEP 621
// [project.scripts], [project.gui-scripts] and [project.entry-points.*],
// and Poetry's [tool.poetry.scripts] and [tool.poetry.plugins.*].
func (d *tomlDoc) entryPoints() {
	table := func(group string, v any, path ...string) {
		t, ok := v.(map[string]any)
		if !ok || !validGroup(group) {
			return
		}
		d.signal(entryPointSignal(group, keysOf(t), d.lines.keyLine(path...)))
	}
	if p := d.table("project"); p != nil {
		table("console_scripts", p["scripts"], "project", "scripts")
		table("gui_scripts", p["gui-scripts"], "project", "gui-scripts")
		if eps, ok := p["entry-points"].(map[string]any); ok {
			for _, g := range sortedKeys(eps) {
				table(g, eps[g], "project", "entry-points", g)
			}
		}
	}
	if poetry := d.table("tool", "poetry"); poetry != nil {
		table("console_scripts", poetry["scripts"], "tool", "poetry", "scripts")
		if eps, ok := poetry["plugins"].(map[string]any); ok {
			for _, g := range sortedKeys(eps) {
				table(g, eps[g], "tool", "poetry", "plugins", g)
			}
		}
	}
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// setupCfgEntryPoints reads setup.cfg's [options.entry_points]: each key
// is a group, its value lines "name = module:object".
func setupCfgEntryPoints(secs map[string]map[string]*iniValue) []stack.Signal {
	sec := secs["options.entry_points"]
	var out []stack.Signal
	for _, g := range sortedINIKeys(sec) {
		v := sec[g]
		if !validGroup(g) {
			continue
		}
		var names []string
		for _, p := range v.parts {
			if name, _, ok := strings.Cut(p.text, "="); ok && strings.TrimSpace(name) != "" {
				names = append(names, strings.TrimSpace(name))
			}
		}
		out = append(out, entryPointSignal(g, names, v.line))
	}
	return out
}

func sortedINIKeys(m map[string]*iniValue) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var (
	setupPyEntryPoints = lazyregexp.New(`\bentry_points\s*=\s*\{`)
	setupPyGroup       = lazyregexp.New(`^\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*:`)
)

// setupPyEntryPointSignals reads a setup.py's `entry_points={...}` literal: the
// string keys at the dict's top level are the groups, the "name = ..."
// strings of each group's list its entries. Dicts built by code are not
// followed.
func setupPyEntryPointSignals(text string, starts []int) []stack.Signal {
	m := setupPyEntryPoints.FindStringIndex(text)
	if m == nil {
		return nil
	}
	var out []stack.Signal
	depth, i := 1, m[1]
	for i < len(text) && depth > 0 {
		switch c := text[i]; {
		case c == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			continue
		case c == '{' || c == '[' || c == '(':
			depth++
		case c == '}' || c == ']' || c == ')':
			depth--
		case depth == 1 && (c == '"' || c == '\''):
			g := setupPyGroup.FindStringSubmatch(text[i:min(len(text), i+256)])
			if g == nil {
				break
			}
			group := g[1] + g[2]
			line := lineAt(starts, i)
			var names []string
			j := i + len(g[0])
			var lits []pyString
			if l := skipToList(text, j); l >= 0 {
				lits = pyListStrings(text, l)
			}
			for _, lit := range lits {
				if name, _, ok := strings.Cut(lit.text, "="); ok && strings.TrimSpace(name) != "" {
					names = append(names, strings.TrimSpace(name))
				}
			}
			if validGroup(group) {
				out = append(out, entryPointSignal(group, names, line))
			}
			i = j
			continue
		case c == '"' || c == '\'':
			// a string below the top level: skip it whole
			q := c
			for i++; i < len(text) && text[i] != q && text[i] != '\n'; i++ {
				if text[i] == '\\' {
					i++
				}
			}
		}
		i++
	}
	return out
}

// skipToList returns the offset after the "[" opening the list that starts
// at off (after blanks), or -1 when no list starts there.
func skipToList(text string, off int) int {
	for off < len(text) && (text[off] == ' ' || text[off] == '\t' || text[off] == '\n' || text[off] == '\r') {
		off++
	}
	if off < len(text) && text[off] == '[' {
		return off + 1
	}
	return -1
}
