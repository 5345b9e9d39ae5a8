// Package rules holds stacklint's rules, one file each. Every rule compares
// the detected stack with the declared project profile and, when they
// fight, reports a finding that names the evidence (file:line) and the
// profile key that made it apply.
package rules

import "github.com/stacklint/stacklint/internal/rule"

// All returns every rule, in criterion order. The list is explicit: adding
// a rule is adding a file and a line here.
func All() []rule.Rule {
	return []rule.Rule{
		NoScalingPlan,
		SingleNodeState,
		EmbeddedDatabase,
		BlockingRuntime,
		CPUOnEventLoop,
		ModelMismatch,
		NoMigrations,
		TooManyStores,
		RareStack,
		SkillsGap,
		EndOfLife,
		DeprecatedPackage,
		HandRolled,
		NoAuthStandard,
		ContainerRoot,
		UnpinnedImage,
		CommittedSecrets,
		NoAuditTrail,
		OverEngineeredMVP,
		OverEngineered,
		HeavyInfrastructure,
		UndocumentedDecisions,
		StackVsType,
		NoAPIContract,
		NoObservability,
		OrgStandard,
		RadarHold,
		RadarAssess,
		NoCI,
	}
}
