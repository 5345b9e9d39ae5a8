package audit

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// ownedTargets are three repositories: one with .github/CODEOWNERS and a
// catalog-info.yaml the scan contradicts three ways, one with a root
// CODEOWNERS giving a component folder to other owners and a deployed
// "library", one with neither file.
func ownedTargets() []Target {
	var ts []Target
	for _, n := range []string{"orders", "ledger", "tools"} {
		ts = append(ts, Target{Name: n, Dir: filepath.Join("testdata", "owned", n)})
	}
	return ts
}

func TestOwnershipGolden(t *testing.T) {
	for _, tc := range []struct{ format, file string }{
		{"table", "owned-by-owner.txt"}, {"markdown", "owned-by-owner.md"}, {"html", "owned-by-owner.html"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			sink, out := grouped(t, tc.format)
			if _, err := runSink(t, ownedTargets(), Options{Jobs: 2}, sink); err != nil {
				t.Fatal(err)
			}
			detecttest.GoldenBytes(t, filepath.Join("testdata", tc.file), []byte(out.String()))
		})
	}
}

func TestOwnershipResults(t *testing.T) {
	out, s := runFormat(t, "json", ownedTargets(), Options{Jobs: 2})
	var doc struct {
		Repositories []Result `json:"repositories"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	byName := map[string]*Result{}
	for i := range doc.Repositories {
		byName[doc.Repositories[i].Repository] = &doc.Repositories[i]
	}
	orders := byName["orders"].Ownership
	if orders == nil || orders.CodeOwners != ".github/CODEOWNERS" || len(orders.Declared) != 2 {
		t.Fatalf("orders: %+v", orders)
	}
	var fields []string
	for _, m := range orders.Mismatches {
		fields = append(fields, m.Field+"@"+m.Location())
	}
	if got := strings.Join(fields, " "); got != "lifecycle@catalog-info.yaml:7 type@catalog-info.yaml:6 owner@catalog-info.yaml:8" {
		t.Errorf("orders mismatches: %s", got)
	}
	// docs/ has a rule of its own, but it is not a component: the
	// repository's owner is the root's.
	if got := strings.Join(byName["orders"].Owners(), " "); got != "@acme/orders" {
		t.Errorf("orders owners: %s", got)
	}
	ledger := byName["ledger"]
	if got := strings.Join(ledger.Owners(), " "); got != "@acme/payments @acme/platform @jdoe" {
		t.Errorf("ledger owners: %s", got)
	}
	if len(ledger.Ownership.Mismatches) != 1 || ledger.Ownership.Mismatches[0].Field != "type" {
		t.Errorf("ledger: the catalog's owner payments agrees with @acme/payments, the type library does not: %+v", ledger.Ownership.Mismatches)
	}
	if byName["tools"].Ownership != nil {
		t.Errorf("tools declares nothing: %+v", byName["tools"].Ownership)
	}
	var owners []string
	for _, o := range s.Owners {
		owners = append(owners, o.Owner)
	}
	if got := strings.Join(owners, ","); got != "@acme/orders,@acme/payments,@acme/platform,@jdoe,(no owner)" {
		t.Errorf("fleet owners: %s", got)
	}
	if len(s.Mismatches) != 4 {
		t.Errorf("fleet mismatches: %+v", s.Mismatches)
	}
	// A fleet where nothing declares an owner has no owner table.
	_, ls := runFormat(t, "json", localTargets(), Options{Jobs: 2})
	if len(ls.Owners) != 0 || len(ls.Mismatches) != 0 {
		t.Errorf("undeclared fleet: %+v %+v", ls.Owners, ls.Mismatches)
	}
}

// GroupByOwner leaves formats without headings as they are.
func TestGroupByOwnerPassesThrough(t *testing.T) {
	for _, f := range []string{"json", "jsonl", "csv"} {
		s, _ := NewSink(f, &strings.Builder{})
		if GroupByOwner(s) != s {
			t.Errorf("%s was wrapped", f)
		}
	}
}

func grouped(t *testing.T, format string) (Sink, *strings.Builder) {
	t.Helper()
	var b strings.Builder
	s, err := NewSink(format, &b)
	if err != nil {
		t.Fatal(err)
	}
	return GroupByOwner(s), &b
}

func runSink(t *testing.T, targets []Target, opts Options, sink Sink) (*Summary, error) {
	t.Helper()
	opts.Today = today
	return Run(context.Background(), targets, Header{Title: "testdata", Version: "test"}, opts, sink)
}
