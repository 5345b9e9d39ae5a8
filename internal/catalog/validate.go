package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// check returns the problems of one entry on its own, each prefixed with
// the file and line of the key concerned.
func check(e Entry, o entryOrigin) []string {
	var errs []string
	if !idPattern.MatchString(e.ID) {
		errs = append(errs, o.at("id")+": id must be lowercase kebab-case")
	}
	if e.Name == "" {
		errs = append(errs, o.at("name")+": name is required")
	}
	if !e.Layer.Valid() {
		errs = append(errs, fmt.Sprintf("%s: layer %q is not one of language, framework, data, infrastructure, supporting", o.at("layer"), e.Layer))
	}
	switch cat, ok := CategoryNamed(e.Category); {
	case e.Category == "":
		errs = append(errs, o.at("category")+": category is required")
	case !ok:
		errs = append(errs, fmt.Sprintf("%s: category %q is not a category (see Categories in internal/catalog/vocabulary.go): %s", o.at("category"), e.Category, categoryHint(e)))
	case e.Layer.Valid() && !containsLayer(cat, e):
		errs = append(errs, fmt.Sprintf("%s: category %q is not one of layer %s: %s", o.at("category"), e.Category, e.Layer, categoryHint(e)))
	}
	for eco := range e.Match {
		if !contains(Ecosystems, strings.ToLower(eco)) {
			errs = append(errs, fmt.Sprintf("%s: match ecosystem %q is not one of %s", o.at("match."+eco, eco), eco, strings.Join(Ecosystems, ", ")))
		}
	}
	if e.Concurrency != "" && !contains(Concurrencies, e.Concurrency) {
		errs = append(errs, fmt.Sprintf("%s: concurrency %q is not sync or async", o.at("concurrency"), e.Concurrency))
	}
	if e.OperationalCost != "" && !contains(OperationalCosts, e.OperationalCost) {
		errs = append(errs, fmt.Sprintf("%s: operational_cost %q is not low, medium or high", o.at("operational_cost"), e.OperationalCost))
	}
	if e.DataModel != "" && !contains(DataModels, e.DataModel) {
		errs = append(errs, fmt.Sprintf("%s: data_model %q is not one of %s", o.at("data_model"), e.DataModel, strings.Join(DataModels, ", ")))
	}
	for _, b := range e.Batteries {
		if !contains(Batteries, b) {
			errs = append(errs, fmt.Sprintf("%s: battery %q is not one of %s", o.at("batteries"), b, strings.Join(Batteries, ", ")))
		}
	}
	if len(e.Batteries) > 0 && e.BatteriesSource == "" {
		errs = append(errs, o.at("batteries")+": batteries need batteries_source (the page that documents them)")
	}
	if e.Role != "" && !slices.Contains(EntryRoles, e.Role) {
		errs = append(errs, fmt.Sprintf("%s: role %q is not one of frontend, client, docs", o.at("role"), e.Role))
	}
	if e.RendersUI && e.Category != "fullstack-framework" {
		errs = append(errs, fmt.Sprintf("%s: renders_ui is for fullstack-framework entries, not %q", o.at("renders_ui"), e.Category))
	}
	return errs
}

func containsLayer(c Category, e Entry) bool {
	for _, l := range c.Layers {
		if l == e.Layer {
			return true
		}
	}
	return false
}

// categoryHint lists the categories an entry of e's layer may have.
func categoryHint(e Entry) string {
	var names []string
	for _, c := range Categories {
		if !e.Layer.Valid() || containsLayer(c, e) {
			names = append(names, c.Name)
		}
	}
	if e.Layer.Valid() {
		return "the categories of layer " + string(e.Layer) + " are " + strings.Join(names, ", ")
	}
	return "the categories are " + strings.Join(names, ", ")
}

// entryOrigin is where an entry is written: its file and index there.
type entryOrigin struct {
	loc   *locator
	index int
	id    string
}

// at renders "data/x.toml:12: technology "id"" with the line of the first
// of keys the entry writes (its header line when it writes none of them).
func (o entryOrigin) at(keys ...string) string {
	return fmt.Sprintf("%s: technology %q", o.loc.entryKey(o.index, keys...), o.id)
}

// locator finds the line of a key in a data file's text, for error
// messages only: the TOML decoder does not report positions of values it
// decoded. It knows an entry's lines when the file writes one
// [[technology]] header per entry, which is how every data file is written.
type locator struct {
	file  string
	lines []string
	heads []int // 0-based line of each [[technology]] header; nil when they do not pair with entries
}

func newLocator(file, text string, entries int) *locator {
	l := &locator{file: file, lines: strings.Split(text, "\n")}
	for i, line := range l.lines {
		if strings.ReplaceAll(strings.TrimSpace(line), " ", "") == "[[technology]]" {
			l.heads = append(l.heads, i)
		}
	}
	if len(l.heads) != entries {
		l.heads = nil
	}
	return l
}

// entryKey renders file:line of the first of keys written in entry i, else
// of the entry's header, else the file alone.
func (l *locator) entryKey(i int, keys ...string) string {
	if i >= len(l.heads) {
		return l.file
	}
	from, to := l.heads[i], len(l.lines)
	if i+1 < len(l.heads) {
		to = l.heads[i+1]
	}
	for _, k := range keys {
		for n := from; n < to; n++ {
			if isKeyLine(l.lines[n], k) {
				return fmt.Sprintf("%s:%d", l.file, n+1)
			}
		}
	}
	return fmt.Sprintf("%s:%d", l.file, from+1)
}

// anyKey renders file:line of the first line anywhere in the file that
// sets key, else the file alone.
func (l *locator) anyKey(key string) string {
	for n, line := range l.lines {
		if isKeyLine(line, key) {
			return fmt.Sprintf("%s:%d", l.file, n+1)
		}
	}
	return l.file
}

// isKeyLine reports whether line sets key (`key = ...`, `"key" = ...`).
func isKeyLine(line, key string) bool {
	s := strings.TrimSpace(line)
	if rest, ok := strings.CutPrefix(s, `"`+key+`"`); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, key); ok {
		s = rest
	} else {
		return false
	}
	return strings.HasPrefix(strings.TrimSpace(s), "=")
}
