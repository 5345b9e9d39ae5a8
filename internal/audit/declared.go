package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/backstage"
	"github.com/stacklint/stacklint/internal/codeowners"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/stack"
)

// NoOwner is the group of repositories no CODEOWNERS rule or catalog
// entity owns.
const NoOwner = "(no owner)"

// ComponentOwner is who owns a component's folder by CODEOWNERS.
type ComponentOwner struct {
	// Component is the folder ("." for the root).
	Component string `json:"component"`
	// Owners are the rule's owners; empty when the last matching rule
	// names none (the folder is explicitly unowned).
	Owners []string `json:"owners"`
	// Rule is where the deciding rule is ("CODEOWNERS:12").
	Rule string `json:"rule"`
}

// Declared is a catalog entity a repository declares about itself.
type Declared struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Type      string `json:"type,omitempty"`
	Lifecycle string `json:"lifecycle,omitempty"`
	Owner     string `json:"owner,omitempty"`
	System    string `json:"system,omitempty"`
	// File and Line locate the document.
	File string `json:"file"`
	Line int    `json:"line"`
}

// Ownership is what a repository declares about itself and who owns it.
type Ownership struct {
	// CodeOwners is the CODEOWNERS file GitHub uses ("" when none).
	CodeOwners string `json:"codeowners,omitempty"`
	// Components are the owners of each component's folder.
	Components []ComponentOwner `json:"components,omitempty"`
	// Declared are the Backstage entities of catalog-info.yaml files at
	// the root and in component folders.
	Declared []Declared `json:"declared,omitempty"`
	// Mismatches are declarations the scan contradicts.
	Mismatches []backstage.Mismatch `json:"mismatches,omitempty"`
	// Problems are lines of CODEOWNERS or catalog files that could not be
	// applied ("CODEOWNERS:4: …").
	Problems []string `json:"problems,omitempty"`
}

