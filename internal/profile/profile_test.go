package profile

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

const full = `# a full profile
[project]
type = "high-load-saas"
lifetime_years = 5
stage = "production"

[load]
peak_rps = 20000
growth = "fast"
concurrency = "high"
latency_p99_ms = 250
realtime = true
cpu_heavy = false

[data]
consistency = "strong"
shape = "relational"
reporting = true

[team]
size = 8
skills = ["typescript", "postgresql"]
hiring = true

[compliance]
standards = ["gdpr", "soc2"]

[infrastructure]
hosting = "kubernetes"
budget = "medium"

[organization]
standard_stacks = ["typescript+nestjs+postgresql", "java+spring-boot+postgresql"]
adopt = ["postgresql"]
trial = ["bun"]
assess = []
hold = [
  "cassandra",
  "mongodb",
]

[rules]
"ops/no-ci" = "off"
"talent/rare-stack" = "error"

[rules.thresholds]
rare_talent_share = 3.5
mvp_max_services = 4

[[waivers]]
rule = "security/unpinned-image"
paths = ["docker/dev/**"]
reason = "development image, never deployed"
expires = 2027-06-30

[[waivers]]
rule = "data/no-migrations"
reason = 'schema owned by another team'
`

func TestParseFull(t *testing.T) {
	p, err := Parse(".stacklint.toml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Declared() {
		t.Error("parsed profile not declared")
	}
	checks := []struct {
		got, want any
	}{
		{p.Project.Type, "high-load-saas"},
		{p.Project.LifetimeYears, 5},
		{p.Project.Stage, "production"},
		{p.Load.PeakRPS, 20000},
		{p.Load.Growth, "fast"},
		{p.Load.Concurrency, "high"},
		{p.Load.LatencyP99Ms, 250},
		{p.Load.Realtime, true},
		{p.Data.Consistency, "strong"},
		{p.Data.Shape, "relational"},
		{p.Data.Reporting, true},
		{p.Team.Size, 8},
		{strings.Join(p.Team.Skills, ","), "typescript,postgresql"},
		{p.Team.Hiring, true},
		{strings.Join(p.Compliance.Standards, ","), "gdpr,soc2"},
		{p.Infrastructure.Hosting, "kubernetes"},
		{p.Infrastructure.Budget, "medium"},
		{len(p.Organization.StandardStacks), 2},
		{strings.Join(p.Organization.StandardStacks[1], " "), "java spring-boot postgresql"},
		{strings.Join(p.Organization.Hold, ","), "cassandra,mongodb"},
		{p.Level("ops/no-ci"), "off"},
		{p.Level("talent/rare-stack"), "error"},
		{p.Rules.Thresholds.RareTalentShare, 3.5},
		{p.Rules.Thresholds.MVPMaxServices, 4},
		{p.Rules.Thresholds.SmallTeamSize, 5},
		{len(p.Waivers), 2},
		{p.Waivers[0].Expires.Format(time.DateOnly), "2027-06-30"},
		{strings.Join(p.Waivers[0].Paths, ","), "docker/dev/**"},
		{p.Waivers[1].Reason, "schema owned by another team"},
		{p.Waivers[1].Expires.IsZero(), true},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %v, want %v", i, c.got, c.want)
		}
	}
	decls := []struct {
		key, value string
		line, col  int
	}{
		{"project.type", `"high-load-saas"`, 3, 1},
		{"load.peak_rps", "20000", 8, 1},
		{"team.skills", `["typescript", "postgresql"]`, 22, 1},
		{"team.skills.1", `"postgresql"`, 22, 25},
		{"organization.hold.1", `"mongodb"`, 39, 3},
		{"rules.ops/no-ci", `"off"`, 43, 1},
		{"rules.thresholds.rare_talent_share", "3.5", 47, 1},
		{"waivers.0.expires", "2027-06-30", 54, 1},
		{"waivers.1.reason", `"schema owned by another team"`, 58, 1},
	}
	for _, d := range decls {
		got, ok := p.Lookup(d.key)
		if !ok || got.Value != d.value || got.Line != d.line || got.Column != d.col || got.File != ".stacklint.toml" {
			t.Errorf("Lookup(%q) = %+v, %v; want %s at %d:%d", d.key, got, ok, d.value, d.line, d.col)
		}
	}
	if p.Has("load.cpu_heavy") != true || p.Has("team.nothing") {
		t.Error("Has is wrong")
	}
}

