// Package rule defines what a rule is and what it reports: severities,
// criteria and findings. The rules themselves live in internal/rules.
package rule

import (
	"fmt"
	"strings"

	"github.com/stacklint/stacklint/internal/stack"
)

// Severity of a finding. The zero value is SeverityNone.
type Severity int

// Severities, in increasing order.
const (
	SeverityNone Severity = iota
	SeverityNotice
	SeverityWarning
	SeverityError
)

// String renders "notice", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case SeverityNotice:
		return "notice"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "none"
}

// MarshalText renders the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity parses "error", "warning", "notice" (case-insensitive).
func ParseSeverity(v string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "error":
		return SeverityError, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "notice", "note", "info":
		return SeverityNotice, nil
	}
	return SeverityNone, fmt.Errorf("severity %q: expected error, warning or notice", v)
}

// ProfileRef points at the profile key that made a rule apply.
type ProfileRef struct {
	// Key is the dotted key ("load.peak_rps").
	Key string `json:"key"`
	// Value is the declared value, rendered.
	Value string `json:"value,omitempty"`
	// File and Line locate it in the profile ("" for the embedded default).
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

// String renders "load.peak_rps = 20000 (.stacklint.toml:6)".
func (p ProfileRef) String() string {
	s := p.Key
	if p.Value != "" {
		s += " = " + p.Value
	}
	if p.File != "" {
		if p.Line > 0 {
			s += fmt.Sprintf(" (%s:%d)", p.File, p.Line)
		} else {
			s += " (" + p.File + ")"
		}
	}
	return s
}

// Finding is one place where the stack fights the declared project.
type Finding struct {
	// RuleID is the rule's id ("scalability/no-scaling-plan").
	RuleID string `json:"rule"`
	// Title is the rule's title.
	Title string `json:"title"`
	// Criterion is the decision criterion the rule belongs to.
	Criterion string `json:"criterion"`
	// Severity after profile overrides.
	Severity Severity `json:"severity"`
	// Message says what is wrong, naming the evidence and the profile key.
	Message string `json:"message"`
	// Evidence is where in the repository the problem shows; empty for
	// repository-level findings (nothing scales, nothing documents).
	Evidence []stack.Evidence `json:"evidence"`
	// Profile lists the profile keys that made the rule apply.
	Profile []ProfileRef `json:"profile,omitempty"`
	// Remediation says how to fix it.
	Remediation string `json:"remediation"`
	// Component is the component concerned, "" for the repository.
	Component string `json:"component,omitempty"`
	// Fingerprint identifies the finding across revisions (rule and
	// subject; not the component, not line numbers), for base comparison
	// and dedup.
	Fingerprint string `json:"fingerprint"`
	// New is true when a base comparison says the finding is new.
	New bool `json:"new,omitempty"`
	// Technologies are the ids of the technologies central to the finding
	// (the end-of-life runtime, the synchronous framework, the embedded
	// store). A rule's Check sets them; Run links findings that share one.
	Technologies []string `json:"technologies,omitempty"`
	// SeeAlso, set by Run, points at the finding earlier in the list that
	// already explains a technology of this one; the Message then refers
	// to it ("see data/model-mismatch above") instead of explaining again.
	SeeAlso *SeeAlso `json:"see_also,omitempty"`
	// Brief is the Message for a reader who has read an earlier finding
	// about the same technology: the same sentence without re-explaining
	// it (its name without evidence or description). Run uses it when it
	// sets SeeAlso; "" keeps Message.
	Brief string `json:"-"`
	// Subject is what the finding is about, stable across revisions (a
	// technology id, an image, a key name; never a line number nor the
	// list of locations) and distinct among one rule's findings. A rule's
	// Check sets it; Run hashes it into Fingerprint.
	Subject string `json:"-"`
}

// SeeAlso points from a finding to the one above it that explains a
// technology both are about.
type SeeAlso struct {
	// Rule is the rule id of the finding referred to.
	Rule string `json:"rule"`
	// Fingerprint is that finding's fingerprint.
	Fingerprint string `json:"fingerprint"`
	// Technologies are the ids of the technologies both findings are
	// about.
	Technologies []string `json:"technologies"`
}

// Location returns the first evidence with a file, if any.
func (f Finding) Location() (stack.Evidence, bool) {
	for _, e := range f.Evidence {
		if e.File != "" {
			return e, true
		}
	}
	return stack.Evidence{}, false
}
