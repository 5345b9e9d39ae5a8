package rule

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/stack"
)

// CriterionProfile is the criterion of the built-in rules about the profile
// itself (expired waivers). It is not a criterion of a stack decision and
// sorts after all of Criteria.
const CriterionProfile = "Profile"

// Rule is one check of the stack against the declared profile.
type Rule struct {
	Info
	// Check returns the rule's findings. It sets Message, Evidence,
	// Profile, Component and Subject (a stable name of what the finding is
	// about, for its fingerprint: a technology id, an image, a key name —
	// never a line number), and may set Severity to depart from the
	// default. Run fills in the rest.
	Check func(*Context) []Finding
	// Uses declares the catalog vocabulary Check relies on: every
	// technology id and category it asks the stack for. The rules' tests
	// fail when one is not in the catalog, or when Check asks for one it
	// does not declare.
	Uses Uses
}

// Uses is catalog vocabulary code relies on.
type Uses struct {
	// IDs are technology ids, as the catalog writes them ("postgresql").
	IDs []string
	// Categories are catalog categories ("web-framework", see catalog.Categories).
	Categories []string
}

// Words returns ids and categories together, in that order.
func (u Uses) Words() []string { return append(append([]string(nil), u.IDs...), u.Categories...) }

// ContextUses is the vocabulary Context's own helpers rely on
// (WebFrameworks, Databases, StatefulStores, HorizontalScaling, Covered).
var ContextUses = Uses{
	IDs:        serverlessIDs,
	Categories: append(append(append([]string(nil), webCategories...), statefulCategories...), "database", "serverless"),
}

// Context is what a rule reads: the detected stack, the profile, the
// catalog and the date rules compare support dates against.
type Context struct {
	Stack   *stack.Stack
	Profile *profile.Profile
	Catalog *catalog.Catalog
	// Today is the date of the check; tests fix it.
	Today time.Time
	// Unlinked keeps Run from linking findings that share a technology
	// (Link): for findings not read as one list in report order, such
	// as compare's per-criterion tables of each option.
	Unlinked bool
}

// Declared reports whether a profile was declared (not the embedded default).
func (c *Context) Declared() bool { return c.Profile.Declared() }

// P returns the profile, never nil (the embedded default when none is set).
func (c *Context) P() *profile.Profile {
	if c.Profile == nil {
		c.Profile = profile.Default()
	}
	return c.Profile
}

// Thresholds returns the profile's thresholds (defaults filled in).
func (c *Context) Thresholds() profile.Thresholds { return c.P().Rules.Thresholds }

// Ref cites a profile key: its declared value and where it was declared.
func (c *Context) Ref(key string) ProfileRef {
	d, _ := c.P().Lookup(key)
	return ProfileRef{Key: d.Key, Value: d.Value, File: d.File, Line: d.Line}
}

// Refs cites the declared keys among keys, skipping undeclared ones.
func (c *Context) Refs(keys ...string) []ProfileRef {
	var out []ProfileRef
	for _, k := range keys {
		if c.P().Has(k) {
			out = append(out, c.Ref(k))
		}
	}
	return out
}

// Cite renders a declared key for a message: "(.stacklint.toml:6)".
func (c *Context) Cite(key string) string {
	r := c.Ref(key)
	if r.File == "" {
		return ""
	}
	if r.Line > 0 {
		return fmt.Sprintf("(%s:%d)", r.File, r.Line)
	}
	return "(" + r.File + ")"
}

// Entry returns the catalog entry of a technology id.
func (c *Context) Entry(id string) (catalog.Entry, bool) {
	if c.Catalog == nil {
		return catalog.Entry{}, false
	}
	return c.Catalog.Get(id)
}

// Production returns the production technologies.
func (c *Context) Production() []stack.Technology {
	if c.Stack == nil {
		return nil
	}
	return c.Stack.Production()
}

// Tech returns a production technology by id.
func (c *Context) Tech(id string) (stack.Technology, bool) {
	if c.Stack == nil {
		return stack.Technology{}, false
	}
	t, ok := c.Stack.Tech(id)
	return t, ok && t.Production()
}

