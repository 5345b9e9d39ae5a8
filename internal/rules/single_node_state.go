package rules

import (
	"github.com/stacklint/stacklint/internal/stack"

	"github.com/stacklint/stacklint/internal/rule"
)

// SingleNodeState fires when cache or session state lives inside one
// process of a service that must run on several machines.
var SingleNodeState = rule.Rule{
	Info: rule.Info{
		ID:        "scalability/single-node-state",
		Title:     "State that cannot be shared between servers",
		Criterion: rule.CriterionScalability,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortMedium,
		Doc: "An in-process cache or session store lives in one process. A second server does not see " +
			"it, so sessions break and caches disagree as soon as the service scales out, and a restart or " +
			"a redeploy loses the state.\n\n" +
			"The rule applies when the profile expects more than one server (see " +
			"`scalability/no-scaling-plan`) or when the repository already runs several replicas. It " +
			"fires when an in-process cache or session store is used with no shared cache (Redis, " +
			"Memcached) beside it. An embedded database as the system of record is " +
			"`scalability/embedded-database`.",
		Remediation:  "Move sessions and caches to a shared store such as Redis or Memcached.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: concat(inProcessCache, sharedCaches), Categories: []string{"cache"}},
	Check: checkSingleNodeState,
}

var (
	inProcessCache = []string{"node-cache", "lru-cache", "memory-cache", "cachetools", "caffeine", "ehcache", "memorystore", "quick-lru"}
	sharedCaches   = []string{"redis", "valkey", "memcached", "hazelcast", "dragonfly", "keydb"}
)

func checkSingleNodeState(ctx *rule.Context) []rule.Finding {
	reason, refs, ok := scaleReason(ctx)
	scaled := ctx.HorizontalScaling()
	if !ok && len(scaled) == 0 {
		return nil
	}
	why := reason
	if !ok {
		why = "The service runs on several servers (" + rule.Where(scaled) + ")"
	}
	var out []rule.Finding
	if len(present(ctx, sharedCaches)) == 0 {
		for _, t := range inProcessCaches(ctx) {
			msg, brief := twoWays(func(at func(stack.Technology) string) string {
				return why + ", but " + at(t) + " keeps cache or session state inside one process, " +
					"and no shared cache (Redis, Memcached) is in the stack."
			})
			out = append(out, rule.Finding{
				Message:      msg,
				Brief:        brief,
				Technologies: []string{t.ID},
				Evidence:     rule.TechEvidence(t, 3),
				Profile:      refs,
				Component:    componentOf(t),
				Subject:      t.ID,
			})
		}
	}
	return out
}

// inProcessCaches are production caches that keep state inside one
// process: the known ids, and catalog caches that are not stateful servers.
func inProcessCaches(ctx *rule.Context) []stack.Technology {
	var out []stack.Technology
	for _, t := range ctx.Production() {
		if inIDs(inProcessCache, t.ID) {
			out = append(out, t)
			continue
		}
		if t.Category == "cache" {
			if e, ok := ctx.Entry(t.ID); ok && !e.Stateful && !inIDs(sharedCaches, t.ID) {
				out = append(out, t)
			}
		}
	}
	return out
}