func problems(t *testing.T, src string) []Problem {
	t.Helper()
	_, err := Parse("p.toml", []byte(src))
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("want *Error, got %v", err)
	}
	if pe.Error() == "" {
		t.Fatal("empty error text")
	}
	return pe.Problems
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // "line:col:substring" per problem, in order
	}{
		{"unknown key", "[load]\npeak_rps = 10\n  peak = 5\n", []string{`3:3:unknown key "peak" in [load]; allowed: peak_rps, growth, concurrency`}},
		{"unknown table", "[projekt]\ntype = \"mvp\"\n", []string{`1:1:unknown table or key "projekt"; allowed: project, load`}},
		{"bad enum", "[project]\ntype = \"startup\"\n", []string{`2:1:"startup" is not allowed; expected one of "mvp", "api-first", "ecommerce", "high-load-saas", "internal-tool"`}},
		{"bad enum in list", "[compliance]\nstandards = [\"gdpr\", \"pci\"]\n", []string{`2:22:"pci" is not allowed; expected one of "pci-dss", "hipaa"`}},
		{"wrong type", "[load]\npeak_rps = \"lots\"\nrealtime = \"yes\"\n", []string{"2:1:expected a whole number, got a string", "3:1:expected true or false, got a string"}},
		{"negative", "[team]\nsize = 0\n", []string{"2:1:0 is out of range; expected a whole number from 1"}},
		{"skills as string", "[team]\nskills = \"go\"\n", []string{`2:1:expected an array of strings`}},
		{"bad id", "[team]\nskills = [\"Type Script\"]\n", []string{`2:11:"Type Script" is not a technology id`}},
		{"waiver without reason", "[[waivers]]\nrule = \"ops/no-ci\"\n", []string{`1:1:a waiver needs reason`}},
		{"waiver empty reason and bad date", "[[waivers]]\nrule = \"ops/no-ci\"\nreason = \" \"\nexpires = \"soon\"\n", []string{"3:1:reason must be a non-empty string", `4:1:"soon" is not a date; expected YYYY-MM-DD`}},
		{"unknown waiver key in second waiver", "[[waivers]]\nrule = \"a/b\"\nreason = \"x\"\n[[waivers]]\nrule = \"c/d\"\nreason = \"y\"\nuntil = 2027-01-01\n", []string{`7:1:unknown key "until" in [[waivers]]`}},
		{"bad rule level", "[rules]\n\"ops/no-ci\" = \"disabled\"\n", []string{`2:1:"disabled" is not allowed; expected one of "off", "error", "warning", "notice"`}},
		{"bad rule id", "[rules]\nnoci = \"off\"\n", []string{`2:1:"noci" is not a rule id`}},
		{"unknown threshold", "[rules.thresholds]\nrare_share = 2\n", []string{`2:1:unknown threshold "rare_share"; allowed: rare_talent_share`}},
		{"fractional integer threshold", "[rules.thresholds]\nmvp_max_services = 2.5\n", []string{"2:1:expected a whole number"}},
		{"syntax", "[load]\npeak_rps = = 3\n", []string{"2:12:TOML syntax"}},
		{"table as value", "load = 3\n", []string{"1:1:load must be a table"}},
		{"waivers as string", "x = 1\nwaivers = \"none\"\n", []string{"2:1:waivers must be an array of tables"}},
		{"unknown compare criterion", "[compare.weights]\nspeed = 2\n", []string{`2:1:unknown criterion "speed"; allowed: business, scalability, performance`}},
		{"weight out of range", "[compare.weights]\nteam = 11\ncost = -1\n", []string{`2:1:11 is out of range; expected a number from 0`, `3:1:-1 is out of range`}},
		{"weight not a number", "[compare]\nweights = { team = \"high\" }\n", []string{`2:13:expected a number from 0 to 10, got a string`}},
		{"weights not a table", "[compare]\nweights = 3\n", []string{`2:1:expected a table [compare.weights]`}},
		{"bad candidate id", "[compare]\ncandidates = [\"Spring Boot\"]\n", []string{`2:15:"Spring Boot" is not a technology id`}},
		{"unknown compare key", "[compare]\ncandidate = [\"gin\"]\n", []string{`2:1:unknown key "candidate" in [compare]; allowed: candidates, weights`}},
		{"several at once", "[project]\ntype = \"x\"\n[load]\ngrowth = \"y\"\nbogus = 1\n", []string{`2:1:"x"`, `4:1:"y"`, `5:1:unknown key "bogus"`}},
		// Issue 9: hostile and unlucky profiles.
		{"inline tables 3,000 deep", "[project]\ntype = \"mvp\"\nx = " + strings.Repeat("{a=", 3000) + "1" + strings.Repeat("}", 3000) + "\n",
			[]string{"3:101:TOML nested deeper than 32 levels"}},
		{"dotted key 10,000 deep", "[project]\n" + strings.Repeat("x.", 10000) + "y = 1\n", []string{"2:64:TOML nested deeper than 32 levels"}},
		{"byte-order mark keeps positions", "\ufeff[project]\ntype = \"startup\"\n", []string{`2:1:"startup" is not allowed`}},
		{"byte-order mark keeps syntax positions", "\ufeff[load]\npeak_rps = = 3\n", []string{"2:12:TOML syntax"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := problems(t, c.src)
			if len(ps) != len(c.want) {
				t.Fatalf("got %d problems %v, want %d", len(ps), ps, len(c.want))
			}
			for i, w := range c.want {
				parts := strings.SplitN(w, ":", 3)
				got := ps[i]
				loc := itoa(got.Line) + ":" + itoa(got.Column)
				if parts[1] == "0" { // line only
					loc = itoa(got.Line) + ":0"
				}
				if loc != parts[0]+":"+parts[1] || !strings.Contains(got.Message, parts[2]) || got.File != "p.toml" {
					t.Errorf("problem %d = %s (at %d:%d), want %s", i, got, got.Line, got.Column, w)
				}
			}
		})
	}
}

