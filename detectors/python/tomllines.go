package python

import (
	"errors"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
)

// tomlLines finds the lines of keys and string values in a TOML document.
// BurntSushi/toml does not expose key positions, so the text is scanned:
// table headers and "key =" lines give the line of each key path.
type tomlLines struct {
	text   string
	starts []int          // byte offset of each line
	keys   map[string]int // key path joined by "\x00" -> byte offset of the key
}

func newTOMLLines(text string) *tomlLines {
	t := &tomlLines{text: text, keys: map[string]int{}}
	var table []string
	var st lexState
	off := 0
	for _, l := range strings.SplitAfter(text, "\n") {
		t.starts = append(t.starts, off)
		lineOff := off
		off += len(l)
		if st.str != "" || st.depth > 0 {
			// Inside a multi-line string or array: no keys here.
			st.scan(l)
			continue
		}
		s := strings.TrimLeft(l, " \t")
		ind := len(l) - len(s)
		switch {
		case strings.HasPrefix(s, "[["):
			if parts, _, ok := keyParts(s[2:], "]]"); ok {
				table = parts
				t.add(parts, lineOff+ind)
			}
			continue
		case strings.HasPrefix(s, "["):
			if parts, _, ok := keyParts(s[1:], "]"); ok {
				table = parts
				t.add(parts, lineOff+ind)
			}
			continue
		}
		parts, rest, ok := keyParts(s, "=")
		if !ok {
			continue
		}
		full := append(append([]string(nil), table...), parts...)
		t.add(full, lineOff+ind)
		st.scan(rest)
	}
	return t
}

// lexState follows strings and bracket nesting across lines, enough to
// tell key lines from the inside of multi-line arrays and strings.
type lexState struct {
	str     string // the open string's delimiter, "" outside strings
	depth   int    // open [ and { outside strings
	comment bool   // the last scan ended in a comment
}

func (st *lexState) scan(s string) {
	st.comment = false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch st.str {
		case "":
			switch {
			case c == '#':
				st.comment = true
				return
			case strings.HasPrefix(s[i:], `"""`) || strings.HasPrefix(s[i:], "'''"):
				st.str = s[i : i+3]
				i += 2
			case c == '"' || c == '\'':
				st.str = s[i : i+1]
			case c == '[' || c == '{':
				st.depth++
			case c == ']' || c == '}':
				if st.depth > 0 {
					st.depth--
				}
			}
		case `"`, `"""`:
			if c == '\\' {
				i++
				continue
			}
			if strings.HasPrefix(s[i:], st.str) {
				i += len(st.str) - 1
				st.str = ""
			}
		default: // literal strings
			if strings.HasPrefix(s[i:], st.str) {
				i += len(st.str) - 1
				st.str = ""
			}
		}
	}
	if st.str == `"` || st.str == "'" {
		st.str = "" // single-line strings end with the line
	}
}

// add records the offset of a key path and of each of its prefixes not
// seen before: a table is where it first appears, even only implicitly
// ([tool.poetry.dependencies] locates tool.poetry).
func (t *tomlLines) add(parts []string, off int) {
	for n := 1; n <= len(parts); n++ {
		k := strings.Join(parts[:n], "\x00")
		if _, seen := t.keys[k]; !seen {
			t.keys[k] = off
		}
	}
}

// keyParts parses a dotted key (bare or quoted parts) at the start of s,
// which must be followed by the terminator term; rest is what follows it.
func keyParts(s, term string) (parts []string, rest string, ok bool) {
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return nil, "", false
		}
		var part string
		switch s[0] {
		case '"', '\'':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return nil, "", false
			}
			part, s = s[1:1+end], s[2+end:]
		default:
			n := 0
			for n < len(s) {
				c := s[n]
				if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
					n++
					continue
				}
				break
			}
			if n == 0 {
				return nil, "", false
			}
			part, s = s[:n], s[n:]
		}
		parts = append(parts, part)
		s = strings.TrimLeft(s, " \t")
		if strings.HasPrefix(s, ".") {
			s = s[1:]
			continue
		}
		if strings.HasPrefix(s, term) {
			return parts, s[len(term):], true
		}
		return nil, "", false
	}
}

// lineOf returns the 1-based line of a byte offset.
func (t *tomlLines) lineOf(off int) int { return lineAt(t.starts, off) }

// keyOffset returns the offset of the key path, or of its longest known
// prefix (an inline table's parent), or -1.
func (t *tomlLines) keyOffset(path ...string) int {
	for n := len(path); n > 0; n-- {
		if off, ok := t.keys[strings.Join(path[:n], "\x00")]; ok {
			return off
		}
	}
	return -1
}

// keyLine returns the line of the key path (see keyOffset), or 0.
func (t *tomlLines) keyLine(path ...string) int {
	off := t.keyOffset(path...)
	if off < 0 {
		return 0
	}
	return t.lineOf(off)
}

// stringCursor finds successive string values of an array: each find
// searches from where the previous one was found.
type stringCursor struct {
	t        *tomlLines
	off      int
	fallback int
}

// strings returns a cursor over the array at the key path.
func (t *tomlLines) cursor(path ...string) *stringCursor {
	off := t.keyOffset(path...)
	c := &stringCursor{t: t, off: off}
	if off < 0 {
		c.off = 0
	} else {
		c.fallback = t.lineOf(off)
	}
	return c
}

// find returns the line of the next quoted occurrence of s, or the key's
// line when it is not found (escaped strings, for instance).
func (c *stringCursor) find(s string) int {
	from := c.off
	for from < len(c.t.text) {
		best := -1
		for _, q := range []string{`"`, `'`} {
			if i := strings.Index(c.t.text[from:], q+s+q); i >= 0 && (best < 0 || i < best) {
				best = i
			}
		}
		if best < 0 {
			return c.fallback
		}
		at := from + best
		from = at + len(s) + 2
		if c.inComment(at) {
			continue
		}
		c.off = from
		return c.t.lineOf(at)
	}
	return c.fallback
}

// inComment reports whether offset at lies in a "#" comment of its line.
func (c *stringCursor) inComment(at int) bool {
	start := c.t.starts[lineAt(c.t.starts, at)-1]
	var st lexState
	st.scan(c.t.text[start:at])
	return st.comment
}

// decodeTOML decodes text into a generic map, turning syntax errors into
// ParseErrors with their position.
func decodeTOML(text string) (map[string]any, error) {
	m := map[string]any{}
	if err := nesting.Check([]byte(text), nesting.TOML); err != nil {
		return m, err
	}
	_, err := toml.Decode(text, &m)
	if err == nil {
		return m, nil
	}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return nil, detect.Errorf(pe.Position.Line, pe.Position.Col, "invalid TOML: %s", pe.Message)
	}
	return nil, detect.Errorf(0, 0, "invalid TOML: %s", err.Error())
}
