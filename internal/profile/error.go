package profile

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong in a profile.
type Problem struct {
	// File is the profile's name.
	File string `json:"file"`
	// Line and Column locate the problem (1-based; 0 when unknown).
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// Key is the dotted key concerned, if any.
	Key string `json:"key,omitempty"`
	// Message says what was wrong and what is allowed.
	Message string `json:"message"`
}

// String renders "file:line:col: key: message".
func (p Problem) String() string {
	loc := p.File
	if loc == "" {
		loc = "(profile)"
	}
	if p.Line > 0 {
		loc += fmt.Sprintf(":%d", p.Line)
		if p.Column > 0 {
			loc += fmt.Sprintf(":%d", p.Column)
		}
	}
	if p.Key != "" {
		return loc + ": " + p.Key + ": " + p.Message
	}
	return loc + ": " + p.Message
}

// Error lists every problem found in a profile. A command that meets one
// should exit with status 2.
type Error struct {
	// File is the profile's name.
	File string
	// Problems, in file order.
	Problems []Problem
}

// Error renders one problem per line.
func (e *Error) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString("invalid profile: ")
		b.WriteString(e.Problems[0].String())
		return b.String()
	}
	fmt.Fprintf(&b, "invalid profile %s: %d problems", e.File, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}
