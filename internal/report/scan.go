// Package report renders stacklint's results: the scan (text, JSON) and the
// check (text, JSON, SARIF, Markdown). Every format carries the same facts.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// ScanSchema is the JSON schema id of `stacklint scan --format json`.
const ScanSchema = "stacklint/scan/v1"

// ScanMeta describes the run a scan report is for.
type ScanMeta struct {
	// Root is the scanned path as the user gave it.
	Root string
	// Version is stacklint's version.
	Version string
	// Duration of the scan; text only (JSON stays reproducible).
	Duration time.Duration
	// Verbose adds every technology's evidence to the text report.
	Verbose bool
	// Color turns on ANSI colours in the text report.
	Color bool
	// Width is the column the text report wraps at; 0 means DefaultWidth.
	Width int
}

// ScanDocument is the JSON document of a scan (schema stacklint/scan/v1).
type ScanDocument struct {
	Schema       string              `json:"schema"`
	Tool         Tool                `json:"tool"`
	Root         string              `json:"root"`
	Summary      ScanSummary         `json:"summary"`
	Layers       map[string][]string `json:"layers"`
	Technologies []stack.Technology  `json:"technologies"`
	Components   []stack.Component   `json:"components"`
	// Datastores are the stores the production stack runs, each counted
	// once, with their role; SystemOfRecord is the id of the one holding
	// the primary data (empty without a database).
	Datastores     []stack.Datastore `json:"datastores"`
	SystemOfRecord string            `json:"system_of_record"`
	// SupportedDatastores are the stores the product supports or is
	// tested against (CI service containers and matrices, per-engine
	// environment files, engine-named profiles), production or not.
	SupportedDatastores []stack.SupportedDatastore `json:"supported_datastores"`
	Facts               []stack.Signal             `json:"facts"`
	Diagnostics         []stack.Diagnostic         `json:"diagnostics"`
}

// Tool names the program that wrote a document.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ScanSummary holds the counts of a scan.
type ScanSummary struct {
	Components   int `json:"components"`
	Technologies int `json:"technologies"`
	Production   int `json:"production_technologies"`
	FilesScanned int `json:"files_scanned"`
	Diagnostics  int `json:"diagnostics"`
}

// NewScanDocument builds the JSON document of a scan.
func NewScanDocument(st *stack.Stack, meta ScanMeta) ScanDocument {
	d := ScanDocument{
		Schema: ScanSchema, Tool: Tool{Name: "stacklint", Version: meta.Version}, Root: meta.Root,
		Summary: ScanSummary{
			Components: len(st.Components), Technologies: len(st.Technologies), Production: len(st.Production()),
			FilesScanned: st.FilesScanned, Diagnostics: len(st.Diagnostics),
		},
		Layers:       map[string][]string{},
		Technologies: jsonTechnologies(st.Technologies), Components: jsonComponents(st.Components),
		Facts: nonNil(st.Facts), Diagnostics: nonNil(st.Diagnostics),
		Datastores: st.Datastores, SystemOfRecord: st.SystemOfRecord,
	}
	if d.Datastores == nil {
		d.Datastores = []stack.Datastore{}
	}
	d.SupportedDatastores = make([]stack.SupportedDatastore, len(st.SupportedDatastores))
	for i, x := range st.SupportedDatastores {
		x.Versions, x.Sources, x.Evidence = nonNil(x.Versions), nonNil(x.Sources), nonNil(x.Evidence)
		d.SupportedDatastores[i] = x
	}
	for _, l := range stack.Layers {
		ids := []string{}
		for _, t := range st.ByLayer(l) {
			ids = append(ids, t.ID)
		}
		d.Layers[string(l)] = ids
	}
	return d
}

