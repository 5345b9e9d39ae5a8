// Package lazyregexp holds regular expressions compiled on first use
// instead of at program start: a package-level regexp.MustCompile runs in
// every process, for every command, whether or not the code that needs it
// runs. A Regexp offers the methods of regexp.Regexp that stacklint calls.
package lazyregexp

import (
	"regexp"
	"sync"
)

// Regexp is a regexp.Regexp compiled the first time it is used. It is safe
// for concurrent use.
type Regexp struct {
	src  string
	once sync.Once
	rx   *regexp.Regexp
}

// New returns a Regexp for src; src is compiled (and a bad expression
// panics, as regexp.MustCompile does) on first use. Tests that walk every
// package's expressions can force compilation with Regexp().
func New(src string) *Regexp { return &Regexp{src: src} }

// Regexp returns the compiled expression.
func (r *Regexp) Regexp() *regexp.Regexp {
	r.once.Do(func() { r.rx = regexp.MustCompile(r.src) })
	return r.rx
}

// String returns the source text.
func (r *Regexp) String() string { return r.src }

// Match reports whether b contains a match.
func (r *Regexp) Match(b []byte) bool { return r.Regexp().Match(b) }

// MatchString reports whether s contains a match.
func (r *Regexp) MatchString(s string) bool { return r.Regexp().MatchString(s) }

// Find returns the leftmost match in b.
func (r *Regexp) Find(b []byte) []byte { return r.Regexp().Find(b) }

// FindIndex returns the location of the leftmost match in b.
func (r *Regexp) FindIndex(b []byte) []int { return r.Regexp().FindIndex(b) }

// FindString returns the leftmost match in s.
func (r *Regexp) FindString(s string) string { return r.Regexp().FindString(s) }

// FindStringIndex returns the location of the leftmost match in s.
func (r *Regexp) FindStringIndex(s string) []int { return r.Regexp().FindStringIndex(s) }

// FindSubmatch returns the leftmost match in b and its submatches.
func (r *Regexp) FindSubmatch(b []byte) [][]byte { return r.Regexp().FindSubmatch(b) }

// FindSubmatchIndex returns the locations of the leftmost match in b and
// of its submatches.
func (r *Regexp) FindSubmatchIndex(b []byte) []int { return r.Regexp().FindSubmatchIndex(b) }

// FindStringSubmatch returns the leftmost match in s and its submatches.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.Regexp().FindStringSubmatch(s) }

// FindStringSubmatchIndex returns the locations of the leftmost match in
// s and of its submatches.
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.Regexp().FindStringSubmatchIndex(s)
}

// FindAllIndex returns the locations of up to n matches in b (all when n < 0).
func (r *Regexp) FindAllIndex(b []byte, n int) [][]int { return r.Regexp().FindAllIndex(b, n) }

// FindAllString returns up to n matches in s (all when n < 0).
func (r *Regexp) FindAllString(s string, n int) []string { return r.Regexp().FindAllString(s, n) }

// FindAllStringIndex returns the locations of up to n matches in s.
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.Regexp().FindAllStringIndex(s, n)
}

// FindAllSubmatch returns up to n matches in b with their submatches.
func (r *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte {
	return r.Regexp().FindAllSubmatch(b, n)
}

// FindAllSubmatchIndex returns the locations of up to n matches in b and
// of their submatches.
func (r *Regexp) FindAllSubmatchIndex(b []byte, n int) [][]int {
	return r.Regexp().FindAllSubmatchIndex(b, n)
}

// FindAllStringSubmatch returns up to n matches in s with their submatches.
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.Regexp().FindAllStringSubmatch(s, n)
}

// FindAllStringSubmatchIndex returns the locations of up to n matches in
// s and of their submatches.
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.Regexp().FindAllStringSubmatchIndex(s, n)
}

// ReplaceAll replaces the matches in src with repl ($1 expanded).
func (r *Regexp) ReplaceAll(src, repl []byte) []byte { return r.Regexp().ReplaceAll(src, repl) }

// ReplaceAllString replaces the matches in src with repl ($1 expanded).
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.Regexp().ReplaceAllString(src, repl)
}

// ReplaceAllFunc replaces the matches in src with what repl returns.
func (r *Regexp) ReplaceAllFunc(src []byte, repl func([]byte) []byte) []byte {
	return r.Regexp().ReplaceAllFunc(src, repl)
}

// ReplaceAllStringFunc replaces the matches in src with what repl returns.
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.Regexp().ReplaceAllStringFunc(src, repl)
}

// Split slices s around the matches (see regexp.Regexp.Split).
func (r *Regexp) Split(s string, n int) []string { return r.Regexp().Split(s, n) }

// NumSubexp returns the number of parenthesised subexpressions.
func (r *Regexp) NumSubexp() int { return r.Regexp().NumSubexp() }

// SubexpIndex returns the index of the named subexpression, -1 if none.
func (r *Regexp) SubexpIndex(name string) int { return r.Regexp().SubexpIndex(name) }
