// Package compare builds the stack decision matrix of `stacklint compare`:
// the current stack and candidate stacks scored against the declared
// profile, criterion by criterion, each score with the reasons (and their
// sources) that produced it.
//
// A candidate is a synthetic stack: the repository's stack with its
// application layer (language, framework and the libraries of their
// ecosystem) swapped for the candidate's, keeping datastores,
// infrastructure and documents. The same rules `check` runs are run on it,
// and per-criterion scorers add what the rules do not judge, from the
// catalog's attributes (talent share, concurrency model, multicore
// runtime, batteries, support dates) and the profile. The current stack's
// findings are exactly check's findings, so check and compare cannot
// disagree.
package compare

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// Schema names the JSON document of a matrix.
const Schema = "stacklint/compare/v1"

// DefaultCandidates are the frameworks compared when neither --candidates
// nor [compare] candidates names others.
var DefaultCandidates = []string{"nestjs", "express", "django", "fastapi", "spring-boot", "aspnet-core", "gin", "laravel", "rails"}

// CurrentID is the option id of the repository's current stack.
const CurrentID = "current"

// Input is what a comparison reads.
type Input struct {
	// Root is the compared path as the user gave it (for reports).
	Root string
	// Stack is the detected stack; nil or without production technologies
	// when the repository holds only a profile.
	Stack *stack.Stack
	// Profile is the profile in force (never nil).
	Profile *profile.Profile
	// Headline sums up the profile in one line.
	Headline string
	// Catalog supplies technology attributes.
	Catalog *catalog.Catalog
	// Rules are the rules check runs.
	Rules []rule.Rule
	// Today is the date support dates are compared with.
	Today time.Time
	// Candidates, when set, replace the profile's and the default candidates.
	Candidates []string
}

// Matrix is a finished comparison.
type Matrix struct {
	// Schema is always "stacklint/compare/v1".
	Schema string `json:"schema"`
	// Root is the compared path.
	Root string `json:"root"`
	// Profile says which profile was read.
	Profile ProfileSummary `json:"profile"`
	// Criteria are the scored criteria, in report order, with their weights.
	Criteria []Weight `json:"criteria"`
	// Options are the current stack (first, when there is one) and the
	// candidates, best overall first.
	Options []Option `json:"options"`
	// Today is the date support dates were compared with (YYYY-MM-DD).
	Today string `json:"today"`
}

// ProfileSummary describes the profile a matrix was scored against.
type ProfileSummary struct {
	// Path is the profile's name, "" for the embedded default.
	Path string `json:"path,omitempty"`
	// Declared is false for the embedded default profile.
	Declared bool `json:"declared"`
	// Headline sums up the declared context.
	Headline string `json:"headline,omitempty"`
	// Type is project.type.
	Type string `json:"type,omitempty"`
}

// Weight is one criterion of the matrix and how much it counts.
type Weight struct {
	// Key is the criterion key ("team"), as in [compare.weights].
	Key string `json:"key"`
	// Title is its display name ("Team skills & hiring").
	Title string `json:"title"`
	// Weight is how much it counts in the overall score (0 ignores it).
	Weight float64 `json:"weight"`
	// Source says where the weight comes from: the default for the project
	// type, or the profile line that sets it.
	Source string `json:"source"`
}

// Option is one column of the matrix: the current stack or a candidate.
type Option struct {
	// ID is CurrentID or the candidate's framework id.
	ID string `json:"id"`
	// Name is the display name ("NestJS", "current: Express").
	Name string `json:"name"`
	// Current is true for the repository's own stack.
	Current bool `json:"current"`
	// Framework and Language are the catalog ids the option is built on
	// (either may be empty for a current stack without one).
	Framework string `json:"framework,omitempty"`
	Language  string `json:"language,omitempty"`
	// Stack lists the option's language and framework names ("Node.js + NestJS").
	Stack string `json:"stack"`
	// Overall is the weighted score, 0 to 100.
	Overall float64 `json:"overall"`
	// Rank is 1 for the best overall score.
	Rank int `json:"rank"`
	// Best is true for the best overall score (ties share it).
	Best bool `json:"best"`
	// Scores holds one score per criterion, in Matrix.Criteria order.
	Scores []Score `json:"scores"`
	// Findings are what the rules raise on this option's stack (for the
	// current stack: exactly what check reports).
	Findings []rule.Finding `json:"findings"`
	// Migration says what switching to it would touch; nil for the
	// current stack and when the repository has no stack.
	Migration *Migration `json:"migration,omitempty"`
}

