// Package cli defines stacklint's command line: commands, flags, help and
// exit codes. It parses and delegates; the work is in internal/app.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/internal/buildinfo"
)

// Exit codes.
const (
	// ExitOK: nothing at or above the failure threshold.
	ExitOK = 0
	// ExitFindings: findings at or above the failure threshold.
	ExitFindings = 1
	// ExitUsage: bad flags, a bad profile, an unreadable path.
	ExitUsage = 2
)

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// Env is what a command sees of the outside world.
type Env struct {
	Stdout, Stderr io.Writer
	// Getenv reads environment variables (os.Getenv in production).
	Getenv func(string) string
	// IsTerminal reports whether Stdout is a terminal (for colour).
	IsTerminal bool
	// StderrTerminal reports whether Stderr is a terminal (for progress bars).
	StderrTerminal bool
	// TerminalWidth is Stdout's terminal width in columns, 0 when unknown or
	// not a terminal (COLUMNS, then 100, apply).
	TerminalWidth int
}

// Main runs stacklint with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	root := newRoot(&env)
	root.SetArgs(args)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(env.Stderr, "stacklint:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(env.Stderr, "stacklint:", err)
	return ExitUsage
}

func newRoot(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "stacklint",
		Short: "See the backend stack a repository really runs on, and where it fights the product you are building",
		Long: `stacklint reads a repository's manifests, Dockerfiles and infrastructure files and
infers its backend stack in five layers (language & runtime, framework, data layer,
infrastructure, supporting services), with file:line evidence for every technology.

Quick start:
  stacklint scan .                 what is this repository built on?
  stacklint check .                where does it fight the declared project profile?
  stacklint init .                 write a commented .stacklint.toml for this repository
  stacklint check --base main      what does this branch change?
  stacklint scan . --format json   the stack, for machines (schema stacklint/scan/v1)
  stacklint detectors              which files stacklint reads
  stacklint catalog                which technologies it knows`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	addVersionFlag(root)
	root.PersistentFlags().String("color", "auto", "colour the text reports: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always or never")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		_, err := colorFlag(cmd)
		return err
	}
	root.RegisterFlagCompletionFunc("color", cobra.FixedCompletions(colorModes, cobra.ShellCompDirectiveNoFileComp))
	root.CompletionOptions.HiddenDefaultCmd = false
	root.AddCommand(newScanCmd(env), newCheckCmd(env), newInitCmd(env), newCompareCmd(env), newRulesCmd(env), newExplainCmd(env), newDetectorsCmd(env), newCatalogCmd(env))
	root.AddCommand(newActionCmd(env), newAuditCmd(env), newMergeCmd(env), newHistoryCmd(env))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: ExitUsage, err: fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	return root
}

// addVersionFlag gives root the -v/--version flag that prints "stacklint
// <version>". cobra's own (Command.Version) prints "<name> version <v>", and
// changing that takes SetVersionTemplate, which links text/template: its
// reflection (reflect.Value.MethodByName) turns off the linker's removal of
// unused methods and adds megabytes to the binary and its start-up memory
// (TestNoReflectMethod in cmd/stacklint guards this). root has no Run, so
// cobra answers a bare `stacklint --version` with its help function, which
// is where the flag is honoured.
func addVersionFlag(root *cobra.Command) {
	root.Flags().BoolP("version", "v", false, "version for "+root.Name())
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c == root {
			v, _ := c.Flags().GetBool("version")
			h, _ := c.Flags().GetBool("help")
			if v && !h {
				fmt.Fprintf(c.OutOrStdout(), "stacklint %s\n", buildinfo.Get().String())
				return
			}
		}
		help(c, args)
	})
}

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}
