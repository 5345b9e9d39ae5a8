package docs

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/detectors/internal/dotenv"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

var all = []detect.Detector{ADR, ScalingPlan, Runbook, SecurityPolicy, EnvSecrets}

// fakeValues are the secret values of the fixture; none may leak.
var fakeValues = []string{"fake-django-secret", "fake-db-pass-42", "sk_test_FAKE", "fake-multiline-body", "fake-dev-token-value", "fake-test-pass", "BEGIN FAKE KEY"}

func TestGolden(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/design.txtar"), all...)
	detecttest.Golden(t, "testdata/design.golden.json", res)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	b, _ := json.Marshal(res)
	for _, v := range fakeValues {
		if strings.Contains(string(b), v) {
			t.Errorf("secret value %q leaked into the scan result", v)
		}
	}
	var keys []string
	for _, s := range res.Signals {
		switch s.Name {
		case stack.FactCommittedSecret:
			keys = append(keys, s.File+":"+s.Attr("key")+":"+s.Scope)
		case stack.FactADR, stack.FactScalingPlan, stack.FactRunbook, stack.FactSecurityPolicy:
			if s.Scope != stack.ScopeRuntime {
				t.Errorf("design documents keep their scope: %+v", s)
			}
		}
		if s.File == "docs/adr/template.md" || s.File == "docs/adr/README.md" || s.File == "services/api/SECURITY.md" || s.File == ".env.example" {
			t.Errorf("unexpected signal %+v", s)
		}
	}
	want := ".env:SECRET_KEY:runtime .env:DATABASE_URL:runtime .env:STRIPE_API_KEY:runtime .env:PRIVATE_KEY:runtime .env.development:API_TOKEN:dev tests/.env:TEST_PASSWORD:non-production"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("committed secrets:\n got %s\nwant %s", got, want)
	}
}

func TestSecretEntry(t *testing.T) {
	cases := []struct {
		key, value string
		want       bool
	}{
		{"SECRET_KEY", "abc123", true}, {"DB_PASSWORD", "hunter2x", true}, {"GITHUB_TOKEN", "ghp_fake", true},
		{"AWS_SECRET_ACCESS_KEY", "fakefake", true}, {"OPENAI_API_KEY", "sk-fake", true}, {"GOOGLE_APPLICATION_CREDENTIALS_JSON", "{}x", true},
		{"ENCRYPTION_KEY", "k", true}, {"APIKEY", "k", true},
		{"SECRET_KEY", "", false}, {"SECRET_KEY", "changeme", false}, {"SECRET_KEY", "changethis", false}, {"POSTGRES_PASSWORD", "change_this_password", false}, {"SECRET_KEY", "xxxxxx", false}, {"SECRET_KEY", "<secret>", false},
		{"SECRET_KEY", "${SECRET}", false}, {"SECRET_KEY", "$SECRET", false}, {"SECRET_KEY", "your-secret-here", false}, {"SECRET_KEY", "CHANGE_ME", false},
		{"NEXT_PUBLIC_API_KEY", "abc", false}, {"STRIPE_PUBLISHABLE_KEY", "pk", false}, {"TOKEN_TTL", "3600", false},
		{"AWS_ACCESS_KEY_ID", "AKIAFAKE", false}, {"PASSWORD_MIN_LENGTH", "12", false}, {"APP_NAME", "x", false}, {"SECRET_ARN", "arn:aws:x", false},
		{"DATABASE_URL", "postgres://u:p4ss@h/db", true}, {"DATABASE_URL", "postgres://u@h/db", false}, {"DATABASE_URL", "postgres://u:@h/db", false},
		{"DATABASE_URL", "postgres://u:changeme@h/db", false}, {"MONGO_URI", "mongodb+srv://u:realish@c.example.net", true},
		{"REDIS_URL", "redis://h:6379", false}, {"DB_CONNECTION_STRING", "Server=h;User Id=u;Password=fakepw;", true},
		{"TOKEN_URL", "https://auth/token", false},
		// an ERB template tag, cut by the " #" comment rule before #{...}
		{"RAILS_MASTER_KEY", "<%= `op read \"op://Vault/App/key\" --session", false}, {"RAILS_MASTER_KEY", "<%= ENV.fetch(\"K\") %>", false},
	}
	for _, c := range cases {
		if got := secretEntry(c.key, c.value); got != c.want {
			t.Errorf("secretEntry(%s, ...) = %v, want %v", c.key, got, c.want)
		}
	}
}

