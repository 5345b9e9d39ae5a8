package envname

import "testing"

func TestDev(t *testing.T) {
	for name, want := range map[string]bool{
		"development": true, "Test": true, "dev_local": true, "integration-test": true, "ci-2": true, "e2e": true, "bench": true,
		"production.local": false, "prod-local": false, "production": false, "staging": false, "": false, "default": false,
		"latest": false, "devops": false, "testdata": false,
	} {
		if got := Dev(name); got != want {
			t.Errorf("Dev(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDevGroup(t *testing.T) {
	for name, want := range map[string]bool{
		"dev": true, "test": true, "lint": true, "docs-build": true, "typing": true, "bench": true, "requirements/dev": true,
		"local": false, "production": false, "prod-debug": false, "all": false, "postgres": false, "tools": false, "server": false,
	} {
		if got := DevGroup(name); got != want {
			t.Errorf("DevGroup(%q) = %v, want %v", name, got, want)
		}
	}
}
