package terraform

import (
	"errors"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGoldenAWSStack(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/aws-stack.txtar")
	res := detecttest.Scan(t, fsys, Detector, Pulumi, CDK, CloudFormation)
	detecttest.Golden(t, "testdata/aws-stack.golden.json", res)
	if len(res.Diagnostics) != 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	for _, m := range []string{"infra/main.tf", "infra/versions.tf", "infra/lambda.tf"} {
		if res.Manifests[m] != "terraform" {
			t.Errorf("%s not a manifest: %v", m, res.Manifests)
		}
	}
}

func TestGoldenIaC(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/iac.txtar")
	res := detecttest.Scan(t, fsys, Detector, Pulumi, CDK, CloudFormation)
	detecttest.Golden(t, "testdata/iac.golden.json", res)
}

// find returns the signals with the given kind and name.
func find(sigs []stack.Signal, kind, name string) []stack.Signal {
	var out []stack.Signal
	for _, s := range sigs {
		if s.Kind == kind && s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

func TestTerraform(t *testing.T) {
	main := `resource "aws_db_instance" "db" {
  engine         = "postgres"
  engine_version = "16.2"
}
resource "aws_rds_cluster" "aurora" {
  engine = "aurora-mysql"
}
resource "google_sql_database_instance" "pg" {
  database_version = "POSTGRES_15"
}
resource "aws_elasticache_cluster" "mc" {
  engine = var.engine
}
resource "aws_docdb_cluster" "docs" {}
resource "aws_autoscaling_group" "web" {
  min_size         = 1
  max_size         = 5
  desired_capacity = 2
}
resource "google_cloud_run_v2_service" "api" {
  template {
    scaling {
      min_instance_count = 0
      max_instance_count = 20
    }
  }
}
resource "aws_ecs_service" "w" {
  desired_count = var.count
}
`
	sigs, err := detecttest.Detect(Detector, "main.tf", []byte(main))
	if err != nil {
		t.Fatal(err)
	}
	ds := find(sigs, stack.KindDatastore, "postgresql")
	if len(ds) != 2 || ds[0].Version != "16.2" || ds[0].Line != 2 || ds[1].Version != "15" {
		t.Errorf("postgresql datastores: %+v", ds)
	}
	if my := find(sigs, stack.KindDatastore, "mysql"); len(my) != 1 {
		t.Errorf("aurora-mysql: %+v", my)
	}
	if mg := find(sigs, stack.KindDatastore, "mongodb"); len(mg) != 1 {
		t.Errorf("docdb: %+v", mg)
	}
	for _, s := range find(sigs, stack.KindFact, stack.FactManagedService) {
		if s.Attr("resource") == "aws_elasticache_cluster" && s.Attr("engine") != "" {
			t.Errorf("variable engine must be omitted: %+v", s)
		}
	}
	as := find(sigs, stack.KindFact, stack.FactAutoscaling)
	if len(as) != 2 || as[0].Attr("kind") != "asg" || as[0].Attr("min") != "1" || as[0].Attr("max") != "5" || as[0].Attr("desired") != "2" {
		t.Errorf("asg: %+v", as)
	}
	if as[1].Attr("kind") != "cloud-run" || as[1].Attr("min") != "0" || as[1].Attr("max") != "20" {
		t.Errorf("cloud run: %+v", as[1])
	}
	rp := find(sigs, stack.KindFact, stack.FactReplicas)
	if len(rp) != 1 || rp[0].Attr("count") != "" || rp[0].Attr("source") != "ecs" {
		t.Errorf("ecs replicas with a variable count: %+v", rp)
	}
	if tl := find(sigs, stack.KindTool, "terraform"); len(tl) != 1 {
		t.Errorf("tool terraform once: %+v", tl)
	}
}

func TestAppAutoscaling(t *testing.T) {
	src := `resource "aws_appautoscaling_policy" "api_cpu" {
  name               = "reports-api-cpu"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  resource_id        = aws_appautoscaling_target.api.resource_id
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension
}
resource "aws_ecs_service" "api" {
  name = "reports-api"
}
resource "aws_ecs_service" "worker" {
  name = "reports-worker"
}
resource "aws_appautoscaling_target" "api" {
  resource_id  = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.api.name}"
  min_capacity = 2
  max_capacity = 10
}
resource "aws_appautoscaling_target" "worker" {
  resource_id  = "service/reports/reports-worker"
  min_capacity = 1
  max_capacity = var.max
}
resource "aws_appautoscaling_policy" "worker_queue" {
  resource_id = aws_appautoscaling_target.worker.resource_id
}
resource "aws_appautoscaling_policy" "elsewhere" {
  scalable_dimension = aws_appautoscaling_target.other.scalable_dimension
}
resource "aws_appautoscaling_policy" "loose" {
  resource_id = "service/x/y"
}
`
	sigs, err := detecttest.Detect(Detector, "ecs.tf", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]stack.Signal{}
	for _, s := range find(sigs, stack.KindFact, stack.FactAutoscaling) {
		by[s.Attr("resource")] = s
	}
	want := map[string]struct {
		line                       int
		target, min, max, scalable string
	}{
		"aws_appautoscaling_target.api":          {13, "api", "2", "10", ""},
		"aws_appautoscaling_target.worker":       {18, "worker", "1", "", ""},
		"aws_appautoscaling_policy.api_cpu":      {1, "api", "2", "10", "api"},
		"aws_appautoscaling_policy.worker_queue": {23, "worker", "1", "", "worker"},
		"aws_appautoscaling_policy.elsewhere":    {26, "other", "", "", "other"},
		"aws_appautoscaling_policy.loose":        {29, "loose", "", "", ""},
	}
	if len(by) != len(want) {
		t.Errorf("autoscaling facts: %+v", by)
	}
	for res, w := range want {
		s, ok := by[res]
		if !ok || s.Line != w.line || s.Attr("kind") != "app-autoscaling" || s.Attr("target") != w.target || s.Attr("min") != w.min || s.Attr("max") != w.max || s.Attr("scalable_target") != w.scalable {
			t.Errorf("%s = %+v, want %+v", res, s, w)
		}
	}
	if p := by["aws_appautoscaling_policy.api_cpu"]; p.Attr("policy") != "api_cpu" || p.Attr("service") != "api" {
		t.Errorf("policy attrs = %+v", p)
	}
}

func TestTerraformOddInput(t *testing.T) {
	cases := []struct {
		name    string
		src     string
		wantErr bool
		line    int
		nsig    int
	}{
		{"empty", "", false, 0, 1},
		{"comments only", "# nothing\n// here\n", false, 0, 1},
		{"unclosed block", "resource \"aws_sqs_queue\" \"q\" {\n  name = \"x\"\n", true, 1, 2},
		{"bad attribute", "resource \"aws_sqs_queue\" \"q\" {\n  name = = 1\n}\n", true, 2, 2},
		{"resource without labels", "resource {\n}\n", true, 1, 1},
		{"heredoc and functions", "resource \"aws_db_instance\" \"d\" {\n engine = lower(\"POSTGRES\")\n tags = { a = <<EOT\nx\nEOT\n }\n}\n", false, 0, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Detector, "x.tf", []byte(c.src))
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if err != nil {
				var pe *detect.ParseError
				if !errors.As(err, &pe) || pe.Line != c.line {
					t.Errorf("error %v: want a ParseError at line %d", err, c.line)
				}
			}
			if len(sigs) != c.nsig {
				t.Errorf("got %d signals, want %d: %+v", len(sigs), c.nsig, sigs)
			}
		})
	}
}

func TestRegistrySource(t *testing.T) {
	cases := map[string]string{
		"terraform-aws-modules/eks/aws":                         "terraform-aws-modules/eks/aws",
		"terraform-aws-modules/vpc/aws//modules/vpc-endpoints":  "terraform-aws-modules/vpc/aws",
		"app.terraform.io/acme/network/aws":                     "app.terraform.io/acme/network/aws",
		"./modules/x":                                           "",
		"../shared":                                             "",
		"github.com/acme/mod":                                   "",
		"git::https://example.com/vpc.git?ref=v1.2.0":           "",
		"s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip": "",
		"hashicorp/consul/aws?ref=x":                            "hashicorp/consul/aws",
		"":                                                      "",
	}
	for in, want := range cases {
		got, ok := registrySource(in)
		if got != want || ok != (want != "") {
			t.Errorf("registrySource(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestEngineID(t *testing.T) {
	cases := []struct{ in, id, v string }{
		{"postgres", "postgresql", ""}, {"aurora-postgresql", "postgresql", ""}, {"aurora-mysql", "mysql", ""}, {"aurora", "mysql", ""},
		{"POSTGRES_15", "postgresql", "15"}, {"MYSQL_8_0", "mysql", "8.0"}, {"SQLSERVER_2019_STANDARD", "sqlserver", "2019"},
		{"sqlserver-ex", "sqlserver", ""}, {"oracle-ee", "oracle", ""}, {"OpenSearch_2.11", "opensearch", "2.11"},
		{"Elasticsearch_7.10", "elasticsearch", "7.10"}, {"valkey", "valkey", ""}, {"docdb", "mongodb", ""}, {"RabbitMQ", "rabbitmq", ""},
		{"neo4j", "", ""},
	}
	for _, c := range cases {
		if id, v := EngineID(c.in); id != c.id || v != c.v {
			t.Errorf("EngineID(%q) = %q %q, want %q %q", c.in, id, v, c.id, c.v)
		}
	}
}

func TestCloudFormation(t *testing.T) {
	cases := []struct {
		name, path, src string
		wantTool        bool
		wantErr         bool
	}{
		{"json template", "stack.json", `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}`, true, false},
		{"resources only", "t.yml", "Resources:\n  Q:\n    Type: AWS::SNS::Topic\n", true, false},
		{"not a template", "k.yaml", "kind: Deployment\nmetadata:\n  name: AWS::x\n", false, false},
		{"broken template", "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q: [\n", false, true},
		{"broken other file", "o.yaml", "a: AWS::x\n  b: [\n", false, false},
		{"empty", "e.yaml", "", false, false},
		{"scalar document", "s.json", `"AWS::x"`, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(CloudFormation, c.path, []byte(c.src))
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v", err)
			}
			if got := len(find(sigs, stack.KindTool, "cloudformation")) == 1; got != c.wantTool {
				t.Errorf("tool cloudformation = %v, want %v: %+v", got, c.wantTool, sigs)
			}
		})
	}
	if matchCloudFormation("package.json") || !matchCloudFormation("infra/template.yaml") || matchCloudFormation("main.go") {
		t.Error("matchCloudFormation")
	}
}

func TestPulumiRuntimeString(t *testing.T) {
	sigs, err := detecttest.Detect(Pulumi, "Pulumi.yaml", []byte("name: x\nruntime: python\n"))
	if err != nil || len(sigs) != 1 || sigs[0].Attr("runtime") != "python" || sigs[0].Name != "pulumi" {
		t.Errorf("%+v %v", sigs, err)
	}
	if _, err := detecttest.Detect(Pulumi, "Pulumi.yaml", []byte("name: [\n")); err == nil {
		t.Error("want an error for broken YAML")
	}
	sigs, err = detecttest.Detect(CDK, "cdk.json", []byte("{\n  \"app\": \"python3 app.py\"\n}"))
	if err != nil || sigs[0].Line != 2 || sigs[0].Attr("app") != "python3 app.py" {
		t.Errorf("%+v %v", sigs, err)
	}
	_, err = detecttest.Detect(CDK, "cdk.json", []byte("{\n  \"app\": \n"))
	var pe *detect.ParseError
	if !errors.As(err, &pe) || pe.Line == 0 {
		t.Errorf("want a positioned ParseError, got %v", err)
	}
}

func FuzzTerraform(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.HCL) { // at and past the depth limit
		f.Add(s)
	}
	for _, s := range []string{
		"", "resource \"aws_db_instance\" \"d\" { engine = \"postgres\" }",
		"terraform {\n required_providers {\n aws = { source = \"hashicorp/aws\" }\n }\n}",
		"module \"m\" { source = \"a/b/c\" }", "resource \"google_cloud_run_v2_service\" \"s\" { template { scaling { max_instance_count = 3 } } }",
		"resource \"x\" {", "a = ${", "provider \"aws\" {}\nresource \"aws_autoscaling_group\" \"g\" { min_size = 1 }",
		"resource \"aws_lambda_function\" \"f\" { runtime = \"nodejs20.x\" }",
		"resource \"aws_ecs_service\" \"a\" { name = \"a\" }\nresource \"aws_appautoscaling_target\" \"t\" {\n resource_id = \"service/c/a\"\n min_capacity = 1\n}\nresource \"aws_appautoscaling_policy\" \"p\" { resource_id = aws_appautoscaling_target.t.resource_id }",
		"resource \"aws_appautoscaling_target\" \"t\" { resource_id = \"service/${aws_ecs_cluster.c.name}/${aws_ecs_service.s.name}\" }\nresource \"aws_appautoscaling_policy\" \"p\" { resource_id = aws_appautoscaling_target[0] }",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := detecttest.Detect(Detector, "f.tf", data)
		detecttest.ParseErrors(t, err)
		_, err = detecttest.Detect(CloudFormation, "f.yaml", append([]byte("AWSTemplateFormatVersion: x\n"), data...))
		detecttest.ParseErrors(t, err)
	})
}

// checkErr asserts an error is made of *detect.ParseError values with messages.
