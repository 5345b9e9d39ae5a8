package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/audit"
	"github.com/stacklint/stacklint/internal/buildinfo"
	"github.com/stacklint/stacklint/internal/history"
	"github.com/stacklint/stacklint/internal/profile"
)

func newAuditCmd(env *Env) *cobra.Command {
	var (
		reposFile, org, user, profileFlag, format, output, cacheDir, apiURL, shard, today, groupBy string
		radarOut, waiversExpiring, historyDB                                                       string
		topics, exclude                                                                            []string
		includeArchived, includeForks                                                              bool
		jobs                                                                                       int
	)
	cmd := &cobra.Command{
		Use:   "audit [FOLDER|GLOB]...",
		Short: "Audit many repositories in one batch: local folders, a list, or an organisation through the API",
		Long: `Audit scans and checks many repositories and reports them together, with a fleet
summary: technologies by number of repositories and layer, end-of-life runtimes by
how many services ship them, rare-talent hotspots, the most frequent findings,
repositories with no profile, and the ones that could not be audited and why.

Repositories come from local folders and globs, from --repos FILE (one
owner/name[@ref] a line), and from --org or --user (listed through the API;
archived repositories and forks are skipped unless --include-archived or
--include-forks; --topic keeps only repositories with that topic). Each one is
checked against its own .stacklint.toml, else --profile, else the embedded default.

Remote repositories are read without cloning: one recursive tree listing, then
only the files detectors ask for. Rate limits are honoured (the progress line
shows waits), and --cache DIR keeps trees and blobs by SHA and responses by ETag,
so a re-run over unchanged repositories costs almost no rate-limit budget. The
token comes from GITHUB_TOKEN or GH_TOKEN; --api-url defaults to GITHUB_API_URL.

Ownership: the CODEOWNERS file GitHub uses (.github/CODEOWNERS, CODEOWNERS,
docs/CODEOWNERS) gives the owner of each component's folder, and Backstage
catalog-info.yaml files (at the root and in component folders) what each
repository declares (spec.type, lifecycle, owner, system). The fleet summary
counts repositories by owner and lists where a declaration disagrees with the
scan (lifecycle production with no deployment configuration, a website consuming
a message broker, a deployed library, an owner CODEOWNERS contradicts);
--group-by owner groups the repositories under their owners.

With a --profile whose [organization] names a radar file (the organisation's
standard), findings cite the radar's rings and lines; --radar-out FILE.json
(Backstage Tech Radar) or FILE.csv (Build Your Own Radar) writes the radar back
with how many repositories run each technology and which contradict its ring.
The fleet summary lists the waivers expiring within --waivers-expiring (30 days).

History: --history FILE.db (SQLite, created if missing) or --history
postgres://… (shared by sharded jobs) keeps each repository's stack and findings by
commit; the reports then show, per repository and fleet-wide, the technologies
added and removed and the new findings since the previous snapshot, and a
repository whose commit was already audited with the same inputs is served from
the history without reading its tree. 'stacklint history' queries it; the
schema is in docs/history.md.

A repository that cannot be read (missing, no access, empty) is reported as not
audited and the batch goes on. --shard i/n audits one deterministic part of the
list; 'stacklint merge' combines the shards' JSON reports.

Exit status: 0 when the batch ran (whatever it found), 2 on usage errors.`,
		Example: `  stacklint audit ~/src/*
  stacklint audit --org acme --cache .stacklint-cache --format html -o fleet.html
  stacklint audit --repos repos.txt --jobs 16 --format csv -o fleet.csv
  stacklint audit --org acme --shard 2/8 --format json -o shard-2.json
  stacklint audit ~/src/* --profile platform/stacklint.toml --radar-out radar.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := checkFormat(format)
			if err != nil {
				return err
			}
			if org != "" && user != "" {
				return usageErr("--org and --user: give one of them")
			}
			if len(args) == 0 && reposFile == "" && org == "" && user == "" {
				return usageErr("nothing to audit: give folders, --repos FILE, --org ORG or --user USER")
			}
			if jobs < 1 || jobs > 64 {
				return usageErr("--jobs %d: expected 1 to 64", jobs)
			}
			if groupBy != "" && groupBy != "owner" {
				return usageErr("--group-by %q: expected %s", groupBy, strings.Join(audit.GroupBy, ", "))
			}
			var sh audit.Shard
			if shard != "" {
				if sh, err = audit.ParseShard(shard); err != nil {
					return usageErr("%v", err)
				}
			}
			opts := audit.Options{Jobs: jobs, Exclude: exclude}
			if opts.WaiverDays, err = parseDays(waiversExpiring); err != nil {
				return usageErr("--waivers-expiring %q: %v", waiversExpiring, err)
			}
			radarCSV := false
			if radarOut != "" {
				if radarCSV, err = radarOutCSV(radarOut); err != nil {
					return usageErr("%v", err)
				}
			}
			if today != "" {
				if opts.Today, err = time.Parse(time.DateOnly, today); err != nil {
					return usageErr("--today %q: expected YYYY-MM-DD", today)
				}
			}
			if cmd.Flags().Changed("profile") {
				p, err := app.LoadProfile(profileFlag, filepath.ToSlash(profileFlag))
				if err != nil {
					var pe *profile.Error
					if errors.As(err, &pe) {
						return usageErr("the profile is invalid:\n%v", err)
					}
					return usageErr("%v", err)
				}
				opts.Profile = p
				radarNotes(env.Stderr, p)
			}

			var targets []audit.Target
			var titles []string
			local, err := localTargets(args)
			if err != nil {
				return usageErr("%v", err)
			}
			if len(local) > 0 {
				targets = append(targets, local...)
				titles = append(titles, plural(len(local), "folder", "folders"))
			}
			if reposFile != "" || org != "" || user != "" {
				if apiURL == "" {
					apiURL = env.Getenv("GITHUB_API_URL")
				}
				token := env.Getenv("GITHUB_TOKEN")
				if token == "" {
					token = env.Getenv("GH_TOKEN")
				}
				rem, err := audit.NewRemote(audit.RemoteOptions{APIURL: apiURL, Token: token, CacheDir: cacheDir})
				if err != nil {
					return usageErr("%v", err)
				}
				opts.Remote = rem
			}
			if reposFile != "" {
				f, err := os.Open(reposFile)
				if err != nil {
					return usageErr("--repos: %v", unwrapPath(err))
				}
				ts, err := audit.ParseRepos(reposFile, f)
				f.Close()
				if err != nil {
					return usageErr("--repos: %v", err)
				}
				targets = append(targets, ts...)
				titles = append(titles, reposFile)
			}
			var skipped []audit.NameCount
			if org != "" || user != "" {
				ts, sk, err := opts.Remote.List(cmd.Context(), audit.ListOptions{Org: org, User: user, IncludeArchived: includeArchived, IncludeForks: includeForks, Topics: topics})
				if err != nil {
					return usageErr("%v", err)
				}
				targets = append(targets, ts...)
				skipped = sk
				if org != "" {
					titles = append(titles, "org "+org)
				} else {
					titles = append(titles, "user "+user)
				}
			}
			h := audit.Header{Title: strings.Join(titles, " + "), Version: buildinfo.Version(), Skipped: skipped}
			if shard != "" {
				targets = sh.Filter(targets)
				h.Shard = sh.String()
			}
			if historyDB != "" {
				hs, err := history.Open(cmd.Context(), historyDB)
				if err != nil {
					return usageErr("%v", err)
				}
				defer hs.Close()
				opts.History = hs
			}
			var meter *audit.Meter
			if opts.Remote != nil {
				meter = opts.Remote.Meter
			}
			prog := audit.NewProgressLine(env.Stderr, env.StderrTerminal, len(targets), meter)
			opts.Progress = prog
			var sum *audit.Summary
			radars := &audit.RadarCollector{Standard: opts.Profile}
			err = writeOutput(env.Stdout, output, func(w io.Writer) error {
				s, err := audit.NewSink(format, w)
				if err != nil {
					return err
				}
				if groupBy == "owner" {
					s = audit.GroupByOwner(s)
				}
				if radarOut != "" {
					s = audit.Tee(s, radars)
				}
				sum, err = audit.Run(cmd.Context(), targets, h, opts, s)
				return err
			})
			prog.Finish()
			if err != nil {
				return err
			}
			if output != "" {
				fmt.Fprintf(env.Stderr, "stacklint: wrote %s (%d repositories: %d audited, %d not audited)\n", output, sum.Repositories, sum.Audited, sum.Failed)
			}
			if radarOut != "" {
				if err := writeRadarOut(radarOut, radarCSV, radars, h.Title, opts); err != nil {
					return err
				}
				fmt.Fprintf(env.Stderr, "stacklint: wrote %s (%d technologies on the radar)\n", radarOut, len(radars.Usages()))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&reposFile, "repos", "", "file listing repositories, one owner/name[@ref] a line")
	f.StringVar(&org, "org", "", "audit the repositories of this GitHub organisation")
	f.StringVar(&user, "user", "", "audit the repositories of this GitHub user")
	f.StringArrayVar(&topics, "topic", nil, "with --org/--user: keep repositories with this topic; repeatable")
	f.BoolVar(&includeArchived, "include-archived", false, "with --org/--user: also audit archived repositories")
	f.BoolVar(&includeForks, "include-forks", false, "with --org/--user: also audit forks")
	f.StringVarP(&profileFlag, "profile", "p", "", "profile for repositories without their own .stacklint.toml (default: the embedded default)")
	f.StringVarP(&format, "format", "f", "table", "output format: "+strings.Join(audit.Formats, ", "))
	f.StringVarP(&output, "output", "o", "", "write the report to this file instead of standard output")
	f.StringVar(&radarOut, "radar-out", "", "also write the fleet's tech radar with real usage: FILE.json (Backstage Tech Radar) or FILE.csv (Build Your Own Radar)")
	f.StringVar(&waiversExpiring, "waivers-expiring", "30d", "list in the fleet summary the waivers expiring within this many days (30d, 6w, off)")
	f.IntVarP(&jobs, "jobs", "j", 8, "repositories audited at the same time")
	f.StringVar(&cacheDir, "cache", "", "keep trees, blobs and API responses in this folder to make re-runs cheap")
	f.StringVar(&apiURL, "api-url", "", "GitHub REST API root (default: GITHUB_API_URL, else https://api.github.com)")
	f.StringVar(&shard, "shard", "", "audit only part i of n of the list (deterministic), e.g. 2/8")
	f.StringArrayVarP(&exclude, "exclude", "x", nil, "skip paths matching this glob (doublestar) in every repository; repeatable")
	f.StringVar(&today, "today", "", "compare end-of-life dates with this day (YYYY-MM-DD) instead of today")
	f.StringVar(&historyDB, "history", "", "record each repository's stack and findings by commit in this SQLite file or postgres:// database, and report what changed since the previous snapshot")
	f.StringVar(&groupBy, "group-by", "", "group the repositories of the table, Markdown and HTML reports: owner (CODEOWNERS, else catalog-info.yaml)")
	f.Lookup("today").Hidden = true
	return cmd
}

func checkFormat(format string) (string, error) {
	for _, f := range audit.Formats {
		if f == format {
			return f, nil
		}
	}
	if format == "md" {
		return "markdown", nil
	}
	return "", usageErr("--format %q: expected %s", format, strings.Join(audit.Formats, ", "))
}

// localTargets expands folders and globs (for shells that do not) into
// targets, in the order given; a pattern that matches nothing is an error.
func localTargets(args []string) ([]audit.Target, error) {
	var out []audit.Target
	for _, a := range args {
		paths := []string{a}
		if strings.ContainsAny(a, "*?[") {
			if _, err := os.Stat(a); err != nil {
				m, err := filepath.Glob(a)
				if err != nil {
					return nil, fmt.Errorf("%s: %v", a, err)
				}
				paths = nil
				for _, p := range m {
					if st, err := os.Stat(p); err == nil && st.IsDir() {
						paths = append(paths, p)
					}
				}
				if len(paths) == 0 {
					return nil, fmt.Errorf("%s matches no folder", a)
				}
			}
		}
		for _, p := range paths {
			out = append(out, audit.Target{Name: filepath.ToSlash(filepath.Clean(p)), Dir: p})
		}
	}
	return out, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func newMergeCmd(env *Env) *cobra.Command {
	var format, output, radarOut string
	cmd := &cobra.Command{
		Use:   "merge REPORT.json...",
		Short: "Combine the JSON reports of sharded audits into one fleet report",
		Long: `Merge reads reports written by 'stacklint audit --format json' (one per shard of
--shard i/n), and writes one report over all their repositories with the fleet
summary computed again over the whole fleet. A repository present in several
reports is kept once (the first).`,
		Example: `  stacklint merge results/*.json --format html -o fleet.html`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := checkFormat(format); err != nil {
				return err
			}
			var inputs []audit.Input
			for _, a := range args {
				f, err := os.Open(a)
				if err != nil {
					return usageErr("%s: %v", a, unwrapPath(err))
				}
				defer f.Close()
				inputs = append(inputs, audit.Input{Name: a, R: f})
			}
			radarCSV := false
			if radarOut != "" {
				var err error
				if radarCSV, err = radarOutCSV(radarOut); err != nil {
					return usageErr("%v", err)
				}
			}
			radars := &audit.RadarCollector{}
			title := ""
			err := writeOutput(env.Stdout, output, func(w io.Writer) error {
				s, err := audit.NewSink(format, w)
				if err != nil {
					return err
				}
				if radarOut != "" {
					s = audit.Tee(s, radars)
				}
				sum, err := audit.Merge(inputs, buildinfo.Version(), s)
				if err != nil {
					return usageErr("%v", err)
				}
				title = sum.Title
				return nil
			})
			if err != nil || radarOut == "" {
				return err
			}
			return writeRadarOut(radarOut, radarCSV, radars, title, audit.Options{})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: "+strings.Join(audit.Formats, ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the report to this file instead of standard output")
	cmd.Flags().StringVar(&radarOut, "radar-out", "", "also write the fleet's tech radar with real usage (FILE.json or FILE.csv); rings come from the repositories' results")
	return cmd
}
