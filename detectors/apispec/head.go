package apispec

import (
	"bytes"
	"strings"
)

// hasSpecKey reports whether data has a version-shaped openapi, swagger or
// asyncapi key where a top-level key can be: at the start of a line, or
// after "{" or "," and white space (minified JSON), optionally quoted,
// then ":" and a digit, optionally quoted. It is the single pass that
// stands for the regular expression
//
//	(?m)(?:^|[{,]\s*)["']?(openapi|swagger|asyncapi)["']?\s*:\s*["']?[0-9]
//
// (TestHasSpecKeyMatchesRegexp holds it to that expression).
func hasSpecKey(data []byte) bool {
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case i == 0 || data[i-1] == '\n':
			if keyAt(data, i) {
				return true
			}
			if c == '{' || c == ',' {
				if keyAt(data, skipSpace(data, i+1)) {
					return true
				}
			}
		case c == '{' || c == ',':
			if keyAt(data, skipSpace(data, i+1)) {
				return true
			}
		}
	}
	return false
}

// isSpace is the regular expression class \s: tab, newline, form feed,
// carriage return and space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

func skipQuote(data []byte, i int) int {
	if i < len(data) && (data[i] == '"' || data[i] == '\'') {
		i++
	}
	return i
}

// keyAt reports whether ["']?(openapi|swagger|asyncapi)["']?\s*:\s*["']?[0-9]
// matches at i.
func keyAt(data []byte, i int) bool {
	i = skipQuote(data, i)
	if i >= len(data) {
		return false
	}
	rest := data[i:]
	var n int
	switch {
	case bytes.HasPrefix(rest, []byte("openapi")):
		n = len("openapi")
	case bytes.HasPrefix(rest, []byte("swagger")):
		n = len("swagger")
	case bytes.HasPrefix(rest, []byte("asyncapi")):
		n = len("asyncapi")
	default:
		return false
	}
	i = skipSpace(data, skipQuote(data, i+n))
	if i >= len(data) || data[i] != ':' {
		return false
	}
	i = skipQuote(data, skipSpace(data, i+1))
	return i < len(data) && data[i] >= '0' && data[i] <= '9'
}

// specHead is what detectOpenAPI reads of a document: the top-level
// openapi, swagger and asyncapi scalars (first occurrence), info.title and
// the number of paths and channels.
type specHead struct {
	// top holds the top-level keys read, by name: line and scalar value
	// ("" for a mapping, a sequence or no value).
	top map[string]headKey
	// title is info.title's scalar value, "" when there is none.
	title string
	// paths and channels are their mappings' sizes, -1 when the key is
	// not a mapping.
	paths, channels int
}

type headKey struct {
	line  int
	value string
}

// readHead reads a block-style YAML document line by line for what
// detectOpenAPI needs, without building a node tree: a 1 MB specification
// parsed whole costs 15 MB and 300,000 allocations. It reports ok false
// for anything it does not read exactly as go.yaml.in/yaml/v3 would (flow
// collections, anchors, aliases, tags, quoted or complex keys, escapes,
// multi-line scalars, tabs or carriage returns, several documents) where
// it matters; the caller then parses the document whole. It does not
// check the parts it skips: wellFormed does.
func readHead(data []byte) (h specHead, ok bool) {
	if bytes.IndexByte(data, '\r') >= 0 || bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return h, false
	}
	h = specHead{top: map[string]headKey{}, paths: -1, channels: -1}
	var (
		section     string // the top-level key whose block is being read
		childIndent int    // indentation of its first child, 0 before it
		children    int    // its child keys so far
		lastScalar  bool   // the previous key line had a scalar value we keep
		seenKey     bool
		titleSeen   bool
	)
	closeSection := func() {
		switch section {
		case "paths", "channels":
			n := -1
			if childIndent > 0 {
				n = children
			}
			if v := h.top[section]; v.value == "{}" {
				n = 0
			}
			if section == "paths" {
				h.paths = n
			} else {
				h.channels = n
			}
		}
	}
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		var indent int
		var body []byte
		indent, body, data = nextLine(data)
		if len(body) == 0 || body[0] == '#' {
			continue
		}
		if body[0] == '\t' {
			return h, false
		}
		if indent == 0 {
			if string(body) == "---" && !seenKey {
				continue
			}
			closeSection()
			key, value, good := keyLine(body)
			if !good {
				return h, false
			}
			seenKey = true
			section, childIndent, children = key, 0, 0
			watched := key == "openapi" || key == "swagger" || key == "asyncapi" || key == "info" || key == "paths" || key == "channels"
			if !watched {
				// Other keys' values are skipped, but a flow collection or
				// a quoted scalar left open would hide the next key.
				if !closedOnLine(value) {
					return h, false
				}
				lastScalar = false
				continue
			}
			if _, dup := h.top[key]; dup {
				return h, false
			}
			s, good := scalar(value)
			if !good && !(value == "{}" && (key == "paths" || key == "channels")) {
				return h, false
			}
			if value == "{}" {
				s = "{}"
			}
			h.top[key] = headKey{line: lineNo, value: s}
			lastScalar = value != ""
			continue
		}
		// An indented line: a child of section, or deeper.
		if !seenKey {
			return h, false // the top-level mapping itself is indented
		}
		if lastScalar {
			// A scalar continued on the next line (or a mapping under a
			// scalar, an error): read whole.
			return h, false
		}
		switch section {
		case "info", "paths", "channels":
		case "openapi", "swagger", "asyncapi":
			return h, false // a value on the lines below its key
		default:
			continue
		}
		if childIndent == 0 {
			childIndent = indent
			if body[0] == '-' || body[0] == '?' {
				return h, false // a sequence or a complex key
			}
		}
		if indent > childIndent {
			continue // deeper: inside a child's value
		}
		if indent < childIndent {
			return h, false
		}
		key, value, good := keyLine(body)
		if !good {
			// A quoted path ("/a b": ...) is counted, not read.
			if section == "info" || !quotedKeyLine(body) {
				return h, false
			}
			children++
			continue
		}
		if !closedOnLine(value) {
			return h, false
		}
		children++
		if section == "info" && key == "title" && !titleSeen {
			s, good := scalar(value)
			if !good {
				return h, false
			}
			h.title, titleSeen = s, true
			// A title continued on the next, deeper line is read whole.
			if next := nextContentIndent(data); next > childIndent {
				return h, false
			}
		}
	}
	closeSection()
	return h, true
}

