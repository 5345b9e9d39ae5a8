// Package jsonc reads JSON with comments (JSONC), as the .NET SDK
// (global.json), the .NET configuration reader (appsettings.json) and
// TypeScript (tsconfig.json) accept it.
package jsonc

import "bytes"

// Strip returns data with every // line comment and /* block */ comment
// outside strings replaced by spaces. Newlines are kept, so every byte
// keeps its offset, line and column: a JSON parser's error positions stay
// those of the file. An unterminated block comment runs to the end. data
// is returned as is when it holds no comment; otherwise it is not modified
// (the result is a copy).
func Strip(data []byte) []byte {
	if !bytes.Contains(data, []byte("/")) {
		return data
	}
	out := bytes.Clone(data)
	inStr := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for i < len(out) && out[i] != '\n' {
				out[i] = ' '
				i++
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			out[i], out[i+1] = ' ', ' '
			i += 2
			for i < len(out) && !(out[i] == '*' && i+1 < len(out) && out[i+1] == '/') {
				if out[i] != '\n' {
					out[i] = ' '
				}
				i++
			}
			if i < len(out) {
				out[i], out[i+1] = ' ', ' '
				i++
			}
		}
	}
	return out
}
