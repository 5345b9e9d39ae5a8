package profile

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column in a profile file.
type Pos struct {
	Line   int
	Column int
}

// locate finds where every key, table header and array element of a TOML
// document is declared. Keys are the dotted paths of their segments, with
// the index of an array-of-tables entry or of an array element as a
// segment: "load.peak_rps", "waivers.0.reason", "compliance.standards.1".
//
// The document is expected to be valid TOML (it runs after the decoder
// accepted it), but locate never panics and always ends on any input.
func locate(src []byte) map[string]Pos {
	l := &locator{src: src, line: 1, out: map[string]Pos{}, aot: map[string]int{}}
	l.run()
	return l.out
}

type locator struct {
	src       []byte
	i         int
	line      int
	lineStart int
	out       map[string]Pos
	aot       map[string]int
}

func (l *locator) peek(off int) byte {
	if l.i+off < len(l.src) {
		return l.src[l.i+off]
	}
	return 0
}

func (l *locator) pos() Pos {
	start := l.lineStart
	if start > l.i {
		start = l.i
	}
	return Pos{Line: l.line, Column: utf8.RuneCount(l.src[start:l.i]) + 1}
}

func (l *locator) set(path []string, p Pos) {
	k := strings.Join(path, ".")
	if _, ok := l.out[k]; !ok {
		l.out[k] = p
	}
}

// advance moves one byte on, counting lines.
func (l *locator) advance() {
	if l.i >= len(l.src) {
		return
	}
	if l.src[l.i] == '\n' {
		l.line++
		l.lineStart = l.i + 1
	}
	l.i++
}

func (l *locator) skipSpaces() {
	for l.i < len(l.src) && (l.src[l.i] == ' ' || l.src[l.i] == '\t' || l.src[l.i] == '\r') {
		l.i++
	}
}

// skipBlank skips spaces, newlines and comments (inside arrays).
func (l *locator) skipBlank() {
	for l.i < len(l.src) {
		switch l.src[l.i] {
		case ' ', '\t', '\r', '\n':
			l.advance()
		case '#':
			l.skipComment()
		default:
			return
		}
	}
}

func (l *locator) skipComment() {
	for l.i < len(l.src) && l.src[l.i] != '\n' {
		l.i++
	}
}

func (l *locator) skipLine() {
	for l.i < len(l.src) && l.src[l.i] != '\n' {
		l.i++
	}
	l.advance()
}

func (l *locator) run() {
	var cur []string
	for l.i < len(l.src) {
		start := l.i
		l.skipSpaces()
		switch c := l.peek(0); {
		case l.i >= len(l.src):
			return
		case c == '\n':
			l.advance()
		case c == '#':
			l.skipComment()
		case c == '[':
			double := l.peek(1) == '['
			p := l.pos()
			if double {
				l.i += 2
			} else {
				l.i++
			}
			keys := l.keyPath()
			if double {
				name := strings.Join(keys, ".")
				n := l.aot[name]
				l.aot[name] = n + 1
				keys = append(keys, strconv.Itoa(n))
			}
			cur = keys
			l.set(cur, p)
			l.skipLine()
		default:
			p := l.pos()
			keys := l.keyPath()
			if len(keys) == 0 {
				l.skipLine()
				break
			}
			full := append(append([]string{}, cur...), keys...)
			l.set(full, p)
			l.skipSpaces()
			if l.peek(0) == '=' {
				l.i++
				l.skipSpaces()
				l.value(full, 0)
			}
			l.skipSpaces()
			if l.peek(0) == '#' {
				l.skipComment()
			}
		}
		if l.i == start {
			l.advance()
		}
	}
}

