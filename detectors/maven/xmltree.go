package maven

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
)

// maxDepth bounds the element tree kept from a document: deeper elements
// are read but not stored, so hostile nesting cannot blow up memory.
const maxDepth = 64

// node is one XML element with the line of its start tag.
type node struct {
	name     string
	attrs    []xml.Attr
	text     strings.Builder
	line     int
	children []*node
}

// child returns the first child element named name, or nil.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// all returns the child elements named name.
func (n *node) all(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// kids returns n's child elements (none for nil).
func (n *node) kids() []*node {
	if n == nil {
		return nil
	}
	return n.children
}

// path follows child names from n, returning nil when one is missing.
func (n *node) path(names ...string) *node {
	for _, name := range names {
		n = n.child(name)
	}
	return n
}

// value returns the trimmed text of n, "" for nil.
func (n *node) value() string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.text.String())
}

// lineOr returns n's line, or def when n is nil.
func (n *node) lineOr(def int) int {
	if n == nil {
		return def
	}
	return n.line
}

// parseXML reads data into an element tree keeping each element's line.
// On malformed input it returns the tree read so far and a ParseError.
func parseXML(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	// Names and versions are ASCII: read any declared 8-bit encoding as is.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	root := &node{}
	stack := []*node{root}
	skipped := 0 // open elements beyond maxDepth
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				if len(stack) > 1 || skipped > 0 {
					l, _ := d.InputPos()
					return root, detect.Errorf(l, 0, "malformed XML: unexpected end of file, expected </%s>", stack[len(stack)-1].name)
				}
				return root, nil
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return root, detect.Errorf(se.Line, 0, "malformed XML: %s", se.Msg)
			}
			l, _ := d.InputPos()
			return root, detect.Errorf(l, 0, "malformed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > maxDepth || skipped > 0 {
				skipped++
				continue
			}
			n := &node{name: t.Name.Local, attrs: t.Attr, line: line}
			parent := stack[len(stack)-1]
			parent.children = append(parent.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			if skipped > 0 {
				skipped--
				continue
			}
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if skipped == 0 && len(stack) > 1 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
}

// attr returns the value of the attribute named name (any namespace).
func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
