package compare_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/compare"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules"
	"github.com/stacklint/stacklint/internal/source"
	"github.com/stacklint/stacklint/internal/stack"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var today = time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)

// scenario is one golden case: a repository (or none: a profile alone)
// and the profile it is compared against.
type scenario struct {
	name    string
	repo    string // under testdata/repos; "" for a profile-only repository
	profile string // path from the repository root of the module
	cands   []string
}

var scenarios = []scenario{
	{name: "mvp", profile: "internal/compare/testdata/profiles/mvp.toml"},
	{name: "api-first", profile: "internal/compare/testdata/profiles/api-first.toml"},
	{name: "api-first-express", repo: "node-express", profile: "internal/compare/testdata/profiles/api-first-express.toml"},
	{name: "ecommerce", repo: "ecommerce-document-store", profile: "testdata/repos/ecommerce-document-store/.stacklint.toml"},
	{name: "high-load-saas", repo: "high-load-saas", profile: "testdata/repos/high-load-saas/.stacklint.toml"},
	{name: "internal-tool", repo: "django-drf-celery", profile: "internal/compare/testdata/profiles/internal-tool.toml"},
}

const moduleRoot = "../.."

func run(t *testing.T, sc scenario) *compare.Matrix {
	t.Helper()
	dir := t.TempDir()
	root := "(profile only)"
	if sc.repo != "" {
		dir = filepath.Join(moduleRoot, "testdata/repos", sc.repo)
		root = "testdata/repos/" + sc.repo
	}
	fsys, err := source.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := app.Compare(context.Background(), app.CompareOptions{FS: fsys, Root: root,
		ProfilePath: filepath.Join(moduleRoot, sc.profile), ProfileName: filepath.Base(sc.profile), Candidates: sc.cands, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/compare/ -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update and review the diff):\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			m := run(t, sc)
			var txt, js bytes.Buffer
			if err := compare.Text(&txt, m); err != nil {
				t.Fatal(err)
			}
			if err := compare.JSON(&js, m); err != nil {
				t.Fatal(err)
			}
			golden(t, sc.name+".txt", txt.Bytes())
			golden(t, sc.name+".json", js.Bytes())
			var ex bytes.Buffer
			if err := compare.Explain(&ex, m, m.Ranked()[0].ID); err != nil {
				t.Fatal(err)
			}
			golden(t, sc.name+".explain.txt", ex.Bytes())
			var mdb, adr, page bytes.Buffer
			if err := compare.Markdown(&mdb, m); err != nil {
				t.Fatal(err)
			}
			golden(t, sc.name+".md", mdb.Bytes())
			if err := compare.ADR(&adr, m); err != nil {
				t.Fatal(err)
			}
			golden(t, sc.name+".adr.md", adr.Bytes())
			if err := compare.HTML(&page, m); err != nil {
				t.Fatal(err)
			}
			selfContained(t, page.String(), len(m.Options))
			if sc.name == "api-first" || sc.name == "api-first-express" {
				golden(t, sc.name+".html", page.Bytes())
			}
		})
	}
}

// selfContained checks that a page fetches nothing (no script, stylesheet
// link, image or remote URL other than the SVG namespace) and draws one
// chart per option.
func selfContained(t *testing.T, page string, options int) {
	t.Helper()
	low := strings.ToLower(page)
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "src=", "url(", "@import"} {
		if strings.Contains(low, bad) {
			t.Errorf("the page contains %q: it must be self-contained", bad)
		}
	}
	if n := strings.Count(low, "http://") + strings.Count(low, "https://") - strings.Count(low, "http://www.w3.org/2000/svg"); n > 0 {
		// Sources cited as text are fine; they must not be fetched.
		for _, attr := range []string{`href="http`, `src="http`} {
			if strings.Contains(low, attr) {
				t.Errorf("the page links %s", attr)
			}
		}
	}
	if n := strings.Count(page, "<svg "); n != options {
		t.Errorf("%d charts for %d options", n, options)
	}
	if !strings.HasSuffix(strings.TrimSpace(page), "</html>") {
		t.Error("the page is not complete")
	}
}

