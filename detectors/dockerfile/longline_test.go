package dockerfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// Issue 9: a line over 64 KiB (the parser's line limit) was reported at
// line 1; the diagnostic names the long line and its length.
func TestLongLineReportedWhereItIs(t *testing.T) {
	src := "FROM golang:1.22\nRUN echo a\nRUN echo " + strings.Repeat("x", 70000) + "\nCMD [\"app\"]\n"
	_, err := detecttest.Detect(Detector, "Dockerfile", []byte(src))
	var pe *detect.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a ParseError", err)
	}
	if pe.Line != 3 || !strings.Contains(pe.Msg, "70,009 bytes") || !strings.Contains(pe.Msg, "65,535 bytes per line") {
		t.Errorf("got %d: %s", pe.Line, pe.Msg)
	}
}
