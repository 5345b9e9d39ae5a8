// Package yamlnode reads YAML documents as go.yaml.in/yaml/v3 node trees for
// the container and orchestration detectors: multi-document decoding that
// never panics, parser errors turned into *detect.ParseError with their
// line, and small lookups on mappings that follow aliases and merge keys
// (`<<: *defaults`, common in Compose files).
package yamlnode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/nesting"
)

// maxDepth bounds alias and merge-key chains.
const maxDepth = 16

// Documents decodes every document of data and returns the root node of
// each non-empty one (the content of the document node). On malformed
// input it returns the documents read before the problem and a
// *detect.ParseError locating it.
func Documents(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = detect.Errorf(0, 0, "the YAML parser failed on this file: %v", r)
		}
	}()
	if err := nesting.Check(data, nesting.YAML); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		if e := dec.Decode(&doc); e != nil {
			if errors.Is(e, io.EOF) {
				return docs, nil
			}
			return docs, Error(e)
		}
		if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0] == nil {
			continue
		}
		if root := doc.Content[0]; root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			continue // an empty document
		}
		docs = append(docs, doc.Content[0])
	}
}

var lineRe = lazyregexp.New(`line (\d+):?\s*`)

// Error turns a YAML parser error into a *detect.ParseError with the line
// the parser names.
func Error(err error) *detect.ParseError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := lineRe.FindStringSubmatchIndex(msg); m != nil {
		line, _ = strconv.Atoi(msg[m[2]:m[3]])
		msg = msg[:m[0]] + msg[m[1]:]
	}
	msg = strings.TrimSpace(strings.ReplaceAll(msg, "\n", " "))
	return detect.Errorf(line, 0, "invalid YAML: %s", msg)
}

// Resolve follows alias nodes to the node they point to (nil stays nil).
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// IsMap reports whether n (aliases followed) is a mapping.
func IsMap(n *yaml.Node) bool {
	n = Resolve(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// IsSeq reports whether n (aliases followed) is a sequence.
func IsSeq(n *yaml.Node) bool {
	n = Resolve(n)
	return n != nil && n.Kind == yaml.SequenceNode
}

// IsScalar reports whether n (aliases followed) is a scalar.
func IsScalar(n *yaml.Node) bool {
	n = Resolve(n)
	return n != nil && n.Kind == yaml.ScalarNode
}

// Pair is one key and value of a mapping, aliases of the value followed.
type Pair struct {
	Key, Value *yaml.Node
}

// Pairs returns the entries of mapping m in order, entries merged in with
// `<<` keys included after the mapping's own (keys the mapping sets itself
// win). It returns nil when m is not a mapping.
func Pairs(m *yaml.Node) []Pair {
	return pairs(m, 0, nil)
}

func pairs(m *yaml.Node, depth int, seen map[string]bool) []Pair {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > maxDepth {
		return nil
	}
	if seen == nil {
		seen = map[string]bool{}
	}
	var out []Pair
	var merges []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := Resolve(m.Content[i]), m.Content[i+1]
		if k == nil {
			continue
		}
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if seen[k.Value] {
			continue
		}
		seen[k.Value] = true
		out = append(out, Pair{Key: k, Value: Resolve(v)})
	}
	for _, mv := range merges {
		mv = Resolve(mv)
		if mv == nil {
			continue
		}
		if mv.Kind == yaml.SequenceNode {
			for _, s := range mv.Content {
				out = append(out, pairs(s, depth+1, seen)...)
			}
			continue
		}
		out = append(out, pairs(mv, depth+1, seen)...)
	}
	return out
}

// Entry returns the key and value nodes of key in mapping m (merge keys
// followed), or nils.
func Entry(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	// Fast path: the mapping's own keys.
	for i := 0; i+1 < len(m.Content); i += 2 {
		if kn := m.Content[i]; kn != nil && kn.Kind == yaml.ScalarNode && kn.Value == key && kn.Tag != "!!merge" {
			return kn, Resolve(m.Content[i+1])
		}
	}
	for _, p := range Pairs(m) {
		if p.Key.Value == key {
			return p.Key, p.Value
		}
	}
	return nil, nil
}

// Get returns the value of key in mapping m, or nil.
func Get(m *yaml.Node, key string) *yaml.Node {
	_, v := Entry(m, key)
	return v
}

// Path follows keys from m through nested mappings and returns the value,
// or nil when a step is missing.
func Path(m *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		m = Get(m, k)
		if m == nil {
			return nil
		}
	}
	return m
}

// Str returns the value of a scalar node, or "" for anything else.
func Str(n *yaml.Node) string {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// Items returns the elements of a sequence, aliases followed (nil when n
// is not a sequence).
func Items(n *yaml.Node) []*yaml.Node {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = Resolve(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// Int returns the integer value of a scalar node.
func Int(n *yaml.Node) (int, bool) {
	s := Str(n)
	if s == "" {
		return 0, false
	}
	i, err := strconv.Atoi(strings.TrimSpace(s))
	return i, err == nil
}

// Bool returns the boolean value of a scalar node (true/false, yes/no, on/off).
func Bool(n *yaml.Node) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(Str(n))) {
	case "true", "yes", "on", "y":
		return true, true
	case "false", "no", "off", "n":
		return false, true
	}
	return false, false
}

// Line returns the line of n, or 0 for nil.
func Line(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	return n.Line
}

// Strings returns a scalar as a one-element list, or the scalars of a
// sequence.
func Strings(n *yaml.Node) []string {
	n = Resolve(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if s := Str(n); s != "" {
			return []string{s}
		}
	case yaml.SequenceNode:
		var out []string
		for _, c := range Items(n) {
			if c.Kind == yaml.ScalarNode {
				out = append(out, c.Value)
			}
		}
		return out
	}
	return nil
}

// Describe names the kind of a node for error messages ("a mapping").
func Describe(n *yaml.Node) string {
	n = Resolve(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", truncate(n.Value, 40))
	}
	return "an unexpected node"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
