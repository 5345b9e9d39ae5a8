// Package kubernetes detects Kubernetes manifests (any YAML file whose
// documents carry apiVersion and kind), kustomizations, Skaffold and Tilt.
package kubernetes

import (
	"bytes"
	"context"
	"errors"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/proccmd"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads Kubernetes manifests and kustomizations.
var Detector = detect.Detector{
	Name: "kubernetes",
	Doc: "Reads YAML files whose documents have top-level `apiVersion` and `kind` (multi-document; Helm `templates/`, Compose, Helm values, Chart.yaml, Skaffold and CI files are left out; a templated file that does not parse is skipped silently). " +
		"Emits tool `kubernetes` once per file and each object as a k8s resource named `Kind` for built-in API groups or `group/Kind` otherwise (`keda.sh/ScaledObject`, `networking.istio.io/VirtualService`). " +
		"OpenShift templates (kind Template) are read for their `objects`, as a List's items are, and give the resource template.openshift.io/Template. " +
		"Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, Argo Rollout, OpenShift DeploymentConfig) give a `service` fact, `replicas` (default 1 for Deployment, StatefulSet, ReplicaSet, Rollout), container images (the tag's leading version as version, the full tag in attr `tag`), " +
		"`resources` (requests/limits on every container), `healthcheck` facts per liveness/readiness/startup probe and `run-as-non-root`; " +
		"HorizontalPodAutoscaler and KEDA ScaledObject give `autoscaling` (kind hpa or keda, target, min, max). " +
		"Istio and Linkerd injection annotations and resources give tools `istio` and `linkerd`. `kustomization.yaml` gives tool `kustomize` and its `images:` entries.",
	Files:  []string{"*.yaml", "*.yml"},
	Match:  Match,
	Detect: detectKubernetes,
}

// Match reports whether a YAML file may hold Kubernetes manifests: any
// .yaml/.yml file except those other detectors own or that never hold
// manifests (Compose files, Helm charts' Chart.yaml, values and templates,
// Skaffold, CI configuration, lockfiles).
func Match(p string) bool {
	b := path.Base(p)
	if !strings.HasSuffix(b, ".yaml") && !strings.HasSuffix(b, ".yml") {
		return false
	}
	if strings.HasPrefix(b, "docker-compose") || strings.HasPrefix(b, "compose.") || strings.HasPrefix(b, "values") ||
		strings.HasPrefix(b, "Chart.") || strings.HasPrefix(b, "skaffold.") || strings.HasPrefix(b, "helmfile") ||
		strings.HasPrefix(b, ".") || strings.HasSuffix(b, "-lock.yaml") || strings.HasPrefix(b, "requirements.") ||
		strings.HasPrefix(b, "azure-pipelines") || strings.HasPrefix(b, "bitbucket-pipelines") || strings.HasPrefix(b, "cloudbuild") {
		return false
	}
	return !inDir(p, "templates") && !inDir(p, ".github") && !inDir(p, ".circleci") && !inDir(p, ".gitlab")
}

// inDir reports whether a folder named dir is on the path.
func inDir(p, dir string) bool {
	return strings.HasPrefix(p, dir+"/") || strings.Contains(p, "/"+dir+"/")
}

// workloadKinds are the kinds that run pods, with where their pod spec is.
var workloadKinds = map[string][]string{
	"Deployment":            {"spec", "template", "spec"},
	"StatefulSet":           {"spec", "template", "spec"},
	"DaemonSet":             {"spec", "template", "spec"},
	"ReplicaSet":            {"spec", "template", "spec"},
	"ReplicationController": {"spec", "template", "spec"},
	"Job":                   {"spec", "template", "spec"},
	"CronJob":               {"spec", "jobTemplate", "spec", "template", "spec"},
	"Pod":                   {"spec"},
	"argoproj.io/Rollout":   {"spec", "template", "spec"},
	// OpenShift's DeploymentConfig (apps.openshift.io, or the legacy v1).
	"apps.openshift.io/DeploymentConfig": {"spec", "template", "spec"},
	"DeploymentConfig":                   {"spec", "template", "spec"},
}

// replicated are the workload kinds whose replica count defaults to 1.
var replicated = map[string]bool{"Deployment": true, "StatefulSet": true, "ReplicaSet": true, "ReplicationController": true, "argoproj.io/Rollout": true,
	"apps.openshift.io/DeploymentConfig": true, "DeploymentConfig": true}

// builtinGroups are the API groups served by Kubernetes itself: their
// kinds are named without the group.
var builtinGroups = map[string]bool{
	"": true, "apps": true, "batch": true, "autoscaling": true, "policy": true, "extensions": true,
	"networking.k8s.io": true, "rbac.authorization.k8s.io": true, "storage.k8s.io": true,
	"apiextensions.k8s.io": true, "admissionregistration.k8s.io": true, "scheduling.k8s.io": true,
	"coordination.k8s.io": true, "node.k8s.io": true, "discovery.k8s.io": true, "certificates.k8s.io": true,
	"events.k8s.io": true, "flowcontrol.apiserver.k8s.io": true, "apiregistration.k8s.io": true,
	"resource.k8s.io": true, "authentication.k8s.io": true, "authorization.k8s.io": true,
}

// notKubernetes are apiVersion groups of files that borrow the manifest
// shape without being Kubernetes objects.
var notKubernetes = []string{"backstage.io", "skaffold", "kind.x-k8s.io", "ctlptl.dev", "k3d.io", "kustomize.config.k8s.io", "config.kubernetes.io"}

// ResourceName returns the k8s ecosystem name of a kind: "Kind" for
// built-in API groups, "group/Kind" for others.
func ResourceName(apiVersion, kind string) string {
	group, _, ok := strings.Cut(apiVersion, "/")
	if !ok {
		group = ""
	}
	if builtinGroups[group] {
		return kind
	}
	return group + "/" + kind
}

func isKustomization(p string) bool {
	switch path.Base(p) {
	case "kustomization.yaml", "kustomization.yml":
		return true
	}
	return false
}

func detectKubernetes(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if isKustomization(in.Path) {
		return kustomization(in.Data)
	}
	if !bytes.Contains(in.Data, []byte("apiVersion:")) || !bytes.Contains(in.Data, []byte("kind:")) {
		return nil, nil
	}
	docs, err := yamlnode.Documents(in.Data)
	if err != nil && bytes.Contains(in.Data, []byte("{{")) {
		return nil, nil // a template, not a manifest
	}
	a := &analyser{}
	for _, d := range docs {
		a.object(d, 0)
	}
	if len(a.out) == 0 && !a.seen && !(hasTopKey(in.Data, "apiVersion:") && hasTopKey(in.Data, "kind:")) {
		// Not a manifest file at all: its syntax is another detector's business.
		return nil, nil
	}
	return a.out, err
}

// hasTopKey reports whether a line of data starts with key.
func hasTopKey(data []byte, key string) bool {
	return bytes.HasPrefix(data, []byte(key)) || bytes.Contains(data, []byte("\n"+key))
}

type analyser struct {
	out   []stack.Signal
	tool  bool
	seen  bool // a document looked like an object
	tools map[string]bool
}

func (a *analyser) emitTool(name string, line int) {
	if a.tools == nil {
		a.tools = map[string]bool{}
	}
	if a.tools[name] {
		return
	}
	a.tools[name] = true
	a.out = append(a.out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: name, Line: line})
}

