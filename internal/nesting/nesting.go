// Package nesting bounds how deeply a document nests, and for the costliest
// syntaxes how large it is, before a recursive parser sees it. The HCL parser recurses once per level and dies of a
// stack overflow (which no recover catches) near 70,000 levels; the TOML
// decoder's cost grows with depth times size. Check is a byte-level
// pre-scan, one pass and no allocation beyond a stack of at most the limit,
// that knows each syntax's strings and comments well enough never to
// under-count a nesting the parser would see, and rejects a document nested
// deeper than the syntax's limit with a *detect.ParseError naming the line,
// the column and the limit.
//
// Depth alone does not bound the cost: the TOML decoder allocates about a
// kilobyte per byte of a document nested at its depth limit (it builds the
// full key path of every key it meets), and the HCL parser several hundred
// bytes per byte of any document. Those two syntaxes therefore also have a
// size limit (MaxSize), far above any real manifest, that keeps every
// accepted document within 2 s and 200 MB (BenchmarkHostile in package
// detectors measures it).
//
// Every detector and loader that hands untrusted bytes to a recursive
// parser calls Check first; the shared readers (yamlnode, docnode,
// jsonleaf, xmltree) do it for the detectors that use them.
package nesting

import (
	"bytes"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
)

// Syntax is the grammar a document is pre-scanned with.
type Syntax int

const (
	// JSON counts [ and { outside strings; // and /* */ comments (JSONC,
	// tsconfig.json) are skipped.
	JSON Syntax = iota
	// TOML counts [ and { outside basic, literal and multi-line strings
	// and # comments, and the segments of dotted keys.
	TOML
	// HCL counts [ { ( and template interpolations ${ and %{, which nest
	// inside strings and heredocs, skipping #, // and /* */ comments.
	HCL
	// YAML counts flow collections [ { outside quoted scalars, comments
	// and block scalars. Block (indentation) nesting is bounded by the YAML
	// parser itself at 10,000 levels, which costs little.
	YAML
	// XML counts open elements, skipping comments, CDATA sections,
	// processing instructions, declarations and quoted attribute values.
	XML
)

// Limit is the deepest nesting a syntax accepts. Real manifests nest a
// few levels (OpenAPI schemas and Helm values a few dozen); TOML's is lower
// because its decoder's cost per byte grows with depth.
func (s Syntax) Limit() int {
	switch s {
	case TOML:
		return 32
	case HCL:
		return 128
	}
	return 256
}

// MaxSize is the largest document, in bytes, a syntax's parser is handed;
// 0 means only the scanner's file-size cap applies. TOML manifests
// (pyproject.toml, Cargo.toml, version catalogs) run to tens of kilobytes
// and Terraform files to about a hundred; the limits leave room for the
// largest while bounding what a hostile file costs.
func (s Syntax) MaxSize() int {
	switch s {
	case TOML:
		return 128 << 10
	case HCL:
		return 256 << 10
	}
	return 0
}

// String names the syntax in messages.
func (s Syntax) String() string {
	switch s {
	case JSON:
		return "JSON"
	case TOML:
		return "TOML"
	case HCL:
		return "HCL"
	case YAML:
		return "YAML"
	case XML:
		return "XML"
	}
	return "document"
}

// Check returns a *detect.ParseError locating the first place where data
// nests deeper than s.Limit(), and nil when it never does. The scanner
// fills in the file name.
//
// A document larger than s.MaxSize() is refused before it is scanned, with
// an error that gives both sizes exactly.
func Check(data []byte, s Syntax) error {
	if max := s.MaxSize(); max > 0 && len(data) > max {
		return detect.Errorf(0, 0, "%s document is %s, over the %s a %s parser is given; not parsed (a limit that guards the parser against hostile input)",
			s, detect.ExactSize(int64(len(data))), detect.ExactSize(int64(max)), s)
	}
	sc := scanner{src: data, limit: s.Limit(), line: 1}
	switch s {
	case JSON:
		sc.json()
	case TOML:
		sc.toml()
	case HCL:
		sc.hcl()
	case YAML:
		sc.yaml()
	case XML:
		sc.xml()
	}
	if !sc.tooDeep {
		return nil
	}
	return detect.Errorf(sc.errLine, sc.errCol, "%s nested deeper than %d levels; not parsed (a limit that guards the parser against hostile input)", s, s.Limit())
}

// scanner walks src once, keeping the open frames.
type scanner struct {
	src       []byte
	i         int
	line      int
	lineStart int
	limit     int
	stack     []byte   // one byte per open frame: the byte that closes it
	markers   [][]byte // HCL heredoc end markers, one per 'h' frame
	tooDeep   bool
	errLine   int
	errCol    int
}

