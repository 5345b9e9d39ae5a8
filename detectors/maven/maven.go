// Package maven detects Maven projects from pom.xml files: the parent POM,
// dependencies (managed ones and BOMs included), build plugins, the Java,
// Kotlin and Scala versions and multi-module workspaces.
package maven

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/xmltree"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads pom.xml files.
var Detector = detect.Detector{
	Name: "maven",
	Doc: "Reads Maven pom.xml files with encoding/xml, keeping the line of each element. Emits the <parent> as a maven package `groupId:artifactId` with attr role=parent; each <dependency> as maven `groupId:artifactId` with its version (`${property}` references resolved from <properties>, the project's own coordinates and, when readable, the parent POMs' properties), test-scoped ones as dev scope and attr scope; <dependencyManagement> entries with attr managed=true (imported BOMs also role=bom); <build> plugins (and pluginManagement) as maven `groupId:artifactId` with role=plugin; profile dependencies with attr profile. " +
		"It emits runtime java with the version from java.version, maven.compiler.release/source/target or the compiler plugin's <release>/<source> (always a java signal, versionless at <project> when none is set), runtime kotlin from kotlin-maven-plugin or <kotlin.version>, runtime scala from scala-maven-plugin or <scala.version>, and a workspace fact (attrs members, manager=maven) from <modules>. " +
		"<optional>true</optional> dependencies (spring-boot-devtools, lombok) and build plugins that only test, lint or report (jacoco, checkstyle, spotbugs, pmd, surefire, failsafe, maven-site, spotless, enforcer, sonar...) are dev scope; other plugins runtime. " +
		"Each pom.xml also emits the tool maven at <project>, with the version of the nearest Maven wrapper (.mvn/wrapper/maven-wrapper.properties in the POM's folder or above, `distributionUrl` …/apache-maven-3.9.6-bin.zip gives 3.9.6; attr wrapper its path).",
	Files:    []string{"pom.xml"},
	Match:    func(p string) bool { return path.Base(p) == "pom.xml" },
	Manifest: func(string) bool { return true },
	Detect:   detectPOM,
}

func detectPOM(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if len(strings.TrimSpace(string(in.Data))) == 0 {
		return nil, detect.Errorf(0, 0, "empty pom.xml: expected a <project> element")
	}
	root, perr := xmltree.Parse(in.Data)
	proj := root.Child("project")
	if proj == nil {
		if perr != nil {
			return nil, perr
		}
		name := "nothing"
		if len(root.Children) > 0 {
			name = "<" + root.Children[0].Name + ">"
		}
		return nil, detect.Errorf(root.FirstChildLine(), 0, "pom.xml root element is %s, expected <project>", name)
	}
	p := newPOM(proj)
	p.loadParents(in, proj)
	out := p.signals()
	out = append(out, mavenTool(in, proj.Line))
	if perr != nil {
		return out, perr
	}
	return out, nil
}

// pom is a parsed project with its property table.
type pom struct {
	proj  *xmltree.Node
	props map[string]string
	// compiler holds maven-compiler-plugin <release>, <source>, <target>.
	compiler map[string]*xmltree.Node
}

func newPOM(proj *xmltree.Node) *pom {
	p := &pom{proj: proj, props: map[string]string{}, compiler: map[string]*xmltree.Node{}}
	for _, c := range proj.Child("properties").Kids() {
		p.props[c.Name] = c.Value()
	}
	set := func(k, v string) {
		if v != "" {
			if _, ok := p.props[k]; !ok {
				p.props[k] = v
			}
		}
	}
	par := proj.Child("parent")
	gid := proj.Child("groupId").Value()
	if gid == "" {
		gid = par.Child("groupId").Value()
	}
	ver := proj.Child("version").Value()
	if ver == "" {
		ver = par.Child("version").Value()
	}
	for _, pre := range []string{"project.", "pom.", ""} {
		set(pre+"groupId", gid)
		set(pre+"artifactId", proj.Child("artifactId").Value())
		set(pre+"version", ver)
	}
	set("project.parent.version", par.Child("version").Value())
	set("project.parent.groupId", par.Child("groupId").Value())
	set("project.parent.artifactId", par.Child("artifactId").Value())
	return p
}