// object reads one Kubernetes object (and the items of a List).
func (a *analyser) object(doc *yaml.Node, depth int) {
	if !yamlnode.IsMap(doc) || depth > 4 {
		return
	}
	apiVersion := strings.TrimSpace(yamlnode.Str(yamlnode.Get(doc, "apiVersion")))
	kk, kv := yamlnode.Entry(doc, "kind")
	kind := strings.TrimSpace(yamlnode.Str(kv))
	if apiVersion == "" || kind == "" || strings.ContainsAny(kind, " {}$") {
		return
	}
	for _, g := range notKubernetes {
		if strings.HasPrefix(apiVersion, g) {
			return
		}
	}
	if apiVersion == "v1" && kind == "Config" {
		return // a kubeconfig
	}
	meta := yamlnode.Get(doc, "metadata")
	if n := yamlnode.Get(meta, "name"); n != nil && !yamlnode.IsScalar(n) {
		return // `name: {{ ... }}` parsed as a flow mapping: a template
	}
	a.seen = true
	line := kk.Line
	a.emitTool("kubernetes", line)
	if strings.HasSuffix(kind, "List") && yamlnode.IsSeq(yamlnode.Get(doc, "items")) {
		for _, it := range yamlnode.Items(yamlnode.Get(doc, "items")) {
			a.object(it, depth+1)
		}
		return
	}
	name := ResourceName(apiVersion, kind)
	if kind == "Template" && (name == "Template" || name == "template.openshift.io/Template") {
		// An OpenShift template: its objects are the manifests, with
		// ${PARAMETER} references where values are left to the template's
		// user (an image written so is skipped).
		a.out = append(a.out, stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoK8s, Name: "template.openshift.io/Template", Line: line})
		for _, it := range yamlnode.Items(yamlnode.Get(doc, "objects")) {
			a.object(it, depth+1)
		}
		return
	}
	objName := yamlnode.Str(yamlnode.Get(meta, "name"))
	res := stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoK8s, Name: name, Line: line}
	if objName != "" {
		res.Attrs = map[string]string{"name": objName}
	}
	a.out = append(a.out, res)

	group, _, _ := strings.Cut(apiVersion, "/")
	switch {
	case strings.HasSuffix(group, "istio.io"):
		a.emitTool("istio", line)
	case strings.HasSuffix(group, "linkerd.io"):
		a.emitTool("linkerd", line)
	}
	a.meshAnnotations(meta)

	switch name {
	case "HorizontalPodAutoscaler":
		a.hpa(doc, line)
		return
	case "keda.sh/ScaledObject":
		a.keda(doc, line)
		return
	case "Namespace":
		if l, v := yamlnode.Entry(yamlnode.Get(meta, "labels"), "istio-injection"); l != nil && yamlnode.Str(v) == "enabled" {
			a.emitTool("istio", l.Line)
		}
		return
	}
	if podPath, ok := workloadKinds[name]; ok {
		a.workload(doc, name, objName, line, podPath)
	}
}

