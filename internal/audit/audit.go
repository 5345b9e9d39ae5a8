// Package audit runs stacklint over many repositories in one batch: local
// folders or repositories read through the GitHub API without cloning. Each
// repository is scanned and checked against its own .stacklint.toml (else
// the --profile, else the embedded default) by a bounded worker pool; one
// Result per repository (also for the ones that could not be audited)
// streams to a Sink in input order, and a Fleet aggregate ranks what
// matters across the fleet. Nothing holds every repository's stack: memory
// stays flat in the number of repositories.
package audit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"time"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules"
	"github.com/stacklint/stacklint/internal/source"
	"github.com/stacklint/stacklint/internal/stack"
)

// Schema is the JSON schema id of `stacklint audit --format json`.
const Schema = "stacklint/audit/v1"

// Result statuses.
const (
	// StatusAudited: the repository was scanned and checked.
	StatusAudited = "audited"
	// StatusFailed: it could not be audited; Reason and Error say why.
	StatusFailed = "failed"
)

// Profile sources, in the order they are tried.
const (
	// ProfileRepository: the repository's own .stacklint.toml.
	ProfileRepository = "repository"
	// ProfileFlag: the profile given with --profile.
	ProfileFlag = "flag"
	// ProfileDefault: the embedded default profile.
	ProfileDefault = "default"
)

// Target is one repository to audit: a local folder (Dir) or a GitHub
// repository (Owner, Repo, Ref).
type Target struct {
	// Name is how reports name it: the folder as given, or owner/name.
	Name string
	// Dir is the local folder; "" for a remote repository.
	Dir string
	// Owner and Repo name a GitHub repository; Ref is the branch, tag or
	// commit ("" means the default branch).
	Owner, Repo, Ref string
}

// Remote reports whether the target is read through the API.
func (t Target) Remote() bool { return t.Dir == "" }

// Result is one repository's audit outcome, complete enough that reports
// and `stacklint merge` need nothing else.
type Result struct {
	// Repository names it (Target.Name).
	Repository string `json:"repository"`
	// Source is "local" or "github".
	Source string `json:"source"`
	// Ref is the revision read (remote only).
	Ref string `json:"ref,omitempty"`
	// Commit is the commit audited, with --history: the ref's commit SHA
	// (remote), a clean checkout's HEAD, else "content:" and a hash of
	// the stack and findings (ContentKey).
	Commit string `json:"commit,omitempty"`
	// Reused is true when the result was served from the history (same
	// commit, same inputs): nothing was read.
	Reused bool `json:"reused,omitempty"`
	// Status is StatusAudited or StatusFailed.
	Status string `json:"status"`
	// Reason classifies a failure: "not found", "no access", "empty
	// repository", "invalid profile", "rate limited", "unreadable".
	Reason string `json:"reason,omitempty"`
	// Error is the failure's message.
	Error string `json:"error,omitempty"`
	// Profile is the profile the repository was checked against.
	Profile ProfileUsed `json:"profile"`
	// Stack lists the production technologies, by layer order then id.
	Stack []Tech `json:"stack"`
	// Components counts the repository's components.
	Components int `json:"components"`
	// Findings are the check's findings (waived ones excluded), as the
	// rules report them.
	Findings []rule.Finding `json:"findings"`
	// Counts sums the findings by severity.
	Counts report.Counts `json:"counts"`
	// EndOfLife lists the release lines past or near end of life.
	EndOfLife []EOL `json:"end_of_life,omitempty"`
	// RareTalent lists primary technologies with a small talent pool.
	RareTalent []Rare `json:"rare_talent,omitempty"`
	// FilesRead counts the files detectors read.
	FilesRead int `json:"files_read"`
	// Diagnostics counts files that could not be read or parsed.
	Diagnostics int `json:"diagnostics,omitempty"`
	// Radar lists the production technologies the repository's standard
	// places on a ring (its profile's rings and radar file).
	Radar []RadarUse `json:"radar,omitempty"`
	// WaiversExpiring are the profile's waivers that expire within the
	// audit's window (Options.WaiverDays).
	WaiversExpiring []WaiverDue `json:"waivers_expiring,omitempty"`
	// Ownership is what CODEOWNERS and catalog-info.yaml declare, and
	// where the declaration disagrees with the scan (nil when neither
	// file exists).
	Ownership *Ownership `json:"ownership,omitempty"`
	// Changes is what changed since the repository's previous snapshot
	// in the history (with --history).
	Changes *Changes `json:"changes,omitempty"`
}

