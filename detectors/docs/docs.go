// Package docs detects design and operations documents — architecture
// decision records, scaling or capacity plans, runbooks, security policies
// — and committed .env files holding secret-looking keys (key names and
// lines only, never values).
package docs

import (
	"bufio"
	"bytes"
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// ADR reads architecture decision records.
var ADR = detect.Detector{
	Name: "adr",
	Doc: "Reads architecture decision records: Markdown files with numbered names (0001-use-postgres.md, adr-001.md) under docs/adr, doc/adr, " +
		"docs/decisions, doc/architecture/decisions, adr/ or architecture/decisions. Each gives an adr fact with the title of its first `# ` heading, " +
		"the number and, when stated, the status. Templates are skipped. Their scope stays runtime although they live under docs/.",
	Files:     []string{"*.md", "*.markdown", "*.MD"},
	Match:     matchADR,
	KeepScope: true,
	Detect:    detectADR,
}

var adrDirs = []string{"docs/adr", "doc/adr", "docs/adrs", "doc/adrs", "docs/decisions", "doc/decisions", "adr", "adrs",
	"architecture/decisions", "docs/architecture/decisions", "doc/architecture/decisions", "docs/architecture-decisions", "decisions"}

func isMarkdown(b string) bool {
	return strings.HasSuffix(b, ".md") || strings.HasSuffix(b, ".markdown") || strings.HasSuffix(b, ".MD")
}

func matchADR(p string) bool {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return false
	}
	dir, b := p[:i], p[i+1:]
	if !isMarkdown(b) || !numberedADR(b) {
		return false
	}
	for _, d := range adrDirs {
		if dir == d || strings.HasSuffix(dir, "/"+d) {
			return d != "decisions" || strings.Contains(dir, "doc") || strings.Contains(dir, "architecture")
		}
	}
	return false
}

// numberedADR reports whether a file name starts with a number
// ("0001-...") or "adr" and a number ("adr-001.md", "ADR0002.md").
func numberedADR(b string) bool {
	if len(b) >= 3 && strings.EqualFold(b[:3], "adr") {
		b = strings.TrimLeft(b[3:], "-_ ")
	}
	n := 0
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	return n >= 1 && n < len(b) && (b[n] == '-' || b[n] == '_' || b[n] == '.' || b[n] == ' ')
}

// adrStatus reads "Status: Accepted", "**Status:** accepted" and MADR's
// list form "* Status: proposed".
var adrStatus = lazyregexp.New(`(?im)^\s*(?:[*-]\s+)?(?:\*\*)?status(?:\*\*)?\s*:\s*(?:\*\*)?\s*([A-Za-z][A-Za-z -]*)`)

func detectADR(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	b := path.Base(in.Path)
	if strings.Contains(strings.ToLower(b), "template") {
		return nil, nil
	}
	hs := headings(in.Data)
	title, line := strings.TrimSuffix(b, path.Ext(b)), 1
	for _, h := range hs {
		if h.level == 1 {
			title, line = h.text, h.line
			break
		}
	}
	attrs := map[string]string{"title": title}
	num := strings.TrimLeft(strings.TrimLeft(strings.ToLower(b), "adr"), "-_ ")
	if i := strings.IndexFunc(num, func(r rune) bool { return r < '0' || r > '9' }); i > 0 {
		attrs["number"] = strings.TrimLeft(num[:i], "0")
		if attrs["number"] == "" {
			attrs["number"] = "0"
		}
	}
	if st := status(in.Data, hs); st != "" {
		attrs["status"] = st
	}
	return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactADR, Line: line, Attrs: attrs}}, nil
}

// status reads "Status: Accepted" or the first word under a "Status" heading.
func status(data []byte, hs []heading) string {
	if m := adrStatus.FindSubmatch(data); m != nil {
		return strings.ToLower(strings.TrimSpace(string(m[1])))
	}
	lines := strings.Split(string(data), "\n")
	for _, h := range hs {
		if !strings.EqualFold(h.text, "status") {
			continue
		}
		for i := h.line; i < len(lines); i++ {
			t := strings.TrimSpace(strings.Trim(strings.TrimSpace(lines[i]), "*_"))
			if strings.HasPrefix(t, "#") {
				break
			}
			if t != "" {
				f := strings.Fields(t)
				return strings.ToLower(strings.Trim(f[0], ".,*_"))
			}
		}
	}
	return ""
}

// heading is a Markdown ATX heading.
type heading struct {
	level int
	text  string
	line  int
}

// headings lists the ATX headings of a Markdown document, outside fenced
// code blocks.
func headings(data []byte) []heading {
	var out []heading
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	fence := ""
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if !strings.HasPrefix(t, "#") {
			continue
		}
		lvl := 0
		for lvl < len(t) && t[lvl] == '#' {
			lvl++
		}
		if lvl > 6 || lvl == len(t) || (t[lvl] != ' ' && t[lvl] != '\t') {
			continue
		}
		text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[lvl:]), "#"))
		if text != "" {
			out = append(out, heading{lvl, text, line})
		}
	}
	return out
}

// ScalingPlan reads written scaling and capacity plans.
var ScalingPlan = detect.Detector{
	Name: "scaling-plan",
	Doc: "Reads written scaling and capacity plans: SCALING.md or CAPACITY.md anywhere, docs/scaling* and docs/capacity* (a scaling-plan fact titled " +
		"by the first heading), and ARCHITECTURE.md or docs/architecture* whose headings mention scaling, scalability, capacity or a load plan/test " +
		"(a scaling-plan fact at the first such heading). Their scope stays runtime although they live under docs/.",
	Files:     anyCase("*.md", "*.markdown", "*.txt", "*.adoc", "*.rst"),
	Match:     matchScaling,
	KeepScope: true,
	Detect:    detectScaling,
}

