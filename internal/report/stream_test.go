package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

// encoderOutput is what writeIndented must write: the document through
// one indenting json.Encoder.
func encoderOutput(t *testing.T, doc any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWriteIndentedIsTheEncoders(t *testing.T) {
	type inner struct {
		A string   `json:"a"`
		B []string `json:"b"`
	}
	type doc struct {
		Name   string            `json:"name"`
		Empty  []inner           `json:"empty"`
		Nil    []inner           `json:"nil"`
		Items  []inner           `json:"items"`
		Bytes  []byte            `json:"bytes"`
		Map    map[string][]int  `json:"map"`
		Sigs   []stack.Signal    `json:"sigs"`
		Nested map[string]string `json:"nested"`
		Skip   string            `json:"-"`
		Plain  int
		hidden int
	}
	d := doc{
		Name: "<a & b>", Empty: []inner{},
		Items: []inner{{A: "x", B: []string{"1", "2"}}, {A: "y"}, {A: "\u2028 é \"q\""}},
		Bytes: []byte("hi"), Map: map[string][]int{"z": {1}, "a": nil},
		Sigs:   []stack.Signal{{Kind: stack.KindFact, Name: "n", Attrs: map[string]string{"k": "<v>"}}},
		Nested: map[string]string{}, Skip: "no", Plain: 3, hidden: 1,
	}
	for _, v := range []any{d, doc{}, struct{}{}} {
		var b bytes.Buffer
		if err := writeIndented(&b, v); err != nil {
			t.Fatal(err)
		}
		if want := encoderOutput(t, v); b.String() != want {
			t.Errorf("writeIndented:\n%s\njson.Encoder:\n%s", b.String(), want)
		}
	}
	type omit struct {
		A string `json:"a,omitempty"`
	}
	if err := writeIndented(&bytes.Buffer{}, omit{}); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("omitempty: %v", err)
	}
}
