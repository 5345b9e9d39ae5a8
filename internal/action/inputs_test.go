package action

import (
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
)

func inputsFrom(m map[string]string) func(string) string {
	return func(k string) string { return strings.TrimSpace(m[k]) }
}

func TestParseInputsDefaults(t *testing.T) {
	in, err := ParseInputs(inputsFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Inputs{Path: ".", Profile: ".stacklint.toml", FailOn: rule.SeverityError, NewOnly: true, Comment: "sticky", CommentKey: "default", WhenClean: "update"}
	if in != want {
		t.Errorf("defaults = %+v, want %+v", in, want)
	}
}

func TestParseInputs(t *testing.T) {
	in, err := ParseInputs(inputsFrom(map[string]string{
		"path": "services/api/", "profile": "config/stacklint.toml", "fail_on": "Warning", "new_only": "false",
		"comment": "off", "comment_key": "services/api", "when_clean": "minimize", "sarif_file": "out/stacklint.sarif",
		"github_token": "ghs_x",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Inputs{Path: "services/api", Profile: "config/stacklint.toml", ProfileSet: true, FailOn: rule.SeverityWarning, NewOnly: false,
		Comment: "off", CommentKey: "services/api", WhenClean: "minimize", SARIFFile: "out/stacklint.sarif", Token: "ghs_x"}
	if in != want {
		t.Errorf("got %+v, want %+v", in, want)
	}
	for v, want := range map[string]rule.Severity{"never": rule.SeverityNone, "notice": rule.SeverityNotice, "error": rule.SeverityError, "NONE": rule.SeverityNone} {
		in, err := ParseInputs(inputsFrom(map[string]string{"fail_on": v}))
		if err != nil || in.FailOn != want {
			t.Errorf("fail_on %q: %v, %v", v, in.FailOn, err)
		}
	}
}

func TestParseInputsErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    map[string]string
		wants []string
	}{
		{"fail_on", map[string]string{"fail_on": "critical"}, []string{`input fail_on: "critical" is not valid; expected error, warning, notice or never`}},
		{"new_only", map[string]string{"new_only": "maybe"}, []string{`input new_only: "maybe" is not valid; expected true or false`}},
		{"comment", map[string]string{"comment": "always"}, []string{`input comment: "always" is not valid; expected sticky or off`}},
		{"when_clean", map[string]string{"when_clean": "hide"}, []string{`input when_clean: "hide" is not valid; expected update, delete or minimize`}},
		{"path escapes", map[string]string{"path": "../other"}, []string{`input path: "../other" must be a path relative to the workspace`}},
		{"absolute path", map[string]string{"path": "/etc"}, []string{`input path: "/etc" must be a path relative to the workspace`}},
		{"profile escapes", map[string]string{"profile": "a/../../x.toml"}, []string{`input profile: "a/../../x.toml" must be a path relative`}},
		{"sarif escapes", map[string]string{"sarif_file": "../x.sarif"}, []string{`input sarif_file: "../x.sarif" must be`}},
		{"sarif is the workspace", map[string]string{"sarif_file": "./"}, []string{`input sarif_file: "./" is not valid`}},
		{"all at once", map[string]string{"fail_on": "x", "when_clean": "y", "comment": "z"}, []string{"fail_on", "when_clean", "comment"}},
	} {
		_, err := ParseInputs(inputsFrom(tc.in))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.name, err, w)
			}
		}
	}
}
