package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

func TestTechLabel(t *testing.T) {
	for _, c := range []struct {
		name     string
		versions []string
		apart    bool // version in parentheses
	}{
		{"Psycopg 2", []string{"2.9.9"}, true},
		{"HTTP/2", []string{"1.0"}, true},
		{"Flask", []string{"3.0.3"}, false},
		{"Node.js", []string{"20-alpine"}, false},
		{"", []string{"1.0"}, false},
	} {
		v := stack.DisplayVersions(c.versions)
		want := c.name + " " + v
		if c.apart {
			want = c.name + " (" + v + ")"
		}
		if got := TechLabel(stack.Technology{Name: c.name, Versions: c.versions}); got != want {
			t.Errorf("TechLabel(%q, %q) = %q, want %q", c.name, c.versions, got, want)
		}
	}
	if got := TechLabel(stack.Technology{Name: "Psycopg 3"}); got != "Psycopg 3" {
		t.Errorf("TechLabel without version = %q", got)
	}
}

// scanFixture is a stack shaped like a Terraform monorepo: a component
// without a manifest, one with eight .tf files and many technologies.
func scanFixture() *stack.Stack {
	rt := func(id, name string, l stack.Layer, comps []string, ev ...stack.Evidence) stack.Technology {
		return stack.Technology{ID: id, Name: name, Layer: l, Scope: stack.ScopeRuntime, Components: comps, Evidence: ev}
	}
	e := func(file string, line int, detail string) stack.Evidence {
		return stack.Evidence{File: file, Line: line, Detail: detail, Scope: stack.ScopeRuntime}
	}
	implied := func(file string, line int, by, detail string) stack.Evidence {
		ev := e(file, line, detail)
		ev.ImpliedBy = by
		return ev
	}
	st := &stack.Stack{}
	st.Technologies = []stack.Technology{
		rt("python", "Python", stack.LayerLanguage, []string{"app"}, e("app/Dockerfile", 1, "image python:3.12")),
		rt("psycopg2", "Psycopg 2", stack.LayerData, []string{"app"}, e("app/requirements.txt", 3, "pypi package psycopg2 ==2.9.9")),
		rt("postgresql", "PostgreSQL", stack.LayerData, []string{"app", "infra"},
			implied("app/requirements.txt", 3, "psycopg2", "implied by Psycopg 2 (pypi package psycopg2 ==2.9.9)"),
			implied("infra/rds.tf", 1, "aws-rds", "implied by Amazon RDS (terraform aws_db_instance)"),
			e("infra/rds.tf", 1, "terraform aws_db_instance engine postgres"),
		),
	}
	st.Technologies[1].Versions = []string{"==2.9.9"}
	var infraIDs []string
	for i, n := range []string{"Amazon Web Services", "AWS Elastic Load Balancing (ALB/NLB)", "AWS Auto Scaling", "Amazon ECS", "Amazon ElastiCache", "Amazon RDS", "Amazon SQS", "Terraform"} {
		id := fmt.Sprintf("infra-%d", i)
		infraIDs = append(infraIDs, id)
		st.Technologies = append(st.Technologies, rt(id, n, stack.LayerInfrastructure, []string{"infra"}, e("infra/main.tf", i+1, "terraform "+id)))
	}
	var tsconfigs []stack.Evidence
	for i := 0; i < 16; i++ {
		tsconfigs = append(tsconfigs, e(fmt.Sprintf("packages/p%02d/tsconfig.json", i), 0, "runtime typescript"))
	}
	st.Technologies = append(st.Technologies, rt("typescript", "TypeScript", stack.LayerLanguage, []string{"."}, tsconfigs...))
	st.Components = []stack.Component{
		{Path: ".", Technologies: []string{"typescript"}},
		{Path: "app", Manifests: []string{"app/requirements.txt"}, Technologies: []string{"python", "psycopg2", "postgresql"}},
		{Path: "infra", Manifests: []string{"infra/cache.tf", "infra/ecs.tf", "infra/main.tf", "infra/network.tf", "infra/outputs.tf", "infra/queue.tf", "infra/rds.tf", "infra/versions.tf"},
			Technologies: append([]string{"postgresql"}, infraIDs...)},
	}
	return st
}

