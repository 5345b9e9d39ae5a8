package accuracy

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/stack"
)

const fakeCatalog = `
[[technology]]
id = "go"
name = "Go"
layer = "language"
category = "language"

[[technology]]
id = "gin"
name = "Gin"
layer = "framework"
category = "web-framework"

[[technology]]
id = "react"
name = "React"
layer = "framework"
category = "ui-framework"
role = "frontend"

[[technology]]
id = "docusaurus"
name = "Docusaurus"
layer = "supporting"
category = "docs-site"
role = "docs"

[[technology]]
id = "postgresql"
name = "PostgreSQL"
layer = "data"
category = "database"
stateful = true

[[technology]]
id = "mysql"
name = "MySQL"
layer = "data"
category = "database"
stateful = true

[[technology]]
id = "lru-cache"
name = "lru-cache"
layer = "data"
category = "cache"

[[technology]]
id = "gorm"
name = "GORM"
layer = "data"
category = "orm"

[[technology]]
id = "docker"
name = "Docker"
layer = "infrastructure"
category = "container"

[[technology]]
id = "netlify"
name = "Netlify"
layer = "infrastructure"
category = "paas"

[[technology]]
id = "aws-rds"
name = "Amazon RDS"
layer = "infrastructure"
category = "managed-database"
stateful = true

[[technology]]
id = "github-actions"
name = "GitHub Actions"
layer = "supporting"
category = "ci-cd"

[[technology]]
id = "kafka"
name = "Apache Kafka"
layer = "supporting"
category = "queue"
stateful = true

[[technology]]
id = "zap"
name = "zap"
layer = "supporting"
category = "logging"

[[technology]]
id = "gunicorn"
name = "Gunicorn"
layer = "supporting"
category = "app-server"
`

