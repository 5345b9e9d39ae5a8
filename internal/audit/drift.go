package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/buildinfo"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// History keeps audited results by commit (see internal/history): a
// re-audit of a commit already recorded with the same inputs is served
// from it, and each recorded result learns what changed since the
// repository's previous snapshot.
type History interface {
	// Lookup returns the result recorded for repository at commit with
	// the same fingerprint (stacklint build, --profile, --exclude, date).
	Lookup(ctx context.Context, repository, commit, fingerprint string) (*Result, bool, error)
	// Record stores an audited result (r.Commit set) and returns what
	// changed since the repository's previous snapshot.
	Record(ctx context.Context, r *Result, fingerprint string) (*Changes, error)
}

// Changes is what changed in a repository since its previous snapshot.
type Changes struct {
	// First is true when there is no previous snapshot.
	First bool `json:"first,omitempty"`
	// SinceCommit and Since are the previous snapshot's commit and date
	// (YYYY-MM-DD).
	SinceCommit string `json:"since_commit,omitempty"`
	Since       string `json:"since,omitempty"`
	// Added and Removed are production technologies.
	Added   []TechRef `json:"added"`
	Removed []TechRef `json:"removed"`
	// NewFindings are findings (by fingerprint) the previous snapshot did
	// not have; Resolved counts the ones it had and this one has not.
	NewFindings []FindingRef `json:"new_findings"`
	Resolved    int          `json:"resolved_findings"`
}

// Empty reports whether nothing changed (or there was nothing before).
func (c *Changes) Empty() bool {
	return c == nil || c.First || len(c.Added)+len(c.Removed)+len(c.NewFindings)+c.Resolved == 0
}

// TechRef names a technology.
type TechRef struct {
	ID    string      `json:"id"`
	Name  string      `json:"name"`
	Layer stack.Layer `json:"layer"`
}

// FindingRef names a finding.
type FindingRef struct {
	Rule        string        `json:"rule"`
	Severity    rule.Severity `json:"severity"`
	Component   string        `json:"component,omitempty"`
	Fingerprint string        `json:"fingerprint"`
}

