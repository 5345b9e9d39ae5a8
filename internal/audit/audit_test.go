package audit

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// today pins end-of-life comparisons so golden files do not age.
var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// localTargets are three testdata repositories and a folder that does not exist.
func localTargets() []Target {
	var ts []Target
	for _, n := range []string{"node-express", "high-load-saas", "missing-folder", "rare-talent-elixir"} {
		ts = append(ts, Target{Name: n, Dir: filepath.Join("..", "..", "testdata", "repos", n)})
	}
	return ts
}

func runFormat(t *testing.T, format string, targets []Target, opts Options) (string, *Summary) {
	t.Helper()
	var b bytes.Buffer
	sink, err := NewSink(format, &b)
	if err != nil {
		t.Fatal(err)
	}
	opts.Today = today
	s, err := Run(context.Background(), targets, Header{Title: "testdata", Version: "test"}, opts, sink)
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), s
}

func TestLocalGolden(t *testing.T) {
	for _, tc := range []struct{ format, file string }{
		{"json", "local.json"}, {"csv", "local.csv"}, {"markdown", "local.md"}, {"table", "local.txt"}, {"jsonl", "local.jsonl"}, {"html", "local.html"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			out, _ := runFormat(t, tc.format, localTargets(), Options{Jobs: 3})
			detecttest.GoldenBytes(t, filepath.Join("testdata", tc.file), []byte(out))
		})
	}
}

