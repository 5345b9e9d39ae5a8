package action

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sethvargo/go-githubactions"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

type recorded struct {
	sev    rule.Severity
	fields map[string]string
	msg    string
}

type fakeAnnotator struct{ got []recorded }

func (f *fakeAnnotator) Annotate(sev rule.Severity, fields map[string]string, msg string) {
	f.got = append(f.got, recorded{sev, fields, msg})
}

func finding(sev rule.Severity, id, file string, line int, isNew bool) rule.Finding {
	f := rule.Finding{RuleID: id, Title: "Title of " + id, Severity: sev, Message: "Message of " + id, Remediation: "Fix it.", New: isNew}
	if file != "" {
		f.Evidence = []stack.Evidence{{File: file, Line: line}}
	}
	return f
}

func TestAnnotateCaps(t *testing.T) {
	var fs []rule.Finding
	// Notices first, to check ordering is by severity, not input order.
	for i := 0; i < 12; i++ {
		fs = append(fs, finding(rule.SeverityNotice, fmt.Sprintf("n/%02d", i), "go.mod", i+1, false))
	}
	for i := 0; i < 14; i++ {
		fs = append(fs, finding(rule.SeverityError, fmt.Sprintf("e/%02d", i), "package.json", i+1, i == 13))
	}
	for i := 0; i < 3; i++ {
		fs = append(fs, finding(rule.SeverityWarning, fmt.Sprintf("w/%02d", i), "Dockerfile", i+1, false))
	}
	fs = append(fs, finding(rule.SeverityError, "scalability/no-scaling-plan", "", 0, true), finding(rule.SeverityWarning, "x/abs", "/etc/passwd", 1, false))

	var a fakeAnnotator
	st := Annotate(&a, fs, "services/api")
	if len(a.got) != 23 {
		t.Fatalf("%d annotations, want 10 errors + 3 warnings + 10 notices", len(a.got))
	}
	if st.Shown[rule.SeverityError] != 10 || st.Hidden[rule.SeverityError] != 4 || st.Shown[rule.SeverityWarning] != 3 ||
		st.Shown[rule.SeverityNotice] != 10 || st.Hidden[rule.SeverityNotice] != 2 || st.RepoLevel != 2 || st.HiddenTotal() != 6 {
		t.Errorf("stats %+v", st)
	}
	for i, r := range a.got {
		if i > 0 && r.sev > a.got[i-1].sev {
			t.Fatalf("annotation %d (%v) after a less severe one", i, r.sev)
		}
	}
	first := a.got[0]
	if first.sev != rule.SeverityError || first.fields["title"] != "Title of e/13 (e/13)" {
		t.Errorf("the new error must come first: %+v", first)
	}
	if first.fields["file"] != "services/api/package.json" || first.fields["line"] != "14" {
		t.Errorf("repository-relative location: %+v", first.fields)
	}
	if first.msg != "Message of e/13\nFix: Fix it." {
		t.Errorf("message %q", first.msg)
	}
	for _, r := range a.got {
		if strings.Contains(r.fields["title"], "no-scaling-plan") || strings.Contains(r.fields["file"], "etc/passwd") {
			t.Errorf("repository-level or outside finding annotated: %+v", r)
		}
	}
	note := st.summaryNote()
	for _, w := range []string{"10 of 14 errors", "10 of 12 notices", "6 more", "2 findings concern the whole repository"} {
		if !strings.Contains(note, w) {
			t.Errorf("summary note lacks %q:\n%s", w, note)
		}
	}
}

