// Package envname knows which deployment-environment names are
// development-only: the environments of Rails database.yml, Spring
// profiles, appsettings.<Environment>.json, Django settings modules,
// knexfile blocks, Mix config files and dotenv files. Every detector that
// scopes a file or block by its environment's name asks Dev, so they
// agree on .env.local, config/ci.exs and application-test.yml alike.
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

// Parts splits a name on ".", "-" and "_" into lowercase parts.
func Parts(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' })
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
