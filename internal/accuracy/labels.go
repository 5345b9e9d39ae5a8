// Package accuracy measures how well a scan finds a repository's backend
// stack: it reads hand-made labels of real applications (what their
// backend runs, what the tool may list or not, what must never appear
// because a front end, a client or a docs site uses it), compares them with
// the technologies a scan lists in the backend stack, and reports
// precision and recall per group of categories, with every false positive
// and false negative and the evidence behind it.
//
// The labels live in testdata/eval/<owner>+<name>.toml; the corpus test
// scans trees exported from those commits when STACKLINT_EVAL_CORPUS names
// the folder holding them (see testdata/eval/README.md).
package accuracy

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/catalog"
)

// Label is one hand-made label: a catalog id and where in the repository
// the labeller saw it.
type Label struct {
	// ID is the catalog id ("postgresql").
	ID string `toml:"id"`
	// Source is the file (and what in it) the label rests on.
	Source string `toml:"source"`
}

// Labels are the hand-made labels of one repository at one commit.
type Labels struct {
	// Repo is owner/name on GitHub.
	Repo string `toml:"repo"`
	// Commit is the full hash of the commit labelled.
	Commit string `toml:"commit"`
	// Expect are the technologies of the backend stack: every one must be
	// found (recall) in the group its category belongs to.
	Expect []Label `toml:"expect"`
	// Maybe are technologies whose place in the backend stack is a matter
	// of judgement (a development-only Compose file, a declared but unused
	// dependency): scoring ignores them either way.
	Maybe []Label `toml:"maybe"`
	// Absent are technologies the repository uses outside its backend (a
	// front end's React, a desktop client's Tauri, a docs site's
	// VitePress): listing one in the backend stack is a false positive,
	// whatever its category, and a leak.
	Absent []Label `toml:"absent"`
}

// Dir is the folder name of the repository's tree in a corpus:
// owner+name.
func (l *Labels) Dir() string { return strings.Replace(l.Repo, "/", "+", 1) }

var (
	repoPattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	commitPattern = regexp.MustCompile(`^[0-9a-f]{40}$`)
)

// ParseLabels decodes one labels file. name is used in errors only. It
// rejects unknown keys, a repository not written owner/name, a commit
// that is not a full hash, a label without an id or a source, an id
// listed twice, and, when cat is not nil, an id the catalog does not know.
func ParseLabels(name string, data []byte, cat *catalog.Catalog) (*Labels, error) {
	var l Labels
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&l)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var errs []string
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		errs = append(errs, fmt.Sprintf("unknown keys %s (expected repo, commit, expect, maybe, absent; a label has id and source)", strings.Join(keys, ", ")))
	}
	if !repoPattern.MatchString(l.Repo) {
		errs = append(errs, fmt.Sprintf("repo %q: expected owner/name", l.Repo))
	}
	if !commitPattern.MatchString(l.Commit) {
		errs = append(errs, fmt.Sprintf("commit %q: expected a full 40-hex commit hash", l.Commit))
	}
	seen := map[string]string{}
	for _, list := range []struct {
		key    string
		labels []Label
	}{{"expect", l.Expect}, {"maybe", l.Maybe}, {"absent", l.Absent}} {
		for i, lb := range list.labels {
			where := fmt.Sprintf("%s[%d]", list.key, i)
			switch {
			case lb.ID == "":
				errs = append(errs, where+": no id")
				continue
			case strings.TrimSpace(lb.Source) == "":
				errs = append(errs, fmt.Sprintf("%s %q: no source (the file the label rests on)", where, lb.ID))
			}
			if prev, dup := seen[lb.ID]; dup {
				errs = append(errs, fmt.Sprintf("%s: %q already labelled in %s", where, lb.ID, prev))
			}
			seen[lb.ID] = where
			if cat != nil {
				if _, ok := cat.Get(lb.ID); !ok {
					errs = append(errs, fmt.Sprintf("%s: %q is not a catalog id (see stacklint catalog)", where, lb.ID))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s: %s", name, strings.Join(errs, "; "))
	}
	return &l, nil
}