// jsonTechnologies copies technologies with every list present, so the
// JSON documents carry [] where Go has nil (consumers need no null case).
func jsonTechnologies(ts []stack.Technology) []stack.Technology {
	out := make([]stack.Technology, len(ts))
	for i, t := range ts {
		t.Versions, t.Components, t.Evidence = nonNil(t.Versions), nonNil(t.Components), nonNil(t.Evidence)
		out[i] = t
	}
	return out
}

// jsonComponents copies components with every list present.
func jsonComponents(cs []stack.Component) []stack.Component {
	out := make([]stack.Component, len(cs))
	for i, c := range cs {
		c.Manifests, c.Technologies = nonNil(c.Manifests), nonNil(c.Technologies)
		if c.Role == "" {
			c.Role = stack.RoleService // nothing says otherwise
		}
		out[i] = c
	}
	return out
}

// ScanJSON writes the scan as indented JSON.
func ScanJSON(w io.Writer, st *stack.Stack, meta ScanMeta) error {
	return writeIndented(w, NewScanDocument(st, meta))
}

// TechLabel renders "Name version" for reports. When the name itself ends
// with a digit ("Psycopg 2") the version is set apart in parentheses
// ("Psycopg 2 (2.9)") so the two numbers do not read as one.
func TechLabel(t stack.Technology) string {
	v := stack.DisplayVersions(t.Versions)
	if v == "" {
		return t.Name
	}
	if n := t.Name; n != "" && n[len(n)-1] >= '0' && n[len(n)-1] <= '9' {
		return n + " (" + v + ")"
	}
	return t.Name + " " + v
}

func labels(ts []stack.Technology) []string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = TechLabel(t)
	}
	return parts
}

// supportedSources name the kinds of support evidence in the text report.
var supportedSources = map[string]string{
	"ci-service": "CI service", "ci-matrix": "CI matrix", "env-file": "env file", "engine-profile": "engine profile", "ci-php-extension": "CI PHP extension",
}

// supportedLabel renders one supported datastore: "PostgreSQL 15, 16 (CI
// service, CI matrix)"; " · production" when production runs it too.
func supportedLabel(d stack.SupportedDatastore) string {
	s := d.Name
	if v := stack.DisplayVersions(d.Versions); v != "" {
		s += " " + v
	}
	var src []string
	for _, x := range d.Sources {
		if n := supportedSources[x]; n != "" {
			src = append(src, n)
		} else {
			src = append(src, x)
		}
	}
	if d.Production {
		src = append(src, "production")
	}
	if len(src) > 0 {
		s += " (" + strings.Join(src, ", ") + ")"
	}
	return s
}

func supportedLabels(ds []stack.SupportedDatastore) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = supportedLabel(d)
	}
	return out
}

const (
	scanLayerCol     = 23 // column where a layer's technologies start
	maxManifests     = 3  // manifests shown per component before "+N"
	maxVerboseLines  = 10 // evidence lines per technology in -v
	minComponentCol  = 30 // narrowest technology column of the components table
	maxManifestWidth = 36 // widest manifest column before it stops shrinking the technologies
)

// ScanText writes the human report of a scan. No line ends with a space.
func ScanText(w io.Writer, st *stack.Stack, meta ScanMeta) error {
	tw := &trimWriter{w: w}
	err := scanText(tw, st, meta)
	if err == nil {
		err = tw.Flush()
	}
	return err
}

