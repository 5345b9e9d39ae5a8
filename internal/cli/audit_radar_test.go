package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditRadarOut: one audit with the organisation's profile and BYOR
// radar writes the fleet's radar, Backstage JSON or BYOR CSV by extension,
// and says which radar entries it could not use.
func TestAuditRadarOut(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "radar.csv"), []byte("name,ring,quadrant\nMongoDB,hold,Platforms\nExpress.js,adopt,Languages & Frameworks\nPostgress,trial,Platforms\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "org.toml"), []byte("[organization]\nradar = \"radar.csv\"\n"), 0o644))
	repos := []string{"../../testdata/repos/node-express", "../../testdata/repos/ecommerce-document-store", "../../testdata/repos/radar-org"}
	for _, name := range []string{"radar.json", "radar.csv"} {
		out := filepath.Join(dir, name)
		args := append([]string{"audit", "--today", "2026-06-01", "--profile", filepath.Join(dir, "org.toml"), "--radar-out", out, "-o", filepath.Join(dir, "fleet.txt")}, repos...)
		_, stderr, code := run(t, nil, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, `radar.csv:4: radar entry "Postgress" (trial) names no technology stacklint knows; did you mean "postgresql"?`) ||
			!strings.Contains(stderr, "wrote "+out+" (") {
			t.Errorf("stderr:\n%s", stderr)
		}
		b, err := os.ReadFile(out)
		must(err)
		if name == "radar.json" {
			var doc struct {
				Entries []struct {
					ID, Title, Quadrant string
					Timeline            []struct{ RingID string }
					Usage               struct {
						Repositories  int
						Contradicting []string
					}
				}
			}
			must(json.Unmarshal(b, &doc))
			found := false
			for _, e := range doc.Entries {
				if e.ID == "mongodb" {
					found = true
					if e.Timeline[0].RingID != "hold" || e.Usage.Repositories != 2 || len(e.Usage.Contradicting) != 2 {
						t.Errorf("mongodb: %+v", e)
					}
				}
			}
			if !found {
				t.Errorf("no mongodb entry: %s", b)
			}
			continue
		}
		rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
		must(err)
		if len(rows) < 3 || strings.Join(rows[0], ",") != "name,ring,quadrant,isNew,description" {
			t.Errorf("csv:\n%s", b)
		}
	}
	// Sharded audits: merge writes the radar from the shards' results.
	shard := filepath.Join(dir, "shard.json")
	if _, stderr, code := run(t, nil, append([]string{"audit", "--today", "2026-06-01", "--profile", filepath.Join(dir, "org.toml"), "-f", "json", "-o", shard}, repos...)...); code != 0 {
		t.Fatalf("audit: exit %d: %s", code, stderr)
	}
	merged := filepath.Join(dir, "merged.csv")
	if _, stderr, code := run(t, nil, "merge", "--radar-out", merged, "-o", filepath.Join(dir, "m.txt"), shard); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(merged); !strings.Contains(string(b), "MongoDB,hold,Platforms,FALSE,\"Runs in 2 of 3 audited repositories.") {
		t.Errorf("merged radar:\n%s", b)
	}
	for _, c := range []struct{ flag, value, want string }{
		{"--radar-out", filepath.Join(dir, "radar.yaml"), "expected a .json file (Backstage Tech Radar) or a .csv file"},
		{"--waivers-expiring", "soon", "--waivers-expiring \"soon\": expected a number of days"},
		{"--waivers-expiring", "0d", "expected a number of days from 1"},
	} {
		_, stderr, code := run(t, nil, "audit", c.flag, c.value, repos[0])
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s %s: exit %d, %s", c.flag, c.value, code, stderr)
		}
	}
}

func TestParseDays(t *testing.T) {
	for in, want := range map[string]int{"30d": 30, "30": 30, "6w": 42, "off": -1, "1D": 1} {
		if got, err := parseDays(in); err != nil || got != want {
			t.Errorf("%q: %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-3d", "0", "3y", "9999d"} {
		if _, err := parseDays(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}
