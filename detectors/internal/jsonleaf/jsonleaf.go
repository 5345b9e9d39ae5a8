// Package jsonleaf walks a JSON document token by token and reports every
// scalar leaf with its key path and line, so detectors can cite file:line
// evidence from JSON manifests (composer.json, appsettings.json).
package jsonleaf

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
)

// Leaf is one scalar value of a JSON document with the key path leading
// to it and the line of its key (of the value itself inside arrays).
type Leaf struct {
	// Path is the chain of object keys leading to the value.
	Path []string
	// Value is a string, json.Number, bool or nil.
	Value any
	// Line is the 1-based line of the key (of the value inside arrays).
	Line int
}

// maxJSONDepth bounds nesting so hostile input cannot exhaust memory.
const maxJSONDepth = 512

// Walk decodes data token by token and calls fn for every scalar leaf
// with its key path and the line of its key. Array elements add no path
// element. On malformed JSON it returns a *detect.ParseError after the
// leaves read so far were reported.
func Walk(data []byte, fn func(Leaf)) error {
	if err := nesting.Check(data, nesting.JSON); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lc := lineCounter{data: data}
	type frame struct{ object, wantKey bool }
	var stack []frame
	var path []string
	keyLine := 0
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			path = path[:len(path)-1]
			stack[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				return detect.Errorf(lc.at(int64(len(data))), 0, "unexpected end of JSON: %d object(s) or array(s) left open", len(stack))
			}
			return nil
		}
		if err != nil {
			return jsonError(data, dec.InputOffset(), err)
		}
		n := len(stack)
		if n > 0 && stack[n-1].object && stack[n-1].wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:n-1]
				valueDone()
				continue
			}
			k, _ := tok.(string)
			path = append(path, k)
			keyLine = lc.at(dec.InputOffset())
			stack[n-1].wantKey = false
			continue
		}
		line := keyLine
		if n == 0 || !stack[n-1].object {
			line = lc.at(dec.InputOffset())
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if n >= maxJSONDepth {
					return detect.Errorf(line, 0, "JSON nested deeper than %d levels", maxJSONDepth)
				}
				stack = append(stack, frame{object: t == '{', wantKey: t == '{'})
			default: // ']' ('}' is handled with keys)
				stack = stack[:n-1]
				valueDone()
			}
		default:
			fn(Leaf{Path: append([]string(nil), path...), Value: t, Line: line})
			valueDone()
		}
	}
}

// lineCounter gives the lines of increasing offsets in linear time.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

// at is the 1-based line of byte offset off; offsets should not decrease.
func (c *lineCounter) at(off int64) int {
	if off > int64(len(c.data)) {
		off = int64(len(c.data))
	}
	if off < c.off {
		c.off, c.line = 0, 0
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line + 1
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// jsonError turns a decoding error into a ParseError with its position.
func jsonError(data []byte, off int64, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	line := lineAt(data, off)
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	msg := strings.TrimPrefix(err.Error(), "json: ")
	return detect.Errorf(line, col, "invalid JSON: %s", msg)
}
