package history

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/audit"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/github/githubtest"
)

// today pins end-of-life comparisons (and so the audit's fingerprint).
var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// snapshots are three states of a small fleet, audited on three dates:
// orders adds Kafka, then swaps PostgreSQL and Kafka for Redis; site gains
// a Dockerfile (and its findings); ledger never changes.
var snapshots = []struct {
	at    time.Time
	files map[string]map[string]string
}{
	{time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC), map[string]map[string]string{
		"orders": {"package.json": pkg(`"express": "^4.21.0", "pg": "^8.12.0"`)},
		"site":   {"package.json": pkg(`"express": "^4.21.0"`)},
		"ledger": {"go.mod": "module example.com/ledger\n\ngo 1.24\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n"},
	}},
	{time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC), map[string]map[string]string{
		"orders": {"package.json": pkg(`"express": "^4.21.0", "pg": "^8.12.0", "kafkajs": "^2.2.4"`)},
		"site":   {"package.json": pkg(`"express": "^4.21.0"`), "Dockerfile": "FROM node\nCOPY . .\nCMD [\"node\", \"server.js\"]\n"},
	}},
	{time.Date(2026, 6, 20, 9, 0, 0, 0, time.UTC), map[string]map[string]string{
		"orders": {"package.json": pkg(`"express": "^4.21.0", "ioredis": "^5.4.1"`)},
	}},
}

func pkg(deps string) string {
	return `{"name": "x", "engines": {"node": "22"}, "dependencies": {` + deps + `}}` + "\n"
}

// fleet is the emulator and the repositories' current files.
type fleet struct {
	srv   *githubtest.Server
	files map[string]map[string]string
}

func newFleet(t *testing.T) *fleet {
	srv := githubtest.New()
	t.Cleanup(srv.Close)
	return &fleet{srv: srv, files: map[string]map[string]string{}}
}

// advance applies snapshot i's changes to the emulator.
func (f *fleet) advance(i int) {
	for name, files := range snapshots[i].files {
		f.files[name] = files
		f.srv.AddRepo(githubtest.Repo{Owner: "acme", Name: name}, files)
	}
}

func targets() []audit.Target {
	var ts []audit.Target
	for _, n := range []string{"ledger", "orders", "site"} {
		ts = append(ts, audit.Target{Name: "acme/" + n, Owner: "acme", Repo: n})
	}
	return ts
}

