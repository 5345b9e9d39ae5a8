package rules

import (
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
)

// NoAuditTrail fires when a compliance standard is declared and nothing
// records what happens: no audit logging, logging or observability.
var NoAuditTrail = rule.Rule{
	Info: rule.Info{
		ID:        "compliance/no-audit-trail",
		Title:     "Compliance declared without an audit trail",
		Criterion: rule.CriterionSecurity,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortMedium,
		Doc: "PCI DSS, HIPAA, SOC 2, ISO 27001 and GDPR all ask you to show who did what, when: access " +
			"to personal or card data, changes, incidents. Without structured logs shipped somewhere " +
			"durable, there is nothing to show an auditor or to investigate a breach with.\n\n" +
			"The rule applies when `compliance.standards` is declared. It fires when the production " +
			"stack has nothing of the categories `audit`, `logging`, `observability`, `tracing` or " +
			"`metrics` (structured loggers, OpenTelemetry, Datadog, an audit-log library...).",
		Remediation: "Add structured logging shipped to durable storage, audit events for access to " +
			"regulated data, and an observability stack (OpenTelemetry, Datadog...) with retention that " +
			"meets the standard.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{Categories: auditCategories},
	Check: checkNoAuditTrail,
}

// auditCategories record who did what: audit-trail libraries, logging, observability.
var auditCategories = []string{"audit", "logging", "observability", "tracing", "metrics"}

func checkNoAuditTrail(ctx *rule.Context) []rule.Finding {
	stds := ctx.P().Compliance.Standards
	if len(stds) == 0 {
		return nil
	}
	if len(ctx.ByCategory(auditCategories...)) > 0 {
		return nil
	}
	up := make([]string, len(stds))
	for i, s := range stds {
		up[i] = strings.ToUpper(s)
	}
	return []rule.Finding{{
		Message: rule.JoinAnd(up) + " compliance is declared " + ctx.Cite("compliance.standards") +
			", but the stack has no audit logging, structured logging or observability library to record who did what.",
		Profile: []rule.ProfileRef{ctx.Ref("compliance.standards")},
		Subject: strings.Join(stds, ","),
	}}
}
