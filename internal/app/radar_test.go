package app_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/profile"
)

const radarCSV = "name,ring,quadrant\nPostgreSQL,adopt,Platforms\nMongoDB,hold,Platforms\nPostgress,trial,Platforms\nPair programming,adopt,Techniques\n"

// TestRepoRadar: a repository's profile reads its radar from the same
// tree, relative to the profile, and never outside it.
func TestRepoRadar(t *testing.T) {
	fsys := fstest.MapFS{"platform/radar.csv": {Data: []byte(radarCSV)}, "svc/radar.csv": {Data: []byte(radarCSV)}}
	p, err := app.ParseRepoProfile(fsys, ".stacklint.toml", []byte("[organization]\nradar = \"platform/radar.csv\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	pl, ok := p.Placement("mongodb")
	if !ok || pl.Ring != "hold" || pl.Entry.File != "platform/radar.csv" || pl.Entry.Line != 3 || pl.Entry.Name != "MongoDB" {
		t.Errorf("mongodb placed %+v, %v", pl, ok)
	}
	notes := p.Organization.RadarNotes
	if len(notes) != 1 || notes[0].Line != 4 || !strings.Contains(notes[0].Message, `"Postgress" (trial) names no technology`) || !strings.Contains(notes[0].Message, `did you mean "postgresql"?`) {
		t.Errorf("notes %+v: want the typo at line 4 only (techniques are not technologies)", notes)
	}
	diags := app.RadarDiagnostics(p)
	if len(diags) != 1 || diags[0].File != "platform/radar.csv" || diags[0].Detector != "radar" {
		t.Errorf("diagnostics %+v", diags)
	}
	// Relative to the profile's folder.
	p, err = app.ParseRepoProfile(fsys, "svc/.stacklint.toml", []byte("[organization]\nradar = \"radar.csv\"\n"))
	if err != nil || len(p.Organization.RadarEntries) != 2 || p.Organization.RadarEntries[0].File != "svc/radar.csv" {
		t.Errorf("svc profile: %+v, %v", p, err)
	}
	for radar, want := range map[string]string{
		"../outside.csv":    `"../outside.csv" leaves the repository`,
		"/etc/passwd":       `"/etc/passwd" leaves the repository`,
		"platform/nope.csv": "cannot read radar platform/nope.csv: file does not exist",
		"https://x/r.csv":   "a URL is not allowed",
		"platform":          "cannot read radar platform: a folder without Markdown files",
	} {
		_, err := app.ParseRepoProfile(fsys, ".stacklint.toml", []byte("[project]\ntype = \"mvp\"\n[organization]\nradar = \""+radar+"\"\n"))
		var pe *profile.Error
		if !errors.As(err, &pe) || len(pe.Problems) != 1 || pe.Problems[0].Line != 4 || pe.Problems[0].Key != "organization.radar" || !strings.Contains(err.Error(), want) {
			t.Errorf("radar %q: %v; want a profile problem at line 4 with %q", radar, err, want)
		}
	}
}

// TestDiskRadar: a profile file given with --profile reads its radar from
// disk beside it (also outside any repository), and a broken radar file
// is a profile error naming the radar's own line.
func TestDiskRadar(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "org", "standards"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "org", "standards", "radar.csv"), []byte(radarCSV), 0o644))
	must(os.WriteFile(filepath.Join(dir, "org", "profile.toml"), []byte("[organization]\nradar = \"standards/radar.csv\"\n"), 0o644))
	p, err := app.LoadProfile(filepath.Join(dir, "org", "profile.toml"), "org/profile.toml")
	must(err)
	pl, ok := p.Placement("postgresql")
	if !ok || pl.Ring != "adopt" || pl.Entry.File != "org/standards/radar.csv" || pl.Entry.Line != 2 {
		t.Errorf("postgresql placed %+v, %v", pl, ok)
	}
	must(os.WriteFile(filepath.Join(dir, "org", "bad.json"), []byte("[\n{\"name\": \"Go\",\n \"ring\": adopt}\n]"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "org", "p2.toml"), []byte("[organization]\nradar = \"bad.json\"\n"), 0o644))
	_, err = app.LoadProfile(filepath.Join(dir, "org", "p2.toml"), "org/p2.toml")
	if err == nil || !strings.Contains(err.Error(), "org/p2.toml:2:1: organization.radar: radar org/bad.json:3: JSON syntax") {
		t.Errorf("bad radar: %v", err)
	}
}
