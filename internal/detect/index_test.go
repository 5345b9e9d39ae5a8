package detect

import (
	"context"
	"slices"
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

func TestIndexCandidates(t *testing.T) {
	nop := func(context.Context, *Input) ([]stack.Signal, error) { return nil, nil }
	yes := func(string) bool { return true }
	dets := []Detector{
		{Name: "pkg", Files: []string{"package.json"}, Match: yes, Detect: nop},
		{Name: "csproj", Files: []string{"*.csproj", "*.fsproj"}, Match: yes, Detect: nop},
		{Name: "req", Files: []string{"requirements*", "Pipfile"}, Match: yes, Detect: nop},
		{Name: "any", Match: yes, Detect: nop},
		{Name: "odd", Files: []string{"[Dd]ockerfile"}, Match: yes, Detect: nop},
	}
	x := newIndex(dets)
	for p, want := range map[string][]int{
		"a/package.json":          {0, 3, 4},
		"src/App/App.csproj":      {1, 3, 4},
		"requirements-dev.txt":    {2, 3, 4},
		"main.go":                 {3, 4},
		"a/b.csproj.user":         {3, 4},
		"package.json.bak":        {3, 4},
		"x/requirements/base.txt": {3, 4},
	} {
		if got := x.candidates(p, nil); !slices.Equal(got, want) {
			t.Errorf("candidates(%q) = %v, want %v", p, got, want)
		}
	}
	for _, tc := range []struct {
		pattern, base string
		want          bool
	}{
		{"*.tf", "main.tf", true}, {"*.tf", "main.tf.json", false}, {"*.tf", "tf", false},
		{"requirements*", "requirements.txt", true}, {"requirements*", "dev-requirements.txt", false},
		{"go.mod", "go.mod", true}, {"go.mod", "go.mod.bak", false}, {"[Dd]ockerfile", "x", true},
	} {
		if got := IndexPattern(tc.pattern, tc.base); got != tc.want {
			t.Errorf("IndexPattern(%q, %q) = %v", tc.pattern, tc.base, got)
		}
	}
}
