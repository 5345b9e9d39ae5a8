package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/backstage"
)

func TestCatalogSuggestsCatalogInfo(t *testing.T) {
	dir := filepath.Join("..", "audit", "testdata", "owned", "orders")
	out, errOut, code := run(t, nil, "catalog", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	es, err := backstage.Parse("stdout", []byte(out))
	if err != nil || len(es) != 2 {
		t.Fatalf("not valid catalog YAML (%d entities, %v):\n%s", len(es), err, out)
	}
	c := es[0]
	// The declared name, owner and system are kept; type and lifecycle
	// come from the scan (Express and a Kafka client, nothing deploys it).
	if c.Metadata.Name != "orders" || c.Spec.Owner != "group:default/billing" || c.Spec.System != "shop" ||
		c.Spec.Type != "service" || c.Spec.Lifecycle != "experimental" || strings.Join(c.Spec.DependsOn, ",") != "resource:orders-kafka" {
		t.Errorf("component: %+v %+v", c.Metadata, c.Spec)
	}
	for _, want := range []string{"catalog-info.yaml:7: lifecycle production, but no deployment", "catalog-info.yaml:6: type website", "catalog-info.yaml:8: owner group:default/billing"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if _, errOut, code := run(t, nil, "catalog", dir, "--layer", "data"); code != 2 || !strings.Contains(errOut, "--layer") {
		t.Errorf("--layer with a folder: %d %s", code, errOut)
	}
	if _, _, code := run(t, nil, "catalog", "--name", "x"); code != 2 {
		t.Errorf("--name without a folder: %d", code)
	}
	// Without a folder: the technology list, as before.
	if out, _, code := run(t, nil, "catalog", "--layer", "data"); code != 0 || !strings.Contains(out, "postgresql") {
		t.Errorf("catalog --layer data: %d", code)
	}
}

func TestAuditGroupByOwner(t *testing.T) {
	dir := filepath.Join("..", "audit", "testdata", "owned")
	out, errOut, code := run(t, nil, "audit", "--group-by", "owner", filepath.Join(dir, "orders"), filepath.Join(dir, "tools"))
	if code != 0 || !strings.Contains(out, "── @acme/orders · 1 repository") || !strings.Contains(out, "── (no owner) · 1 repository") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	if _, errOut, code := run(t, nil, "audit", "--group-by", "team", dir); code != 2 || !strings.Contains(errOut, "expected owner") {
		t.Errorf("--group-by team: %d %s", code, errOut)
	}
}