func (s *scanner) peek(off int) byte {
	if s.i+off < len(s.src) {
		return s.src[s.i+off]
	}
	return 0
}

// next moves one byte on, counting lines.
func (s *scanner) next() {
	if s.i < len(s.src) && s.src[s.i] == '\n' {
		s.line++
		s.lineStart = s.i + 1
	}
	s.i++
}

// push opens a frame closed by closer at the current position; it reports
// false (and records where) once the limit is passed.
func (s *scanner) push(closer byte) bool {
	if len(s.stack) >= s.limit {
		s.fail()
		return false
	}
	s.stack = append(s.stack, closer)
	return true
}

// fail records that the limit is passed at the current position.
func (s *scanner) fail() {
	s.tooDeep = true
	s.errLine = s.line
	s.errCol = s.i - s.lineStart + 1
}

// pop closes the innermost frame when c closes it. A closer that does not
// match is ignored: that only over-counts, on input the parser rejects.
func (s *scanner) pop(c byte) {
	if n := len(s.stack); n > 0 && s.stack[n-1] == c {
		s.stack = s.stack[:n-1]
	}
}

func (s *scanner) top() byte {
	if n := len(s.stack); n > 0 {
		return s.stack[n-1]
	}
	return 0
}

func (s *scanner) toEOL() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// blockComment skips a /* */ comment starting at s.i.
func (s *scanner) blockComment() {
	s.i += 2
	for s.i < len(s.src) && !(s.src[s.i] == '*' && s.peek(1) == '/') {
		s.next()
	}
	s.i += 2
}

// quoted skips a string opened by q at s.i; esc is its escape byte (0 for
// none); eol ends it at a newline (the parser rejects the rest).
func (s *scanner) quoted(q, esc byte, eol bool) {
	s.i++
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == esc && esc != 0:
			s.i++
			if s.i < len(s.src) {
				s.next()
			}
			continue
		case c == q:
			s.i++
			return
		case c == '\n' && eol:
			return
		}
		s.next()
	}
}

func (s *scanner) json() {
	for s.i < len(s.src) && !s.tooDeep {
		switch c := s.src[s.i]; c {
		case '"':
			s.quoted('"', '\\', false)
			continue
		case '/':
			switch s.peek(1) {
			case '/':
				s.toEOL()
				continue
			case '*':
				s.blockComment()
				continue
			}
		case '[':
			s.push(']')
		case '{':
			s.push('}')
		case ']', '}':
			s.pop(c)
		}
		s.next()
	}
}

// toml counts brackets and, in keys, dotted segments: a.b.c = 1 nests
// three tables as surely as a = {b = {c = 1}} does.
func (s *scanner) toml() {
	inKey, dots := true, 0 // a key may start here; dots seen in it
	for s.i < len(s.src) && !s.tooDeep {
		c := s.src[s.i]
		switch {
		case c == '\n':
			inKey = len(s.stack) == 0
			dots = 0
		case c == '=' && inKey:
			inKey = false
		case c == '.' && inKey:
			dots++
			if len(s.stack)+dots+1 > s.limit {
				s.fail()
			}
		case c == '{' || c == ',' && s.top() == '}':
			inKey, dots = true, 0
		}
		switch c {
		case '"', '\'':
			if s.peek(1) == c && s.peek(2) == c {
				s.multiline(c)
				continue
			}
			esc := byte('\\')
			if c == '\'' {
				esc = 0
			}
			s.quoted(c, esc, true)
			continue
		case '#':
			s.toEOL()
			continue
		case '[':
			s.push(']')
		case '{':
			s.push('}')
		case ']', '}':
			s.pop(c)
		}
		s.next()
	}
}

// multiline skips a TOML """ or ”' string at s.i.
func (s *scanner) multiline(q byte) {
	s.i += 3
	for s.i < len(s.src) {
		c := s.src[s.i]
		if c == '\\' && q == '"' {
			s.i++
			if s.i < len(s.src) {
				s.next()
			}
			continue
		}
		if c == q && s.peek(1) == q && s.peek(2) == q {
			s.i += 3
			for s.peek(0) == q { // up to two quotes may end the content
				s.i++
			}
			return
		}
		s.next()
	}
}

