// Package helm detects Helm charts (Chart.yaml and its dependencies),
// Helm values files (replicas, autoscaling, images) and helmfiles.
// Templates are never read: they are Go templates, not YAML.
package helm

import (
	"bytes"
	"context"
	"errors"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads Helm charts, values files and helmfiles.
var Detector = detect.Detector{
	Name: "helm",
	Doc: "Reads Helm `Chart.yaml` (a chart folder is a component): tool `helm` and each dependency as a helm resource `<chart name>` with attrs `chart_version` (the chart's version, not the product's: Version stays empty), `repository`, `alias`, `condition` (also from a v1 chart's `requirements.yaml`). " +
		"Reads values files (`values*.yaml`) when they look like Helm values: `replicaCount` gives `replicas` (source helm), `autoscaling`/`hpa` with `enabled: true` gives `autoscaling` (kind hpa, min, max; `keda.enabled` kind keda) — " +
		"at the top level, or in a nested block of the chart's own when its `Chart.yaml` is next to the values file; blocks named after a dependency or alias are subchart settings and give neither; " +
		"`image.repository` (with `registry`, `tag`, `digest`), at any depth, gives docker images (the tag's leading version as version, the full tag in attr `tag`; an empty tag means the chart's appVersion and is not reported unpinned; subchart images are kept: they are deployed). " +
		"`helmfile.yaml` gives tool `helm` and its releases' charts (version in `chart_version`). Files under `templates/` are never read.",
	Files:    []string{"Chart.yaml", "requirements.yaml", "helmfile.*", "values*"},
	Match:    Match,
	Manifest: func(p string) bool { return path.Base(p) == "Chart.yaml" },
	Detect:   detectHelm,
}

// Match reports whether a path is a Chart.yaml, requirements.yaml,
// helmfile or values*.yaml/yml outside a templates/ folder.
func Match(p string) bool {
	b := path.Base(p)
	if !strings.HasSuffix(b, ".yaml") && !strings.HasSuffix(b, ".yml") {
		return false
	}
	switch {
	case b == "Chart.yaml", b == "requirements.yaml", strings.HasPrefix(b, "helmfile."):
	case strings.HasPrefix(b, "values"):
	default:
		return false
	}
	return !strings.HasPrefix(p, "templates/") && !strings.Contains(p, "/templates/")
}

func detectHelm(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	b := path.Base(in.Path)
	switch {
	case b == "Chart.yaml":
		return chart(in.Data, true)
	case b == "requirements.yaml":
		return chart(in.Data, false)
	case strings.HasPrefix(b, "helmfile."):
		return helmfile(in.Data)
	}
	return values(in)
}

// chart reads Chart.yaml (withTool) or requirements.yaml.
func chart(data []byte, withTool bool) ([]stack.Signal, error) {
	docs, err := yamlnode.Documents(data)
	var out []stack.Signal
	if withTool && (len(docs) > 0 || err != nil) {
		tool := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "helm", Line: 1}
		if len(docs) > 0 {
			attrs := map[string]string{}
			for k, attr := range map[string]string{"name": "chart", "version": "version", "appVersion": "app_version", "type": "type"} {
				if v := yamlnode.Str(yamlnode.Get(docs[0], k)); v != "" {
					attrs[attr] = v
				}
			}
			if len(attrs) > 0 {
				tool.Attrs = attrs
			}
		}
		out = append(out, tool)
	}
	if len(docs) == 0 {
		return out, err
	}
	root := docs[0]
	if !yamlnode.IsMap(root) {
		return out, errors.Join(err, detect.Errorf(root.Line, root.Column, "expected a mapping with chart fields, found %s", yamlnode.Describe(root)))
	}
	dk, deps := yamlnode.Entry(root, "dependencies")
	if dk != nil && deps != nil && !yamlnode.IsSeq(deps) && yamlnode.Str(deps) != "" {
		err = errors.Join(err, detect.Errorf(dk.Line, dk.Column, "`dependencies` must be a list of charts, found %s", yamlnode.Describe(deps)))
	}
	for _, d := range yamlnode.Items(deps) {
		nk, nv := yamlnode.Entry(d, "name")
		name := strings.TrimSpace(yamlnode.Str(nv))
		if nk == nil || name == "" {
			continue
		}
		// The chart's version is not the version of what it deploys
		// (bitnami redis chart 19.5.2 ships Redis 7.2): it goes to
		// chart_version, and Version stays empty.
		s := stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoHelm, Name: name, Line: nv.Line}
		attrs := map[string]string{}
		if v := yamlnode.Str(yamlnode.Get(d, "version")); v != "" {
			attrs["chart_version"] = v
		}
		for _, k := range []string{"repository", "alias", "condition"} {
			if v := yamlnode.Str(yamlnode.Get(d, k)); v != "" {
				attrs[k] = v
			}
		}
		if len(attrs) > 0 {
			s.Attrs = attrs
		}
		out = append(out, s)
	}
	return out, err
}

