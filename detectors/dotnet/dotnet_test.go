package dotnet

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

var all = []detect.Detector{ProjectDetector, GlobalJSONDetector, PackagesConfigDetector}

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/aspnet-webapi.txtar")
	res := detecttest.Scan(t, fsys, all...)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %+v", res.Diagnostics)
	}
	detecttest.Golden(t, "testdata/aspnet-webapi.golden.json", res.Signals)
	want := map[string]bool{
		"src/Orders.Api/Orders.Api.csproj": true, "src/Orders.Domain/Orders.Domain.fsproj": true,
		"src/Orders.Api.Tests/Orders.Api.Tests.csproj": true, "legacy/Billing/Billing.csproj": true, "apphost/AppHost.csproj": true,
	}
	if len(res.Manifests) != len(want) {
		t.Errorf("manifests = %v", res.Manifests)
	}
	for m := range want {
		if res.Manifests[m] != "dotnet-project" {
			t.Errorf("%s is not a manifest", m)
		}
	}
}

// sig renders a signal compactly: name@version:line[ dev].
func sig(s stack.Signal) string {
	out := s.Name + "@" + s.Version + ":" + strconv.Itoa(s.Line)
	if s.Scope == stack.ScopeDev {
		out += " dev"
	}
	return out
}

func find(t *testing.T, sigs []stack.Signal, file, name string) stack.Signal {
	t.Helper()
	for _, s := range sigs {
		if s.File == file && s.Name == name {
			return s
		}
	}
	t.Fatalf("no %s in %s", name, file)
	return stack.Signal{}
}

func TestFixtureSignals(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/aspnet-webapi.txtar"), all...)
	api := "src/Orders.Api/Orders.Api.csproj"
	for name, want := range map[string]string{
		"sdk:Microsoft.NET.Sdk.Web":             "sdk:Microsoft.NET.Sdk.Web@:1",
		"dotnet":                                "dotnet@8.0:4",
		"csharp":                                "csharp@:1",
		"Npgsql.EntityFrameworkCore.PostgreSQL": "Npgsql.EntityFrameworkCore.PostgreSQL@:11",
		"Swashbuckle.AspNetCore":                "Swashbuckle.AspNetCore@6.5.1:12",
		"Microsoft.EntityFrameworkCore.Design":  "Microsoft.EntityFrameworkCore.Design@:13 dev",
		"Serilog.AspNetCore":                    "Serilog.AspNetCore@8.0.0:17",
	} {
		if got := sig(find(t, res.Signals, api, name)); got != want {
			t.Errorf("%s: got %s want %s", name, got, want)
		}
	}
	tests := "src/Orders.Api.Tests/Orders.Api.Tests.csproj"
	if s := find(t, res.Signals, tests, "xunit"); s.Scope != stack.ScopeDev {
		t.Errorf("xunit in a test project: %+v", s)
	}
	if s := find(t, res.Signals, "Directory.Packages.props", "Microsoft.EntityFrameworkCore"); s.Version != "8.0.1" || s.Attr("central") != "true" {
		t.Errorf("central version: %+v", s)
	}
	if s := find(t, res.Signals, "global.json", "dotnet"); s.Version != "8.0" || s.Line != 4 || s.Attr("sdk") != "8.0.100" {
		t.Errorf("global.json: %+v", s)
	}
	if s := find(t, res.Signals, "global.json", "sdk:Aspire.AppHost.Sdk"); s.Line != 8 {
		t.Errorf("msbuild-sdks: %+v", s)
	}
	if s := find(t, res.Signals, "legacy/Billing/packages.config", "dotnet"); s.Version != "4.8" || s.Attr("framework") != "netfx" {
		t.Errorf("packages.config runtime: %+v", s)
	}
	if s := find(t, res.Signals, "apphost/AppHost.csproj", "sdk:Aspire.AppHost.Sdk"); s.Version != "9.0.0" || s.Line != 2 {
		t.Errorf("Sdk element: %+v", s)
	}
}

