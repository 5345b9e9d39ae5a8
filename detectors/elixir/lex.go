package elixir

import (
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
)

// Token kinds of the light Elixir lexer.
const (
	tAtom   = iota // :name or :"name" (text without the colon)
	tString        // "..." or """...""" (text is the content)
	tIdent         // identifiers and aliases (defp, deps, Mix)
	tKey           // keyword keys: `only:` (text without the colon)
	tPunct         // one punctuation character
	tOther         // numbers, sigils, charlists
)

type token struct {
	kind int
	text string
	line int
}

// lex splits Elixir source into tokens. It knows strings, heredocs,
// charlists, sigils, comments, atoms and keyword keys: enough to read the
// literal lists of a mix.exs without evaluating anything.
func lex(src string) ([]token, error) {
	var toks []token
	line := 1
	n := len(src)
	i := 0
	emit := func(k int, text string, l int) { toks = append(toks, token{k, text, l}) }
	for i < n {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			start := line
			text, next, nl, ok := readString(src, i)
			if !ok {
				return toks, detect.Errorf(start, 0, "unterminated string; expected a closing %c", c)
			}
			line += nl
			i = next
			if c == '"' {
				// A quoted keyword key: "name": value.
				if i < n && src[i] == ':' && (i+1 >= n || src[i+1] == ' ' || src[i+1] == '\n') {
					emit(tKey, text, start)
					i++
					continue
				}
				emit(tString, text, start)
			} else {
				emit(tOther, text, start)
			}
		case c == '~' && i+1 < n && isLetter(src[i+1]):
			start := line
			j := i + 1
			for j < n && isLetter(src[j]) {
				j++
			}
			if j >= n {
				return toks, detect.Errorf(start, 0, "sigil without a delimiter")
			}
			if src[j] == '"' || src[j] == '\'' {
				_, next, nl, ok := readString(src, j)
				if !ok {
					return toks, detect.Errorf(start, 0, "unterminated sigil")
				}
				line += nl
				i = next
			} else {
				close := closing(src[j])
				k := j + 1
				for k < n && src[k] != close {
					if src[k] == '\\' {
						k++
					} else if src[k] == '\n' {
						line++
					}
					k++
				}
				if k >= n {
					return toks, detect.Errorf(start, 0, "unterminated sigil; expected %q", close)
				}
				i = k + 1
			}
			for i < n && isLetter(src[i]) { // modifiers
				i++
			}
			emit(tOther, "sigil", start)
		case c == ':' && i+1 < n && src[i+1] == '"':
			start := line
			text, next, nl, ok := readString(src, i+1)
			if !ok {
				return toks, detect.Errorf(start, 0, "unterminated quoted atom")
			}
			line += nl
			i = next
			emit(tAtom, text, start)
		case c == ':' && i+1 < n && isIdentStart(src[i+1]):
			j := i + 1
			for j < n && isIdent(src[j]) {
				j++
			}
			if j < n && (src[j] == '?' || src[j] == '!') {
				j++
			}
			emit(tAtom, src[i+1:j], line)
			i = j
		case isIdentStart(c):
			j := i
			for j < n && isIdent(src[j]) {
				j++
			}
			if j < n && (src[j] == '?' || src[j] == '!') {
				j++
			}
			word := src[i:j]
			if j < n && src[j] == ':' && (j+1 >= n || src[j+1] == ' ' || src[j+1] == '\t' || src[j+1] == '\n' || src[j+1] == '\r') {
				emit(tKey, word, line)
				i = j + 1
				continue
			}
			emit(tIdent, word, line)
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < n && (isIdent(src[j]) || src[j] == '.') {
				j++
			}
			emit(tOther, src[i:j], line)
			i = j
		case c == '?' && i+1 < n: // character literal ?a
			emit(tOther, src[i:i+2], line)
			if src[i+1] == '\n' {
				line++
			}
			i += 2
		default:
			emit(tPunct, string(c), line)
			i++
		}
	}
	return toks, nil
}

// readString reads a quoted literal (or a heredoc) starting at src[i] and
// returns its content, the index after it and the newlines it spans.
func readString(src string, i int) (text string, next, newlines int, ok bool) {
	q := src[i]
	delim := string(q)
	if strings.HasPrefix(src[i:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	j := i + len(delim)
	var b strings.Builder
	for j < len(src) {
		c := src[j]
		switch {
		case strings.HasPrefix(src[j:], delim):
			return b.String(), j + len(delim), newlines, true
		case c == '\\' && j+1 < len(src):
			if src[j+1] == '\n' {
				newlines++
			}
			b.WriteByte(src[j+1])
			j += 2
			continue
		case c == '#' && j+1 < len(src) && src[j+1] == '{':
			depth := 0
			for j < len(src) {
				if src[j] == '{' {
					depth++
				} else if src[j] == '}' {
					depth--
					if depth == 0 {
						break
					}
				} else if src[j] == '\n' {
					newlines++
				}
				j++
			}
			j++
			continue
		case c == '\n':
			newlines++
		}
		b.WriteByte(c)
		j++
	}
	return "", len(src), newlines, false
}

func closing(c byte) byte {
	switch c {
	case '(':
		return ')'
	case '[':
		return ']'
	case '{':
		return '}'
	case '<':
		return '>'
	}
	return c
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isIdentStart(c byte) bool { return isLetter(c) || c == '_' }

func isIdent(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }
