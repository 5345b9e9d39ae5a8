package rule_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestTechEvidencePrefersDirect(t *testing.T) {
	ev := func(file string, line int, detail, scope string) stack.Evidence {
		e := stack.Evidence{File: file, Line: line, Detail: detail, Scope: scope}
		if by, ok := strings.CutPrefix(detail, "implied by "); ok {
			e.ImpliedBy, _, _ = strings.Cut(by, " ") // the implying technology (a test shorthand)
		}
		return e
	}
	for _, c := range []struct {
		name string
		in   []stack.Evidence
		max  int
		want []string
	}{
		{"direct after implied",
			[]stack.Evidence{
				ev("charts/api/Chart.yaml", 1, "implied by Helm (helm)", "runtime"),
				ev("k8s/deployment.yaml", 2, "k8s Deployment", "runtime"),
			}, 1, []string{"k8s/deployment.yaml:2"}},
		{"implied only",
			[]stack.Evidence{ev("requirements.txt", 4, "implied by Flask-Login (pypi package flask-login)", "runtime")},
			2, []string{"requirements.txt:4"}},
		{"implied dropped while direct exists",
			[]stack.Evidence{
				ev("requirements.txt", 1, "pypi package flask ==3.0.3", "runtime"),
				ev("requirements.txt", 4, "implied by Flask-Login (pypi package flask-login)", "runtime"),
			}, 0, []string{"requirements.txt:1"}},
		{"production implied beats dev direct",
			[]stack.Evidence{
				ev("package.json", 20, "npm package typescript (dev)", "dev"),
				ev("package.json", 12, "implied by Next.js (npm package next)", "runtime"),
			}, 0, []string{"package.json:12"}},
		{"dev only falls back to dev, direct first",
			[]stack.Evidence{
				ev("package.json", 3, "implied by Jest (npm package jest)", "dev"),
				ev("package.json", 20, "npm package typescript (dev)", "dev"),
			}, 0, []string{"package.json:20"}},
		{"none", nil, 3, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, e := range rule.TechEvidence(stack.Technology{Evidence: c.in}, c.max) {
				got = append(got, e.String())
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("TechEvidence = %q, want %q", got, c.want)
			}
		})
	}
}