func scanText(w io.Writer, st *stack.Stack, meta ScanMeta) error {
	p := &printer{w: w}
	scanWidth := wrapWidth(meta.Width)
	paint := func(code, s string) string {
		if !meta.Color || s == "" {
			return s
		}
		return code + s + ansiReset
	}
	prod := st.Production()
	header := []string{"stacklint scan", meta.Root, plural(len(st.Components), "component"), plural(len(prod), "technology")}
	if meta.Duration > 0 {
		header = append(header, roundDuration(meta.Duration))
	}
	for _, line := range strings.Split(wrapItems(header, " · ", 0, scanWidth), "\n") {
		p.f("%s\n", paint(ansiBold, strings.TrimRight(line, " ")))
	}
	p.f("\n")
	if len(prod) == 0 && len(RoleLines(st)) > 0 {
		// Something was recognised, only none of it is a backend.
		p.f("%s\n", wrap("No backend: every component recognised is a front end, a client, a tool or a docs site (listed below); only services, workers and the libraries they link make the backend stack.", 0, scanWidth))
	} else if len(prod) == 0 {
		p.f("No backend technology recognised. stacklint reads manifests such as go.mod, package.json,\n")
		p.f("requirements.txt, pyproject.toml, pom.xml, build.gradle, *.csproj, composer.json, Gemfile,\n")
		p.f("Cargo.toml and mix.exs; run `stacklint detectors` for the full list.\n")
	} else {
		p.f("%s\n", paint(ansiBold, "Repository stack (production)"))
		for _, l := range stack.Layers {
			ts := st.ByLayer(l)
			if len(ts) == 0 {
				continue
			}
			p.f("  %s %s\n", paint(ansiCyan, fmt.Sprintf("%-20s", l.Title())), wrapItems(labels(ts), " · ", scanLayerCol, scanWidth))
			if meta.Verbose {
				for _, t := range ts {
					p.f("      %s\n", TechLabel(t))
					lines := verboseEvidence(t)
					for i, line := range lines {
						if i == maxVerboseLines {
							p.f("          +%d more (see --format json)\n", len(lines)-maxVerboseLines)
							break
						}
						p.f("          %s\n", line)
					}
				}
			}
		}
	}
	if len(st.SupportedDatastores) > 0 {
		const lead = "Supported datastores"
		p.f("\n%s%s\n", paint(ansiBold, fmt.Sprintf("%-23s", lead)), wrapItems(supportedLabels(st.SupportedDatastores), " · ", scanLayerCol, scanWidth))
		if meta.Verbose {
			for _, d := range st.SupportedDatastores {
				p.f("      %s\n", supportedLabel(d))
				for i, e := range d.Evidence {
					if i == maxVerboseLines {
						p.f("          +%d more (see --format json)\n", len(d.Evidence)-maxVerboseLines)
						break
					}
					p.f("          %s  %s\n", e.String(), oneLine(e.Detail))
				}
			}
		}
	}
	if apart := RoleLines(st); len(apart) > 0 {
		// Front ends, clients, tools and docs sites: not the backend.
		p.f("\n%s\n", paint(ansiBold, "Not the backend (front ends, clients, tools, docs sites)"))
		for _, r := range apart {
			p.f("  %s %s\n", paint(ansiCyan, fmt.Sprintf("%-20s", r.Title)), wrapItems(strings.Split(r.Technologies, " · "), " · ", scanLayerCol, scanWidth))
		}
	}
	if len(st.Components) > 1 || (len(st.Components) == 1 && st.Components[0].Path != ".") {
		p.f("\n%s\n", paint(ansiBold, "Components"))
		shown, folded := st.Components, 0
		if !meta.Verbose {
			shown, folded = foldNonProduction(st.Components)
		}
		for _, line := range componentLines(st, shown, scanWidth) {
			p.f("  %s\n", line)
		}
		if folded > 0 {
			p.f("  … and %s under examples, docs or tests (not production; -v lists them)\n", plural(folded, "component"))
		}
	}
	var dev, nonprod []stack.Technology
	for _, t := range st.Technologies {
		switch t.Scope {
		case stack.ScopeDev:
			dev = append(dev, t)
		case stack.ScopeNonProduction:
			nonprod = append(nonprod, t)
		}
	}
	if len(dev) > 0 {
		const lead = "Development only: "
		p.f("\n%s%s\n", paint(ansiDim, lead), wrapItems(names(dev, 20), " · ", len(lead), scanWidth))
	}
	if len(nonprod) > 0 {
		const lead = "Not production (examples, docs, tests): "
		if len(dev) == 0 {
			p.f("\n")
		}
		p.f("%s%s\n", paint(ansiDim, lead), wrapItems(names(nonprod, 20), " · ", len(lead), scanWidth))
	}
	if n := len(st.Diagnostics); n > 0 {
		p.f("\n%s\n", paint(ansiYellow, plural(countFiles(st.Diagnostics), "file")+" with problems:"))
		limit := 10
		if meta.Verbose {
			limit = n
		}
		for i, d := range st.Diagnostics {
			if i == limit {
				p.f("  … %d more (run with -v to see all)\n", n-limit)
				break
			}
			p.f("  %s\n", d.String())
		}
	}
	return p.err
}

