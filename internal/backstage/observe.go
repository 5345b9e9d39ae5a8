package backstage

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stacklint/stacklint/internal/stack"
)

// Catalog categories that mean "this is deployed": a container image, an
// orchestrator, a platform, functions or infrastructure as code.
var deployCategories = []string{"container", "orchestration", "app-orchestration", "paas", "serverless", "iac", "compute"}

// Catalog categories that mean "this serves requests".
var serverCategories = []string{"web-framework", "api-framework", "fullstack-framework", "app-server"}

// Catalog categories that mean "this is a website".
var siteCategories = []string{"docs-site"}

// Observation is what a scan says about the questions a catalog entry
// answers: is it deployed, does it serve, what does it depend on.
type Observation struct {
	// Deployment names the technologies that deploy it (Dockerfile,
	// Kubernetes, Terraform…), Servers the ones that serve requests,
	// Sites the site generators, Queues the message brokers it uses.
	Deployment, Servers, Sites, Queues []string
	// Datastores are the stores it runs (system of record first).
	Datastores []stack.Datastore
	// Tags are the main technologies' ids (languages, frameworks, data).
	Tags []string
	// Components counts the scanned components.
	Components int
}

// Observe summarises a scanned stack.
func Observe(st *stack.Stack) Observation {
	var o Observation
	if st == nil {
		return o
	}
	o.Components = len(st.Components)
	for _, t := range st.Production() {
		switch {
		case slices.Contains(deployCategories, t.Category):
			o.Deployment = append(o.Deployment, t.Name)
		case slices.Contains(serverCategories, t.Category):
			o.Servers = append(o.Servers, t.Name)
		case slices.Contains(siteCategories, t.Category):
			o.Sites = append(o.Sites, t.Name)
		}
		if (t.Layer == stack.LayerLanguage && t.Category == "language") || t.Layer == stack.LayerFramework && slices.Contains(serverCategories, t.Category) {
			o.Tags = append(o.Tags, t.ID)
		}
	}
	for _, d := range st.Operated() {
		o.Datastores = append(o.Datastores, d)
		if d.Role == stack.RoleQueue {
			o.Queues = append(o.Queues, d.Name)
		}
		o.Tags = append(o.Tags, d.ID)
	}
	o.Tags = uniq(o.Tags)
	return o
}

func uniq(in []string) []string {
	var out []string
	for _, s := range in {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Type guesses spec.type: "website" for a site generator with nothing
// serving requests, "service" for anything that serves, consumes a broker
// or is deployed, else "library".
func (o Observation) Type() string {
	switch {
	case len(o.Sites) > 0 && len(o.Servers) == 0 && len(o.Queues) == 0:
		return "website"
	case len(o.Servers) > 0 || len(o.Queues) > 0 || len(o.Deployment) > 0:
		return "service"
	}
	return "library"
}

// Lifecycle guesses spec.lifecycle: "production" when something deploys
// it, else "experimental".
func (o Observation) Lifecycle() string {
	if len(o.Deployment) > 0 {
		return "production"
	}
	return "experimental"
}

// Mismatch is a declaration a scan contradicts.
type Mismatch struct {
	// File and Line locate the declaration; Entity names it.
	File   string `json:"file"`
	Line   int    `json:"line"`
	Entity string `json:"entity"`
	// Field is the spec field ("lifecycle", "type", "owner").
	Field string `json:"field"`
	// Declared is its value, Detected what the scan suggests.
	Declared string `json:"declared"`
	Detected string `json:"detected"`
	// Message says what disagrees and why.
	Message string `json:"message"`
}

// Location renders file:line.
func (m Mismatch) Location() string { return fmt.Sprintf("%s:%d", m.File, m.Line) }

// Compare lists where a Component entity's declaration disagrees with the
// observation. codeOwners are the CODEOWNERS owners of the entity's
// folder (nil when no rule owns it).
func Compare(e Entity, o Observation, codeOwners []string, codeOwnersRule string) []Mismatch {
	if !strings.EqualFold(e.Kind, "Component") {
		return nil
	}
	var out []Mismatch
	add := func(field, declared, detected, msg string) {
		out = append(out, Mismatch{File: e.File, Line: e.LineOf(field), Entity: e.Ref(), Field: field, Declared: declared, Detected: detected, Message: msg})
	}
	lc := strings.ToLower(e.Spec.Lifecycle)
	typ := strings.ToLower(e.Spec.Type)
	// Only what is deployed needs deployment configuration: a library in
	// production is used by deployed code, not deployed itself.
	if lc == "production" && len(o.Deployment) == 0 && (typ == "service" || typ == "website") {
		add("lifecycle", e.Spec.Lifecycle, o.Lifecycle(),
			"lifecycle production, but no deployment configuration was detected (no container image, orchestrator, platform, functions or infrastructure as code)")
	}
	if typ == "website" && len(o.Queues) > 0 {
		add("type", e.Spec.Type, "service",
			fmt.Sprintf("type website, but it consumes a message broker (%s): a website does not; is it a service?", strings.Join(o.Queues, ", ")))
	}
	if typ == "library" && len(o.Deployment) > 0 && (len(o.Servers) > 0 || len(o.Queues) > 0) {
		what := append(append([]string(nil), o.Servers...), o.Queues...)
		add("type", e.Spec.Type, "service",
			fmt.Sprintf("type library, but it is deployed as a service (%s; %s)", strings.Join(o.Deployment, ", "), strings.Join(what, ", ")))
	}
	if e.Spec.Owner != "" && len(codeOwners) > 0 {
		key := OwnerKey(e.Spec.Owner)
		if !slices.ContainsFunc(codeOwners, func(o string) bool { return OwnerKey(o) == key }) {
			add("owner", e.Spec.Owner, strings.Join(codeOwners, " "),
				fmt.Sprintf("owner %s, but CODEOWNERS (%s) gives the folder to %s", e.Spec.Owner, codeOwnersRule, strings.Join(codeOwners, " ")))
		}
	}
	return out
}
