package report

import (
	"bytes"
	"strings"
	"testing"
)

// maxLineWidth is the widest line of out, ANSI sequences not counted, and
// the line; words longer than the width (a long path) may overflow alone.
func maxLineWidth(out string) (int, string) {
	n, widest := 0, ""
	for _, l := range strings.Split(out, "\n") {
		if w := visibleLen(l); w > n {
			n, widest = w, l
		}
	}
	return n, widest
}

// TestTextReportsWrapToWidth: at 80 columns (a default terminal) no line
// of the check or scan report is wider, except one that holds a single word
// too long to break; 0 means the default 100, and nothing wraps below 60.
func TestTextReportsWrapToWidth(t *testing.T) {
	for _, width := range []int{80, 0, 130, 20} {
		want := wrapWidth(width)
		var check, scan bytes.Buffer
		if err := CheckText(&check, fullCheck(), TextOptions{Width: width, Color: true}); err != nil {
			t.Fatal(err)
		}
		if err := ScanText(&scan, scanFixture(), ScanMeta{Root: "repo", Width: width, Color: true}); err != nil {
			t.Fatal(err)
		}
		for name, out := range map[string]string{"check": check.String(), "scan": scan.String()} {
			for i, l := range strings.Split(out, "\n") {
				if visibleLen(l) > want && len(strings.Fields(l)) > 1 && !strings.Contains(l, "Seen:") {
					t.Errorf("%s at width %d: line %d is %d columns: %q", name, width, i+1, visibleLen(l), l)
				}
			}
		}
	}
	// Wider terminals use the room: fewer lines at 130 than at 80.
	var narrow, wide bytes.Buffer
	CheckText(&narrow, fullCheck(), TextOptions{Width: 80})
	CheckText(&wide, fullCheck(), TextOptions{Width: 130})
	if strings.Count(wide.String(), "\n") >= strings.Count(narrow.String(), "\n") {
		t.Errorf("the report is no shorter at 130 columns (%d lines) than at 80 (%d)", strings.Count(wide.String(), "\n"), strings.Count(narrow.String(), "\n"))
	}
	if n, _ := maxLineWidth(wide.String()); n <= 100 {
		t.Errorf("at 130 columns the widest line is %d columns: the width is not used", n)
	}
}

func TestScanTextColour(t *testing.T) {
	var plain, colour bytes.Buffer
	ScanText(&plain, scanFixture(), ScanMeta{Root: "repo"})
	ScanText(&colour, scanFixture(), ScanMeta{Root: "repo", Color: true})
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("colour without Color")
	}
	for _, want := range []string{ansiBold + "stacklint scan · repo", ansiBold + "Repository stack (production)" + ansiReset, ansiCyan + "Language & runtime"} {
		if !strings.Contains(colour.String(), want) {
			t.Errorf("coloured scan lacks %q", want)
		}
	}
	strip := func(s string) string {
		for _, c := range []string{ansiReset, ansiBold, ansiDim, ansiCyan, ansiYellow, ansiRed, ansiGreen} {
			s = strings.ReplaceAll(s, c, "")
		}
		return s
	}
	if strip(colour.String()) != plain.String() {
		t.Error("the coloured scan report differs from the plain one by more than colour")
	}
}