// verboseEvidence renders a technology's production evidence one location
// per line: "pom.xml:29  maven package org.springframework.boot:…". A
// location shows what named the technology directly there; evidence
// inherited from another technology ("implied by Spring Boot (…)") shows
// only where nothing named it directly, and then once.
func verboseEvidence(t stack.Technology) []string {
	type loc struct {
		where           string
		direct, implied []string
	}
	var locs []*loc
	byWhere := map[string]*loc{}
	for _, e := range t.Evidence {
		if e.Scope != stack.ScopeRuntime && e.Scope != "" {
			continue
		}
		w := e.String()
		l := byWhere[w]
		if l == nil {
			l = &loc{where: w}
			byWhere[w] = l
			locs = append(locs, l)
		}
		d := oneLine(e.Detail)
		if rule.IsImplied(e) {
			l.implied = appendNew(l.implied, d)
		} else if d != "" {
			l.direct = appendNew(l.direct, d)
		}
	}
	col := 0
	for _, l := range locs {
		col = max(col, min(visibleLen(l.where), 40))
	}
	out := make([]string, 0, len(locs))
	for _, l := range locs {
		detail := strings.Join(l.direct, "; ")
		if len(l.direct) == 0 && len(l.implied) > 0 {
			detail = l.implied[0]
			for _, d := range l.implied[1:] {
				if len(d) < len(detail) {
					detail = d
				}
			}
		}
		line := l.where
		if detail != "" {
			line += strings.Repeat(" ", max(col-visibleLen(l.where), 0)+2) + detail
		}
		out = append(out, line)
	}
	return out
}

