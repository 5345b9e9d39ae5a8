package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/internal/history"
)

func newHistoryCmd(env *Env) *cobra.Command {
	var db, tech, since, until, format, output string
	cmd := &cobra.Command{
		Use:   "history --db FILE|URL --tech ID [--since DATE] [--until DATE]",
		Short: "Which repositories adopted or dropped a technology between two dates (from audit --history)",
		Long: `History reads the database 'stacklint audit --history' writes (a SQLite file or a
postgres:// URL) and answers which repositories adopted or dropped a technology
(a catalog id: stacklint catalog) between two dates, inclusive.

For each repository the baseline is its last snapshot before --since, else its
first snapshot in the period (a repository first audited during the period is
not counted as having adopted what it already ran). Adopted: not run at the
baseline, run at the last snapshot up to --until; dropped: the reverse; kept:
run at both; adopted and dropped again: run in between only. Each change names the first snapshot (date and commit) showing it.

The schema is documented in docs/history.md, for queries of your own with any
SQLite or PostgreSQL client.`,
		Example: `  stacklint history --db fleet.db --tech kafka --since 2026-01-01 --until 2026-12-01
  stacklint history --db "$HISTORY_URL" --tech redis --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if db == "" || tech == "" {
				return usageErr("--db and --tech are required")
			}
			if format != "text" && format != "json" {
				return usageErr("--format %q: expected text or json", format)
			}
			from, to := time.Time{}, time.Now().UTC()
			var err error
			if since != "" {
				if from, err = time.Parse(time.DateOnly, since); err != nil {
					return usageErr("--since %q: expected YYYY-MM-DD", since)
				}
			}
			if until != "" {
				if to, err = time.Parse(time.DateOnly, until); err != nil {
					return usageErr("--until %q: expected YYYY-MM-DD", until)
				}
			}
			if to.Before(from) {
				return usageErr("--until %s is before --since %s", until, since)
			}
			if !history.IsPostgres(db) {
				// Reading must not create an empty database.
				if _, err := os.Stat(db); err != nil {
					return usageErr("--db %s: %v", db, unwrapPath(err))
				}
			}
			hs, err := history.Open(cmd.Context(), db)
			if err != nil {
				return usageErr("%v", err)
			}
			defer hs.Close()
			a, err := hs.Adoption(cmd.Context(), strings.ToLower(tech), from, to)
			if err != nil {
				return err
			}
			return writeOutput(env.Stdout, output, func(w io.Writer) error {
				if format == "json" {
					enc := json.NewEncoder(w)
					enc.SetIndent("", "  ")
					return enc.Encode(a)
				}
				return adoptionText(w, a)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&db, "db", "", "the history database: a SQLite file or a postgres:// URL")
	f.StringVar(&tech, "tech", "", "the technology's catalog id (kafka, redis, spring-boot…)")
	f.StringVar(&since, "since", "", "start of the period, YYYY-MM-DD (default: the first snapshot)")
	f.StringVar(&until, "until", "", "end of the period, YYYY-MM-DD, inclusive (default: today)")
	f.StringVarP(&format, "format", "f", "text", "output format: text or json")
	f.StringVarP(&output, "output", "o", "", "write the answer to this file instead of standard output")
	return cmd
}

func adoptionText(w io.Writer, a *history.Adoption) error {
	since := a.Since
	if since == "0001-01-01" {
		since = "the first snapshot"
	}
	fmt.Fprintf(w, "%s from %s to %s · %s with snapshots\n", a.Tech, since, a.Until, plural(a.Repositories, "repository", "repositories"))
	for _, g := range []struct {
		title string
		repos []history.RepoAdoption
	}{{"Adopted", a.Adopted}, {"Dropped", a.Dropped}, {"Kept", a.Kept}, {"Adopted and dropped again", a.Tried}} {
		fmt.Fprintf(w, "\n%s (%d)\n", g.title, len(g.repos))
		for _, r := range g.repos {
			var steps []string
			for _, t := range r.Transitions {
				verb := "dropped"
				if t.Adopted {
					verb = "adopted"
				}
				steps = append(steps, fmt.Sprintf("%s %s at %s", verb, t.At[:min(10, len(t.At))], short(t.Commit)))
			}
			base := fmt.Sprintf("baseline %s %s", r.BaselineAt[:min(10, len(r.BaselineAt))], short(r.BaselineCommit))
			if r.Baseline == "first" {
				base += " (first snapshot)"
			}
			line := "  " + r.Repository + "  " + base
			if len(steps) > 0 {
				line += " · " + strings.Join(steps, " · ")
			}
			fmt.Fprintln(w, line)
		}
	}
	return nil
}

func short(sha string) string {
	sha = strings.TrimPrefix(sha, "content:")
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