// Fingerprint identifies the inputs of an audit beyond a repository's
// commit: the stacklint build, the --profile fallback, the --exclude
// globs and the day end-of-life dates are compared with. A result
// recorded with the same fingerprint at the same commit is what an audit
// would produce again.
func Fingerprint(opts Options) string {
	h := sha256.New()
	fmt.Fprintln(h, buildinfo.Get().String())
	if opts.Profile != nil {
		b, err := json.Marshal(opts.Profile)
		if err != nil {
			b = []byte(opts.Profile.File)
		}
		h.Write(b)
	}
	fmt.Fprintln(h, strings.Join(opts.Exclude, "\x00"))
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	fmt.Fprintln(h, today.UTC().Format(time.DateOnly))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// gitHead returns the commit of a clean git checkout at dir ("" when dir
// is not the top of a git repository or has uncommitted changes: its
// content is then keyed by ContentKey).
func gitHead(ctx context.Context, dir string) string {
	if st, err := os.Stat(filepath.Join(dir, ".git")); err != nil || st == nil {
		return ""
	}
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--verify", "HEAD").Output()
	if err != nil {
		return ""
	}
	sha := strings.TrimSpace(string(out))
	st, err := exec.CommandContext(ctx, "git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output()
	if err != nil || len(strings.TrimSpace(string(st))) > 0 {
		return ""
	}
	return sha
}

// ContentKey stands for the commit of a folder that is not a clean git
// checkout: "content:" and a hash of its stack and findings, so an
// unchanged folder maps to the same snapshot.
func ContentKey(r *Result) string {
	h := sha256.New()
	for _, t := range r.Stack {
		fmt.Fprintf(h, "%s %s\n", t.ID, strings.Join(t.Versions, ","))
	}
	for _, f := range r.Findings {
		fmt.Fprintf(h, "%s\n", f.Fingerprint)
	}
	return "content:" + hex.EncodeToString(h.Sum(nil))[:40]
}

// FleetChanges is what changed across the fleet since each repository's
// previous snapshot.
type FleetChanges struct {
	// Compared counts repositories with a previous snapshot, First the
	// ones recorded for the first time, Changed the compared ones whose
	// stack or findings changed.
	Compared int `json:"compared"`
	First    int `json:"first"`
	Changed  int `json:"changed"`
	// Added and Removed are technologies by number of repositories.
	Added   []TechDelta `json:"added"`
	Removed []TechDelta `json:"removed"`
	// NewFindings counts new findings, Resolved resolved ones.
	NewFindings int `json:"new_findings"`
	Resolved    int `json:"resolved_findings"`
	// Repositories are the changed repositories, in input order.
	Repositories []RepoChanges `json:"repositories"`
}

// TechDelta is a technology added to or removed from repositories.
type TechDelta struct {
	TechRef
	Repos int      `json:"repositories"`
	Where []string `json:"where"`
}

// RepoChanges is one repository's changes.
type RepoChanges struct {
	Repository string `json:"repository"`
	Changes
}

type changesFleet struct {
	on             bool
	s              FleetChanges
	added, removed map[string]*TechDelta
}

func (c *changesFleet) add(r *Result) {
	if r.Status != StatusAudited || r.Changes == nil {
		return
	}
	if !c.on {
		c.on, c.added, c.removed = true, map[string]*TechDelta{}, map[string]*TechDelta{}
	}
	ch := r.Changes
	if ch.First {
		c.s.First++
		return
	}
	c.s.Compared++
	if ch.Empty() {
		return
	}
	c.s.Changed++
	c.s.NewFindings += len(ch.NewFindings)
	c.s.Resolved += ch.Resolved
	c.s.Repositories = append(c.s.Repositories, RepoChanges{Repository: r.Repository, Changes: *ch})
	for _, set := range []struct {
		m  map[string]*TechDelta
		ts []TechRef
	}{{c.added, ch.Added}, {c.removed, ch.Removed}} {
		for _, t := range set.ts {
			d := set.m[t.ID]
			if d == nil {
				d = &TechDelta{TechRef: t}
				set.m[t.ID] = d
			}
			d.Repos++
			d.Where = append(d.Where, r.Repository)
		}
	}
}

func (c *changesFleet) fill(s *Summary) {
	if !c.on {
		return
	}
	out := c.s
	less := func(a, b TechDelta) bool {
		if a.Repos != b.Repos {
			return a.Repos > b.Repos
		}
		return a.Name < b.Name
	}
	out.Added, out.Removed = ranked(c.added, less), ranked(c.removed, less)
	if out.Repositories == nil {
		out.Repositories = []RepoChanges{}
	}
	s.Changes = &out
}

func techList(ts []TechDelta, limit int) string {
	var parts []string
	for i, t := range ts {
		if i == limit {
			parts = append(parts, fmt.Sprintf("+%d more", len(ts)-limit))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", t.Name, t.Repos))
	}
	return strings.Join(parts, " · ")
}

// changesLines are the fleet summary's lines about the previous snapshots.
func changesLines(s *Summary, limit int) [][2]string {
	c := s.Changes
	if c == nil {
		return nil
	}
	var parts []string
	if c.Compared > 0 {
		parts = append(parts, fmt.Sprintf("%d of %s changed", c.Changed, plural(c.Compared, "repository compared", "repositories compared")))
	}
	if c.First > 0 {
		parts = append(parts, fmt.Sprintf("%s without an earlier snapshot", plural(c.First, "repository", "repositories")))
	}
	line := strings.Join(parts, " · ")
	if c.NewFindings+c.Resolved > 0 {
		line += fmt.Sprintf(" · %s, %d resolved", plural(c.NewFindings, "new finding", "new findings"), c.Resolved)
	}
	out := [][2]string{{"Since last snapshot", line}}
	if len(c.Added) > 0 {
		out = append(out, [2]string{"Adopted", techList(c.Added, limit)})
	}
	if len(c.Removed) > 0 {
		out = append(out, [2]string{"Dropped", techList(c.Removed, limit)})
	}
	return out
}

// changeText is one repository's changes on one line.
func changeText(c *Changes) string {
	var parts []string
	for _, t := range c.Added {
		parts = append(parts, "+"+t.Name)
	}
	for _, t := range c.Removed {
		parts = append(parts, "−"+t.Name)
	}
	if n := len(c.NewFindings); n > 0 {
		var rules []string
		for _, f := range c.NewFindings {
			rules = append(rules, f.Rule)
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", plural(n, "new finding", "new findings"), strings.Join(rules, ", ")))
	}
	if c.Resolved > 0 {
		parts = append(parts, fmt.Sprintf("%d resolved", c.Resolved))
	}
	return strings.Join(parts, " · ")
}

func shortSHA(s string) string {
	s = strings.TrimPrefix(s, "content:")
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

// changesRow is the table report's line under a changed repository.
func changesRow(w io.Writer, r *Result) error {
	if r.Changes.Empty() {
		return nil
	}
	_, err := fmt.Fprintf(w, "  ↳ since %s (%s): %s\n", shortSHA(r.Changes.SinceCommit), r.Changes.Since, changeText(r.Changes))
	return err
}

// writeChangesMarkdown is the Markdown report's changes section.
func writeChangesMarkdown(w io.Writer, s *Summary) {
	c := s.Changes
	if c == nil || len(c.Repositories) == 0 {
		return
	}
	cell := report.MarkdownCell
	fmt.Fprintf(w, "### Changes since the previous snapshot\n\n| Repository | Since | Added | Removed | New findings | Resolved |\n|---|---|---|---|---|--:|\n")
	for _, r := range c.Repositories {
		var add, rem, nf []string
		for _, t := range r.Added {
			add = append(add, t.Name)
		}
		for _, t := range r.Removed {
			rem = append(rem, t.Name)
		}
		for _, f := range r.NewFindings {
			nf = append(nf, "`"+f.Rule+"`")
		}
		fmt.Fprintf(w, "| %s | %s %s | %s | %s | %s | %d |\n", cell(r.Repository), shortSHA(r.SinceCommit), r.Since, cell(strings.Join(add, ", ")), cell(strings.Join(rem, ", ")), strings.Join(nf, ", "), r.Resolved)
	}
	fmt.Fprintln(w)
}

// writeChangesHTML is the HTML report's changes section.
func writeChangesHTML(w io.StringWriter, s *Summary) {
	c := s.Changes
	if c == nil || len(c.Repositories) == 0 {
		return
	}
	w.WriteString("<section id=\"changes\"><h2>Changes since the previous snapshot</h2>\n<table><thead><tr><th>Repository</th><th>Since</th><th>Changes</th></tr></thead><tbody>\n")
	for _, r := range c.Repositories {
		w.WriteString(fmt.Sprintf("<tr><td>%s</td><td><code>%s</code> %s</td><td>%s</td></tr>\n", esc(r.Repository), esc(shortSHA(r.SinceCommit)), esc(r.Since), esc(changeText(&r.Changes))))
	}
	w.WriteString("</tbody></table></section>\n")
}

// extraNav links the HTML report's owners and changes sections, when shown.
func extraNav(s *Summary) string {
	var b strings.Builder
	if len(s.Owners) > 0 || len(s.Mismatches) > 0 {
		b.WriteString("<a href=\"#owners\">Owners</a> ")
	}
	if s.Changes != nil && len(s.Changes.Repositories) > 0 {
		b.WriteString("<a href=\"#changes\">Changes</a> ")
	}
	return b.String()
}