func errLines(err error) []int {
	if err == nil {
		return nil
	}
	var lns []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *detect.ParseError
		if errors.As(e, &pe) {
			lns = append(lns, pe.Line)
		}
	}
	return lns
}

func TestEnvNames(t *testing.T) {
	for name, want := range map[string]bool{
		".env": true, ".env.production": true, ".env.local": true, ".env.production.local": true, ".env.ci-2": true,
		".env.patch.notes": false, ".env.foo.bar": false, ".env.a b": false, ".env..local": false,
	} {
		if got := clearlyDotenv(name); got != want {
			t.Errorf("clearlyDotenv(%q) = %v, want %v", name, got, want)
		}
	}
	// sentry self-hosted ships .env.patch, a diff: not read, no diagnostics.
	sigs, err := detecttest.Detect(EnvSecrets, "weird/.env.custom.thing", []byte("garbage line\n=broken\nSECRET_KEY=zzfakezz\n"))
	if err != nil || len(sigs) != 1 || sigs[0].Attr("key") != "SECRET_KEY" {
		t.Errorf("lenient file: %v %v", sigs, err)
	}
	_, err = detecttest.Detect(EnvSecrets, ".env.staging", []byte("garbage line\n=broken\n"))
	if lns := errLines(err); len(lns) != 1 || lns[0] != 2 {
		t.Errorf(".env.staging errors %v", err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestMatch(t *testing.T) {
	cases := []struct {
		d    detect.Detector
		path string
		want bool
	}{
		{ADR, "docs/adr/0001-use-postgres.md", true}, {ADR, "doc/architecture/decisions/0003-x.md", true}, {ADR, "adr/adr-001.md", true},
		{ADR, "svc/docs/decisions/12_x.md", true}, {ADR, "docs/adr/README.md", false}, {ADR, "notes/0001-x.md", false},
		{ADR, "src/decisions/0001-x.md", false}, {ADR, "docs/adr/0001-x.txt", false}, {ADR, "architecture/decisions/ADR0004.md", true},
		{ScalingPlan, "SCALING.md", true}, {ScalingPlan, "docs/scaling-2025.md", true}, {ScalingPlan, "docs/capacity/plan.md", false},
		{ScalingPlan, "docs/capacity-plan.md", true}, {ScalingPlan, "ARCHITECTURE.md", true}, {ScalingPlan, "docs/architecture/overview.md", false},
		{ScalingPlan, "docs/architecture.md", true}, {ScalingPlan, "src/scaling.go", false}, {ScalingPlan, "lib/scaling_test.md", false},
		{Runbook, "RUNBOOK.md", true}, {Runbook, "docs/runbooks/x.md", true}, {Runbook, "ops/runbook-db.md", true}, {Runbook, "docs/x.md", false},
		{SecurityPolicy, "SECURITY.md", true}, {SecurityPolicy, ".github/SECURITY.md", true}, {SecurityPolicy, "docs/security.md", true},
		{SecurityPolicy, "pkg/SECURITY.md", false},
		{EnvSecrets, ".env", true}, {EnvSecrets, "api/.env.production", true}, {EnvSecrets, ".env.local", true}, {EnvSecrets, ".env.example", false},
		{EnvSecrets, ".env.local.sample", false}, {EnvSecrets, ".env.dist", false}, {EnvSecrets, ".env.template", false}, {EnvSecrets, ".envrc", false},
		{EnvSecrets, ".env.vault", false}, {EnvSecrets, "prod.env", false},
		{EnvSecrets, ".env.patch", false}, {EnvSecrets, ".env.diff", false}, {EnvSecrets, ".env.orig", false}, {EnvSecrets, ".env.rej", false},
		{EnvSecrets, ".env.bak", false}, {EnvSecrets, ".env.production.bak", false}, {EnvSecrets, ".env.swp", false}, {EnvSecrets, ".env.gpg", false},
		{EnvSecrets, ".env.age", false}, {EnvSecrets, ".env.enc", false}, {EnvSecrets, ".env.lock", false}, {EnvSecrets, ".env.md", false},
		{EnvSecrets, ".env.local~", false}, {EnvSecrets, ".env.production.local", true}, {EnvSecrets, ".env.staging", true},
	}
	for _, c := range cases {
		if got := c.d.Match(c.path); got != c.want {
			t.Errorf("%s.Match(%q) = %v, want %v", c.d.Name, c.path, got, c.want)
		}
	}
}

func TestDocuments(t *testing.T) {
	sigs, _ := detecttest.Detect(ScalingPlan, "ARCHITECTURE.md", []byte("# A\n## Load testing\n## Capacity\n"))
	if len(sigs) != 1 || sigs[0].Attr("title") != "Load testing" || sigs[0].Line != 2 {
		t.Errorf("%+v", sigs)
	}
	sigs, _ = detecttest.Detect(ScalingPlan, "ARCHITECTURE.md", []byte("# A\n## Components\n"))
	if len(sigs) != 0 {
		t.Errorf("no scaling heading: %+v", sigs)
	}
	sigs, _ = detecttest.Detect(ScalingPlan, "SCALING.md", nil)
	if len(sigs) != 0 {
		t.Errorf("empty plan: %+v", sigs)
	}
	sigs, _ = detecttest.Detect(ADR, "docs/adr/0007-x.md", []byte("no heading\nstatus: superseded by 9\n"))
	if len(sigs) != 1 || sigs[0].Attr("title") != "0007-x" || sigs[0].Attr("number") != "7" || sigs[0].Attr("status") != "superseded by" {
		t.Errorf("%+v", sigs)
	}
	// MADR's list form.
	sigs, _ = detecttest.Detect(ADR, "docs/adr/0001-stack.md", []byte("# Choose the stack\n\n* Status: proposed\n* Date: 2026-12-02\n"))
	if len(sigs) != 1 || sigs[0].Attr("status") != "proposed" {
		t.Errorf("MADR status: %+v", sigs)
	}
}

func FuzzEnvSecrets(f *testing.F) {
	for _, s := range []string{
		"", "A=1\n", "SECRET_KEY=zzfakezz\nexport TOKEN='zzfakezz'\n", "PASSWORD=\"zzfake\nzz\"\n", "DATABASE_URL=postgres://u:zzfakezz@h/d\n",
		"=\n", "A\n", "K: v\n", "X=\"", "X=`a", "\xff=\xfe", "Run with PORT=1\n-OLD=1\n+NEW=2\n", "diff --git a/.env b/.env\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(EnvSecrets, ".env", data)
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var pe *detect.ParseError
				if !errors.As(e, &pe) || pe.Msg == "" {
					t.Fatalf("error %v is not a ParseError", e)
				}
			}
		}
		// Nothing but the key name may come out: facts carry only the key,
		// and error messages are fixed texts that never quote the file.
		for _, sg := range sigs {
			if sg.Version != "" || len(sg.Attrs) != 1 || sg.Attr("key") == "" || !dotenv.ValidKey(sg.Attr("key")) {
				t.Fatalf("unexpected signal content %+v", sg)
			}
		}
		if err != nil {
			for _, m := range strings.Split(err.Error(), "\n") {
				if !fixedMessage.MatchString(m) {
					t.Fatalf("error message %q is not a fixed text", m)
				}
			}
		}
	})
}

