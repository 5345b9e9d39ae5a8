package radar

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// render lists a radar for a golden file: format, entries (location,
// ring, quadrant, name, the catalog id they match) and problems.
func render(r *Radar, m *Matcher) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %d entries, %d problems\n", r.File, r.Format, len(r.Entries), len(r.Problems))
	for _, e := range r.Entries {
		res := m.Match(e.Name)
		id := res.ID
		switch {
		case id == "" && len(res.Candidates) > 0:
			id = "? one of " + strings.Join(res.Candidates, ", ")
		case id == "" && res.Suggestion != "":
			id = "? did you mean " + res.Suggestion
		case id == "":
			id = "? no match"
		}
		flags := ""
		if e.IsNew {
			flags += " new"
		}
		if e.Moved != 0 {
			flags += fmt.Sprintf(" moved=%d", e.Moved)
		}
		if len(e.Tags) > 0 {
			flags += " tags=" + strings.Join(e.Tags, ",")
		}
		fmt.Fprintf(&b, "%s:%d\t%s\t%s\t%q → %s%s\n", e.File, e.Line, e.Ring, e.Quadrant, e.Name, id, flags)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "problem: %s\n", p.Error())
	}
	return b.String()
}

func matcher(t testing.TB) *Matcher {
	t.Helper()
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	return NewMatcher(c)
}

// TestFixtures reads one radar of each format from testdata and holds it
// to its golden listing (go test ./internal/radar/ -update regenerates).
func TestFixtures(t *testing.T) {
	m := matcher(t)
	for _, c := range []struct{ name, format string }{
		{"byor.csv", FormatBYORCSV}, {"byor.json", FormatBYORJSON}, {"zalando-config.json", FormatZalando},
		{"backstage.json", FormatBackstage}, {"aoe", FormatAOE}, {"aoe/2024-01-15/mongodb.md", FormatAOE},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Read(os.DirFS("testdata"), c.name, "radar/"+c.name)
			if err != nil {
				t.Fatal(err)
			}
			if r.Format != c.format {
				t.Errorf("format %s, want %s", r.Format, c.format)
			}
			for _, e := range r.Entries {
				if e.Line < 1 || !strings.HasPrefix(e.File, "radar/") {
					t.Errorf("entry %q is not located: %s:%d", e.Name, e.File, e.Line)
				}
			}
			golden := filepath.Join("testdata", "golden", strings.ReplaceAll(c.name, "/", "_")+".txt")
			detecttest.GoldenBytes(t, golden, []byte(render(r, m)))
		})
	}
}

// TestParseErrors: a file that is no radar fails with its file, line and
// what was expected.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, data string
		line       int
		want       string
	}{
		{"r.csv", "", 1, "empty file; expected a header row"},
		{"r.csv", "title,level\nGo,adopt\n", 1, "no name or ring column"},
		{"r.json", "[\n{\"name\": \"Go\",\n \"ring\": adopt}\n]", 3, "JSON syntax"},
		{"r.json", "[{\"name\": \"Go\", \"ring\": \"adopt\"}", 1, "ends early"},
		{"r.json", "{\"title\": \"x\"}", 1, "without \"entries\""},
		{"r.json", "{\"entries\": [\n  {\"name\": \"Go\"}\n]}", 2, "neither \"timeline\" (Backstage) nor \"label\" (Zalando)"},
		{"r.json", "\"adopt\"", 1, "expected a JSON array (BYOR) or object"},
		{"r.json", "[] []", 1, "text after the JSON array"},
		{"radar.txt", "Go adopt", 1, "unknown radar format"},
		{"r.csv", "name,ring\n\xff,adopt\n", 0, "not UTF-8"},
	} {
		t.Run(c.name+"/"+c.want, func(t *testing.T) {
			r, err := Parse(c.name, []byte(c.data))
			if err == nil {
				t.Fatalf("no error; read %+v", r)
			}
			pe, ok := err.(*detect.ParseError)
			if !ok {
				t.Fatalf("%T %v: want a *detect.ParseError", err, err)
			}
			if pe.File != c.name || pe.Line != c.line || !strings.Contains(pe.Msg, c.want) {
				t.Errorf("got %s:%d: %s\nwant %s:%d: …%s…", pe.File, pe.Line, pe.Msg, c.name, c.line, c.want)
			}
		})
	}
}