// TestADRRecognisedByCheck writes the decision record where --format adr
// says, and check's business/undocumented-decisions stops firing.
func TestADRRecognisedByCheck(t *testing.T) {
	dir := t.TempDir()
	prof := "[project]\ntype = \"api-first\"\nlifetime_years = 5\n[team]\nskills = [\"typescript\"]\n"
	if err := os.WriteFile(filepath.Join(dir, ".stacklint.toml"), []byte(prof), 0o644); err != nil {
		t.Fatal(err)
	}
	undocumented := func() bool {
		fsys, err := source.Dir(dir)
		if err != nil {
			t.Fatal(err)
		}
		res, err := app.Check(context.Background(), app.CheckOptions{FS: fsys, Root: dir, ProfilePath: filepath.Join(dir, ".stacklint.toml"), ProfileName: ".stacklint.toml", Today: today})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Result.Findings {
			if f.RuleID == "business/undocumented-decisions" {
				return true
			}
		}
		return false
	}
	if !undocumented() {
		t.Fatal("business/undocumented-decisions does not fire before the record exists: the test proves nothing")
	}
	fsys, _ := source.Dir(dir)
	m, err := app.Compare(context.Background(), app.CompareOptions{FS: fsys, Root: dir, ProfilePath: filepath.Join(dir, ".stacklint.toml"), ProfileName: ".stacklint.toml", Today: today})
	if err != nil {
		t.Fatal(err)
	}
	var adr bytes.Buffer
	if err := compare.ADR(&adr, m); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, filepath.FromSlash(compare.ADRFile))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, adr.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if undocumented() {
		t.Errorf("check still reports business/undocumented-decisions with %s written by --format adr", compare.ADRFile)
	}
	fsys, _ = source.Dir(dir)
	scan, err := app.ScanFS(context.Background(), fsys, app.ScanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	facts := scan.Stack.FactsNamed(stack.FactADR)
	if len(facts) != 1 || facts[0].Attr("title") != "Choose the backend stack" || facts[0].Attr("status") != "proposed" {
		t.Errorf("the record reads as %+v", facts)
	}
}

// TestCurrentAgreesWithCheck holds the compare view of the current stack
// against check: the same findings, and no criterion with an error-level
// finding scored best.
func TestCurrentAgreesWithCheck(t *testing.T) {
	errorRows := 0
	for _, sc := range scenarios {
		if sc.repo == "" {
			continue
		}
		t.Run(sc.name, func(t *testing.T) {
			m := run(t, sc)
			if !m.HasCurrent() {
				t.Fatal("no current stack")
			}
			fsys, _ := source.Dir(filepath.Join(moduleRoot, "testdata/repos", sc.repo))
			chk, err := app.Check(context.Background(), app.CheckOptions{FS: fsys, Root: "x",
				ProfilePath: filepath.Join(moduleRoot, sc.profile), ProfileName: filepath.Base(sc.profile), Today: today})
			if err != nil {
				t.Fatal(err)
			}
			cur := m.Options[0]
			if len(cur.Findings) != len(chk.Result.Findings) {
				t.Fatalf("compare has %d findings for the current stack, check %d", len(cur.Findings), len(chk.Result.Findings))
			}
			for i, f := range chk.Result.Findings {
				if cur.Findings[i].Fingerprint != f.Fingerprint || cur.Findings[i].Message != f.Message {
					t.Errorf("finding %d: compare %s %q, check %s %q", i, cur.Findings[i].RuleID, cur.Findings[i].Message, f.RuleID, f.Message)
				}
			}
			for _, s := range cur.Scores {
				hasErr := false
				for _, r := range s.Reasons {
					if r.Severity == "error" {
						hasErr = true
					}
				}
				if hasErr {
					errorRows++
					if s.Best {
						t.Errorf("%s: the current stack has an error-level finding there but is marked best", s.Criterion)
					}
				}
			}
			// Every finding check raises is a reason in its criterion's row.
			for _, f := range chk.Result.Findings {
				found := false
				for _, s := range cur.Scores {
					for _, r := range s.Reasons {
						if r.Rule == f.RuleID && strings.Contains(r.Text, f.Message) {
							found = true
						}
					}
				}
				if !found && f.Criterion != rule.CriterionProfile {
					t.Errorf("check's %s finding is missing from the compare reasons", f.RuleID)
				}
			}
		})
	}
	if errorRows == 0 {
		t.Error("no scenario has an error-level finding on the current stack: the agreement test proves nothing")
	}
}

