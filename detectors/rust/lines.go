package rust

import (
	"strings"
)

// keyLines indexes the lines of a TOML document by full key path (parts
// joined with "\x00"): table headers and every prefix of a dotted key. The
// first occurrence wins. It is a light scan, good enough to give evidence
// lines; the document is parsed by BurntSushi/toml.
func keyLines(src string) map[string]int {
	out := map[string]int{}
	var table []string
	inMulti := "" // the delimiter of an open multi-line string
	bracketDepth := 0
	for i, raw := range strings.Split(src, "\n") {
		line := i + 1
		l := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if inMulti != "" {
			if strings.Count(l, inMulti)%2 == 1 {
				inMulti = ""
			}
			continue
		}
		if bracketDepth > 0 {
			bracketDepth += bracketDelta(l)
			if bracketDepth < 0 {
				bracketDepth = 0
			}
			continue
		}
		if l == "" || l[0] == '#' {
			continue
		}
		if l[0] == '[' {
			h := strings.TrimPrefix(l, "[")
			h = strings.TrimPrefix(h, "[")
			end := strings.LastIndex(h, "]")
			if end < 0 {
				continue
			}
			h = strings.TrimSuffix(h[:end], "]")
			table = splitKey(h)
			addPrefixes(out, nil, table, line)
			continue
		}
		eq := keyEnd(l)
		if eq < 0 {
			continue
		}
		addPrefixes(out, table, splitKey(l[:eq]), line)
		val := strings.TrimSpace(l[eq+1:])
		for _, d := range []string{`"""`, `'''`} {
			if strings.HasPrefix(val, d) && strings.Count(val, d)%2 == 1 {
				inMulti = d
			}
		}
		if inMulti == "" {
			bracketDepth = bracketDelta(val)
			if bracketDepth < 0 {
				bracketDepth = 0
			}
		}
	}
	return out
}

func addPrefixes(out map[string]int, table, key []string, line int) {
	full := append(append([]string(nil), table...), key...)
	for n := len(table) + 1; n <= len(full); n++ {
		k := strings.Join(full[:n], "\x00")
		if _, ok := out[k]; !ok {
			out[k] = line
		}
	}
}

// keyEnd finds the `=` ending the key of a key/value line, outside quotes.
func keyEnd(l string) int {
	var q byte
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '=':
			return i
		}
	}
	return -1
}

// splitKey splits a dotted TOML key, honouring quoted parts.
func splitKey(k string) []string {
	var parts []string
	var b strings.Builder
	var q byte
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else {
				b.WriteByte(c)
			}
		case c == '"' || c == '\'':
			q = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(b.String()))
			b.Reset()
		case c == ' ' || c == '\t':
		default:
			b.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(b.String()))
}

// bracketDelta counts [ and { minus ] and } outside strings and comments.
func bracketDelta(s string) int {
	d := 0
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' && q == '"' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '#':
			return d
		case c == '[' || c == '{':
			d++
		case c == ']' || c == '}':
			d--
		}
	}
	return d
}
