package history

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
)

// postgresDSN is the server .ci/run starts (a throwaway cluster on a
// random port) or any PostgreSQL the developer points the tests at.
const postgresEnv = "STACKLINT_TEST_POSTGRES"

// openPostgres returns a function opening stores on a fresh schema of the
// test server (dropped at the end), or skips the test saying why.
func openPostgres(t *testing.T) func() *Store {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skip("PostgreSQL not available: " + postgresEnv + " is not set (.ci/run starts a throwaway server where it can install one)")
	}
	admin, err := sql.Open(pgDriverName, dsn)
	if err != nil {
		t.Skipf("PostgreSQL not available: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.Ping(); err != nil {
		t.Skipf("PostgreSQL not available at %s: %v", redact(dsn), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "stacklint_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return func() *Store {
		s, err := Open(context.Background(), u.String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		return u.Redacted()
	}
	return "(unparsable DSN)"
}

// PostgreSQL must answer exactly what SQLite answers: the same golden
// reports across three snapshots.
func TestThreeSnapshotsPostgres(t *testing.T) { threeSnapshots(t, openPostgres(t)()) }

// Sharded jobs write one database at once.
func TestConcurrentWritersPostgres(t *testing.T) { concurrentWriters(t, openPostgres(t)) }

func TestPostgresMigratesOnce(t *testing.T) {
	open := openPostgres(t)
	a, b := open(), open()
	for _, s := range []*Store{a, b} {
		var n int
		if err := s.db.QueryRow("SELECT COUNT(*) FROM schema_version").Scan(&n); err != nil || n != 1 {
			t.Errorf("%d schema_version rows, %v", n, err)
		}
	}
	if a.Name() == "" || containsPassword(a.Name()) {
		t.Errorf("name %q", a.Name())
	}
}

func containsPassword(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return false
	}
	p, ok := u.User.Password()
	return ok && p != "xxxxx"
}