// Score is one cell of the matrix.
type Score struct {
	// Criterion is the criterion key.
	Criterion string `json:"criterion"`
	// Score is 0 (fights the profile) to 10 (fits it best).
	Score float64 `json:"score"`
	// Best is true for the best score of the row among options without an
	// error-level finding there (ties share it; no option is best when
	// every one has such a finding).
	Best bool `json:"best"`
	// Reasons say why, each with its effect and source.
	Reasons []Reason `json:"reasons"`
}

// Reason is one verifiable reason behind a score.
type Reason struct {
	// Points is the effect on the score (negative lowers it; 0 is context).
	Points float64 `json:"points"`
	// Text says what was found, in words.
	Text string `json:"text"`
	// Source is where a reviewer can check it: a catalog attribute and its
	// own source, a profile key and line, a rule id.
	Source string `json:"source"`
	// Rule is the rule id when the reason is a finding.
	Rule string `json:"rule,omitempty"`
	// Severity is the finding's severity when the reason is a finding.
	Severity string `json:"severity,omitempty"`
	// Shared is true for a finding every option has: it does not depend
	// on the stack choice and needs fixing in any case.
	Shared bool `json:"shared,omitempty"`
}

// Score returns the option's score for a criterion key.
func (o Option) Score(key string) (Score, bool) {
	for _, s := range o.Scores {
		if s.Criterion == key {
			return s, true
		}
	}
	return Score{}, false
}

// Option returns the option with the given id (CurrentID or a framework id).
func (m *Matrix) Option(id string) (Option, bool) {
	for _, o := range m.Options {
		if o.ID == id || strings.EqualFold(o.Name, id) {
			return o, true
		}
	}
	return Option{}, false
}

// Title returns a criterion's display name.
func (m *Matrix) Title(key string) string {
	for _, c := range m.Criteria {
		if c.Key == key {
			return c.Title
		}
	}
	return key
}

// HasCurrent reports whether the matrix holds the repository's own stack.
func (m *Matrix) HasCurrent() bool {
	return len(m.Options) > 0 && m.Options[0].Current
}

// Build scores the current stack (when the repository has one) and the
// candidates. It fails only on a candidate id that is not a framework in
// the catalog.
func Build(in Input) (*Matrix, error) {
	p := in.Profile
	if p == nil {
		p = profile.Default()
	}
	if in.Today.IsZero() {
		in.Today = time.Now()
	}
	cands, err := candidates(in, p)
	if err != nil {
		return nil, err
	}
	m := &Matrix{Schema: Schema, Root: in.Root, Today: in.Today.Format(time.DateOnly),
		Profile: ProfileSummary{Declared: p.Declared(), Headline: in.Headline, Type: p.Project.Type}}
	if p.Declared() {
		m.Profile.Path = p.File
	}

	var opts []*option
	cur := currentOption(in, p)
	if cur != nil {
		opts = append(opts, cur)
	}
	for _, id := range cands {
		if cur != nil && cur.fw != nil && cur.fw.ID == id {
			continue // already the current stack
		}
		opts = append(opts, candidateOption(in, p, id, cur))
	}
	m.Criteria = weights(p, cur != nil)

	// Findings every option shares do not depend on the choice.
	shared := sharedFindings(opts)
	for _, o := range opts {
		o.score(m.Criteria, shared)
	}
	markBest(m.Criteria, opts)
	for _, o := range opts {
		m.Options = append(m.Options, o.Option)
	}
	rank(m)
	return m, nil
}