func TestLocalResults(t *testing.T) {
	out, s := runFormat(t, "json", localTargets(), Options{Jobs: 2})
	var doc struct {
		Schema       string   `json:"schema"`
		Repositories []Result `json:"repositories"`
		Summary      Summary  `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("the JSON report does not parse: %v", err)
	}
	if doc.Schema != Schema || len(doc.Repositories) != 4 {
		t.Fatalf("schema %q, %d repositories", doc.Schema, len(doc.Repositories))
	}
	// Input order is kept whatever finishes first.
	for i, want := range []string{"node-express", "high-load-saas", "missing-folder", "rare-talent-elixir"} {
		if doc.Repositories[i].Repository != want {
			t.Errorf("repositories[%d] = %s, want %s", i, doc.Repositories[i].Repository, want)
		}
	}
	miss := doc.Repositories[2]
	if miss.Status != StatusFailed || miss.Reason != "unreadable" || miss.Error == "" {
		t.Errorf("missing folder: %+v", miss)
	}
	hl := doc.Repositories[1]
	if hl.Profile.Source != ProfileRepository || hl.Profile.Path != ".stacklint.toml" || !strings.Contains(hl.Profile.Headline, "high-load SaaS") {
		t.Errorf("high-load-saas profile: %+v", hl.Profile)
	}
	if doc.Repositories[0].Profile.Source != ProfileDefault {
		t.Errorf("node-express has no profile: %+v", doc.Repositories[0].Profile)
	}
	if s.Audited != 3 || s.Failed != 1 || len(s.FailedRepos) != 1 || s.FailedRepos[0].Repository != "missing-folder" {
		t.Errorf("summary: %+v", s)
	}
	var elixir bool
	for _, r := range s.RareTalent {
		elixir = elixir || r.Tech == "elixir"
	}
	if !elixir {
		t.Errorf("Elixir is not a rare-talent hotspot: %+v", s.RareTalent)
	}
	var node20 bool
	for _, e := range s.EndOfLife {
		node20 = node20 || (e.Tech == "nodejs" && e.Cycle == "20")
	}
	if !node20 {
		t.Errorf("Node.js 20 is not an end-of-life hotspot on %s: %+v", today.Format(time.DateOnly), s.EndOfLife)
	}
	// The summary counts what the repositories report.
	sum := 0
	for _, r := range doc.Repositories {
		sum += r.Counts.Findings
	}
	if s.Findings.Findings != sum || sum == 0 {
		t.Errorf("summary counts %d findings, repositories %d", s.Findings.Findings, sum)
	}
}

func TestCSVParses(t *testing.T) {
	out, _ := runFormat(t, "csv", localTargets(), Options{Jobs: 2})
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("rows: %v", rows)
	}
	for _, r := range rows {
		if len(r) != len(CSVHeader) {
			t.Errorf("row %v has %d cells", r, len(r))
		}
	}
}

func TestShardPartition(t *testing.T) {
	var names []Target
	for i := 0; i < 1000; i++ {
		names = append(names, Target{Name: "acme/repo-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("y", i/26)})
	}
	seen := map[string]int{}
	for i := 1; i <= 4; i++ {
		sh := Shard{I: i, N: 4}
		part := sh.Filter(names)
		if len(part) < 150 || len(part) > 350 {
			t.Errorf("shard %s holds %d of 1000", sh, len(part))
		}
		for _, p := range part {
			seen[p.Name]++
		}
		// Deterministic: the same list gives the same part.
		if again := sh.Filter(names); len(again) != len(part) {
			t.Errorf("shard %s is not deterministic", sh)
		}
	}
	for _, n := range names {
		if seen[n.Name] != 1 {
			t.Fatalf("%s is in %d shards", n.Name, seen[n.Name])
		}
	}
	for _, bad := range []string{"0/4", "5/4", "1", "a/b", "1/0"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

func TestMergeShards(t *testing.T) {
	targets := localTargets()
	whole, ws := runFormat(t, "json", targets, Options{Jobs: 2})
	_ = whole
	var inputs []Input
	for i := 1; i <= 2; i++ {
		part := Shard{I: i, N: 2}.Filter(targets)
		out, _ := runFormat(t, "json", part, Options{Jobs: 2})
		inputs = append(inputs, Input{Name: "shard.json", R: strings.NewReader(out)})
	}
	var b bytes.Buffer
	sink, _ := NewSink("json", &b)
	ms, err := Merge(inputs, "test", sink)
	if err != nil {
		t.Fatal(err)
	}
	if ms.Repositories != ws.Repositories || ms.Audited != ws.Audited || ms.Findings != ws.Findings || len(ms.Technologies) != len(ws.Technologies) {
		t.Errorf("merged summary %+v differs from the whole run's %+v", ms, ws)
	}
	if _, err := Merge([]Input{{Name: "bad.json", R: strings.NewReader(`{"schema":"stacklint/check/v1","repositories":[]}`)}}, "test", sink); err == nil || !strings.Contains(err.Error(), "bad.json") {
		t.Errorf("merging a check report: %v", err)
	}
}

func TestParseRepos(t *testing.T) {
	ts, err := ParseRepos("repos.txt", strings.NewReader("# fleet\nacme/api\n\nacme/web@v2 # pinned\n"))
	if err != nil || len(ts) != 2 || ts[1].Ref != "v2" || ts[0].Name != "acme/api" {
		t.Fatalf("%+v %v", ts, err)
	}
	_, err = ParseRepos("repos.txt", strings.NewReader("acme/api\nacme\n"))
	if err == nil || !strings.Contains(err.Error(), "repos.txt:2") {
		t.Errorf("bad line: %v", err)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n int
	sink := &cancelAfter{n: &n, at: 2, cancel: cancel}
	var ts []Target
	for i := 0; i < 50; i++ {
		ts = append(ts, localTargets()[i%4])
	}
	_, err := Run(ctx, ts, Header{}, Options{Jobs: 2, Today: today}, sink)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("a cancelled batch returned %v", err)
	}
	if n >= 50 {
		t.Errorf("%d of 50 repositories audited after the cancel", n)
	}
}

// cancelAfter cancels the batch after at results.
type cancelAfter struct {
	n      *int
	at     int
	cancel context.CancelFunc
}

func (c *cancelAfter) Begin(Header) error { return nil }
func (c *cancelAfter) Result(*Result) error {
	*c.n++
	if *c.n == c.at {
		c.cancel()
	}
	return nil
}
func (c *cancelAfter) End(*Summary) error { return nil }
