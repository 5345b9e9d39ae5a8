package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// goldenCases are every report format on the hand-made checks; regenerate
// with `go test ./internal/report/ -update` and read the files.
func goldenCases() []struct {
	name   string
	render func(*bytes.Buffer) error
} {
	md := func(c *Check, o MarkdownOptions) func(*bytes.Buffer) error {
		return func(b *bytes.Buffer) error { return CheckMarkdown(b, c, o) }
	}
	text := func(c *Check, color bool) func(*bytes.Buffer) error {
		return func(b *bytes.Buffer) error { return CheckText(b, c, TextOptions{Color: color}) }
	}
	newOnly := diffCheck()
	newOnly.NewOnly = true
	newOnly.ExitCode = 1
	cleanDiff := cleanCheck()
	cleanDiff.Diff = fixtureDiff()
	cleanDiff.Links = diffCheck().Links
	return []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"check.txt", text(fullCheck(), false)},
		{"check_color.txt", text(fullCheck(), true)},
		{"check_diff.txt", text(diffCheck(), false)},
		{"check_clean.txt", text(cleanCheck(), false)},
		{"check_noprofile.txt", text(noProfileCheck(), false)},
		{"check.json", func(b *bytes.Buffer) error { return CheckJSON(b, diffCheck()) }},
		{"check_clean.json", func(b *bytes.Buffer) error { return CheckJSON(b, cleanCheck()) }},
		{"check.sarif", func(b *bytes.Buffer) error { return CheckSARIF(b, fullCheck()) }},
		{"check_diff.sarif", func(b *bytes.Buffer) error { return CheckSARIF(b, diffCheck()) }},
		{"check_noprofile.sarif", func(b *bytes.Buffer) error { return CheckSARIF(b, noProfileCheck()) }},
		{"check.md", md(fullCheck(), MarkdownOptions{})},
		{"check_diff_links.md", md(diffCheck(), MarkdownOptions{CommentKey: "apps/api"})},
		{"check_newonly.md", md(newOnly, MarkdownOptions{})},
		{"check_truncated.md", md(diffCheck(), MarkdownOptions{MaxBytes: 3000})},
		{"check_clean.md", md(cleanCheck(), MarkdownOptions{})},
		{"check_clean_diff.md", md(cleanDiff, MarkdownOptions{})},
		{"check_noprofile.md", md(noProfileCheck(), MarkdownOptions{})},
	}
}

func TestCheckGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.render(&b); err != nil {
				t.Fatal(err)
			}
			detecttest.GoldenBytes(t, filepath.Join("testdata", tc.name), b.Bytes())
		})
	}
}