// helmfile reads a helmfile: tool helm and the charts of its releases.
func helmfile(data []byte) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "helm", Line: 1, Attrs: map[string]string{"source": "helmfile"}}}
	docs, err := yamlnode.Documents(data)
	if err != nil && bytes.Contains(data, []byte("{{")) {
		err = nil // templated: read what parsed
	}
	for _, d := range docs {
		for _, r := range yamlnode.Items(yamlnode.Get(d, "releases")) {
			ck, cv := yamlnode.Entry(r, "chart")
			ref := strings.TrimSpace(yamlnode.Str(cv))
			if ck == nil || ref == "" || strings.HasPrefix(ref, ".") || strings.HasPrefix(ref, "/") || strings.Contains(ref, "{{") {
				continue
			}
			repo, name := "", ref
			if i := strings.LastIndexByte(ref, '/'); i >= 0 {
				repo, name = ref[:i], ref[i+1:]
			}
			s := stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoHelm, Name: name, Line: cv.Line}
			s.Attrs = map[string]string{}
			if v := yamlnode.Str(yamlnode.Get(r, "version")); v != "" {
				s.Attrs["chart_version"] = v
			}
			if repo != "" {
				s.Attrs["repository"] = repo
			}
			if rn := yamlnode.Str(yamlnode.Get(r, "name")); rn != "" {
				s.Attrs["release"] = rn
			}
			out = append(out, s)
		}
	}
	return out, err
}

// values reads a Helm values file.
func values(in *detect.Input) ([]stack.Signal, error) {
	docs, err := yamlnode.Documents(in.Data)
	if err != nil && bytes.Contains(in.Data, []byte("{{")) {
		err = nil
	}
	if len(docs) == 0 || !yamlnode.IsMap(docs[0]) {
		return nil, err
	}
	w := chartOf(in)
	w.walk(docs[0], nil, 0)
	if !w.helmish {
		return nil, err
	}
	return w.out, err
}

// chartOf returns a walker for a values file, knowing its chart: the name
// in the Chart.yaml next to it (else the folder's name) and the names and
// aliases of the chart's dependencies (Chart.yaml, or a v1 chart's
// requirements.yaml), whose blocks in the values are subchart settings.
func chartOf(in *detect.Input) *walker {
	dir := path.Dir(in.Path)
	w := &walker{subcharts: map[string]bool{}}
	if in.Files != nil {
		for _, f := range []string{"Chart.yaml", "requirements.yaml"} {
			data, err := in.Files.ReadFile(path.Join(dir, f))
			if err != nil {
				continue
			}
			docs, _ := yamlnode.Documents(data)
			if len(docs) == 0 {
				continue
			}
			if f == "Chart.yaml" {
				w.known = true
				w.chart = yamlnode.Str(yamlnode.Get(docs[0], "name"))
			}
			for _, d := range yamlnode.Items(yamlnode.Get(docs[0], "dependencies")) {
				for _, k := range []string{"name", "alias"} {
					if n := strings.TrimSpace(yamlnode.Str(yamlnode.Get(d, k))); n != "" {
						w.subcharts[n] = true
					}
				}
			}
		}
	}
	if w.chart == "" {
		w.chart = path.Base(dir)
		if dir == "." {
			w.chart = "chart"
		}
	}
	return w
}

// walker visits a values tree, bounded in depth and size.
type walker struct {
	chart string
	// known is set when the chart's Chart.yaml was read: nested blocks
	// other than subcharts are then the chart's own components.
	known bool
	// subcharts are the chart's dependency names and aliases.
	subcharts map[string]bool
	out       []stack.Signal
	helmish   bool
	visited   int
	scalars   []pendingImage
}

