package gradle

import (
	"github.com/stacklint/stacklint/internal/detect"
)

// tokKind is the kind of a lexical token of a build script.
type tokKind uint8

const (
	tIdent   tokKind = iota + 1 // identifier or keyword (backticks removed)
	tString                     // string literal, text without quotes
	tNumber                     // numeric literal
	tPunct                      // bracket, dot, comma, semicolon or operator run
	tNewline                    // end of line
)

// token is one lexical token with the 1-based line it starts on.
type token struct {
	kind tokKind
	text string
	line int
}

func (t token) is(k tokKind, s string) bool { return t.kind == k && t.text == s }

// lexMode says which dialect the lexer reads.
type lexMode uint8

const (
	modeGroovy lexMode = iota // Groovy and Kotlin DSL: '...' is a string
	modeScala                 // sbt: '...' is a character literal
)

// maxTokens bounds the tokens read from one file.
const maxTokens = 1 << 20

// lex splits a Groovy, Kotlin or Scala build script into tokens. Comments
// are dropped and strings keep their raw content (interpolations included).
// It never fails: an unterminated string or comment ends the file with a
// ParseError describing it, the tokens read so far are returned.
func lex(src []byte, mode lexMode) ([]token, error) {
	var toks []token
	var firstErr error
	line := 1
	i, n := 0, len(src)
	emit := func(k tokKind, s string, l int) {
		if k == tNewline && (len(toks) == 0 || toks[len(toks)-1].kind == tNewline) {
			return
		}
		toks = append(toks, token{kind: k, text: s, line: l})
	}
	for i < n {
		if len(toks) >= maxTokens {
			return toks, detect.Errorf(line, 0, "build script has too many tokens; the rest was not read")
		}
		c := src[i]
		switch {
		case c == '\n':
			emit(tNewline, "", line)
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '\\' && i+1 < n && src[i+1] == '\n': // line continuation
			i++
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && src[i+1] == '*':
			start := line
			i += 2
			closed := false
			for i < n {
				if src[i] == '*' && i+1 < n && src[i+1] == '/' {
					i += 2
					closed = true
					break
				}
				if src[i] == '\n' {
					line++
				}
				i++
			}
			if !closed {
				return toks, detect.Errorf(start, 0, "unterminated /* comment, expected */")
			}
		case c == '"' || (c == '\'' && mode == modeGroovy):
			s, next, nl, ok := readString(src, i)
			start := line
			line += nl
			i = next
			emit(tString, s, start)
			if !ok && firstErr == nil {
				firstErr = detect.Errorf(start, 0, "unterminated string, expected closing %c", c)
			}
		case c == '\'': // Scala character literal or old symbol
			if i+2 < n && src[i+2] == '\'' {
				emit(tString, string(src[i+1:i+2]), line)
				i += 3
			} else if i+3 < n && src[i+1] == '\\' && src[i+3] == '\'' {
				emit(tString, string(src[i+1:i+3]), line)
				i += 4
			} else {
				emit(tPunct, "'", line)
				i++
			}
		case c == '`':
			j := i + 1
			for j < n && src[j] != '`' && src[j] != '\n' {
				j++
			}
			if j < n && src[j] == '`' {
				emit(tIdent, string(src[i+1:j]), line)
				i = j + 1
			} else {
				emit(tPunct, "`", line)
				i++
			}
		case isIdentStart(c):
			j := i + 1
			for j < n && isIdentPart(src[j]) {
				j++
			}
			emit(tIdent, string(src[i:j]), line)
			i = j
		case c >= '0' && c <= '9':
			j := i + 1
			for j < n && (isIdentPart(src[j]) || (src[j] == '.' && j+1 < n && src[j+1] >= '0' && src[j+1] <= '9')) {
				j++
			}
			emit(tNumber, string(src[i:j]), line)
			i = j
		case isOp(c):
			j := i + 1
			for j < n && isOp(src[j]) && !(src[j] == '/' && j+1 < n && (src[j+1] == '/' || src[j+1] == '*')) {
				j++
			}
			emit(tPunct, string(src[i:j]), line)
			i = j
		default:
			emit(tPunct, string(src[i:i+1]), line)
			i++
		}
	}
	return toks, firstErr
}

// readString reads the string literal starting at src[i] (a quote), triple
// quoted or not. It returns the content, the index after it, the newlines
// it spans and whether it was closed. Double-quoted strings may hold ${...}
// expressions with nested strings.
func readString(src []byte, i int) (string, int, int, bool) {
	q := src[i]
	n := len(src)
	nl := 0
	if i+2 < n && src[i+1] == q && src[i+2] == q { // triple quoted
		start := i + 3
		for j := start; j < n; j++ {
			if src[j] == '\n' {
				nl++
			}
			if src[j] == q && j+2 < n && src[j+1] == q && src[j+2] == q {
				return string(src[start:j]), j + 3, nl, true
			}
		}
		return string(src[start:]), n, nl, false
	}
	start := i + 1
	depth := 0 // ${ ... } nesting
	for j := start; j < n; j++ {
		switch c := src[j]; {
		case c == '\\':
			j++
			if j < n && src[j] == '\n' {
				nl++
			}
		case c == '\n':
			if depth == 0 {
				return string(src[start:j]), j, nl, false
			}
			nl++
		case q == '"' && c == '$' && j+1 < n && src[j+1] == '{':
			depth++
			j++
		case depth > 0 && c == '}':
			depth--
		case depth > 0 && (c == '"' || c == '\''):
			// a string inside an interpolation: skip it
			k := j + 1
			for k < n && src[k] != c && src[k] != '\n' {
				if src[k] == '\\' {
					k++
				}
				k++
			}
			j = k
		case c == q && depth == 0:
			return string(src[start:j]), j + 1, nl, true
		}
	}
	return string(src[start:]), n, nl, false
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9')
}

func isOp(c byte) bool {
	switch c {
	case '%', '+', '-', '*', '/', '=', ':', '<', '>', '!', '&', '|', '^', '~', '?', '@', '#':
		return true
	}
	return false
}
