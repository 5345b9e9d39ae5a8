package apispec

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
)

// wellFormed reports whether a block-style YAML document is one
// go.yaml.in/yaml/v3 parses without error, judged line by line without
// building a node tree. It knows a subset of YAML well: block mappings
// and sequences, plain scalars (of several lines too), quoted scalars on
// one line, block scalars, flow collections closed on their line,
// comments. It answers true only for
// documents it has checked through; anything it does not read exactly
// (multi-line quoted scalars, multi-line flow collections,
// anchors, aliases, tags, tabs, explicit keys, a line at an indentation
// no open block has, which is also the common syntax error) gives false,
// and the caller then parses the document whole, whose error says where
// and what was expected. FuzzWellFormed holds it to that: a document it
// passes parses.
//
// stop is 0 when it passes the document, else the line it stopped at:
// every line before it is well formed, so a syntax error, if there is
// one, is on that line or after it.
func wellFormed(data []byte) (stop int) {
	if l := printable(data); l > 0 {
		return l
	}
	c := checker{opener: -1, scalarAt: -1}
	first := true
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		var indent int
		var body []byte
		indent, body, data = nextLine(data)
		if c.inScalar && c.scalarLine(indent, body) {
			if c.bad {
				return lineNo
			}
			continue
		}
		if c.bad {
			return lineNo
		}
		if len(body) == 0 {
			continue
		}
		if body[0] == '#' {
			c.scalarAt = -1 // a comment line ends a plain scalar
			continue
		}
		if bytes.IndexByte(body, '\t') >= 0 {
			return lineNo
		}
		if first && indent == 0 && string(body) == "---" {
			first = false
			continue
		}
		first = false
		if !c.line(indent, body) {
			return lineNo
		}
	}
	return 0
}

// block is an open block collection: its indentation and whether it is a
// sequence (else a mapping).
type block struct {
	indent int
	seq    bool
}

// checker is wellFormed's state between lines.
type checker struct {
	stack []block
	// opener is the indentation of the previous line's key or "-" when
	// its value is still to come (a child block may follow), -1 otherwise;
	// openerKey tells a key from a sequence entry.
	opener    int
	openerKey bool
	// scalarAt is the indentation a plain scalar ended at on the previous
	// line: a deeper line would continue it. -1 when there is none.
	scalarAt int
	// A block scalar (| or >) is being skipped: its parent's indentation,
	// its content indentation once known (-1 before), and the longest
	// all-space line before its first content line.
	inScalar     bool
	scalarParent int
	scalarIndent int
	leadSpaces   int
	// bad is set when a block scalar's lines are indented in a way
	// libyaml rejects or reads differently.
	bad bool
}

// scalarLine reads a line while a block scalar is open. It reports true
// when the line belongs to the scalar, false when the scalar has ended
// and the line is to be read as usual.
func (c *checker) scalarLine(indent int, body []byte) bool {
	if len(body) > 0 && body[0] == '\t' && (c.scalarIndent < 0 || indent < c.scalarIndent) {
		c.bad = true // a tab where libyaml reads indentation
		return true
	}
	if len(body) == 0 {
		if c.scalarIndent < 0 && indent > c.leadSpaces {
			c.leadSpaces = indent
		}
		return true
	}
	if c.scalarIndent < 0 {
		if indent > c.scalarParent {
			c.scalarIndent = indent
			c.bad = c.leadSpaces > indent
			return true
		}
	} else if indent >= c.scalarIndent {
		return true
	}
	c.inScalar = false
	// Less indented than the content but more than the parent is wrong.
	c.bad = indent > c.scalarParent
	return false
}

// line reads one content line outside block scalars.
func (c *checker) line(indent int, body []byte) bool {
	if c.scalarAt >= 0 && indent > c.scalarAt {
		return plainLine(body) // a plain scalar continued
	}
	if c.stack == nil {
		if indent != 0 {
			return false
		}
		c.stack = []block{{0, false}}
		if isSeqEntry(body) {
			c.stack[0].seq = true
		}
	}
	opener, openerKey := c.opener, c.openerKey
	c.opener, c.scalarAt = -1, -1
	seq := isSeqEntry(body)
	if opener >= 0 && indent > opener && !seq {
		if _, _, ok := splitKey(body); !ok {
			// The value on the lines below its key or "-": a plain
			// scalar, maybe of several lines.
			c.scalarAt = opener
			return plainLine(body)
		}
	}
	if opener >= 0 && (indent > opener || indent == opener && openerKey && seq) {
		if len(c.stack) >= 1000 {
			return false
		}
		c.stack = append(c.stack, block{indent, seq})
	} else {
		for len(c.stack) > 0 && c.stack[len(c.stack)-1].indent > indent {
			c.stack = c.stack[:len(c.stack)-1]
		}
		n := len(c.stack)
		if !seq && n >= 2 && c.stack[n-1].seq && c.stack[n-1].indent == indent && !c.stack[n-2].seq && c.stack[n-2].indent == indent {
			c.stack = c.stack[:n-1] // the end of an indentless sequence
		}
		if len(c.stack) == 0 {
			return false
		}
		if top := c.stack[len(c.stack)-1]; top.indent != indent || top.seq != seq {
			return false
		}
	}
	if !seq {
		return c.pair(indent, body)
	}
	// "- " and what follows it.
	rest := body[1:]
	col := indent + 1
	for len(rest) > 0 && rest[0] == ' ' {
		rest, col = rest[1:], col+1
	}
	switch {
	case len(rest) == 0 || rest[0] == '#':
		c.opener, c.openerKey = indent, false
		return true
	case isSeqEntry(rest):
		return false
	}
	if _, _, ok := splitKey(rest); ok {
		// A compact mapping: its first key at col.
		if len(c.stack) >= 1000 {
			return false
		}
		c.stack = append(c.stack, block{col, false})
		return c.pair(col, rest)
	}
	return c.value(indent, rest)
}

