package terraform

import (
	"bytes"
	"context"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/detectors/serverless"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Pulumi reads Pulumi project files.
var Pulumi = detect.Detector{
	Name:     "pulumi",
	Doc:      "Reads Pulumi project files (Pulumi.yaml, Pulumi.yml): tool pulumi with the attributes name and runtime (the language of the infrastructure program, not of the application).",
	Files:    []string{"Pulumi.yaml", "Pulumi.yml"},
	Match:    func(p string) bool { b := path.Base(p); return b == "Pulumi.yaml" || b == "Pulumi.yml" },
	Manifest: func(string) bool { return true },
	Detect:   detectPulumi,
}

// CDK reads AWS CDK app configuration.
var CDK = detect.Detector{
	Name:     "aws-cdk",
	Doc:      "Reads AWS CDK app configuration (cdk.json): tool aws-cdk, with the attribute app (the command that synthesises the app) when present.",
	Files:    []string{"cdk.json"},
	Match:    func(p string) bool { return path.Base(p) == "cdk.json" },
	Manifest: func(string) bool { return true },
	Detect:   detectCDK,
}

// CloudFormation reads CloudFormation and AWS SAM templates.
var CloudFormation = detect.Detector{
	Name: "cloudformation",
	Doc: "Reads CloudFormation templates in YAML or JSON of any name (a top-level AWSTemplateFormatVersion, or Resources whose entries have an AWS:: Type; " +
		"short-form tags such as !Ref, !Sub and !GetAtt are accepted): tool cloudformation and each resource type as cloudformation `AWS::Service::Type`. " +
		"AWS SAM templates (Transform AWS::Serverless-2016-10-31) add tool aws-sam, function runtimes as runtime signals and an autoscaling fact of kind serverless. " +
		"Databases, caches and search domains with a literal Engine become managed-service facts and datastore signals; Auto Scaling groups, " +
		"scalable targets and ECS DesiredCount become autoscaling and replicas facts. Files over 2 MiB are skipped.",
	Files:  []string{"*.yaml", "*.yml", "*.json", "*.template"},
	Match:  matchCloudFormation,
	Detect: detectCloudFormation,
}

// maxTemplateSize is the largest template parsed.
const maxTemplateSize = 2 << 20

// notTemplates are JSON/YAML files that are never CloudFormation templates.
var notTemplates = map[string]bool{
	"package.json": true, "package-lock.json": true, "composer.json": true, "tsconfig.json": true,
	"pnpm-lock.yaml": true, "serverless.yml": true, "serverless.yaml": true, "cdk.json": true,
	"Pulumi.yaml": true, "Pulumi.yml": true, "docker-compose.yml": true, "docker-compose.yaml": true,
	"compose.yml": true, "compose.yaml": true, "Chart.yaml": true, "values.yaml": true,
}

func matchCloudFormation(p string) bool {
	b := path.Base(p)
	if notTemplates[b] {
		return false
	}
	return strings.HasSuffix(b, ".yaml") || strings.HasSuffix(b, ".yml") || strings.HasSuffix(b, ".json") || strings.HasSuffix(b, ".template")
}

func detectPulumi(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	s := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "pulumi", Line: 1}
	attrs := map[string]string{}
	if n := docnode.Scalar(docnode.Get(root, "name")); n != "" {
		attrs["name"] = n
	}
	rt := docnode.Get(root, "runtime")
	if v := docnode.Scalar(rt); v != "" {
		attrs["runtime"] = v
	} else if v := docnode.Scalar(docnode.Get(rt, "name")); v != "" {
		attrs["runtime"] = v
	}
	if len(attrs) > 0 {
		s.Attrs = attrs
	}
	return []stack.Signal{s}, err
}

func detectCDK(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.JSON(in.Data)
	s := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "aws-cdk", Line: 1}
	if k := docnode.Key(root, "app"); k != nil {
		s.Line = k.Line
		if v := docnode.Scalar(docnode.Get(root, "app")); v != "" {
			s.Attrs = map[string]string{"app": v}
		}
	}
	return []stack.Signal{s}, err
}

func detectCloudFormation(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if len(in.Data) > maxTemplateSize {
		return nil, nil
	}
	hasVersion := bytes.Contains(in.Data, []byte("AWSTemplateFormatVersion"))
	if !hasVersion && !bytes.Contains(in.Data, []byte("AWS::")) {
		return nil, nil
	}
	root, err := docnode.Parse(in.Path, in.Data)
	if err != nil {
		// Report a broken file only when it says it is a template.
		if hasVersion {
			return nil, err
		}
		return nil, nil
	}
	resources := docnode.Get(root, "Resources")
	if !hasTemplateShape(root, resources) {
		return nil, nil
	}
	w := &cfnWalker{}
	line := yamlnode.Line(docnode.Key(root, "AWSTemplateFormatVersion"))
	if line == 0 {
		line = yamlnode.Line(docnode.Key(root, "Resources"))
	}
	w.add(stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "cloudformation", Line: line})
	if tl := isSAM(docnode.Get(root, "Transform")); tl > 0 {
		w.sam = true
		w.add(stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "aws-sam", Line: tl})
	}
	w.globalRuntime = docnode.Get(docnode.Get(docnode.Get(root, "Globals"), "Function"), "Runtime")
	docnode.EachPair(resources, func(k, v *yaml.Node) { w.resource(k.Value, v, k.Line) })
	return w.out, nil
}