func TestParseTFM(t *testing.T) {
	for tfm, want := range map[string]string{
		"net8.0": "8.0", "net10.0": "10.0", "netcoreapp3.1": "3.1 netcore", "net48": "4.8 netfx", "net472": "4.7.2 netfx",
		"net35": "3.5 netfx", "netstandard2.0": "2.0 netstandard", "net8.0-windows10.0.19041": "8.0", "NET6.0": "6.0",
		"uap10.0": " ", "": " ", "net": " ",
	} {
		v, attrs, _ := parseTFM(tfm)
		got := v
		if f := attrs["framework"]; f != "" {
			got += " " + f
		}
		if strings.TrimSpace(got) != strings.TrimSpace(want) {
			t.Errorf("parseTFM(%q) = %q, want %q", tfm, got, want)
		}
	}
}

func checkErr(t *testing.T, err error, wantLine int) {
	t.Helper()
	if wantLine == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var pe *detect.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("want a ParseError, got %v", err)
	}
	if wantLine > 0 && pe.Line != wantLine {
		t.Errorf("error at line %d, want %d: %v", pe.Line, wantLine, pe)
	}
}

func TestDetectTable(t *testing.T) {
	cases := []struct {
		name, path, in string
		det            detect.Detector
		errLine        int
		want           []string
	}{
		{name: "empty csproj", det: ProjectDetector, path: "a.csproj", in: "", errLine: -1},
		{name: "wrong root", det: ProjectDetector, path: "a.csproj", in: "\n<Foo/>", errLine: 2},
		{name: "minimal", det: ProjectDetector, path: "a.fsproj", in: "<Project/>", want: []string{"fsharp@:1"}},
		{name: "multiple sdks with versions", det: ProjectDetector, path: "a.vbproj", in: `<Project Sdk="Microsoft.NET.Sdk;MSBuild.Sdk.Extras/3.0.44"></Project>`,
			want: []string{"sdk:Microsoft.NET.Sdk@:1", "sdk:MSBuild.Sdk.Extras@3.0.44:1", "vbnet@:1"}},
		{name: "update and unresolved property", det: ProjectDetector, path: "Directory.Build.targets", in: "<Project>\n<ItemGroup>\n<PackageReference Update=\"A\" Version=\"$(Nope)\"/>\n<PackageReference Include=\"$(Id)\"/>\n</ItemGroup>\n</Project>",
			want: []string{"A@$(Nope):3"}},
		{name: "conditional choose", det: ProjectDetector, path: "a.csproj", in: "<Project><Choose><When Condition=\"x\"><ItemGroup><PackageReference Include=\"B\" Version=\"1\"/></ItemGroup></When></Choose></Project>",
			want: []string{"csharp@:1", "B@1:1"}},
		{name: "truncated", det: ProjectDetector, path: "a.csproj", in: "<Project Sdk=\"Microsoft.NET.Sdk\">\n<ItemGroup>\n<PackageReference Include=\"C\" Version=\"2\"/>\n<Package",
			errLine: 4, want: []string{"sdk:Microsoft.NET.Sdk@:1", "csharp@:1", "C@2:3"}},
		{name: "global.json empty", det: GlobalJSONDetector, path: "global.json", in: " "},
		{name: "global.json no sdk", det: GlobalJSONDetector, path: "global.json", in: `{"test": {"runner": "x"}}`},
		{name: "global.json bad", det: GlobalJSONDetector, path: "global.json", in: "{\n  \"sdk\": {\n    \"version\": 8\n  }\n}", errLine: 3},
		{name: "global.json syntax", det: GlobalJSONDetector, path: "global.json", in: "{\n  \"sdk\": {,\n}", errLine: 2},
		{name: "global.json comment with quotes", det: GlobalJSONDetector, path: "global.json", in: "{ /* \"sdk\": */\n \"sdk\": { \"version\": \"9.0.100-preview.1\" } }",
			want: []string{"dotnet@9.0:2"}},
		{name: "packages.config empty", det: PackagesConfigDetector, path: "packages.config", in: ""},
		{name: "packages.config no framework", det: PackagesConfigDetector, path: "packages.config", in: "<packages>\n<package id=\"A\" version=\"1\"/>\n<package version=\"2\"/>\n</packages>",
			want: []string{"A@1:2", "dotnet@:1"}},
		{name: "packages.config wrong root", det: PackagesConfigDetector, path: "packages.config", in: "<configuration/>", errLine: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := detecttest.Detect(c.det, c.path, []byte(c.in))
			checkErr(t, err, c.errLine)
			var gs []string
			for _, s := range got {
				gs = append(gs, sig(s))
			}
			if g, w := strings.Join(gs, " | "), strings.Join(c.want, " | "); g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestJSONKeyLines(t *testing.T) {
	got := jsonKeyLines([]byte("{\n \"a\": [ {\"b\": 1} ],\n \"c\": {\n  \"d\\\"\": \"x:y\",\n  \"e\": {}\n }\n}"))
	for k, want := range map[string]int{"a": 2, "c": 3, "c.d\\\"": 4, "c.e": 5} {
		if got[k] != want {
			t.Errorf("%s: line %d want %d (%v)", k, got[k], want, got)
		}
	}
	if _, ok := got["a.b"]; ok {
		t.Error("keys inside arrays must not get paths")
	}
}

func assertFuzz(t *testing.T, got []stack.Signal, err error) {
	t.Helper()
	if err != nil {
		var pe *detect.ParseError
		if !errors.As(err, &pe) || pe.Msg == "" {
			t.Fatalf("error %v is not a ParseError with a message", err)
		}
	}
	for _, s := range got {
		if s.Name == "" || s.Kind == "" || s.Line < 0 {
			t.Fatalf("bad signal %+v", s)
		}
	}
}

func FuzzCsproj(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.XML) { // at and past the depth limit
		f.Add(string(s))
	}
	for _, s := range []string{
		"", "<Project/>", `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFrameworks>net6.0;net48</TargetFrameworks><A>$(A)</A></PropertyGroup></Project>`,
		`<Project><ItemGroup><PackageReference Include="X" Version="$(A)$(B)"><PrivateAssets>all</PrivateAssets></PackageReference></ItemGroup></Project>`,
		"<Project><Choose><When><ItemGroup>", "<Project><Sdk Name=\"\"/><Import Sdk=\";/\"/></Project>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := detecttest.Detect(ProjectDetector, "a.csproj", []byte(src))
		assertFuzz(t, got, err)
		got, err = detecttest.Detect(PackagesConfigDetector, "packages.config", []byte(src))
		assertFuzz(t, got, err)
	})
}

func FuzzGlobalJSON(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.JSON) { // at and past the depth limit
		f.Add(string(s))
	}
	for _, s := range []string{"", "{}", `{"sdk":{"version":"8.0.100"}}`, `{"msbuild-sdks":{"a":"1"}}`, "{/*", `{"sdk":{"version":"8"}} // x`, `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := detecttest.Detect(GlobalJSONDetector, "global.json", []byte(src))
		assertFuzz(t, got, err)
	})
}

func TestPropertyBlowUpIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("<Project><PropertyGroup>")
	for i := 0; i < 8; i++ {
		b.WriteString("<P" + strconv.Itoa(i) + ">" + strings.Repeat("$(P"+strconv.Itoa(i+1)+")", 60) + "</P" + strconv.Itoa(i) + ">")
	}
	b.WriteString("</PropertyGroup><ItemGroup><PackageReference Include=\"A\" Version=\"$(P0)\"/></ItemGroup></Project>")
	sigs, err := detecttest.Detect(ProjectDetector, "a.csproj", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if v := find(t, sigs, "", "A").Version; len(v) > 100*maxResolved {
		t.Errorf("version grew to %d bytes", len(v))
	}
}
