package rules

import (
	"fmt"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// NoScalingPlan fires when the profile expects more than one server and
// nothing in the repository scales horizontally or plans to.
var NoScalingPlan = rule.Rule{
	Info: rule.Info{
		ID:        "scalability/no-scaling-plan",
		Title:     "No plan for scaling beyond one server",
		Criterion: rule.CriterionScalability,
		Severity:  rule.SeverityError,
		Effort:    rule.EffortMedium,
		Doc: "A service that must take more load than one server can serve needs to run as several " +
			"copies behind a load balancer, and the code has to allow it (no state kept in the process).\n\n" +
			"The rule applies when the profile expects more than one server: `load.peak_rps` above the " +
			"`single_server_rps` threshold (default 1000), `load.growth = \"fast\"`, or " +
			"`project.type = \"high-load-saas\"`. It fires when there is no evidence of horizontal " +
			"scaling — no workload with more than one replica (Compose `deploy.replicas`, Kubernetes " +
			"`replicas`, Helm values, ECS desired count), no autoscaler (HPA, KEDA, autoscaling groups " +
			"and policies, PaaS or serverless scaling), no serverless functions — and no written scaling " +
			"plan (a document such as `docs/scaling.md` or a capacity plan). Declaring " +
			"`infrastructure.hosting = \"serverless\"` counts as scaling.",
		Remediation: "Run two or more replicas behind a load balancer with an autoscaler (a Kubernetes " +
			"HorizontalPodAutoscaler, KEDA, an autoscaling group, your PaaS's autoscaling), or write " +
			"`docs/scaling.md` saying how the service will scale when it has to.",
		NeedsProfile: true,
	},
	Check: checkNoScalingPlan,
}

func checkNoScalingPlan(ctx *rule.Context) []rule.Finding {
	reason, refs, ok := scaleReason(ctx)
	if !ok || ctx.P().Infrastructure.Hosting == "serverless" {
		return nil
	}
	if len(ctx.HorizontalScaling()) > 0 || len(ctx.ScalingPlan()) > 0 {
		return nil
	}
	var ev []stack.Evidence
	var single []string
	for _, f := range ctx.Facts(stack.FactReplicas) {
		ev = append(ev, rule.FactEvidence(f, fmt.Sprintf("%s (%s replica)", f.Attr("workload"), f.Attr("count"))))
		single = append(single, fmt.Sprintf("%s (%s)", f.Attr("workload"), rule.FactEvidence(f, "")))
	}
	if len(ev) == 0 {
		for _, f := range ctx.Facts(stack.FactService) {
			ev = append(ev, rule.FactEvidence(f, "service "+f.Attr("name")))
		}
	}
	if len(ev) == 0 {
		for _, f := range ctx.Facts(stack.FactProcess) {
			ev = append(ev, rule.FactEvidence(f, "process "+f.Attr("command")))
		}
	}
	msg := reason + ", but nothing scales past one server: no replicas above 1, no autoscaler, " +
		"no serverless or PaaS scaling, no written scaling plan."
	if len(single) > 0 {
		msg = reason + ", but nothing scales past one server: " + rule.JoinAnd(single) +
			" " + verbIs(len(single)) + " declared with a single replica, and there is no autoscaler, " +
			"no serverless or PaaS scaling and no written scaling plan."
	}
	return []rule.Finding{{Message: msg, Evidence: ev, Profile: refs}}
}

// verbIs returns "is" for one, "are" for more.
func verbIs(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