// A profile that is not TOML (a symbolic link to a secrets file, to
// /proc/self/environ) must not have its content quoted back.
func TestParseErrorQuotesNoContent(t *testing.T) {
	for _, src := range []string{
		"API_KEY=abc123secret\n",
		"HOME=/root\x00PATH=/usr/bin\x00SECRET=hunter2\x00",
		"password: hunter2\n",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n",
		"DB_PASSWORD = s3cr3t-value\n",
	} {
		ps := problems(t, src)
		for _, p := range ps {
			for _, secret := range []string{"abc", "root", "hunter", "RSA", "R'", "s3cr3t", "API_KEY", "HOME", "DB_PASSWORD"} {
				if strings.Contains(p.String(), secret) {
					t.Errorf("%q: problem %q quotes %q from the file", src, p, secret)
				}
			}
			if p.Line == 0 {
				t.Errorf("%q: problem %q has no line", src, p)
			}
		}
	}
	// A profile's own keys and punctuation are still named.
	ps := problems(t, "[project]\ntype = startup\n")
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "unquoted word") || !strings.Contains(ps[0].Message, "project.type") {
		t.Errorf("got %v, want the unquoted word after key project.type", ps)
	}
	ps = problems(t, "[load]\npeak_rps: 3\n")
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "':'") {
		t.Errorf("got %v, want the ':' named", ps)
	}
}

