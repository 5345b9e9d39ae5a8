package report

import (
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
)

// TestWaiverSnippet: the snippet expires 90 days after the check's date,
// is rejected as written (its reason is the template), and parses once
// the reason is real.
func TestWaiverSnippet(t *testing.T) {
	c := &Check{Today: time.Date(2026, 12, 2, 15, 4, 0, 0, time.UTC)}
	snip := c.waiverSnippet(rule.Finding{RuleID: "ecosystem/end-of-life", Component: "services/api"})
	if !strings.Contains(snip, "expires = 2027-03-02") {
		t.Errorf("expiry not today + 90 days:\n%s", snip)
	}
	if _, err := profile.Parse(".stacklint.toml", []byte(snip)); err == nil || !strings.Contains(err.Error(), "template text") {
		t.Errorf("the snippet as written must be rejected for its template reason, got %v", err)
	}
	real := strings.Replace(snip, profile.WaiverReasonTemplate, "Upgrade planned with the Q1 platform work", 1)
	p, err := profile.Parse(".stacklint.toml", []byte(real))
	if err != nil {
		t.Fatalf("snippet with a real reason: %v", err)
	}
	if len(p.Waivers) != 1 || p.Waivers[0].Expires.Format(time.DateOnly) != "2027-03-02" || p.Waivers[0].Paths[0] != "services/api/**" {
		t.Errorf("waivers %+v", p.Waivers)
	}
}

func TestIsTemplateReason(t *testing.T) {
	for s, want := range map[string]bool{
		"Why this is acceptable here":   true,
		" why this is acceptable here.": true,
		"TODO":                          true,
		"…":                             true,
		"Legacy service, retired in Q2": false,
		"Why this is acceptable here: the service is retired in Q2": false,
	} {
		if got := profile.IsTemplateReason(s); got != want {
			t.Errorf("IsTemplateReason(%q) = %v, want %v", s, got, want)
		}
	}
}
