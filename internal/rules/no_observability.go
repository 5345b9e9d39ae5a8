package rules

import (
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
)

// NoObservability fires when a high-load or API-first project has no
// metrics or tracing.
var NoObservability = rule.Rule{
	Info: rule.Info{
		ID:        "fit/no-observability",
		Title:     "No metrics or tracing",
		Criterion: rule.CriterionFit,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortMedium,
		Doc: "Under high load, or when other teams depend on your API, you need to see latency, error " +
			"rates and saturation before users report them, and to follow a slow request across " +
			"services.\n\n" +
			"The rule applies when `project.type` is `high-load-saas` or `api-first`, or " +
			"`load.latency_p99_ms` is declared. It fires when the production stack has nothing of the " +
			"categories `metrics`, `tracing` or `observability` (Prometheus clients, OpenTelemetry, " +
			"Datadog, New Relic, Micrometer...). Error tracking (Sentry) alone does not count.",
		Remediation: "Instrument the service with OpenTelemetry (traces and metrics) or your platform's " +
			"agent, export RED metrics (rate, errors, duration), and alert on the latency target.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: observabilityIDs, Categories: observabilityCategories},
	Check: checkNoObservability,
}

// observabilityCategories are metrics, tracing and observability platforms.
var observabilityCategories = []string{"metrics", "tracing", "observability"}

var observabilityIDs = []string{"opentelemetry", "prometheus", "datadog", "new-relic", "micrometer", "jaeger", "zipkin", "honeycomb", "dynatrace", "elastic-apm", "grafana"}

func checkNoObservability(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	var refs []rule.ProfileRef
	var why string
	switch {
	case p.Project.Type == profile.TypeHighLoadSaaS || p.Project.Type == profile.TypeAPIFirst:
		why = "The profile declares " + typeName(p.Project.Type) + " " + ctx.Cite("project.type")
		refs = append(refs, ctx.Ref("project.type"))
	case p.Load.LatencyP99Ms > 0:
		why = "A p99 latency target is declared " + ctx.Cite("load.latency_p99_ms")
		refs = append(refs, ctx.Ref("load.latency_p99_ms"))
	default:
		return nil
	}
	if len(present(ctx, observabilityIDs, observabilityCategories...)) > 0 {
		return nil
	}
	return []rule.Finding{{
		Message: why + ", but the stack has no metrics or tracing (no OpenTelemetry, Prometheus, Datadog or similar).",
		Profile: refs,
		Subject: "observability",
	}}
}
