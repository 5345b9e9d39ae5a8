// Package xmltree reads an XML document (pom.xml, *.csproj,
// packages.config) into a small element tree that keeps the line of every
// start tag, so detectors can cite file:line evidence. It bounds the depth
// it stores, reads any declared 8-bit encoding as is, and turns malformed
// input into a *detect.ParseError while returning what it read.
package xmltree

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
)

// maxDepth bounds the element tree kept from a document: deeper elements
// are read but not stored, so hostile nesting cannot blow up memory.
const maxDepth = 64

// Node is one XML element with the line of its start tag. The root
// returned by Parse is a synthetic node with no name whose children are the
// document's top-level elements.
type Node struct {
	// Name is the local name of the element (namespace dropped).
	Name string
	// Attrs are the element's attributes as the decoder read them.
	Attrs []xml.Attr
	// Line is the 1-based line of the start tag.
	Line int
	// Children are the child elements in document order.
	Children []*Node

	text strings.Builder
}

// Child returns the first child element named name, or nil.
func (n *Node) Child(name string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// All returns the child elements named name.
func (n *Node) All(name string) []*Node {
	if n == nil {
		return nil
	}
	var out []*Node
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// Kids returns n's child elements (none for nil).
func (n *Node) Kids() []*Node {
	if n == nil {
		return nil
	}
	return n.Children
}

// Path follows child names from n, returning nil when one is missing.
func (n *Node) Path(names ...string) *Node {
	for _, name := range names {
		n = n.Child(name)
	}
	return n
}

// Value returns the trimmed text of n, "" for nil.
func (n *Node) Value() string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.text.String())
}

// LineOr returns n's line, or def when n is nil.
func (n *Node) LineOr(def int) int {
	if n == nil {
		return def
	}
	return n.Line
}

// Parse reads data into an element tree keeping each element's line.
// On malformed input it returns the tree read so far and a ParseError.
func Parse(data []byte) (*Node, error) {
	if err := nesting.Check(data, nesting.XML); err != nil {
		return &Node{}, err
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	// Names and versions are ASCII: read any declared 8-bit encoding as is.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	root := &Node{}
	stack := []*Node{root}
	skipped := 0 // open elements beyond maxDepth
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				if len(stack) > 1 || skipped > 0 {
					l, _ := d.InputPos()
					return root, detect.Errorf(l, 0, "malformed XML: unexpected end of file, expected </%s>", stack[len(stack)-1].Name)
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
			n := &Node{Name: t.Name.Local, Attrs: t.Attr, Line: line}
			parent := stack[len(stack)-1]
			parent.Children = append(parent.Children, n)
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

// Attr returns the value of the attribute named name (any namespace).
func (n *Node) Attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// FirstChildLine returns the line of n's first child element, 0 when n is
// nil or has none (the root element's line when n is a Parse result).
func (n *Node) FirstChildLine() int {
	if n == nil || len(n.Children) == 0 {
		return 0
	}
	return n.Children[0].Line
}
