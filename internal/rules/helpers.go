package rules

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// scaleReason says why the profile expects more than one server, with the
// keys that say so; ok is false when nothing does.
func scaleReason(ctx *rule.Context) (reason string, refs []rule.ProfileRef, ok bool) {
	p := ctx.P()
	var parts []string
	if p.Load.PeakRPS > ctx.Thresholds().SingleServerRPS {
		parts = append(parts, fmt.Sprintf("Peak load of %s rps is declared %s", thousands(p.Load.PeakRPS), ctx.Cite("load.peak_rps")))
		refs = append(refs, ctx.Ref("load.peak_rps"))
	}
	if p.Load.Growth == "fast" {
		parts = append(parts, fmt.Sprintf("fast growth is declared %s", ctx.Cite("load.growth")))
		refs = append(refs, ctx.Ref("load.growth"))
	}
	if p.Project.Type == profile.TypeHighLoadSaaS {
		parts = append(parts, fmt.Sprintf("the project is declared %s %s", typeName(p.Project.Type), ctx.Cite("project.type")))
		refs = append(refs, ctx.Ref("project.type"))
	}
	if len(parts) == 0 {
		return "", nil, false
	}
	s := rule.JoinAnd(parts)
	return strings.ToUpper(s[:1]) + s[1:], refs, true
}

// typeNames are the readable names of the project types, with an article.
var typeNames = map[string]string{
	profile.TypeMVP: "an MVP", profile.TypeAPIFirst: "an API-first project", profile.TypeEcommerce: "an e-commerce project",
	profile.TypeHighLoadSaaS: "a high-load SaaS", profile.TypeInternalTool: "an internal tool",
}

// typeName renders a project type for prose ("a high-load SaaS"), falling
// back to the declared value.
func typeName(t string) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return "of type " + t
}

// thousands renders 20000 as "20,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// inIDs reports whether id is in ids.
func inIDs(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// concat joins lists of words into one new list.
func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// present returns the production technologies that are in ids or belong to
// one of cats.
func present(ctx *rule.Context, ids []string, cats ...string) []stack.Technology {
	var out []stack.Technology
	for _, t := range ctx.Production() {
		if inIDs(ids, t.ID) || inIDs(cats, t.Category) {
			out = append(out, t)
		}
	}
	return out
}

// evidenceOf gathers up to per pieces of evidence from each technology.
func evidenceOf(ts []stack.Technology, per int) []stack.Evidence {
	var out []stack.Evidence
	for _, t := range ts {
		out = append(out, rule.TechEvidence(t, per)...)
	}
	return out
}

// techAt renders "Flask (requirements.txt:3)".
func techAt(t stack.Technology) string {
	if w := rule.Where(rule.TechEvidence(t, 2)); w != "" {
		return t.Name + " (" + w + ")"
	}
	return t.Name
}

// techName renders a technology by name only: techAt for a reader who has
// already seen where it is (Finding.Brief).
func techName(t stack.Technology) string { return t.Name }

// twoWays builds a message twice: with each technology placed (techAt),
// for Finding.Message, and by name only, for Finding.Brief.
func twoWays(build func(at func(stack.Technology) string) string) (msg, brief string) {
	return build(techAt), build(techName)
}

// namesAt renders technologies with one location each: "Helm
// (charts/api/Chart.yaml:1) and Kafka (package.json:16)".
func namesAt(ts []stack.Technology) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Name
		if w := rule.Where(rule.TechEvidence(t, 1)); w != "" {
			parts[i] += " (" + w + ")"
		}
	}
	return rule.JoinAnd(parts)
}

// componentOf returns the one component a technology is used in for
// production, or "" when it spans several (or none). Components that only
// see it in dev-only or non-production evidence (a workspace root's
// engines field, a test project) do not count, so a finding about Node.js
// used only by apps/web says apps/web even when the root package.json
// also mentions Node.js for its tooling.
func componentOf(t stack.Technology) string {
	if len(t.Components) == 0 {
		return ""
	}
	ev := rule.ProductionEvidence(t)
	if len(ev) == 0 {
		if len(t.Components) == 1 {
			return t.Components[0]
		}
		return ""
	}
	found := ""
	for _, e := range ev {
		c, ok := owningComponent(t.Components, e.File)
		if !ok || (found != "" && c != found) {
			return ""
		}
		found = c
	}
	return found
}