// nextLine splits the first line off data: its indentation (spaces), the
// rest of it, and what follows its line feed.
func nextLine(data []byte) (indent int, body, rest []byte) {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line, rest = data[:i], data[i+1:]
	}
	for indent < len(line) && line[indent] == ' ' {
		indent++
	}
	return indent, line[indent:], rest
}

// nextContentIndent returns the indentation of the next line of data that
// is neither blank nor a comment, -1 at the end.
func nextContentIndent(data []byte) int {
	for len(data) > 0 {
		var n int
		var body []byte
		n, body, data = nextLine(data)
		if len(body) > 0 && body[0] != '#' {
			return n
		}
	}
	return -1
}

// keyLine splits a plain `key: value` line (value may be empty or a
// comment). good is false for keys yaml.v3 could read differently: quoted,
// complex, anchored, tagged, merge keys, or with indicators inside.
func keyLine(body []byte) (key string, value string, good bool) {
	i := 0
	for ; i < len(body); i++ {
		c := body[i]
		if c == ':' && (i+1 == len(body) || body[i+1] == ' ') {
			break
		}
		if c == '#' && i > 0 && body[i-1] == ' ' {
			return "", "", false
		}
		if c == '\t' {
			return "", "", false
		}
	}
	if i == 0 || i == len(body) {
		return "", "", false
	}
	k := body[:i]
	switch k[0] {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return "", "", false
	}
	if k[len(k)-1] == ' ' || string(k) == "<<" {
		return "", "", false
	}
	v := strings.TrimLeft(string(body[i+1:]), " ")
	if strings.HasPrefix(v, "#") {
		v = ""
	}
	return string(k), v, true
}

// quotedKeyLine reports whether body is a quoted key without escapes
// followed by ":" (a path such as "/a b":).
func quotedKeyLine(body []byte) bool {
	q := body[0]
	end := bytes.IndexByte(body[1:], q)
	if end < 0 || bytes.IndexByte(body[1:1+end], '\\') >= 0 {
		return false
	}
	rest := body[2+end:]
	return len(rest) > 0 && rest[0] == ':' && (len(rest) == 1 || rest[1] == ' ')
}

// scalar reads a value written on one line as yaml.v3 reports a scalar's
// value: a plain scalar up to a comment, or a quoted one without escapes
// (” in single quotes is a quote). Empty stands for a mapping, a
// sequence or nothing. good is false for anything else.
func scalar(v string) (string, bool) {
	if v == "" {
		return "", true
	}
	switch v[0] {
	case '"':
		end := strings.IndexByte(v[1:], '"')
		if end < 0 || strings.IndexByte(v[1:1+end], '\\') >= 0 || !onlyComment(v[2+end:]) {
			return "", false
		}
		return v[1 : 1+end], true
	case '\'':
		var b strings.Builder
		for i := 1; i < len(v); i++ {
			if v[i] != '\'' {
				b.WriteByte(v[i])
				continue
			}
			if i+1 < len(v) && v[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			if !onlyComment(v[i+1:]) {
				return "", false
			}
			return b.String(), true
		}
		return "", false
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return "", false
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimRight(v, " ")
	if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || strings.ContainsAny(v, "\t") {
		return "", false
	}
	return v, true
}

// onlyComment reports whether what follows a quoted scalar is blank or a
// comment.
func onlyComment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || len(t) < len(s) && t[0] == '#'
}

// closedOnLine reports whether a skipped value leaves nothing open past
// its line: no flow collection or quoted scalar it starts is unclosed.
func closedOnLine(v string) bool {
	if v == "" {
		return true
	}
	switch v[0] {
	case '"', '\'':
		_, ok := scalar(v)
		return ok
	case '[', '{':
		depth, quote := 0, byte(0)
		for i := 0; i < len(v); i++ {
			c := v[i]
			switch {
			case quote != 0:
				if c == '\\' && quote == '"' {
					i++
				} else if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '[' || c == '{':
				depth++
			case c == ']' || c == '}':
				depth--
				if depth == 0 {
					return onlyComment(v[i+1:])
				}
			}
		}
		return false
	}
	return true
}