// hasTemplateShape reports whether a document is a CloudFormation template.
func hasTemplateShape(root, resources *yaml.Node) bool {
	if root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	if docnode.Get(root, "AWSTemplateFormatVersion") != nil {
		return true
	}
	found := false
	docnode.EachPair(resources, func(_, v *yaml.Node) {
		if t := docnode.Scalar(docnode.Get(v, "Type")); strings.HasPrefix(t, "AWS::") {
			found = true
		}
	})

	return found
}

// isSAM returns the line of a Transform naming the SAM transform, or 0.
func isSAM(t *yaml.Node) int {
	if strings.HasPrefix(docnode.Scalar(t), "AWS::Serverless") {
		return t.Line
	}
	for _, it := range docnode.Items(t) {
		if strings.HasPrefix(docnode.Scalar(it), "AWS::Serverless") {
			return it.Line
		}
	}
	return 0
}

type cfnWalker struct {
	out           []stack.Signal
	sam           bool
	serverless    bool
	globalRuntime *yaml.Node
}

func (w *cfnWalker) add(s stack.Signal) { w.out = append(w.out, s) }

func (w *cfnWalker) resource(name string, r *yaml.Node, keyLine int) {
	tn := docnode.Get(r, "Type")
	typ := docnode.Scalar(tn)
	if typ == "" || strings.ContainsAny(typ, " \t\n") {
		return
	}
	line := yamlnode.Line(tn)
	if line == 0 {
		line = keyLine
	}
	w.add(stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoCFN, Name: typ, Line: line, Attrs: map[string]string{"name": name}})
	props := docnode.Get(r, "Properties")
	prop := func(k string) string { return plain(docnode.Get(props, k)) }
	switch typ {
	case "AWS::Serverless::Function", "AWS::Lambda::Function":
		rt := docnode.Get(props, "Runtime")
		if rt == nil && typ == "AWS::Serverless::Function" {
			rt = w.globalRuntime
		}
		if n, v, ok := serverless.LambdaRuntime(plain(rt)); ok {
			w.add(stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: n, Version: v, Line: rt.Line})
		}
		if !w.serverless {
			w.serverless = true
			w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: map[string]string{"kind": "serverless", "target": name}})
		}
	case "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup",
		"AWS::ElastiCache::ServerlessCache", "AWS::DocDB::DBCluster", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable",
		"AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain", "AWS::MSK::Cluster", "AWS::AmazonMQ::Broker":
		w.managed(typ, name, line, props)
	case "AWS::AutoScaling::AutoScalingGroup":
		w.scaling("asg", name, line, prop("MinSize"), prop("MaxSize"))
	case "AWS::ApplicationAutoScaling::ScalableTarget":
		w.scaling("app-autoscaling", name, line, prop("MinCapacity"), prop("MaxCapacity"))
	case "AWS::ECS::Service":
		if n := docnode.Get(props, "DesiredCount"); n != nil {
			attrs := map[string]string{"workload": name, "source": "ecs"}
			if v := plain(n); isDigits(v) {
				attrs["count"] = v
			}
			w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: line, Attrs: attrs})
		}
	}
}

func (w *cfnWalker) scaling(kind, name string, line int, min, max string) {
	attrs := map[string]string{"kind": kind, "target": name}
	if isDigits(min) {
		attrs["min"] = min
	}
	if isDigits(max) {
		attrs["max"] = max
	}
	w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: attrs})
}

func (w *cfnWalker) managed(typ, name string, line int, props *yaml.Node) {
	engineNode := docnode.Get(props, "Engine")
	if engineNode == nil {
		engineNode = docnode.Get(props, "EngineType")
	}
	if engineNode == nil {
		engineNode = docnode.Get(props, "EngineVersion")
	}
	var engine, version string
	switch typ {
	case "AWS::DocDB::DBCluster":
		engine = "mongodb"
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
		engine = "dynamodb"
	case "AWS::MSK::Cluster":
		engine = "kafka"
	case "AWS::Elasticsearch::Domain":
		engine = "elasticsearch"
	case "AWS::OpenSearchService::Domain":
		engine = "opensearch"
	case "AWS::ElastiCache::ReplicationGroup":
		engine = "redis"
	}
	if id, v := EngineID(plain(engineNode)); id != "" {
		engine, version = id, v
	}
	if v := plain(docnode.Get(props, "EngineVersion")); v != "" && version == "" {
		if id, _ := EngineID(v); id == "" {
			version = v
		}
	}
	attrs := map[string]string{"resource": typ, "name": name, "provider": "aws"}
	if engine != "" {
		attrs["engine"] = engine
	}
	if version != "" {
		attrs["version"] = version
	}
	w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactManagedService, Line: line, Attrs: attrs})
	if isDatastoreEngine(engine) {
		l := line
		if plain(engineNode) != "" {
			l = engineNode.Line
		}
		w.add(stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: engine, Version: version, Line: l, Attrs: map[string]string{"resource": name}})
	}
}

// plain returns the value of a scalar without a custom tag (a literal, not
// !Ref or !Sub), "" otherwise.
func plain(n *yaml.Node) string {
	n = docnode.Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return ""
	}
	return n.Value
}
