package rules

import (
	"fmt"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// TooManyStores fires when the stack runs more distinct stateful stores
// than the team size and budget justify.
var TooManyStores = rule.Rule{
	Info: rule.Info{
		ID:        "data/too-many-stores",
		Title:     "More datastores than the team can run",
		Criterion: rule.CriterionData,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortHigh,
		Doc: "Each database, cache, broker or search engine needs backups, upgrades, monitoring, " +
			"capacity planning and someone who knows it at 3 a.m. A small team or a low budget spreads " +
			"thin across many stores.\n\n" +
			"The rule applies when `team.size` or `infrastructure.budget` is declared. It counts the " +
			"distinct stateful technologies of the production stack (catalog `stateful = true`) and fires " +
			"when there are more than `max_stores_small_team` (default 2) for a small team (up to " +
			"`small_team_size`, default 5) or a low budget, or more than `max_stores` (default 4) otherwise.",
		Remediation: "Consolidate: PostgreSQL covers documents (JSONB), queues (SKIP LOCKED, pg-boss), " +
			"full-text search and key-value needs well enough for most products; keep a specialised " +
			"store only where it earns its operating cost, or raise the thresholds in `[rules.thresholds]`.",
		NeedsProfile: true,
	},
	Check: checkTooManyStores,
}

func checkTooManyStores(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	if !p.Has("team.size") && !p.Has("infrastructure.budget") {
		return nil
	}
	th := ctx.Thresholds()
	limit, limitKey := th.MaxStores, "max_stores"
	var why string
	var refs []rule.ProfileRef
	switch {
	case p.SmallTeam():
		limit, limitKey = th.MaxStoresSmallTeam, "max_stores_small_team"
		why = fmt.Sprintf("a team of %d %s", p.Team.Size, ctx.Cite("team.size"))
		refs = append(refs, ctx.Ref("team.size"))
	case p.Infrastructure.Budget == "low":
		limit, limitKey = th.MaxStoresSmallTeam, "max_stores_small_team"
		why = "a low budget " + ctx.Cite("infrastructure.budget")
		refs = append(refs, ctx.Ref("infrastructure.budget"))
	case p.Has("team.size"):
		why = fmt.Sprintf("a team of %d %s", p.Team.Size, ctx.Cite("team.size"))
		refs = append(refs, ctx.Ref("team.size"))
	default:
		why = "a " + p.Infrastructure.Budget + " budget " + ctx.Cite("infrastructure.budget")
		refs = append(refs, ctx.Ref("infrastructure.budget"))
	}
	stores, optional := operatedStores(ctx)
	if len(stores) <= limit {
		return nil
	}
	if p.Has("rules.thresholds." + limitKey) {
		refs = append(refs, ctx.Ref("rules.thresholds."+limitKey))
	}
	names := make([]string, len(stores))
	var ev []stack.Evidence
	for i, d := range stores {
		names[i] = storeName(ctx, d)
		for _, id := range d.Members {
			if t, ok := ctx.Tech(id); ok {
				ev = append(ev, rule.TechEvidence(t, 1)...)
			}
		}
	}
	msg := fmt.Sprintf("The stack runs %d datastores (%s) for %s; more than %d (%s) is hard to operate well.",
		len(stores), rule.JoinAnd(names), why, limit, limitKey)
	if len(optional) > 0 {
		msg += " Not counted, as only optional dependencies declare them: " + rule.JoinAnd(optional) + "."
	}
	return []rule.Finding{{Message: msg, Evidence: ev, Profile: refs, Subject: "stores"}}
}

// operatedStores returns the datastores the team runs (the resolver's
// count: forks, managed hostings and interchangeable providers once;
// observability backends not at all) and the names of optional ones.
// A stack built without datastores counts its stateful technologies.
func operatedStores(ctx *rule.Context) (stores []stack.Datastore, optional []string) {
	if ctx.Stack == nil || ctx.Stack.Datastores == nil {
		for _, t := range ctx.StatefulStores() {
			stores = append(stores, stack.Datastore{ID: t.ID, Name: t.Name, Members: []string{t.ID}})
		}
		return stores, nil
	}
	for _, d := range ctx.Stack.Datastores {
		if d.Optional {
			optional = append(optional, d.Name)
			continue
		}
		stores = append(stores, d)
	}
	return stores, optional
}

// storeName names a datastore with what is counted as it: "Redis (with
// Valkey)", "SQLite, MySQL or PostgreSQL (interchangeable)".
func storeName(ctx *rule.Context, d stack.Datastore) string {
	if d.Alternatives {
		return d.Name + " (interchangeable)"
	}
	var with []string
	for _, id := range d.Members[min(1, len(d.Members)):] {
		if t, ok := ctx.Tech(id); ok {
			with = append(with, t.Name)
		}
	}
	if len(with) == 0 {
		return d.Name
	}
	return d.Name + " (with " + rule.JoinAnd(with) + ")"
}
