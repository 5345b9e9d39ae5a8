package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stacklint/stacklint/internal/profile"
)

// compile compiles a generated schema (published or strict); compiling
// also validates it against the draft-07 meta-schema.
func compile(t *testing.T, name string, strict bool) *jsonschema.Schema {
	t.Helper()
	all, err := Generate("..", Options{Strict: strict})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(all[name]))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s does not compile: %v", name, err)
	}
	return s
}

func instance(t *testing.T, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func globs(t *testing.T, patterns ...string) []string {
	t.Helper()
	var files []string
	for _, p := range patterns {
		m, err := filepath.Glob(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	return files
}

// TestGoldenReportsValidate holds every golden JSON report of the
// repository to its schema, the strict one included (no field outside the
// Go type), and checks that every finding has a top-level location.
func TestGoldenReportsValidate(t *testing.T) {
	for _, tc := range []struct {
		schema string
		files  []string
		min    int
	}{
		{ScanFile, globs(t, "../testdata/golden/scan/*.json"), 20},
		{CheckFile, globs(t, "../testdata/golden/check/*.json", "../internal/report/testdata/check*.json"), 20},
	} {
		if len(tc.files) < tc.min {
			t.Fatalf("%s: only %d golden files", tc.schema, len(tc.files))
		}
		published, strict := compile(t, tc.schema, false), compile(t, tc.schema, true)
		for _, f := range tc.files {
			if strings.Count(filepath.Base(f), ".") > 1 {
				continue // another format's golden (x.codeclimate.json)
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			v := instance(t, b)
			if err := published.Validate(v); err != nil {
				t.Errorf("%s against %s: %v", f, tc.schema, err)
			}
			if err := strict.Validate(v); err != nil {
				t.Errorf("%s against the strict %s: %v", f, tc.schema, err)
			}
			if tc.schema == CheckFile {
				checkLocations(t, f, b)
			}
		}
	}
}

func checkLocations(t *testing.T, name string, b []byte) {
	var doc struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		if f.Location.File == "" || f.Location.Line < 1 {
			t.Errorf("%s: finding %s has no location: %+v", name, f.Rule, f.Location)
		}
	}
}

// TestSchemaRejectsDrift: the strict schema rejects a field the Go type
// lacks and a wrong kind, so the golden test above can fail.
func TestSchemaRejectsDrift(t *testing.T) {
	b, err := os.ReadFile("../testdata/golden/check/high-load-saas.json")
	if err != nil {
		t.Fatal(err)
	}
	strict, published := compile(t, CheckFile, true), compile(t, CheckFile, false)
	extra := bytes.Replace(b, []byte(`"exit_code":`), []byte(`"exit_status": 1, "exit_code":`), 1)
	if strict.Validate(instance(t, extra)) == nil {
		t.Error("strict schema accepts an unknown field")
	}
	if published.Validate(instance(t, extra)) != nil {
		t.Error("published schema rejects an added field (fields may be added within a version)")
	}
	for _, bad := range [][2]string{
		{`"severity": "error"`, `"severity": "fatal"`},
		{`"schema": "stacklint/check/v1"`, `"schema": "stacklint/check/v2"`},
		{`"layer": "language"`, `"layer": "runtime"`},
	} {
		if !bytes.Contains(b, []byte(bad[0])) {
			t.Fatalf("fixture lacks %s", bad[0])
		}
		if published.Validate(instance(t, bytes.Replace(b, []byte(bad[0]), []byte(bad[1]), 1))) == nil {
			t.Errorf("schema accepts %s", bad[1])
		}
	}
	var doc map[string]any
	json.Unmarshal(b, &doc)
	f := doc["findings"].([]any)[0].(map[string]any)
	delete(f, "location")
	nb, _ := json.Marshal(doc)
	if published.Validate(instance(t, nb)) == nil {
		t.Error("schema accepts a finding without a location")
	}
}

// tomlJSON converts a TOML document to the JSON an editor's schema
// validation sees: dates become "YYYY-MM-DD" strings.
func tomlJSON(t *testing.T, data []byte) any {
	t.Helper()
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		t.Fatal(err)
	}
	var conv func(any) any
	conv = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				x[k] = conv(e)
			}
		case []map[string]any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = conv(e)
			}
			return out
		case []any:
			for i, e := range x {
				x[i] = conv(e)
			}
		case time.Time:
			return x.Format(time.DateOnly)
		}
		return v
	}
	b, err := json.Marshal(conv(m))
	if err != nil {
		t.Fatal(err)
	}
	return instance(t, b)
}