type pendingImage struct {
	ref      string
	line     int
	workload string
}

const (
	maxWalkDepth = 12
	maxVisited   = 50000
)

// own reports whether replicas and autoscaling under keys are the chart's
// own: at the top level always; in a nested block only when the chart's
// Chart.yaml was read and the block is not a subchart's settings
// (`kafka.controller.replicaCount` configures the kafka dependency).
func (w *walker) own(keys []string) bool {
	if len(keys) == 0 {
		return true
	}
	return w.known && !w.subcharts[keys[0]]
}

func (w *walker) workload(keys []string) string {
	if len(keys) == 0 {
		return w.chart
	}
	return strings.Join(keys, ".")
}

func (w *walker) walk(m *yaml.Node, keys []string, depth int) {
	if depth > maxWalkDepth || w.visited > maxVisited {
		return
	}
	for _, p := range yamlnode.Pairs(m) {
		w.visited++
		k, v := p.Key.Value, p.Value
		switch k {
		case "replicaCount":
			if c := yamlnode.Str(v); c != "" {
				w.helmish = true
				if w.own(keys) {
					w.out = append(w.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: p.Key.Line, Attrs: map[string]string{"workload": w.workload(keys), "count": c, "source": "helm"}})
				}
			}
			continue
		case "autoscaling", "hpa", "keda":
			if yamlnode.IsMap(v) {
				w.autoscaling(k, p.Key, v, keys)
			}
		case "image":
			if yamlnode.IsMap(v) {
				if w.image(v, keys) {
					continue
				}
			} else if s := yamlnode.Str(v); s != "" && yamlnode.IsScalar(v) {
				w.scalars = append(w.scalars, pendingImage{ref: s, line: v.Line, workload: w.workload(keys)})
				continue
			}
		}
		if yamlnode.IsMap(v) {
			w.walk(v, append(keys[:len(keys):len(keys)], k), depth+1)
		}
	}
	if depth == 0 && w.helmish {
		for _, s := range w.scalars {
			w.out = append(w.out, imageref.Signals(s.ref, s.line, map[string]string{"workload": s.workload})...)
		}
	}
}

func (w *walker) autoscaling(key string, k, v *yaml.Node, keys []string) {
	ek, ev := yamlnode.Entry(v, "enabled")
	if ek == nil {
		return
	}
	w.helmish = true
	on, ok := yamlnode.Bool(ev)
	if !ok || !on || !w.own(keys) {
		return
	}
	kind := "hpa"
	minKey, maxKey := "minReplicas", "maxReplicas"
	if key == "keda" {
		kind, minKey, maxKey = "keda", "minReplicaCount", "maxReplicaCount"
	}
	attrs := map[string]string{"kind": kind, "target": w.workload(keys)}
	if s := yamlnode.Str(yamlnode.Get(v, minKey)); s != "" {
		attrs["min"] = s
	}
	if s := yamlnode.Str(yamlnode.Get(v, maxKey)); s != "" {
		attrs["max"] = s
	}
	w.out = append(w.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: ek.Line, Attrs: attrs})
}

// image reads an image block {registry, repository, tag, digest}; it
// reports false when the block has no repository.
func (w *walker) image(v *yaml.Node, keys []string) bool {
	rk, rv := yamlnode.Entry(v, "repository")
	repo := strings.TrimSpace(yamlnode.Str(rv))
	if rk == nil || repo == "" {
		return false
	}
	w.helmish = true
	if reg := strings.TrimSpace(yamlnode.Str(yamlnode.Get(v, "registry"))); reg != "" && !strings.HasPrefix(repo, reg+"/") {
		repo = strings.TrimSuffix(reg, "/") + "/" + repo
	}
	tag := strings.TrimSpace(yamlnode.Str(yamlnode.Get(v, "tag")))
	ref := repo
	if tag != "" {
		ref += ":" + tag
	}
	digest := strings.TrimSpace(yamlnode.Str(yamlnode.Get(v, "digest")))
	if digest != "" {
		ref += "@" + digest
	}
	for _, s := range imageref.Signals(ref, rv.Line, map[string]string{"workload": w.workload(keys)}) {
		if s.Kind == stack.KindFact && tag == "" && digest == "" {
			continue // an empty tag means the chart's appVersion
		}
		w.out = append(w.out, s)
	}
	return true
}
