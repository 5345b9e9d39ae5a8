// Package docnode reads YAML and JSON documents into go.yaml.in/yaml/v3
// node trees, so that detectors walk both formats alike and every node
// carries its 1-based line and column. JSON is decoded token by token into
// yaml.Node values (mappings, sequences and tagged scalars); errors of
// either format become *detect.ParseError values with their position.
//
// Its lookups are literal: unlike package yamlnode they do not follow
// `<<` merge keys, and a scalar's value is returned as written (a null
// reads "null" or "~"). Use yamlnode where merge keys matter (Compose,
// Kubernetes); use docnode for formats read as plain trees (OpenAPI, CI
// workflows, PaaS and serverless manifests, CloudFormation).
package docnode

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/nesting"
)

// maxJSONDepth bounds the nesting JSON accepts.
const maxJSONDepth = 256

// ParseYAML decodes the first YAML document of data and returns its root
// node (nil for an empty document). A syntax error is returned as a
// *detect.ParseError (see YAMLError).
func ParseYAML(data []byte) (*yaml.Node, error) {
	if err := nesting.Check(data, nesting.YAML); err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, YAMLError(err)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0], nil
	}
	return nil, nil
}

// Parse decodes data as JSON when name ends in ".json" (any case), as
// YAML otherwise, into a yaml.Node root (see JSON and ParseYAML).
func Parse(name string, data []byte) (*yaml.Node, error) {
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		return JSON(data)
	}
	return ParseYAML(data)
}

var yamlLine = lazyregexp.New(`^yaml: line (\d+): `)

// YAMLError turns a yaml.v3 error into a *detect.ParseError with the line
// of its "yaml: line N: " prefix (line 0 when there is none).
func YAMLError(err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		l, _ := strconv.Atoi(m[1])
		return detect.Errorf(l, 0, "invalid YAML: %s", msg[len(m[0]):])
	}
	return detect.Errorf(0, 0, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// Resolve follows an alias node to its anchor (at most 16 hops; a longer
// chain returns the alias node it stopped at).
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	return n
}

// Get returns the value node of key in mapping m, aliases followed, or
// nil when m is not a mapping or has no such key (merge keys are not
// followed).
func Get(m *yaml.Node, key string) *yaml.Node {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return Resolve(m.Content[i+1])
		}
	}
	return nil
}

// Key returns the key node of key in mapping m, or nil.
func Key(m *yaml.Node, key string) *yaml.Node {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// Scalar returns the value of a scalar node as written (aliases followed),
// "" for nil, mappings and sequences.
func Scalar(n *yaml.Node) string {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// EachPair calls f for each key and value of mapping m in order, values'
// aliases followed; it does nothing when m is not a mapping.
func EachPair(m *yaml.Node, f func(k, v *yaml.Node)) {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		f(m.Content[i], Resolve(m.Content[i+1]))
	}
}

// Items returns the elements of sequence n (aliases of n followed, not of
// its elements), or nil when n is not a sequence.
func Items(n *yaml.Node) []*yaml.Node {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// JSON decodes a JSON document into a yaml.Node tree with the line and
// column of every value and key: objects become mappings ("!!map"),
// arrays sequences ("!!seq"), and scalars carry the tags !!str, !!int,
// !!float, !!bool or !!null. Blank input returns nil, nil. On malformed
// input it returns the tree read so far and a *detect.ParseError.
func JSON(data []byte) (*yaml.Node, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	if err := nesting.Check(data, nesting.JSON); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lc := &lineCounter{data: data, line: 1}
	pos := func() (int, int) { return lc.at(int(dec.InputOffset()) - 1) }
	var value func(depth int) (*yaml.Node, error)
	value = func(depth int) (*yaml.Node, error) {
		if depth > maxJSONDepth {
			l, c := pos()
			return nil, detect.Errorf(l, c, "JSON nested deeper than %d levels", maxJSONDepth)
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonError(data, err, dec.InputOffset())
		}
		l, c := pos()
		n := &yaml.Node{Line: l, Column: c}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				n.Kind, n.Tag = yaml.MappingNode, "!!map"
				for dec.More() {
					kt, err := dec.Token()
					if err != nil {
						return n, jsonError(data, err, dec.InputOffset())
					}
					ks, ok := kt.(string)
					if !ok {
						l, c := pos()
						return n, detect.Errorf(l, c, "invalid JSON: expected an object key")
					}
					kl, kc := pos()
					v, err := value(depth + 1)
					n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: ks, Line: kl, Column: kc})
					if v == nil {
						v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: kl, Column: kc}
					}
					n.Content = append(n.Content, v)
					if err != nil {
						return n, err
					}
				}
			case '[':
				n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
				for dec.More() {
					v, err := value(depth + 1)
					if v != nil {
						n.Content = append(n.Content, v)
					}
					if err != nil {
						return n, err
					}
				}
			default:
				return nil, detect.Errorf(l, c, "invalid JSON: unexpected %q", string(t))
			}
			if _, err := dec.Token(); err != nil {
				return n, jsonError(data, err, dec.InputOffset())
			}
		case string:
			n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", t
		case json.Number:
			n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", t.String()
			if !strings.ContainsAny(n.Value, ".eE") {
				n.Tag = "!!int"
			}
		case bool:
			n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(t)
		case nil:
			n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
		}
		return n, nil
	}
	root, err := value(0)
	if err != nil {
		return root, err
	}
	if _, err := dec.Token(); err != io.EOF {
		l, c := lineCol(data, int(dec.InputOffset()))
		return root, detect.Errorf(l, c, "invalid JSON: unexpected data after the top-level value")
	}
	return root, nil
}

// jsonError gives a JSON decoding error its line and column.
func jsonError(data []byte, err error, off int64) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		l, c := lineCol(data, len(data))
		return detect.Errorf(l, c, "invalid JSON: unexpected end of file, expected the document to be closed")
	}
	l, c := lineCol(data, int(off))
	return detect.Errorf(l, c, "invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// lineCol returns the 1-based line and column of byte offset off.
func lineCol(data []byte, off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// lineCounter turns increasing byte offsets into lines and columns without
// rescanning the data from the start each time.
type lineCounter struct {
	data      []byte
	off, line int
	lineStart int
}

// at returns the 1-based line and column of off; offsets must not decrease
// (a smaller one is answered by a full rescan).
func (lc *lineCounter) at(off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(lc.data) {
		off = len(lc.data)
	}
	if off < lc.off {
		return lineCol(lc.data, off)
	}
	for i := lc.off; i < off; i++ {
		if lc.data[i] == '\n' {
			lc.line++
			lc.lineStart = i + 1
		}
	}
	lc.off = off
	return lc.line, off - lc.lineStart + 1
}
