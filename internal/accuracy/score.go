package accuracy

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/stack"
)

// Group is a group of catalog categories scored together.
type Group string

// The scored groups.
const (
	// GroupLanguages is the language layer: languages and runtimes.
	GroupLanguages Group = "languages"
	// GroupFrameworks is the framework layer (web, API and full-stack
	// frameworks, and the UI, client and docs-site frameworks that must
	// stay out of the backend stack) and application servers.
	GroupFrameworks Group = "frameworks"
	// GroupDatastores are the stateful databases, caches, search engines
	// and object stores, managed hostings included.
	GroupDatastores Group = "datastores"
	// GroupInfrastructure is the infrastructure layer but for managed
	// stores and development tooling: containers, orchestration, IaC,
	// clouds, PaaS, serverless, proxies, CDNs.
	GroupInfrastructure Group = "infrastructure"
	// GroupMessaging are brokers, managed queues and background-job
	// libraries.
	GroupMessaging Group = "messaging"
	// GroupCI are CI/CD systems.
	GroupCI Group = "ci"
	// GroupObservability are observability platforms, metrics, tracing,
	// error tracking and logging.
	GroupObservability Group = "observability"
)

// Groups lists the scored groups in report order.
var Groups = []Group{GroupLanguages, GroupFrameworks, GroupDatastores, GroupInfrastructure, GroupMessaging, GroupCI, GroupObservability}

// Set is a set of groups whose counts are added up for one target figure.
type Set struct {
	// Name lists the groups; Short is a column heading.
	Name, Short string
	Groups      []Group
}

// Sets are the two figures the accuracy target names.
var Sets = []Set{
	{Name: "languages, frameworks, datastores", Short: "lang/framework/data", Groups: []Group{GroupLanguages, GroupFrameworks, GroupDatastores}},
	{Name: "infrastructure, messaging, CI, observability", Short: "infra/messaging/ci/obs", Groups: []Group{GroupInfrastructure, GroupMessaging, GroupCI, GroupObservability}},
}

// GroupOf returns the scored group of a catalog entry; false when its
// category is not scored (ORMs, drivers, auth, testing...).
func GroupOf(e catalog.Entry) (Group, bool) {
	switch e.Category {
	case "database", "cache", "search", "object-storage", "managed-database", "managed-cache":
		if e.Stateful {
			return GroupDatastores, true
		}
		return "", false
	case "queue", "managed-queue", "background-jobs":
		return GroupMessaging, true
	case "ci-cd":
		return GroupCI, true
	case "observability", "metrics", "tracing", "error-tracking", "logging":
		return GroupObservability, true
	case "app-server", "docs-site":
		return GroupFrameworks, true
	case "dev-tooling":
		return "", false
	}
	switch e.Layer {
	case stack.LayerLanguage:
		return GroupLanguages, true
	case stack.LayerFramework:
		return GroupFrameworks, true
	case stack.LayerInfrastructure:
		return GroupInfrastructure, true
	}
	return "", false
}

// Found is a technology the scan lists in the backend stack.
type Found struct {
	// ID is the catalog id.
	ID string
	// Group is its scored group; "" when its category is not scored.
	Group Group
	// Evidence says where the scan saw it, one location a line.
	Evidence []string
}

// maxEvidence caps the evidence lines kept per technology.
const maxEvidence = 4

