package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUseColor(t *testing.T) {
	for _, tc := range []struct {
		mode     string
		env      map[string]string
		terminal bool
		toFile   bool
		want     bool
	}{
		{"auto", nil, true, false, true},
		{"auto", nil, false, false, false},
		{"auto", nil, true, true, false},
		{"auto", map[string]string{"NO_COLOR": "1"}, true, false, false},
		{"auto", map[string]string{"NO_COLOR": ""}, true, false, true},
		{"auto", map[string]string{"TERM": "dumb"}, true, false, false},
		{"auto", map[string]string{"FORCE_COLOR": "1"}, false, false, true},
		{"auto", map[string]string{"FORCE_COLOR": "true"}, false, true, true},
		{"auto", map[string]string{"FORCE_COLOR": "0"}, false, false, false},
		{"auto", map[string]string{"FORCE_COLOR": "false"}, true, false, true},
		{"auto", map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1"}, true, false, false},
		{"always", map[string]string{"NO_COLOR": "1"}, false, true, true},
		{"never", map[string]string{"FORCE_COLOR": "1"}, true, false, false},
	} {
		env := &Env{Getenv: func(k string) string { return tc.env[k] }, IsTerminal: tc.terminal}
		if got := useColor(tc.mode, env, tc.toFile); got != tc.want {
			t.Errorf("--color %s, env %v, terminal %v, file %v: colour %v, want %v", tc.mode, tc.env, tc.terminal, tc.toFile, got, tc.want)
		}
	}
}

func TestTextWidth(t *testing.T) {
	for _, tc := range []struct {
		terminal int
		columns  string
		toFile   bool
		want     int
	}{
		{132, "80", false, 132}, // the terminal's own size first
		{0, "80", false, 80},    // then COLUMNS
		{0, " 90 ", false, 90},
		{0, "wide", false, 100}, // else 100
		{0, "", false, 100},
		{132, "80", true, 100}, // a file is not a terminal
	} {
		env := &Env{TerminalWidth: tc.terminal, Getenv: func(k string) string {
			if k == "COLUMNS" {
				return tc.columns
			}
			return ""
		}}
		if got := textWidth(env, tc.toFile); got != tc.want {
			t.Errorf("terminal %d, COLUMNS %q, file %v: width %d, want %d", tc.terminal, tc.columns, tc.toFile, got, tc.want)
		}
	}
}

// TestColorAndWidthEndToEnd runs scan and check as a CI log would see them.
func TestColorAndWidthEndToEnd(t *testing.T) {
	const repo = "../../testdata/repos/high-load-saas"
	for _, cmd := range []string{"scan", "check"} {
		out, errs, code := run(t, map[string]string{"FORCE_COLOR": "1", "COLUMNS": "80"}, cmd, repo)
		if code > 1 {
			t.Fatalf("%s: exit %d: %s", cmd, code, errs)
		}
		if !strings.Contains(out, "\x1b[1m") {
			t.Errorf("%s with FORCE_COLOR=1 has no colour:\n%s", cmd, out)
		}
		for i, l := range strings.Split(stripANSI(out), "\n") {
			if utf8.RuneCountInString(l) > 80 && len(strings.Fields(l)) > 1 {
				t.Errorf("%s at COLUMNS=80: line %d is %d columns: %q", cmd, i+1, utf8.RuneCountInString(l), l)
			}
		}
		out, _, _ = run(t, map[string]string{"FORCE_COLOR": "1"}, cmd, "--color", "never", repo)
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%s --color never has colour", cmd)
		}
	}
	_, errs, code := run(t, nil, "scan", "--color", "sometimes", repo)
	if code != ExitUsage || !strings.Contains(errs, "auto, always or never") {
		t.Errorf("--color sometimes: exit %d, %q", code, errs)
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	esc := false
	for _, r := range s {
		switch {
		case esc:
			esc = r != 'm'
		case r == '\x1b':
			esc = true
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
