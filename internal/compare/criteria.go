package compare

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
)

// Criterion is one row of the matrix.
type Criterion struct {
	// Key is the [compare.weights] key (one of profile.CompareCriteria).
	Key string
	// Title is the display name.
	Title string
	// Short is a column header of at most 6 characters.
	Short string
	// Rules are the rule criteria whose findings count here.
	Rules []string
	// Doc says what the scorer reads.
	Doc string
}

// Criteria are the rows of the matrix, in report order. Migration only
// applies to a repository that already has a stack.
var Criteria = []Criterion{
	{Key: "business", Title: "Business fit", Short: "Fit", Rules: []string{rule.CriterionBusiness, rule.CriterionFit},
		Doc: "fit to project.type (the fit/stack-vs-type rule), batteries the type needs (OpenAPI and validation for API-first; ORM, auth, admin for e-commerce, MVPs and internal tools), the organisation's adopt ring; business/* and fit/* findings"},
	{Key: "scalability", Title: "Scalability", Short: "Scale", Rules: []string{rule.CriterionScalability},
		Doc: "requests one instance serves: a multicore runtime and an async model carry more per instance; scalability/* findings"},
	{Key: "performance", Title: "Performance & concurrency", Short: "Perf",
		Rules: []string{rule.CriterionConcurrency},
		Doc:   "the catalog's concurrency model (async/sync) and multicore runtimes against load.concurrency, load.realtime and load.cpu_heavy; concurrency/* findings"},
	{Key: "data", Title: "Data & consistency", Short: "Data", Rules: []string{rule.CriterionData},
		Doc: "a built-in ORM and migrations, transactions when data.consistency is strong; data/* findings"},
	{Key: "team", Title: "Team skills & hiring", Short: "Team", Rules: []string{rule.CriterionTalent},
		Doc: "team.skills covering the framework or its language; the talent-pool share (Stack Overflow survey, from the catalog); talent/* findings"},
	{Key: "ecosystem", Title: "Ecosystem & community", Short: "Eco", Rules: []string{rule.CriterionEcosystem},
		Doc: "community size (talent share) and the published support schedule of the newest release line (end-of-life dates in the catalog); ecosystem/* findings"},
	{Key: "security", Title: "Security & compliance", Short: "Sec", Rules: []string{rule.CriterionSecurity},
		Doc: "built-in authentication and input validation, more so when compliance standards are declared; security/* and compliance/* findings"},
	{Key: "time_to_market", Title: "Time to market", Short: "TTM", Rules: []string{rule.CriterionTimeToMarket},
		Doc: "batteries included (ORM, migrations, admin, auth, validation, OpenAPI) and skills the team already has; time-to-market/* findings"},
	{Key: "cost", Title: "Infrastructure & cost", Short: "Cost", Rules: []string{rule.CriterionCost},
		Doc: "instances needed for the declared load (multicore and async runtimes need fewer); cost/* findings"},
	{Key: "migration", Title: "Migration cost", Short: "Migr",
		Doc: "what a switch touches: components, libraries to replace, infrastructure files, a language the team would have to learn (10 = no switch)"},
}

// DefaultWeights are the weights of each project type; keys not listed
// weigh 1. An undeclared type uses only the ones.
var DefaultWeights = map[string]map[string]float64{
	profile.TypeMVP:          {"time_to_market": 3, "team": 2, "cost": 2, "scalability": 0.5, "performance": 0.5, "migration": 2},
	profile.TypeAPIFirst:     {"business": 2, "performance": 1.5, "team": 2, "migration": 2},
	profile.TypeEcommerce:    {"data": 3, "security": 3, "time_to_market": 2, "migration": 2},
	profile.TypeHighLoadSaaS: {"scalability": 3, "performance": 3, "cost": 2, "migration": 2},
	profile.TypeInternalTool: {"time_to_market": 3, "team": 2, "cost": 2, "scalability": 0.5, "performance": 0.5, "migration": 2},
}

// DefaultWeight is the weight of a criterion for a project type.
func DefaultWeight(typ, key string) float64 {
	if w, ok := DefaultWeights[typ][key]; ok {
		return w
	}
	if key == "migration" {
		return 2
	}
	return 1
}

// WeightsDoc documents the criteria and their default weights, for
// --help and the README.
func WeightsDoc() string {
	var b strings.Builder
	types := []string{"", profile.TypeMVP, profile.TypeAPIFirst, profile.TypeEcommerce, profile.TypeHighLoadSaaS, profile.TypeInternalTool}
	fmt.Fprintf(&b, "%-15s %-7s %-4s %-4s %-4s %-5s %-4s\n", "criterion", "default", "mvp", "api", "shop", "saas", "tool")
	for _, c := range Criteria {
		fmt.Fprintf(&b, "%-15s", c.Key)
		for i, t := range types {
			w := strconv.FormatFloat(DefaultWeight(t, c.Key), 'f', -1, 64)
			width := []int{7, 4, 4, 4, 5, 4}[i]
			fmt.Fprintf(&b, " %-*s", width, w)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// weights returns the criteria of a matrix with their weights and sources.
func weights(p *profile.Profile, withMigration bool) []Weight {
	var out []Weight
	for _, c := range Criteria {
		if c.Key == "migration" && !withMigration {
			continue
		}
		w := Weight{Key: c.Key, Title: c.Title, Weight: DefaultWeight(p.Project.Type, c.Key)}
		if p.Project.Type != "" {
			w.Source = "default for project.type " + p.Project.Type
		} else {
			w.Source = "default"
		}
		if v, ok := p.Compare.Weights[c.Key]; ok {
			w.Weight = v
			d, _ := p.Lookup("compare.weights." + c.Key)
			w.Source = "compare.weights." + c.Key + cite(d)
		}
		out = append(out, w)
	}
	return out
}

// cite renders where a profile key was declared: " (.stacklint.toml:12)".
func cite(d profile.Declaration) string {
	if d.File == "" {
		return ""
	}
	if d.Line > 0 {
		return fmt.Sprintf(" (%s:%d)", d.File, d.Line)
	}
	return " (" + d.File + ")"
}

// criterionOf returns the criterion key a rule criterion counts under.
func criterionOf(ruleCriterion string) string {
	for _, c := range Criteria {
		for _, r := range c.Rules {
			if r == ruleCriterion {
				return c.Key
			}
		}
	}
	return ""
}

// criterionByKey returns a criterion's definition.
func criterionByKey(key string) Criterion {
	for _, c := range Criteria {
		if c.Key == key {
			return c
		}
	}
	return Criterion{Key: key, Title: key}
}