// BackendStack returns what the scan lists in the backend stack, by id:
// the production technologies (runtime scope, a backend role), CI
// systems of any scope but non-production (CI runs in development by
// nature), and the datastores the product supports.
func BackendStack(st *stack.Stack, cat *catalog.Catalog) map[string]Found {
	out := map[string]Found{}
	for _, t := range st.Technologies {
		var g Group
		if e, ok := cat.Get(t.ID); ok {
			g, _ = GroupOf(e)
		}
		counted := t.Production()
		if g == GroupCI {
			counted = t.Backend() && t.Scope != stack.ScopeNonProduction
		}
		if !counted {
			continue
		}
		f := Found{ID: t.ID, Group: g}
		// Runtime evidence first: it is what puts the technology here.
		evs := slices.Clone(t.Evidence)
		slices.SortStableFunc(evs, func(a, b stack.Evidence) int {
			return cmp.Compare(scopeRank(a.Scope), scopeRank(b.Scope))
		})
		for _, ev := range evs {
			if ev.Scope == stack.ScopeNonProduction {
				continue
			}
			if len(f.Evidence) == maxEvidence {
				f.Evidence = append(f.Evidence, fmt.Sprintf("… %d more", len(t.Evidence)-maxEvidence))
				break
			}
			f.Evidence = append(f.Evidence, evidenceLine(ev))
		}
		out[t.ID] = f
	}
	for _, d := range st.SupportedDatastores {
		if _, ok := out[d.ID]; ok {
			continue
		}
		f := Found{ID: d.ID, Group: GroupDatastores}
		for i, ev := range d.Evidence {
			if i == maxEvidence {
				f.Evidence = append(f.Evidence, fmt.Sprintf("… %d more", len(d.Evidence)-maxEvidence))
				break
			}
			f.Evidence = append(f.Evidence, "supported: "+evidenceLine(ev))
		}
		out[d.ID] = f
	}
	return out
}

// scopeRank orders evidence scopes: runtime (or none) first.
func scopeRank(scope string) int {
	if scope == stack.ScopeRuntime || scope == "" {
		return 0
	}
	return 1
}

func evidenceLine(ev stack.Evidence) string {
	if ev.Detail == "" {
		return ev.String()
	}
	return ev.String() + " " + strings.Join(strings.Fields(ev.Detail), " ")
}

// Elsewhere says what the scan knows of a technology it left out of the
// backend stack (its scope, its roles, some evidence), for a false
// negative; "not detected" when the scan never saw it.
func Elsewhere(st *stack.Stack, id string) string {
	t, ok := st.Tech(id)
	if !ok {
		return "not detected"
	}
	roles := make([]string, len(t.Roles))
	for i, r := range t.Roles {
		roles[i] = string(r)
	}
	s := "scope " + t.Scope
	if len(roles) > 0 {
		s += ", roles " + strings.Join(roles, "+")
	}
	for i, ev := range t.Evidence {
		if i == 2 {
			s += fmt.Sprintf("; … %d more", len(t.Evidence)-2)
			break
		}
		s += "; " + evidenceLine(ev)
	}
	return s
}

// Count holds the true positives, false positives and false negatives of
// one group.
type Count struct {
	TP, FP, FN int
}

// Add returns the sum of two counts.
func (c Count) Add(o Count) Count { return Count{c.TP + o.TP, c.FP + o.FP, c.FN + o.FN} }

// Precision is TP/(TP+FP); 1 when nothing was found.
func (c Count) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP/(TP+FN); 1 when nothing was expected.
func (c Count) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// ErrorKind is the kind of a scoring error.
type ErrorKind string

// Kinds of Error.
const (
	// FalsePositive is a technology listed in the backend stack that the
	// labels do not expect.
	FalsePositive ErrorKind = "false positive"
	// Leak is a technology listed in the backend stack that the labels
	// say only a front end, a client or a docs site uses: a false
	// positive too, counted in its group when it has one.
	Leak ErrorKind = "leak"
	// FalseNegative is an expected technology missing from the backend
	// stack.
	FalseNegative ErrorKind = "false negative"
)

// Error is one disagreement between the labels and the scan.
type Error struct {
	Kind  ErrorKind
	Group Group
	ID    string
	// Label is the label's source for a leak or a false negative.
	Label string
	// Evidence is where the scan saw it (false positives and leaks) or
	// what it knows of it (false negatives, see Elsewhere).
	Evidence []string
}

