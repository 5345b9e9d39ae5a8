package report

import (
	"io"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// CheckDocument is the JSON document of a check (schema stacklint/check/v1).
type CheckDocument struct {
	Schema string `json:"schema"`
	// Overview is the answer first: verdict, stack, top actions, gate.
	Overview Summary         `json:"overview"`
	Tool     Tool            `json:"tool"`
	Root     string          `json:"root"`
	Profile  ProfileSummary  `json:"profile"`
	Summary  CheckSummary    `json:"summary"`
	FailOn   string          `json:"fail_on"`
	NewOnly  bool            `json:"new_only"`
	ExitCode int             `json:"exit_code"`
	Stack    StackDocument   `json:"stack"`
	Findings []FindingRecord `json:"findings"`
	Waived   []WaivedRecord  `json:"waived"`
	// Diff is null when no base revision was compared.
	Diff *StackDiff `json:"diff"`
}

// CheckSummary holds the counts of a check.
type CheckSummary struct {
	Counts
	// Passed counts the rules that ran and found nothing.
	Passed int `json:"passed"`
	// NotApplicable counts the rules skipped for lack of declared context.
	NotApplicable int `json:"not_applicable"`
	// Waived counts the findings waivers silenced.
	Waived int `json:"waived"`
}

// StackDocument is the stack part of a check document, shaped as in the
// scan document.
type StackDocument struct {
	Layers       map[string][]string `json:"layers"`
	Technologies []stack.Technology  `json:"technologies"`
	Components   []stack.Component   `json:"components"`
	Diagnostics  []stack.Diagnostic  `json:"diagnostics"`
}

// FindingRecord is a finding as the JSON document carries it: the finding,
// one location to show it at, and where its rule is documented.
type FindingRecord struct {
	rule.Finding
	// Location is where to show the finding: its first evidence with a file
	// or, for a finding about the whole repository, the profile key or
	// manifest that decided it. Every finding has one.
	Location FindingLocation `json:"location"`
	// HelpURI is the rule's documentation.
	HelpURI string `json:"help_uri"`
}

// FindingLocation is the one place a finding is shown at.
type FindingLocation struct {
	// File is relative to the checked folder, slash-separated, like the
	// evidence's files.
	File string `json:"file"`
	// Line is 1-based; 1 when the finding concerns the whole file.
	Line int `json:"line"`
	// Repository is true when the finding is about the whole repository
	// (no file shows the problem): File and Line then point at the profile
	// key or manifest that decided it.
	Repository bool `json:"repository"`
}

// WaivedRecord is a waived finding in the JSON document.
type WaivedRecord struct {
	Finding FindingRecord `json:"finding"`
	Reason  string        `json:"reason"`
	Expires string        `json:"expires,omitempty"`
	File    string        `json:"file,omitempty"`
	Line    int           `json:"line,omitempty"`
}

// NewCheckDocument builds the JSON document of a check.
func NewCheckDocument(c *Check) CheckDocument {
	st := c.Stack
	if st == nil {
		st = &stack.Stack{}
	}
	scan := NewScanDocument(st, ScanMeta{Root: c.Root, Version: c.Version})
	d := CheckDocument{
		Schema: CheckSchema, Overview: c.summary(), Tool: scan.Tool, Root: c.Root, Profile: c.Profile,
		Summary: CheckSummary{
			Counts: CountFindings(c.Findings), Passed: c.Passed, NotApplicable: c.NotApplicable, Waived: len(c.Waived),
		},
		FailOn: failOnName(c.FailOn), NewOnly: c.NewOnly, ExitCode: c.ExitCode,
		Stack: StackDocument{
			Layers: scan.Layers, Technologies: nonNil(scan.Technologies), Components: nonNil(scan.Components),
			Diagnostics: nonNil(scan.Diagnostics),
		},
		Findings: []FindingRecord{},
		Waived:   []WaivedRecord{},
	}
	for _, f := range c.sortedFindings() {
		d.Findings = append(d.Findings, c.findingRecord(f))
	}
	for _, w := range c.Waived {
		d.Waived = append(d.Waived, WaivedRecord{Finding: c.findingRecord(w.Finding), Reason: w.Reason, Expires: w.Expires, File: w.File, Line: w.Line})
	}
	if c.Diff != nil {
		diff := *c.Diff
		diff.Added, diff.Removed = jsonTechnologies(diff.Added), jsonTechnologies(diff.Removed)
		diff.Upgraded = make([]VersionChange, len(c.Diff.Upgraded))
		for i, u := range c.Diff.Upgraded {
			u.Tech = jsonTechnologies([]stack.Technology{u.Tech})[0]
			diff.Upgraded[i] = u
		}
		d.Diff = &diff
	}
	return d
}

func (c *Check) findingRecord(f rule.Finding) FindingRecord {
	if f.Evidence == nil {
		f.Evidence = []stack.Evidence{}
	}
	loc, repo := f.Location()
	repo = !repo
	if repo {
		loc = c.anchor(f)
	}
	return FindingRecord{
		Finding:  f,
		Location: FindingLocation{File: loc.File, Line: max(loc.Line, 1), Repository: repo},
		HelpURI:  rule.Info{ID: f.RuleID}.HelpURI(),
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CheckJSON writes the check as indented JSON.
func CheckJSON(w io.Writer, c *Check) error {
	return writeIndented(w, NewCheckDocument(c))
}
