package profile

// Shape returns the struct a .stacklint.toml is decoded into: its tables and
// keys are the toml tags, each leaf checked by Parse. The profile's JSON
// Schema (package schema) is generated from it and from Profile's types.
func Shape() any { return raw{} }

// The forms of a technology id ("spring-boot") and of a rule id
// ("scalability/no-scaling-plan"), as regular expressions.
var (
	IDPattern     = idPattern.String()
	RuleIDPattern = ruleIDPattern.String()
)