// Result is the score of one repository.
type Result struct {
	Repo   string
	Counts map[Group]Count
	Errors []Error
	// Datastores are the expected datastores found, with their evidence:
	// every store the product supports must be found with it.
	Datastores []Found
}

// uiRole returns the role the catalog gives a technology of front ends,
// clients or docs sites ("" for others).
func uiRole(cat *catalog.Catalog, id string) stack.Role {
	if e, ok := cat.Get(id); ok {
		return e.Role
	}
	return ""
}

// Set returns the sum of the counts of a set's groups.
func (r Result) Set(s Set) Count {
	var c Count
	for _, g := range s.Groups {
		c = c.Add(r.Counts[g])
	}
	return c
}

// Score compares what a scan lists in the backend stack with the labels.
// An expected id found is a true positive of its group, one not found a
// false negative (elsewhere says what the scan knows of it); a found id
// neither expected nor a maybe is a false positive of its group, and a
// leak when the labels list it as absent or the catalog gives it a front
// end's, a client's or a docs site's role (reported even when its
// category is not scored). Ids the labels expect must have a scored group.
func Score(l *Labels, found map[string]Found, cat *catalog.Catalog, elsewhere func(id string) string) (Result, error) {
	res := Result{Repo: l.Repo, Counts: map[Group]Count{}}
	expect := map[string]Label{}
	for _, lb := range l.Expect {
		e, ok := cat.Get(lb.ID)
		if !ok {
			return res, fmt.Errorf("%s: expected %q is not a catalog id", l.Repo, lb.ID)
		}
		if _, ok := GroupOf(e); !ok {
			return res, fmt.Errorf("%s: expected %q is a %s, a category no group scores", l.Repo, lb.ID, e.Category)
		}
		expect[lb.ID] = lb
	}
	maybe := map[string]bool{}
	for _, lb := range l.Maybe {
		maybe[lb.ID] = true
	}
	absent := map[string]Label{}
	for _, lb := range l.Absent {
		absent[lb.ID] = lb
	}
	ids := make([]string, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := found[id]
		c := res.Counts[f.Group]
		switch lb, isAbsent := absent[id]; {
		case expect[id].ID != "":
			c.TP++
			if f.Group == GroupDatastores {
				res.Datastores = append(res.Datastores, f)
			}
		case maybe[id]:
			continue
		case isAbsent:
			if f.Group != "" {
				c.FP++
			}
			res.Errors = append(res.Errors, Error{Kind: Leak, Group: f.Group, ID: id, Label: lb.Source, Evidence: f.Evidence})
		case uiRole(cat, id) != "":
			// A front-end, client or docs-site technology is never
			// backend, labelled or not.
			if f.Group != "" {
				c.FP++
			}
			res.Errors = append(res.Errors, Error{Kind: Leak, Group: f.Group, ID: id, Label: "the catalog gives it the role " + string(uiRole(cat, id)), Evidence: f.Evidence})
		case f.Group == "":
			continue
		default:
			c.FP++
			res.Errors = append(res.Errors, Error{Kind: FalsePositive, Group: f.Group, ID: id, Evidence: f.Evidence})
		}
		if f.Group != "" {
			res.Counts[f.Group] = c
		}
	}
	for _, lb := range l.Expect {
		if _, ok := found[lb.ID]; ok {
			continue
		}
		e, _ := cat.Get(lb.ID)
		g, _ := GroupOf(e)
		c := res.Counts[g]
		c.FN++
		res.Counts[g] = c
		var ev []string
		if elsewhere != nil {
			ev = []string{elsewhere(lb.ID)}
		}
		res.Errors = append(res.Errors, Error{Kind: FalseNegative, Group: g, ID: lb.ID, Label: lb.Source, Evidence: ev})
	}
	return res, nil
}

// Total adds up the counts of several results, group by group.
func Total(results []Result) map[Group]Count {
	out := map[Group]Count{}
	for _, r := range results {
		for g, c := range r.Counts {
			out[g] = out[g].Add(c)
		}
	}
	return out
}
