package schema

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

// docs maps "pkgpath.Type" and "pkgpath.Type.Field" to doc comments.
type docs map[string]string

// readDocs reads the doc comments of the types and struct fields of the Go
// packages in dirs (relative to the module root root), keyed by import path.
func readDocs(root, module string, dirs ...string) (docs, error) {
	d := docs{}
	for _, dir := range dirs {
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, filepath.Join(root, dir), func(fi fs.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		path := module + "/" + filepath.ToSlash(dir)
		for _, pkg := range pkgs {
			for _, f := range pkg.Files {
				for _, decl := range f.Decls {
					gd, ok := decl.(*ast.GenDecl)
					if !ok {
						continue
					}
					for _, spec := range gd.Specs {
						ts, ok := spec.(*ast.TypeSpec)
						if !ok {
							continue
						}
						doc := ts.Doc
						if doc == nil && len(gd.Specs) == 1 {
							doc = gd.Doc
						}
						d[path+"."+ts.Name.Name] = text(doc)
						st, ok := ts.Type.(*ast.StructType)
						if !ok {
							continue
						}
						for _, fld := range st.Fields.List {
							for _, n := range fld.Names {
								d[path+"."+ts.Name.Name+"."+n.Name] = text(fld.Doc)
							}
						}
					}
				}
			}
		}
	}
	return d, nil
}

// text is a doc comment as one paragraph-preserving string.
func text(cg *ast.CommentGroup) string {
	if cg == nil {
		return ""
	}
	paras := strings.Split(strings.TrimSpace(cg.Text()), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n\n")
}

// generator turns Go types into JSON Schema (draft-07) definitions the way
// encoding/json renders them.
type generator struct {
	docs docs
	// enums are the allowed values of named types (rule.Severity).
	enums map[reflect.Type][]string
	// fieldEnums are the allowed values of fields, by "Type.Field".
	fieldEnums map[string][]string
	// consts fix a field's value ("ScanDocument.Schema").
	consts map[string]string
	// strict forbids properties the types do not have (for tests).
	strict bool
	defs   map[string]any
	names  map[string]reflect.Type
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// ref returns the schema of t, adding named structs to the definitions.
func (g *generator) ref(t reflect.Type) (any, error) {
	if vs, ok := g.enums[t]; ok {
		return map[string]any{"type": "string", "enum": vs}, nil
	}
	if t.Implements(textMarshaler) {
		return map[string]any{"type": "string"}, nil
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}, nil
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}, nil
	case reflect.Pointer:
		inner, err := g.ref(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}, nil
	case reflect.Slice, reflect.Array:
		items, err := g.ref(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("%s: map keys must be strings", t)
		}
		vals, err := g.ref(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "object", "additionalProperties": vals}, nil
	case reflect.Struct:
		name := t.Name()
		if prev, ok := g.names[name]; ok && prev != t {
			return nil, fmt.Errorf("two types named %s: %s and %s", name, prev, t)
		}
		if _, ok := g.defs[name]; !ok {
			g.names[name] = t
			g.defs[name] = nil // placeholder against recursion
			s, err := g.object(t)
			if err != nil {
				return nil, err
			}
			g.defs[name] = s
		}
		return map[string]any{"$ref": "#/definitions/" + name}, nil
	}
	return nil, fmt.Errorf("%s: no JSON Schema for kind %s", t, t.Kind())
}

// object is the schema of a struct: its JSON properties, embedded structs
// flattened; fields without omitempty are required.
func (g *generator) object(t reflect.Type) (map[string]any, error) {
	props := map[string]any{}
	var required []string
	if err := g.fields(t, props, &required); err != nil {
		return nil, err
	}
	sort.Strings(required)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	if doc := g.docs[t.PkgPath()+"."+t.Name()]; doc != "" {
		s["description"] = doc
	}
	if g.strict {
		s["additionalProperties"] = false
	}
	return s, nil
}

func (g *generator) fields(t reflect.Type, props map[string]any, required *[]string) error {
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			if err := g.fields(f.Type, props, required); err != nil {
				return err
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		key := t.Name() + "." + f.Name
		var s any
		if c, ok := g.consts[key]; ok {
			s = map[string]any{"type": "string", "const": c}
		} else if vs, ok := g.fieldEnums[key]; ok {
			s = map[string]any{"type": "string", "enum": vs}
		} else {
			var err error
			if s, err = g.ref(f.Type); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
		if doc := g.docs[t.PkgPath()+"."+key]; doc != "" {
			s = describe(s, doc)
		}
		props[name] = s
		if !strings.Contains(opts, "omitempty") {
			*required = append(*required, name)
		}
	}
	return nil
}

// describe adds a description to a schema; a $ref gets it through allOf,
// since draft-07 ignores keywords beside $ref.
func describe(s any, doc string) any {
	m := s.(map[string]any)
	if _, ok := m["$ref"]; ok {
		return map[string]any{"allOf": []any{m}, "description": doc}
	}
	out := map[string]any{"description": doc}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// document is a complete schema for the root type t.
func (g *generator) document(id, title string, t reflect.Type) ([]byte, error) {
	g.defs, g.names = map[string]any{}, map[string]reflect.Type{}
	root, err := g.ref(t)
	if err != nil {
		return nil, err
	}
	s := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$id":         id,
		"title":       title,
		"allOf":       []any{root},
		"definitions": g.defs,
	}
	return marshal(s)
}

// marshal renders a schema as indented JSON with a final newline (map keys
// sorted, so the output is stable).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
