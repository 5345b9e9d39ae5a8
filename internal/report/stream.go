package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// writeIndented writes the struct doc as json.Encoder with SetIndent("",
// "  ") and SetEscapeHTML(false) would, byte for byte, but a field and a
// list element at a time: the encoder marshals a whole document into one
// buffer and indents it into a second, where this holds one element of
// one list at once. Fields tagged omitempty are not supported (the
// documents written this way have none).
func writeIndented(w io.Writer, doc any) error {
	v := reflect.ValueOf(doc)
	t := v.Type()
	if t.Kind() != reflect.Struct {
		return fmt.Errorf("writeIndented: %s is not a struct", t)
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// encode writes one value whose lines after the first start with prefix.
	encode := func(x any, prefix string) error {
		buf.Reset()
		enc.SetIndent(prefix, "  ")
		if err := enc.Encode(x); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	bw.WriteString("{")
	first := true
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" && opts == "" {
			continue
		}
		if strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero") || strings.Contains(opts, "string") || f.Anonymous {
			return fmt.Errorf("writeIndented: field %s: tag options are not supported", f.Name)
		}
		if name == "" {
			name = f.Name
		}
		if !first {
			bw.WriteString(",")
		}
		first = false
		bw.WriteString("\n  ")
		if err := encode(name, ""); err != nil {
			return err
		}
		bw.WriteString(": ")
		fv := v.Field(i)
		if fv.Kind() != reflect.Slice || fv.Len() == 0 || fv.Type().Elem().Kind() == reflect.Uint8 {
			if err := encode(fv.Interface(), "  "); err != nil {
				return err
			}
			continue
		}
		bw.WriteString("[")
		for j := range fv.Len() {
			if j > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n    ")
			if err := encode(fv.Index(j).Interface(), "    "); err != nil {
				return err
			}
		}
		bw.WriteString("\n  ]")
	}
	if first {
		bw.WriteString("}\n")
	} else {
		bw.WriteString("\n}\n")
	}
	return bw.Flush()
}
