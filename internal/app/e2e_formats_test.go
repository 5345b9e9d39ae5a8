package app_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/report"
)

// integrationFormats are the check formats read by other tools (editors,
// GitLab, reviewdog): each end-to-end fixture has a golden of each, which
// internal/report's tests also hold against the problem matcher and the
// formats' schemas.
var integrationFormats = []struct {
	ext    string
	render func(*bytes.Buffer, *report.Check) error
}{
	{".line", func(b *bytes.Buffer, c *report.Check) error { return report.CheckLine(b, c) }},
	{".codeclimate.json", func(b *bytes.Buffer, c *report.Check) error { return report.CheckCodeClimate(b, c) }},
	{".rdjson", func(b *bytes.Buffer, c *report.Check) error { return report.CheckRDJSON(b, c) }},
}

// checkIntegrationGoldens compares every integration format of a
// fixture's check with its golden under testdata/golden/check.
func checkIntegrationGoldens(t *testing.T, name string, c *report.Check) {
	t.Helper()
	for _, f := range integrationFormats {
		var b bytes.Buffer
		if err := f.render(&b, c); err != nil {
			t.Fatalf("%s: %v", f.ext, err)
		}
		detecttest.GoldenBytes(t, filepath.Join(goldenDir, "check", name+f.ext), b.Bytes())
	}
}
