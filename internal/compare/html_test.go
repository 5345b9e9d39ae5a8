package compare_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/stacklint/stacklint/internal/compare"
)

// TestHTMLEscapesHostileContent renders a matrix whose every string comes
// from a hostile repository or profile and parses the page as a browser
// would: only the page's own elements exist, the attribute that carries a
// name keeps it whole, and every string is shown as text.
func TestHTMLEscapesHostileContent(t *testing.T) {
	hostile := func(what string) string {
		return what + `<script>alert("x")</script> & 'q' "/><img src=x onerror=alert(1)> &amp; </title></style>`
	}
	name := hostile("name")
	m := &compare.Matrix{
		Root:     hostile("root"),
		Today:    hostile("today"),
		Profile:  compare.ProfileSummary{Path: hostile("profile"), Declared: true, Headline: hostile("headline")},
		Criteria: []compare.Weight{{Key: "team", Title: hostile("criterion"), Weight: 1}},
		Options: []compare.Option{{
			ID: "x", Name: name, Stack: hostile("stack"), Overall: 50, Rank: 1, Best: true,
			Scores: []compare.Score{{Criterion: "team", Score: 5, Reasons: []compare.Reason{
				{Points: 1, Text: hostile("reason"), Source: hostile("source")},
				{Text: hostile("finding"), Rule: hostile("rule"), Severity: "error", Source: "rule", Shared: true},
			}}},
			Migration: &compare.Migration{Components: []string{hostile("component")}, Files: []string{hostile("file")}},
		}},
	}
	var page bytes.Buffer
	if err := compare.HTML(&page, m); err != nil {
		t.Fatal(err)
	}

	allowed := map[string]bool{}
	for _, e := range strings.Fields("html head meta title style body h1 h2 h3 p strong table thead tbody tr th td ul li code div svg text rect details summary span") {
		allowed[e] = true
	}
	var text strings.Builder
	labels := 0
	z := html.NewTokenizer(&page)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatal(z.Err())
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			if !allowed[tok.Data] {
				t.Errorf("the page has a <%s> element: a string was not escaped", tok.Data)
			}
			for _, a := range tok.Attr {
				if a.Key == "aria-label" {
					labels++
					if a.Val != "scores of "+name {
						t.Errorf("aria-label = %q, want the whole name", a.Val)
					}
				}
				if strings.HasPrefix(a.Key, "on") || a.Key == "src" {
					t.Errorf("the page has an attribute %s=%q", a.Key, a.Val)
				}
			}
		case html.TextToken:
			text.WriteString(tok.Data)
		}
	}
	if labels != 1 {
		t.Errorf("%d aria-label attributes, want 1", labels)
	}
	shown := text.String()
	for _, what := range []string{"name", "root", "today", "profile", "headline", "criterion", "stack", "reason", "source", "finding", "rule", "component", "file"} {
		if !strings.Contains(shown, hostile(what)) {
			t.Errorf("the page does not show the %s as text", what)
		}
	}
}