// meshAnnotations looks for sidecar injection annotations.
func (a *analyser) meshAnnotations(meta *yaml.Node) {
	for _, p := range yamlnode.Pairs(yamlnode.Get(meta, "annotations")) {
		v := strings.ToLower(yamlnode.Str(p.Value))
		switch p.Key.Value {
		case "sidecar.istio.io/inject":
			if v == "true" {
				a.emitTool("istio", p.Key.Line)
			}
		case "linkerd.io/inject":
			if v == "enabled" || v == "ingress" {
				a.emitTool("linkerd", p.Key.Line)
			}
		}
	}
	for _, p := range yamlnode.Pairs(yamlnode.Get(meta, "labels")) {
		if p.Key.Value == "sidecar.istio.io/inject" && strings.EqualFold(yamlnode.Str(p.Value), "true") {
			a.emitTool("istio", p.Key.Line)
		}
	}
}

func (a *analyser) workload(doc *yaml.Node, kind, name string, line int, podPath []string) {
	if name == "" {
		name = kind
	}
	a.out = append(a.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: line, Attrs: map[string]string{"name": name, "kind": kind, "source": "kubernetes"}})
	if replicated[kind] {
		count, rline := "1", line
		if rk, rv := yamlnode.Entry(yamlnode.Get(doc, "spec"), "replicas"); rk != nil {
			count, rline = yamlnode.Str(rv), rk.Line
		}
		if count != "" {
			a.out = append(a.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: rline, Attrs: map[string]string{"workload": name, "count": count, "source": "kubernetes"}})
		}
	}
	// Pod templates carry the mesh annotations.
	tmplPath := podPath[:len(podPath)-1]
	a.meshAnnotations(yamlnode.Get(yamlnode.Path(doc, tmplPath...), "metadata"))

	pod := yamlnode.Path(doc, podPath...)
	if !yamlnode.IsMap(pod) {
		return
	}
	ck, containers := yamlnode.Entry(pod, "containers")
	_, inits := yamlnode.Entry(pod, "initContainers")
	nonRoot := func(sc *yaml.Node, container string) {
		if k, v := yamlnode.Entry(sc, "runAsNonRoot"); k != nil {
			attrs := map[string]string{"workload": name, "value": yamlnode.Str(v)}
			if container != "" {
				attrs["container"] = container
			}
			a.out = append(a.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactRunAsNonRoot, Line: k.Line, Attrs: attrs})
		}
	}
	nonRoot(yamlnode.Get(pod, "securityContext"), "")
	allReq, allLim, n := true, true, 0
	for _, c := range yamlnode.Items(containers) {
		cname := yamlnode.Str(yamlnode.Get(c, "name"))
		a.image(c, name, cname)
		n++
		res := yamlnode.Get(c, "resources")
		if !yamlnode.IsMap(yamlnode.Get(res, "requests")) {
			allReq = false
		}
		if !yamlnode.IsMap(yamlnode.Get(res, "limits")) {
			allLim = false
		}
		for _, probe := range []string{"liveness", "readiness", "startup"} {
			if pk, _ := yamlnode.Entry(c, probe+"Probe"); pk != nil {
				a.out = append(a.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactHealthcheck, Line: pk.Line, Attrs: map[string]string{"kind": probe, "workload": name, "container": cname}})
			}
		}
		nonRoot(yamlnode.Get(c, "securityContext"), cname)
		if p := process(c); p != nil {
			p.Attrs["workload"] = name
			p.Attrs["container"] = cname
			a.out = append(a.out, *p)
		}
	}
	for _, c := range yamlnode.Items(inits) {
		a.image(c, name, yamlnode.Str(yamlnode.Get(c, "name")))
	}
	if n > 0 {
		a.out = append(a.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactResources, Line: ck.Line, Attrs: map[string]string{
			"workload": name, "requests": strconv.FormatBool(allReq), "limits": strconv.FormatBool(allLim),
		}})
	}
}

