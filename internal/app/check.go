package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/buildinfo"
	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules"
	"github.com/stacklint/stacklint/internal/stack"
)

// CheckOptions configure a check.
type CheckOptions struct {
	// FS is the tree to check (the head).
	FS fs.FS
	// Root is the checked path as the user gave it (for reports).
	Root string
	// PathPrefix is Root's path inside the repository ("" at the top).
	PathPrefix string
	// ProfilePath is the profile file on disk; "" means the embedded
	// default. ProfileName is how reports cite it ("" → ProfilePath).
	ProfilePath, ProfileName string
	// Profile, when set, is the profile in force (already parsed, e.g. read
	// from a remote tree); ProfilePath and ProfileName are then ignored.
	Profile *profile.Profile
	// Base, when set, is the base revision's tree; BaseRef names it.
	Base    fs.FS
	BaseRef string
	// Exclude holds doublestar globs of paths to skip.
	Exclude []string
	// FailOn is the threshold; SeverityNone means never fail.
	FailOn rule.Severity
	// NewOnly fails only on findings new against Base.
	NewOnly bool
	// Today is the date end-of-life dates are compared with; zero = now.
	Today time.Time
	// Links turn Markdown evidence into repository links.
	Links *report.Links
}

// CheckResult is a finished check.
type CheckResult struct {
	// Report is ready for any renderer.
	Report *report.Check
	// Result is the raw rules outcome for the head.
	Result rule.Result
	// Head and Base are the scanned stacks (Base nil without a base).
	Head, Base *stack.Stack
	// Profile is the profile in force.
	Profile *profile.Profile
}

// LoadProfile reads the profile at path (cited as name) or, when path is
// "", returns the embedded default. Errors are *profile.Error values (exit 2).
func LoadProfile(path, name string) (*profile.Profile, error) {
	if path == "" {
		return profile.Default(), nil
	}
	data, err := profile.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = path
	}
	p, err := ParseProfile(name, data)
	if err != nil {
		return nil, err
	}
	if err := attachDiskRadar(p, path, name); err != nil {
		return nil, err
	}
	return p, nil
}

// loadCheckProfile reads the profile of a check: a profile inside the
// checked tree (cited by a relative name) reads its radar from that tree,
// confined to it; one outside reads it from disk beside the profile.
func loadCheckProfile(opts CheckOptions) (*profile.Profile, error) {
	name := opts.ProfileName
	if name == "" {
		name = opts.ProfilePath
	}
	inside := opts.FS != nil && opts.ProfilePath != "" && name != "" && !filepath.IsAbs(name) && fs.ValidPath(path.Clean(name))
	if !inside {
		return LoadProfile(opts.ProfilePath, opts.ProfileName)
	}
	data, err := profile.ReadFile(opts.ProfilePath)
	if err != nil {
		return nil, err
	}
	return ParseRepoProfile(opts.FS, path.Clean(name), data)
}

// ParseProfile parses a profile's bytes (cited as name) and checks its rule
// settings against the known rules. Errors are *profile.Error values.
func ParseProfile(name string, data []byte) (*profile.Profile, error) {
	p, err := profile.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if err := rule.CheckProfile(p, rules.All()); err != nil {
		return nil, err
	}
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, cat.Len())
	for _, e := range cat.Entries() {
		ids = append(ids, e.ID)
	}
	if err := p.CheckIDs(ids); err != nil {
		return nil, err
	}
	return p, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// AllRuleInfos lists every rule's Info, built-ins included.
func AllRuleInfos() []rule.Info {
	var out []rule.Info
	for _, r := range rules.All() {
		out = append(out, r.Info)
	}
	return append(out, rule.Builtin()...)
}