// The undecoded-key check asks for every key whether a proper prefix was
// reported, through a trie: linear in the keys, not cubic in their depth.
func TestKeySet(t *testing.T) {
	s := keySet{ids: map[keyStep]int{}, marked: map[int]bool{}}
	s.add(toml.Key{"a", "b"})
	for _, c := range []struct {
		k    toml.Key
		want bool
	}{
		{toml.Key{"a"}, false},
		{toml.Key{"a", "b"}, false},
		{toml.Key{"a", "b", "c"}, true},
		{toml.Key{"a", "b", "c", "d"}, true},
		{toml.Key{"a", "c", "d"}, false},
		{toml.Key{"b", "a", "b"}, false},
	} {
		if got := s.hasPrefixOf(c.k); got != c.want {
			t.Errorf("hasPrefixOf(%v) = %v, want %v", c.k, got, c.want)
		}
	}
}

func TestParseCompare(t *testing.T) {
	p, err := Parse("p.toml", []byte("[compare]\ncandidates = [\"nestjs\", \"gin\"]\n[compare.weights]\nteam = 3\nscalability = 0.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Compare.Candidates, ",") != "nestjs,gin" {
		t.Errorf("candidates = %v", p.Compare.Candidates)
	}
	if p.Compare.Weights["team"] != 3 || p.Compare.Weights["scalability"] != 0.5 || len(p.Compare.Weights) != 2 {
		t.Errorf("weights = %v", p.Compare.Weights)
	}
	if d, ok := p.Lookup("compare.weights.team"); !ok || d.Line != 4 {
		t.Errorf("compare.weights.team declared at %+v", d)
	}
}

func TestErrorText(t *testing.T) {
	_, err := Parse(".stacklint.toml", []byte("[load]\ngrowth = \"rapid\"\n"))
	want := `invalid profile: .stacklint.toml:2:1: load.growth: "rapid" is not allowed; expected one of "flat", "steady", "fast"`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestDefault(t *testing.T) {
	p := Default()
	if p.Declared() {
		t.Error("default profile is declared")
	}
	if p.Rules.Thresholds != DefaultThresholds() || p.Rules.Thresholds.RareTalentShare != 5 || p.Rules.Thresholds.MVPMaxServices != 3 {
		t.Errorf("default thresholds %+v", p.Rules.Thresholds)
	}
	if len(p.Declarations()) != 0 {
		t.Errorf("default declares %v", p.Declarations())
	}
	var nilp *Profile
	if nilp.Declared() || nilp.Has("x") || nilp.Level("a/b") != "" {
		t.Error("nil profile")
	}
}

func TestWaiverExpired(t *testing.T) {
	w := Waiver{Expires: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	if w.Expired(time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC)) {
		t.Error("expired a day early")
	}
	if !w.Expired(time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)) {
		t.Error("not expired on its date")
	}
	if (Waiver{}).Expired(time.Now()) {
		t.Error("waiver without date expired")
	}
}

func tech(id string, layer stack.Layer, cat string) stack.Technology {
	return techAt(id, layer, cat, "deploy/"+id+".yaml")
}

// techAt is a production technology seen at file:1.
func techAt(id string, layer stack.Layer, cat, file string) stack.Technology {
	return stack.Technology{ID: id, Name: id, Layer: layer, Category: cat, Scope: stack.ScopeRuntime,
		Evidence: []stack.Evidence{{File: file, Line: 1, Scope: stack.ScopeRuntime}}}
}

func TestTemplate(t *testing.T) {
	st := &stack.Stack{Technologies: []stack.Technology{
		tech("typescript", stack.LayerLanguage, "language"),
		tech("nodejs", stack.LayerLanguage, "runtime"),
		tech("nestjs", stack.LayerFramework, "web-framework"),
		tech("postgresql", stack.LayerData, "database"),
		tech("typeorm", stack.LayerData, "orm"),
		tech("kubernetes", stack.LayerInfrastructure, "orchestration"),
		tech("docker", stack.LayerInfrastructure, "container"),
		{ID: "mongodb", Layer: stack.LayerData, Category: "database", Scope: stack.ScopeNonProduction},
	}}
	out := Template(st)
	p, err := Parse(".stacklint.toml", out)
	if err != nil {
		t.Fatalf("template does not parse: %v\n%s", err, out)
	}
	// Skills are a commented suggestion: a skills gap is not hidden by default.
	if len(p.Team.Skills) != 0 || !strings.Contains(string(out), `# skills = ["nestjs", "nodejs", "postgresql", "typescript"]`) {
		t.Errorf("skills = %v, want a commented suggestion", p.Team.Skills)
	}
	if p.Infrastructure.Hosting != "kubernetes" || !strings.Contains(string(out), "# Detected from deployment files (deploy/kubernetes.yaml:1).") {
		t.Errorf("hosting = %s", p.Infrastructure.Hosting)
	}
	// Without deployment evidence hosting stays commented, with why.
	bare := Template(&stack.Stack{Technologies: []stack.Technology{tech("go", stack.LayerLanguage, "language"), techAt("docker", stack.LayerInfrastructure, "container", "Dockerfile")}})
	if bp, err := Parse("t", bare); err != nil || bp.Infrastructure.Hosting != "" || !strings.Contains(string(bare), "a Dockerfile alone does not") {
		t.Errorf("hosting guessed without deployment evidence (%v):\n%s", err, bare)
	}
	// Every commented key, uncommented, must parse too.
	var b strings.Builder
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "# "); ok && strings.Contains(rest, " = ") && !strings.HasPrefix(rest, "rule =") &&
			!strings.HasPrefix(rest, "paths =") && !strings.HasPrefix(rest, "reason =") && !strings.HasPrefix(rest, "expires =") {
			line = rest
		}
		b.WriteString(line + "\n")
	}
	if _, err := Parse(".stacklint.toml", []byte(b.String())); err != nil {
		t.Errorf("uncommented template does not parse: %v\n%s", err, b.String())
	}
	if _, err := Parse("t", Template(nil)); err != nil {
		t.Errorf("template of nil stack: %v", err)
	}
	for _, s := range ThresholdSpecs {
		if !strings.Contains(string(out), "# "+s.Key+" = "+s.DefaultString()) {
			t.Errorf("template lacks threshold %s", s.Key)
		}
	}
}