// fullTemplate is `stacklint init`'s profile with every commented key set.
func fullTemplate() []byte {
	key := regexp.MustCompile(`^# ("[^"]+"|[a-z_]+) = `)
	var out []string
	for _, l := range strings.Split(string(profile.Template(nil)), "\n") {
		if key.MatchString(l) {
			l = strings.TrimPrefix(l, "# ")
		}
		if l == "# [[waivers]]" {
			l = "[[waivers]]"
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n"))
}

// TestProfilesValidate: every profile stacklint ships or writes passes both
// profile.Parse and the schema.
func TestProfilesValidate(t *testing.T) {
	s := compile(t, ProfileFile, false)
	files := map[string][]byte{"init template, every key set": fullTemplate()}
	for _, f := range globs(t, "../testdata/profiles/*.toml", "../.stacklint.toml", "../testdata/repos/*/.stacklint.toml") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files[f] = b
	}
	if len(files) < 5 {
		t.Fatalf("only %d profiles", len(files))
	}
	for name, b := range files {
		if _, err := profile.Parse(name, b); err != nil {
			t.Errorf("%s does not parse: %v", name, err)
			continue
		}
		if err := s.Validate(tomlJSON(t, b)); err != nil {
			t.Errorf("%s against the schema: %v", name, err)
		}
	}
	if !bytes.Contains(files["init template, every key set"], []byte("\nexpires = 2027-06-30")) {
		t.Error("the template's waiver was not uncommented")
	}
}

// TestProfileSchemaAgreesWithParse: on values near each constraint the
// schema accepts exactly what profile.Parse accepts.
func TestProfileSchemaAgreesWithParse(t *testing.T) {
	s := compile(t, ProfileFile, false)
	cases := []string{
		"[project]\ntype = \"internal-tool\"", "[project]\ntype = \"startup\"", "[project]\ntype = 3",
		"[project]\nlifetime_years = 0", "[project]\nlifetime_years = -1", "[project]\nlifetime_years = 2.5",
		"[project]\nstage = \"beta\"", "[project]\nstage = \"ga\"",
		"[load]\npeak_rps = 20000", "[load]\npeak_rps = -5", "[load]\npeak_rpz = 3", "[load]\nrealtime = \"yes\"",
		"[load]\ngrowth = \"fast\"", "[load]\nconcurrency = \"extreme\"", "[load]\nlatency_p99_ms = 300",
		"[data]\nshape = \"graph\"", "[data]\nshape = \"tabular\"", "[data]\nconsistency = \"eventual\"",
		"[team]\nsize = 1", "[team]\nsize = 0", "[team]\nskills = [\"go\", \"spring-boot\"]", "[team]\nskills = [\"Go\"]", "[team]\nskills = \"go\"",
		"[compliance]\nstandards = [\"gdpr\", \"soc2\"]", "[compliance]\nstandards = [\"sox\"]",
		"[infrastructure]\nhosting = \"paas\"", "[infrastructure]\nhosting = \"mainframe\"", "[infrastructure]\nbudget = \"huge\"",
		"[organization]\nstandard_stacks = [\"typescript+nestjs+postgresql\"]", "[organization]\nstandard_stacks = [\"TypeScript+Nest\"]",
		"[organization]\nhold = [\"mongodb\"]", "[organization]\nradar = [\"x\"]",
		"[organization]\nradar = \"docs/radar.csv\"", "[organization]\nradar = \"https://example.com/radar.csv\"", "[organization]\nradar = \" \"",
		"[organization.by_type.internal-tool]\nadopt = [\"sqlite\"]", "[organization.by_type.startup]\nadopt = [\"sqlite\"]",
		"[organization.by_type.mvp]\nretire = [\"sqlite\"]", "[organization.by_type.mvp]\nhold = [\"SQLite\"]",
		"[rules.\"ops/no-ci\"]\nlevel = \"error\"\nwarn_until = 2027-03-01", "[rules.\"ops/no-ci\"]\nenforce_from = \"2027-03-01\"",
		"[rules.\"ops/no-ci\"]\nwarn_until = \"soon\"", "[rules.\"ops/no-ci\"]\nwarn_until = 2027-03-01\nenforce_from = 2027-03-01",
		"[rules.\"ops/no-ci\"]\nlevel = \"notice\"\nwarn_until = 2027-03-01", "[rules.\"ops/no-ci\"]\nlevel = \"off\"", "[rules.\"ops/no-ci\"]\nuntil = 2027-03-01",
		"[rules]\n\"ops/no-ci\" = \"off\"", "[rules]\n\"ops/no-ci\" = \"fatal\"", "[rules]\nno_ci = \"off\"",
		"[rules.thresholds]\nrare_talent_share = 2.5", "[rules.thresholds]\nsmall_team_size = 4.5", "[rules.thresholds]\nmax_stores = -1", "[rules.thresholds]\nmax_storez = 3",
		"[[waivers]]\nrule = \"ops/no-ci\"\nreason = \"no CI yet\"", "[[waivers]]\nrule = \"ops/no-ci\"", "[[waivers]]\nrule = \"ops/*\"\nreason = \"r\"",
		"[[waivers]]\nrule = \"not a rule\"\nreason = \"r\"", "[[waivers]]\nrule = \"ops/no-ci\"\nreason = \"  \"",
		"[[waivers]]\nrule = \"ops/no-ci\"\nreason = \"r\"\nexpires = 2027-06-30", "[[waivers]]\nrule = \"ops/no-ci\"\nreason = \"r\"\nexpires = \"2027-06-30\"",
		"[[waivers]]\nrule = \"ops/no-ci\"\nreason = \"r\"\nexpires = \"next year\"", "[[waivers]]\nrule = \"ops/no-ci\"\nreason = \"r\"\nowner = \"me\"",
		"[compare]\ncandidates = [\"spring-boot\", \"nestjs\"]", "[compare]\ncandidates = [\"Spring Boot\"]",
		"[compare.weights]\nteam = 3\ncost = 0.5", "[compare.weights]\nteam = 11", "[compare.weights]\nfun = 1", "[compare.weights]\nteam = \"high\"",
		"[extra]\nkey = 1",
	}
	valid := 0
	for _, c := range cases {
		_, perr := profile.Parse("p.toml", []byte(c))
		serr := s.Validate(tomlJSON(t, []byte(c)))
		if (perr == nil) != (serr == nil) {
			t.Errorf("%q: profile.Parse says %v, the schema says %v", c, verdict(perr), verdict(serr))
		}
		if perr == nil {
			valid++
		}
	}
	if valid < 20 || len(cases)-valid < 20 {
		t.Errorf("%d valid and %d invalid cases: both kinds are needed", valid, len(cases)-valid)
	}
}

func verdict(err error) string {
	if err == nil {
		return "valid"
	}
	return fmt.Sprintf("invalid (%s)", strings.SplitN(err.Error(), "\n", 2)[0])
}

// TestProfileSchemaRejectsTemplateReasons: the schema rejects every waiver
// reason profile.Parse rejects as a placeholder — the same list,
// profile.TemplateReasons, in other cases and with trailing punctuation —
// and accepts the real reasons Parse accepts, even when they start like one.
func TestProfileSchemaRejectsTemplateReasons(t *testing.T) {
	s := compile(t, ProfileFile, false)
	doc := func(reason string) string {
		return fmt.Sprintf("[[waivers]]\nrule = \"ops/no-ci\"\nreason = %q\n", reason)
	}
	var bad []string
	for _, r := range profile.TemplateReasons() {
		bad = append(bad, r, strings.ToUpper(r), " "+r+". ", r+"!", r+"…")
	}
	bad = append(bad, profile.WaiverReasonTemplate, "...", "…", " ")
	good := []string{"todo list sync is not shipped yet", "Reason: the audit log lives in the warehouse",
		"TBD by the platform team in Q3; CI runs in the monorepo", "why not: legacy service, retired in March"}
	for _, r := range bad {
		_, perr := profile.Parse("p.toml", []byte(doc(r)))
		serr := s.Validate(tomlJSON(t, []byte(doc(r))))
		if (perr == nil) != (serr == nil) {
			t.Errorf("reason %q: profile.Parse says %v, the schema says %v", r, verdict(perr), verdict(serr))
		}
	}
	rejected := 0
	for _, r := range bad {
		if s.Validate(tomlJSON(t, []byte(doc(r)))) != nil {
			rejected++
		}
	}
	if rejected < len(profile.TemplateReasons())*5 {
		t.Errorf("the schema rejects only %d of %d placeholder reasons", rejected, len(bad))
	}
	for _, r := range good {
		if _, err := profile.Parse("p.toml", []byte(doc(r))); err != nil {
			t.Errorf("reason %q: profile.Parse rejects it: %v", r, err)
		}
		if err := s.Validate(tomlJSON(t, []byte(doc(r)))); err != nil {
			t.Errorf("reason %q: the schema rejects it: %v", r, err)
		}
	}
}
