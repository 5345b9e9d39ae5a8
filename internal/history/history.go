// Package history keeps every audited repository's stack and findings by
// commit in a SQL database — an embedded SQLite file (modernc.org/sqlite,
// pure Go) or a shared PostgreSQL server (pgx) — with a versioned schema
// documented in docs/history.md (PostgreSQL through pgx's wire protocol
// layer, pgconn, with a small text-only database/sql driver). It tells the audit what changed since a
// repository's previous snapshot, serves re-audits of an unchanged commit,
// and answers which repositories adopted or dropped a technology between
// two dates.
package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/stacklint/stacklint/internal/audit"
	"github.com/stacklint/stacklint/internal/buildinfo"
	"github.com/stacklint/stacklint/internal/stack"
)

// Store is an open history database. It is safe for concurrent use, by
// the workers of one audit and by audits running elsewhere against the
// same PostgreSQL database (or the same SQLite file on one machine).
type Store struct {
	db   *sql.DB
	pg   bool
	name string
	// Now stamps new snapshots (time.Now when nil; tests pin it).
	Now func() time.Time
}

// IsPostgres reports whether spec names a PostgreSQL database.
func IsPostgres(spec string) bool {
	return strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://")
}

// Open opens (creating and migrating when needed) the history at spec: a
// postgres:// or postgresql:// URL, else the path of a SQLite file.
func Open(ctx context.Context, spec string) (*Store, error) {
	s := &Store{name: spec}
	var err error
	if IsPostgres(spec) {
		s.pg = true
		if u, perr := url.Parse(spec); perr == nil {
			s.name = u.Redacted()
		}
		s.db, err = sql.Open(pgDriverName, spec)
		if err == nil {
			s.db.SetMaxOpenConns(8)
		}
	} else {
		if spec == "" || strings.ContainsAny(spec, "?#") {
			return nil, fmt.Errorf("--history %q: expected a file path without ? or #, or a postgres:// URL", spec)
		}
		// One connection: SQLite serialises writers anyway, and the
		// pragmas hold for the connection's life.
		s.db, err = sql.Open("sqlite", spec+"?_pragma=busy_timeout(15000)&_pragma=foreign_keys(1)")
		if err == nil {
			s.db.SetMaxOpenConns(1)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("--history %s: %w", s.name, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("--history %s: %w", s.name, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Name is how messages name the database (a URL without its password).
func (s *Store) Name() string { return s.name }

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// q rewrites ? placeholders for PostgreSQL ($1, $2…).
func (s *Store) q(query string) string {
	if !s.pg {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// querier is what a transaction offers.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx runs fn in a write transaction: BEGIN IMMEDIATE on SQLite (so two
// processes never both read and then both write), a plain transaction on
// PostgreSQL (row locks of the upserts serialise writers of one row).
func (s *Store) tx(ctx context.Context, fn func(q querier) error) error {
	if s.pg {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	if err := fn(conn); err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// migrate creates the schema or brings it up to SchemaVersion. A database
// written by a newer stacklint is refused rather than misread.
func (s *Store) migrate(ctx context.Context) error {
	return s.tx(ctx, func(q querier) error {
		if s.pg {
			// Many CI jobs may open a fresh database at once.
			if _, err := q.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7340012)"); err != nil {
				return err
			}
		}
		if _, err := q.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)"); err != nil {
			return err
		}
		var v int
		if err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&v); err != nil {
			return err
		}
		if v > SchemaVersion {
			return fmt.Errorf("schema version %d is newer than this stacklint knows (%d): upgrade stacklint", v, SchemaVersion)
		}
		for _, m := range migrations {
			if m.Version <= v {
				continue
			}
			stmts := m.SQLite
			if s.pg {
				stmts = m.Postgres
			}
			for _, st := range stmts {
				if _, err := q.ExecContext(ctx, st); err != nil {
					return fmt.Errorf("migrating to schema version %d: %w", m.Version, err)
				}
			}
			if _, err := q.ExecContext(ctx, s.q("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"), m.Version, s.now().Format(time.RFC3339)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Version returns the database's schema version.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&v)
	return v, err
}

// Lookup implements audit.History: the result recorded for repository at
// commit with the same fingerprint.
func (s *Store) Lookup(ctx context.Context, repository, commit, fingerprint string) (*audit.Result, bool, error) {
	var data string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT s.result FROM snapshots s JOIN repositories r ON r.id = s.repository_id
WHERE r.name = ? AND s.commit_sha = ? AND s.fingerprint = ?`), repository, commit, fingerprint).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var r audit.Result
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, false, nil
	}
	return &r, true, nil
}

// Record implements audit.History: it upserts the repository and the
// snapshot of r.Commit (a commit audited again keeps its first date and
// takes the new result), replaces the snapshot's technologies and
// findings, and compares it with the repository's previous snapshot: the
// one its last audit saw (nothing changed when that is this commit).
func (s *Store) Record(ctx context.Context, r *audit.Result, fingerprint string) (*audit.Changes, error) {
	if r.Commit == "" {
		return nil, errors.New("no commit to key the snapshot by")
	}
	keep := *r
	keep.Changes, keep.Reused = nil, false
	data, err := json.Marshal(&keep)
	if err != nil {
		return nil, err
	}
	now := s.now().Format(time.RFC3339)
	var ch *audit.Changes
	err = s.tx(ctx, func(q querier) error {
		var repoID int64
		if err := q.QueryRowContext(ctx, s.q(`INSERT INTO repositories (name, source) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET source = excluded.source RETURNING id`), r.Repository, r.Source).Scan(&repoID); err != nil {
			return err
		}
		var prevID int64
		var prevCommit, prevAt string
		err := q.QueryRowContext(ctx, s.q(`SELECT id, commit_sha, last_audited_at FROM snapshots WHERE repository_id = ?
ORDER BY last_audited_at DESC, id DESC LIMIT 1`), repoID).Scan(&prevID, &prevCommit, &prevAt)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var snapID int64
		var auditedAt string // first audit of this commit
		if err := q.QueryRowContext(ctx, s.q(`INSERT INTO snapshots (repository_id, commit_sha, ref, audited_at, last_audited_at,
	stacklint_version, fingerprint, profile_source, errors, warnings, notices, result)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (repository_id, commit_sha) DO UPDATE SET ref = excluded.ref, last_audited_at = excluded.last_audited_at,
	stacklint_version = excluded.stacklint_version, fingerprint = excluded.fingerprint, profile_source = excluded.profile_source,
	errors = excluded.errors, warnings = excluded.warnings, notices = excluded.notices, result = excluded.result
RETURNING id, audited_at`),
			repoID, r.Commit, r.Ref, now, now, buildinfo.Version(), fingerprint, r.Profile.Source,
			r.Counts.Errors, r.Counts.Warnings, r.Counts.Notices, string(data)).Scan(&snapID, &auditedAt); err != nil {
			return err
		}
		if !r.Reused {
			if err := s.replaceRows(ctx, q, snapID, r); err != nil {
				return err
			}
		}
		ch = &audit.Changes{Added: []audit.TechRef{}, Removed: []audit.TechRef{}, NewFindings: []audit.FindingRef{}}
		switch {
		case prevID == 0:
			ch.First = true
			return nil
		case prevID == snapID:
			// The commit its last audit saw: nothing changed since.
			ch.SinceCommit, ch.Since = prevCommit, prevAt[:min(10, len(prevAt))]
			return nil
		}
		return s.changes(ctx, q, ch, prevID, prevCommit, prevAt, r)
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

func (s *Store) replaceRows(ctx context.Context, q querier, snapID int64, r *audit.Result) error {
	for _, t := range []string{"technologies", "findings"} {
		if _, err := q.ExecContext(ctx, s.q("DELETE FROM "+t+" WHERE snapshot_id = ?"), snapID); err != nil {
			return err
		}
	}
	insT := s.q(`INSERT INTO technologies (snapshot_id, tech, name, layer, category, versions) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (snapshot_id, tech) DO NOTHING`)
	for _, t := range r.Stack {
		if _, err := q.ExecContext(ctx, insT, snapID, t.ID, t.Name, string(t.Layer), t.Category, strings.Join(t.Versions, ",")); err != nil {
			return err
		}
	}
	insF := s.q(`INSERT INTO findings (snapshot_id, fingerprint, rule, severity, component, title, message, file, line)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (snapshot_id, fingerprint) DO NOTHING`)
	for _, f := range r.Findings {
		file, line := "", 0
		if len(f.Evidence) > 0 {
			file, line = f.Evidence[0].File, f.Evidence[0].Line
		}
		if _, err := q.ExecContext(ctx, insF, snapID, f.Fingerprint, f.RuleID, f.Severity.String(), f.Component, f.Title, f.Message, file, line); err != nil {
			return err
		}
	}
	return nil
}

// changes fills ch with the differences between r and the snapshot prevID.
func (s *Store) changes(ctx context.Context, q querier, ch *audit.Changes, prevID int64, prevCommit, prevAt string, r *audit.Result) error {
	ch.SinceCommit, ch.Since = prevCommit, prevAt[:min(10, len(prevAt))]
	prevTech := map[string]audit.TechRef{}
	var order []string
	rows, err := q.QueryContext(ctx, s.q("SELECT tech, name, layer FROM technologies WHERE snapshot_id = ? ORDER BY tech"), prevID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t audit.TechRef
		var layer string
		if err := rows.Scan(&t.ID, &t.Name, &layer); err != nil {
			rows.Close()
			return err
		}
		t.Layer = stack.Layer(layer)
		prevTech[t.ID] = t
		order = append(order, t.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	prevFind := map[string]bool{}
	rows, err = q.QueryContext(ctx, s.q("SELECT fingerprint FROM findings WHERE snapshot_id = ?"), prevID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var fp string
		if err := rows.Scan(&fp); err != nil {
			rows.Close()
			return err
		}
		prevFind[fp] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cur := map[string]bool{}
	for _, t := range r.Stack {
		if cur[t.ID] {
			continue
		}
		cur[t.ID] = true
		if _, ok := prevTech[t.ID]; !ok {
			ch.Added = append(ch.Added, audit.TechRef{ID: t.ID, Name: t.Name, Layer: t.Layer})
		}
	}
	for _, id := range order {
		if !cur[id] {
			ch.Removed = append(ch.Removed, prevTech[id])
		}
	}
	curFind := map[string]bool{}
	for _, f := range r.Findings {
		curFind[f.Fingerprint] = true
		if !prevFind[f.Fingerprint] {
			ch.NewFindings = append(ch.NewFindings, audit.FindingRef{Rule: f.RuleID, Severity: f.Severity, Component: f.Component, Fingerprint: f.Fingerprint})
		}
	}
	for fp := range prevFind {
		if !curFind[fp] {
			ch.Resolved++
		}
	}
	return nil
}
