package cli

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/internal/report"
)

// colorModes are the values of --color.
var colorModes = []string{"auto", "always", "never"}

// useColor decides whether a text report is coloured: --color always or
// never decides; with auto (the default), NO_COLOR (set and not empty) turns
// colour off, then FORCE_COLOR (set, not empty, not "0" or "false") turns it
// on, as CI logs want; otherwise a terminal gets colour, unless TERM is
// "dumb" or the report goes to a file.
func useColor(mode string, env *Env, toFile bool) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if env.Getenv("NO_COLOR") != "" {
		return false
	}
	if f := strings.ToLower(env.Getenv("FORCE_COLOR")); f != "" && f != "0" && f != "false" {
		return true
	}
	return !toFile && env.IsTerminal && env.Getenv("TERM") != "dumb"
}

// textWidth is the column a text report wraps at: the terminal's width, else
// COLUMNS, else report.DefaultWidth; a report written to a file uses the
// default.
func textWidth(env *Env, toFile bool) int {
	if toFile {
		return report.DefaultWidth
	}
	if env.TerminalWidth > 0 {
		return env.TerminalWidth
	}
	if n, err := strconv.Atoi(strings.TrimSpace(env.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return report.DefaultWidth
}

// colorFlag reads and checks the root's --color flag.
func colorFlag(cmd *cobra.Command) (string, error) {
	mode, err := cmd.Flags().GetString("color")
	if err != nil {
		return "auto", nil
	}
	for _, m := range colorModes {
		if mode == m {
			return mode, nil
		}
	}
	return "", usageErr("--color %q: expected auto, always or never", mode)
}
