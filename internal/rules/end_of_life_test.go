package rules

import (
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules/rulestest"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestEndOfLifePrecision pins how declared versions are weighed: pins
// outrank ranges, and a range is an error only when every line it allows
// is past end of life. Today is rulestest.Today (2026-11-27): Node.js 18
// and 20 are past end of life, 22 ends within the notice window.
func TestEndOfLifePrecision(t *testing.T) {
	cat := rulestest.Catalog(t)
	for _, c := range []struct {
		name     string
		id       string
		declared []string // pairs of "file:line", version
		// want are substrings of the only finding's message; nil: no finding.
		want     []string
		severity rule.Severity
		subject  string
		evidence string
	}{
		{name: "redash: .nvmrc and Dockerfile pin 24, engines range ignored", id: "nodejs",
			declared: []string{"package.json:40", ">=18.0.0 <26.0.0", ".nvmrc:1", "24", "Dockerfile:1", "24-alpine"}},
		{name: "redash engines range alone is a floor notice", id: "nodejs",
			declared: []string{"package.json:40", ">=18.0.0 <26.0.0"},
			want:     []string{`Node.js range ">=18.0.0 <26.0.0" (package.json:40) allows Node.js 18, past end of life on 2025-04-30; raise the floor to 22`},
			severity: rule.SeverityNotice, subject: "nodejs@range-floor", evidence: "package.json:40"},
		{name: "koel ^20.19.0 || >=22.12.0 is not end of life", id: "nodejs",
			declared: []string{"package.json:7", "^20.19.0 || >=22.12.0"},
			want:     []string{`allows Node.js 20, past end of life on 2026-04-30; raise the floor to 22`},
			severity: rule.SeverityNotice, subject: "nodejs@range-floor"},
		{name: "range capped below supported lines", id: "nodejs",
			declared: []string{"package.json:3", "~16.14"},
			want:     []string{`Node.js 16 (package.json:3, declared "~16.14") reached end of life on 2023-09-11`, "Node.js 24 is supported"},
			severity: rule.SeverityError, subject: "nodejs@16"},
		{name: "upper bound only, below every supported line", id: "python",
			declared: []string{"setup.py:9", "<3.9"},
			want:     []string{`Python 3.8 (setup.py:9, declared "<3.9") reached end of life on 2024-10-07`},
			severity: rule.SeverityError, subject: "python@3.8"},
		{name: "range allowing only supported lines", id: "python",
			declared: []string{"pyproject.toml:4", ">=3.9,<4"}},
		{name: "old pin outranks a supported range", id: "nodejs",
			declared: []string{"package.json:3", ">=22", ".nvmrc:1", "16"},
			want:     []string{`Node.js 16 (.nvmrc:1, declared "16") reached end of life`},
			severity: rule.SeverityError, subject: "nodejs@16", evidence: ".nvmrc:1"},
		{name: "pins: the oldest counts", id: "nodejs",
			declared: []string{"Dockerfile:1", "24-alpine", "api/Dockerfile:1", "20-alpine"},
			want:     []string{`Node.js 20 (api/Dockerfile:1, declared "20-alpine") reached end of life on 2026-04-30`},
			severity: rule.SeverityError, subject: "nodejs@20", evidence: "api/Dockerfile:1"},
		{name: "pins of the same line are all evidence", id: "nodejs",
			declared: []string{".node-version:1", "20.12.2", "Dockerfile:8", "20.12", "package.json:3", ">=20"},
			want:     []string{`Node.js 20 (.node-version:1, Dockerfile:8, declared "20.12.2" and "20.12") reached end of life`},
			severity: rule.SeverityError, subject: "nodejs@20", evidence: ".node-version:1"},
		{name: "pin near end of life", id: "nodejs",
			declared: []string{".nvmrc:1", "22"},
			want:     []string{"Node.js 22 (.nvmrc:1, declared \"22\") reaches end of life on 2027-04-30, in 154 days", "Node.js 24 is supported"},
			severity: rule.SeverityNotice, subject: "nodejs@22"},
		{name: "locked version", id: "postgresql",
			declared: []string{"Gemfile.lock:12", "12.4"},
			want:     []string{"PostgreSQL 12 (Gemfile.lock:12, declared \"12.4\") reached end of life on 2024-11-21"},
			severity: rule.SeverityError, subject: "postgresql@12"},
		{name: "unreadable versions", id: "nodejs",
			declared: []string{".nvmrc:1", "lts/*", "package.json:3", "<99"}},
		{name: "no version allows a known line", id: "nodejs",
			declared: []string{"package.json:3", "^21.0.0"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tech := rulestest.Declared(cat, c.id, c.declared...)
			ctx := rulestest.Context(t, rulestest.Stack([]stack.Technology{tech}), "")
			res := rule.Run(ctx, []rule.Rule{EndOfLife})
			if c.want == nil {
				if len(res.Findings) != 0 {
					t.Fatalf("want no finding, got %q", res.Findings[0].Message)
				}
				return
			}
			if len(res.Findings) != 1 {
				t.Fatalf("want 1 finding, got %d", len(res.Findings))
			}
			f := res.Findings[0]
			t.Log(f.Message)
			for _, w := range c.want {
				if !strings.Contains(f.Message, w) {
					t.Errorf("message %q\n does not contain %q", f.Message, w)
				}
			}
			if f.Severity != c.severity {
				t.Errorf("severity = %v, want %v", f.Severity, c.severity)
			}
			if f.Subject != c.subject {
				t.Errorf("subject = %q, want %q (fingerprints must stay stable)", f.Subject, c.subject)
			}
			if c.evidence != "" {
				if e, ok := f.Location(); !ok || e.String() != c.evidence {
					t.Errorf("first evidence = %v, want %s", f.Evidence, c.evidence)
				}
			}
		})
	}
}

// TestEndOfLifeCitesBuildStage: Node.js runs from package.json (no
// version) and its version comes from the build stage that the runtime is
// copied out of; the finding cites that Dockerfile line, not package.json:1.
func TestEndOfLifeCitesBuildStage(t *testing.T) {
	cat := rulestest.Catalog(t)
	tech := rulestest.Tech(cat, "nodejs", []string{"svc/package.json:1"})
	tech.Versions = []string{"20.20.2"}
	tech.Evidence = append(tech.Evidence, stack.Evidence{File: "svc/Dockerfile", Line: 18, Detail: "image node:20.20.2-alpine (dev)", Scope: stack.ScopeDev, Kind: stack.KindImage, Version: "20.20.2-alpine"})
	res := rule.Run(rulestest.Context(t, rulestest.Stack([]stack.Technology{tech}), ""), []rule.Rule{EndOfLife})
	if len(res.Findings) != 1 {
		t.Fatalf("want 1 finding, got %d", len(res.Findings))
	}
	f := res.Findings[0]
	if !strings.Contains(f.Message, "Node.js 20 (svc/Dockerfile:18") || len(f.Evidence) == 0 || f.Evidence[0].File != "svc/Dockerfile" {
		t.Errorf("message %q, evidence %v: want the Dockerfile line cited", f.Message, f.Evidence)
	}
}
