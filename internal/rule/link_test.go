package rule_test

import (
	"reflect"
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
)

func TestLink(t *testing.T) {
	name := func(id string) string {
		if n, ok := map[string]string{"python": "Python", "sqlite": "SQLite"}[id]; ok {
			return n
		}
		return id
	}
	fs := []rule.Finding{
		{RuleID: "ecosystem/end-of-life", Fingerprint: "f1", Message: "Python 3.8 (Dockerfile:1) reached end of life.", Technologies: []string{"python"}},
		// Same rule, same technology: another version, its own problem.
		{RuleID: "ecosystem/end-of-life", Fingerprint: "f2", Message: "Python 3.7 (tools/Dockerfile:1) reached end of life.", Technologies: []string{"python"}},
		// Another rule about Python, with a brief: refers to the first.
		{RuleID: "concurrency/blocking-runtime", Fingerprint: "f3", Message: "Django (requirements.txt:2) is synchronous.",
			Brief: "Django is synchronous.", Technologies: []string{"django", "python"}},
		// No brief: nothing to leave out, no reference.
		{RuleID: "fit/stack-vs-type", Fingerprint: "f4", Message: "Django (requirements.txt:2) does not suit.", Technologies: []string{"django"}},
		// Nothing shared: untouched.
		{RuleID: "scalability/embedded-database", Fingerprint: "f5", Message: "SQLite (db.go:3) is embedded.", Brief: "SQLite is embedded.", Technologies: []string{"sqlite"}},
		{RuleID: "data/model-mismatch", Fingerprint: "f7", Message: "The system of record SQLite (db.go:3) lacks X.", Brief: "The system of record SQLite lacks X.", Technologies: []string{"sqlite"}},
		{RuleID: "ops/no-ci", Fingerprint: "f6", Message: "No CI."},
	}
	rule.Link(fs, name)
	want := []struct {
		msg string
		see *rule.SeeAlso
	}{
		{"Python 3.8 (Dockerfile:1) reached end of life.", nil},
		{"Python 3.7 (tools/Dockerfile:1) reached end of life.", nil},
		{"Django is synchronous. See ecosystem/end-of-life above for Python.", &rule.SeeAlso{Rule: "ecosystem/end-of-life", Fingerprint: "f1", Technologies: []string{"python"}}},
		{"Django (requirements.txt:2) does not suit.", nil},
		{"SQLite (db.go:3) is embedded.", nil},
		{"The system of record SQLite lacks X. See scalability/embedded-database above for SQLite.", &rule.SeeAlso{Rule: "scalability/embedded-database", Fingerprint: "f5", Technologies: []string{"sqlite"}}},
		{"No CI.", nil},
	}
	for i, w := range want {
		f := fs[i]
		if f.Message != w.msg {
			t.Errorf("finding %d message = %q, want %q", i, f.Message, w.msg)
		}
		switch {
		case (f.SeeAlso == nil) != (w.see == nil):
			t.Errorf("finding %d SeeAlso = %+v, want %+v", i, f.SeeAlso, w.see)
		case f.SeeAlso != nil && !reflect.DeepEqual(*f.SeeAlso, *w.see):
			t.Errorf("finding %d SeeAlso = %+v, want %+v", i, *f.SeeAlso, *w.see)
		}
	}
}
