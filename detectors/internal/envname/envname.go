// Package envname knows which deployment-environment names are
// development-only: the environments of Rails database.yml, Spring
// profiles, appsettings.<Environment>.json, Django settings modules,
// knexfile blocks, Mix config files, dotenv files, Compose profiles and
// Dockerfile variants. Every detector that scopes a file or block by its
// environment's name asks Dev, so they agree on .env.local, config/ci.exs
// and application-test.yml alike; dependency groups (Bundler groups,
// Python extras and dependency groups, requirements files) ask DevGroup.
package envname

import (
	"slices"
	"strings"
)

// DevParts are the name parts (split on ".", "-" and "_") that make an
// environment development-only: development, test, local, ci, e2e...
var DevParts = []string{
	"dev", "development", "local", "test", "tests", "testing", "unittest", "ci", "e2e", "it", "integration",
	"integrationtest", "dusk", "cucumber", "bench",
}

// ProdParts are the name parts that keep an environment production's even
// with a development part beside them: .env.production.local is
// production's configuration on one machine.
var ProdParts = []string{"production", "prod"}

// ToolParts are the name parts of development tooling rather than an
// environment: a dependency group named so (lint, docs, typing, bench) is
// development-only.
var ToolParts = []string{
	"devel", "develop", "lint", "linting", "linter", "linters", "rubocop", "guard", "doc", "docs", "documentation",
	"typing", "types", "mypy", "format", "style", "qa", "debug", "coverage", "benchmark", "benchmarks",
}

// Parts splits a name on ".", "-", "_", "/" and spaces into lowercase
// parts.
func Parts(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == '/' || r == ' ' })
}

// DevGroup reports whether a dependency group's name (or a requirements
// file's) makes it development-only: a part is one of DevParts other than
// "local" or one of ToolParts, and none one of ProdParts (development,
// test, lint, docs-build, typing, bench; not production, all, postgres,
// and not local: a "local" Python extra installs what runs locally, as
// privateGPT's local LLM stack).
func DevGroup(name string) bool {
	dev := false
	for _, p := range Parts(name) {
		if slices.Contains(ProdParts, p) {
			return false
		}
		dev = dev || p != "local" && slices.Contains(DevParts, p) || slices.Contains(ToolParts, p)
	}
	return dev
}

// Dev reports whether an environment name is development-only: a part is
// one of DevParts and none is one of ProdParts (test, dev_local,
// integration-test, ci-2; not production, prod-local, staging).
func Dev(name string) bool {
	dev := false
	for _, p := range Parts(name) {
		if slices.Contains(ProdParts, p) {
			return false
		}
		dev = dev || slices.Contains(DevParts, p)
	}
	return dev
}
