// Package dotnet detects .NET projects: MSBuild project files (*.csproj,
// *.fsproj, *.vbproj), Directory.Build.props / Directory.Packages.props,
// global.json and packages.config.
package dotnet

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/xmltree"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// ProjectDetector reads MSBuild project and props files.
var ProjectDetector = detect.Detector{
	Name: "dotnet-project",
	Doc: "Reads MSBuild files (*.csproj, *.fsproj, *.vbproj, Directory.Build.props, Directory.Build.targets, Directory.Packages.props) with encoding/xml, keeping element lines. " +
		"Emits the project SDKs (<Project Sdk>, <Sdk Name>, <Import Sdk>) as nuget `sdk:<name>`; each TargetFramework(s)/TargetFrameworkVersion as runtime dotnet with version `8.0` (attr tfm; .NET Framework `net48` is 4.8 with framework=netfx, netstandard has framework=netstandard); the language as runtime csharp, fsharp or vbnet (version from <LangVersion>); " +
		"each <PackageReference> (Include or Update; Version, VersionOverride or a child <Version>; `$(Property)` resolved) as nuget `<id>`, dev scope when PrivateAssets=all or the project sets IsTestProject=true; <PackageVersion> of central package management with attr central=true and dev scope (a declaration: the projects referencing it carry the real scope) and <GlobalPackageReference> with global=true, dev scope. Project files are manifests; props files are not.",
	Files:    []string{"*.csproj", "*.fsproj", "*.vbproj", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"},
	Match:    matchProject,
	Manifest: isProjectFile,
	Detect:   detectProject,
}

func isProjectFile(p string) bool {
	switch path.Ext(p) {
	case ".csproj", ".fsproj", ".vbproj":
		return true
	}
	return false
}

func matchProject(p string) bool {
	if isProjectFile(p) {
		return true
	}
	switch path.Base(p) {
	case "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props":
		return true
	}
	return false
}

// msbuild is a parsed MSBuild file with its properties.
type msbuild struct {
	root  *xmltree.Node
	props map[string]string
}

// maxWalk bounds how deep item and property searches go (Choose/When/
// Otherwise and Target nest them).
const maxWalk = 8

// each calls fn for every element named name under n, up to maxWalk deep.
func each(n *xmltree.Node, name string, depth int, fn func(*xmltree.Node)) {
	if n == nil || depth > maxWalk {
		return
	}
	for _, c := range n.Children {
		if c.Name == name {
			fn(c)
			continue
		}
		each(c, name, depth+1, fn)
	}
}

// maxResolved caps the length of an expanded value so properties that
// refer to each other many times over cannot blow up memory.
const maxResolved = 4096

// resolve expands $(Property) references defined in the file; unknown
// ones stay as written.
func (m *msbuild) resolve(s string) string {
	for range 5 {
		if !strings.Contains(s, "$(") {
			return s
		}
		var b strings.Builder
		changed := false
		rest := s
		for {
			i := strings.Index(rest, "$(")
			if i < 0 {
				b.WriteString(rest)
				break
			}
			j := strings.IndexByte(rest[i:], ')')
			if j < 0 {
				b.WriteString(rest)
				break
			}
			b.WriteString(rest[:i])
			if v, ok := m.props[rest[i+2:i+j]]; ok && v != "" {
				b.WriteString(v)
				changed = true
			} else {
				b.WriteString(rest[i : i+j+1])
			}
			rest = rest[i+j+1:]
			if b.Len() > maxResolved {
				return b.String()
			}
		}
		s = b.String()
		if !changed {
			return s
		}
	}
	return s
}

// prop returns the last element defining property name and its value.
func (m *msbuild) prop(name string) (*xmltree.Node, string) {
	var last *xmltree.Node
	each(m.root, "PropertyGroup", 0, func(pg *xmltree.Node) {
		for _, c := range pg.All(name) {
			last = c
		}
	})
	if last == nil {
		return nil, ""
	}
	return last, m.resolve(last.Value())
}

func detectProject(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if strings.TrimSpace(string(in.Data)) == "" {
		return nil, detect.Errorf(0, 0, "empty MSBuild file: expected a <Project> element")
	}
	doc, perr := xmltree.Parse(in.Data)
	proj := doc.Child("Project")
	if proj == nil {
		if perr != nil {
			return nil, perr
		}
		line := 0
		if len(doc.Children) > 0 {
			line = doc.Children[0].Line
		}
		return nil, detect.Errorf(line, 0, "root element is not <Project>")
	}
	m := &msbuild{root: proj, props: map[string]string{}}
	each(proj, "PropertyGroup", 0, func(pg *xmltree.Node) {
		for _, c := range pg.Children {
			m.props[c.Name] = c.Value()
		}
	})
	var out []stack.Signal

	// SDKs
	sdk := func(spec string, line int) {
		for _, s := range strings.Split(spec, ";") {
			name, ver, _ := strings.Cut(strings.TrimSpace(s), "/")
			if name == "" {
				continue
			}
			out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNuGet, Name: "sdk:" + name, Version: ver, Line: line})
		}
	}
	sdk(proj.Attr("Sdk"), proj.Line)
	for _, c := range proj.Children {
		switch c.Name {
		case "Sdk":
			if n := c.Attr("Name"); n != "" {
				out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNuGet, Name: "sdk:" + n, Version: c.Attr("Version"), Line: c.Line})
			}
		case "Import":
			if s := c.Attr("Sdk"); s != "" {
				sdk(s, c.Line)
			}
		}
	}

	// Target frameworks
	for _, name := range []string{"TargetFramework", "TargetFrameworks"} {
		n, v := m.prop(name)
		if n == nil {
			continue
		}
		for _, tfm := range strings.Split(v, ";") {
			if s, ok := frameworkSignal(strings.TrimSpace(tfm), n.Line); ok {
				out = append(out, s)
			}
		}
	}
	if n, v := m.prop("TargetFrameworkVersion"); n != nil && v != "" {
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "dotnet", Version: strings.TrimPrefix(strings.ToLower(v), "v"), Line: n.Line,
			Attrs: map[string]string{"framework": "netfx", "tfm": v}})
	}

	// Language
	if lang := language(in.Path); lang != "" {
		s := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: lang, Line: proj.Line}
		if n, v := m.prop("LangVersion"); n != nil && v != "" {
			s.Version, s.Line = v, n.Line
		}
		out = append(out, s)
	}

	// Packages
	_, isTest := m.prop("IsTestProject")
	testProject := strings.EqualFold(isTest, "true")
	pkg := func(n *xmltree.Node, attrs map[string]string) {
		id := m.resolve(n.Attr("Include"))
		if id == "" {
			id = m.resolve(n.Attr("Update"))
			if id != "" {
				attrs["update"] = "true"
			}
		}
		if id == "" || strings.Contains(id, "$(") || strings.Contains(id, "@(") {
			return
		}
		ver := n.Attr("Version")
		if ver == "" {
			ver = n.Child("Version").Value()
		}
		if o := n.Attr("VersionOverride"); o != "" {
			ver = o
			attrs["version_override"] = "true"
		} else if o := n.Child("VersionOverride").Value(); o != "" {
			ver = o
			attrs["version_override"] = "true"
		}
		s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNuGet, Name: id, Version: m.resolve(ver), Line: n.Line, Attrs: attrs}
		pa := n.Attr("PrivateAssets")
		if pa == "" {
			pa = n.Child("PrivateAssets").Value()
		}
		if strings.EqualFold(strings.TrimSpace(pa), "all") {
			s.Scope = stack.ScopeDev
			attrs["private_assets"] = "all"
		}
		if testProject {
			s.Scope = stack.ScopeDev
			attrs["test_project"] = "true"
		}
		if len(attrs) == 0 {
			s.Attrs = nil
		}
		out = append(out, s)
	}
	each(proj, "PackageReference", 0, func(n *xmltree.Node) { pkg(n, map[string]string{}) })
	// Central versions only declare: the projects referencing them carry
	// the real scope. Global references are development tools by
	// definition (implicitly PrivateAssets=all).
	each(proj, "PackageVersion", 0, func(n *xmltree.Node) { pkg(n, map[string]string{"central": "true"}) })
	each(proj, "GlobalPackageReference", 0, func(n *xmltree.Node) { pkg(n, map[string]string{"global": "true"}) })
	for i := range out {
		if out[i].Attr("central") == "true" || out[i].Attr("global") == "true" {
			out[i].Scope = stack.ScopeDev
		}
	}

	if perr != nil {
		return out, perr
	}
	return out, nil
}

