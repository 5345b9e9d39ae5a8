package accuracy

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/source"
)

// labelsDir holds the hand-made labels of the corpus.
const labelsDir = "../../testdata/eval"

// loadCorpusLabels parses every labels file against the real catalog.
func loadCorpusLabels(t *testing.T) []*Labels {
	t.Helper()
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(labelsDir, "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatalf("no labels under %s", labelsDir)
	}
	var out []*Labels
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		l, err := ParseLabels(filepath.Base(n), data, cat)
		if err != nil {
			t.Error(err)
			continue
		}
		if want := l.Dir() + ".toml"; filepath.Base(n) != want {
			t.Errorf("%s labels %s: name it %s", filepath.Base(n), l.Repo, want)
		}
		// Expectations must be scorable: Score rejects them otherwise.
		if _, err := Score(l, nil, cat, nil); err != nil {
			t.Error(err)
		}
		out = append(out, l)
	}
	return out
}

// TestCorpusLabels checks the labels themselves (ids known and scored,
// sources given, files named after their repository): it runs everywhere.
func TestCorpusLabels(t *testing.T) {
	loadCorpusLabels(t)
}

// TestCorpus scans every labelled repository whose tree is exported under
// $STACKLINT_EVAL_CORPUS/<owner>+<name> and prints precision and recall
// per group and set, per repository and overall, with every error and its
// evidence (run with -v to see them). With STACKLINT_EVAL_MIN set (0.95),
// it fails when a set's precision or recall over the corpus is below it.
func TestCorpus(t *testing.T) {
	labels := loadCorpusLabels(t)
	corpus := os.Getenv("STACKLINT_EVAL_CORPUS")
	if corpus == "" {
		t.Skip("STACKLINT_EVAL_CORPUS is not set: export the labelled commits (testdata/eval/README.md) and point it at their folder")
	}
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	var results []Result
	for _, l := range labels {
		dir := filepath.Join(corpus, l.Dir())
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s: no tree at %s (export commit %s there)", l.Repo, dir, l.Commit)
			continue
		}
		fsys, err := source.Dir(dir)
		if err != nil {
			t.Fatal(err)
		}
		res, err := app.ScanFS(context.Background(), fsys, app.ScanOptions{})
		if err != nil {
			t.Fatalf("%s: %v", l.Repo, err)
		}
		st := res.Stack
		r, err := Score(l, BackendStack(st, cat), cat, func(id string) string { return Elsewhere(st, id) })
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}
	var b strings.Builder
	if err := WriteReport(&b, results); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("\n" + b.String())
	if v := os.Getenv("STACKLINT_EVAL_MIN"); v != "" {
		min, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("STACKLINT_EVAL_MIN=%q: expected a number such as 0.95", v)
		}
		total := Total(results)
		for _, s := range Sets {
			var c Count
			for _, g := range s.Groups {
				c = c.Add(total[g])
			}
			if c.Precision() < min || c.Recall() < min {
				t.Errorf("%s: precision %.3f, recall %.3f; want both at least %.2f", s.Name, c.Precision(), c.Recall(), min)
			}
		}
	}
}