// loadParents reads the parent POM chain through in.Files (relativePath,
// default ../pom.xml) and adds their properties where this POM has none.
func (p *pom) loadParents(in *detect.Input, proj *xmltree.Node) {
	if in.Files == nil {
		return
	}
	dir := path.Dir(in.Path)
	seen := map[string]bool{path.Clean(in.Path): true}
	for range 5 {
		par := proj.Child("parent")
		if par == nil {
			return
		}
		rel := "../pom.xml"
		if rp := par.Child("relativePath"); rp != nil {
			rel = rp.Value()
		}
		if rel == "" {
			return
		}
		if !strings.HasSuffix(rel, ".xml") {
			rel = path.Join(rel, "pom.xml")
		}
		file := path.Clean(path.Join(dir, rel))
		if seen[file] || file == ".." || strings.HasPrefix(file, "../") {
			return
		}
		seen[file] = true
		data, err := in.Files.ReadFile(file)
		if err != nil {
			return
		}
		root, _ := xmltree.Parse(data)
		pp := root.Child("project")
		if pp == nil {
			return
		}
		// Only use it if it is the declared parent.
		if a := par.Child("artifactId").Value(); a != "" && pp.Child("artifactId").Value() != a {
			return
		}
		for _, c := range pp.Child("properties").Kids() {
			if _, ok := p.props[c.Name]; !ok {
				p.props[c.Name] = c.Value()
			}
		}
		proj, dir = pp, path.Dir(file)
	}
}

// maxResolved caps the length of an expanded value: properties referring
// to each other many times over cannot blow up memory.
const maxResolved = 4096