// Owners lists the repository's owners for grouping: the owners of its
// components' folders (the root's first), else the owners its catalog
// Components declare; nil when nobody owns it.
func (r *Result) Owners() []string {
	if r.Ownership == nil {
		return nil
	}
	var out []string
	for _, c := range r.Ownership.Components {
		for _, o := range c.Owners {
			if !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	if len(out) == 0 {
		for _, d := range r.Ownership.Declared {
			if strings.EqualFold(d.Kind, "Component") && d.Owner != "" && !slices.Contains(out, d.Owner) {
				out = append(out, d.Owner)
			}
		}
	}
	return out
}

// ownership reads CODEOWNERS and catalog-info.yaml files and compares
// them with the scan. It never fails the audit: unreadable files become
// problems.
func ownership(fsys fs.FS, st *stack.Stack) *Ownership {
	o := &Ownership{}
	co, err := codeowners.Find(fsys)
	if err != nil {
		o.Problems = append(o.Problems, err.Error())
	}
	folders := []string{"."}
	for _, c := range st.Components {
		if !c.NonProduction && !slices.Contains(folders, c.Path) {
			folders = append(folders, c.Path)
		}
	}
	owners := map[string]codeowners.Rule{}
	if co != nil {
		o.CodeOwners = co.Path
		for _, p := range co.Problems {
			o.Problems = append(o.Problems, co.Path+": "+p.String())
		}
		for _, f := range folders {
			if r, ok := co.FolderOwner(f); ok {
				owners[f] = r
				o.Components = append(o.Components, ComponentOwner{Component: f, Owners: nonNil(r.Owners), Rule: fmt.Sprintf("%s:%d", co.Path, r.Line)})
			}
		}
	}
	obs := backstage.Observe(st)
	for _, f := range folders {
		es, err := backstage.Find(fsys, f)
		if err != nil {
			o.Problems = append(o.Problems, err.Error())
		}
		for _, e := range es {
			o.Declared = append(o.Declared, Declared{Kind: e.Kind, Name: e.Metadata.Name, Type: e.Spec.Type, Lifecycle: e.Spec.Lifecycle,
				Owner: e.Spec.Owner, System: e.Spec.System, File: e.File, Line: e.Line})
			var who []string
			rule := ""
			if r, ok := owners[f]; ok {
				who, rule = r.Owners, fmt.Sprintf("%s:%d", co.Path, r.Line)
			}
			o.Mismatches = append(o.Mismatches, backstage.Compare(e, obs, who, rule)...)
		}
	}
	if o.CodeOwners == "" && len(o.Declared) == 0 && len(o.Problems) == 0 {
		return nil
	}
	return o
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// OwnerCount is one owner's share of the fleet.
type OwnerCount struct {
	Owner string `json:"owner"`
	// Repositories counts the repositories with a component it owns.
	Repositories int `json:"repositories"`
	// Findings sums those repositories' findings.
	Findings report.Counts `json:"findings"`
	// Mismatches counts their declared-versus-detected mismatches.
	Mismatches int `json:"mismatches"`
}

// RepoMismatch is a mismatch and the repository it is in.
type RepoMismatch struct {
	Repository string `json:"repository"`
	backstage.Mismatch
}

// declaredFleet accumulates owners and mismatches across the fleet.
type declaredFleet struct {
	owners     map[string]*OwnerCount
	mismatches []RepoMismatch
}

func (d *declaredFleet) add(r *Result) {
	if r.Status != StatusAudited {
		return
	}
	if d.owners == nil {
		d.owners = map[string]*OwnerCount{}
	}
	owners := r.Owners()
	if len(owners) == 0 {
		owners = []string{NoOwner}
	}
	n := 0
	if r.Ownership != nil {
		n = len(r.Ownership.Mismatches)
		for _, m := range r.Ownership.Mismatches {
			d.mismatches = append(d.mismatches, RepoMismatch{Repository: r.Repository, Mismatch: m})
		}
	}
	for _, o := range owners {
		oc := d.owners[o]
		if oc == nil {
			oc = &OwnerCount{Owner: o}
			d.owners[o] = oc
		}
		oc.Repositories++
		oc.Mismatches += n
		oc.Findings.Findings += r.Counts.Findings
		oc.Findings.Errors += r.Counts.Errors
		oc.Findings.Warnings += r.Counts.Warnings
		oc.Findings.Notices += r.Counts.Notices
	}
}

// fill sets the summary's owners (most repositories first, the unowned
// last) and mismatches; both stay empty when no repository declares
// anything.
func (d *declaredFleet) fill(s *Summary) {
	s.Owners, s.Mismatches = []OwnerCount{}, []RepoMismatch{}
	if len(d.owners) == 1 && d.owners[NoOwner] != nil {
		return
	}
	s.Owners = ranked(d.owners, func(a, b OwnerCount) bool {
		if (a.Owner == NoOwner) != (b.Owner == NoOwner) {
			return b.Owner == NoOwner
		}
		if a.Repositories != b.Repositories {
			return a.Repositories > b.Repositories
		}
		return a.Owner < b.Owner
	})
	if d.mismatches != nil {
		s.Mismatches = d.mismatches
	}
}

// declaredLines are the fleet summary's owner and mismatch lines.
func declaredLines(s *Summary, limit int) [][2]string {
	var out [][2]string
	var owners []string
	for i, o := range s.Owners {
		if i == limit {
			owners = append(owners, fmt.Sprintf("+%d more", len(s.Owners)-limit))
			break
		}
		owners = append(owners, fmt.Sprintf("%s %d", o.Owner, o.Repositories))
	}
	if len(owners) > 0 {
		out = append(out, [2]string{"Owners", strings.Join(owners, " · ")})
	}
	var mm []string
	for i, m := range s.Mismatches {
		if i == limit {
			mm = append(mm, fmt.Sprintf("+%d more", len(s.Mismatches)-limit))
			break
		}
		mm = append(mm, fmt.Sprintf("%s %s %s (declared %s)", m.Repository, m.Entity, m.Field, m.Declared))
	}
	if len(mm) > 0 {
		out = append(out, [2]string{"Declared ≠ detected", strings.Join(mm, " · ")})
	}
	return out
}

// writeMismatchesMarkdown lists every mismatch (Markdown report).
func writeMismatchesMarkdown(w io.Writer, s *Summary) {
	cell := report.MarkdownCell
	if len(s.Owners) > 0 {
		fmt.Fprintf(w, "### Owners\n\n| Owner | Repositories | Errors | Warnings | Notices | Mismatches |\n|---|--:|--:|--:|--:|--:|\n")
		for _, o := range s.Owners {
			fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d |\n", cell(o.Owner), o.Repositories, o.Findings.Errors, o.Findings.Warnings, o.Findings.Notices, o.Mismatches)
		}
		fmt.Fprintln(w)
	}
	if len(s.Mismatches) == 0 {
		return
	}
	fmt.Fprintf(w, "### Declared versus detected\n\n| Repository | Where | Entity | Field | Declared | Detected | Why |\n|---|---|---|---|---|---|---|\n")
	for _, m := range s.Mismatches {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", cell(m.Repository), cell(m.Location()), cell(m.Entity), m.Field, cell(m.Declared), cell(m.Detected), cell(m.Message))
	}
	fmt.Fprintln(w)
}

// writeMismatchesHTML is the HTML report's owners and mismatches section.
func writeMismatchesHTML(w *bufio.Writer, s *Summary) {
	if len(s.Owners) == 0 && len(s.Mismatches) == 0 {
		return
	}
	w.WriteString("<section id=\"owners\"><h2>Owners and declarations</h2>\n")
	if len(s.Owners) > 0 {
		w.WriteString("<table><thead><tr><th>Owner</th><th>Repositories</th><th>Errors</th><th>Warnings</th><th>Notices</th><th>Mismatches</th></tr></thead><tbody>\n")
		for _, o := range s.Owners {
			fmt.Fprintf(w, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>\n", esc(o.Owner), o.Repositories, o.Findings.Errors, o.Findings.Warnings, o.Findings.Notices, o.Mismatches)
		}
		w.WriteString("</tbody></table>\n")
	}
	if len(s.Mismatches) > 0 {
		w.WriteString("<h3>Declared versus detected</h3>\n<table><thead><tr><th>Repository</th><th>Where</th><th>Entity</th><th>Field</th><th>Declared</th><th>Detected</th><th>Why</th></tr></thead><tbody>\n")
		for _, m := range s.Mismatches {
			fmt.Fprintf(w, "<tr><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				esc(m.Repository), esc(m.Location()), esc(m.Entity), esc(m.Field), esc(m.Declared), esc(m.Detected), esc(m.Message))
		}
		w.WriteString("</tbody></table>\n")
	}
	w.WriteString("</section>\n")
}

// ownershipHTML is a repository drill-down's owners and mismatches.
func ownershipHTML(b *strings.Builder, r *Result) {
	o := r.Ownership
	if o == nil {
		return
	}
	if len(o.Components) > 0 {
		var parts []string
		for _, c := range o.Components {
			who := strings.Join(c.Owners, " ")
			if who == "" {
				who = "unowned"
			}
			parts = append(parts, fmt.Sprintf("%s: %s (%s)", c.Component, who, c.Rule))
		}
		fmt.Fprintf(b, "<p class=\"meta\">Owners · %s</p>\n", esc(strings.Join(parts, " · ")))
	}
	for _, m := range o.Mismatches {
		fmt.Fprintf(b, "<p class=\"mismatch\"><code>%s</code> %s: %s</p>\n", esc(m.Location()), esc(m.Entity), esc(m.Message))
	}
	for _, p := range o.Problems {
		fmt.Fprintf(b, "<p class=\"err\">%s</p>\n", esc(p))
	}
}

// GroupBy lists the --group-by values.
var GroupBy = []string{"owner"}

// grouper is a sink that can show a group heading between rows.
type grouper interface {
	Group(name string, repos int) error
}

// GroupByOwner wraps sink so that results reach it grouped by owner
// (owners by name, the unowned last; a repository with several owners
// under each), each group preceded by a heading. Results are spooled to
// a temporary file meanwhile: memory holds one offset per repository and
// owner. Formats without headings (JSON, JSON Lines, CSV) are returned
// unchanged: each result carries its owners and the summary counts them.
func GroupByOwner(sink Sink) Sink {
	if _, ok := sink.(grouper); !ok {
		return sink
	}
	return &ownerGroups{next: sink, groups: map[string][]int64{}}
}

type ownerGroups struct {
	next   Sink
	h      Header
	file   *os.File
	off    int64
	groups map[string][]int64
}

func (g *ownerGroups) Begin(h Header) error { g.h = h; return nil }

func (g *ownerGroups) Result(r *Result) error {
	if g.file == nil {
		f, err := os.CreateTemp("", "stacklint-groups-*")
		if err != nil {
			return err
		}
		g.file = f
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := g.file.Write(b); err != nil {
		return err
	}
	owners := r.Owners()
	if len(owners) == 0 || r.Status != StatusAudited {
		owners = []string{NoOwner}
	}
	for _, o := range owners {
		g.groups[o] = append(g.groups[o], g.off)
	}
	g.off += int64(len(b))
	return nil
}

func (g *ownerGroups) End(s *Summary) error {
	defer g.close()
	if err := g.next.Begin(g.h); err != nil {
		return err
	}
	names := make([]string, 0, len(g.groups))
	for n := range g.groups {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == NoOwner) != (names[j] == NoOwner) {
			return names[j] == NoOwner
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		if err := g.next.(grouper).Group(n, len(g.groups[n])); err != nil {
			return err
		}
		for _, off := range g.groups[n] {
			if _, err := g.file.Seek(off, io.SeekStart); err != nil {
				return err
			}
			var r Result
			if err := json.NewDecoder(bufio.NewReader(g.file)).Decode(&r); err != nil {
				return err
			}
			if err := g.next.Result(&r); err != nil {
				return err
			}
		}
	}
	return g.next.End(s)
}

func (g *ownerGroups) close() {
	if g.file != nil {
		g.file.Close()
		os.Remove(g.file.Name())
		g.file = nil
	}
}

// Group writes an owner's heading row (table).
func (t *tableSink) Group(name string, repos int) error {
	_, err := fmt.Fprintf(&t.rows, "── %s · %s\n", name, plural(repos, "repository", "repositories"))
	return err
}

// Group writes an owner's heading row (Markdown).
func (m *markdownSink) Group(name string, repos int) error {
	_, err := fmt.Fprintf(&m.rows, "| **%s** · %s | | | | | | | |\n", report.MarkdownCell(name), plural(repos, "repository", "repositories"))
	return err
}

// Group writes an owner's heading before its drill-downs (HTML).
func (s *htmlSink) Group(name string, repos int) error {
	_, err := fmt.Fprintf(&s.detail, "<h3 class=\"owner\">%s · %s</h3>\n", esc(name), esc(plural(repos, "repository", "repositories")))
	return err
}