// runAudit audits the fleet into store at time at and returns the reports.
func runAudit(t *testing.T, f *fleet, store *Store, at time.Time, cache string, formats ...string) (map[string]string, *audit.Summary) {
	t.Helper()
	store.Now = func() time.Time { return at }
	rem, err := audit.NewRemote(audit.RemoteOptions{APIURL: f.srv.APIURL(), Token: "test-token", CacheDir: cache,
		Retry: github.RetryPolicy{Sleep: func(*http.Request, time.Duration) error { return nil }, BaseDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	bufs := map[string]*bytes.Buffer{}
	var sinks tee
	for _, fm := range formats {
		bufs[fm] = &bytes.Buffer{}
		s, err := audit.NewSink(fm, bufs[fm])
		if err != nil {
			t.Fatal(err)
		}
		sinks = append(sinks, s)
	}
	sum, err := audit.Run(context.Background(), targets(), audit.Header{Title: "org acme", Version: "test"},
		audit.Options{Jobs: 2, Remote: rem, Today: today, History: store}, sinks)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, b := range bufs {
		out[k] = b.String()
	}
	return out, sum
}

type tee []audit.Sink

func (t tee) Begin(h audit.Header) error {
	for _, s := range t {
		if err := s.Begin(h); err != nil {
			return err
		}
	}
	return nil
}
func (t tee) Result(r *audit.Result) error {
	for _, s := range t {
		if err := s.Result(r); err != nil {
			return err
		}
	}
	return nil
}
func (t tee) End(sum *audit.Summary) error {
	for _, s := range t {
		if err := s.End(sum); err != nil {
			return err
		}
	}
	return nil
}

// requests counts the emulator's requests by kind since mark.
func requests(srv *githubtest.Server, mark int) (commits, trees, blobs int, paths []string) {
	for _, r := range srv.Requests()[mark:] {
		switch {
		case strings.Contains(r.Path, "/commits/"):
			commits++
		case strings.Contains(r.Path, "/git/trees/"):
			trees++
			paths = append(paths, r.Path)
		case strings.Contains(r.Path, "/git/blobs/"):
			blobs++
			paths = append(paths, r.Path)
		}
	}
	return
}

func openSQLite(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestThreeSnapshots audits the fleet on three dates and checks what each
// report says changed, the adoption answers, and that unchanged commits
// are served from the history without reading trees or blobs.
func TestThreeSnapshotsSQLite(t *testing.T) { threeSnapshots(t, openSQLite(t)) }

// threeSnapshots runs the scenario against any store: PostgreSQL must
// give the very reports SQLite gives (the same golden files).
func threeSnapshots(t *testing.T, store *Store) {
	ctx := context.Background()
	f := newFleet(t)
	for i, snap := range snapshots {
		f.advance(i)
		mark := len(f.srv.Requests())
		out, sum := runAudit(t, f, store, snap.at, "", "table", "markdown", "json", "html")
		commits, trees, blobs, paths := requests(f.srv, mark)
		if commits != 3 {
			t.Errorf("snapshot %d: %d commit requests, want one a repository", i+1, commits)
		}
		// Only the repositories whose commit changed are read again.
		changed := len(snap.files)
		if trees != changed {
			t.Errorf("snapshot %d: %d tree listings for %d changed repositories: %v", i+1, trees, changed, paths)
		}
		if i > 0 {
			for _, p := range paths {
				if strings.Contains(p, "/ledger/") {
					t.Errorf("snapshot %d: unchanged ledger read again: %s", i+1, p)
				}
			}
		}
		_ = blobs
		if i == 0 {
			if sum.Changes == nil || sum.Changes.First != 3 || sum.Changes.Compared != 0 {
				t.Errorf("first snapshot: %+v", sum.Changes)
			}
			continue
		}
		n := i + 1
		detecttest.GoldenBytes(t, filepath.Join("testdata", "snapshot"+itoa(n)+".txt"), []byte(out["table"]))
		if n == 3 {
			detecttest.GoldenBytes(t, filepath.Join("testdata", "snapshot3.md"), []byte(out["markdown"]))
			for _, want := range []string{`<a href="#changes">Changes</a>`, `<section id="changes">`, "<td>acme/orders</td><td><code>0009527</code> 2026-03-15</td><td>+ioredis · +Redis · −Apache Kafka"} {
				if !strings.Contains(out["html"], want) {
					t.Errorf("the HTML report lacks %q", want)
				}
			}
			var doc struct {
				Repositories []audit.Result `json:"repositories"`
				Summary      audit.Summary  `json:"summary"`
			}
			if err := json.Unmarshal([]byte(out["json"]), &doc); err != nil {
				t.Fatal(err)
			}
			b, _ := json.MarshalIndent(doc.Summary.Changes, "", "  ")
			detecttest.GoldenBytes(t, filepath.Join("testdata", "snapshot3-changes.json"), append(b, '\n'))
			for _, r := range doc.Repositories {
				if r.Commit != f.srv.CommitSHA("acme", strings.TrimPrefix(r.Repository, "acme/")) {
					t.Errorf("%s: commit %q", r.Repository, r.Commit)
				}
				if want := r.Repository == "acme/ledger" || r.Repository == "acme/site"; r.Reused != want {
					t.Errorf("%s: reused %v, want %v", r.Repository, r.Reused, want)
				}
			}
		}
	}

	// Which repositories adopted or dropped what, between two dates.
	for _, tc := range []struct {
		tech, since, until, golden string
	}{
		{"ioredis", "2026-02-01", "2026-12-01", "adoption-ioredis.json"},
		{"kafka", "2026-01-01", "2026-12-01", "adoption-kafka.json"},
		{"kafka", "2026-01-01", "2026-03-31", "adoption-kafka-q1.json"},
		{"pg", "2026-03-15", "2026-06-20", "adoption-pg.json"},
	} {
		since, _ := time.Parse(time.DateOnly, tc.since)
		until, _ := time.Parse(time.DateOnly, tc.until)
		a, err := store.Adoption(ctx, tc.tech, since, until)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent(a, "", "  ")
		detecttest.GoldenBytes(t, filepath.Join("testdata", tc.golden), append(b, '\n'))
	}
	if v, err := store.Version(ctx); err != nil || v != SchemaVersion {
		t.Errorf("schema version %d, %v", v, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// With --cache as well, re-auditing an unchanged fleet costs one commit
// request a repository, answered 304 Not Modified, and nothing else.
func TestUnchangedFleetCostsOneConditionalRequest(t *testing.T) {
	store := openSQLite(t)
	f := newFleet(t)
	f.advance(0)
	cache := t.TempDir()
	runAudit(t, f, store, snapshots[0].at, cache, "json")
	mark := len(f.srv.Requests())
	out, sum := runAudit(t, f, store, snapshots[1].at, cache, "json")
	commits, trees, blobs, paths := requests(f.srv, mark)
	if commits != 3 || trees != 0 || blobs != 0 {
		t.Errorf("re-audit: %d commit, %d tree, %d blob requests (%v)", commits, trees, blobs, paths)
	}
	for _, r := range f.srv.Requests()[mark:] {
		if r.Status != http.StatusNotModified {
			t.Errorf("%s %s answered %d, want 304 (free of rate-limit budget)", r.Method, r.Path, r.Status)
		}
	}
	if sum.Changes == nil || sum.Changes.Compared != 3 || sum.Changes.Changed != 0 || !strings.Contains(out["json"], `"reused": true`) {
		t.Errorf("changes %+v", sum.Changes)
	}
}

// A new stacklint build, --profile or date makes another fingerprint: the
// repository is read again (from the cache) rather than served stale.
func TestOtherInputsAreNotServed(t *testing.T) {
	store := openSQLite(t)
	f := newFleet(t)
	f.advance(0)
	runAudit(t, f, store, snapshots[0].at, "", "json")
	r, ok, err := store.Lookup(context.Background(), "acme/ledger", f.srv.CommitSHA("acme", "ledger"), "another fingerprint")
	if err != nil || ok || r != nil {
		t.Errorf("served with another fingerprint: %v %v", ok, err)
	}
	if _, ok, _ := store.Lookup(context.Background(), "acme/ledger", f.srv.CommitSHA("acme", "ledger"), audit.Fingerprint(audit.Options{Today: today})); !ok {
		t.Error("not served with the same fingerprint")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("INSERT INTO schema_version (version, applied_at) VALUES (99, 'x')"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "schema version 99 is newer") || !strings.Contains(err.Error(), path) {
		t.Errorf("opening a newer schema: %v", err)
	}
	// Opening twice migrates once.
	p2 := filepath.Join(t.TempDir(), "h2.db")
	for i := 0; i < 2; i++ {
		s, err := Open(context.Background(), p2)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		s.db.QueryRow("SELECT COUNT(*) FROM schema_version").Scan(&n)
		if n != 1 {
			t.Errorf("open %d: %d schema_version rows", i+1, n)
		}
		s.Close()
	}
}

func TestNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte("not a database, just text that is long enough to have a header page\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("opening a text file: %v", err)
	}
	if _, err := Open(context.Background(), "fleet.db?mode=memory"); err == nil {
		t.Error("a path with ? was accepted")
	}
}

// Two processes (here two stores) recording the same repositories at once
// neither fail nor duplicate rows.
func TestConcurrentWritersSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	concurrentWriters(t, func() *Store {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func concurrentWriters(t *testing.T, open func() *Store) {
	ctx := context.Background()
	var stores []*Store
	for i := 0; i < 4; i++ {
		s := open()
		t.Cleanup(func() { s.Close() })
		stores = append(stores, s)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for w, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				r := &audit.Result{Repository: "acme/r" + itoa(i%5), Source: "github", Status: audit.StatusAudited, Commit: "c" + itoa(i%3),
					Stack: []audit.Tech{{ID: "go", Name: "Go", Layer: "language"}, {ID: "t" + itoa(w), Name: "T", Layer: "data"}}}
				if _, err := s.Record(ctx, r, "fp"); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var repos, snaps int
	stores[0].db.QueryRow("SELECT COUNT(*) FROM repositories").Scan(&repos)
	stores[0].db.QueryRow("SELECT COUNT(*) FROM snapshots").Scan(&snaps)
	if repos != 5 || snaps != 15 {
		t.Errorf("%d repositories, %d snapshots; want 5 and 15", repos, snaps)
	}
}