// hcl scans HCL native syntax. Frames: brackets closed by ] } ), strings
// closed by ", interpolations closed by }, heredocs closed by their marker
// line ('h'). Inside a string or heredoc only ${ and %{ open frames.
func (s *scanner) hcl() {
	for s.i < len(s.src) && !s.tooDeep {
		c := s.src[s.i]
		switch s.top() {
		case '"': // quoted template
			switch {
			case c == '\\':
				s.i++
			case c == '"':
				s.stack = s.stack[:len(s.stack)-1]
			case (c == '$' || c == '%') && s.peek(1) == c && s.peek(2) == '{':
				s.i += 2 // $${ and %%{ are literal
			case (c == '$' || c == '%') && s.peek(1) == '{':
				s.i++
				s.push('}')
			case c == '\n':
				s.stack = s.stack[:len(s.stack)-1] // the parser rejects the rest
			}
			s.next()
			continue
		case 'h': // heredoc template
			if s.i == s.lineStart && s.heredocEnd() {
				continue
			}
			switch {
			case (c == '$' || c == '%') && s.peek(1) == c && s.peek(2) == '{':
				s.i += 2
			case (c == '$' || c == '%') && s.peek(1) == '{':
				s.i++
				s.push('}')
			}
			s.next()
			continue
		}
		switch c {
		case '"':
			s.push('"')
		case '#':
			s.toEOL()
			continue
		case '/':
			switch s.peek(1) {
			case '/':
				s.toEOL()
				continue
			case '*':
				s.blockComment()
				continue
			}
		case '<':
			if s.peek(1) == '<' && s.heredocStart() {
				continue
			}
		case '[':
			s.push(']')
		case '{':
			s.push('}')
		case '(':
			s.push(')')
		case ']', '}', ')':
			s.pop(c)
		}
		s.next()
	}
}

// heredocStart opens a heredoc frame for <<MARKER or <<-MARKER followed by
// a newline at s.i, reporting whether it did.
func (s *scanner) heredocStart() bool {
	j := s.i + 2
	if j < len(s.src) && s.src[j] == '-' {
		j++
	}
	start := j
	for j < len(s.src) && isIdent(s.src[j]) {
		j++
	}
	if j == start {
		return false
	}
	marker := s.src[start:j]
	for j < len(s.src) && (s.src[j] == ' ' || s.src[j] == '\t' || s.src[j] == '\r') {
		j++
	}
	if j >= len(s.src) || s.src[j] != '\n' {
		return false
	}
	s.i = j
	if !s.push('h') {
		return true
	}
	s.markers = append(s.markers, marker)
	s.next() // the newline
	return true
}

