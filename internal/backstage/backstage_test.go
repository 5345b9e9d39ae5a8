package backstage

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestParseSeveralDocuments(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "multi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	es, err := Parse("catalog-info.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Ref()+"@"+itoa(e.Line))
	}
	if strings.Join(got, " ") != "system:payments@2 component:payments-api@9 component:payments-site@24 api:payments-openapi@35" {
		t.Fatalf("entities: %v", got)
	}
	api := es[1]
	if api.Spec.Type != "service" || api.Spec.Lifecycle != "production" || api.Spec.System != "payments" ||
		api.Spec.Owner != "group:default/payments" || len(api.Spec.DependsOn) != 1 || api.LineOf("lifecycle") != 16 {
		t.Errorf("payments-api: %+v (lifecycle at line %d)", api.Spec, api.LineOf("lifecycle"))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"kind: Component\nmetadata:\n  name: a\n---\nkind: [\n", "catalog-info.yaml:5: did not find expected node content"},
		{"kind: Component\nmetadata: [1, 2]\n", "catalog-info.yaml:1: document 1"},
		{"kind: Component\nspec:\n  dependsOn: {a: b}\n", "expected apiVersion, kind, metadata and spec"},
	} {
		es, err := Parse("catalog-info.yaml", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, %v; want an error containing %q", tc.in, es, err, tc.want)
		}
	}
	// Entities before the broken document are kept.
	es, _ := Parse("c.yaml", []byte("kind: Component\nmetadata:\n  name: a\n---\nkind: [\n"))
	if len(es) != 1 {
		t.Errorf("kept %d entities", len(es))
	}
}

