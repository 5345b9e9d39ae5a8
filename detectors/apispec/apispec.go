// Package apispec detects API contracts: OpenAPI and Swagger documents of
// any name, AsyncAPI documents, Protocol Buffers (gRPC services) and
// GraphQL schemas.
package apispec

import (
	"bytes"
	"context"
	"errors"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// maxSpecSize is the largest document parsed; bigger ones are skipped.
const maxSpecSize = 2 << 20

// OpenAPI reads OpenAPI, Swagger and AsyncAPI documents.
var OpenAPI = detect.Detector{
	Name: "openapi",
	Doc: "Reads OpenAPI, Swagger and AsyncAPI documents in YAML or JSON, whatever their name (files that mention none of the three keys are " +
		"not parsed; package.json, tsconfig, composer.json, lockfiles and files over 2 MiB are skipped): a top-level `openapi: 3.x` or " +
		"`swagger: \"2.0\"` gives tool openapi, `asyncapi:` tool asyncapi, each with an api-contract fact (kind openapi, swagger or asyncapi; " +
		"version; title from info.title; paths = number of paths or channels).",
	Files:  []string{"*.yaml", "*.yml", "*.json"},
	Match:  matchSpec,
	Detect: detectOpenAPI,
}

// notSpecs are JSON/YAML files that are never API documents.
var notSpecs = map[string]bool{
	"package.json": true, "package-lock.json": true, "composer.json": true, "composer.lock": true,
	"pnpm-lock.yaml": true, "yarn.lock": true, "deno.lock": true, "bun.lock": true, "jsconfig.json": true,
	"angular.json": true, "nx.json": true, "lerna.json": true, ".eslintrc.json": true, "turbo.json": true,
	"project.json": true, "Pipfile.lock": true, "packages.lock.json": true, "cdk.json": true,
}

func matchSpec(p string) bool {
	b := path.Base(p)
	if notSpecs[b] || strings.HasPrefix(b, "tsconfig") {
		return false
	}
	return strings.HasSuffix(b, ".yaml") || strings.HasSuffix(b, ".yml") || strings.HasSuffix(b, ".json")
}

func detectOpenAPI(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if len(in.Data) > maxSpecSize || !hasSpecKey(in.Data) {
		return nil, nil
	}
	if !strings.HasSuffix(strings.ToLower(in.Path), ".json") {
		// The nesting limit docnode.ParseYAML applies, then the top-level
		// keys line by line, then the rest of the document checked line by
		// line; a document read that way cannot say more. One the checker
		// does not pass is parsed whole: yaml.v3 says where it is broken
		// and what it expected, or reads what the checker does not know.
		if err := nesting.Check(in.Data, nesting.YAML); err != nil {
			return nil, err
		}
		if h, ok := readHead(in.Data); ok {
			stop := wellFormed(in.Data)
			if stop == 0 {
				return h.signals(), nil
			}
			sigs, err := parseSpec(in.Path, in.Data)
			return sigs, pinpoint(err, stop)
		}
	}
	return parseSpec(in.Path, in.Data)
}

// pinpoint moves a YAML error yaml.v3 reports at the start of the
// collection it was reading ("did not find expected key" names the line
// of the mapping, not of the line that broke it) to the line the line
// checker stopped at, when that is later: every line before it is well
// formed.
func pinpoint(err error, stop int) error {
	var pe *detect.ParseError
	if !errors.As(err, &pe) || pe.Line == 0 || pe.Line >= stop {
		return err
	}
	return detect.Errorf(stop, 0, "%s (yaml.v3 names line %d, where the enclosing collection starts)", pe.Msg, pe.Line)
}

// parseSpec reads a document whole, as a node tree.
func parseSpec(name string, data []byte) ([]stack.Signal, error) {
	root, err := docnode.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, nil
	}
	var kind, tool string
	var key *yaml.Node
	for _, c := range specKinds {
		if k := docnode.Key(root, c.key); k != nil && docnode.Scalar(docnode.Get(root, c.key)) != "" {
			kind, tool, key = c.kind, c.tool, k
			break
		}
	}
	if key == nil {
		return nil, nil
	}
	attrs := map[string]string{"kind": kind, "version": docnode.Scalar(docnode.Get(root, key.Value))}
	if t := docnode.Scalar(docnode.Get(docnode.Get(root, "info"), "title")); t != "" {
		attrs["title"] = t
	}
	paths := docnode.Get(root, "paths")
	if kind == "asyncapi" {
		paths = docnode.Get(root, "channels")
	}
	if paths != nil && paths.Kind == yaml.MappingNode {
		attrs["paths"] = strconv.Itoa(len(paths.Content) / 2)
	}
	return []stack.Signal{
		{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: tool, Line: key.Line},
		{Kind: stack.KindFact, Name: stack.FactAPIContract, Line: key.Line, Attrs: attrs},
	}, nil
}

// specKinds are the keys that make a document an API contract, in the
// order they are tried: kind and tool of each.
var specKinds = []struct{ key, kind, tool string }{
	{"openapi", "openapi", "openapi"}, {"swagger", "swagger", "openapi"}, {"asyncapi", "asyncapi", "asyncapi"},
}

// signals turns what readHead read into detectOpenAPI's answer, as the
// node tree would have given it.
func (h specHead) signals() []stack.Signal {
	for _, c := range specKinds {
		k, ok := h.top[c.key]
		if !ok || k.value == "" {
			continue
		}
		attrs := map[string]string{"kind": c.kind, "version": k.value}
		if h.title != "" {
			attrs["title"] = h.title
		}
		n := h.paths
		if c.kind == "asyncapi" {
			n = h.channels
		}
		if n >= 0 {
			attrs["paths"] = strconv.Itoa(n)
		}
		return []stack.Signal{
			{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: c.tool, Line: k.line},
			{Kind: stack.KindFact, Name: stack.FactAPIContract, Line: k.line, Attrs: attrs},
		}
	}
	return nil
}