// language is the language runtime id of a project file's extension.
func language(p string) string {
	switch path.Ext(p) {
	case ".csproj":
		return "csharp"
	case ".fsproj":
		return "fsharp"
	case ".vbproj":
		return "vbnet"
	}
	return ""
}

var (
	tfmModern  = lazyregexp.New(`^net(?:coreapp)?(\d+\.\d+)(?:-([a-z0-9.]+))?$`)
	tfmFx      = lazyregexp.New(`^net(\d)(\d)(\d?)$`)
	tfmStd     = lazyregexp.New(`^netstandard(\d+\.\d+)$`)
	errNoMatch = errors.New("unknown target framework")
)

// parseTFM turns a target framework moniker into a runtime version and
// attributes. net8.0 → 8.0; netcoreapp3.1 → 3.1; net48 → 4.8 (netfx);
// netstandard2.0 → 2.0 (netstandard); net8.0-windows → 8.0 platform=windows.
func parseTFM(tfm string) (string, map[string]string, error) {
	t := strings.ToLower(tfm)
	attrs := map[string]string{"tfm": tfm}
	if m := tfmModern.FindStringSubmatch(t); m != nil {
		if m[2] != "" {
			attrs["platform"] = m[2]
		}
		if strings.HasPrefix(t, "netcoreapp") {
			attrs["framework"] = "netcore"
		}
		return m[1], attrs, nil
	}
	if m := tfmFx.FindStringSubmatch(t); m != nil {
		v := m[1] + "." + m[2]
		if m[3] != "" {
			v += "." + m[3]
		}
		attrs["framework"] = "netfx"
		return v, attrs, nil
	}
	if m := tfmStd.FindStringSubmatch(t); m != nil {
		attrs["framework"] = "netstandard"
		return m[1], attrs, nil
	}
	return "", attrs, errNoMatch
}

// frameworkSignal is the runtime dotnet signal of one TFM.
func frameworkSignal(tfm string, line int) (stack.Signal, bool) {
	if tfm == "" || strings.Contains(tfm, "$(") {
		return stack.Signal{}, false
	}
	v, attrs, _ := parseTFM(tfm)
	return stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "dotnet", Version: v, Line: line, Attrs: attrs}, true
}