// TestEntryProblems: a bad entry is reported at its line and the others
// are kept.
func TestEntryProblems(t *testing.T) {
	for _, c := range []struct {
		name, data string
		entries    int
		want       string // "line: message part"
	}{
		{"r.csv", "name,ring\nGo,adopt\nRust,later\n", 1, "3: \"Rust\": ring \"later\" is not one of adopt, trial, assess, hold"},
		{"r.csv", "name,ring\nGo,adopt\n,hold\n", 1, "3: an entry without a name"},
		{"r.json", "[\n {\"name\": \"Go\", \"ring\": \"adopt\"},\n {\"name\": \"Perl\"}\n]", 1, "3: \"Perl\": ring \"\" is not one of"},
		{"config.json", "{\"entries\": [\n{\"label\": \"Go\", \"ring\": 0},\n{\"label\": \"Perl\", \"ring\": 4}]}", 1, "3: \"Perl\": ring 4 is not an index into the rings array (0 to 3)"},
		{"config.json", "{\"rings\": [{\"name\": \"Avoid\"}], \"entries\": [\n{\"label\": \"Go\", \"ring\": 0}]}", 0, "2: \"Go\": ring \"Avoid\" is not one of"},
		{"bs.json", "{\"entries\": [\n{\"title\": \"Go\", \"timeline\": [{\"ringId\": \"x\"}]}]}", 0, "2: \"Go\": ring \"x\" is not one of"},
		{"bs.json", "{\"entries\": [\n{\"title\": \"Go\", \"timeline\": []},\n{\"title\": \"Rust\", \"timeline\": [{\"ringId\": \"hold\"}]}]}", 1, "2: \"Go\": an empty timeline"},
		{"go.md", "title: Go\nring: adopt\n", 0, "1: no front matter"},
		{"go.md", "---\ntitle: Go\nring: adopt\n", 0, "1: no front matter"},
		{"go.md", "---\ntitle: Go\nring: [adopt\n---\n", 0, "2: front matter is not YAML"},
		{"go.md", "---\n- adopt\n---\n", 0, "2: front matter is not a mapping"},
		{"go.md", "---\ntitle: Go\nquadrant: x\nring: later\n---\n", 0, "4: \"Go\": ring \"later\""},
	} {
		t.Run(c.name+"/"+c.want, func(t *testing.T) {
			r, err := Parse(c.name, []byte(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Entries) != c.entries {
				t.Errorf("%d entries, want %d", len(r.Entries), c.entries)
			}
			line, msg, _ := strings.Cut(c.want, ": ")
			for _, p := range r.Problems {
				if fmt.Sprint(p.Line) == line && strings.Contains(p.Msg, msg) && p.File == c.name {
					return
				}
			}
			t.Errorf("no problem %q in %v", c.want, r.Problems)
		})
	}
}

// TestRead covers what Read adds to Parse: files and folders in an
// fs.FS, and what it refuses.
func TestRead(t *testing.T) {
	fsys := fstest.MapFS{
		"radar/a.csv":         {Data: []byte("name,ring\nGo,adopt\n")},
		"radar/empty/x.txt":   {Data: []byte("x")},
		"radar/pipe.csv":      {Mode: os.ModeNamedPipe},
		"radar/big.csv":       {Data: make([]byte, MaxFileSize+1)},
		"radar/aoe/go.md":     {Data: []byte("---\ntitle: Go\nring: adopt\n---\n")},
		"radar/aoe/.git/x.md": {Data: []byte("---\nring: hold\n---\n")},
	}
	r, err := Read(fsys, "radar/a.csv", "")
	if err != nil || len(r.Entries) != 1 || r.Entries[0].File != "radar/a.csv" || r.Entries[0].Line != 2 {
		t.Errorf("a.csv: %+v, %v", r, err)
	}
	r, err = Read(fsys, "radar/aoe", "docs/aoe")
	if err != nil || len(r.Entries) != 1 || r.Entries[0].File != "docs/aoe/go.md" || r.Entries[0].Line != 3 {
		t.Errorf("aoe: %+v, %v", r, err)
	}
	for name, want := range map[string]string{
		"radar/missing.csv": "file does not exist",
		"radar/empty":       "without Markdown files",
		"radar/pipe.csv":    "not a regular file",
		"radar/big.csv":     "over the 8388608-byte limit",
	} {
		if _, err := Read(fsys, name, ""); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want an error naming it and %q", name, err, want)
		}
	}
}

// TestMatch: radar names as people write them find their catalog ids.
func TestMatch(t *testing.T) {
	m := matcher(t)
	for name, want := range map[string]string{
		"PostgreSQL": "postgresql", "Postgres": "postgresql", "postgresql": "postgresql", "Apache Kafka": "kafka",
		"Node.js": "nodejs", "NodeJS": "nodejs", "Spring Boot": "spring-boot", "spring-boot": "spring-boot",
		"AWS Lambda": "aws-lambda", "K8s": "kubernetes", "Mongo": "mongodb", "Express.js": "express",
		"Amazon DynamoDB": "dynamodb", "AWS DynamoDB": "dynamodb", "SQL Server": "sqlserver", "Golang": "go",
		"Ruby on Rails": "rails", "Hibernate": "hibernate", "Knex": "knex", " Redis ": "redis",
		"Oracle DB": "oracle", "Oracle Database": "oracle", "node-oracledb / python-oracledb": "oracledb",
	} {
		if got := m.Match(name); got.ID != want || got.Version != "" {
			t.Errorf("Match(%q) = %+v, want %s", name, got, want)
		}
	}
	// A trailing version is a release line of the technology.
	for name, want := range map[string]string{"Node.js 14": "nodejs@14", "Java 8": "java@8", "Python 3.12": "python@3.12", "Angular 1.x": "angular@1", "Ember.js 3.x": "@", "PostgreSQL v16": "postgresql@16", "k6": "k6@", "Neo4j": "neo4j@"} {
		got := m.Match(name)
		if got.ID+"@"+got.Version != want {
			t.Errorf("Match(%q) = %+v, want %s", name, got, want)
		}
	}
	for name, suggest := range map[string]string{"Micro frontends": "", "Postgress": "postgresql", "Kubernets": "kubernetes"} {
		got := m.Match(name)
		if got.ID != "" || got.Suggestion != suggest {
			t.Errorf("Match(%q) = %+v, want no id, suggestion %q", name, got, suggest)
		}
	}
}