func render(t *testing.T, f func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCheckTextContent(t *testing.T) {
	out := render(t, func(b *bytes.Buffer) error { return CheckText(b, fullCheck(), TextOptions{}) })
	if strings.Contains(out, "\x1b[") {
		t.Error("colour sequences without Color")
	}
	for _, want := range []string{
		"stacklint check · ./shop · profile .stacklint.toml · MVP",
		"Profile: load.peak_rps = 20000 (.stacklint.toml:6)",
		"Seen: apps/api/Dockerfile:1 FROM node:latest",
		"Fix: Run 2+ replicas",
		"6 findings (2 errors, 2 warnings, 2 notices) · 14 rules passed · 1 waived · exit 1 (--fail-on error)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	// Severity first, then criterion: the scalability error precedes the
	// time-to-market error, and every error precedes every warning.
	if i, j := strings.Index(out, "scalability/no-scaling-plan"), strings.Index(out, "time-to-market/over-engineered-mvp"); i < 0 || j < 0 || i > j {
		t.Errorf("errors not ordered by criterion: %d, %d", i, j)
	}
	if i, j := strings.LastIndex(out, "ERROR "), strings.Index(out, "WARNING "); i > j {
		t.Error("a warning comes before an error")
	}
	colored := render(t, func(b *bytes.Buffer) error { return CheckText(b, fullCheck(), TextOptions{Color: true}) })
	if !strings.Contains(colored, ansiRed+"ERROR    "+ansiReset) {
		t.Error("no red ERROR with Color")
	}
	if got := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(colored, ""); got != out {
		t.Errorf("coloured text differs from plain text once colours are removed:\n%s", got)
	}
	clean := render(t, func(b *bytes.Buffer) error { return CheckText(b, cleanCheck(), TextOptions{}) })
	// Header, blank line, verdict with the stack, closing line.
	if n := strings.Count(strings.TrimSpace(clean), "\n"); n > 3 {
		t.Errorf("a healthy check takes %d lines:\n%s", n+1, clean)
	}
	if !strings.Contains(clean, "No findings · 20 rules passed") {
		t.Errorf("clean summary: %s", clean)
	}
	np := render(t, func(b *bytes.Buffer) error { return CheckText(b, noProfileCheck(), TextOptions{}) })
	if !strings.Contains(np, "stacklint init") || !strings.Contains(np, "stacklint check · . · no profile\n") {
		t.Errorf("no-profile text does not say how to add a profile:\n%s", np)
	}
}

func TestWrap(t *testing.T) {
	s := wrap(strings.Repeat("word ", 40), 9, 40)
	for _, l := range strings.Split(s, "\n") {
		if len(l) > 40-9 && !strings.HasPrefix(l, "         ") || len(l) > 40 {
			t.Errorf("line too long: %q", l)
		}
	}
	if wrap("", 0, 10) != "" {
		t.Error("empty")
	}
}

func TestCheckJSONDocument(t *testing.T) {
	out := render(t, func(b *bytes.Buffer) error { return CheckJSON(b, diffCheck()) })
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["schema"] != CheckSchema || doc["fail_on"] != "error" || doc["exit_code"] != float64(1) {
		t.Errorf("header: %v %v %v", doc["schema"], doc["fail_on"], doc["exit_code"])
	}
	sum := doc["summary"].(map[string]any)
	if sum["errors"] != float64(2) || sum["warnings"] != float64(2) || sum["notices"] != float64(2) || sum["new"] != float64(2) || sum["waived"] != float64(1) || sum["passed"] != float64(14) {
		t.Errorf("summary: %v", sum)
	}
	fs := doc["findings"].([]any)
	first := fs[0].(map[string]any)
	if first["rule"] != "scalability/no-scaling-plan" || first["severity"] != "error" || first["help_uri"] == "" {
		t.Errorf("first finding: %v", first)
	}
	if ev, ok := first["evidence"].([]any); !ok || len(ev) != 0 {
		t.Errorf("repository-level evidence should be [], got %v", first["evidence"])
	}
	layers := doc["stack"].(map[string]any)["layers"].(map[string]any)
	if fmt.Sprint(layers["data"]) != "[postgresql typeorm]" {
		t.Errorf("data layer: %v", layers["data"])
	}
	diff := doc["diff"].(map[string]any)
	if diff["base"] != "origin/main" || len(diff["added"].([]any)) != 2 {
		t.Errorf("diff: %v", diff)
	}
	clean := render(t, func(b *bytes.Buffer) error { return CheckJSON(b, cleanCheck()) })
	if !strings.Contains(clean, `"findings": []`) || !strings.Contains(clean, `"diff": null`) || !strings.Contains(clean, `"waived": []`) {
		t.Errorf("clean document should have empty arrays and null diff:\n%s", clean)
	}
	// A check without a stack still renders.
	if err := CheckJSON(&bytes.Buffer{}, &Check{}); err != nil {
		t.Fatal(err)
	}
}

func TestCheckSARIFValidates(t *testing.T) {
	schema := keptSchema(t, sarifSchemaFile)
	checks := map[string]*Check{"full": fullCheck(), "diff": diffCheck(), "clean": cleanCheck(), "noprofile": noProfileCheck(), "empty": {}}
	for name, c := range checks {
		t.Run(name, func(t *testing.T) {
			out := render(t, func(b *bytes.Buffer) error { return CheckSARIF(b, c) })
			if err := schemaError(t, schema, []byte(out)); err != nil {
				t.Errorf("%s: %v", sarifSchemaFile, err)
			}
			assertCodeScanning(t, out, c)
		})
	}
}

// assertCodeScanning checks what GitHub code scanning needs beyond the
// schema: version, a driver with rules, and for every result a known
// ruleId with a matching ruleIndex, a level, a message and a physical
// location with a relative URI.
func assertCodeScanning(t *testing.T, out string, c *Check) {
	t.Helper()
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						HelpURI          string `json:"helpUri"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						Help struct {
							Text     string `json:"text"`
							Markdown string `json:"markdown"`
						} `json:"help"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results *[]struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI   string `json:"uri"`
							Index *int   `json:"index"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Suppressions        []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("header: %q %q %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "stacklint" {
		t.Errorf("driver %q", run.Tool.Driver.Name)
	}
	if run.Results == nil {
		t.Fatal("results must be present, even empty")
	}
	if got, want := len(*run.Results), len(c.Findings)+len(c.Waived); got != want {
		t.Errorf("%d results, want %d", got, want)
	}
	if len(run.Tool.Driver.Rules) < len(c.Rules) {
		t.Errorf("%d rule descriptors for %d rules", len(run.Tool.Driver.Rules), len(c.Rules))
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" || !strings.HasPrefix(r.HelpURI, "https://") || r.DefaultConfiguration.Level == "" {
			t.Errorf("incomplete descriptor %+v", r)
		}
	}
	for i, res := range *run.Results {
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex does not point at %s", i, res.RuleID)
		}
		if res.Level != "error" && res.Level != "warning" && res.Level != "note" {
			t.Errorf("result %d: level %q", i, res.Level)
		}
		if res.Message.Text == "" {
			t.Errorf("result %d: no message", i)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(res.Locations))
		}
		pl := res.Locations[0].PhysicalLocation
		uri := pl.ArtifactLocation.URI
		if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, "://") || strings.HasPrefix(uri, "..") {
			t.Errorf("result %d: uri %q is not repository-relative", i, uri)
		}
		if pl.ArtifactLocation.Index != nil {
			t.Errorf("result %d: artifact index %d without artifacts", i, *pl.ArtifactLocation.Index)
		}
		if pl.Region != nil && pl.Region.StartLine < 1 {
			t.Errorf("result %d: startLine %d", i, pl.Region.StartLine)
		}
		if res.PartialFingerprints[SARIFFingerprintKey] == "" {
			t.Errorf("result %d: no fingerprint", i)
		}
	}
}

func TestCheckSARIFLocations(t *testing.T) {
	out := render(t, func(b *bytes.Buffer) error { return CheckSARIF(b, fullCheck()) })
	// The repository-level scaling finding sits on the profile key.
	if !regexp.MustCompile(`(?s)"ruleId": "scalability/no-scaling-plan".*?"uri": "\.stacklint\.toml"`).MatchString(out) {
		t.Error("repository-level finding not located at the profile")
	}
	np := render(t, func(b *bytes.Buffer) error { return CheckSARIF(b, noProfileCheck()) })
	if strings.Contains(np, ".stacklint.toml\"") {
		t.Error("no profile, yet a result points at .stacklint.toml")
	}
	// With a path prefix (a monorepo folder), URIs are repository-relative.
	c := fullCheck()
	c.PathPrefix = "services/shop"
	pre := render(t, func(b *bytes.Buffer) error { return CheckSARIF(b, c) })
	if !strings.Contains(pre, `"uri": "services/shop/apps/api/Dockerfile"`) {
		t.Error("prefix not applied")
	}
	if !strings.Contains(out, `"justification": "The entrypoint drops to uid 1000 | see ADR-7"`) {
		t.Error("waived finding without its suppression")
	}
	// A finding of a rule missing from Rules still gets a descriptor.
	c = fullCheck()
	c.Rules = nil
	bare := render(t, func(b *bytes.Buffer) error { return CheckSARIF(b, c) })
	var log map[string]any
	if err := json.Unmarshal([]byte(bare), &log); err != nil {
		t.Fatal(err)
	}
	rules := log["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	if len(rules) != 7 {
		t.Errorf("%d descriptors made from findings, want 7", len(rules))
	}
}

func TestMarkdownMarkerFirstLine(t *testing.T) {
	for _, tc := range goldenCases() {
		if !strings.HasSuffix(tc.name, ".md") {
			continue
		}
		out := render(t, tc.render)
		first, _, _ := strings.Cut(out, "\n")
		if !strings.HasPrefix(first, markerPrefix) || !strings.HasSuffix(first, " -->") {
			t.Errorf("%s: first line %q", tc.name, first)
		}
	}
	for key, want := range map[string]string{
		"":              "<!-- stacklint:v1 key=default -->",
		"apps/api":      "<!-- stacklint:v1 key=apps/api -->",
		"x --> <b>hi":   "<!-- stacklint:v1 key=x------b-hi -->",
		" monorepo/web": "<!-- stacklint:v1 key=monorepo/web -->",
	} {
		if got := CommentMarker(key); got != want {
			t.Errorf("CommentMarker(%q) = %q, want %q", key, got, want)
		}
	}
}

// bigCheck has n findings of mixed severities with long messages.
func bigCheck(n int) *Check {
	c := diffCheck()
	c.Findings = nil
	for i := 0; i < n; i++ {
		sev := []rule.Severity{rule.SeverityError, rule.SeverityWarning, rule.SeverityNotice}[i%3]
		c.Findings = append(c.Findings, rule.Finding{
			RuleID: "data/no-migrations", Title: "Relational database without migrations", Criterion: rule.CriterionData,
			Severity: sev, Message: fmt.Sprintf("Finding %d: %s", i, strings.Repeat("long message é | <x> ", 20)),
			Evidence:    []stack.Evidence{ev(fmt.Sprintf("svc%d/package.json", i), i+1, "npm package pg")},
			Remediation: "Add migrations.", Component: fmt.Sprintf("svc%d", i), Fingerprint: fmt.Sprint(i), New: i%2 == 0,
		})
	}
	SortFindings(c.Findings)
	return c
}

func TestMarkdownMaxBytes(t *testing.T) {
	for _, n := range []int{0, 1, 7, 300} {
		for _, limit := range []int{1, 512, 900, 1500, 3000, 10000, 65000} {
			for _, newOnly := range []bool{false, true} {
				c := bigCheck(n)
				c.NewOnly = newOnly
				out := render(t, func(b *bytes.Buffer) error { return CheckMarkdown(b, c, MarkdownOptions{MaxBytes: limit}) })
				if len(out) > max(limit, MinMarkdownBytes) {
					t.Errorf("n=%d limit=%d: %d bytes", n, limit, len(out))
				}
				if !strings.HasPrefix(out, CommentMarker("")+"\n") {
					t.Errorf("n=%d limit=%d: marker not first", n, limit)
				}
				if !utf8Valid(out) {
					t.Errorf("n=%d limit=%d: invalid UTF-8", n, limit)
				}
			}
		}
	}
	// The default cap holds with many findings, and says how many are left out.
	c := bigCheck(400)
	out := render(t, func(b *bytes.Buffer) error { return CheckMarkdown(b, c, MarkdownOptions{}) })
	if len(out) > DefaultMarkdownMaxBytes {
		t.Fatalf("%d bytes over the default cap", len(out))
	}
	m := regexp.MustCompile(`\*\*(\d+) more findings not shown\*\*`).FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no 'more findings not shown' line")
	}
	shown := strings.Count(out, "\n- **Relational")
	if fmt.Sprint(400-shown) != m[1] {
		t.Errorf("%d shown and %s not shown, of 400", shown, m[1])
	}
	// The least severe go first: warnings only once every error is shown.
	errs := 0
	for _, f := range c.Findings {
		if f.Severity == rule.SeverityError {
			errs++
		}
	}
	if shown >= errs && !strings.Contains(out, fmt.Sprintf("#### Errors (%d)", errs)) {
		t.Errorf("not all %d errors shown first", errs)
	}
	if shown < errs && strings.Contains(out, "#### Warnings") {
		t.Error("warnings shown while errors were left out")
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// tableRows returns the rows of the first Markdown table.
func tableRows(md string) []string {
	var rows []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "|") {
			rows = append(rows, l)
		} else if len(rows) > 0 {
			break
		}
	}
	return rows
}

// cells counts the cell separators of a table row: unescaped pipes.
func cells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		if row[i] == '\\' {
			i++
			continue
		}
		if row[i] == '|' {
			n++
		}
	}
	return n
}

func TestMarkdownTableEscapes(t *testing.T) {
	c := fullCheck()
	c.Stack.Technologies = append(c.Stack.Technologies,
		stack.Technology{ID: "odd", Name: "Odd|Name <script>", Layer: stack.LayerSupporting, Scope: stack.ScopeRuntime, Versions: []string{"1.0"}},
		stack.Technology{ID: "odd2", Name: "Code `a|b`", Layer: stack.LayerSupporting, Scope: stack.ScopeRuntime})
	out := render(t, func(b *bytes.Buffer) error { return CheckMarkdown(b, c, MarkdownOptions{}) })
	rows := tableRows(out)
	if len(rows) != 7 {
		t.Fatalf("%d table rows, want header, delimiter and 5 layers:\n%s", len(rows), out)
	}
	for _, r := range rows {
		if cells(r) != 3 {
			t.Errorf("row splits into the wrong number of cells: %q", r)
		}
	}
	if strings.Contains(out, "<script>") {
		t.Error("raw HTML from a name")
	}
	if !strings.Contains(out, "not pinned \\| a rebuild can pull a different &lt;major&gt; version") {
		t.Error("message | and < not escaped")
	}
}

func TestMdText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                       "plain",
		"a | b":                       `a \| b`,
		"<!-- stacklint:v1 key=x -->": "&lt;!-- stacklint:v1 key=x --&gt;",
		"uses @nestjs/core today":     "uses `@nestjs/core` today",
		"(@types/node)":               "(`@types/node`)",
		"mail a@b.c":                  "mail a@b.c",
		"run `a | b <c>` now":         "run `a | b <c>` now",
		"open ` tick <":               "open \\` tick &lt;",
		"end @scope/pkg.":             "end `@scope/pkg`.",
		"lone @ sign":                 "lone @ sign",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdCell("run `a | b`"); got != "run `a \\| b`" {
		t.Errorf("mdCell = %q", got)
	}
	if got := codeSpan("a`b"); got != "``a`b``" {
		t.Errorf("codeSpan = %q", got)
	}
}

func TestMarkdownContent(t *testing.T) {
	out := render(t, func(b *bytes.Buffer) error { return CheckMarkdown(b, diffCheck(), MarkdownOptions{}) })
	for _, want := range []string{
		"### stacklint — 2 errors, 2 warnings, 2 notices (2 new in this PR)",
		"**This PR changes the stack** (compared with `origin/main`): added **Kafka** ([apps/api/package.json:14](https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/apps/api/package.json#L14))",
		"removed **Redis 7** (`docker-compose.yml:12`)",
		"upgraded **NestJS** 10.2 → 10.3",
		"| Data layer | PostgreSQL 16 · " + TechLabel(stack.Technology{Name: "TypeORM", Versions: []string{"^0.3.20"}}) + " |",
		"**Kafka** _(new)_",
		"[.stacklint.toml:6](https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/.stacklint.toml#L6)",
		"rule = \"scalability/no-scaling-plan\"",
		"<sub>stacklint v1.2.0 · profile `.stacklint.toml`",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(out, "SQLite") {
		t.Error("non-production technology in the stack table")
	}
	if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
		t.Error("unbalanced <details>")
	}
	// NewOnly folds the findings that are not new.
	c := diffCheck()
	c.NewOnly = true
	folded := render(t, func(b *bytes.Buffer) error { return CheckMarkdown(b, c, MarkdownOptions{}) })
	i := strings.Index(folded, "<details><summary>Already present before this PR: 4 findings (1 error, 1 warning, 2 notices)</summary>")
	// The summary's actions name rules too: look at the findings list.
	j := strings.LastIndex(folded, "scalability/no-scaling-plan")
	k := strings.LastIndex(folded, "time-to-market/over-engineered-mvp")
	if i < 0 || j < i || k > i {
		t.Errorf("already-present section wrong: %d %d %d", i, j, k)
	}
	clean := render(t, func(b *bytes.Buffer) error { return CheckMarkdown(b, cleanCheck(), MarkdownOptions{}) })
	if strings.Count(clean, "\n") != 2 {
		t.Errorf("clean comment is not one line:\n%s", clean)
	}
}
