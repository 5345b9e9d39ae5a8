package audit

import (
	"sort"

	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// Summary ranks what matters across the fleet.
type Summary struct {
	// Title and Shard repeat the header.
	Title string `json:"title,omitempty"`
	Shard string `json:"shard,omitempty"`
	// Repositories, Audited and Failed count repositories.
	Repositories int `json:"repositories"`
	Audited      int `json:"audited"`
	Failed       int `json:"failed"`
	// Findings sums the findings of every repository by severity.
	Findings report.Counts `json:"findings"`
	// Technologies are the production technologies by number of
	// repositories, grouped by layer (layer order, most used first).
	Technologies []TechCount `json:"technologies"`
	// EndOfLife are release lines past or near end of life, by how many
	// services (components) ship them.
	EndOfLife []EOLCount `json:"end_of_life"`
	// RareTalent are primary technologies with a small talent pool, by
	// number of repositories.
	RareTalent []RareCount `json:"rare_talent"`
	// TopFindings are the rules that fire, by number of repositories.
	TopFindings []FindingCount `json:"top_findings"`
	// Criteria lists the criteria with findings, most findings first.
	Criteria []string `json:"criteria"`
	// NoProfile lists the audited repositories checked against the
	// embedded default (no .stacklint.toml, no --profile).
	NoProfile []string `json:"no_profile"`
	// FailedRepos says which repositories could not be audited and why;
	// FailedByReason counts them by reason.
	FailedRepos    []Failure   `json:"failed_repositories"`
	FailedByReason []NameCount `json:"failed_by_reason"`
	// Skipped counts repositories the listing left out (archived, forks).
	Skipped []NameCount `json:"skipped,omitempty"`
	// Owners are the owners (CODEOWNERS, else catalog-info.yaml) by number
	// of repositories; empty when no repository declares one.
	Owners []OwnerCount `json:"owners"`
	// Mismatches are the declarations (catalog-info.yaml) the scans
	// contradict, in input order.
	Mismatches []RepoMismatch `json:"mismatches"`
	// WaiversExpiring are the waivers that expire within the audit's
	// window (--waivers-expiring, default 30 days), soonest first.
	WaiversExpiring []ExpiringWaiver `json:"waivers_expiring"`
	// Changes is what changed since each repository's previous snapshot
	// (with --history; absent otherwise).
	Changes *FleetChanges `json:"changes,omitempty"`
}

// TechCount is a technology and how many repositories run it.
type TechCount struct {
	ID    string      `json:"id"`
	Name  string      `json:"name"`
	Layer stack.Layer `json:"layer"`
	Repos int         `json:"repositories"`
}

// EOLCount is an end-of-life release line across the fleet.
type EOLCount struct {
	Tech     string        `json:"tech"`
	Name     string        `json:"name"`
	Cycle    string        `json:"cycle,omitempty"`
	Severity rule.Severity `json:"severity"`
	Repos    int           `json:"repositories"`
	Services int           `json:"services"`
	// Where lists the repositories, in input order.
	Where []string `json:"where"`
}

// RareCount is a rare-talent technology across the fleet.
type RareCount struct {
	Tech  string   `json:"tech"`
	Name  string   `json:"name"`
	Share float64  `json:"share"`
	Repos int      `json:"repositories"`
	Where []string `json:"where"`
}

// FindingCount is a rule and how often it fires.
type FindingCount struct {
	Rule      string        `json:"rule"`
	Title     string        `json:"title"`
	Criterion string        `json:"criterion"`
	Severity  rule.Severity `json:"severity"`
	Repos     int           `json:"repositories"`
	Findings  int           `json:"findings"`
}

// Failure is a repository that could not be audited.
type Failure struct {
	Repository string `json:"repository"`
	Reason     string `json:"reason"`
	Error      string `json:"error"`
}

// NameCount is a name and a count.
type NameCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Fleet accumulates results into a Summary. It keeps counts and names,
// never stacks or findings.
type Fleet struct {
	s        Summary
	techs    map[string]*TechCount
	eols     map[string]*EOLCount
	rares    map[string]*RareCount
	rules    map[string]*FindingCount
	criteria map[string]int
	reasons  map[string]int
	declared declaredFleet
	waivers  waiverFleet
	changes  changesFleet
}

// NewFleet starts an empty aggregate.
func NewFleet() *Fleet {
	return &Fleet{techs: map[string]*TechCount{}, eols: map[string]*EOLCount{}, rares: map[string]*RareCount{},
		rules: map[string]*FindingCount{}, criteria: map[string]int{}, reasons: map[string]int{}}
}

// Add counts one repository's result.
func (f *Fleet) Add(r *Result) {
	s := &f.s
	f.declared.add(r)
	f.waivers.add(r)
	f.changes.add(r)
	s.Repositories++
	if r.Status != StatusAudited {
		s.Failed++
		s.FailedRepos = append(s.FailedRepos, Failure{Repository: r.Repository, Reason: r.Reason, Error: r.Error})
		f.reasons[r.Reason]++
		return
	}
	s.Audited++
	if r.Profile.Source == ProfileDefault {
		s.NoProfile = append(s.NoProfile, r.Repository)
	}
	seen := map[string]bool{}
	for _, t := range r.Stack {
		if seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		tc := f.techs[t.ID]
		if tc == nil {
			tc = &TechCount{ID: t.ID, Name: t.Name, Layer: t.Layer}
			f.techs[t.ID] = tc
		}
		tc.Repos++
	}
	for _, e := range r.EndOfLife {
		k := e.Tech + "@" + e.Cycle
		ec := f.eols[k]
		if ec == nil {
			ec = &EOLCount{Tech: e.Tech, Name: e.Name, Cycle: e.Cycle}
			f.eols[k] = ec
		}
		ec.Severity = max(ec.Severity, e.Severity)
		ec.Repos++
		ec.Services += e.Services
		ec.Where = append(ec.Where, r.Repository)
	}
	for _, e := range r.RareTalent {
		rc := f.rares[e.Tech]
		if rc == nil {
			rc = &RareCount{Tech: e.Tech, Name: e.Name, Share: e.Share}
			f.rares[e.Tech] = rc
		}
		rc.Repos++
		rc.Where = append(rc.Where, r.Repository)
	}
	fired := map[string]bool{}
	for _, fd := range r.Findings {
		fc := f.rules[fd.RuleID]
		if fc == nil {
			fc = &FindingCount{Rule: fd.RuleID, Title: fd.Title, Criterion: fd.Criterion}
			f.rules[fd.RuleID] = fc
		}
		fc.Severity = max(fc.Severity, fd.Severity)
		fc.Findings++
		if !fired[fd.RuleID] {
			fired[fd.RuleID] = true
			fc.Repos++
		}
		f.criteria[fd.Criterion]++
	}
	c := &s.Findings
	c.Findings += r.Counts.Findings
	c.Errors += r.Counts.Errors
	c.Warnings += r.Counts.Warnings
	c.Notices += r.Counts.Notices
}

// Summary returns the ranked summary; slices are never nil.
func (f *Fleet) Summary() *Summary {
	s := f.s
	s.Technologies = ranked(f.techs, func(a, b TechCount) bool {
		if a.Layer != b.Layer {
			return layerIndex(a.Layer) < layerIndex(b.Layer)
		}
		if a.Repos != b.Repos {
			return a.Repos > b.Repos
		}
		return a.Name < b.Name
	})
	s.EndOfLife = ranked(f.eols, func(a, b EOLCount) bool {
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Services != b.Services {
			return a.Services > b.Services
		}
		return a.Name+a.Cycle < b.Name+b.Cycle
	})
	s.RareTalent = ranked(f.rares, func(a, b RareCount) bool {
		if a.Repos != b.Repos {
			return a.Repos > b.Repos
		}
		return a.Name < b.Name
	})
	s.TopFindings = ranked(f.rules, func(a, b FindingCount) bool {
		if a.Repos != b.Repos {
			return a.Repos > b.Repos
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		return a.Rule < b.Rule
	})
	s.Criteria = sortedKeys(f.criteria)
	s.FailedByReason = []NameCount{}
	for _, k := range sortedKeys(f.reasons) {
		s.FailedByReason = append(s.FailedByReason, NameCount{Name: k, Count: f.reasons[k]})
	}
	if s.NoProfile == nil {
		s.NoProfile = []string{}
	}
	if s.FailedRepos == nil {
		s.FailedRepos = []Failure{}
	}
	f.declared.fill(&s)
	f.waivers.fill(&s)
	f.changes.fill(&s)
	return &s
}

// ranked copies a map's values into a slice sorted by less (never nil).
func ranked[T any](m map[string]*T, less func(a, b T) bool) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

// sortedKeys orders keys by count (highest first), then name.
func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

func layerIndex(l stack.Layer) int {
	for i, x := range stack.Layers {
		if x == l {
			return i
		}
	}
	return len(stack.Layers)
}
