package dotnet

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func aspireSummary(sigs []stack.Signal) []string {
	var out []string
	for _, s := range sigs {
		switch s.Kind {
		case stack.KindFact:
			out = append(out, fmt.Sprintf("fact %s %s %s %d", s.Name, s.Attr("name")+s.Attr("workload"), s.Attr("count"), s.Line))
		default:
			out = append(out, fmt.Sprintf("%s %s %s %s %d", s.Kind, s.Name, s.Version, s.Attr("resource"), s.Line))
		}
	}
	return out
}

func TestAspire(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"eShop-like", `using Aspire.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddRedis("redis");
var rabbitMq = builder.AddRabbitMQ("eventbus")
    .WithLifetime(ContainerLifetime.Persistent);
var postgres = builder.AddPostgres("postgres")
    .WithImage("ankane/pgvector")
    .WithImageTag("latest");
var catalogDb = postgres.AddDatabase("catalogdb");
// builder.AddKafka("commented");
/* builder.AddMongoDB("also commented"); */
var text = "builder.AddSqlServer(\"in a string\")";
var catalogApi = builder.AddProject<Projects.Catalog_API>("catalog-api")
    .WithReference(rabbitMq).WaitFor(rabbitMq)
    .WithReplicas(3);
builder.AddContainer("seq", "datalust/seq", "2024.3");
builder.Build().Run();
`, []string{
			"tool dotnet-aspire   3",
			"resource AddRedis  redis 5",
			"resource AddRabbitMQ  eventbus 6",
			"resource AddPostgres  postgres 8",
			"image ankane/pgvector   9",
			"resource AddDatabase  catalogdb 11",
			"resource AddProject  catalog-api 15",
			"fact service catalog-api  15",
			"fact replicas catalog-api 3 17",
			"resource AddContainer  seq 18",
			"image datalust/seq 2024.3  18",
		}},
		{"image tag as version", `var b = DistributedApplication.CreateBuilder(args);
var pg = b.AddPostgres(name: "pg").WithImageTag("16.2-alpine");
var sql = b.AddSqlServer(@"sql", port: 1433).WithImageTag("""2022-latest""");
`, []string{"tool dotnet-aspire   1", "resource AddPostgres 16.2 pg 2", "resource AddSqlServer 2022 sql 3"}},
		{"not an AppHost", "class Program { static void Main() { builder.AddRedis(\"x\"); } }", nil},
		{"marker only in a comment", "// DistributedApplication.CreateBuilder(args)\nbuilder.AddRedis(\"x\");\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(AspireDetector, "AppHost/Program.cs", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range aspireSummary(sigs) {
				if !strings.HasPrefix(s, "fact unpinned") {
					got = append(got, s)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestLexCSharp(t *testing.T) {
	src := "a.B(\"x\\\"y\", @\"p\"\"q\", $\"{z}\", 'c', 12u, 0x1F, \"\"\"raw \"quoted\" \"\"\")\n#if DEBUG\nz\n"
	var got []string
	for _, tk := range lexCSharp([]byte(src)) {
		got = append(got, fmt.Sprintf("%d:%s", tk.kind, tk.text))
	}
	want := []string{"0:a", "3:.", "0:B", "3:(", "1:x\"y", "3:,", "1:p\"q", "3:,", "1:{z}", "3:,", "1:c", "3:,", "2:12", "3:,", "3:0", "3:,", "1:raw \"quoted\" ", "3:)", "0:z"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func FuzzAspire(f *testing.F) {
	for _, s := range []string{
		"var b = DistributedApplication.CreateBuilder(args);\nb.AddPostgres(\"pg\").WithImageTag(\"16\").WithReplicas(2);\n",
		"DistributedApplication.CreateBuilder(args).AddProject<Projects.A<B>>(\"a\"",
		"DistributedApplication.CreateBuilder(\"\"\"\n", "DistributedApplication /* ", "DistributedApplication.CreateBuilder(@\"", "DistributedApplication.CreateBuilder('",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(AspireDetector, "Program.cs", data)
		if err != nil {
			t.Fatalf("the lexical reader never fails: %v", err)
		}
		for _, s := range sigs {
			if s.Name == "" || s.Line < 1 {
				t.Fatalf("signal without name or line: %+v", s)
			}
		}
	})
}