func TestOwnerKey(t *testing.T) {
	for in, want := range map[string]string{
		"group:default/payments": "payments", "@acme/payments": "payments", "Payments": "payments",
		"user:jdoe": "jdoe", "@jdoe": "jdoe", "group:payments": "payments",
	} {
		if got := OwnerKey(in); got != want {
			t.Errorf("OwnerKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func obs(deploy, servers, queues, sites []string) Observation {
	return Observation{Deployment: deploy, Servers: servers, Queues: queues, Sites: sites}
}

func TestCompare(t *testing.T) {
	comp := func(typ, lc, owner string) Entity {
		return Entity{Kind: "Component", Metadata: Metadata{Name: "x"}, Spec: Spec{Type: typ, Lifecycle: lc, Owner: owner}, File: "catalog-info.yaml", Line: 1}
	}
	for _, tc := range []struct {
		name   string
		e      Entity
		o      Observation
		owners []string
		want   []string // fields
	}{
		{"production without deployment", comp("service", "production", ""), obs(nil, []string{"Express"}, nil, nil), nil, []string{"lifecycle"}},
		{"production deployed", comp("service", "production", ""), obs([]string{"Docker"}, []string{"Express"}, nil, nil), nil, nil},
		// A library in production is used by deployed code, not deployed
		// (seen on 1000kit/tkit-quarkus-jpa).
		{"production library", comp("library", "production", ""), obs(nil, nil, nil, nil), nil, nil},
		{"website consuming Kafka", comp("website", "experimental", ""), obs(nil, nil, []string{"Kafka"}, nil), nil, []string{"type"}},
		{"deployed library", comp("library", "experimental", ""), obs([]string{"Kubernetes"}, []string{"Spring Boot"}, nil, nil), nil, []string{"type"}},
		{"library with a Dockerfile only", comp("library", "experimental", ""), obs([]string{"Docker"}, nil, nil, nil), nil, nil},
		{"owner agrees", comp("service", "", "group:default/payments"), Observation{}, []string{"@acme/payments"}, nil},
		{"owner disagrees", comp("service", "", "group:default/payments"), Observation{}, []string{"@acme/web", "@jdoe"}, []string{"owner"}},
		{"not a component", Entity{Kind: "System", Spec: Spec{Lifecycle: "production"}}, Observation{}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range Compare(tc.e, tc.o, tc.owners, "CODEOWNERS:1") {
				got = append(got, m.Field)
				if m.Message == "" || m.Location() != "catalog-info.yaml:1" {
					t.Errorf("mismatch %+v", m)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("mismatches %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	st := &stack.Stack{
		Technologies: []stack.Technology{
			{ID: "go", Name: "Go", Layer: stack.LayerLanguage, Category: "language", Scope: stack.ScopeRuntime},
			{ID: "chi", Name: "chi", Layer: stack.LayerFramework, Category: "web-framework", Scope: stack.ScopeRuntime},
			{ID: "docker", Name: "Docker", Layer: stack.LayerInfrastructure, Category: "container", Scope: stack.ScopeRuntime},
		},
		Datastores: []stack.Datastore{
			{ID: "postgresql", Name: "PostgreSQL", Role: stack.RoleSystemOfRecord},
			{ID: "kafka", Name: "Apache Kafka", Role: stack.RoleQueue},
		},
	}
	out, err := Suggest(Suggestion{Name: "acme/Orders API!", Slug: "acme/orders-api", Observation: Observe(st), CodeOwners: []string{"ops@acme.test", "@acme/orders"}, Rule: "CODEOWNERS:4"})
	if err != nil {
		t.Fatal(err)
	}
	detecttest.GoldenBytes(t, filepath.Join("testdata", "suggest.yaml"), out)
	// Valid YAML that this package reads back as Backstage entities.
	es, err := Parse("suggest.yaml", out)
	if err != nil || len(es) != 3 {
		t.Fatalf("the suggestion does not read back: %d entities, %v", len(es), err)
	}
	c := es[0]
	if c.Kind != "Component" || c.Spec.Type != "service" || c.Spec.Lifecycle != "production" || c.Spec.Owner != "group:orders" || len(c.Spec.DependsOn) != 2 || c.Metadata.Name != "acme-Orders-API" {
		t.Errorf("component: %+v %+v", c.Metadata, c.Spec)
	}
	var any map[string]any
	if err := yaml.Unmarshal(out, &any); err != nil {
		t.Error(err)
	}
	// What is declared already is kept: name, owner, system, the slug and
	// the resources it depends on (named already; no Resource documents).
	ex := &Entity{File: "catalog-info.yaml", Metadata: Metadata{Name: "orders", Annotations: map[string]string{"github.com/project-slug": "acme/orders"}},
		Spec: Spec{Owner: "group:billing", System: "shop", DependsOn: []string{"resource:orders-db"}}}
	out, _ = Suggest(Suggestion{Name: "x", Observation: Observe(st), Existing: ex})
	es, _ = Parse("s.yaml", out)
	if len(es) != 1 || es[0].Metadata.Name != "orders" || es[0].Spec.Owner != "group:billing" || es[0].Spec.System != "shop" ||
		es[0].Spec.Type != "service" || strings.Join(es[0].Spec.DependsOn, ",") != "resource:orders-db" || es[0].Metadata.Annotations["github.com/project-slug"] != "acme/orders" ||
		!strings.Contains(string(out), "as declared; the scan found PostgreSQL, Apache Kafka") {
		t.Errorf("with an existing entity:\n%s", out)
	}
	out, _ = Suggest(Suggestion{Name: "x", Observation: Observation{}})
	if es, _ = Parse("s.yaml", out); len(es) != 1 || es[0].Spec.Type != "library" || es[0].Spec.Lifecycle != "experimental" || es[0].Spec.Owner != "unknown" {
		t.Errorf("nothing detected:\n%s", out)
	}
}

func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("testdata", "multi.yaml")); err == nil {
		f.Add(data)
	}
	f.Add([]byte("a: &a [*a, *a]\n---\nkind: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := Parse("f.yaml", data)
		for _, e := range es {
			if e.Kind == "" || e.Line < 1 {
				t.Fatalf("entity %+v", e)
			}
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Fatalf("error without the file: %v", err)
		}
	})
}
