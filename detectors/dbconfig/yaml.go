package dbconfig

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/nesting"
)

// yamlDocs decodes every document of a multi-document YAML stream. On a
// syntax error it returns the documents read before it and a ParseError.
func yamlDocs(data []byte) ([]*yaml.Node, error) {
	if err := nesting.Check(data, nesting.YAML); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, yamlError(err)
		}
		docs = append(docs, &n)
	}
}

var reYAMLLine = lazyregexp.New(`line (\d+)(?:, column (\d+))?: `)

// yamlError turns a go-yaml error into a ParseError with its position.
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := reYAMLLine.FindStringSubmatchIndex(msg); m != nil {
		l, _ := strconv.Atoi(msg[m[2]:m[3]])
		c := 0
		if m[4] >= 0 {
			c, _ = strconv.Atoi(msg[m[4]:m[5]])
		}
		return detect.Errorf(l, c, "invalid YAML: %s", msg[m[1]:])
	}
	return detect.Errorf(0, 0, "invalid YAML: %s", msg)
}

// leaf is one scalar of a flattened YAML document.
type leaf struct {
	key, value string
	line       int
}

// flattenNodes and flattenBytes bound what flattening one file may visit
// and build, across all its documents: aliases (thirty levels of anchors
// doubling each other) and long keys (each leaf's key is the dotted path of
// its parents) must not turn kilobytes of YAML into gigabytes of keys.
// Real Spring files flatten to a few hundred leaves and kilobytes of keys.
const (
	flattenNodes = 100000
	flattenBytes = 8 << 20
)

// flattener lists the scalars of YAML documents with dotted keys, within
// one budget for every document of a file.
type flattener struct {
	nodes, bytes int
	// exhausted is set when the budget ran out: the rest was not read.
	exhausted bool
}

func newFlattener() *flattener {
	return &flattener{nodes: flattenNodes, bytes: flattenBytes}
}

// spend charges one node and n bytes, reporting false once the budget is
// spent.
func (f *flattener) spend(n int) bool {
	f.nodes--
	f.bytes -= n
	if f.nodes < 0 || f.bytes < 0 {
		f.exhausted = true
	}
	return !f.exhausted
}

// flatten lists the scalars of a YAML node with dotted keys
// ("spring.datasource.url"), sequences as key[0]. Merge keys (<<) and
// aliases are followed. Lines are the lines of the keys. Every key built
// and value kept is charged to the budget, bytes included.
func (f *flattener) flatten(n *yaml.Node) []leaf {
	var out []leaf
	var walk func(n *yaml.Node, prefix string, line, depth int)
	walk = func(n *yaml.Node, prefix string, line, depth int) {
		if n == nil || depth > 100 || !f.spend(0) {
			return
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, prefix, c.Line, depth+1)
			}
		case yaml.AliasNode:
			walk(n.Alias, prefix, line, depth+1)
		case yaml.ScalarNode:
			if prefix != "" && f.spend(len(n.Value)) {
				out = append(out, leaf{key: prefix, value: n.Value, line: line})
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				key := prefix + "[" + strconv.Itoa(i) + "]"
				if !f.spend(len(key)) {
					return
				}
				walk(c, key, c.Line, depth+1)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "<<" && k.Tag != "!!str" {
					walk(v, prefix, v.Line, depth+1)
					continue
				}
				if !f.spend(len(prefix) + 1 + len(k.Value)) {
					return
				}
				key := k.Value
				if prefix != "" {
					key = prefix + "." + key
				}
				walk(v, key, k.Line, depth+1)
			}
		}
	}
	walk(n, "", 0, 0)
	return out
}

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}