// TestDoneWhen: for "API-first, TypeScript team, 2,000 rps, strong
// consistency", NestJS and Express rank above rare and off-skill stacks,
// with reasons a reader can verify.
func TestDoneWhen(t *testing.T) {
	sc := scenario{name: "done-when", profile: "internal/compare/testdata/profiles/api-first.toml",
		cands: []string{"nestjs", "express", "django", "fastapi", "spring-boot", "aspnet-core", "gin", "laravel", "rails", "phoenix"}}
	m := run(t, sc)
	node := map[string]bool{"nestjs": true, "express": true}
	for _, id := range []string{"nestjs", "express"} {
		o, ok := m.Option(id)
		if !ok {
			t.Fatalf("no option %s", id)
		}
		for _, x := range m.Options {
			if !node[x.ID] && x.Overall >= o.Overall {
				t.Errorf("%s (%.1f) does not rank above off-skill %s (%.1f)", id, o.Overall, x.ID, x.Overall)
			}
		}
		team, _ := o.Score("team")
		if !hasReason(team, "The team knows Node.js", "team.skills (api-first.toml:17)") {
			t.Errorf("%s: no verifiable team-skills reason: %+v", id, team.Reasons)
		}
		if !hasReason(team, "of developers use it", "Stack Overflow Developer Survey 2025") {
			t.Errorf("%s: no talent-share reason with its survey: %+v", id, team.Reasons)
		}
	}
	ph, _ := m.Option("phoenix")
	team, _ := ph.Score("team")
	if !hasReason(team, "below the 5% rare-talent threshold", "catalog: phoenix.talent_share") {
		t.Errorf("phoenix: no rare-talent reason: %+v", team.Reasons)
	}
	if !hasRule(team, "talent/rare-stack") || !hasRule(team, "talent/skills-gap") {
		t.Errorf("phoenix: the talent rules' findings are not among the reasons: %+v", team.Reasons)
	}
}

func hasReason(s compare.Score, text, source string) bool {
	for _, r := range s.Reasons {
		if strings.Contains(r.Text, text) && strings.Contains(r.Source, source) {
			return true
		}
	}
	return false
}

func hasRule(s compare.Score, id string) bool {
	for _, r := range s.Reasons {
		if r.Rule == id {
			return true
		}
	}
	return false
}

func TestUnknownCandidate(t *testing.T) {
	cat, _ := catalog.Default()
	for _, id := range []string{"nosuch", "postgresql"} {
		_, err := compare.Build(compare.Input{Profile: profile.Default(), Catalog: cat, Rules: rules.All(), Today: today, Candidates: []string{id}})
		if err == nil || !strings.Contains(err.Error(), `candidate "`+id+`"`) || !strings.Contains(err.Error(), "stacklint catalog --layer framework") {
			t.Errorf("%s: got %v", id, err)
		}
	}
}

