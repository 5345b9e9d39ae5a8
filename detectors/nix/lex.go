package nix

// Token kinds.
const (
	tIdent  = iota // identifiers, keywords included (let, in, with, true)
	tString        // a string's text when it has no interpolation, else ""
	tPunct         // one punctuation character
	tOther         // numbers, paths, URIs
)

type token struct {
	kind int
	text string
	line int
}

// maxTokens bounds the tokens read from one file.
const maxTokens = 1 << 20

// lex splits Nix source into tokens: comments (# and /* */) and blanks
// are skipped, strings ("..." and ”...”, with ${...} interpolations
// nested to any depth) become one token. Unterminated constructs end the
// file; nothing is an error.
func lex(src []byte) []token {
	var out []token
	n, line := len(src), 1
	for i := 0; i < n && len(out) < maxTokens; {
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
		case c == '/' && i+1 < n && src[i+1] == '*':
			i += 2
			for i < n && !(src[i] == '*' && i+1 < n && src[i+1] == '/') {
				if src[i] == '\n' {
					line++
				}
				i++
			}
			i += 2
		case c == '"' || c == '\'' && i+1 < n && src[i+1] == '\'':
			start := line
			text, next, nl, interp := lexString(src, i)
			if interp {
				text = ""
			}
			out = append(out, token{tString, text, start})
			line += nl
			i = next
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < n && (src[j] == '_' || src[j] == '-' || src[j] == '\'' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			if j < n && src[j] == ':' && j+1 < n && src[j+1] != ' ' && src[j+1] != '\n' && src[j+1] != '\t' {
				// a URI such as github:NixOS/nixpkgs
				for j < n && src[j] != ' ' && src[j] != '\n' && src[j] != ';' && src[j] != '"' {
					j++
				}
				out = append(out, token{tOther, string(src[i:j]), line})
				i = j
				continue
			}
			out = append(out, token{tIdent, string(src[i:j]), line})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < n && src[i+1] == '/' || c == '<' && i+1 < n && (src[i+1] >= 'a' && src[i+1] <= 'z'):
			j := i + 1
			for j < n && src[j] != ' ' && src[j] != '\n' && src[j] != '\t' && src[j] != ';' && src[j] != ')' && src[j] != ']' && src[j] != '}' {
				j++
			}
			out = append(out, token{tOther, string(src[i:j]), line})
			i = j
		default:
			out = append(out, token{tPunct, string(c), line})
			i++
		}
	}
	return out
}

// lexString reads the string opening at src[i] ("..." or ”...”) and
// returns its text, the index after it, the newlines it spans and whether
// it interpolates ${...}.
func lexString(src []byte, i int) (text string, next, newlines int, interp bool) {
	n := len(src)
	indented := src[i] == '\''
	j := i + 1
	if indented {
		j = i + 2
	}
	var b []byte
	for j < n {
		c := src[j]
		switch {
		case c == '\n':
			newlines++
			b = append(b, c)
			j++
		case !indented && c == '\\' && j+1 < n:
			if src[j+1] == '\n' {
				newlines++
			}
			b = append(b, src[j+1])
			j += 2
		case !indented && c == '"':
			return string(b), j + 1, newlines, interp
		case indented && c == '\'' && j+1 < n && src[j+1] == '\'':
			if j+2 < n && (src[j+2] == '$' || src[j+2] == '\'' || src[j+2] == '\\') {
				b = append(b, src[j+2]) // ''$ '''  ''\ escapes
				j += 3
				continue
			}
			return string(b), j + 2, newlines, interp
		case c == '$' && j+1 < n && src[j+1] == '{':
			interp = true
			depth := 0
			for j < n {
				if src[j] == '{' {
					depth++
				} else if src[j] == '}' {
					depth--
					if depth == 0 {
						j++
						break
					}
				} else if src[j] == '\n' {
					newlines++
				}
				j++
			}
		default:
			b = append(b, c)
			j++
		}
	}
	return string(b), n, newlines, interp
}
