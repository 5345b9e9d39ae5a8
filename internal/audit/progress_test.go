package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressPlainLines(t *testing.T) {
	var b bytes.Buffer
	m := &Meter{}
	m.remaining.Store(4200)
	m.limit.Store(5000)
	p := NewProgressLine(&b, false, 2, m)
	p.Done(&Result{Repository: "acme/api", Status: StatusAudited})
	p.Done(&Result{Repository: "acme/gone", Status: StatusFailed, Reason: "not found"})
	p.Finish()
	want := "audit [1/2] acme/api: 0 errors, 0 warnings, 0 notices · rate limit 4200/5000\n" +
		"audit [2/2] acme/gone: not audited: not found · rate limit 4200/5000\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestProgressBarShowsWaits(t *testing.T) {
	var b bytes.Buffer
	m := &Meter{}
	m.remaining.Store(0)
	m.limit.Store(5000)
	p := NewProgressLine(&b, true, 4, m)
	m.wait(20 * time.Minute) // a request waits for the rate limit's reset
	p.Done(&Result{Repository: "acme/a", Status: StatusAudited})
	p.Done(&Result{Repository: "acme/b", Status: StatusFailed, Reason: "no access"})
	m.wait(-20 * time.Minute)
	p.Finish()
	out := b.String()
	for _, want := range []string{"\r\033[K[", "] 2/4 · 1 failed · rate limit 0/5000 · waiting 20m0s (rate limit or retry)", "███████████████░░░░░░░░░░░░░░░"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar lacks %q:\n%q", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n") || strings.Contains(out, "acme/a") {
		t.Errorf("the bar names repositories or does not end its line: %q", out)
	}
}