func TestScanText(t *testing.T) {
	var b bytes.Buffer
	if err := ScanText(&b, scanFixture(), ScanMeta{Root: "repo"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	t.Log("\n" + out)
	for _, want := range []string{
		"Psycopg 2 (",
		// every infrastructure technology is listed, wrapped under its column
		"Amazon ElastiCache", "Amazon RDS", "Terraform",
		"\n                       ", // continuation of a wrapped layer line
		"  .      TypeScript\n",     // no manifest: nothing after the technologies
		"  app    Python · Psycopg 2 · PostgreSQL",
		"requirements.txt\n",
		"cache.tf, ecs.tf, main.tf +5\n",
		"more ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("scan text lacks %q", want)
		}
	}
	if strings.Contains(out, "infra/cache.tf") {
		t.Errorf("manifests should be named relative to their component")
	}
	checkLines(t, out, DefaultWidth)
}

func TestScanTextVerbose(t *testing.T) {
	var b bytes.Buffer
	if err := ScanText(&b, scanFixture(), ScanMeta{Root: "repo", Verbose: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	t.Log("\n" + out)
	for _, want := range []string{
		// one line per location: the direct hit wins over the implied one
		"          infra/rds.tf:1          terraform aws_db_instance engine postgres\n",
		// implied shows where nothing is direct
		"          app/requirements.txt:3  implied by Psycopg 2 (pypi package psycopg2 ==2.9.9)\n",
		"          packages/p09/tsconfig.json  runtime typescript\n",
		"          +6 more (see --format json)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("verbose scan text lacks %q", want)
		}
	}
	for _, bad := range []string{"implied by Amazon RDS", "packages/p10/tsconfig.json"} {
		if strings.Contains(out, bad) {
			t.Errorf("verbose scan text should not contain %q", bad)
		}
	}
	checkLines(t, out, DefaultWidth)
}

// checkLines asserts that no line ends with a blank and, outside verbose
// evidence lines, no line passes width columns.
func checkLines(t *testing.T, out string, width int) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if strings.TrimRight(line, " \t") != line {
			t.Errorf("line %d ends with a blank: %q", i+1, line)
		}
		if n := visibleLen(line); n > width && !strings.HasPrefix(line, "          ") {
			t.Errorf("line %d is %d columns wide: %q", i+1, n, line)
		}
	}
}

func TestTrimWriter(t *testing.T) {
	var b bytes.Buffer
	tw := &trimWriter{w: &b}
	for _, chunk := range []string{"a  ", " b \t", "\n", "c   \n  \n", "  d", "   "} {
		if _, err := tw.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "a   b\nc\n\n  d   "; got != want {
		t.Errorf("trimWriter wrote %q, want %q", got, want)
	}
}

func TestWrapItems(t *testing.T) {
	items := []string{"Amazon Web Services", "AWS Elastic Load Balancing (ALB/NLB)", "AWS Auto Scaling", "Amazon ECS"}
	got := wrapItems(items, " · ", 23, 100)
	// "… · AWS Auto Scaling ·" would end at column 103
	want := "Amazon Web Services · AWS Elastic Load Balancing (ALB/NLB) ·\n" +
		strings.Repeat(" ", 23) + "AWS Auto Scaling · Amazon ECS"
	if got != want {
		t.Errorf("wrapItems =\n%q\nwant\n%q", got, want)
	}
	if got := wrapItems(nil, " · ", 0, 10); got != "" {
		t.Errorf("wrapItems(nil) = %q", got)
	}
}

// TestScanTextFoldsFixtureComponents: a repository full of fixtures lists
// its production components and one line for the rest, unless -v.
func TestScanTextFoldsFixtureComponents(t *testing.T) {
	st := scanFixture()
	for i := 0; i < 5; i++ {
		st.Components = append(st.Components, stack.Component{Path: fmt.Sprintf("testdata/repo%d", i), Manifests: []string{fmt.Sprintf("testdata/repo%d/go.mod", i)}, NonProduction: true})
	}
	var b bytes.Buffer
	if err := ScanText(&b, st, ScanMeta{Root: "repo"}); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); strings.Contains(out, "testdata/repo0") || !strings.Contains(out, "… and 5 components under examples, docs or tests (not production; -v lists them)") {
		t.Errorf("fixture components not folded:\n%s", out)
	}
	b.Reset()
	if err := ScanText(&b, st, ScanMeta{Root: "repo", Verbose: true}); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "testdata/repo4") {
		t.Errorf("-v should list every component:\n%s", out)
	}
	// A few non-production components are listed as they are.
	st.Components = st.Components[:len(st.Components)-2]
	b.Reset()
	ScanText(&b, st, ScanMeta{Root: "repo"})
	if !strings.Contains(b.String(), "testdata/repo2") {
		t.Errorf("three non-production components should be listed:\n%s", b.String())
	}
}