// keyPath reads a dotted key: bare, "basic" or 'literal' segments.
func (l *locator) keyPath() []string {
	var keys []string
	for l.i < len(l.src) {
		l.skipSpaces()
		var seg string
		switch l.peek(0) {
		case '"':
			start := l.i
			l.i++
			for l.i < len(l.src) && l.src[l.i] != '"' && l.src[l.i] != '\n' {
				if l.src[l.i] == '\\' {
					l.i++
				}
				l.i++
			}
			if l.i < len(l.src) && l.src[l.i] == '"' {
				l.i++
			}
			raw := string(l.src[start:min(l.i, len(l.src))])
			if u, err := strconv.Unquote(raw); err == nil {
				seg = u
			} else {
				seg = strings.Trim(raw, `"`)
			}
		case '\'':
			l.i++
			start := l.i
			for l.i < len(l.src) && l.src[l.i] != '\'' && l.src[l.i] != '\n' {
				l.i++
			}
			seg = string(l.src[start:l.i])
			if l.i < len(l.src) && l.src[l.i] == '\'' {
				l.i++
			}
		default:
			start := l.i
			for l.i < len(l.src) && isBare(l.src[l.i]) {
				l.i++
			}
			if l.i == start {
				return keys
			}
			seg = string(l.src[start:l.i])
		}
		keys = append(keys, seg)
		l.skipSpaces()
		if l.peek(0) != '.' {
			return keys
		}
		l.i++
	}
	return keys
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value skips one value, recording the positions of array elements and
// inline-table keys under path.
func (l *locator) value(path []string, depth int) {
	if depth > 64 {
		l.skipComment()
		return
	}
	switch l.peek(0) {
	case '"':
		if l.peek(1) == '"' && l.peek(2) == '"' {
			l.i += 3
			for l.i < len(l.src) {
				if l.src[l.i] == '\\' {
					l.advance()
					l.advance()
					continue
				}
				if l.src[l.i] == '"' && l.peek(1) == '"' && l.peek(2) == '"' {
					l.i += 3
					for l.peek(0) == '"' { // up to two quotes may end the content
						l.i++
					}
					return
				}
				l.advance()
			}
			return
		}
		l.i++
		for l.i < len(l.src) && l.src[l.i] != '"' && l.src[l.i] != '\n' {
			if l.src[l.i] == '\\' {
				l.i++
			}
			l.i++
		}
		if l.peek(0) == '"' {
			l.i++
		}
	case '\'':
		if l.peek(1) == '\'' && l.peek(2) == '\'' {
			l.i += 3
			for l.i < len(l.src) {
				if l.src[l.i] == '\'' && l.peek(1) == '\'' && l.peek(2) == '\'' {
					l.i += 3
					for l.peek(0) == '\'' {
						l.i++
					}
					return
				}
				l.advance()
			}
			return
		}
		l.i++
		for l.i < len(l.src) && l.src[l.i] != '\'' && l.src[l.i] != '\n' {
			l.i++
		}
		if l.peek(0) == '\'' {
			l.i++
		}
	case '[':
		l.i++
		for n := 0; l.i < len(l.src); n++ {
			l.skipBlank()
			if l.peek(0) == ']' {
				l.i++
				return
			}
			start := l.i
			elem := append(append([]string{}, path...), strconv.Itoa(n))
			l.set(elem, l.pos())
			l.value(elem, depth+1)
			l.skipBlank()
			if l.peek(0) == ',' {
				l.i++
			}
			if l.i == start {
				l.advance()
			}
		}
	case '{':
		l.i++
		for l.i < len(l.src) {
			l.skipSpaces()
			switch l.peek(0) {
			case '}':
				l.i++
				return
			case '\n', 0:
				return
			}
			start := l.i
			p := l.pos()
			keys := l.keyPath()
			full := append(append([]string{}, path...), keys...)
			if len(keys) > 0 {
				l.set(full, p)
			}
			l.skipSpaces()
			if l.peek(0) == '=' {
				l.i++
				l.skipSpaces()
				l.value(full, depth+1)
			}
			l.skipSpaces()
			if l.peek(0) == ',' {
				l.i++
			}
			if l.i == start {
				l.i++
			}
		}
	default:
		for l.i < len(l.src) {
			switch l.src[l.i] {
			case ',', ']', '}', '\n', '#':
				return
			}
			l.i++
		}
	}
}