// Proto reads Protocol Buffers files.
var Proto = detect.Detector{
	Name: "protobuf",
	Doc: "Reads Protocol Buffers files (*.proto, comments stripped): tool grpc at the first `service` declaration, else tool protobuf; " +
		"and an api-contract fact (kind proto, version = syntax or edition, title = package, services = the service names).",
	Files:  []string{"*.proto"},
	Match:  func(p string) bool { return strings.HasSuffix(p, ".proto") },
	Detect: detectProto,
}

var (
	protoService = lazyregexp.New(`(?m)^\s*service\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{`)
	protoSyntax  = lazyregexp.New(`(?m)^\s*(syntax|edition)\s*=\s*["']([^"']+)["']`)
	protoPackage = lazyregexp.New(`(?m)^\s*package\s+([A-Za-z0-9_.]+)\s*;`)
)

func detectProto(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	src, err := stripComments(in.Data)
	attrs := map[string]string{"kind": "proto"}
	line := 1
	if m := protoSyntax.FindSubmatchIndex(src); m != nil {
		attrs["version"] = string(src[m[4]:m[5]])
		line = lineOf(src, m[2])
	}
	if m := protoPackage.FindSubmatch(src); m != nil {
		attrs["title"] = string(m[1])
	}
	tool := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "protobuf", Line: line}
	var names []string
	for _, m := range protoService.FindAllSubmatchIndex(src, -1) {
		if len(names) == 0 {
			tool.Name, tool.Line = "grpc", lineOf(src, m[2])
		}
		names = append(names, string(src[m[2]:m[3]]))
	}
	if len(names) > 0 {
		attrs["services"] = strings.Join(names, ",")
	}
	return []stack.Signal{tool, {Kind: stack.KindFact, Name: stack.FactAPIContract, Line: tool.Line, Attrs: attrs}}, err
}

// stripComments blanks // and /* */ comments outside strings, keeping
// newlines so offsets and lines stay true.
func stripComments(data []byte) ([]byte, error) {
	out := make([]byte, len(data))
	copy(out, data)
	inStr := byte(0)
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inStr != 0:
			if c == '\\' {
				i++
			} else if c == inStr || c == '\n' {
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for i < len(out) && out[i] != '\n' {
				out[i] = ' '
				i++
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			start := i
			end := bytes.Index(out[i+2:], []byte("*/"))
			stop := len(out)
			if end >= 0 {
				stop = i + 2 + end + 2
			}
			for j := i; j < stop; j++ {
				if out[j] != '\n' {
					out[j] = ' '
				}
			}
			if end < 0 {
				return out, detect.Errorf(lineOf(data, start), 0, "unterminated /* comment: expected a closing */")
			}
			i = stop - 1
		}
	}
	return out, nil
}

func lineOf(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// GraphQL reads GraphQL schema and operation files.
var GraphQL = detect.Detector{
	Name: "graphql",
	Doc: "Reads GraphQL files (*.graphql, *.gql, *.graphqls): tool graphql and an api-contract fact (kind graphql, role schema when the file " +
		"defines types or a schema, else operations; types = number of type definitions).",
	Files: []string{"*.graphql", "*.gql", "*.graphqls"},
	Match: func(p string) bool {
		return strings.HasSuffix(p, ".graphql") || strings.HasSuffix(p, ".gql") || strings.HasSuffix(p, ".graphqls")
	},
	Detect: detectGraphQL,
}

var (
	gqlType = lazyregexp.New(`(?m)^\s*(?:extend\s+)?(?:type|interface|input|enum|union|scalar|schema)\b`)
	gqlOp   = lazyregexp.New(`(?m)^\s*(?:query|mutation|subscription|fragment)\b`)
)

func detectGraphQL(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	src := stripHashComments(in.Data)
	types := gqlType.FindAllIndex(src, -1)
	attrs := map[string]string{"kind": "graphql"}
	line := 1
	switch {
	case len(types) > 0:
		attrs["role"] = "schema"
		attrs["types"] = strconv.Itoa(len(types))
		line = lineOf(src, types[0][0]+len(src[types[0][0]:])-len(bytes.TrimLeft(src[types[0][0]:], " \t\r\n")))
	default:
		m := gqlOp.FindIndex(src)
		if m == nil {
			return nil, nil
		}
		attrs["role"] = "operations"
		line = lineOf(src, m[0]+len(src[m[0]:])-len(bytes.TrimLeft(src[m[0]:], " \t\r\n")))
	}
	return []stack.Signal{
		{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "graphql", Line: line},
		{Kind: stack.KindFact, Name: stack.FactAPIContract, Line: line, Attrs: attrs},
	}, nil
}

// stripHashComments blanks # comments and block strings ("""...""", the
// descriptions), keeping newlines.
func stripHashComments(data []byte) []byte {
	out := make([]byte, len(data))
	copy(out, data)
	for i := 0; i < len(out); i++ {
		switch {
		case bytes.HasPrefix(out[i:], []byte(`"""`)):
			end := bytes.Index(out[i+3:], []byte(`"""`))
			stop := len(out)
			if end >= 0 {
				stop = i + 3 + end + 3
			}
			for j := i; j < stop; j++ {
				if out[j] != '\n' {
					out[j] = ' '
				}
			}
			i = stop - 1
		case out[i] == '"':
			for i++; i < len(out) && out[i] != '"' && out[i] != '\n'; i++ {
				if out[i] == '\\' {
					i++
				}
			}
		case out[i] == '#':
			for i < len(out) && out[i] != '\n' {
				out[i] = ' '
				i++
			}
		}
	}
	return out
}