func TestDetectHosting(t *testing.T) {
	cases := []struct {
		techs []stack.Technology
		facts []stack.Signal
		want  string
	}{
		{[]stack.Technology{tech("kubernetes", stack.LayerInfrastructure, "orchestration"), tech("docker", stack.LayerInfrastructure, "container")}, nil, "kubernetes"},
		{[]stack.Technology{tech("aws-lambda", stack.LayerInfrastructure, "serverless")}, nil, "serverless"},
		{[]stack.Technology{tech("heroku", stack.LayerInfrastructure, "paas")}, nil, "paas"},
		{nil, []stack.Signal{{Kind: stack.KindFact, Name: stack.FactAutoscaling, File: "fly.toml", Attrs: map[string]string{"kind": "paas"}}}, "paas"},
		{[]stack.Technology{tech("docker-compose", stack.LayerInfrastructure, "container")}, nil, "containers"},
		{[]stack.Technology{tech("go", stack.LayerLanguage, "language")}, nil, ""},
		{[]stack.Technology{techAt("docker", stack.LayerInfrastructure, "container", "Dockerfile")}, nil, ""},
		{[]stack.Technology{techAt("vercel", stack.LayerInfrastructure, "serverless", "docs/vercel.json")}, nil, ""},
		{[]stack.Technology{techAt("netlify", stack.LayerInfrastructure, "paas", "website/netlify.toml")}, nil, ""},
	}
	for _, c := range cases {
		if got := DetectHosting(&stack.Stack{Technologies: c.techs, Facts: c.facts}); got != c.want {
			t.Errorf("%v: got %s, want %s", c.techs, got, c.want)
		}
	}
}

