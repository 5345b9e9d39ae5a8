package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// reviewdogSchema is reviewdog's JSON schema of a DiagnosticResult (the
// rdjson input of `reviewdog -f=rdjson`), kept verbatim as test data:
// proto/rdf/jsonschema/DiagnosticResult.json of github.com/reviewdog/reviewdog
// at commit 6c307503194f0f32bf1956c7fcd2877636338db6.
func reviewdogSchema(t *testing.T) *gojsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "reviewdog-DiagnosticResult.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// assertRDJSON checks an rdjson document against reviewdog's schema and
// beyond it: only fields reviewdog's proto declares; the source named
// stacklint; for every diagnostic a message, a severity of ERROR, WARNING
// or INFO, a relative path, a start line from 1, a rule id as code.value
// and an https code.url. It returns the document.
func assertRDJSON(t *testing.T, schema *gojsonschema.Schema, out string) rdjsonResult {
	t.Helper()
	res, err := schema.Validate(gojsonschema.NewStringLoader(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("reviewdog schema: %s", e)
	}
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

func TestCheckRDJSONGolden(t *testing.T) {
	schema := reviewdogSchema(t)
	for name, c := range integrationChecks() {
		t.Run(name, func(t *testing.T) {
			out := render(t, func(b *bytes.Buffer) error { return CheckRDJSON(b, c) })
			detecttest.GoldenBytes(t, filepath.Join("testdata", name+".rdjson"), []byte(out))
			doc := assertRDJSON(t, schema, out)
			n := 0
			for _, f := range c.Findings {
				n += len(c.sites(f))
			}
			if len(doc.Diagnostics) != n {
				t.Errorf("%d diagnostics for %d locations", len(doc.Diagnostics), n)
			}
		})
	}
	assertRDJSON(t, schema, render(t, func(b *bytes.Buffer) error { return CheckRDJSON(b, &Check{}) }))
}

// TestRDJSONE2EGoldens validates the rdjson goldens of every end-to-end
// fixture (testdata/golden/check, written by internal/app).
func TestRDJSONE2EGoldens(t *testing.T) {
	files, err := filepath.Glob("../../testdata/golden/check/*.rdjson")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no rdjson goldens under testdata/golden/check")
	}
	schema := reviewdogSchema(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			assertRDJSON(t, schema, string(b))
		})
	}
}

func TestCheckRDJSONContent(t *testing.T) {
	doc := assertRDJSON(t, reviewdogSchema(t), render(t, func(b *bytes.Buffer) error { return CheckRDJSON(b, fullCheck()) }))
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

// TestIntegrationSchemasReject shows the kept schemas are in force: each
// rejects a document that breaks it.
func TestIntegrationSchemasReject(t *testing.T) {
	for _, tc := range []struct {
		name   string
		schema *gojsonschema.Schema
		doc    string
	}{
		{"rdjson severity", reviewdogSchema(t), `{"diagnostics":[{"message":"m","severity":"CRITICAL"}]}`},
		{"rdjson line", reviewdogSchema(t), `{"diagnostics":[{"message":"m","location":{"path":"a","range":{"start":{"line":"3"}}}}]}`},
		{"gitlab fingerprint", gitlabCodeQualitySchema(t), `{"description":"d","severity":"major","location":{"path":"a","lines":{"begin":1}}}`},
		{"gitlab begin", gitlabCodeQualitySchema(t), `{"description":"d","fingerprint":"f","severity":"major","location":{"path":"a","lines":{"begin":"1"}}}`},
	} {
		res, err := tc.schema.Validate(gojsonschema.NewStringLoader(tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid() {
			t.Errorf("%s: the schema accepts %s", tc.name, tc.doc)
		}
	}
}
