package cli

import (
	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/internal/action"
)

func newActionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "action",
		Short: "Run as a GitHub Actions step (the entrypoint of the stacklint action)",
		Long: `Action runs stacklint inside a GitHub Actions job, as the entrypoint of the
Docker action (action.yml). It reads its inputs from INPUT_* variables, the event
from GITHUB_EVENT_PATH and the repository from GITHUB_WORKSPACE; on pull requests it
compares with the base revision (read through the API) and keeps one sticky comment;
it writes annotations, the job summary, step outputs and, when asked, SARIF.

The exit code comes from fail_on and new_only alone: 0, 1 for failing findings,
2 for configuration errors. API problems (a read-only token on fork pull requests,
an unreadable base) become warnings. Outside GitHub Actions it explains what it
needs; use 'stacklint check' locally.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			code := action.Run(cmd.Context(), action.Env{Getenv: env.Getenv, Stdout: env.Stdout, Stderr: env.Stderr})
			if code != 0 {
				return &exitError{code: code}
			}
			return nil
		},
	}
}