// resolve expands ${prop} references it knows; unknown ones stay as written.
func (p *pom) resolve(s string) string {
	for range 10 {
		i := strings.Index(s, "${")
		if i < 0 {
			return s
		}
		changed := false
		var b strings.Builder
		rest := s
		for {
			i := strings.Index(rest, "${")
			if i < 0 {
				b.WriteString(rest)
				break
			}
			j := strings.IndexByte(rest[i:], '}')
			if j < 0 {
				b.WriteString(rest)
				break
			}
			key := rest[i+2 : i+j]
			b.WriteString(rest[:i])
			if v, ok := p.props[key]; ok && v != "" {
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
		if !changed || len(s) > maxResolved {
			return s
		}
	}
	return s
}

// coord is a groupId:artifactId:version element (dependency, plugin, parent).
type coord struct {
	group, artifact, version string
	line                     int
}

func (p *pom) coord(n *xmltree.Node, defGroup string) coord {
	c := coord{
		group:    p.resolve(n.Child("groupId").Value()),
		artifact: p.resolve(n.Child("artifactId").Value()),
		version:  p.resolve(n.Child("version").Value()),
		line:     n.Child("artifactId").LineOr(n.Line),
	}
	if c.group == "" {
		c.group = defGroup
	}
	return c
}

func (c coord) name() string { return c.group + ":" + c.artifact }

func (p *pom) signals() []stack.Signal {
	var out []stack.Signal
	proj := p.proj
	pkg := func(c coord, attrs map[string]string) stack.Signal {
		return stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoMaven, Name: c.name(), Version: c.version, Line: c.line, Attrs: attrs}
	}

	if par := proj.Child("parent"); par != nil {
		if c := p.coord(par, ""); c.artifact != "" {
			out = append(out, pkg(c, map[string]string{"role": "parent"}))
		}
	}

	deps := func(list *xmltree.Node, managed bool, profile string) {
		for _, d := range list.All("dependency") {
			c := p.coord(d, "")
			if c.artifact == "" || c.group == "" {
				continue
			}
			attrs := map[string]string{}
			s := pkg(c, attrs)
			scope := p.resolve(d.Child("scope").Value())
			switch scope {
			case "":
			case "test":
				s.Scope = stack.ScopeDev
				attrs["scope"] = scope
			default:
				attrs["scope"] = scope
			}
			if managed {
				attrs["managed"] = "true"
				if scope == "import" || p.resolve(d.Child("type").Value()) == "pom" {
					attrs["role"] = "bom"
				}
			}
			if p.resolve(d.Child("optional").Value()) == "true" {
				// Optional dependencies are not passed on to users of the
				// artifact: development helpers (spring-boot-devtools,
				// lombok, configuration processors).
				attrs["optional"] = "true"
				s.Scope = stack.ScopeDev
			}
			if profile != "" {
				attrs["profile"] = profile
			}
			if len(attrs) == 0 {
				s.Attrs = nil
			}
			out = append(out, s)
		}
	}
	deps(proj.Child("dependencyManagement").Child("dependencies"), true, "")
	deps(proj.Child("dependencies"), false, "")

	var plugins []coord
	pluginList := func(list *xmltree.Node, managed bool, profile string) {
		for _, pl := range list.All("plugin") {
			c := p.coord(pl, "org.apache.maven.plugins")
			if c.artifact == "" {
				continue
			}
			attrs := map[string]string{"role": "plugin"}
			if managed {
				attrs["managed"] = "true"
			}
			if profile != "" {
				attrs["profile"] = profile
			}
			s := pkg(c, attrs)
			if devPlugin(c.artifact) {
				s.Scope = stack.ScopeDev
			}
			out = append(out, s)
			plugins = append(plugins, c)
			p.pluginConfig(pl, c)
		}
	}
	build := proj.Child("build")
	pluginList(build.Path("pluginManagement", "plugins"), true, "")
	pluginList(build.Child("plugins"), false, "")

	for _, prof := range proj.Child("profiles").All("profile") {
		id := prof.Child("id").Value()
		if id == "" {
			id = "unnamed"
		}
		deps(prof.Child("dependencyManagement").Child("dependencies"), true, id)
		deps(prof.Child("dependencies"), false, id)
		pluginList(prof.Path("build", "plugins"), false, id)
	}

	out = append(out, p.runtimes(plugins)...)

	if mods := proj.Child("modules"); mods != nil {
		var members []string
		for _, m := range mods.All("module") {
			if v := m.Value(); v != "" {
				members = append(members, v)
			}
		}
		if len(members) > 0 {
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactWorkspace, Line: mods.Line,
				Attrs: map[string]string{"members": strings.Join(members, ","), "manager": "maven"}})
		}
	}
	return out
}

// pluginConfig keeps the compiler plugin's release/source/target settings
// for the Java version.
func (p *pom) pluginConfig(pl *xmltree.Node, c coord) {
	if c.artifact != "maven-compiler-plugin" {
		return
	}
	cfg := pl.Child("configuration")
	for _, k := range []string{"release", "source", "target"} {
		if n := cfg.Child(k); n != nil && n.Value() != "" && p.compiler[k] == nil {
			p.compiler[k] = n
		}
	}
}

