package cli

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/stacklint/stacklint/internal/report"
)

// checkFormats names the report formats of `stacklint check`.
const checkFormats = "text, json, sarif, markdown, line, codeclimate or rdjson"

// workdirRelative returns the report with paths relative to the working
// directory rather than to the checked root, for the formats read by
// tools that open files from where they run (an editor, GitLab, reviewdog
// at the repository root): `stacklint check services/api --format line`
// prints services/api/package.json:3:1. A root outside the working
// directory keeps root-relative paths. The report itself is not changed.
func workdirRelative(c *report.Check, root string) *report.Check {
	if c.PathPrefix != "" {
		return c
	}
	prefix := ""
	if abs, err := filepath.Abs(root); err == nil {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				prefix = filepath.ToSlash(rel)
			}
		}
	}
	if prefix == "." {
		prefix = ""
	}
	out := *c
	out.PathPrefix = prefix
	return &out
}
