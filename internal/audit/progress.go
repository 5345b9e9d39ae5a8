package audit

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ProgressLine reports the batch on stderr: on a terminal, one bar redrawn
// in place (done/total, failures, rate limit, waits, elapsed time);
// otherwise one plain line per repository.
type ProgressLine struct {
	w        io.Writer
	tty      bool
	total    int
	meter    *Meter
	start    time.Time
	mu       sync.Mutex
	done     int
	failed   int
	stop     chan struct{}
	finished sync.WaitGroup
}

// NewProgressLine starts reporting; call Finish at the end. meter may be
// nil (local folders only).
func NewProgressLine(w io.Writer, tty bool, total int, meter *Meter) *ProgressLine {
	p := &ProgressLine{w: w, tty: tty, total: total, meter: meter, start: time.Now(), stop: make(chan struct{})}
	if tty {
		// Redraw while nothing finishes, so a rate-limit wait shows.
		p.finished.Add(1)
		go func() {
			defer p.finished.Done()
			t := time.NewTicker(500 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-p.stop:
					return
				case <-t.C:
					p.mu.Lock()
					p.draw()
					p.mu.Unlock()
				}
			}
		}()
	}
	return p
}

// Done records a finished repository.
func (p *ProgressLine) Done(r *Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if r.Status != StatusAudited {
		p.failed++
	}
	if p.tty {
		p.draw()
		return
	}
	state := fmt.Sprintf("%d errors, %d warnings, %d notices", r.Counts.Errors, r.Counts.Warnings, r.Counts.Notices)
	if r.Status != StatusAudited {
		state = "not audited: " + r.Reason
	}
	line := fmt.Sprintf("audit [%d/%d] %s: %s", p.done, p.total, r.Repository, state)
	if s := p.limitText(); s != "" {
		line += " · " + s
	}
	fmt.Fprintln(p.w, line)
}

// Finish ends the bar with a newline.
func (p *ProgressLine) Finish() {
	close(p.stop)
	p.finished.Wait()
	if p.tty {
		p.mu.Lock()
		p.draw()
		fmt.Fprintln(p.w)
		p.mu.Unlock()
	}
}

func (p *ProgressLine) limitText() string {
	if p.meter == nil {
		return ""
	}
	s := p.meter.Stats()
	var parts []string
	if s.Limit > 0 {
		parts = append(parts, fmt.Sprintf("rate limit %d/%d", s.Remaining, s.Limit))
	}
	if s.Waiting > 0 {
		parts = append(parts, fmt.Sprintf("waiting %s (rate limit or retry)", s.Wait.Round(time.Second)))
	}
	return strings.Join(parts, " · ")
}

// draw renders the bar; the caller holds p.mu.
func (p *ProgressLine) draw() {
	const width = 30
	filled := 0
	if p.total > 0 {
		filled = p.done * width / p.total
	}
	line := fmt.Sprintf("[%s%s] %d/%d", strings.Repeat("█", filled), strings.Repeat("░", width-filled), p.done, p.total)
	if p.failed > 0 {
		line += fmt.Sprintf(" · %d failed", p.failed)
	}
	if s := p.limitText(); s != "" {
		line += " · " + s
	}
	line += fmt.Sprintf(" · %s", time.Since(p.start).Round(time.Second))
	fmt.Fprintf(p.w, "\r\033[K%s", line)
}