// ProfileUsed says which profile applied.
type ProfileUsed struct {
	// Source is ProfileRepository, ProfileFlag or ProfileDefault.
	Source string `json:"source"`
	// Path is the profile file ("" for the default).
	Path string `json:"path,omitempty"`
	// Headline sums up the declared project ("high-load SaaS · peak 20,000 rps").
	Headline string `json:"headline,omitempty"`
	// Radar is the tech-radar file the profile names (organization.radar),
	// as declared; "" when none.
	Radar string `json:"radar,omitempty"`
}

// Tech is one production technology of a repository.
type Tech struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Layer    stack.Layer `json:"layer"`
	Category string      `json:"category,omitempty"`
	Versions []string    `json:"versions,omitempty"`
	// Evidence is the first place it was seen (file:line).
	Evidence string `json:"evidence,omitempty"`
}

// EOL is a release line past (error) or near (notice) its end of life.
type EOL struct {
	// Tech is the catalog id, Name its display name, Cycle the release line.
	Tech  string `json:"tech"`
	Name  string `json:"name"`
	Cycle string `json:"cycle,omitempty"`
	// Severity is the end-of-life finding's severity.
	Severity rule.Severity `json:"severity"`
	// Services counts the components that ship it (at least 1).
	Services int `json:"services"`
}

// Rare is a primary language or framework with a small talent pool.
type Rare struct {
	Tech string `json:"tech"`
	Name string `json:"name"`
	// Share is the percentage of developers using it (catalog).
	Share float64 `json:"share"`
}

// Options configure a batch.
type Options struct {
	// Jobs bounds concurrency (default 4).
	Jobs int
	// Profile is the --profile fallback; nil means the embedded default.
	Profile *profile.Profile
	// Exclude holds doublestar globs of paths to skip in every repository.
	Exclude []string
	// Today is the date end-of-life dates are compared with; zero = now.
	Today time.Time
	// Remote reads GitHub repositories; needed for remote targets.
	Remote *Remote
	// WaiverDays is how many days ahead the summary looks for expiring
	// waivers: 0 means DefaultWaiverDays, negative turns it off.
	WaiverDays int
	// Progress, when set, hears about every finished repository.
	Progress Progress
	// History, when set, records each audited repository by commit, says
	// what changed since its previous snapshot, and serves re-audits of
	// an unchanged commit.
	History History
}

// Progress hears about the batch as it runs.
type Progress interface {
	// Done is called once per repository, in input order.
	Done(r *Result)
}

// Sink receives the results in input order, then the fleet summary.
type Sink interface {
	Begin(h Header) error
	Result(r *Result) error
	End(s *Summary) error
}

// Header describes the batch before any result.
type Header struct {
	// Title says what is audited ("org acme", "3 folders").
	Title string `json:"title"`
	// Total counts the repositories to audit.
	Total int `json:"total"`
	// Shard is "i/n" when the batch is one shard, else "".
	Shard string `json:"shard,omitempty"`
	// Version is stacklint's version.
	Version string `json:"version"`
	// Skipped counts repositories a listing left out, by reason
	// ("archived", "forks", "without the topic").
	Skipped []NameCount `json:"skipped,omitempty"`
	// NameWidth is the longest repository name (for column widths).
	NameWidth int `json:"-"`
}

// Run audits every target with opts.Jobs workers and streams the results
// to sink in input order. A repository that cannot be audited yields a
// failed Result; only a sink error or a cancelled context stops the batch.
func Run(ctx context.Context, targets []Target, h Header, opts Options, sink Sink) (*Summary, error) {
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = 4
	}
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	h.Total = len(targets)
	for _, t := range targets {
		h.NameWidth = max(h.NameWidth, len(t.Name))
	}
	if err := sink.Begin(h); err != nil {
		return nil, err
	}
	fleet := NewFleet()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Results are emitted in input order. A worker may run at most window
	// targets ahead of the oldest unfinished one, so the reorder buffer
	// stays bounded whatever the number of repositories.
	window := jobs * 4
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		next    int // next index to hand out
		emit    int // next index to emit
		pending = map[int]*Result{}
		sinkErr error
	)
	a := &auditor{opts: opts, cat: cat}
	if opts.History != nil {
		a.fingerprint = Fingerprint(opts)
	}
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				for next < len(targets) && next-emit >= window && sinkErr == nil {
					cond.Wait()
				}
				if next >= len(targets) || sinkErr != nil || ctx.Err() != nil {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()

				r := a.audit(ctx, targets[i])
				herr := a.record(ctx, r)

				mu.Lock()
				if herr != nil && sinkErr == nil {
					sinkErr = herr
					cancel()
				}
				pending[i] = r
				for sinkErr == nil {
					r, ok := pending[emit]
					if !ok {
						break
					}
					delete(pending, emit)
					emit++
					fleet.Add(r)
					if opts.Progress != nil {
						opts.Progress.Done(r)
					}
					if err := sink.Result(r); err != nil {
						sinkErr = err
						cancel()
					}
				}
				cond.Broadcast()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if sinkErr != nil {
		abort(sink)
		return nil, sinkErr
	}
	if emit < len(targets) {
		abort(sink)
		// Interrupted (Ctrl-C, a CI timeout): no summary of a partial batch.
		return nil, fmt.Errorf("audit interrupted after %d of %d repositories: %w", emit, len(targets), context.Cause(ctx))
	}
	s := fleet.Summary()
	s.Title, s.Shard, s.Skipped = h.Title, h.Shard, h.Skipped
	return s, sink.End(s)
}