func fakeCat(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load(fstest.MapFS{"data/fake.toml": {Data: []byte(fakeCatalog)}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGroupOf(t *testing.T) {
	cat := fakeCat(t)
	for _, tc := range []struct {
		id    string
		group Group
		ok    bool
	}{
		{"go", GroupLanguages, true},
		{"gin", GroupFrameworks, true},
		{"react", GroupFrameworks, true},
		{"gunicorn", GroupFrameworks, true},
		{"postgresql", GroupDatastores, true},
		{"aws-rds", GroupDatastores, true},
		{"lru-cache", "", false}, // an in-process cache is no datastore
		{"gorm", "", false},
		{"docker", GroupInfrastructure, true},
		{"kafka", GroupMessaging, true},
		{"github-actions", GroupCI, true},
		{"zap", GroupObservability, true},
	} {
		e, ok := cat.Get(tc.id)
		if !ok {
			t.Fatalf("fake catalog has no %s", tc.id)
		}
		g, ok := GroupOf(e)
		if g != tc.group || ok != tc.ok {
			t.Errorf("GroupOf(%s) = %q, %v; want %q, %v", tc.id, g, ok, tc.group, tc.ok)
		}
	}
}

func TestBackendStack(t *testing.T) {
	cat := fakeCat(t)
	st := &stack.Stack{
		Technologies: []stack.Technology{
			{ID: "go", Scope: stack.ScopeRuntime, Roles: []stack.Role{stack.RoleService}, Evidence: []stack.Evidence{
				{File: ".devcontainer/Dockerfile", Line: 1, Detail: "image golang:1.22", Scope: stack.ScopeDev},
				{File: "examples/go.mod", Line: 3, Scope: stack.ScopeNonProduction},
				{File: "go.mod", Line: 3, Detail: "go 1.22", Scope: stack.ScopeRuntime}}},
			{ID: "react", Scope: stack.ScopeRuntime, Roles: []stack.Role{stack.RoleFrontend}},
			{ID: "docker", Scope: stack.ScopeDev},
			{ID: "github-actions", Scope: stack.ScopeDev},
			{ID: "kafka", Scope: stack.ScopeNonProduction},
			{ID: "gorm", Scope: stack.ScopeRuntime},
		},
		SupportedDatastores: []stack.SupportedDatastore{{ID: "mysql", Evidence: []stack.Evidence{{File: ".github/workflows/ci.yml", Line: 9, Detail: "service mysql:8"}}}},
	}
	got := BackendStack(st, cat)
	var ids []string
	for _, id := range []string{"go", "react", "docker", "github-actions", "kafka", "gorm", "mysql"} {
		if _, ok := got[id]; ok {
			ids = append(ids, id)
		}
	}
	if want := "go github-actions gorm mysql"; strings.Join(ids, " ") != want {
		t.Errorf("backend stack = %v, want %s", ids, want)
	}
	if ev := got["go"].Evidence; len(ev) != 2 || ev[0] != "go.mod:3 go 1.22" || ev[1] != ".devcontainer/Dockerfile:1 image golang:1.22" {
		t.Errorf("go evidence = %q", ev)
	}
	if ev := got["mysql"].Evidence; len(ev) != 1 || !strings.HasPrefix(ev[0], "supported: .github/workflows/ci.yml:9") {
		t.Errorf("mysql evidence = %q", ev)
	}
	if g := got["gorm"].Group; g != "" {
		t.Errorf("gorm group = %q, want none", g)
	}
}

func TestScore(t *testing.T) {
	cat := fakeCat(t)
	labels := &Labels{
		Repo: "o/r",
		Expect: []Label{
			{ID: "go", Source: "go.mod"}, {ID: "gin", Source: "go.mod"}, {ID: "postgresql", Source: "compose"},
			{ID: "mysql", Source: "ci"}, {ID: "docker", Source: "Dockerfile"}, {ID: "github-actions", Source: "ci"},
		},
		Maybe:  []Label{{ID: "kafka", Source: "optional"}},
		Absent: []Label{{ID: "react", Source: "web/"}, {ID: "netlify", Source: "netlify.toml"}, {ID: "gorm", Source: "tools/"}},
	}
	found := map[string]Found{}
	for _, f := range []Found{
		{ID: "go", Group: GroupLanguages},
		{ID: "gin", Group: GroupFrameworks},
		{ID: "react", Group: GroupFrameworks, Evidence: []string{"web/package.json:5"}},
		{ID: "postgresql", Group: GroupDatastores, Evidence: []string{"compose.yaml:3 image postgres:16"}},
		{ID: "docusaurus", Group: GroupFrameworks, Evidence: []string{"website/package.json:9"}}, // unlabelled, but a docs site's
		{ID: "aws-rds", Group: GroupDatastores, Evidence: []string{"main.tf:1"}},
		{ID: "kafka", Group: GroupMessaging},
		{ID: "netlify", Group: GroupInfrastructure},
		{ID: "github-actions", Group: GroupCI},
		{ID: "zap", Group: GroupObservability},
		{ID: "gorm"}, // unscored, but labelled absent: a leak with no count
	} {
		found[f.ID] = f
	}
	res, err := Score(labels, found, cat, func(id string) string { return "seen: " + id })
	if err != nil {
		t.Fatal(err)
	}
	want := map[Group]Count{
		GroupLanguages:      {TP: 1},
		GroupFrameworks:     {TP: 1, FP: 2},
		GroupDatastores:     {TP: 1, FP: 1, FN: 1},
		GroupInfrastructure: {FP: 1, FN: 1},
		GroupCI:             {TP: 1},
		GroupObservability:  {FP: 1},
	}
	for _, g := range Groups {
		if res.Counts[g] != want[g] {
			t.Errorf("%s: count %+v, want %+v", g, res.Counts[g], want[g])
		}
	}
	var errs []string
	for _, e := range res.Errors {
		errs = append(errs, string(e.Kind)+" "+e.ID+" "+strings.Join(e.Evidence, ","))
	}
	wantErrs := []string{
		"false positive aws-rds main.tf:1",
		"leak docusaurus website/package.json:9",
		"leak gorm ",
		"leak netlify ",
		"leak react web/package.json:5",
		"false positive zap ",
		"false negative mysql seen: mysql",
		"false negative docker seen: docker",
	}
	if strings.Join(errs, "\n") != strings.Join(wantErrs, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(wantErrs, "\n"))
	}
	if len(res.Errors) > 2 && res.Errors[1].Label != "the catalog gives it the role docs" {
		t.Errorf("docusaurus leak label = %q", res.Errors[1].Label)
	}
	if len(res.Datastores) != 1 || res.Datastores[0].ID != "postgresql" || res.Datastores[0].Evidence[0] != "compose.yaml:3 image postgres:16" {
		t.Errorf("datastores found = %+v, want postgresql with its evidence", res.Datastores)
	}
	a := res.Set(Sets[0])
	if a != (Count{TP: 3, FP: 3, FN: 1}) || a.Precision() != 0.5 || a.Recall() != 0.75 {
		t.Errorf("set %s = %+v P %v R %v", Sets[0].Name, a, a.Precision(), a.Recall())
	}
	if tot := Total([]Result{res, res})[GroupDatastores]; tot != (Count{TP: 2, FP: 2, FN: 2}) {
		t.Errorf("total datastores = %+v", tot)
	}
}

func TestScoreRejectsUnscoredExpectation(t *testing.T) {
	cat := fakeCat(t)
	for _, id := range []string{"gorm", "nope"} {
		_, err := Score(&Labels{Repo: "o/r", Expect: []Label{{ID: id, Source: "x"}}}, nil, cat, nil)
		if err == nil || !strings.Contains(err.Error(), id) {
			t.Errorf("expecting %s: error %v, want one naming it", id, err)
		}
	}
}

func TestCountEmpty(t *testing.T) {
	var c Count
	if c.Precision() != 1 || c.Recall() != 1 {
		t.Errorf("empty count: P %v R %v, want 1 1", c.Precision(), c.Recall())
	}
}

func TestParseLabels(t *testing.T) {
	cat := fakeCat(t)
	const commit = "0123456789abcdef0123456789abcdef01234567"
	good := `repo = "o/r"
commit = "` + commit + `"
[[expect]]
id = "go"
source = "go.mod"
[[absent]]
id = "react"
source = "web/package.json"
`
	l, err := ParseLabels("good.toml", []byte(good), cat)
	if err != nil {
		t.Fatal(err)
	}
	if l.Dir() != "o+r" || len(l.Expect) != 1 || l.Absent[0].ID != "react" {
		t.Errorf("parsed %+v", l)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"syntax", `repo = `, "bad.toml"},
		{"unknown key", "colour = 1\n" + good, "unknown keys colour"},
		{"repo", strings.Replace(good, `"o/r"`, `"r"`, 1), "expected owner/name"},
		{"commit", strings.Replace(good, commit, "abc", 1), "full 40-hex"},
		{"no id", good + "[[maybe]]\nsource = \"x\"\n", "maybe[0]: no id"},
		{"no source", good + "[[maybe]]\nid = \"docker\"\n", `maybe[0] "docker": no source`},
		{"twice", good + "[[maybe]]\nid = \"go\"\nsource = \"x\"\n", `"go" already labelled in expect[0]`},
		{"unknown id", good + "[[maybe]]\nid = \"cobol\"\nsource = \"x\"\n", `"cobol" is not a catalog id`},
	} {
		_, err := ParseLabels("bad.toml", []byte(tc.text), cat)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "bad.toml") {
			t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.want)
		}
	}
}

func TestWriteReport(t *testing.T) {
	res := Result{Repo: "o/r", Counts: map[Group]Count{GroupLanguages: {TP: 1, FN: 1}, GroupCI: {TP: 1, FP: 1}},
		Errors:     []Error{{Kind: FalseNegative, Group: GroupLanguages, ID: "go", Label: "go.mod", Evidence: []string{"not detected"}}},
		Datastores: []Found{{ID: "mysql", Group: GroupDatastores, Evidence: []string{"supported: ci.yml:9 service mysql:8"}}}}
	var b strings.Builder
	if err := WriteReport(&b, []Result{res}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"o/r                               P 1.000 R 0.500 (1/0/1)       P 0.500 R 1.000 (1/1/0)\n",
		"languages                                         1    0    1      1.000   0.500",
		"languages, frameworks, datastores                 1    0    1      1.000   0.500",
		"\no/r\n  found          datastores     mysql  supported: ci.yml:9 service mysql:8\n  false negative languages      go  (label: go.mod)\n      not detected\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
