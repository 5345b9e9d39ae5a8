// Package backstage reads Backstage catalog descriptor files
// (catalog-info.yaml), compares what they declare with what a scan
// detects, and suggests the descriptor a repository should carry.
package backstage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FileNames are the descriptor names read, in order, in a folder.
var FileNames = []string{"catalog-info.yaml", "catalog-info.yml"}

// Limits on untrusted descriptor files.
const (
	maxSize = 1 << 20
	maxDocs = 200
)

// Entity is one catalog entity (one YAML document), trimmed to what
// stacklint compares.
type Entity struct {
	APIVersion string   `yaml:"apiVersion" json:"api_version,omitempty"`
	Kind       string   `yaml:"kind" json:"kind"`
	Metadata   Metadata `yaml:"metadata" json:"metadata"`
	Spec       Spec     `yaml:"spec" json:"spec"`
	// File and Line locate the document.
	File string `yaml:"-" json:"file"`
	Line int    `yaml:"-" json:"line"`
}

// Metadata is an entity's metadata block.
type Metadata struct {
	Name        string            `yaml:"name" json:"name"`
	Namespace   string            `yaml:"namespace,omitempty" json:"namespace,omitempty"`
	Title       string            `yaml:"title,omitempty" json:"title,omitempty"`
	Description string            `yaml:"description,omitempty" json:"description,omitempty"`
	Tags        []string          `yaml:"tags,omitempty" json:"tags,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty" json:"-"`
}

// Spec holds the fields stacklint reads from a Component or System spec.
type Spec struct {
	// Type is the component type (service, website, library…).
	Type string `yaml:"type,omitempty" json:"type,omitempty"`
	// Lifecycle is experimental, production or deprecated.
	Lifecycle string `yaml:"lifecycle,omitempty" json:"lifecycle,omitempty"`
	// Owner is an entity reference (group:team-a, team-a, user:jdoe).
	Owner string `yaml:"owner,omitempty" json:"owner,omitempty"`
	// System is the system the component belongs to.
	System string `yaml:"system,omitempty" json:"system,omitempty"`
	// DependsOn lists entity references (resource:orders-db).
	DependsOn []string `yaml:"dependsOn,omitempty" json:"depends_on,omitempty"`
	// fields tracks each key's line, for messages.
	lines map[string]int
}

// Line is where key (type, lifecycle, owner…) is written in the spec, or
// the entity's line.
func (e Entity) LineOf(key string) int {
	if l := e.Spec.lines[key]; l > 0 {
		return l
	}
	return e.Line
}

// Ref is how messages name the entity: "component:orders".
func (e Entity) Ref() string {
	return strings.ToLower(e.Kind) + ":" + e.Metadata.Name
}

// Error is a descriptor that cannot be read, with its file and line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// Parse reads every YAML document of a descriptor file. Entities before a
// broken document are returned with the error; documents that are not
// mappings or have no kind are skipped.
func Parse(name string, data []byte) ([]Entity, error) {
	if len(data) > maxSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d bytes; not read", maxSize)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []Entity
	for n := 0; ; n++ {
		if n == maxDocs {
			return out, &Error{File: name, Msg: fmt.Sprintf("more than %d documents; the rest is not read", maxDocs)}
		}
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			e := &Error{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ") + " (expected YAML documents of Backstage entities)"}
			if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
				e.Line, _ = strconv.Atoi(m[1])
				e.Msg = strings.Replace(e.Msg, m[0], "", 1)
			}
			return out, e
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		root := doc.Content[0]
		var ent Entity
		if err := root.Decode(&ent); err != nil {
			return out, &Error{File: name, Line: root.Line, Msg: fmt.Sprintf("document %d: %v (expected apiVersion, kind, metadata and spec)", n+1, strings.TrimPrefix(err.Error(), "yaml: "))}
		}
		if ent.Kind == "" {
			continue
		}
		ent.File, ent.Line = name, root.Line
		ent.Spec.lines = map[string]int{}
		if spec := child(root, "spec"); spec != nil && spec.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(spec.Content); i += 2 {
				ent.Spec.lines[spec.Content[i].Value] = spec.Content[i].Line
			}
		}
		out = append(out, ent)
	}
}

func child(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Find reads the descriptor in folder ("." for the root) of fsys, if any.
func Find(fsys fs.FS, folder string) ([]Entity, error) {
	for _, n := range FileNames {
		p := path.Join(folder, n)
		st, err := fs.Stat(fsys, p)
		if err != nil || st.IsDir() {
			continue
		}
		if st.Size() > maxSize {
			return nil, &Error{File: p, Msg: fmt.Sprintf("larger than %d bytes; not read", maxSize)}
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, &Error{File: p, Msg: err.Error()}
		}
		return Parse(p, data)
	}
	return nil, nil
}

// OwnerKey reduces an owner reference to the name a team goes by, so a
// catalog's "group:default/payments" and a CODEOWNERS "@acme/payments"
// compare equal: kind, namespace and organisation prefixes are dropped,
// case is folded.
func OwnerKey(ref string) string {
	r := strings.ToLower(strings.TrimSpace(ref))
	r = strings.TrimPrefix(r, "@")
	if k, rest, ok := strings.Cut(r, ":"); ok && !strings.Contains(k, "/") {
		r = rest
	}
	if i := strings.LastIndexByte(r, '/'); i >= 0 {
		r = r[i+1:]
	}
	return r
}