// heredocEnd closes the innermost heredoc when the line at s.i is its
// marker (indentation allowed), reporting whether it did.
func (s *scanner) heredocEnd() bool {
	end := bytes.IndexByte(s.src[s.i:], '\n')
	if end < 0 {
		end = len(s.src) - s.i
	}
	line := bytes.TrimSpace(s.src[s.i : s.i+end])
	if !bytes.Equal(line, s.markers[len(s.markers)-1]) {
		return false
	}
	s.markers = s.markers[:len(s.markers)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.i += end
	return true
}

func isIdent(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// yaml counts flow collections. In block context a [ or { opens one only
// where a node starts (line start, after "- ", ": ", "? "); inside flow
// context every bracket outside quotes counts. Quotes open only where a
// scalar starts, so apostrophes in plain text are not strings; block
// scalars (| and >) are skipped by indentation.
func (s *scanner) yaml() {
	nodeStart := true // at a place where a node may start
	indent := 0       // indentation of the current line
	indented := 0     // the line whose indentation was measured
	for s.i < len(s.src) && !s.tooDeep {
		if s.line != indented && s.i == s.lineStart {
			indented = s.line
			indent = 0
			for s.i < len(s.src) && s.src[s.i] == ' ' {
				s.i++
				indent++
			}
			nodeStart = true
			continue
		}
		c := s.src[s.i]
		flow := len(s.stack) > 0
		switch {
		case c == '#' && (s.i == s.lineStart || s.src[s.i-1] == ' ' || s.src[s.i-1] == '\t'):
			s.toEOL()
			continue
		case c == '\'' && (nodeStart || flow && s.afterFlowIndicator()):
			s.quoted('\'', 0, false)
			for s.peek(0) == '\'' { // '' is a quote inside the scalar
				s.quoted('\'', 0, false)
			}
			nodeStart = false
			continue
		case c == '"' && (nodeStart || flow && s.afterFlowIndicator()):
			s.quoted('"', '\\', false)
			nodeStart = false
			continue
		case (c == '[' || c == '{') && (nodeStart || flow):
			closer := byte(']')
			if c == '{' {
				closer = '}'
			}
			s.push(closer)
			nodeStart = true
		case (c == ']' || c == '}') && flow:
			s.pop(c)
			nodeStart = false
		case c == ',' && flow:
			nodeStart = true
		case (c == '|' || c == '>') && nodeStart && !flow:
			s.blockScalar(indent)
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			// spaces keep nodeStart as it is
		case (c == '-' || c == '?' || c == ':') && isSpaceAt(s.src, s.i+1):
			nodeStart = true
		case c == ':' && flow:
			nodeStart = true
		default:
			nodeStart = false
		}
		s.next()
	}
}

// afterFlowIndicator reports whether the last non-space byte before s.i is
// one after which a flow node starts.
func (s *scanner) afterFlowIndicator() bool {
	for j := s.i - 1; j >= 0; j-- {
		switch s.src[j] {
		case ' ', '\t', '\r', '\n':
			continue
		case '[', '{', ',', ':', '?':
			return true
		}
		return false
	}
	return true
}

func isSpaceAt(b []byte, i int) bool {
	return i >= len(b) || b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'
}

// blockScalar skips a | or > header and the following lines indented more
// than indent (blank lines included).
func (s *scanner) blockScalar(indent int) {
	s.toEOL()
	for s.i < len(s.src) {
		s.next() // the newline
		j := s.i
		for j < len(s.src) && s.src[j] == ' ' {
			j++
		}
		blank := j >= len(s.src) || s.src[j] == '\n' || s.src[j] == '\r'
		if !blank && j-s.i <= indent {
			return
		}
		s.toEOL()
	}
}

// xml counts open elements.
func (s *scanner) xml() {
	for s.i < len(s.src) && !s.tooDeep {
		if s.src[s.i] != '<' {
			s.next()
			continue
		}
		rest := s.src[s.i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			s.skipTo("-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			s.skipTo("]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			s.skipTo("?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			s.declaration()
		case bytes.HasPrefix(rest, []byte("</")):
			s.pop('>')
			s.tag()
		default:
			if !s.push('>') {
				return
			}
			if s.tag() {
				s.pop('>') // <empty/>
			}
		}
	}
}

// skipTo moves past the next occurrence of end (to the end of input when
// there is none).
func (s *scanner) skipTo(end string) {
	for s.i < len(s.src) && !bytes.HasPrefix(s.src[s.i:], []byte(end)) {
		s.next()
	}
	s.i += len(end)
}

// tag moves past a start or end tag at s.i, skipping quoted attribute
// values, and reports whether it ended with />.
func (s *scanner) tag() bool {
	s.i++
	for s.i < len(s.src) {
		switch c := s.src[s.i]; c {
		case '"', '\'':
			s.quoted(c, 0, false)
			continue
		case '>':
			s.i++
			return s.src[s.i-2] == '/'
		}
		s.next()
	}
	return false
}

// declaration skips <!DOCTYPE ...> and the like, with an internal subset
// in brackets and quoted literals.
func (s *scanner) declaration() {
	s.i += 2
	depth := 0
	for s.i < len(s.src) {
		switch c := s.src[s.i]; c {
		case '"', '\'':
			s.quoted(c, 0, false)
			continue
		case '[':
			depth++
		case ']':
			depth--
		case '<':
			if bytes.HasPrefix(s.src[s.i:], []byte("<!--")) {
				s.skipTo("-->")
				continue
			}
		case '>':
			if depth <= 0 {
				s.i++
				return
			}
		}
		s.next()
	}
}

// Seeds returns documents of syntax s nested exactly at its limit and one
// level past it (brackets, and for TOML dotted keys, for HCL template
// interpolations), for the corpora of the fuzz targets of parsers.
func Seeds(s Syntax) [][]byte {
	var out [][]byte
	for _, n := range []int{s.Limit(), s.Limit() + 1} {
		br := strings.Repeat("[", n) + "1" + strings.Repeat("]", n)
		switch s {
		case JSON:
			out = append(out, []byte(br), []byte(strings.Repeat(`{"a":`, n)+"1"+strings.Repeat("}", n)))
		case TOML:
			out = append(out, []byte("x = "+br+"\n"), []byte("x = "+strings.Repeat("{a=", n)+"1"+strings.Repeat("}", n)+"\n"),
				[]byte(strings.Repeat("a.", n-1)+"b = 1\n"))
		case HCL:
			out = append(out, []byte("x = "+br+"\n"), []byte("x = "+strings.Repeat(`"${`, n/2)+"1"+strings.Repeat(`}"`, n/2)+"\n"))
		case YAML:
			out = append(out, []byte("x: "+br+"\n"), []byte("x: "+strings.Repeat("{a: ", n)+"1"+strings.Repeat("}", n)+"\n"))
		case XML:
			out = append(out, []byte(strings.Repeat("<a>", n)+"x"+strings.Repeat("</a>", n)))
		}
	}
	return out
}
