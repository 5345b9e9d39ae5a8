package rules

import (
	"fmt"

	"github.com/stacklint/stacklint/internal/rule"
)

// TooManyStores fires when the stack runs more distinct stateful stores
// than the team size and budget justify.
var TooManyStores = rule.Rule{
	Info: rule.Info{
		ID:        "data/too-many-stores",
		Title:     "More datastores than the team can run",
		Criterion: rule.CriterionData,
		Severity:  rule.SeverityWarning,
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
	stores := ctx.StatefulStores()
	if len(stores) <= limit {
		return nil
	}
	if p.Has("rules.thresholds." + limitKey) {
		refs = append(refs, ctx.Ref("rules.thresholds."+limitKey))
	}
	msg := fmt.Sprintf("The stack runs %d stateful stores (%s) for %s; more than %d (%s) is hard to operate well.",
		len(stores), rule.Names(stores), why, limit, limitKey)
	return []rule.Finding{{Message: msg, Evidence: evidenceOf(stores, 1), Profile: refs, Subject: "stores"}}
}