// pair reads `key: value` at indent.
func (c *checker) pair(indent int, body []byte) bool {
	_, v, ok := splitKey(body)
	if !ok {
		return false
	}
	return c.value(indent, v)
}

// value reads a node's value written after its key or "-" at indent.
func (c *checker) value(indent int, v []byte) bool {
	if len(v) == 0 || v[0] == '#' {
		c.opener, c.openerKey = indent, true
		return true
	}
	switch v[0] {
	case '|', '>':
		h := v[1:]
		if len(h) > 0 && (h[0] == '-' || h[0] == '+') {
			h = h[1:]
		}
		if !onlyComment(string(h)) {
			return false
		}
		c.inScalar, c.scalarParent, c.scalarIndent, c.leadSpaces = true, indent, -1, 0
		return true
	case '"', '\'':
		end, ok := quotedEnd(v)
		if !ok || !onlyComment(string(v[end:])) {
			return false
		}
		return true
	case '[', '{':
		end, ok := flowNode(v, 0, 0)
		return ok && onlyComment(string(v[end:]))
	}
	if !plainStart(v) {
		return false
	}
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ':':
			if i+1 == len(v) || v[i+1] == ' ' {
				return false // mapping values are not allowed here
			}
		case '#':
			if v[i-1] == ' ' {
				return true // a comment ends it: no line continues it
			}
		}
	}
	c.scalarAt = indent
	return true
}

// plainLine reports whether a line may go on a plain scalar begun above
// it: no indicator at its start, no ": " or final ":", no comment.
func plainLine(b []byte) bool {
	return plainStart(b) && bytes.Index(b, []byte(": ")) < 0 && b[len(b)-1] != ':' && bytes.Index(b, []byte(" #")) < 0
}

// splitKey splits `key: value` (value trimmed of leading spaces). The key
// is plain or quoted on one line; ok is false for anything else.
func splitKey(body []byte) (key, value []byte, ok bool) {
	var i int
	switch body[0] {
	case '"', '\'':
		end, good := quotedEnd(body)
		if !good || end >= len(body) || body[end] != ':' {
			return nil, nil, false
		}
		i = end
	default:
		if !plainStart(body) {
			return nil, nil, false
		}
		for i = 0; i < len(body); i++ {
			if body[i] == ':' && (i+1 == len(body) || body[i+1] == ' ') {
				break
			}
			if body[i] == '#' && body[i-1] == ' ' {
				return nil, nil, false
			}
		}
		if i == len(body) || body[i-1] == ' ' {
			return nil, nil, false
		}
	}
	if i > maxKey || i+1 < len(body) && body[i+1] != ' ' {
		return nil, nil, false
	}
	return body[:i], bytes.TrimLeft(body[i+1:], " "), true
}

// maxKey is the longest scalar read as a possible implicit key: libyaml
// gives up on a simple key past 1024 characters, in block and flow
// collections alike; a longer one is left to the full parse.
const maxKey = 1000

// plainStart reports whether s may start a plain scalar in block context
// the way this checker reads it: no indicator, and no "-", "?" or ":"
// that could be one.
func plainStart(s []byte) bool {
	if bytes.HasPrefix(s, []byte("---")) || bytes.HasPrefix(s, []byte("...")) {
		return false // a document marker at the start of a line
	}
	switch s[0] {
	case '-':
		return len(s) > 1 && s[1] != ' '
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// isSeqEntry reports whether body starts a block sequence entry.
func isSeqEntry(body []byte) bool {
	return len(body) > 0 && body[0] == '-' && (len(body) == 1 || body[1] == ' ')
}

// quotedEnd returns the index just past the quoted scalar s starts with,
// ok false when it does not close on the line.
func quotedEnd(s []byte) (int, bool) {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			if i+1 >= len(s) || !validEscape(s[i+1:]) {
				return 0, false
			}
			i++
		case s[i] == q:
			if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			return i + 1, true
		}
	}
	return 0, false
}