var fixedMessage = regexp.MustCompile("^:\\d+(:\\d+)?: (expected a variable name before =|expected a variable name of letters, digits, _ . or - before =|unterminated quoted value: expected a closing [\"'`])$")

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"", "# T\n## Scaling\n", "```\n# x\n", "#\n##\n####### x\n", "Status: ok\n## Status\n\n**Accepted**\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range []detect.Detector{ADR, ScalingPlan, Runbook} {
			sigs, err := detecttest.Detect(d, "docs/adr/0001-architecture.md", data)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sigs {
				if s.Line < 1 {
					t.Fatalf("line %d", s.Line)
				}
			}
		}
	})
}

func TestAnyCase(t *testing.T) {
	got := anyCase("*.md", "x_1", "SeC")
	want := []string{"*.md", "*.mD", "*.Md", "*.MD", "x_1", "X_1", "sec", "seC", "sEc", "sEC", "Sec", "SeC", "SEc", "SEC"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("anyCase = %q, want %q", got, want)
	}
	if n := len(anyCase("*.markdown")); n != 256 {
		t.Errorf("%d spellings of *.markdown, want 256", n)
	}
	if len(anyCase()) != 0 {
		t.Error("spellings of nothing")
	}
	// It runs at every start for every pattern: a few allocations, not one
	// per spelling.
	if n := testing.AllocsPerRun(10, func() { anyCase("*.md", "*.markdown", "SECURITY") }); n > 3 {
		t.Errorf("anyCase makes %.0f allocations", n)
	}
}
