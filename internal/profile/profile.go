// Package profile reads the project profile, .stacklint.toml: what the team
// declares it is building (project type, load, data, team, compliance,
// hosting, organisation standards), per-rule severity overrides and
// thresholds, and waivers. Every declared value remembers the file, line
// and column it came from, so findings can cite it.
//
// When a repository has no profile, Default supplies an embedded one that
// declares nothing: only rules that need no declared context run.
package profile

import (
	_ "embed"
	"sort"
	"strings"
	"time"
)

// FileName is the profile's conventional name at the repository root.
const FileName = ".stacklint.toml"

// Allowed values of the enumerated keys.
var (
	ProjectTypes  = []string{"mvp", "api-first", "ecommerce", "high-load-saas", "internal-tool"}
	Stages        = []string{"prototype", "beta", "production", "maintenance"}
	Growths       = []string{"flat", "steady", "fast"}
	Concurrencies = []string{"low", "medium", "high"}
	Consistencies = []string{"strong", "eventual"}
	Shapes        = []string{"relational", "document", "graph", "time-series", "key-value", "mixed"}
	Standards     = []string{"pci-dss", "hipaa", "gdpr", "soc2", "iso27001"}
	Hostings      = []string{"vm", "containers", "kubernetes", "serverless", "paas"}
	Budgets       = []string{"low", "medium", "high"}
	RuleLevels    = []string{"off", "error", "warning", "notice"}
)

// Project types.
const (
	TypeMVP          = "mvp"
	TypeAPIFirst     = "api-first"
	TypeEcommerce    = "ecommerce"
	TypeHighLoadSaaS = "high-load-saas"
	TypeInternalTool = "internal-tool"
)

// Profile is a parsed .stacklint.toml.
type Profile struct {
	// File is the name the profile was read from ("" for the embedded default).
	File string

	Project        Project
	Load           LoadSpec
	Data           Data
	Team           Team
	Compliance     Compliance
	Infrastructure Infrastructure
	Organization   Organization
	Compare        Compare
	Rules          Rules
	Waivers        []Waiver

	declared bool
	decls    map[string]Declaration
}

// Project is the [project] table.
type Project struct {
	// Type is one of ProjectTypes, "" when undeclared.
	Type string
	// LifetimeYears is how long the product is expected to live.
	LifetimeYears int
	// Stage is one of Stages.
	Stage string
}

// LoadSpec is the [load] table.
type LoadSpec struct {
	// PeakRPS is the expected peak, in requests per second.
	PeakRPS int
	// Growth is one of Growths.
	Growth string
	// Concurrency is one of Concurrencies: how many requests are in flight at once.
	Concurrency string
	// LatencyP99Ms is the 99th-percentile latency target in milliseconds.
	LatencyP99Ms int
	// Realtime is true for websockets, streaming, live updates.
	Realtime bool
	// CPUHeavy is true when requests do CPU-bound work (image, video, ML, crypto).
	CPUHeavy bool
}

// Data is the [data] table.
type Data struct {
	// Consistency is one of Consistencies.
	Consistency string
	// Shape is one of Shapes.
	Shape string
	// Reporting is true when the product needs ad-hoc reporting/analytics queries.
	Reporting bool
}

// Team is the [team] table.
type Team struct {
	// Size is the number of engineers.
	Size int
	// Skills are technology ids the team knows ("typescript", "postgresql").
	Skills []string
	// Hiring is true when the team plans to hire for this stack.
	Hiring bool
}

// Compliance is the [compliance] table.
type Compliance struct {
	// Standards are among Standards.
	Standards []string
}

// Infrastructure is the [infrastructure] table.
type Infrastructure struct {
	// Hosting is one of Hostings.
	Hosting string
	// Budget is one of Budgets.
	Budget string
}

// Organization is the [organization] table: the organisation's standard
// stacks and its technology radar.
type Organization struct {
	// StandardStacks are the approved stacks, each a list of technology
	// ids; written in TOML as "typescript+nestjs+postgresql".
	StandardStacks [][]string
	// Adopt, Trial, Assess and Hold are the tech-radar rings (technology ids).
	Adopt, Trial, Assess, Hold []string
	// Radar is the organisation's tech-radar file as declared: a path
	// relative to the profile's folder (a Thoughtworks BYOR CSV or JSON, a
	// Zalando config.json, a Backstage Tech Radar JSON, an AOE techradar
	// Markdown file or folder). A URL is refused: nothing is fetched.
	Radar string
	// ByType holds rings that apply only to one project type, by
	// project.type value ([organization.by_type.high-load-saas]): for a
	// project of that type they come before the rings above and the radar.
	ByType map[string]Rings
	// RadarEntries are the radar file's entries matched to catalog ids.
	// Parse leaves it empty; whoever reads the radar file (internal/app)
	// fills it in with SetRadar.
	RadarEntries []RadarEntry
	// RadarNotes are the radar file's entries that could not be read or
	// matched to a technology, for diagnostics.
	RadarNotes []RadarNote
}

// Compare is the [compare] table: what `stacklint compare` weighs.
type Compare struct {
	// Candidates are framework ids to compare instead of the default
	// candidates; empty means the defaults.
	Candidates []string
	// Weights maps a criterion key (one of CompareCriteria) to its weight
	// (0 to MaxWeight); criteria not listed keep their default weight.
	Weights map[string]float64
}

// CompareCriteria are the criterion keys of [compare.weights], in report
// order. internal/compare documents each one and its default weight.
var CompareCriteria = []string{"business", "scalability", "performance", "data", "team", "ecosystem", "security", "time_to_market", "cost", "migration"}