type auditor struct {
	opts        Options
	cat         *catalog.Catalog
	fingerprint string
}

// record stores an audited result in the history and attaches its
// changes; an error stops the batch (the history was asked for).
func (a *auditor) record(ctx context.Context, r *Result) error {
	if a.opts.History == nil || r.Status != StatusAudited {
		return nil
	}
	if r.Commit == "" {
		r.Commit = ContentKey(r)
	}
	ch, err := a.opts.History.Record(ctx, r, a.fingerprint)
	if err != nil {
		return fmt.Errorf("--history: recording %s: %w", r.Repository, err)
	}
	r.Changes = ch
	return nil
}

// reuse returns the recorded result of t at commit, if the history has one
// made with the same inputs.
func (a *auditor) reuse(ctx context.Context, t Target, commit string, res *Result) (*Result, bool) {
	if a.opts.History == nil || commit == "" {
		return nil, false
	}
	old, ok, err := a.opts.History.Lookup(ctx, t.Name, commit, a.fingerprint)
	if err != nil || !ok || old.Status != StatusAudited {
		return nil, false
	}
	old.Repository, old.Source, old.Ref, old.Commit, old.Reused, old.Changes = res.Repository, res.Source, res.Ref, commit, true, nil
	return old, true
}

// audit checks one target; it never returns nil and never panics out.
func (a *auditor) audit(ctx context.Context, t Target) (res *Result) {
	res = &Result{Repository: t.Name, Source: "local", Stack: []Tech{}, Findings: []rule.Finding{}}
	if t.Remote() {
		res.Source = "github"
		res.Ref = t.Ref
	}
	defer func() {
		if p := recover(); p != nil {
			res = failed(res, "error", fmt.Errorf("internal error: %v", p))
		}
	}()
	var (
		fsys fs.FS
		rem  *remoteTree
	)
	if t.Remote() {
		if a.opts.Remote == nil {
			return failed(res, "error", errors.New("no GitHub client for a remote repository"))
		}
		var err error
		read := t
		if a.opts.History != nil {
			// Pin the commit: an unchanged one is served from the history
			// without reading the tree, and the tree read is that commit's.
			if res.Commit, err = a.opts.Remote.commit(ctx, t); err != nil {
				return failed(res, Classify(err), err)
			}
			res.Ref = refName(t.Ref)
			if old, ok := a.reuse(ctx, t, res.Commit, res); ok {
				return old
			}
			read.Ref = res.Commit
		}
		rem, err = a.opts.Remote.open(ctx, read)
		if err != nil {
			return failed(res, Classify(err), err)
		}
		if res.Ref == "" {
			res.Ref = rem.ref
		}
		fsys = rem.fs
	} else {
		d, err := source.Dir(t.Dir)
		if err != nil {
			return failed(res, "unreadable", err)
		}
		fsys = d
		if a.opts.History != nil {
			res.Commit = gitHead(ctx, t.Dir)
			if old, ok := a.reuse(ctx, t, res.Commit, res); ok {
				return old
			}
		}
	}
	p, used, err := a.profileFor(fsys)
	if err != nil {
		reason := "invalid profile"
		if rem != nil && rem.err() != nil {
			reason = Classify(rem.err())
		}
		return failed(res, reason, err)
	}
	res.Profile = used
	out, err := app.Check(ctx, app.CheckOptions{FS: fsys, Root: t.Name, Profile: p, Exclude: a.opts.Exclude, Today: a.opts.Today})
	if err != nil {
		return failed(res, "unreadable", err)
	}
	if rem != nil {
		if err := rem.err(); err != nil {
			// A manifest that could not be fetched would make the audit
			// silently incomplete: report the repository as failed.
			return failed(res, Classify(err), err)
		}
	}
	a.fill(res, out, p)
	res.Ownership = ownership(fsys, out.Head)
	if rem != nil && rem.err() != nil {
		return failed(res, Classify(rem.err()), rem.err())
	}
	return res
}

