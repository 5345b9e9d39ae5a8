package rules

import (
	"fmt"
	"strings"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// OverEngineered fires when the architecture (several services, a message
// broker, a service mesh, an orchestrator) is heavier than the declared
// load, team and budget need, whatever the project type.
var OverEngineered = rule.Rule{
	Info: rule.Info{
		ID:        "time-to-market/over-engineered",
		Title:     "Architecture heavier than the declared load and team",
		Criterion: rule.CriterionTimeToMarket,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortHigh,
		Doc: "Every service boundary is a network call, a deploy pipeline, a version to keep compatible and a " +
			"place for a partial failure; a message broker, a service mesh or a container orchestrator each " +
			"need upgrades, monitoring and someone who knows them at 3 a.m. For tens of requests per second " +
			"one modest server has room to spare, and a small team pays that overhead in features not shipped.\n\n" +
			"The rule applies to every project type but `mvp` (that is `time-to-market/over-engineered-mvp`) " +
			"when the profile declares a `load.peak_rps` up to `modest_load_rps` (default 100), a small " +
			"`team.size` (up to `small_team_size`, default 5) or `infrastructure.budget = \"low\"`. It reads the " +
			"production stack and the deployment facts: more than `max_services_small_team` (default 3) services " +
			"the repository builds or deploys itself (Compose services with a build context, Kubernetes " +
			"workloads, Procfile processes; off-the-shelf images such as databases do not count), a " +
			"self-run message broker (Kafka, RabbitMQ, Pulsar, ActiveMQ, Redpanda; managed queues such as " +
			"SQS or Pub/Sub do not count), a service mesh (Istio, Linkerd, Consul) and a container " +
			"orchestrator (Kubernetes, Nomad, OpenShift, Docker Swarm) unless the profile asks for one " +
			"(`infrastructure.hosting = \"kubernetes\"`, or a `load.peak_rps` above `single_server_rps`). " +
			"Services that build the same Dockerfile or run the same image count once. It is an error when both a modest " +
			"load and a small team are declared — the review's headline — and a warning otherwise. " +
			"`cost/heavy-infrastructure` does not repeat the pieces named here.",
		Remediation: "Ship one deployable (a modular monolith with clear internal modules) on a PaaS or a " +
			"single container host, with a managed database and an in-database or managed queue; split a " +
			"service out, or add a broker or an orchestrator, when measured load or team growth asks for it. " +
			"If the load or the team is larger than declared, correct the profile.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: concat(brokerIDs, orchestratorIDs), Categories: []string{"service-mesh"}},
	Check: checkOverEngineered,
}

// brokers are self-run message brokers; meshes and orchestrators are
// matched by id and by catalog category.
var (
	brokerIDs       = []string{"kafka", "rabbitmq", "pulsar", "activemq", "redpanda"}
	orchestratorIDs = []string{"kubernetes", "nomad", "openshift", "docker-swarm"}
)

// overEngineeredPieces returns the heavy pieces of the production stack
// this rule names: brokers, service meshes, orchestrators (not when the
// profile asks for one: orchestratorJustified).
func overEngineeredPieces(ctx *rule.Context) (brokers, meshes, orchestrators []stack.Technology) {
	justified := orchestratorJustified(ctx)
	for _, t := range ctx.Production() {
		switch {
		case inIDs(brokerIDs, t.ID):
			brokers = append(brokers, t)
		case t.Category == "service-mesh":
			meshes = append(meshes, t)
		case inIDs(orchestratorIDs, t.ID) && !justified:
			orchestrators = append(orchestrators, t)
		}
	}
	return brokers, meshes, orchestrators
}

// orchestratorJustified reports whether the profile itself asks for a
// container orchestrator: it declares Kubernetes hosting, or a peak load
// above what one server handles (single_server_rps). A small team running
// Kubernetes it chose, or needs, is not over-engineering.
func orchestratorJustified(ctx *rule.Context) bool {
	p := ctx.P()
	return p.Infrastructure.Hosting == "kubernetes" ||
		p.Has("load.peak_rps") && p.Load.PeakRPS > ctx.Thresholds().SingleServerRPS
}

// overEngineeredApplies says whether the profile declares means modest
// enough for the rule (never for an MVP, which has its own rule): the
// reasons with their citations (none: the rule does not apply), whether a
// modest load and a small team are declared, and the keys cited.
func overEngineeredApplies(ctx *rule.Context) (why []string, lowLoad, small bool, refs []rule.ProfileRef) {
	p := ctx.P()
	if p.Project.Type == profile.TypeMVP {
		return nil, false, false, nil
	}
	th := ctx.Thresholds()
	lowLoad = p.Has("load.peak_rps") && p.Load.PeakRPS <= th.ModestLoadRPS
	if lowLoad {
		why = append(why, fmt.Sprintf("a peak of %s rps %s", thousands(p.Load.PeakRPS), ctx.Cite("load.peak_rps")))
		refs = append(refs, ctx.Ref("load.peak_rps"))
	}
	small = p.SmallTeam()
	if small {
		why = append(why, fmt.Sprintf("a team of %d %s", p.Team.Size, ctx.Cite("team.size")))
		refs = append(refs, ctx.Ref("team.size"))
	}
	if p.Infrastructure.Budget == "low" {
		why = append(why, "a low budget "+ctx.Cite("infrastructure.budget"))
		refs = append(refs, ctx.Ref("infrastructure.budget"))
	}
	return why, lowLoad, small, refs
}

func checkOverEngineered(ctx *rule.Context) []rule.Finding {
	why, lowLoad, small, refs := overEngineeredApplies(ctx)
	if len(why) == 0 {
		return nil
	}
	brokers, meshes, orchestrators := overEngineeredPieces(ctx)
	names, svcEv := deployableServices(ctx)
	max := ctx.Thresholds().MaxServicesSmallTeam
	var parts []string
	var ev []stack.Evidence
	if len(names) > max {
		shown := names
		if len(shown) > 6 {
			shown = append(append([]string(nil), names[:5]...), fmt.Sprintf("%d more", len(names)-5))
		}
		parts = append(parts, fmt.Sprintf("deploys %d services of its own (%s), more than %d (max_services_small_team)",
			len(names), rule.JoinAnd(shown), max))
		ev = append(ev, svcEv...)
		refs = append(refs, ctx.Refs("rules.thresholds.max_services_small_team")...)
	}
	var runs []string
	for _, g := range []struct {
		ts   []stack.Technology
		role string
	}{{brokers, "a message broker"}, {meshes, "a service mesh"}, {orchestrators, "a container orchestrator"}} {
		if len(g.ts) == 0 {
			continue
		}
		runs = append(runs, namesAt(g.ts)+" as "+g.role)
		ev = append(ev, evidenceOf(g.ts, 1)...)
	}
	if len(runs) > 0 {
		parts = append(parts, "runs "+rule.JoinAnd(runs))
	}
	if len(parts) == 0 {
		return nil
	}
	sev := rule.SeverityWarning
	if lowLoad && small {
		sev = rule.SeverityError
	}
	tail := "a small team ships and operates one deployable faster"
	if lowLoad {
		tail = "one modest server handles this load"
	}
	msg := "The profile declares " + rule.JoinAnd(why) + ", but the stack " + strings.Join(parts, ", and ") +
		". Each piece costs setup, upgrades and on-call time; " + tail + "."
	return []rule.Finding{{Message: msg, Severity: sev, Evidence: ev, Profile: refs, Subject: "architecture"}}
}