// MaxWeight is the largest weight a criterion can have in [compare.weights].
const MaxWeight = 10

// Rules is the [rules] table: per-rule levels and thresholds.
type Rules struct {
	// Levels maps a rule id to "off", "error", "warning" or "notice".
	Levels map[string]string
	// Rollouts maps a rule id to the day it is enforced at its level:
	// before it the rule reports warnings ([rules."id"] warn_until or
	// enforce_from).
	Rollouts map[string]Rollout
	// Thresholds are the numbers rules compare against, defaults filled in.
	Thresholds Thresholds
}

// Waiver silences a rule, everywhere or for some paths, for a reason.
type Waiver struct {
	// Index is the waiver's position among [[waivers]] (0-based).
	Index int
	// Rule is the rule id.
	Rule string
	// Paths are doublestar globs; empty means the whole rule.
	Paths []string
	// Reason says why the finding is accepted. Required, and not a
	// placeholder (the snippet's template, TODO, TBD: see TemplateReasons).
	Reason string
	// Expires is the date from which the waiver no longer applies; zero
	// when it never expires.
	Expires time.Time
}

// Key returns the profile key prefix of the waiver ("waivers.2").
func (w Waiver) Key() string { return "waivers." + itoa(w.Index) }

// Expired reports whether the waiver has expired on the given day.
func (w Waiver) Expired(today time.Time) bool {
	if w.Expires.IsZero() {
		return false
	}
	y, m, d := today.Date()
	return !time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(w.Expires)
}

// Declaration is where a key was declared and what it was set to.
type Declaration struct {
	// Key is the dotted key ("load.peak_rps", "waivers.0.reason").
	Key string
	// Value is the declared value rendered as TOML ("20000", `"mvp"`).
	Value string
	// File is the profile's name ("" for the embedded default).
	File string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
}

//go:embed default.toml
var defaultTOML []byte

// Default returns the embedded default profile: it declares no context, so
// Declared is false and only rules that need no profile run.
func Default() *Profile {
	p, err := Parse("", defaultTOML)
	if err != nil {
		panic("profile: embedded default.toml is invalid: " + err.Error())
	}
	p.declared = false
	return p
}

// Declared reports whether the profile was read from a file the team wrote
// (false for the embedded default).
func (p *Profile) Declared() bool { return p != nil && p.declared }

// Has reports whether key was declared ("load.peak_rps").
func (p *Profile) Has(key string) bool {
	if p == nil {
		return false
	}
	_, ok := p.decls[key]
	return ok
}

// Lookup returns where key was declared and its value. For an undeclared
// key it returns a Declaration with only Key and File set, and false.
func (p *Profile) Lookup(key string) (Declaration, bool) {
	if p == nil {
		return Declaration{Key: key}, false
	}
	d, ok := p.decls[key]
	if !ok {
		return Declaration{Key: key, File: p.File}, false
	}
	return d, true
}

// Declarations returns every declared key, sorted by line.
func (p *Profile) Declarations() []Declaration {
	if p == nil {
		return nil
	}
	out := make([]Declaration, 0, len(p.decls))
	for _, d := range p.decls {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// Level returns the level set for a rule in [rules] ("off", "error",
// "warning", "notice"), or "" when none is set.
func (p *Profile) Level(ruleID string) string {
	if p == nil {
		return ""
	}
	return p.Rules.Levels[ruleID]
}

// SmallTeam reports whether the declared team is small (at most the
// small_team_size threshold). An undeclared size is not small.
func (p *Profile) SmallTeam() bool {
	return p != nil && p.Team.Size > 0 && p.Team.Size <= p.Rules.Thresholds.SmallTeamSize
}

// HasSkill reports whether id is listed in team.skills.
func (p *Profile) HasSkill(id string) bool {
	if p == nil {
		return false
	}
	for _, s := range p.Team.Skills {
		if strings.EqualFold(s, id) {
			return true
		}
	}
	return false
}

// HasStandard reports whether a compliance standard is declared.
func (p *Profile) HasStandard(std string) bool {
	if p == nil {
		return false
	}
	for _, s := range p.Compliance.Standards {
		if s == std {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// WaiverReasonTemplate is the reason reports write in a waiver snippet.
// Validation rejects it (and other placeholders): a waiver must say why.
const WaiverReasonTemplate = "Why this is acceptable here"

// templateReasons are placeholder reasons, compared without case and
// trailing punctuation.
var templateReasons = []string{
	strings.ToLower(WaiverReasonTemplate), "why this is accepted", "why this is accepted here", "todo", "tbd", "fixme",
	"reason", "…", "...", "why", "why this finding is accepted",
}

// TemplateReasonTrailer is the trailing punctuation (and spaces) a
// placeholder reason may end with and still be one ("TODO.", "TBD!").
const TemplateReasonTrailer = ".!… "

// TemplateReasons returns the placeholder reasons validation rejects,
// lowercase and without trailing punctuation ("todo", "tbd"; the empty
// reason, and one of punctuation only, are placeholders too). The profile
// JSON Schema is generated from this list, so the editor and Parse agree.
func TemplateReasons() []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range templateReasons {
		t = strings.TrimRight(t, TemplateReasonTrailer)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// IsTemplateReason reports whether a waiver reason is placeholder text
// (the snippet's template, TODO, TBD...) rather than a reason.
func IsTemplateReason(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimRight(s, TemplateReasonTrailer)
	if s == "" {
		return true
	}
	for _, t := range TemplateReasons() {
		if s == t {
			return true
		}
	}
	return false
}
