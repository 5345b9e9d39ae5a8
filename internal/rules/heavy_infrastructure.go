package rules

import (
	"fmt"
	"sort"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// HeavyInfrastructure fires when a low budget, a small team, an MVP or an
// internal tool runs costly infrastructure.
var HeavyInfrastructure = rule.Rule{
	Info: rule.Info{
		ID:        "cost/heavy-infrastructure",
		Title:     "Costly infrastructure for the declared means",
		Criterion: rule.CriterionCost,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortHigh,
		Doc: "Kafka, Elasticsearch, Cassandra, a Kubernetes cluster or several managed databases each " +
			"cost real money and real operating time every month. For a low budget, a small team, an MVP " +
			"or an internal tool, that cost rarely pays back.\n\n" +
			"The rule applies when `infrastructure.budget = \"low\"`, a small `team.size` (up to " +
			"`small_team_size`, default 5), or `project.type` `mvp` or `internal-tool` is declared. It " +
			"fires for technologies the catalog rates `operational_cost = \"high\"` (or, lacking catalog " +
			"data, Kafka, Elasticsearch, OpenSearch, Cassandra, Kubernetes...) and when more managed " +
			"databases are provisioned than `max_managed_databases` (default 1). Brokers, meshes and " +
			"orchestrators that `time-to-market/over-engineered` or `time-to-market/over-engineered-mvp` " +
			"already names are not repeated, and an orchestrator the profile asks for (`infrastructure.hosting = " +
			"\"kubernetes\"`, a `load.peak_rps` above `single_server_rps`) is not reported.",
		Remediation: "Prefer managed, pay-per-use or single-node alternatives (PostgreSQL full-text " +
			"search instead of Elasticsearch, a managed queue or PostgreSQL instead of Kafka, a PaaS " +
			"instead of a Kubernetes cluster), and consolidate databases.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: concat(costlyIDs, mvpHeavy), Categories: heavyCategories},
	Check: checkHeavyInfrastructure,
}

var costlyIDs = []string{"kafka", "elasticsearch", "opensearch", "cassandra", "scylladb", "kubernetes", "hbase", "hadoop", "spark", "flink", "istio", "couchbase", "clickhouse"}

func checkHeavyInfrastructure(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	var why []string
	var refs []rule.ProfileRef
	if p.Infrastructure.Budget == "low" {
		why = append(why, "a low budget "+ctx.Cite("infrastructure.budget"))
		refs = append(refs, ctx.Ref("infrastructure.budget"))
	}
	if p.SmallTeam() {
		why = append(why, fmt.Sprintf("a team of %d %s", p.Team.Size, ctx.Cite("team.size")))
		refs = append(refs, ctx.Ref("team.size"))
	}
	switch p.Project.Type {
	case profile.TypeMVP:
		why = append(why, "an MVP "+ctx.Cite("project.type"))
		refs = append(refs, ctx.Ref("project.type"))
	case profile.TypeInternalTool:
		why = append(why, "an internal tool "+ctx.Cite("project.type"))
		refs = append(refs, ctx.Ref("project.type"))
	}
	if len(why) == 0 {
		return nil
	}
	var costly []stack.Technology
	justified := orchestratorJustified(ctx)
	for _, t := range ctx.Production() {
		if justified && t.Category == "orchestration" {
			continue // the profile asks for it (Kubernetes hosting, load above one server)
		}
		if e, ok := ctx.Entry(t.ID); ok && e.OperationalCost != "" {
			if e.OperationalCost == "high" {
				costly = append(costly, t)
			}
			continue
		}
		if inIDs(costlyIDs, t.ID) {
			costly = append(costly, t)
		}
	}
	// Pieces an over-engineering finding names are not repeated here.
	named := map[string]bool{}
	for _, t := range overEngineeringNamed(ctx) {
		named[t.ID] = true
	}
	kept := costly[:0]
	for _, t := range costly {
		if !named[t.ID] {
			kept = append(kept, t)
		}
	}
	costly = kept
	var managed []stack.Signal
	seenRes := map[string]bool{}
	for _, f := range ctx.Facts(stack.FactManagedService) {
		if f.Attr("engine") == "" {
			continue
		}
		k := f.Attr("resource") + "|" + f.Attr("engine")
		if !seenRes[k] {
			seenRes[k] = true
			managed = append(managed, f)
		}
	}
	maxDB := ctx.Thresholds().MaxManagedDatabases
	tooManyDBs := len(managed) > maxDB
	if len(costly) == 0 && !tooManyDBs {
		return nil
	}
	var parts []string
	ev := evidenceOf(costly, 1)
	if len(costly) > 0 {
		parts = append(parts, namesAt(costly))
	}
	if tooManyDBs {
		var engines []string
		var mev []stack.Evidence
		for _, f := range managed {
			engines = append(engines, f.Attr("engine"))
			mev = append(mev, rule.FactEvidence(f, "managed "+f.Attr("engine")+" "+f.Attr("resource")))
		}
		sort.Strings(engines)
		parts = append(parts, fmt.Sprintf("%d managed databases (%s: %s), more than %d (max_managed_databases)",
			len(managed), rule.JoinAnd(engines), rule.Where(mev), maxDB))
		ev = append(ev, mev...)
	}
	msg := "The profile declares " + rule.JoinAnd(why) + ", but the stack runs " + rule.JoinAnd(parts) +
		"; such infrastructure costs money and operating time every month."
	return []rule.Finding{{Message: msg, Evidence: ev, Profile: refs, Subject: "infrastructure"}}
}

// overEngineeringNamed returns the technologies an over-engineering
// finding (time-to-market/over-engineered-mvp or
// time-to-market/over-engineered) names for this profile, so that the
// cost rule does not report them twice.
func overEngineeringNamed(ctx *rule.Context) []stack.Technology {
	if ctx.P().Project.Type == profile.TypeMVP {
		return present(ctx, mvpHeavy, heavyCategories...)
	}
	if why, _, _, _ := overEngineeredApplies(ctx); len(why) == 0 {
		return nil
	}
	b, m, o := overEngineeredPieces(ctx)
	return append(append(b, m...), o...)
}
