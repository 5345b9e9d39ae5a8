package codeowners

import (
	"strings"
	"testing"
	"testing/fstest"
)

// github is the example file of GitHub's documentation, trimmed, plus the
// edge cases a fleet meets: an unowned override, escaped names, comments.
const github = `# Comment line
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
/services/payments/** @acme/payments
/services/payments/legacy/ @acme/legacy
/my\ folder/ @acme/spaces
`

func TestOwner(t *testing.T) {
	f := Parse([]byte(github))
	if len(f.Problems) != 0 {
		t.Fatalf("problems: %v", f.Problems)
	}
	for _, tc := range []struct {
		path string
		want string // owners joined by space; "-" = matched with no owner; "" = no rule
		line int
	}{
		{"README.md", "@global-owner1 @global-owner2", 2},
		{"src/app.js", "@js-owner", 3},
		{"main.go", "docs@example.com", 4},
		// /build/logs/ owns everything under it, but the later **/logs
		// matches too, and the last match wins.
		{"build/logs/out.txt", "@octocat", 11},
		{"build/logsx/out.txt", "@octo-org/octocats", 5},
		{"x/build/logs/out.md", "@octocat", 11}, // **/logs at any depth
		// docs/* owns docs' own files, not nested ones (GitHub's rule);
		// the later /docs/ owns both.
		{"docs/a.md", "@doctocat", 9},
		{"docs/sub/b.md", "@doctocat", 9},
		// apps/ matches a folder named apps at any depth…
		{"web/apps/x.md", "@octocat", 8},
		// …and /apps/github, later and without owners, leaves it unowned.
		{"apps/github/x.md", "-", 13},
		{"apps/other/x.md", "@octocat", 12},
		{"services/payments/api/main.py", "@acme/payments", 14},
		{"services/payments/legacy/old.py", "@acme/legacy", 15},
		{"my folder/x", "@acme/spaces", 16},
	} {
		r, ok := f.Owner(tc.path)
		got := strings.Join(r.Owners, " ")
		if ok && got == "" {
			got = "-"
		}
		if got != tc.want || (ok && r.Line != tc.line) {
			t.Errorf("Owner(%q) = %q (line %d), want %q (line %d)", tc.path, got, r.Line, tc.want, tc.line)
		}
	}
}

func TestFolderOwner(t *testing.T) {
	f := Parse([]byte("* @acme/platform\n*.js @acme/web\ndocs/* @acme/docs\n/services/api/ @acme/api\nservices/api/vendor/ \n"))
	for _, tc := range []struct{ folder, want string }{
		{".", "@acme/platform"},
		{"", "@acme/platform"},
		{"web", "@acme/platform"},         // *.js owns files by name, not the folder
		{"docs", "@acme/docs"},            // docs/* owns the folder's own files
		{"docs/guides", "@acme/platform"}, // not nested ones
		{"services/api", "@acme/api"},
		{"services/api/cmd", "@acme/api"},
		{"services/api/vendor", ""},
	} {
		r, _ := f.FolderOwner(tc.folder)
		if got := strings.Join(r.Owners, " "); got != tc.want {
			t.Errorf("FolderOwner(%q) = %q, want %q", tc.folder, got, tc.want)
		}
	}
	var none *File
	if _, ok := none.FolderOwner("."); ok {
		t.Error("a nil file owns something")
	}
	if _, ok := Parse([]byte("/docs/ @a\n")).FolderOwner("."); ok {
		t.Error("the root is owned without a matching rule")
	}
}

func TestProblems(t *testing.T) {
	f := Parse([]byte("!secret @a\n[ab].go @b\n*.md not-an-owner\n*.md @ok\n\\#hash @c\n"))
	var lines []int
	for _, p := range f.Problems {
		lines = append(lines, p.Line)
	}
	if len(lines) != 3 || lines[0] != 1 || lines[1] != 2 || lines[2] != 3 {
		t.Fatalf("problems %v", f.Problems)
	}
	if !strings.Contains(f.Problems[2].String(), "line 3") || !strings.Contains(f.Problems[2].String(), "expected @user") {
		t.Errorf("message: %s", f.Problems[2])
	}
	if len(f.Rules) != 2 || f.Rules[1].Pattern != "#hash" {
		t.Fatalf("rules %+v", f.Rules)
	}
	if r, _ := f.Owner("#hash"); strings.Join(r.Owners, "") != "@c" {
		t.Errorf("escaped # : %+v", r)
	}
}

func TestFind(t *testing.T) {
	fsys := fstest.MapFS{
		"CODEOWNERS":         {Data: []byte("* @root\n")},
		"docs/CODEOWNERS":    {Data: []byte("* @docs\n")},
		".github/CODEOWNERS": {Data: []byte("* @github\n")},
	}
	for _, tc := range []struct{ drop, want string }{{"", ".github/CODEOWNERS"}, {".github/CODEOWNERS", "CODEOWNERS"}, {"CODEOWNERS", "docs/CODEOWNERS"}} {
		delete(fsys, tc.drop)
		f, err := Find(fsys)
		if err != nil || f == nil || f.Path != tc.want {
			t.Fatalf("Find = %+v, %v; want %s", f, err, tc.want)
		}
	}
	delete(fsys, "docs/CODEOWNERS")
	if f, err := Find(fsys); f != nil || err != nil {
		t.Errorf("no file: %+v %v", f, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(github), "a/b/c.js")
	f.Add([]byte("**/x/** @a\n/ @b\n\\ @c"), "x/y")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		file := Parse(data)
		for _, r := range file.Rules {
			if r.Line < 1 {
				t.Fatalf("rule without a line: %+v", r)
			}
		}
		file.Owner(name)
		file.FolderOwner(name)
	})
}