func TestAnnotateWorkflowCommands(t *testing.T) {
	var out bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&out), githubactions.WithGetenv(func(string) string { return "" }))
	f := finding(rule.SeverityError, "time-to-market/over-engineered-mvp", "package.json", 16, true)
	f.Title = "Over-engineered MVP"
	f.Message = "The profile says mvp, and the stack runs Kafka: 100% heavy."
	w := finding(rule.SeverityWarning, "data/too-many-stores", "package.json", 17, true)
	n := finding(rule.SeverityNotice, "docs/undocumented", "README.md", 0, false)
	Annotate(workflow{a: a}, []rule.Finding{n, w, f}, "")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		"::error file=package.json,line=16,title=Over-engineered MVP (time-to-market/over-engineered-mvp)::The profile says mvp, and the stack runs Kafka: 100%25 heavy.%0AFix: Fix it.",
		"::warning file=package.json,line=17,title=Title of data/too-many-stores (data/too-many-stores)::Message of data/too-many-stores%0AFix: Fix it.",
		"::notice file=README.md,title=Title of docs/undocumented (docs/undocumented)::Message of docs/undocumented%0AFix: Fix it.",
	}
	if len(lines) != len(want) {
		t.Fatalf("got:\n%s", out.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], want[i])
		}
	}
}

func TestFileCommandReady(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "output")
	env := map[string]string{"GITHUB_OUTPUT": ok, "GITHUB_STEP_SUMMARY": dir, "GITHUB_ENV": filepath.Join(dir, "missing", "env")}
	getenv := func(k string) string { return env[k] }
	if err := fileCommandReady(getenv, "GITHUB_OUTPUT"); err != nil {
		t.Errorf("writable: %v", err)
	}
	if err := fileCommandReady(getenv, "GITHUB_STATE"); err == nil || !strings.Contains(err.Error(), "GITHUB_STATE is not set") {
		t.Errorf("unset: %v", err)
	}
	if err := fileCommandReady(getenv, "GITHUB_STEP_SUMMARY"); err == nil || !strings.Contains(err.Error(), "not writable") {
		t.Errorf("a folder: %v", err)
	}
	if err := fileCommandReady(getenv, "GITHUB_ENV"); err == nil {
		t.Error("missing folder: no error")
	}

	// The guarded file command writes outputs in the runner's format and
	// never lets the library panic.
	var stdout bytes.Buffer
	a := githubactions.New(githubactions.WithWriter(&stdout), githubactions.WithGetenv(getenv))
	w := workflow{a: a, getenv: getenv}
	if err := w.fileCommand("GITHUB_OUTPUT", func() { a.SetOutput("stack", `[{"id":"kafka"}]`) }); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(ok)
	if outs := parseOutputs(string(got)); outs["stack"] != `[{"id":"kafka"}]` {
		t.Errorf("output file:\n%s", got)
	}
	if err := w.fileCommand("GITHUB_STEP_SUMMARY", func() { a.AddStepSummary("x") }); err == nil {
		t.Error("unwritable summary: no error")
	}
	if err := w.fileCommand("GITHUB_OUTPUT", func() { panic("boom") }); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panic not recovered: %v", err)
	}
}

func TestStackJSON(t *testing.T) {
	st := &stack.Stack{Technologies: []stack.Technology{
		{ID: "nodejs", Name: "Node.js", Layer: stack.LayerLanguage, Versions: []string{">=20.11"}, Scope: stack.ScopeRuntime},
		{ID: "kafka", Name: "Apache Kafka", Layer: stack.LayerSupporting, Scope: stack.ScopeRuntime},
		{ID: "jest", Name: "Jest", Layer: stack.LayerSupporting, Scope: stack.ScopeDev},
	}}
	want := `[{"id":"nodejs","name":"Node.js","layer":"language","versions":[">=20.11"]},{"id":"kafka","name":"Apache Kafka","layer":"supporting","versions":[]}]`
	if got := StackJSON(st); got != want {
		t.Errorf("StackJSON:\n got %s\nwant %s", got, want)
	}
	if got := StackJSON(nil); got != "[]" {
		t.Errorf("nil stack: %s", got)
	}
}

// parseOutputs reads a GITHUB_OUTPUT file: name<<DELIMITER lines and
// name=value lines.
func parseOutputs(s string) map[string]string {
	out := map[string]string{}
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if name, delim, ok := strings.Cut(l, "<<"); ok {
			var val []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				val = append(val, lines[i])
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		if name, val, ok := strings.Cut(l, "="); ok {
			out[name] = val
		}
	}
	return out
}
