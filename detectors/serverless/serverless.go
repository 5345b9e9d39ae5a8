// Package serverless detects Serverless Framework services
// (serverless.yml): the cloud provider, function runtimes, functions and
// the events that trigger them.
package serverless

import (
	"context"
	"path"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads Serverless Framework service files.
var Detector = detect.Detector{
	Name: "serverless-framework",
	Doc: "Reads Serverless Framework service files (serverless.yml, serverless.yaml, serverless.json): tool serverless-framework " +
		"(attributes service and provider), tool aws-lambda for the aws provider, `provider.runtime` and per-function runtimes as runtime signals " +
		"(nodejs20.x gives nodejs 20, python3.12 python 3.12, java21 java 21, dotnet8 dotnet 8.0; provided runtimes give none), each function as a " +
		"service fact (source serverless, attribute events listing its trigger types), tools sqs, sns, kinesis, kafka and rabbitmq for functions " +
		"triggered by those, the CloudFormation resource types of its `resources` section, and one autoscaling fact of kind serverless (attr `functions`: how many functions the file defines).",
	Files: []string{"serverless.yml", "serverless.yaml", "serverless.json"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == "serverless.yml" || b == "serverless.yaml" || b == "serverless.json"
	},
	Manifest: func(string) bool { return true },
	Detect:   detectServerless,
}

// eventTools maps event types to the tool ids they reveal.
var eventTools = map[string]string{
	"sqs": "sqs", "sns": "sns", "kinesis": "kinesis", "kafka": "kafka", "msk": "kafka", "rabbitmq": "rabbitmq",
}

func detectServerless(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.Parse(in.Path, in.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, err
	}
	var out []stack.Signal
	tool := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "serverless-framework", Line: root.Line, Attrs: map[string]string{}}
	svc := docnode.Get(root, "service")
	if k := docnode.Key(root, "service"); k != nil {
		tool.Line = k.Line
	}
	if v := docnode.Scalar(svc); v != "" {
		tool.Attrs["service"] = v
	} else if v := docnode.Scalar(docnode.Get(svc, "name")); v != "" {
		tool.Attrs["service"] = v
	}
	prov := docnode.Get(root, "provider")
	provName := docnode.Scalar(docnode.Get(prov, "name"))
	if provName == "" {
		provName = docnode.Scalar(prov)
	}
	if provName != "" {
		tool.Attrs["provider"] = provName
	}
	if len(tool.Attrs) == 0 {
		tool.Attrs = nil
	}
	out = append(out, tool)
	if provName == "aws" {
		line := yamlnode.Line(docnode.Key(prov, "name"))
		if line == 0 {
			line = yamlnode.Line(docnode.Key(root, "provider"))
		}
		out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "aws-lambda", Line: line})
	}
	runtime := func(n *yaml.Node) {
		if name, v, ok := LambdaRuntime(docnode.Scalar(n)); ok {
			out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: v, Line: n.Line})
		}
	}
	runtime(docnode.Get(prov, "runtime"))

	fnKey := docnode.Key(root, "functions")
	seenTools := map[string]bool{}
	count := 0
	forFunctions(docnode.Get(root, "functions"), func(k, fn *yaml.Node) {
		count++
		runtime(docnode.Get(fn, "runtime"))
		var events []string
		seen := map[string]bool{}
		for _, ev := range docnode.Items(docnode.Get(fn, "events")) {
			typ, line := eventType(ev)
			if typ == "" {
				continue
			}
			if !seen[typ] {
				seen[typ] = true
				events = append(events, typ)
			}
			if t := eventTools[typ]; t != "" && !seenTools[t] {
				seenTools[t] = true
				out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: t, Line: line})
			}
		}
		attrs := map[string]string{"name": k.Value, "source": "serverless"}
		if len(events) > 0 {
			sort.Strings(events)
			attrs["events"] = strings.Join(events, ",")
		}
		if h := docnode.Scalar(docnode.Get(fn, "handler")); h != "" {
			attrs["handler"] = h
		}
		if img := docnode.Get(fn, "image"); docnode.Scalar(img) != "" {
			attrs["image"] = docnode.Scalar(img)
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: k.Line, Attrs: attrs})
	})
	if count > 0 {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: fnKey.Line, Attrs: map[string]string{"kind": "serverless", "functions": strconv.Itoa(count)}})
	}
	docnode.EachPair(docnode.Get(docnode.Get(root, "resources"), "Resources"), func(k, v *yaml.Node) {
		tn := docnode.Get(v, "Type")
		if t := docnode.Scalar(tn); strings.HasPrefix(t, "AWS::") {
			out = append(out, stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoCFN, Name: t, Line: tn.Line, Attrs: map[string]string{"name": k.Value}})
		}
	})

	return out, err
}

// forFunctions calls f for each function of a `functions` section, which
// is a mapping or (when split over files) a list of mappings.
func forFunctions(fns *yaml.Node, f func(k, fn *yaml.Node)) {
	docnode.EachPair(fns, func(k, v *yaml.Node) {
		if k.Kind == yaml.ScalarNode {
			f(k, v)
		}
	})

	for _, it := range docnode.Items(fns) {
		forFunctions(it, f)
	}
}

// eventType returns an event's type ("http", "sqs") and line. Events are
// single-key mappings (`- sqs: arn`) or, rarely, bare strings. A `stream`
// event is typed by its type attribute or ARN (kinesis or dynamodb).
func eventType(ev *yaml.Node) (string, int) {
	ev = docnode.Resolve(ev)
	if ev == nil {
		return "", 0
	}
	if ev.Kind == yaml.ScalarNode {
		return ev.Value, ev.Line
	}
	if ev.Kind != yaml.MappingNode || len(ev.Content) < 2 {
		return "", 0
	}
	k, v := ev.Content[0], docnode.Resolve(ev.Content[1])
	typ := k.Value
	if typ == "stream" {
		arn := docnode.Scalar(v)
		if arn == "" {
			arn = docnode.Scalar(docnode.Get(v, "arn"))
		}
		switch {
		case docnode.Scalar(docnode.Get(v, "type")) == "kinesis" || strings.Contains(arn, ":kinesis:"):
			typ = "kinesis"
		case docnode.Scalar(docnode.Get(v, "type")) == "dynamodb" || strings.Contains(arn, ":dynamodb:"):
			typ = "dynamodb-stream"
		}
	}
	return typ, k.Line
}
