package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

func TestDetectorsDocIsCurrent(t *testing.T) {
	detecttest.GoldenBytes(t, "../../docs/detectors.md", []byte(DetectorsDoc()))
}

// mdLink matches an inline Markdown link or image: [text](target "title").
var mdLink = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// TestMarkdownLinksResolve checks every relative link in the project's own
// Markdown files (fixtures under testdata excluded): the file or folder
// exists, and a #fragment names a heading of the target document.
func TestMarkdownLinksResolve(t *testing.T) {
	root := "../.."
	var docs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "node_modules" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			docs = append(docs, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 3 {
		t.Fatalf("found only %d Markdown files", len(docs))
	}
	checked := 0
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, doc)
		for n, line := range proseLines(string(b)) {
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				checked++
				file, frag, _ := strings.Cut(target, "#")
				p := doc
				if file != "" {
					p = filepath.Join(filepath.Dir(doc), filepath.FromSlash(file))
					if _, err := os.Stat(p); err != nil {
						t.Errorf("%s:%d: link %q: no such file", rel, n+1, target)
						continue
					}
				}
				if frag != "" && strings.HasSuffix(p, ".md") {
					if !hasAnchor(t, p, frag) {
						t.Errorf("%s:%d: link %q: no heading with that anchor", rel, n+1, target)
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("checked only %d relative links: is the link pattern broken?", checked)
	}
}

// proseLines returns the lines of a Markdown document with fenced code
// blocks and inline code spans blanked, keeping line numbers.
func proseLines(s string) []string {
	lines := strings.Split(s, "\n")
	fenced := false
	inline := regexp.MustCompile("`[^`]*`")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
			lines[i] = ""
			continue
		}
		if fenced {
			lines[i] = ""
			continue
		}
		lines[i] = inline.ReplaceAllString(l, "``")
	}
	return lines
}

// hasAnchor reports whether the Markdown file has a heading whose GitHub
// anchor is frag.
func hasAnchor(t *testing.T, file, frag string) bool {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fenced := false
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
		}
		if fenced || !strings.HasPrefix(l, "#") {
			continue
		}
		if githubAnchor(strings.TrimLeft(l, "#")) == frag {
			return true
		}
	}
	return false
}

// githubAnchor is the fragment GitHub gives a heading: lowercase, spaces to
// hyphens, punctuation other than hyphens and underscores dropped.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestGithubAnchor(t *testing.T) {
	for in, want := range map[string]string{
		"JSON output (`stacklint/scan/v1`)": "json-output-stacklintscanv1",
		"The profile: `.stacklint.toml`":    "the-profile-stacklinttoml",
		"CI: the GitHub Action":             "ci-the-github-action",
		"business/undocumented-decisions":   "businessundocumented-decisions",
	} {
		if got := githubAnchor(in); got != want {
			t.Errorf("githubAnchor(%q) = %q, want %q", in, got, want)
		}
	}
}
