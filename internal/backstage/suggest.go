package backstage

import (
	"bytes"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/stack"
)

// Suggestion is the input of Suggest: what the scan saw and what is known
// already.
type Suggestion struct {
	// Name is the component's name (a folder or repository name); it is
	// reduced to what Backstage accepts.
	Name string
	// Slug is owner/name on GitHub, when known (github.com/project-slug).
	Slug string
	// Observation is the scan's summary.
	Observation Observation
	// Existing is the Component already declared, if any: its name,
	// owner, system and description are kept.
	Existing *Entity
	// CodeOwners are the CODEOWNERS owners of the folder, Rule where the
	// rule is ("CODEOWNERS:3").
	CodeOwners []string
	Rule       string
}

var nameInvalid = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// EntityName reduces s to a valid metadata.name: letters, digits, '-',
// '_' and '.', at most 63 characters, starting and ending alphanumeric.
func EntityName(s string) string {
	s = nameInvalid.ReplaceAllString(s, "-")
	if len(s) > 63 {
		s = s[:63]
	}
	s = strings.Trim(s, "-_.")
	if s == "" {
		return "component"
	}
	return s
}

// OwnerRef turns a CODEOWNERS owner into a Backstage reference:
// @org/team is group:team, @user is user:user; an e-mail has none.
func OwnerRef(owner string) string {
	if !strings.HasPrefix(owner, "@") {
		return ""
	}
	if _, team, ok := strings.Cut(owner[1:], "/"); ok {
		return "group:" + EntityName(team)
	}
	return "user:" + EntityName(owner[1:])
}

var resourceTypes = map[string]string{
	stack.RoleSystemOfRecord: "database", stack.RoleSecondary: "database", stack.RoleCache: "cache",
	stack.RoleQueue: "queue", stack.RoleSearch: "search-index", stack.RoleObjectStorage: "storage-bucket",
}

// Suggest renders the suggested catalog-info.yaml: the Component, then
// one Resource per datastore it depends on. Guesses carry a comment
// saying what they rest on.
func Suggest(s Suggestion) ([]byte, error) {
	o := s.Observation
	name := EntityName(s.Name)
	var owner, ownerNote, system, description string
	var declaredDeps []string
	slug := s.Slug
	if e := s.Existing; e != nil {
		if e.Metadata.Name != "" {
			name = e.Metadata.Name
		}
		owner, system, description = e.Spec.Owner, e.Spec.System, e.Metadata.Description
		declaredDeps = e.Spec.DependsOn
		if slug == "" {
			slug = e.Metadata.Annotations["github.com/project-slug"]
		}
		if owner != "" {
			ownerNote = "as declared in " + e.File
		}
	}
	if owner == "" {
		for _, co := range s.CodeOwners {
			if ref := OwnerRef(co); ref != "" {
				owner, ownerNote = ref, "from "+s.Rule+" ("+co+")"
				break
			}
		}
	}
	if owner == "" {
		owner, ownerNote = "unknown", "no CODEOWNERS rule owns this folder: name the owning group"
	}

	typeNote := "nothing serves requests, consumes a broker or deploys it"
	switch o.Type() {
	case "website":
		typeNote = "site generator: " + strings.Join(o.Sites, ", ")
	case "service":
		var why []string
		if len(o.Servers) > 0 {
			why = append(why, "serves with "+strings.Join(o.Servers, ", "))
		}
		if len(o.Queues) > 0 {
			why = append(why, "consumes "+strings.Join(o.Queues, ", "))
		}
		if len(o.Deployment) > 0 {
			why = append(why, "deployed with "+strings.Join(o.Deployment, ", "))
		}
		typeNote = strings.Join(why, "; ")
	}
	lifeNote := "guess: no deployment configuration detected"
	if len(o.Deployment) > 0 {
		lifeNote = "guess: deployed with " + strings.Join(o.Deployment, ", ")
	}

	var deps []string
	var resources []*yaml.Node
	depsNote := "datastores the scan found"
	if len(declaredDeps) > 0 {
		// What is declared names the resources already: keep it, and say
		// what the scan found beside it.
		deps = declaredDeps
		var found []string
		for _, d := range o.Datastores {
			found = append(found, d.Name)
		}
		depsNote = "as declared"
		if len(found) > 0 {
			depsNote += "; the scan found " + strings.Join(found, ", ")
		}
	}
	for _, d := range o.Datastores {
		if len(declaredDeps) > 0 {
			break
		}
		rname := EntityName(name + "-" + d.ID)
		deps = append(deps, "resource:"+rname)
		rspec := []*yaml.Node{kv("type", resourceTypes[d.Role], ""), kv("owner", owner, "")}
		if system != "" {
			rspec = append(rspec, kv("system", system, ""))
		}
		resources = append(resources, doc("Resource",
			mapping(kv("name", rname, ""), kv("description", d.Name+" ("+strings.ReplaceAll(d.Role, "-", " ")+")", "")),
			mapping(rspec...)))
	}

	meta := []*yaml.Node{kv("name", name, "")}
	if description != "" {
		meta = append(meta, kv("description", description, ""))
	}
	if len(o.Tags) > 0 {
		meta = append(meta, pair("tags", seq(o.Tags...), "from the detected stack"))
	}
	if slug != "" {
		meta = append(meta, pair("annotations", mapping(kv("github.com/project-slug", slug, "")), ""))
	}
	spec := []*yaml.Node{
		kv("type", o.Type(), typeNote),
		kv("lifecycle", o.Lifecycle(), lifeNote),
		kv("owner", owner, ownerNote),
	}
	if system != "" {
		spec = append(spec, kv("system", system, ""))
	}
	if len(deps) > 0 {
		spec = append(spec, pair("dependsOn", seq(deps...), depsNote))
	}
	docs := append([]*yaml.Node{doc("Component", mapping(meta...), mapping(spec...))}, resources...)

	var b bytes.Buffer
	b.WriteString("# Suggested by stacklint catalog from the detected stack; review the guesses.\n")
	for i, d := range docs {
		if i > 0 {
			b.WriteString("---\n")
		}
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(d); err != nil {
			return nil, err
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

func kv(k, v, comment string) *yaml.Node { return pair(k, scalar(v), comment) }

// pair is a key and its value, flattened into a mapping by mapping().
func pair(k string, v *yaml.Node, comment string) *yaml.Node {
	key := scalar(k)
	if comment != "" {
		if v.Kind == yaml.ScalarNode {
			v.LineComment = comment
		} else {
			key.LineComment = comment
		}
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{key, v}}
}

func mapping(pairs ...*yaml.Node) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, p := range pairs {
		m.Content = append(m.Content, p.Content...)
	}
	return m
}

func seq(items ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode}
	for _, it := range items {
		n.Content = append(n.Content, scalar(it))
	}
	return n
}

func doc(kind string, meta, spec *yaml.Node) *yaml.Node {
	return mapping(kv("apiVersion", "backstage.io/v1alpha1", ""), kv("kind", kind, ""), pair("metadata", meta, ""), pair("spec", spec, ""))
}