// Check scans opts.FS (and opts.Base when set), runs every rule against the
// profile and prepares the report. It returns an error only for a bad
// profile or an unreadable tree.
func Check(ctx context.Context, opts CheckOptions) (*CheckResult, error) {
	p := opts.Profile
	if p == nil {
		var err error
		if p, err = loadCheckProfile(opts); err != nil {
			return nil, err
		}
	}
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	head, err := ScanFS(ctx, opts.FS, ScanOptions{Exclude: opts.Exclude})
	if err != nil {
		return nil, err
	}
	if opts.Profile == nil {
		// The radar's unusable entries are the check's to report; an
		// audit reports those of a shared profile once.
		head.Stack.Diagnostics = append(head.Stack.Diagnostics, RadarDiagnostics(p)...)
	}
	all := rules.All()
	res := rule.Run(&rule.Context{Stack: head.Stack, Profile: p, Catalog: cat, Today: today}, all)

	out := &CheckResult{Result: res, Head: head.Stack, Profile: p}
	rep := &report.Check{
		Root: opts.Root, Version: buildinfo.Version(), PathPrefix: opts.PathPrefix, Today: today,
		Stack: head.Stack, Rules: AllRuleInfos(),
		Passed: res.Passed, NotApplicable: res.NotApplicable,
		Profile: report.ProfileSummary{Declared: p.Declared(), Headline: Headline(p)},
		FailOn:  opts.FailOn, NewOnly: opts.NewOnly, Links: opts.Links,
	}
	if p.Declared() {
		rep.Profile.Path = p.File
	}
	findings := append([]rule.Finding(nil), res.Findings...)
	if opts.Base != nil {
		base, err := ScanFS(ctx, opts.Base, ScanOptions{Exclude: opts.Exclude})
		if err != nil {
			return nil, fmt.Errorf("scanning base %s: %w", opts.BaseRef, err)
		}
		out.Base = base.Stack
		bres := rule.Run(&rule.Context{Stack: base.Stack, Profile: p, Catalog: cat, Today: today}, all)
		known := map[string]bool{}
		for _, f := range bres.Findings {
			known[f.Fingerprint] = true
		}
		for _, w := range bres.Waived {
			known[w.Finding.Fingerprint] = true
		}
		for i := range findings {
			findings[i].New = !known[findings[i].Fingerprint]
		}
		rep.Diff = Diff(opts.BaseRef, base.Stack, head.Stack)
	}
	rep.Findings = findings
	for _, w := range res.Waived {
		rw := report.Waived{Finding: w.Finding, Reason: w.Reason, File: w.Waiver.File, Line: w.Waiver.Line}
		for _, pw := range p.Waivers {
			if pw.Key() == w.Waiver.Key && !pw.Expires.IsZero() {
				rw.Expires = pw.Expires.Format(time.DateOnly)
			}
		}
		rep.Waived = append(rep.Waived, rw)
	}
	rep.ExitCode = ExitCode(findings, opts.FailOn, opts.NewOnly && opts.Base != nil)
	// The summary every format leads with, computed once.
	sum := report.NewSummary(rep)
	rep.Summary = &sum
	out.Report = rep
	return out, nil
}

// ExitCode is 1 when a finding (a new one, with newOnly) is at or above
// failOn, else 0. failOn SeverityNone never fails.
func ExitCode(findings []rule.Finding, failOn rule.Severity, newOnly bool) int {
	if failOn == rule.SeverityNone {
		return 0
	}
	for _, f := range findings {
		if f.Severity >= failOn && (!newOnly || f.New) {
			return 1
		}
	}
	return 0
}

// Diff converts a stack comparison for reports.
func Diff(baseRef string, base, head *stack.Stack) *report.StackDiff {
	d := stack.Compare(base, head)
	out := &report.StackDiff{BaseRef: baseRef, Added: d.Added, Removed: d.Removed, Upgraded: []report.VersionChange{}}
	for _, c := range d.Changed {
		out.Upgraded = append(out.Upgraded, report.VersionChange{Tech: c.Technology, From: strings.Join(c.From, "/"), To: strings.Join(c.To, "/")})
	}
	return out
}

var typeNames = map[string]string{
	profile.TypeMVP: "MVP", profile.TypeAPIFirst: "API-first", profile.TypeEcommerce: "e-commerce",
	profile.TypeHighLoadSaaS: "high-load SaaS", profile.TypeInternalTool: "internal tool",
}

// Headline sums up a declared profile in one line: "high-load SaaS · peak
// 20,000 rps · team: python, postgresql". Empty for the default profile.
func Headline(p *profile.Profile) string {
	if !p.Declared() {
		return ""
	}
	var parts []string
	if t := typeNames[p.Project.Type]; t != "" {
		parts = append(parts, t)
	}
	if p.Load.PeakRPS > 0 {
		parts = append(parts, "peak "+thousands(p.Load.PeakRPS)+" rps")
	}
	if p.Load.Concurrency != "" {
		parts = append(parts, p.Load.Concurrency+" concurrency")
	}
	if p.Data.Consistency != "" {
		parts = append(parts, p.Data.Consistency+" consistency")
	}
	if p.Team.Size > 0 {
		parts = append(parts, fmt.Sprintf("team of %d", p.Team.Size))
	}
	if len(p.Team.Skills) > 0 {
		parts = append(parts, "skills: "+strings.Join(p.Team.Skills, ", "))
	}
	if len(p.Compliance.Standards) > 0 {
		parts = append(parts, strings.Join(p.Compliance.Standards, ", "))
	}
	return strings.Join(parts, " · ")
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