func failed(r *Result, reason string, err error) *Result {
	r.Status, r.Reason, r.Error = StatusFailed, reason, err.Error()
	r.Stack, r.Findings, r.Counts = []Tech{}, []rule.Finding{}, report.Counts{}
	r.EndOfLife, r.RareTalent, r.Ownership, r.Changes = nil, nil, nil, nil
	r.Radar, r.WaiversExpiring = nil, nil
	return r
}

// profileFor picks the repository's own profile, else the flag's, else the
// embedded default.
func (a *auditor) profileFor(fsys fs.FS) (*profile.Profile, ProfileUsed, error) {
	data, err := fs.ReadFile(fsys, profile.FileName)
	switch {
	case err == nil:
		p, err := app.ParseRepoProfile(fsys, profile.FileName, data)
		if err != nil {
			return nil, ProfileUsed{}, err
		}
		return p, ProfileUsed{Source: ProfileRepository, Path: profile.FileName, Headline: app.Headline(p), Radar: p.Organization.Radar}, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, ProfileUsed{}, fmt.Errorf("reading %s: %w", profile.FileName, err)
	case a.opts.Profile != nil:
		p := a.opts.Profile
		return p, ProfileUsed{Source: ProfileFlag, Path: p.File, Headline: app.Headline(p), Radar: p.Organization.Radar}, nil
	}
	return profile.Default(), ProfileUsed{Source: ProfileDefault}, nil
}

// fill copies what the reports need out of a finished check.
func (a *auditor) fill(res *Result, out *app.CheckResult, p *profile.Profile) {
	res.Status = StatusAudited
	st := out.Head
	res.Components = len(st.Components)
	res.FilesRead = st.FilesScanned
	res.Diagnostics = len(st.Diagnostics)
	comps := map[string][]string{}
	for _, t := range st.Production() {
		tc := Tech{ID: t.ID, Name: t.Name, Layer: t.Layer, Category: t.Category, Versions: t.Versions}
		for _, e := range t.Evidence {
			if e.Scope != stack.ScopeNonProduction && e.Scope != stack.ScopeDev {
				tc.Evidence = e.String()
				break
			}
		}
		if tc.Evidence == "" && len(t.Evidence) > 0 {
			tc.Evidence = t.Evidence[0].String()
		}
		res.Stack = append(res.Stack, tc)
		comps[t.ID] = t.Components
	}
	res.Radar = a.radarUses(p, st)
	today := a.opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	res.WaiversExpiring = waiversDue(p, today, a.opts.WaiverDays)
	res.Findings = append(res.Findings, out.Report.Findings...)
	sort.SliceStable(res.Findings, func(i, j int) bool { return res.Findings[i].Severity > res.Findings[j].Severity })
	res.Counts = report.CountFindings(res.Findings)
	for _, f := range res.Findings {
		if f.RuleID != "ecosystem/end-of-life" {
			continue
		}
		id, cycle, ok := rules.EndOfLifeSubject(f.Subject)
		if !ok {
			continue // ranges allowing old lines: no one version that ships
		}
		e := EOL{Tech: id, Name: id, Cycle: cycle, Severity: f.Severity, Services: max(1, len(comps[id]))}
		if t, ok := st.Tech(id); ok {
			e.Name = t.Name
		}
		res.EndOfLife = append(res.EndOfLife, e)
	}
	threshold := 5.0
	if p != nil {
		threshold = p.Rules.Thresholds.RareTalentShare
	}
	for _, l := range []stack.Layer{stack.LayerLanguage, stack.LayerFramework} {
		for _, t := range st.ByLayer(l) {
			e, ok := a.cat.Get(t.ID)
			if ok && e.TalentShare > 0 && e.TalentShare < threshold {
				res.RareTalent = append(res.RareTalent, Rare{Tech: t.ID, Name: t.Name, Share: e.TalentShare})
			}
		}
	}
}
