package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// The JSON Schemas other tools publish for what they read, kept verbatim
// as test data:
//   - sarif-schema-2.1.0.json: OASIS SARIF 2.1.0 (errata 01, as shipped in
//     github.com/owenrumney/go-sarif/v3), for GitHub code scanning;
//   - reviewdog-DiagnosticResult.json: reviewdog's DiagnosticResult (the
//     input of `reviewdog -f=rdjson`), proto/rdf/jsonschema/DiagnosticResult.json
//     of github.com/reviewdog/reviewdog at 6c307503194f0f32bf1956c7fcd2877636338db6;
//   - gitlab-codeclimate.json: the schema GitLab validates each issue of a
//     Code Quality report with, app/validators/json_schemas/codeclimate.json
//     of gitlab-org/gitlab (mirrored as gitlabhq/gitlabhq) at
//     f986ce9ffa56e25d0a3010c78d9481664742d766.
const (
	sarifSchemaFile       = "sarif-schema-2.1.0.json"
	reviewdogSchemaFile   = "reviewdog-DiagnosticResult.json"
	codeQualitySchemaFile = "gitlab-codeclimate.json"
)

// keptSchema compiles a schema kept under testdata (draft-04 or draft-07,
// as its $schema says; compiling also checks it against that meta-schema).
func keptSchema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(file, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(file)
	if err != nil {
		t.Fatalf("%s does not compile: %v", file, err)
	}
	return s
}

// schemaError is nil when doc (JSON text) satisfies s, else why not.
func schemaError(t *testing.T, s *jsonschema.Schema, doc []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	return s.Validate(v)
}

// toolFormat is a report format another tool reads, held to that tool's
// published schema and to what the tool needs beyond it.
type toolFormat struct {
	name   string // as --format names it
	ext    string // ending of its golden files
	schema string // the kept schema, under testdata
	// perItem: the document is a JSON array and the schema describes each
	// element (GitLab validates a Code Quality report issue by issue).
	perItem bool
	render  func(io.Writer, *Check) error
	// assert checks the document beyond the schema and returns how many
	// locations it reports.
	assert func(t *testing.T, out string) int
}

// toolFormats are the integration formats with goldens per
// integrationChecks and per end-to-end fixture (testdata/golden/check).
// SARIF, one result per finding, is checked in check_test.go.
func toolFormats() []toolFormat {
	return []toolFormat{
		{name: "rdjson", ext: ".rdjson", schema: reviewdogSchemaFile, render: CheckRDJSON,
			assert: func(t *testing.T, out string) int { return len(assertRDJSON(t, out).Diagnostics) }},
		{name: "codeclimate", ext: ".codeclimate.json", schema: codeQualitySchemaFile, perItem: true, render: CheckCodeClimate,
			assert: func(t *testing.T, out string) int { return len(assertCodeClimate(t, out)) }},
	}
}

// validate holds out to the format's schema.
func (f toolFormat) validate(t *testing.T, s *jsonschema.Schema, out string) {
	t.Helper()
	docs := []json.RawMessage{json.RawMessage(out)}
	if f.perItem {
		docs = nil
		if err := json.Unmarshal([]byte(out), &docs); err != nil {
			t.Fatalf("%s: not a JSON array: %v", f.name, err)
		}
	}
	for i, d := range docs {
		if err := schemaError(t, s, d); err != nil {
			if f.perItem {
				t.Errorf("%s item %d: %s: %v", f.name, i, f.schema, err)
			} else {
				t.Errorf("%s: %s: %v", f.name, f.schema, err)
			}
		}
	}
}

// TestToolFormatGoldens renders every integration check in every tool
// format: the golden file, the tool's schema, the tool's needs, one entry
// per finding location; and an empty check.
func TestToolFormatGoldens(t *testing.T) {
	for _, f := range toolFormats() {
		s := keptSchema(t, f.schema)
		for name, c := range integrationChecks() {
			t.Run(name+f.ext, func(t *testing.T) {
				out := render(t, func(b *bytes.Buffer) error { return f.render(b, c) })
				detecttest.GoldenBytes(t, filepath.Join("testdata", name+f.ext), []byte(out))
				f.validate(t, s, out)
				n := 0
				for _, fd := range c.Findings {
					n += len(c.sites(fd))
				}
				if got := f.assert(t, out); got != n {
					t.Errorf("%d entries for %d finding locations", got, n)
				}
			})
		}
		t.Run("empty"+f.ext, func(t *testing.T) {
			out := render(t, func(b *bytes.Buffer) error { return f.render(b, &Check{}) })
			f.validate(t, s, out)
			if got := f.assert(t, out); got != 0 {
				t.Errorf("%d entries for no finding", got)
			}
		})
	}
}

// TestToolFormatE2EGoldens holds the goldens of every end-to-end fixture
// (testdata/golden/check, written by internal/app) to the tools' schemas
// and needs.
func TestToolFormatE2EGoldens(t *testing.T) {
	for _, f := range toolFormats() {
		files, err := filepath.Glob("../../testdata/golden/check/*" + f.ext)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no %s goldens under testdata/golden/check", f.name)
		}
		s := keptSchema(t, f.schema)
		for _, file := range files {
			t.Run(filepath.Base(file), func(t *testing.T) {
				b, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				f.validate(t, s, string(b))
				f.assert(t, string(b))
			})
		}
	}
}

// TestKeptSchemasReject shows the kept schemas are in force: each rejects
// a document that breaks it.
func TestKeptSchemasReject(t *testing.T) {
	for _, tc := range []struct {
		name, schema, doc string
	}{
		{"sarif version", sarifSchemaFile, `{"version":"2.0.0","runs":[]}`},
		{"sarif level", sarifSchemaFile, `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`},
		{"rdjson severity", reviewdogSchemaFile, `{"diagnostics":[{"message":"m","severity":"CRITICAL"}]}`},
		{"rdjson line", reviewdogSchemaFile, `{"diagnostics":[{"message":"m","location":{"path":"a","range":{"start":{"line":"3"}}}}]}`},
		{"gitlab fingerprint", codeQualitySchemaFile, `{"description":"d","severity":"major","location":{"path":"a","lines":{"begin":1}}}`},
		{"gitlab begin", codeQualitySchemaFile, `{"description":"d","fingerprint":"f","severity":"major","location":{"path":"a","lines":{"begin":"1"}}}`},
	} {
		if schemaError(t, keptSchema(t, tc.schema), []byte(tc.doc)) == nil {
			t.Errorf("%s: the schema accepts %s", tc.name, tc.doc)
		}
	}
}
