package apispec

import (
	"errors"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

var all = []detect.Detector{OpenAPI, Proto, GraphQL}

func TestGolden(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/contracts.txtar"), all...)
	detecttest.Golden(t, "testdata/contracts.golden.json", res)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	for _, s := range res.Signals {
		switch s.File {
		case "k8s/crd.yaml", "docs/notes.json", "package.json":
			t.Errorf("false contract: %+v", s)
		}
	}
}

func TestOpenAPI(t *testing.T) {
	cases := []struct {
		name, path, src      string
		wantErr              bool
		tool, kind, ver, ttl string
		line                 int
	}{
		{"yaml 3.1", "a.yaml", "openapi: 3.1.0\ninfo: {title: T}\n", false, "openapi", "openapi", "3.1.0", "T", 1},
		{"swagger quoted", "s.yml", "info:\n  title: S\nswagger: '2.0'\n", false, "openapi", "swagger", "2.0", "S", 3},
		{"minified json", "m.json", `{"openapi":"3.0.0","info":{"title":"M"},"paths":{}}`, false, "openapi", "openapi", "3.0.0", "M", 1},
		{"nested key only", "n.yaml", "x:\n  openapi: 3.0.0\n", false, "", "", "", "", 0},
		{"broken spec", "b.yaml", "openapi: 3.0.0\npaths: [\n", true, "", "", "", "", 0},
		{"broken json spec", "b.json", "{\"openapi\": \"3.0.0\",\n", true, "", "", "", "", 0},
		{"word only", "w.yaml", "description: openapi is nice\n", false, "", "", "", "", 0},
		{"asyncapi", "e.yaml", "asyncapi: '2.6.0'\n", false, "asyncapi", "asyncapi", "2.6.0", "", 1},
		{"empty", "e.json", "", false, "", "", "", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(OpenAPI, c.path, []byte(c.src))
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v", err)
			}
			detecttest.ParseErrors(t, err)
			if c.tool == "" {
				if len(sigs) != 0 {
					t.Errorf("want nothing, got %+v", sigs)
				}
				return
			}
			if len(sigs) != 2 || sigs[0].Name != c.tool || sigs[0].Line != c.line {
				t.Fatalf("%+v", sigs)
			}
			f := sigs[1]
			if f.Name != stack.FactAPIContract || f.Attr("kind") != c.kind || f.Attr("version") != c.ver || f.Attr("title") != c.ttl {
				t.Errorf("fact %+v", f)
			}
		})
	}
	if matchSpec("package.json") || matchSpec("tsconfig.base.json") || !matchSpec("api/openapi.yaml") || matchSpec("x.go") {
		t.Error("matchSpec")
	}
	big := make([]byte, maxSpecSize+1)
	copy(big, "openapi: 3.0.0\n")
	if sigs, err := detecttest.Detect(OpenAPI, "big.yaml", big); sigs != nil || err != nil {
		t.Error("files over 2 MiB must be skipped")
	}
}

func TestProto(t *testing.T) {
	sigs, err := detecttest.Detect(Proto, "a.proto", []byte("edition = \"2023\";\nservice A {}\nservice B{\n}\n"))
	if err != nil || sigs[0].Name != "grpc" || sigs[0].Line != 2 || sigs[1].Attr("services") != "A,B" || sigs[1].Attr("version") != "2023" {
		t.Errorf("%+v %v", sigs, err)
	}
	sigs, err = detecttest.Detect(Proto, "a.proto", []byte("syntax = \"proto2\";\nmessage M {} /* open\n"))
	var pe *detect.ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || sigs[0].Name != "protobuf" {
		t.Errorf("unterminated comment: %+v %v", sigs, err)
	}
	sigs, _ = detecttest.Detect(Proto, "a.proto", []byte("message M { string s = 1 [default = \"service X {\"]; }\n"))
	if sigs[0].Name != "protobuf" {
		t.Errorf("service inside a string: %+v", sigs)
	}
	sigs, _ = detecttest.Detect(Proto, "a.proto", nil)
	if len(sigs) != 2 || sigs[0].Name != "protobuf" {
		t.Errorf("empty proto: %+v", sigs)
	}
}

func TestGraphQL(t *testing.T) {
	sigs, _ := detecttest.Detect(GraphQL, "s.graphql", []byte("# c\n\nextend type Query { a: Int }\n"))
	if len(sigs) != 2 || sigs[1].Attr("role") != "schema" || sigs[0].Line != 3 {
		t.Errorf("%+v", sigs)
	}
	sigs, _ = detecttest.Detect(GraphQL, "s.gql", []byte("# type Query\n"))
	if len(sigs) != 0 {
		t.Errorf("comment only: %+v", sigs)
	}
}

func FuzzOpenAPI(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.JSON) { // at and past the depth limit
		f.Add(s)
	}
	for _, s := range []string{
		"openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n", `{"swagger": "2.0", "paths": {"/a": {}}}`, "asyncapi: 3.0.0\nchannels: {}\n",
		`{"openapi": "3`, "openapi: 3\n- x", `{"openapi":3,"a":[[[[[[[[[[]]]]]]]]]]}`, "[\"openapi\": 3]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []string{"a.yaml", "a.json"} {
			_, err := detecttest.Detect(OpenAPI, p, data)
			detecttest.ParseErrors(t, err)
		}
		_, err := detecttest.Detect(Proto, "a.proto", data)
		detecttest.ParseErrors(t, err)
		_, err = detecttest.Detect(GraphQL, "a.graphql", data)
		detecttest.ParseErrors(t, err)
	})
}