func (a *analyser) image(c *yaml.Node, workload, container string) {
	ik, iv := yamlnode.Entry(c, "image")
	if ik == nil {
		return
	}
	attrs := map[string]string{"workload": workload}
	if container != "" {
		attrs["container"] = container
	}
	a.out = append(a.out, imageref.Signals(yamlnode.Str(iv), iv.Line, attrs)...)
}

// process is the FactProcess of a container's command and args.
func process(c *yaml.Node) *stack.Signal {
	cmdK, cmdV := yamlnode.Entry(c, "command")
	argK, argV := yamlnode.Entry(c, "args")
	if cmdK == nil {
		return nil // the image's own entrypoint: the Dockerfile tells
	}
	words := append(yamlnode.Strings(cmdV), yamlnode.Strings(argV)...)
	if len(words) == 0 {
		return nil
	}
	p := proccmd.RecognizeArgs(words)
	line := cmdK.Line
	if p.Server == "" && argK != nil {
		if pa := proccmd.RecognizeArgs(yamlnode.Strings(argV)); pa.Server != "" {
			p, line = pa, argK.Line
		}
	}
	return &stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: line, Attrs: p.Attrs(strings.Join(words, " "))}
}

func (a *analyser) hpa(doc *yaml.Node, line int) {
	spec := yamlnode.Get(doc, "spec")
	min := yamlnode.Str(yamlnode.Get(spec, "minReplicas"))
	if min == "" {
		min = "1"
	}
	a.out = append(a.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: map[string]string{
		"kind": "hpa", "target": yamlnode.Str(yamlnode.Path(spec, "scaleTargetRef", "name")),
		"min": min, "max": yamlnode.Str(yamlnode.Get(spec, "maxReplicas")),
	}})
}

func (a *analyser) keda(doc *yaml.Node, line int) {
	spec := yamlnode.Get(doc, "spec")
	min := yamlnode.Str(yamlnode.Get(spec, "minReplicaCount"))
	if min == "" {
		min = "0"
	}
	max := yamlnode.Str(yamlnode.Get(spec, "maxReplicaCount"))
	if max == "" {
		max = "100"
	}
	attrs := map[string]string{"kind": "keda", "target": yamlnode.Str(yamlnode.Path(spec, "scaleTargetRef", "name")), "min": min, "max": max}
	var triggers []string
	for _, t := range yamlnode.Items(yamlnode.Get(spec, "triggers")) {
		if ty := yamlnode.Str(yamlnode.Get(t, "type")); ty != "" {
			triggers = append(triggers, ty)
		}
	}
	if len(triggers) > 0 {
		attrs["triggers"] = strings.Join(triggers, ",")
	}
	a.out = append(a.out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: attrs})
}

// kustomization reads a kustomization file: tool kustomize and its images.
func kustomization(data []byte) ([]stack.Signal, error) {
	docs, err := yamlnode.Documents(data)
	if len(docs) == 0 {
		return nil, err
	}
	root := docs[0]
	if !yamlnode.IsMap(root) {
		return nil, errors.Join(err, detect.Errorf(root.Line, root.Column, "a kustomization must be a mapping, found %s", yamlnode.Describe(root)))
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "kustomize", Line: 1}}
	for _, img := range yamlnode.Items(yamlnode.Get(root, "images")) {
		nk, nv := yamlnode.Entry(img, "name")
		if nk == nil {
			continue
		}
		ref := yamlnode.Str(nv)
		if nn := yamlnode.Str(yamlnode.Get(img, "newName")); nn != "" {
			ref = nn
		}
		t := yamlnode.Str(yamlnode.Get(img, "newTag"))
		if t != "" {
			ref += ":" + t
		}
		d := yamlnode.Str(yamlnode.Get(img, "digest"))
		if d != "" {
			ref += "@" + d
		}
		for _, s := range imageref.Signals(ref, nv.Line, map[string]string{"source": "kustomize"}) {
			if s.Kind == stack.KindFact && t == "" && d == "" {
				continue // only renames the image; the manifests hold its tag
			}
			out = append(out, s)
		}
	}
	return out, err
}
