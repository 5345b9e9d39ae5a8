package history

import (
	"context"
	"time"
)

// Transition is a technology appearing in (or leaving) a repository's
// snapshots.
type Transition struct {
	// Commit and At are the first snapshot showing the change.
	Commit string `json:"commit"`
	At     string `json:"at"`
	// Adopted is true when the technology appeared, false when it went.
	Adopted bool `json:"adopted"`
}

// RepoAdoption is one repository's use of a technology over a period.
type RepoAdoption struct {
	Repository string `json:"repository"`
	// Before says whether the baseline ran it: the last snapshot before
	// the period, else (Baseline "first") the first snapshot in it.
	Before   bool   `json:"before"`
	Baseline string `json:"baseline"`
	// BaselineCommit and BaselineAt identify the baseline snapshot.
	BaselineCommit string `json:"baseline_commit"`
	BaselineAt     string `json:"baseline_at"`
	// After says whether the last snapshot of the period runs it.
	After bool `json:"after"`
	// Transitions are the changes within the period, in order.
	Transitions []Transition `json:"transitions"`
}

// Adoption answers which repositories adopted or dropped a technology.
type Adoption struct {
	Tech  string `json:"tech"`
	Since string `json:"since"`
	Until string `json:"until"`
	// Adopted did not run it at the baseline and run it at the end;
	// Dropped the reverse; Kept ran it at both (maybe with a gap); Tried
	// ran it neither at the baseline nor at the end, but in between.
	Adopted []RepoAdoption `json:"adopted"`
	Dropped []RepoAdoption `json:"dropped"`
	Kept    []RepoAdoption `json:"kept"`
	Tried   []RepoAdoption `json:"tried"`
	// Repositories counts those with a snapshot in or before the period.
	Repositories int `json:"repositories"`
}

// Adoption walks every repository's snapshots up to the end of until
// (inclusive) and reports how tech's use changed between since and
// until. A repository first recorded during the period takes its first
// snapshot as the baseline: what it ran then is not counted as adopted.
func (s *Store) Adoption(ctx context.Context, tech string, since, until time.Time) (*Adoption, error) {
	from := since.UTC().Format(time.DateOnly)
	to := until.UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT r.name, s.commit_sha, s.audited_at,
	EXISTS (SELECT 1 FROM technologies t WHERE t.snapshot_id = s.id AND t.tech = ?)
FROM snapshots s JOIN repositories r ON r.id = s.repository_id
WHERE s.audited_at < ?
ORDER BY r.name, s.audited_at, s.id`), tech, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := &Adoption{Tech: tech, Since: from, Until: until.UTC().Format(time.DateOnly),
		Adopted: []RepoAdoption{}, Dropped: []RepoAdoption{}, Kept: []RepoAdoption{}, Tried: []RepoAdoption{}}
	var cur *RepoAdoption
	var started bool // cur has a baseline
	var state bool
	flush := func() {
		if cur == nil || !started {
			return
		}
		out.Repositories++
		cur.After = state
		if cur.Transitions == nil {
			cur.Transitions = []Transition{}
		}
		switch {
		case !cur.Before && cur.After:
			out.Adopted = append(out.Adopted, *cur)
		case cur.Before && !cur.After:
			out.Dropped = append(out.Dropped, *cur)
		case cur.Before && cur.After:
			out.Kept = append(out.Kept, *cur)
		case len(cur.Transitions) > 0:
			out.Tried = append(out.Tried, *cur)
		}
	}
	for rows.Next() {
		var name, commit, at string
		var has bool
		if err := rows.Scan(&name, &commit, &at, &has); err != nil {
			return nil, err
		}
		if cur == nil || cur.Repository != name {
			flush()
			cur, started = &RepoAdoption{Repository: name}, false
		}
		before := at < from
		switch {
		case before:
			cur.Before, cur.Baseline, cur.BaselineCommit, cur.BaselineAt = has, "before", commit, at
			started, state = true, has
		case !started:
			cur.Before, cur.Baseline, cur.BaselineCommit, cur.BaselineAt = has, "first", commit, at
			started, state = true, has
		default:
			if has != state {
				cur.Transitions = append(cur.Transitions, Transition{Commit: commit, At: at, Adopted: has})
				state = has
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	flush()
	return out, nil
}