func appendNew(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// maxFoldedNonProduction is how many non-production components the scan
// lists before folding them into one line (a repository full of fixtures).
const maxFoldedNonProduction = 3

// foldNonProduction keeps every production component and, when there are
// more than a few non-production ones, returns how many were left out.
func foldNonProduction(all []stack.Component) ([]stack.Component, int) {
	var prod []stack.Component
	for _, c := range all {
		if !c.NonProduction {
			prod = append(prod, c)
		}
	}
	if n := len(all) - len(prod); n > maxFoldedNonProduction {
		return prod, n
	}
	return all, 0
}

// componentLines renders the components table: path, the technologies
// (production ones, or all of a non-production component) up to the
// column's width then "+N more", and up to three manifests, named
// relative to the component.
func componentLines(st *stack.Stack, comps []stack.Component, scanWidth int) []string {
	byID := map[string]stack.Technology{}
	for _, t := range st.Technologies {
		byID[t.ID] = t
	}
	pathW, manW := 0, 0
	mans := make([]string, len(comps))
	for i, c := range comps {
		pathW = max(pathW, visibleLen(c.Path))
		mans[i] = manifestList(c)
		manW = max(manW, min(visibleLen(mans[i]), maxManifestWidth))
	}
	techW := max(scanWidth-2-pathW-2-2-manW, minComponentCol)
	techs := make([]string, len(comps))
	used := 0
	for i, c := range comps {
		var ns []string
		for _, id := range c.Technologies {
			t, ok := byID[id]
			if ok && (t.Scope == stack.ScopeRuntime || c.NonProduction) {
				ns = append(ns, t.Name)
			}
		}
		tag := ""
		if c.NonProduction {
			tag = " (not production)"
		}
		techs[i] = fitItems(ns, " · ", techW-visibleLen(tag)) + tag
		used = max(used, visibleLen(techs[i]))
	}
	out := make([]string, len(comps))
	for i, c := range comps {
		line := c.Path + strings.Repeat(" ", pathW-visibleLen(c.Path)+2) + techs[i]
		if mans[i] != "" {
			line += strings.Repeat(" ", used-visibleLen(techs[i])+2) + mans[i]
		}
		out[i] = strings.TrimRight(line, " ")
	}
	return out
}

// manifestList renders up to three of a component's manifests relative to
// its folder, then "+N": "cache.tf, ecs.tf, network.tf +5".
func manifestList(c stack.Component) string {
	var ms []string
	for i, m := range c.Manifests {
		if i == maxManifests {
			ms[len(ms)-1] += fmt.Sprintf(" +%d", len(c.Manifests)-maxManifests)
			break
		}
		if c.Path != "." {
			m = strings.TrimPrefix(m, c.Path+"/")
		}
		ms = append(ms, m)
	}
	return strings.Join(ms, ", ")
}

// fitItems joins as many items as fit in width, then "+N more".
func fitItems(items []string, sep string, width int) string {
	s := strings.Join(items, sep)
	if visibleLen(s) <= width {
		return s
	}
	for n := len(items) - 1; n > 0; n-- {
		s = strings.Join(items[:n], sep) + sep + fmt.Sprintf("+%d more", len(items)-n)
		if visibleLen(s) <= width {
			return s
		}
	}
	return fmt.Sprintf("%s%s+%d more", items[0], sep, len(items)-1)
}

// wrapItems joins items with sep, breaking lines between items (never
// inside one) so that no line passes width; the first line is assumed to
// start at column indent and continuation lines are indented to it.
func wrapItems(items []string, sep string, indent, width int) string {
	var b strings.Builder
	col := indent
	mark := visibleLen(strings.TrimRight(sep, " "))
	for i, it := range items {
		n := visibleLen(it)
		if i < len(items)-1 {
			n += mark // room for the separator that ends a broken line
		}
		if i > 0 {
			if col+visibleLen(sep)+n > width {
				b.WriteString(strings.TrimRight(sep, " "))
				b.WriteString("\n")
				b.WriteString(strings.Repeat(" ", indent))
				col = indent
			} else {
				b.WriteString(sep)
				col += visibleLen(sep)
			}
		}
		b.WriteString(it)
		col += visibleLen(it)
	}
	return b.String()
}

func names(ts []stack.Technology, limit int) []string {
	var parts []string
	for i, t := range ts {
		if i == limit {
			parts = append(parts, fmt.Sprintf("+%d more", len(ts)-limit))
			break
		}
		parts = append(parts, t.Name)
	}
	return parts
}

func countFiles(ds []stack.Diagnostic) int {
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.File] = true
	}
	return len(seen)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func roundDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

type printer struct {
	w   io.Writer
	err error
}

// trimWriter drops the spaces and tabs that end a line, so no report
// line has trailing blanks whatever its columns held.
type trimWriter struct {
	w       io.Writer
	pending []byte // blanks not yet known to be followed by text
}

func (t *trimWriter) Write(b []byte) (int, error) {
	var out []byte
	for _, c := range b {
		switch c {
		case ' ', '\t':
			t.pending = append(t.pending, c)
		case '\n':
			t.pending = t.pending[:0]
			out = append(out, c)
		default:
			out = append(out, t.pending...)
			t.pending = t.pending[:0]
			out = append(out, c)
		}
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// Flush writes blanks held back at the end of output without a newline.
func (t *trimWriter) Flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	_, err := t.w.Write(t.pending)
	t.pending = nil
	return err
}

func (p *printer) f(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}