// owningComponent returns the deepest of comps whose folder holds file
// ("." holds every file).
func owningComponent(comps []string, file string) (string, bool) {
	best, depth := "", -2
	for _, c := range comps {
		d := -1
		if c != "." {
			if !strings.HasPrefix(file, c+"/") {
				continue
			}
			d = len(c)
		}
		if d > depth {
			best, depth = c, d
		}
	}
	return best, depth > -2
}

// infraImages are images of services a repository runs but does not build.
var infraImages = []string{
	"postgres", "mysql", "mariadb", "mongo", "redis", "valkey", "memcached", "rabbitmq", "kafka", "zookeeper",
	"elasticsearch", "opensearch", "kibana", "minio", "localstack", "nginx", "traefik", "haproxy", "caddy",
	"mailhog", "mailpit", "jaeger", "prometheus", "grafana", "otel", "consul", "vault", "keycloak", "cassandra",
	"clickhouse", "nats", "pgadmin", "adminer", "envoy", "zipkin", "loki", "tempo", "influxdb", "neo4j", "etcd",
}

// deployableServices returns the names of the services the repository
// builds or deploys itself (compose services with a build context,
// workloads and processes not running an off-the-shelf infrastructure
// image), sorted and distinct, with one piece of evidence each. Services
// that build the same Dockerfile or run the same image are one deployable
// run several times (a federation test running five instances of one
// server), named by the first of them; a Compose service with neither
// build nor image only overrides one defined in another file.
func deployableServices(ctx *rule.Context) ([]string, []stack.Evidence) {
	byName := map[string]stack.Evidence{}
	seen := map[string]bool{}
	for _, f := range ctx.Facts(stack.FactService) {
		name := f.Attr("name")
		if name == "" {
			continue
		}
		if f.Attr("build") == "" && isInfraImage(f.Attr("image")) {
			continue
		}
		if f.Attr("source") == "compose" && f.Attr("build") == "" && f.Attr("image") == "" {
			// An override file's fragment (ports, labels) of a service
			// another Compose file defines: not a deployable of its own.
			continue
		}
		if key := deployableKey(f); key != "" {
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		if _, ok := byName[name]; !ok {
			byName[name] = rule.FactEvidence(f, "service "+name)
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	ev := make([]stack.Evidence, len(names))
	for i, n := range names {
		ev[i] = byName[n]
	}
	return names, ev
}

// deployableKey is what a service deploys: the Dockerfile it builds, else
// its image without tag or digest, else "" (a process known only by name).
func deployableKey(f stack.Signal) string {
	if b := f.Attr("build"); b != "" {
		df := f.Attr("dockerfile")
		if df == "" {
			df = path.Join(b, "Dockerfile")
		}
		return "build:" + df
	}
	img := f.Attr("image")
	if img == "" {
		return ""
	}
	if i := strings.IndexByte(img, '@'); i >= 0 {
		img = img[:i]
	}
	if i := strings.LastIndexByte(img, ':'); i > strings.LastIndexByte(img, '/') {
		img = img[:i]
	}
	return "image:" + img
}

func isInfraImage(image string) bool {
	if image == "" {
		return false
	}
	// Kubernetes add-ons (ingress-nginx, metrics-server) come from the
	// project's own registries: installed, not built here.
	for _, reg := range []string{"registry.k8s.io/", "k8s.gcr.io/", "quay.io/jetstack/"} {
		if strings.HasPrefix(image, reg) {
			return true
		}
	}
	base := path.Base(imageref.Parse(image).Name)
	for _, x := range infraImages {
		if base == x || strings.HasPrefix(base, x+"-") {
			return true
		}
	}
	return false
}

// versionLess compares dotted numeric versions ("3.9" < "3.11").
func versionLess(a, b string) bool { return stack.CompareVersions(a, b) < 0 }

// foldList joins items as "a, b and c", keeping the first max and
// counting the rest ("a, b, c and 4 more"). The finding's evidence
// still lists every location; reporters fold that list themselves.
func foldList(items []string, max int) string {
	if max > 0 && len(items) > max {
		rest := len(items) - max
		return strings.Join(items[:max], ", ") + fmt.Sprintf(" and %d more", rest)
	}
	return rule.JoinAnd(items)
}

// commonComponent is the one component all of ts are used in, else "".
func commonComponent(ts []stack.Technology) string {
	if len(ts) == 0 {
		return ""
	}
	c := componentOf(ts[0])
	for _, t := range ts[1:] {
		if componentOf(t) != c {
			return ""
		}
	}
	return c
}