// techName names a technology id: its name in the stack, else in the
// catalog, else the id.
func (c *Context) techName(id string) string {
	if c.Stack != nil {
		if t, ok := c.Stack.Tech(id); ok && t.Name != "" {
			return t.Name
		}
	}
	if e, ok := c.Entry(id); ok && e.Name != "" {
		return e.Name
	}
	return id
}

// AnyOf returns the production technologies among ids, in ids order.
func (c *Context) AnyOf(ids ...string) []stack.Technology {
	var out []stack.Technology
	for _, id := range ids {
		if t, ok := c.Tech(id); ok {
			out = append(out, t)
		}
	}
	return out
}

// ByCategory returns the production technologies of the given categories.
func (c *Context) ByCategory(cats ...string) []stack.Technology {
	var out []stack.Technology
	for _, t := range c.Production() {
		for _, cat := range cats {
			if t.Category == cat {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// ByLayer returns the production technologies of a layer.
func (c *Context) ByLayer(l stack.Layer) []stack.Technology {
	if c.Stack == nil {
		return nil
	}
	return c.Stack.ByLayer(l)
}

// Facts returns the production facts with the given name.
func (c *Context) Facts(name string) []stack.Signal {
	if c.Stack == nil {
		return nil
	}
	return c.Stack.FactsNamed(name)
}

// Primary returns the most used of ts: most components, then most
// production evidence, then named directly rather than implied, then id.
func Primary(ts []stack.Technology) (stack.Technology, bool) {
	if len(ts) == 0 {
		return stack.Technology{}, false
	}
	best := ts[0]
	for _, t := range ts[1:] {
		if morePrimary(t, best) {
			best = t
		}
	}
	return best, true
}

func morePrimary(a, b stack.Technology) bool {
	if len(a.Components) != len(b.Components) {
		return len(a.Components) > len(b.Components)
	}
	ea, eb := len(ProductionEvidence(a)), len(ProductionEvidence(b))
	if ea != eb {
		return ea > eb
	}
	if a.Implied != b.Implied {
		return !a.Implied
	}
	return a.ID < b.ID
}

// PrimaryLanguage is the language of the primary web framework when it
// has one (Django's Python, even when front-end packages make more
// Node.js components), else the production language with the most
// components and evidence.
func (c *Context) PrimaryLanguage() (stack.Technology, bool) {
	langs := c.ByLayer(stack.LayerLanguage)
	if fw, ok := c.PrimaryFramework(); ok {
		if e, ok := c.Entry(fw.ID); ok {
			var own []stack.Technology
			for _, l := range langs {
				if containsStr(e.Implies, l.ID) {
					own = append(own, l)
				}
			}
			if len(own) > 0 {
				return Primary(own)
			}
		}
	}
	return Primary(langs)
}

// WebFrameworks returns the production frameworks that serve requests
// (categories web-framework, fullstack-framework, api-framework; any
// framework-layer technology when none has them).
func (c *Context) WebFrameworks() []stack.Technology {
	if ws := c.ByCategory(webCategories...); len(ws) > 0 {
		return ws
	}
	return c.ByLayer(stack.LayerFramework)
}

// webCategories are the categories of frameworks that serve requests.
var webCategories = []string{"web-framework", "fullstack-framework", "api-framework"}

// PrimaryFramework is the production web framework with the most components and evidence.
func (c *Context) PrimaryFramework() (stack.Technology, bool) { return Primary(c.WebFrameworks()) }

// Databases returns the production databases (category "database").
func (c *Context) Databases() []stack.Technology { return c.ByCategory("database") }

// PrimaryDatabase is the system of record the resolver decided
// (stack.Stack.SystemOfRecord): read models, projections, caches and
// search indexes never are. A stack built without datastores falls back
// to the production database with the most components and evidence.
func (c *Context) PrimaryDatabase() (stack.Technology, bool) {
	if c.Stack != nil && c.Stack.Datastores != nil {
		if c.Stack.SystemOfRecord == "" {
			return stack.Technology{}, false
		}
		return c.Tech(c.Stack.SystemOfRecord)
	}
	return Primary(c.Databases())
}

// StatefulStores returns the production technologies the catalog marks as
// stateful (databases, caches, brokers, search engines), or, lacking
// catalog data, those of the database, cache, queue and search categories.
func (c *Context) StatefulStores() []stack.Technology {
	var out []stack.Technology
	for _, t := range c.Production() {
		if e, ok := c.Entry(t.ID); ok {
			if e.Stateful {
				out = append(out, t)
			}
			continue
		}
		if containsStr(statefulCategories, t.Category) {
			out = append(out, t)
		}
	}
	return out
}

// statefulCategories hold state an operator runs, for technologies the
// catalog does not know.
var statefulCategories = []string{"database", "cache", "queue", "search"}

// HorizontalScaling returns the evidence that the service runs on more than
// one server: replicas above one, autoscalers (HPA, KEDA, autoscaling
// groups or policies, PaaS and serverless scaling), serverless
// technologies. Empty means no such evidence.
func (c *Context) HorizontalScaling() []stack.Evidence {
	var out []stack.Evidence
	for _, f := range c.Facts(stack.FactReplicas) {
		if n, err := strconv.Atoi(strings.TrimSpace(f.Attr("count"))); err == nil && n > 1 {
			out = append(out, FactEvidence(f, fmt.Sprintf("%s: %d replicas", f.Attr("workload"), n)))
		}
	}
	for _, f := range c.Facts(stack.FactAutoscaling) {
		out = append(out, FactEvidence(f, "autoscaling ("+f.Attr("kind")+")"))
	}
	for _, t := range c.Production() {
		if t.Category == "serverless" || containsStr(serverlessIDs, t.ID) {
			out = append(out, TechEvidence(t, 1)...)
		}
	}
	return out
}

var serverlessIDs = []string{"aws-lambda", "serverless-framework", "aws-sam", "google-cloud-functions", "azure-functions", "cloudflare-workers"}

// ScalingPlan returns the evidence of written scaling plans.
func (c *Context) ScalingPlan() []stack.Evidence {
	var out []stack.Evidence
	for _, f := range c.Facts(stack.FactScalingPlan) {
		out = append(out, FactEvidence(f, "scaling plan"))
	}
	return out
}

// Covered reports whether team.skills covers a technology: listed, or
// listed under an equivalent id (typescript/javascript/nodejs,
// csharp/dotnet...), or implied by a listed skill in the catalog (a
// framework implying its language).
func (c *Context) Covered(id string) bool {
	p := c.P()
	if p.HasSkill(id) {
		return true
	}
	for _, g := range equivalentSkills {
		if containsStr(g, id) {
			for _, x := range g {
				if p.HasSkill(x) {
					return true
				}
			}
		}
	}
	for _, s := range p.Team.Skills {
		if e, ok := c.Entry(s); ok && containsStr(e.Implies, id) {
			return true
		}
	}
	return false
}

var equivalentSkills = [][]string{
	{"nodejs", "typescript", "javascript", "deno", "bun"},
	{"csharp", "dotnet", "fsharp"},
	{"java", "jvm"},
	{"postgresql", "postgres"},
}

// ProductionEvidence returns the evidence of t that is not dev-only or
// non-production.
func ProductionEvidence(t stack.Technology) []stack.Evidence {
	var out []stack.Evidence
	for _, e := range t.Evidence {
		if e.Scope == "" || e.Scope == stack.ScopeRuntime {
			out = append(out, e)
		}
	}
	return out
}

// TechEvidence returns up to max pieces of production evidence of t
// (max <= 0: all), falling back to any evidence. Direct evidence (a
// package, an image, a resource that names t) is preferred: evidence
// inherited from another technology ("implied by Helm") is returned only
// when nothing names t directly.
func TechEvidence(t stack.Technology, max int) []stack.Evidence {
	ev := Direct(ProductionEvidence(t))
	if len(ev) == 0 {
		ev = Direct(t.Evidence)
	}
	if max > 0 && len(ev) > max {
		ev = ev[:max]
	}
	return append([]stack.Evidence(nil), ev...)
}

// Direct returns the evidence of ev that names its technology directly,
// or all of ev when every piece is implied by another technology.
func Direct(ev []stack.Evidence) []stack.Evidence {
	var out []stack.Evidence
	for _, e := range ev {
		if !IsImplied(e) {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return ev
	}
	return out
}

// IsImplied reports whether the evidence was inherited from another
// technology (Evidence.ImpliedBy) rather than seen directly.
func IsImplied(e stack.Evidence) bool { return e.Implied() }

// FactEvidence turns a fact into evidence with the given detail.
func FactEvidence(f stack.Signal, detail string) stack.Evidence {
	return stack.Evidence{File: f.File, Line: f.Line, Detail: detail, Scope: f.Scope}
}

// Where renders up to three pieces of evidence for a message:
// "docker-compose.yml:3, Dockerfile:7".
func Where(ev []stack.Evidence) string {
	var parts []string
	seen := map[string]bool{}
	for _, e := range ev {
		s := e.String()
		if e.File == "" || seen[s] {
			continue
		}
		seen[s] = true
		parts = append(parts, s)
	}
	if len(parts) > 3 {
		parts = append(parts[:3], fmt.Sprintf("and %d more", len(parts)-3))
	}
	return strings.Join(parts, ", ")
}

// Names joins the display names of technologies: "Kafka, Helm and Terraform".
func Names(ts []stack.Technology) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return JoinAnd(names)
}

// JoinAnd joins words as "a, b and c".
func JoinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// IDs returns the ids of technologies, sorted.
func IDs(ts []stack.Technology) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	sort.Strings(out)
	return out
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var ruleIDPattern = lazyregexp.New(`^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks a rule set: ids unique and "criterion/name" in
// kebab-case, titles, Doc and Remediation present, criterion known,
// default severity and effort set, Check set.
func Validate(rules []Rule) error {
	var errs []string
	seen := map[string]bool{}
	for i, r := range rules {
		where := fmt.Sprintf("rule %d %q", i, r.ID)
		if !ruleIDPattern.MatchString(r.ID) {
			errs = append(errs, where+": id must be \"criterion/name\" in lowercase kebab-case")
		}
		if seen[r.ID] {
			errs = append(errs, where+": id defined twice")
		}
		seen[r.ID] = true
		if strings.TrimSpace(r.Title) == "" {
			errs = append(errs, where+": title is empty")
		}
		if !containsStr(Criteria, r.Criterion) && r.Criterion != CriterionProfile {
			errs = append(errs, fmt.Sprintf("%s: criterion %q is not one of %s", where, r.Criterion, strings.Join(Criteria, ", ")))
		}
		if r.Severity < SeverityNotice || r.Severity > SeverityError {
			errs = append(errs, where+": default severity must be error, warning or notice")
		}
		if strings.TrimSpace(r.Doc) == "" {
			errs = append(errs, where+": Doc is empty")
		}
		if strings.TrimSpace(r.Remediation) == "" {
			errs = append(errs, where+": Remediation is empty")
		}
		if r.Check == nil {
			errs = append(errs, where+": Check is nil")
		}
		switch r.Effort {
		case EffortLow, EffortMedium, EffortHigh:
		case "":
			errs = append(errs, where+": Effort is empty (low, medium or high: the top actions rank by it)")
		default:
			errs = append(errs, fmt.Sprintf("%s: effort %q is not low, medium or high", where, r.Effort))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid rules:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}

// LayerOf returns the layer of a technology id: from the catalog, else
// from the stack, else "".
func (c *Context) LayerOf(id string) stack.Layer {
	if e, ok := c.Entry(id); ok {
		return e.Layer
	}
	if c.Stack != nil {
		if t, ok := c.Stack.Tech(id); ok {
			return t.Layer
		}
	}
	return ""
}
