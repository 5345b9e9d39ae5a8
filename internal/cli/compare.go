package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/compare"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/source"
)

func newCompareCmd(env *Env) *cobra.Command {
	var (
		profileFlag, format, output, explain, today string
		candidates, exclude                         []string
	)
	cmd := &cobra.Command{
		Use:   "compare [PATH]",
		Short: "Score the current stack and candidate stacks against the profile, criterion by criterion",
		Long: `Compare reads the project profile (.stacklint.toml in PATH, or --profile) and the
stack detected in PATH, if any, and scores the current stack and candidate stacks on
each criterion of a stack decision. A repository may hold only a profile.

A candidate is a framework id from the catalog (` + "`stacklint catalog --layer framework`" + `).
Default candidates: ` + strings.Join(compare.DefaultCandidates, ", ") + `;
[compare] candidates in the profile or --candidates pick others.

Each candidate is a synthetic stack: the repository's stack with its language,
framework and their libraries swapped for the candidate's (datastores,
infrastructure and documents stay). The rules check runs are run on it, so
check and compare cannot disagree; the current stack's findings are check's.
Per-criterion scorers add what rules do not judge, from the catalog (talent-pool
share and survey year, concurrency model, multicore runtime, batteries such as ORM,
migrations, admin, auth, support dates) and the profile (team skills, load, data).

Every criterion starts at 5 and moves by its reasons (findings: error -4, warning
-2, notice -1), clamped to 0-10; migration (only with a current stack) starts at 10
and loses points for what a switch touches. Overall is the weighted mean x10.
The best of each row is marked, never an option with an error-level finding there.

Default weights by project.type (override in [compare.weights]):
` + compare.WeightsDoc() + `
Formats: text (the table), markdown, json (schema stacklint/compare/v1), html (one
self-contained page with a chart per option), adr (an architecture decision record in
MADR form for docs/adr/, which check's business/undocumented-decisions recognises).

Exit status: 0 done, 2 usage or configuration error.`,
		Example: `  stacklint compare
  stacklint compare --candidates nestjs,fastapi,spring-boot
  stacklint compare --explain nestjs
  stacklint compare --format adr -o docs/adr/0001-backend-stack.md`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			switch format {
			case "text", "json", "markdown", "md", "html", "adr":
			default:
				return usageErr("--format %q: expected text, json, markdown, html or adr", format)
			}
			in, err := openTree(cmd, root, profileFlag, today)
			if err != nil {
				return err
			}
			var cands []string
			for _, c := range candidates {
				for _, x := range strings.Split(c, ",") {
					if x = strings.TrimSpace(x); x != "" {
						cands = append(cands, x)
					}
				}
			}
			m, err := app.Compare(cmd.Context(), app.CompareOptions{FS: in.fsys, Root: root, ProfilePath: in.profilePath, ProfileName: in.profileName,
				Exclude: exclude, Candidates: cands, Today: in.today})
			if err != nil {
				var pe *profile.Error
				if errors.As(err, &pe) {
					return &exitError{code: ExitUsage, err: fmt.Errorf("the profile is invalid:\n%v", err)}
				}
				return usageErr("%v", err)
			}
			if explain != "" {
				if _, ok := m.Option(explain); !ok {
					return usageErr("%v", compare.Explain(io.Discard, m, explain))
				}
			}
			return writeOutput(env.Stdout, output, func(w io.Writer) error {
				if explain != "" {
					return compare.Explain(w, m, explain)
				}
				switch format {
				case "json":
					return compare.JSON(w, m)
				case "markdown", "md":
					return compare.Markdown(w, m)
				case "html":
					return compare.HTML(w, m)
				case "adr":
					return compare.ADR(w, m)
				}
				return compare.Text(w, m)
			})
		},
	}
	f := cmd.Flags()
	f.StringVarP(&profileFlag, "profile", "p", profile.FileName, "project profile (default: PATH/.stacklint.toml when present, else the embedded default)")
	f.StringVarP(&format, "format", "f", "text", "output format: text, json, markdown, html or adr")
	f.StringSliceVarP(&candidates, "candidates", "c", nil, "framework ids to compare instead of the defaults, e.g. nestjs,fastapi,spring-boot")
	f.StringVar(&explain, "explain", "", "print every reason of one option (a candidate id, or \"current\"), criterion by criterion")
	f.StringVarP(&output, "output", "o", "", "write the result to this file instead of standard output")
	f.StringArrayVarP(&exclude, "exclude", "x", nil, "skip paths matching this glob (doublestar); repeatable")
	f.StringVar(&today, "today", "", "compare support dates with this day (YYYY-MM-DD) instead of today")
	f.Lookup("today").Hidden = true
	return cmd
}

// tree is what check and compare read from their command line: the
// folder, the profile (path on disk and the name findings cite) and the
// day end-of-life dates are compared with.
type tree struct {
	fsys                     fs.FS
	profilePath, profileName string
	today                    time.Time
}

// openTree resolves PATH, --profile and --today; errors are usage errors.
func openTree(cmd *cobra.Command, root, profileFlag, today string) (tree, error) {
	var t tree
	if today != "" {
		day, err := time.Parse(time.DateOnly, today)
		if err != nil {
			return t, usageErr("--today %q: expected YYYY-MM-DD", today)
		}
		t.today = day
	}
	fsys, err := source.Dir(root)
	if err != nil {
		return t, usageErr("%v", err)
	}
	t.fsys = fsys
	if t.profilePath, t.profileName, err = findProfile(root, profileFlag, cmd.Flags().Changed("profile")); err != nil {
		return t, usageErr("%v", err)
	}
	return t, nil
}