// runtimes returns the java signal (always) and kotlin/scala when used.
func (p *pom) runtimes(plugins []coord) []stack.Signal {
	var out []stack.Signal
	propNode := func(name string) *xmltree.Node {
		return p.proj.Child("properties").Child(name)
	}
	java := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "java", Line: p.proj.Line}
	found := false
	for _, k := range []string{"maven.compiler.release", "\x00compiler.release", "java.version", "maven.compiler.source", "\x00compiler.source", "maven.compiler.target", "\x00compiler.target"} {
		n := propNode(k)
		if c, ok := strings.CutPrefix(k, "\x00compiler."); ok {
			n = p.compiler[c]
		}
		if n == nil {
			continue
		}
		v, line := p.resolve(n.Value()), n.Line
		if v == "" || strings.Contains(v, "${") {
			continue
		}
		java.Version, java.Line = v, line
		java.Attrs = map[string]string{"source": strings.Replace(k, "\x00compiler.", "maven-compiler-plugin ", 1)}
		found = true
		break
	}
	if !found {
		// A property inherited from a parent POM still gives a version.
		for _, k := range []string{"maven.compiler.release", "java.version", "maven.compiler.source"} {
			if v := p.props[k]; v != "" && !strings.Contains(v, "${") {
				java.Version = v
				java.Attrs = map[string]string{"source": k, "inherited": "true"}
				break
			}
		}
	}
	out = append(out, java)

	lang := func(name, plugin, prop string) {
		for _, c := range plugins {
			if c.artifact == plugin {
				out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: c.version, Line: c.line})
				return
			}
		}
		if n := propNode(prop); n != nil {
			out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: p.resolve(n.Value()), Line: n.Line})
		}
	}
	lang("kotlin", "kotlin-maven-plugin", "kotlin.version")
	lang("scala", "scala-maven-plugin", "scala.version")
	return out
}

// devPluginWords are parts of plugin artifactIds whose plugins only test,
// lint, measure or report.
var devPluginWords = []string{
	"jacoco", "checkstyle", "spotbugs", "findbugs", "pmd", "surefire", "failsafe", "maven-site-plugin",
	"spotless", "enforcer", "sonar", "project-info-reports", "pitest", "dependency-check", "license-maven-plugin",
}

// devPlugin reports whether a build plugin only tests, lints or reports.
func devPlugin(artifact string) bool {
	a := strings.ToLower(artifact)
	for _, w := range devPluginWords {
		if strings.Contains(a, w) {
			return true
		}
	}
	return false
}

// wrapperProperties is where the Maven wrapper keeps its settings,
// relative to the project root.
const wrapperProperties = ".mvn/wrapper/maven-wrapper.properties"

// mavenTool returns the tool maven at the <project> line, with the version
// of the nearest Maven wrapper in the POM's folder or above.
func mavenTool(in *detect.Input, line int) stack.Signal {
	s := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "maven", Line: line}
	if in.Files == nil {
		return s
	}
	dir := path.Dir(in.Path)
	for range 32 {
		file := path.Join(dir, wrapperProperties)
		if data, err := in.Files.ReadFile(file); err == nil {
			s.Version = WrapperVersion(data)
			s.Attrs = map[string]string{"wrapper": file}
			return s
		}
		if dir == "." || dir == "" || dir == "/" {
			break
		}
		dir = path.Dir(dir)
	}
	return s
}

// WrapperVersion reads the Maven version from a maven-wrapper.properties
// file: the file name of distributionUrl (apache-maven-3.9.6-bin.zip gives
// 3.9.6). It returns "" when there is none.
func WrapperVersion(data []byte) string {
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' || l[0] == '!' {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			k, v, ok = strings.Cut(l, ":")
		}
		if !ok || strings.TrimSpace(k) != "distributionUrl" {
			continue
		}
		v = strings.ReplaceAll(strings.TrimSpace(v), `\`, "")
		if i := strings.IndexAny(v, "?#"); i >= 0 {
			v = v[:i]
		}
		name := v[strings.LastIndexByte(v, '/')+1:]
		ver, ok := strings.CutPrefix(name, "apache-maven-")
		if !ok {
			return ""
		}
		for _, suf := range []string{"-bin.zip", "-bin.tar.gz", ".zip", ".tar.gz"} {
			if t, ok := strings.CutSuffix(ver, suf); ok {
				ver = t
				break
			}
		}
		if ver == "" || ver[0] < '0' || ver[0] > '9' || strings.ContainsAny(ver, " \t") {
			return ""
		}
		return ver
	}
	return ""
}
