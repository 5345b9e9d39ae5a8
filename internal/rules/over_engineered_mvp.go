package rules

import (
	"fmt"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// OverEngineeredMVP fires when an MVP runs infrastructure built for scale.
var OverEngineeredMVP = rule.Rule{
	Info: rule.Info{
		ID:        "time-to-market/over-engineered-mvp",
		Title:     "Over-engineered MVP",
		Criterion: rule.CriterionTimeToMarket,
		Severity:  rule.SeverityError,
		Effort:    rule.EffortHigh,
		Doc: "An MVP exists to learn fast. Kubernetes, Helm charts, Terraform, a service mesh, Kafka or " +
			"a handful of services cost weeks of setup and ongoing care that a small team should spend " +
			"on the product; a single deployable on a PaaS gets there first.\n\n" +
			"The rule applies when `project.type = \"mvp\"`. It fires when the stack uses Kubernetes, " +
			"Helm, Terraform (or Pulumi, CloudFormation), a service mesh (Istio, Linkerd) or Kafka, or " +
			"when it deploys more than `mvp_max_services` (default 3) services of its own.",
		Remediation: "Ship one deployable (a modular monolith) on a PaaS or a single container host, " +
			"with a managed database; add the heavy pieces when real load or team growth asks for them. " +
			"If the project is past the MVP stage, change `project.type`.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: mvpHeavy, Categories: heavyCategories},
	Check: checkOverEngineeredMVP,
}

var mvpHeavy = []string{"kubernetes", "helm", "terraform", "pulumi", "cloudformation", "aws-cdk", "istio", "linkerd", "kafka", "kustomize", "argo-cd"}

// heavyCategories are the categories of infrastructure too heavy for an MVP.
var heavyCategories = []string{"service-mesh", "orchestration"}

func checkOverEngineeredMVP(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	if p.Project.Type != profile.TypeMVP {
		return nil
	}
	heavy := present(ctx, mvpHeavy, heavyCategories...)
	names, svcEv := deployableServices(ctx)
	max := ctx.Thresholds().MVPMaxServices
	tooMany := len(names) > max
	if len(heavy) == 0 && !tooMany {
		return nil
	}
	who := "profile declares an MVP " + ctx.Cite("project.type")
	refs := []rule.ProfileRef{ctx.Ref("project.type")}
	if p.Has("team.size") {
		who += fmt.Sprintf(" for a team of %d %s", p.Team.Size, ctx.Cite("team.size"))
		refs = append(refs, ctx.Ref("team.size"))
	}
	var parts []string
	var ev []stack.Evidence
	if len(heavy) > 0 {
		hev := evidenceOf(heavy, 1)
		parts = append(parts, "runs "+namesAt(heavy))
		ev = append(ev, hev...)
	}
	if tooMany {
		parts = append(parts, fmt.Sprintf("deploys %d services of its own, more than %d (mvp_max_services): %s",
			len(names), max, rule.JoinAnd(names)))
		ev = append(ev, svcEv...)
		refs = append(refs, ctx.Refs("rules.thresholds.mvp_max_services")...)
	}
	msg := "The " + who + ", and the stack " + rule.JoinAnd(parts) + "."
	return []rule.Finding{{Message: msg, Evidence: ev, Profile: refs, Subject: "mvp"}}
}
