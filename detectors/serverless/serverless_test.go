package serverless

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/app.txtar"), Detector)
	detecttest.Golden(t, "testdata/app.golden.json", res)
	if res.Manifests["serverless.yml"] != "serverless-framework" {
		t.Errorf("manifests: %v", res.Manifests)
	}
}

func TestLambdaRuntime(t *testing.T) {
	cases := []struct {
		in, name, version string
		ok                bool
	}{
		{"nodejs20.x", "nodejs", "20", true}, {"python3.12", "python", "3.12", true}, {"java21", "java", "21", true},
		{"java8.al2", "java", "8", true}, {"dotnet8", "dotnet", "8.0", true}, {"dotnetcore3.1", "dotnet", "3.1", true},
		{"ruby3.3", "ruby", "3.3", true}, {"go1.x", "go", "", true}, {"provided.al2", "", "", false}, {"provided", "", "", false},
		{"${self:custom.runtime}", "", "", false}, {"", "", "", false}, {"nodejsX", "", "", false}, {"Python3.11", "python", "3.11", true},
	}
	for _, c := range cases {
		n, v, ok := LambdaRuntime(c.in)
		if n != c.name || v != c.version || ok != c.ok {
			t.Errorf("LambdaRuntime(%q) = %q %q %v, want %q %q %v", c.in, n, v, ok, c.name, c.version, c.ok)
		}
	}
}

func count(sigs []stack.Signal, kind, name string) int {
	n := 0
	for _, s := range sigs {
		if s.Kind == kind && s.Name == name {
			n++
		}
	}
	return n
}

func TestOddInput(t *testing.T) {
	cases := []struct {
		name, path, src string
		wantErr         bool
		tools           int
		services        int
	}{
		{"empty", "serverless.yml", "", false, 0, 0},
		{"no functions", "serverless.yml", "service: x\nprovider: aws\n", false, 2, 0},
		{"google provider", "serverless.yml", "service: x\nprovider:\n  name: google\n  runtime: nodejs18\nfunctions:\n  f:\n    handler: h\n", false, 1, 1},
		{"list of functions", "serverless.yml", "service: x\nfunctions:\n  - a:\n      handler: h\n  - b:\n      handler: h\n", false, 1, 2},
		{"malformed", "serverless.yml", "service: x\nfunctions:\n  a: [\n", true, 0, 0},
		{"json", "serverless.json", `{"service": "x", "provider": {"name": "aws"}, "functions": {"f": {"events": [{"sns": "t"}]}}}`, false, 3, 1},
		{"scalar events", "serverless.yml", "service: x\nfunctions:\n  f:\n    events: [http, 3, {}, {kafka: {}}]\n", false, 2, 1},
		{"variables", "serverless.yml", "service: ${env:X}\nprovider:\n  name: aws\n  runtime: ${self:custom.rt}\n", false, 2, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Detector, c.path, []byte(c.src))
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v", err)
			}
			var pe *detect.ParseError
			if err != nil && (!errors.As(err, &pe) || pe.Line != 3) {
				t.Errorf("want a ParseError at line 3, got %v", err)
			}
			tools := 0
			for _, s := range sigs {
				if s.Kind == stack.KindTool {
					tools++
				}
			}
			if tools != c.tools || count(sigs, stack.KindFact, stack.FactService) != c.services {
				t.Errorf("tools %d services %d: %+v", tools, count(sigs, stack.KindFact, stack.FactService), sigs)
			}
			if c.services > 0 && count(sigs, stack.KindFact, stack.FactAutoscaling) != 1 {
				t.Errorf("want one serverless autoscaling fact: %+v", sigs)
			}
			for _, s := range sigs {
				if s.Name == stack.FactAutoscaling && (s.Attr("kind") != "serverless" || s.Attr("functions") != strconv.Itoa(c.services) || s.Attr("count") != "") {
					t.Errorf("autoscaling fact = %+v, want kind serverless, functions %d", s, c.services)
				}
			}
		})
	}
}

func FuzzServerless(f *testing.F) {
	seeds := []string{
		"", "service: x\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    events:\n      - sqs: arn\n",
		"functions:\n  - a: {events: [{stream: {type: kinesis}}]}\n", "functions: &a\n  x: *a\n", "a: [", "- 1\n- 2\n",
		"resources:\n  Resources:\n    Q: {Type: AWS::SQS::Queue}\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []string{"serverless.yml", "serverless.json"} {
			_, err := detecttest.Detect(Detector, p, data)
			var pe *detect.ParseError
			if err != nil && (!errors.As(err, &pe) || pe.Msg == "") {
				t.Fatalf("error %v is not a ParseError", err)
			}
		}
	})
}