// validEscape reports whether s (after a backslash) starts with an escape
// libyaml accepts; \x, \u and \U only with their hex digits.
func validEscape(s []byte) bool {
	n := 0
	switch s[0] {
	case '0', 'a', 'b', 't', 'n', 'v', 'f', 'r', 'e', ' ', '"', '\'', '\\', 'N', '_', 'L', 'P': // as go.yaml.in/yaml/v3's scanner
		return true
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return false
	}
	if len(s) < 1+n {
		return false
	}
	var r rune
	for _, c := range s[1 : 1+n] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return false
		}
		r = r<<4 | rune(d)
	}
	// libyaml rejects surrogates and code points past Unicode.
	return !(r >= 0xD800 && r <= 0xDFFF) && r <= 0x10FFFF
}

// flowNode reads a flow collection, quoted or plain scalar at s[i] inside
// a flow collection (depth > 0) or starting one, and returns the index
// past it.
func flowNode(s []byte, i, depth int) (int, bool) {
	if i >= len(s) || depth > 100 {
		return 0, false
	}
	switch s[i] {
	case '[', '{':
		closer := byte(']')
		if s[i] == '{' {
			closer = '}'
		}
		i = skipSpaces(s, i+1)
		for {
			if i < len(s) && s[i] == closer {
				return i + 1, true
			}
			var ok bool
			quotedKey := i < len(s) && (s[i] == '"' || s[i] == '\'')
			if i, ok = flowNode(s, i, depth+1); !ok {
				return 0, false
			}
			i = skipSpaces(s, i)
			if closer == '}' {
				if i >= len(s) || s[i] != ':' || !quotedKey && (i+1 >= len(s) || s[i+1] != ' ') {
					return 0, false
				}
				i = skipSpaces(s, i+1)
				if i < len(s) && s[i] != ',' && s[i] != '}' {
					if i, ok = flowNode(s, i, depth+1); !ok {
						return 0, false
					}
					i = skipSpaces(s, i)
				}
			}
			switch {
			case i < len(s) && s[i] == closer:
				return i + 1, true
			case i < len(s) && s[i] == ',':
				i = skipSpaces(s, i+1)
				if i < len(s) && s[i] == closer {
					return 0, false // a trailing comma: read whole
				}
			default:
				return 0, false
			}
		}
	case '"', '\'':
		end, ok := quotedEnd(s[i:])
		return i + end, ok && end <= maxKey
	}
	if depth == 0 || !plainStart(s[i:]) || s[i] == '-' {
		return 0, false
	}
	start := i
	for ; i < len(s) && i-start <= maxKey; i++ {
		switch s[i] {
		case ',', '[', ']', '{', '}':
			return trimEnd(s, start, i), true
		case '?':
			return 0, false // ends a plain scalar in flow context
		case ':':
			if i+1 < len(s) && s[i+1] == ' ' {
				return trimEnd(s, start, i), true
			}
			return 0, false
		case '#':
			if s[i-1] == ' ' {
				return 0, false
			}
		}
	}
	return 0, false
}

// trimEnd returns end less the spaces before it, not before start.
func trimEnd(s []byte, start, end int) int {
	for end > start && s[end-1] == ' ' {
		end--
	}
	return end
}

func skipSpaces(s []byte, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// printable returns 0 when data is UTF-8 made only of the characters
// libyaml reads (its is_printable, with tabs and line feeds; carriage
// returns and the other line breaks, NEL, LS and PS, are left to the full
// parse), else the line of the first other.
// Eight ASCII bytes are checked at a time.
func printable(data []byte) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
		low7 = 0x7F7F7F7F7F7F7F7F
	)
	// zeros has 0x80 in each byte of v that is zero, 0 elsewhere.
	zeros := func(v uint64) uint64 { return ^(((v & low7) + low7) | v | low7) }
	for i := 0; i < len(data); {
		if i+8 <= len(data) {
			x := binary.LittleEndian.Uint64(data[i:])
			if x&high == 0 {
				below := ^((x + 0x60*ones) & high) & high // bytes under 0x20
				bad := below&^(zeros(x^'\n'*ones)|zeros(x^'\t'*ones)) | zeros(x^0x7F*ones)
				if bad == 0 {
					i += 8
					continue
				}
			}
		}
		c := data[i]
		if c < utf8.RuneSelf {
			if c == '\r' || c < 0x20 && c != '\n' && c != '\t' || c == 0x7F {
				return 1 + bytes.Count(data[:i], []byte{'\n'})
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		// NEL, LS and PS are line breaks to libyaml: left to the full parse.
		if r == utf8.RuneError && n <= 1 || r == 0x2028 || r == 0x2029 ||
			!(r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return 1 + bytes.Count(data[:i], []byte{'\n'})
		}
		i += n
	}
	return 0
}