func TestLocate(t *testing.T) {
	src := "a = 1 # c\n[t]\n\"q.k\" = { x = [1, 2], y = \"}\" }\nm = \"\"\"\n[not]\nk = 1\n\"\"\"\nn = 2\n[[w]]\nz = 'lit'\n[[w]]\nz = 3\n"
	got := locate([]byte(src))
	want := map[string]Pos{
		"a": {1, 1}, "t": {2, 1}, "t.q.k": {3, 1}, "t.q.k.x": {3, 11}, "t.q.k.x.1": {3, 19}, "t.q.k.y": {3, 23},
		"t.m": {4, 1}, "t.n": {8, 1}, "w.0": {9, 1}, "w.0.z": {10, 1}, "w.1.z": {12, 1},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s at %v, want %v", k, got[k], w)
		}
	}
	if _, ok := got["not"]; ok {
		t.Error("read a table header inside a multi-line string")
	}
}

func FuzzProfileParse(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.TOML) { // at and past the depth limit
		f.Add(s)
	}
	f.Add([]byte(full))
	f.Add(Template(nil))
	f.Add([]byte("[load]\npeak_rps = \"x\"\n[[waivers]]\nrule = 3\n"))
	f.Add([]byte("a = { b = [1, { c = '''x''' }] }\n"))
	f.Add([]byte("[rules]\n\"a/b\" = \"off\"\nthresholds = 3\n"))
	f.Add([]byte("x = \"\"\"\nunterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = locate(data)
		p, err := Parse("f.toml", data)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || len(pe.Problems) == 0 || pe.Error() == "" {
				t.Fatalf("error is not a *Error with problems: %v", err)
			}
			return
		}
		if p == nil || !p.Declared() {
			t.Fatal("nil or undeclared profile without error")
		}
		for _, w := range p.Waivers {
			if w.Reason == "" {
				t.Fatal("waiver without reason accepted")
			}
		}
	})
}

// Issue 9: unknown technology ids were accepted silently; each is reported
// at its element with the nearest catalog id.
func TestCheckIDs(t *testing.T) {
	known := []string{"postgresql", "python", "typescript", "nodejs", "nestjs", "mongodb", "go", "gin", "kafka"}
	src := "[team]\nsize = 3\nskills = [\"python\", \"postgress\"]\n[organization]\nhold = [\"kafak\"]\nadopt = [\"cobol\"]\n" +
		"standard_stacks = [\"typescript+nestjs+postgre\"]\n[compare]\ncandidates = [\"gin\", \"gni\"]\n"
	p, err := Parse("p.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	err = p.CheckIDs(known)
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *Error", err)
	}
	want := []string{
		`3:21:unknown technology id "postgress" in team.skills; did you mean "postgresql"?`,
		`5:9:unknown technology id "kafak" in organization.hold; did you mean "kafka"?`,
		`6:10:unknown technology id "cobol" in organization.adopt; ` + "`stacklint catalog` lists the ids",
		`7:20:unknown technology id "postgre" in organization.standard_stacks; did you mean "postgresql"?`,
		`9:22:unknown technology id "gni" in compare.candidates; did you mean "gin"?`,
	}
	if len(pe.Problems) != len(want) {
		t.Fatalf("problems = %v", pe.Problems)
	}
	for i, w := range want {
		got := pe.Problems[i]
		if s := itoa(got.Line) + ":" + itoa(got.Column) + ":" + got.Message; s != w {
			t.Errorf("problem %d = %q, want %q", i, s, w)
		}
	}
	if err := Default().CheckIDs(nil); err != nil {
		t.Errorf("the default profile: %v", err)
	}
}