func inDocsDir(p string) bool {
	return strings.HasPrefix(p, "docs/") || strings.HasPrefix(p, "doc/") || strings.Contains(p, "/docs/") || strings.Contains(p, "/doc/")
}

func matchScaling(p string) bool {
	b := strings.ToLower(path.Base(p))
	if !isMarkdown(b) && !strings.HasSuffix(b, ".txt") && !strings.HasSuffix(b, ".adoc") && !strings.HasSuffix(b, ".rst") {
		return false
	}
	switch {
	case strings.HasPrefix(b, "scaling.") || strings.HasPrefix(b, "capacity."):
		return true
	case strings.HasPrefix(b, "architecture."):
		return true
	case inDocsDir(p):
		return strings.HasPrefix(b, "scaling") || strings.HasPrefix(b, "capacity") || strings.HasPrefix(b, "architecture")
	}
	return false
}

var scalingHeading = lazyregexp.New(`(?i)scal(ing|ability)|capacity|load[ -](plan|test)`)

func detectScaling(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	b := strings.ToLower(path.Base(in.Path))
	hs := headings(in.Data)
	if strings.HasPrefix(b, "architecture") {
		for _, h := range hs {
			if scalingHeading.MatchString(h.text) {
				return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactScalingPlan, Line: h.line, Attrs: map[string]string{"title": h.text}}}, nil
			}
		}
		return nil, nil
	}
	if len(bytes.TrimSpace(in.Data)) == 0 {
		return nil, nil
	}
	title, line := strings.TrimSuffix(path.Base(in.Path), path.Ext(in.Path)), 1
	if len(hs) > 0 {
		title, line = hs[0].text, hs[0].line
	}
	return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactScalingPlan, Line: line, Attrs: map[string]string{"title": title}}}, nil
}

// Runbook reads operations runbooks.
var Runbook = detect.Detector{
	Name:      "runbook",
	Doc:       "Reads operations runbooks: RUNBOOK.md and runbook*.md anywhere and Markdown files under a runbooks/ folder give a runbook fact titled by the first heading. Their scope stays runtime although they often live under docs/.",
	Files:     anyCase("*.md", "*.markdown"),
	Match:     matchRunbook,
	KeepScope: true,
	Detect:    detectRunbook,
}

func matchRunbook(p string) bool {
	b := strings.ToLower(path.Base(p))
	if !isMarkdown(b) {
		return false
	}
	if strings.HasPrefix(b, "runbook") {
		return true
	}
	lp := strings.ToLower(p)
	return strings.HasPrefix(lp, "runbooks/") || strings.Contains(lp, "/runbooks/") || strings.HasPrefix(lp, "runbook/") || strings.Contains(lp, "/runbook/")
}

func detectRunbook(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if len(bytes.TrimSpace(in.Data)) == 0 {
		return nil, nil
	}
	b := path.Base(in.Path)
	title, line := strings.TrimSuffix(b, path.Ext(b)), 1
	if hs := headings(in.Data); len(hs) > 0 {
		title, line = hs[0].text, hs[0].line
	}
	return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactRunbook, Line: line, Attrs: map[string]string{"title": title}}}, nil
}

// SecurityPolicy reads SECURITY.md.
var SecurityPolicy = detect.Detector{
	Name:      "security-policy",
	Doc:       "Reads the security policy (SECURITY.md, .md/.rst/.txt or none, at the root, in .github/ or in docs/): a security-policy fact. Empty files are ignored.",
	Files:     anyCase("SECURITY", "*.md", "*.markdown", "*.rst", "*.txt"),
	Match:     matchSecurity,
	KeepScope: true,
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		if len(bytes.TrimSpace(in.Data)) == 0 {
			return nil, nil
		}
		return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactSecurityPolicy, Line: 1}}, nil
	},
}

func matchSecurity(p string) bool {
	dir, b := "", p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		dir, b = p[:i], p[i+1:]
	}
	if dir != "" && dir != ".github" && dir != "docs" {
		return false
	}
	switch strings.ToUpper(b) {
	case "SECURITY.MD", "SECURITY", "SECURITY.RST", "SECURITY.TXT", "SECURITY.MARKDOWN":
		return true
	}
	return false
}

// anyCase returns every upper/lower-case spelling of the given Files
// patterns ("*.md" gives "*.md", "*.mD", "*.Md", "*.MD"), for detectors whose
// Match folds case while the scanner's index is case-sensitive.
func anyCase(patterns ...string) []string {
	// All spellings are written into one buffer and sliced out of one
	// string: this runs at start-up for every pattern, and a string per
	// step would make thousands of allocations (2,243 before).
	n, size := 0, 0
	for _, p := range patterns {
		k := 1 << letters(p)
		n, size = n+k, size+k*len(p)
	}
	buf := make([]byte, 0, size)
	for _, p := range patterns {
		l := letters(p)
		for mask := range 1 << l {
			bit := l
			for i := 0; i < len(p); i++ {
				c := p[i]
				if lo := c | 0x20; lo < 'a' || lo > 'z' {
					buf = append(buf, c)
					continue
				}
				bit--
				if mask&(1<<bit) != 0 {
					buf = append(buf, c&^0x20)
				} else {
					buf = append(buf, c|0x20)
				}
			}
		}
	}
	all := string(buf)
	out := make([]string, 0, n)
	for _, p := range patterns {
		for range 1 << letters(p) {
			out = append(out, all[:len(p)])
			all = all[len(p):]
		}
	}
	return out
}

// letters counts the ASCII letters of p.
func letters(p string) int {
	n := 0
	for i := 0; i < len(p); i++ {
		if lo := p[i] | 0x20; lo >= 'a' && lo <= 'z' {
			n++
		}
	}
	return n
}
