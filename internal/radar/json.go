package radar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
)

// elem is one element of a JSON array with the line it starts on.
type elem struct {
	raw  json.RawMessage
	line int
}

// object is a JSON object's members: arrays split into elements with
// their lines, other values raw.
type object struct {
	arrays map[string][]elem
	values map[string]json.RawMessage
}

// lineAt counts the line of data's byte offset off, after skipping
// blanks and a comma there.
func lineAt(data []byte, off int64) int {
	i := int(off)
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n' || data[i] == ',') {
		i++
	}
	return bytes.Count(data[:min(i, len(data))], []byte("\n")) + 1
}

// jsonError turns a decoder error into a ParseError with a line.
func jsonError(name string, data []byte, err error, what string) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &detect.ParseError{File: name, Line: lineAt(data, max(se.Offset-1, 0)), Msg: "JSON syntax: " + se.Error() + "; expected " + what}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &detect.ParseError{File: name, Line: lineAt(data, max(te.Offset-1, 0)), Msg: fmt.Sprintf("%s is a JSON %s; expected %s", te.Field, te.Value, what)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &detect.ParseError{File: name, Line: bytes.Count(data, []byte("\n")) + 1, Msg: "the JSON ends early; expected " + what}
	}
	return &detect.ParseError{File: name, Msg: err.Error() + "; expected " + what}
}

// scanArray splits a top-level JSON array into its elements.
func scanArray(name string, data []byte, what string) ([]elem, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(name, data, err, what)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, &detect.ParseError{File: name, Line: 1, Msg: "expected a JSON array of " + what}
	}
	out, err := elements(dec, data)
	if err != nil {
		return nil, jsonError(name, data, err, what)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &detect.ParseError{File: name, Line: lineAt(data, dec.InputOffset()), Msg: "text after the JSON array"}
	}
	return out, nil
}

// elements reads the elements of an array whose '[' was just read, and
// its closing ']'.
func elements(dec *json.Decoder, data []byte) ([]elem, error) {
	var out []elem
	for dec.More() {
		line := lineAt(data, dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if len(out) >= MaxEntries {
			continue
		}
		out = append(out, elem{raw: raw, line: line})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return out, nil
}

// scanObject reads a top-level JSON object; its array members are split
// into elements.
func scanObject(name string, data []byte) (*object, error) {
	const what = "a radar object"
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(name, data, err, what)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, &detect.ParseError{File: name, Line: 1, Msg: "expected a JSON object"}
	}
	o := &object{arrays: map[string][]elem{}, values: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonError(name, data, err, what)
		}
		key, _ := tok.(string)
		// Peek: an array is split, anything else kept raw.
		off := dec.InputOffset()
		i := int(off)
		for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n' || data[i] == ':') {
			i++
		}
		if i < len(data) && data[i] == '[' {
			if _, err := dec.Token(); err != nil {
				return nil, jsonError(name, data, err, what)
			}
			els, err := elements(dec, data)
			if err != nil {
				return nil, jsonError(name, data, err, what)
			}
			o.arrays[key] = els
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, jsonError(name, data, err, what)
		}
		o.values[key] = raw
	}
	if _, err := dec.Token(); err != nil {
		return nil, jsonError(name, data, err, what)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &detect.ParseError{File: name, Line: lineAt(data, dec.InputOffset()), Msg: "text after the JSON object"}
	}
	return o, nil
}

// decodeLoose decodes raw into v.
func decodeLoose(raw json.RawMessage, v any) error { return json.Unmarshal(raw, v) }

// flexString reads a JSON string, number or boolean as text.
type flexString string

// UnmarshalJSON accepts a string, a number, a boolean or null.
func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var x string
		if err := json.Unmarshal(b, &x); err != nil {
			return err
		}
		*s = flexString(x)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		*s = ""
		return nil
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		return errors.New("expected a string")
	}
	*s = flexString(b)
	return nil
}

// truthy reads BYOR's isNew: true, "TRUE", "yes", 1.
func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "new":
		return true
	}
	return false
}