// candidates returns the framework ids to compare, validated.
func candidates(in Input, p *profile.Profile) ([]string, error) {
	ids := in.Candidates
	from := "--candidates"
	if len(ids) == 0 && len(p.Compare.Candidates) > 0 {
		ids = p.Compare.Candidates
		from = "compare.candidates"
		if d, ok := p.Lookup("compare.candidates"); ok && d.Line > 0 {
			from = fmt.Sprintf("compare.candidates (%s:%d)", d.File, d.Line)
		}
	}
	if len(ids) == 0 {
		ids = DefaultCandidates
	}
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		id = strings.ToLower(strings.TrimSpace(id))
		if id == "" || seen[id] {
			continue
		}
		e, ok := in.Catalog.Get(id)
		if !ok || e.Layer != stack.LayerFramework {
			what := "is not in the catalog"
			if ok {
				what = fmt.Sprintf("is a %s technology, not a framework", e.Layer)
			}
			return nil, fmt.Errorf("%s: candidate %q %s; a candidate is a framework id such as %s (`stacklint catalog --layer framework` lists them all)",
				from, id, what, strings.Join(DefaultCandidates, ", "))
		}
		seen[id] = true
		out = append(out, id)
	}
	return out, nil
}

// option is an Option being built.
type option struct {
	Option
	fw, lang *catalog.Entry
	ctx      *rule.Context
	result   rule.Result
	current  *option
	// dropped are the current stack's technologies a switch replaces.
	dropped []stack.Technology
}

// sharedFindings returns the fingerprints of findings every option has
// (only when there are at least two options).
func sharedFindings(opts []*option) map[string]bool {
	out := map[string]bool{}
	if len(opts) < 2 {
		return out
	}
	count := map[string]int{}
	for _, o := range opts {
		seen := map[string]bool{}
		for _, f := range o.result.Findings {
			k := sharedKey(f)
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	for k, n := range count {
		if n == len(opts) {
			out[k] = true
		}
	}
	return out
}

// sharedKey identifies a finding across options: the rule and its
// subject (the technology, image or key it is about), which a switch
// leaves alone when the finding is not about the swapped technologies.
func sharedKey(f rule.Finding) string { return f.RuleID + "\x00" + f.Subject }

// markBest marks, per criterion, the best score among options without an
// error-level finding in it; a row where every option ties has no best.
func markBest(ws []Weight, opts []*option) {
	for i := range ws {
		best, worst, eligible := -1.0, 11.0, 0
		for _, o := range opts {
			s := o.Scores[i]
			if hasError(s) {
				continue
			}
			eligible++
			best = math.Max(best, s.Score)
			worst = math.Min(worst, s.Score)
		}
		// Nothing is best when no option is eligible, or when every option
		// scores the same (the row does not tell them apart).
		if best < 0 || (eligible == len(opts) && len(opts) > 1 && best == worst) {
			continue
		}
		for _, o := range opts {
			if !hasError(o.Scores[i]) && o.Scores[i].Score >= best-1e-9 {
				o.Scores[i].Best = true
			}
		}
	}
}

func hasError(s Score) bool {
	for _, r := range s.Reasons {
		if r.Severity == rule.SeverityError.String() {
			return true
		}
	}
	return false
}

// rank orders the options: the current stack first, then candidates by
// overall score (name on ties); Rank counts all options.
func rank(m *Matrix) {
	sort.SliceStable(m.Options, func(i, j int) bool {
		a, b := m.Options[i], m.Options[j]
		if a.Current != b.Current {
			return a.Current
		}
		if a.Overall != b.Overall {
			return a.Overall > b.Overall
		}
		return a.Name < b.Name
	})
	overall := make([]float64, len(m.Options))
	for i, o := range m.Options {
		overall[i] = o.Overall
	}
	for i := range m.Options {
		r := 1
		for _, x := range overall {
			if x > m.Options[i].Overall {
				r++
			}
		}
		m.Options[i].Rank = r
		m.Options[i].Best = r == 1
	}
}

// Ranked returns the options best overall first (the current stack in its
// place by score).
func (m *Matrix) Ranked() []Option {
	out := append([]Option(nil), m.Options...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	return out
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
