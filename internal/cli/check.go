package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/source"
)

// parseFailOn reads --fail-on: error, warning, notice or never.
func parseFailOn(v string) (rule.Severity, error) {
	if strings.EqualFold(strings.TrimSpace(v), "never") {
		return rule.SeverityNone, nil
	}
	s, err := rule.ParseSeverity(v)
	if err != nil {
		return 0, fmt.Errorf("--fail-on %q: expected error, warning, notice or never", v)
	}
	return s, nil
}

// findProfile resolves --profile: an explicit file must exist; by default
// PATH/.stacklint.toml is used when present, else the embedded default.
// It returns the disk path and the name findings cite.
func findProfile(root, flag string, explicit bool) (path, name string, err error) {
	if explicit {
		if _, err := os.Stat(flag); err != nil {
			return "", "", fmt.Errorf("profile %s: %w", flag, unwrapPath(err))
		}
		return flag, citeName(root, flag), nil
	}
	p := filepath.Join(root, profile.FileName)
	info, err := os.Lstat(p)
	if err != nil {
		return "", "", nil
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		// The folder's own profile may link within the folder, never out of
		// it (as in action mode): a link to a secrets file must not be read.
		r, err := os.OpenRoot(root)
		if err != nil {
			return "", "", fmt.Errorf("cannot read %s: %w", p, unwrapPath(err))
		}
		defer r.Close()
		if _, err := r.Stat(profile.FileName); err != nil {
			return "", "", fmt.Errorf("%s is a symbolic link that leaves %s or cannot be resolved; refused (name a profile outside the folder with --profile)", p, root)
		}
	}
	return p, profile.FileName, nil
}

// citeName is the profile path relative to the checked root when inside
// it (as evidence paths are), else as given.
func citeName(root, p string) string {
	ar, err1 := filepath.Abs(root)
	ap, err2 := filepath.Abs(p)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(ar, ap); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

func newCheckCmd(env *Env) *cobra.Command {
	var (
		profileFlag, format, failOn, output, base, commentKey string
		exclude                                               []string
		newOnly                                               bool
		today                                                 string
	)
	cmd := &cobra.Command{
		Use:   "check [PATH]",
		Short: "Check the stack against the project profile and report where they fight",
		Long: `Check scans PATH (default ".") and holds the stack against the project profile
(.stacklint.toml in PATH, or --profile). Each finding names its evidence (file:line),
the profile key that made the rule apply, and how to fix or waive it.

Without a profile only the rules that need no declared context run (end-of-life
runtimes, containers running as root, unpinned images, committed secrets, missing
migrations or CI); run 'stacklint init' to write one.

With --base REF the same repository is also scanned at the git revision REF, read
from git objects (no checkout, the working tree is not touched), and the report
says what changed: technologies added, removed and upgraded, and which findings
are new. --new-only then fails only on new findings.

Exit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or
configuration error (a bad profile prints every problem with file:line:column).`,
		Example: `  stacklint check
  stacklint check services/api --profile .stacklint.toml --format sarif -o stacklint.sarif
  stacklint check --base origin/main --new-only
  stacklint check --format markdown > comment.md`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			switch format {
			case "text", "json", "sarif", "markdown", "md", "line", "codeclimate", "rdjson":
			default:
				return usageErr("--format %q: expected %s", format, checkFormats)
			}
			fo, err := parseFailOn(failOn)
			if err != nil {
				return usageErr("%v", err)
			}
			if newOnly && base == "" {
				return usageErr("--new-only needs --base REF: without a base revision every finding is new")
			}
			in, err := openTree(cmd, root, profileFlag, today)
			if err != nil {
				return err
			}
			opts := app.CheckOptions{FS: in.fsys, Root: root, ProfilePath: in.profilePath, ProfileName: in.profileName, Exclude: exclude, FailOn: fo, NewOnly: newOnly, Today: in.today}
			if base != "" {
				rev, err := source.Git(cmd.Context(), root, base)
				if err != nil {
					return usageErr("--base: %v", err)
				}
				defer rev.Close()
				opts.Base, opts.BaseRef = rev, base
			}
			res, err := app.Check(cmd.Context(), opts)
			if err != nil {
				var pe *profile.Error
				if errors.As(err, &pe) {
					return &exitError{code: ExitUsage, err: fmt.Errorf("the profile is invalid:\n%v", err)}
				}
				return usageErr("%v", err)
			}
			mode, err := colorFlag(cmd)
			if err != nil {
				return err
			}
			toFile := output != "" && output != "-"
			color, width := useColor(mode, env, toFile), textWidth(env, toFile)
			if err := writeOutput(env.Stdout, output, func(w io.Writer) error {
				switch format {
				case "json":
					return report.CheckJSON(w, res.Report)
				case "sarif":
					return report.CheckSARIF(w, res.Report)
				case "markdown", "md":
					return report.CheckMarkdown(w, res.Report, report.MarkdownOptions{CommentKey: commentKey})
				case "line":
					return report.CheckLine(w, workdirRelative(res.Report, root))
				case "codeclimate":
					return report.CheckCodeClimate(w, workdirRelative(res.Report, root))
				case "rdjson":
					return report.CheckRDJSON(w, workdirRelative(res.Report, root))
				}
				return report.CheckText(w, res.Report, report.TextOptions{Color: color, Width: width})
			}); err != nil {
				return err
			}
			if output != "" {
				c := report.CountFindings(res.Report.Findings)
				fmt.Fprintf(env.Stderr, "stacklint: wrote %s (%d findings: %d errors, %d warnings, %d notices)\n", output, len(res.Report.Findings), c.Errors, c.Warnings, c.Notices)
			}
			if res.Report.ExitCode != 0 {
				return &exitError{code: res.Report.ExitCode}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&profileFlag, "profile", "p", profile.FileName, "project profile (default: PATH/.stacklint.toml when present, else the embedded default)")
	f.StringVarP(&format, "format", "f", "text", "output format: "+checkFormats)
	f.StringVar(&failOn, "fail-on", "error", "exit 1 when a finding is at or above: error, warning, notice or never")
	f.StringVarP(&output, "output", "o", "", "write the report to this file instead of standard output")
	f.StringVar(&base, "base", "", "also scan this git revision (branch, tag, commit) and report what changed")
	f.BoolVar(&newOnly, "new-only", false, "with --base: fail only on findings the change introduces")
	f.StringArrayVarP(&exclude, "exclude", "x", nil, "skip paths matching this glob (doublestar); repeatable")
	f.StringVar(&commentKey, "comment-key", "default", "markdown: the key in the hidden comment marker")
	f.StringVar(&today, "today", "", "compare end-of-life dates with this day (YYYY-MM-DD) instead of today")
	f.Lookup("today").Hidden = true
	return cmd
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
