package gradle

import (
	"github.com/stacklint/stacklint/internal/detect"
)

// maxNesting bounds block nesting kept as a tree; deeper braces are kept
// as plain tokens of the statement.
const maxNesting = 100

// stmt is one statement of a build script: its head tokens (everything
// outside a trailing `{ ... }` block) and the statements of its block.
type stmt struct {
	head  []token
	body  []*stmt
	block bool
}

// line is the line the statement starts on.
func (s *stmt) line() int {
	if len(s.head) == 0 {
		return 0
	}
	return s.head[0].line
}

// name is the first token's text when it is an identifier or string.
func (s *stmt) name() string {
	if len(s.head) == 0 || (s.head[0].kind != tIdent && s.head[0].kind != tString) {
		return ""
	}
	return s.head[0].text
}

// continues reports whether a statement ending in t goes on on the next line.
func continues(t token) bool {
	if t.kind != tPunct {
		return false
	}
	switch t.text {
	case ")", "]", "}", ";":
		return false
	}
	return true
}

// parseStmts groups tokens into nested statements. Newlines and `;` end a
// statement outside brackets, unless the line ends in an operator, comma or
// dot or the next line starts with a dot. Unbalanced braces give a
// ParseError; the statements read are still returned.
func parseStmts(toks []token) ([]*stmt, error) {
	type frame struct {
		owner *stmt
		list  []*stmt
	}
	root := &frame{}
	stack := []*frame{root}
	var cur *stmt
	depth := 0 // ( [ and nested { inside them
	var firstErr error
	finish := func() {
		if cur != nil && len(cur.head) > 0 || cur != nil && cur.block {
			f := stack[len(stack)-1]
			f.list = append(f.list, cur)
		}
		cur = nil
		depth = 0
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tNewline || t.is(tPunct, ";") {
			if depth > 0 || cur == nil {
				continue
			}
			if t.kind == tNewline {
				if len(cur.head) > 0 && continues(cur.head[len(cur.head)-1]) && !cur.block {
					continue
				}
				if j := i + 1; j < len(toks) && toks[j].kind == tPunct && (toks[j].text == "." || toks[j].text == "?") {
					continue
				}
			}
			finish()
			continue
		}
		if cur == nil {
			cur = &stmt{}
		}
		if t.kind == tPunct {
			switch t.text {
			case "(", "[":
				depth++
			case ")", "]":
				if depth > 0 {
					depth--
				}
			case "{":
				if depth > 0 || len(stack) > maxNesting {
					depth++
					break
				}
				cur.block = true
				stack = append(stack, &frame{owner: cur, list: cur.body})
				cur = nil
				continue
			case "}":
				if depth > 0 {
					depth--
					break
				}
				finish()
				if len(stack) == 1 {
					if firstErr == nil {
						firstErr = detect.Errorf(t.line, 0, "unexpected }, no block is open")
					}
					continue
				}
				f := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				f.owner.body = f.list
				cur = f.owner
				// The owner resumes: a newline or `;` finishes it, and a
				// chained call (`}.version(...)`, `else {`) joins it.
				continue
			}
		}
		cur.head = append(cur.head, t)
	}
	if cur != nil && depth > 0 && firstErr == nil {
		firstErr = detect.Errorf(cur.line(), 0, "statement starting here has an unclosed ( or [, expected ) or ]")
	}
	finish()
	for len(stack) > 1 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		f.owner.body = f.list
		if firstErr == nil {
			firstErr = detect.Errorf(f.owner.line(), 0, "block opened here is never closed, expected }")
		}
		p := stack[len(stack)-1]
		if len(p.list) == 0 || p.list[len(p.list)-1] != f.owner {
			p.list = append(p.list, f.owner)
		}
	}
	return root.list, firstErr
}

// splitArgs splits tokens at top-level commas.
func splitArgs(toks []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for i, t := range toks {
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ",":
			if depth == 0 {
				out = append(out, toks[start:i])
				start = i + 1
			}
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// parenArgs returns the tokens between toks[i] == "(" and its matching ")",
// and the index after the ")". ok is false when toks[i] is not "(".
func parenArgs(toks []token, i int) (inner []token, next int, ok bool) {
	if i >= len(toks) || !toks[i].is(tPunct, "(") {
		return nil, i, false
	}
	depth := 0
	for j := i; j < len(toks); j++ {
		if toks[j].kind != tPunct {
			continue
		}
		switch toks[j].text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return toks[i+1 : j], j + 1, true
			}
		}
	}
	return toks[i+1:], len(toks), true
}
