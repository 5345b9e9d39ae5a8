package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// assertRDJSON checks an rdjson document beyond reviewdog's schema
// (toolFormats holds it to the schema): only fields reviewdog's proto
// declares; the source named stacklint; for every diagnostic a message, a
// severity of ERROR, WARNING or INFO, a relative path, a start line from
// 1, a rule id as code.value and an https code.url. It returns the
// document.
func assertRDJSON(t *testing.T, out string) rdjsonResult {
	t.Helper()
	var doc rdjsonResult
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("rdjson: %v", err)
	}
	if doc.Source.Name != "stacklint" || doc.Diagnostics == nil {
		t.Errorf("source %+v, diagnostics %v", doc.Source, doc.Diagnostics)
	}
	for i, d := range doc.Diagnostics {
		if d.Message == "" || !slices.Contains([]string{"ERROR", "WARNING", "INFO"}, d.Severity) || d.Source.Name != "stacklint" {
			t.Errorf("diagnostic %d: message %q, severity %q, source %+v", i, d.Message, d.Severity, d.Source)
		}
		locs := []rdjsonLocation{d.Location}
		for _, r := range d.RelatedLocations {
			locs = append(locs, r.Location)
		}
		for _, l := range locs {
			if !localPath(l.Path) || strings.HasPrefix(l.Path, "./") || l.Range.Start.Line < 1 {
				t.Errorf("diagnostic %d: location %+v", i, l)
			}
		}
		if !strings.Contains(d.Code.Value, "/") || !strings.HasPrefix(d.Code.URL, "https://") {
			t.Errorf("diagnostic %d: code %+v", i, d.Code)
		}
	}
	return doc
}

func TestCheckRDJSONContent(t *testing.T) {
	doc := assertRDJSON(t, render(t, func(b *bytes.Buffer) error { return CheckRDJSON(b, fullCheck()) }))
	byRule := map[string][]rdjsonDiagnostic{}
	for _, d := range doc.Diagnostics {
		byRule[d.Code.Value] = append(byRule[d.Code.Value], d)
	}
	if got := byRule["scalability/no-scaling-plan"]; len(got) != 1 || got[0].Location.Path != ".stacklint.toml" || got[0].Location.Range.Start.Line != 6 || got[0].Severity != "ERROR" ||
		got[0].Code.URL != "https://github.com/stacklint/stacklint/blob/main/docs/rules.md#scalabilityno-scaling-plan" ||
		!strings.HasSuffix(got[0].Message, "\n\nFix: Run 2+ replicas behind a load balancer with an autoscaler, or write docs/scaling.md.") || len(got[0].RelatedLocations) != 0 {
		t.Errorf("repository-wide finding: %+v", got)
	}
	mvp := byRule["time-to-market/over-engineered-mvp"]
	if len(mvp) != 3 {
		t.Fatalf("one diagnostic per location: %+v", mvp)
	}
	for i, d := range mvp {
		if len(d.RelatedLocations) != 2 {
			t.Errorf("diagnostic %d: related %+v", i, d.RelatedLocations)
		}
		for _, r := range d.RelatedLocations {
			if r.Location == d.Location {
				t.Errorf("diagnostic %d relates to itself", i)
			}
		}
	}
	if r := mvp[0].RelatedLocations[0]; r.Location.Path != "charts/app/Chart.yaml" || r.Message != "chart app" {
		t.Errorf("related location: %+v", r)
	}
	if got := byRule["ecosystem/deprecated-package"]; len(got) != 1 || got[0].Severity != "INFO" {
		t.Errorf("notice: %+v", got)
	}
	if got := byRule["data/no-migrations"]; len(got) != 2 || got[0].Severity != "WARNING" {
		t.Errorf("warning: %+v", got)
	}
	if len(byRule["security/container-root"]) != 0 {
		t.Error("a waived finding is reported")
	}
}
