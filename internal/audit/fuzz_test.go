package audit

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParseRepos: a --repos file never panics, and every target it accepts
// names an owner and a repository without separators.
func FuzzParseRepos(f *testing.F) {
	f.Add("acme/api\n# comment\nacme/web@v1.2 # pinned\n\n")
	f.Add("acme\n")
	f.Add("a/b@\n")
	f.Add("../x/y\n")
	f.Fuzz(func(t *testing.T, in string) {
		ts, err := ParseRepos("repos.txt", strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "repos.txt:") && !strings.Contains(err.Error(), "token too long") {
				t.Errorf("error without file:line: %v", err)
			}
			return
		}
		for _, tg := range ts {
			if tg.Owner == "" || tg.Repo == "" || strings.ContainsAny(tg.Owner+tg.Repo, "/ ") || tg.Name != tg.Owner+"/"+tg.Repo {
				t.Errorf("accepted %+v", tg)
			}
		}
	})
}

// FuzzMerge: any input to stacklint merge is read or refused with an
// error, never a panic, what is read re-renders, and no temporary file is
// left behind either way.
func FuzzMerge(f *testing.F) {
	f.Add(`{"schema":"stacklint/audit/v1","repositories":[{"repository":"a/b","status":"audited","stack":[],"findings":[]}],"summary":{}}`)
	f.Add(`{"schema":"stacklint/audit/v1","repositories":[{"repository":"a/b","status":"failed","reason":"not found"}]}`)
	f.Add(`{"repositories":[]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, in string) {
		var b bytes.Buffer
		sink, _ := NewSink("html", &b)
		s, err := Merge([]Input{{Name: "x.json", R: strings.NewReader(in)}}, "test", sink)
		if err == nil && s.Repositories != s.Audited+s.Failed {
			t.Errorf("summary counts %d repositories, %d audited, %d failed", s.Repositories, s.Audited, s.Failed)
		}
		if h := sink.(*htmlSink); h.rows.f != nil || h.detail.f != nil {
			t.Error("a temporary file is left behind")
		}
	})
}