// TestWeightsFromProfile: [compare.weights] replaces a default, is cited
// with its line, and changes the overall score.
func TestWeightsFromProfile(t *testing.T) {
	cat, _ := catalog.Default()
	src := "[project]\ntype = \"api-first\"\n[team]\nskills = [\"go\"]\n[compare.weights]\nteam = 0\n"
	p, err := profile.Parse("p.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := profile.Parse("p.toml", []byte("[project]\ntype = \"api-first\"\n[team]\nskills = [\"go\"]\n"))
	build := func(p *profile.Profile) *compare.Matrix {
		m, err := compare.Build(compare.Input{Profile: p, Catalog: cat, Rules: rules.All(), Today: today, Candidates: []string{"gin", "rails"}})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m, m0 := build(p), build(base)
	for _, c := range m.Criteria {
		if c.Key == "team" && (c.Weight != 0 || c.Source != "compare.weights.team (p.toml:6)") {
			t.Errorf("team weight %v from %q", c.Weight, c.Source)
		}
	}
	g, _ := m.Option("gin")
	g0, _ := m0.Option("gin")
	if g.Overall == g0.Overall {
		t.Errorf("zeroing the team weight left Gin's overall at %.1f", g.Overall)
	}
}

// TestBatteriesAgreeWithRules: a battery in the catalog is something the
// rules also count as built in, so compare's reasons and check's findings
// never disagree about it.
func TestBatteriesAgreeWithRules(t *testing.T) {
	cat, _ := catalog.Default()
	p, err := profile.Parse("p.toml", []byte("[project]\ntype = \"api-first\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	ruleOf := map[string]string{"auth": "security/no-auth-standard", "migrations": "data/no-migrations",
		"validation": "ecosystem/hand-rolled", "openapi": "fit/no-api-contract"}
	n := 0
	for _, e := range cat.Entries() {
		if len(e.Batteries) == 0 {
			continue
		}
		st := &stack.Stack{}
		for _, id := range append([]string{e.ID, "postgresql"}, e.Implies...) {
			x, _ := cat.Get(id)
			st.Technologies = append(st.Technologies, stack.Technology{ID: x.ID, Name: x.Name, Layer: x.Layer, Category: x.Category, Scope: stack.ScopeRuntime, Components: []string{"."}})
		}
		res := rule.Run(&rule.Context{Stack: st, Profile: p, Catalog: cat, Today: today}, rules.All())
		for _, b := range e.Batteries {
			id, ok := ruleOf[b]
			if !ok {
				continue
			}
			n++
			for _, f := range res.Findings {
				if f.RuleID == id {
					t.Errorf("%s lists the battery %q, but %s still fires: %s", e.ID, b, id, f.Message)
				}
			}
		}
	}
	if n < 5 {
		t.Errorf("only %d batteries checked", n)
	}
}

// TestRadarAdoptRing: a framework on the adopt ring of the radar file, or
// of the project type's rings, earns the business point a hand-listed
// adopt ring does, cited with the radar line or the profile key.
func TestRadarAdoptRing(t *testing.T) {
	cat, _ := catalog.Default()
	src := "[project]\ntype = \"internal-tool\"\n[organization]\nradar = \"radar.csv\"\n[organization.by_type.internal-tool]\nadopt = [\"rails\"]\n"
	p, err := profile.Parse("p.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p.SetRadar([]profile.RadarEntry{{ID: "gin", Name: "Gin", Ring: "adopt", File: "radar.csv", Line: 4}})
	m, err := compare.Build(compare.Input{Profile: p, Catalog: cat, Rules: rules.All(), Today: today, Candidates: []string{"gin", "rails", "django"}})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"gin":    `gin is on the adopt ring of the organisation's tech radar [radar.csv:4 ("Gin")]`,
		"rails":  `rails is on the organisation's adopt ring for internal-tool projects [organization.by_type.internal-tool.adopt.0 (p.toml:6)]`,
		"django": "",
	} {
		o, _ := m.Option(id)
		var got []string
		for _, s := range o.Scores {
			for _, r := range s.Reasons {
				if strings.Contains(r.Text, "adopt ring") {
					got = append(got, r.Text+" ["+r.Source+"]")
				}
			}
		}
		if want == "" && len(got) != 0 || want != "" && (len(got) != 1 || got[0] != want) {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}
