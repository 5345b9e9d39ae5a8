// Package gradle detects JVM builds other than Maven: Gradle build scripts
// (Groovy and Kotlin DSL), settings scripts, version catalogs, and sbt
// builds. Gradle and sbt scripts are programs; a careful token scanner
// reads the declarative parts (plugins, dependencies, toolchains) without
// running anything.
package gradle

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads build.gradle and build.gradle.kts files.
var Detector = detect.Detector{
	Name: "gradle",
	Doc: "Reads Gradle build scripts (build.gradle in Groovy, build.gradle.kts in Kotlin; other *.gradle(.kts) script plugins such as buildSrc conventions too, as non-manifests) with a token scanner that understands comments, both string quote styles and nested blocks. " +
		"Emits plugins from `plugins {}` (id, kotlin(\"jvm\"), alias(libs.plugins.x)) and `apply plugin:` as maven `plugin:<id>` with role=plugin; dependencies of every configuration (string coordinates, map notation, platform()/enforcedPlatform() with role=bom, kotlin(\"x\"), `libs.x.y` catalog references resolved through gradle/libs.versions.toml, else named as written with attr catalog_ref) as maven `group:artifact` with attr configuration, test*/androidTest*/developmentOnly configurations as dev scope, constraints with managed=true, buildscript classpath with role=buildscript; `$var` versions resolved from the script's variables and gradle.properties. " +
		"Plugins that only test, lint or report (jacoco, checkstyle, pmd, spotbugs, spotless, sonarqube, ktlint, detekt...) are dev scope. A build.gradle(.kts) also emits the tool gradle (line 1, no version: the wrapper gives it). " +
		"Emits runtime java always (version from toolchain languageVersion, jvmToolchain, sourceCompatibility/targetCompatibility), runtime kotlin from Kotlin plugins (or, for a .kts script without one, dev scope with attr via=kotlin-dsl) and runtime scala from the scala plugin.",
	Files:    []string{"*.gradle", "*.kts"},
	Match:    matchBuild,
	Manifest: isBuildScript,
	Detect:   detectBuild,
}

// isBuildScript reports whether p is a project's build.gradle(.kts).
func isBuildScript(p string) bool {
	b := path.Base(p)
	return b == "build.gradle" || b == "build.gradle.kts"
}

// matchBuild accepts build scripts and script plugins such as buildSrc
// convention plugins (*.gradle, *.gradle.kts), but not settings or init
// scripts.
func matchBuild(p string) bool {
	b := path.Base(p)
	if !strings.HasSuffix(b, ".gradle") && !strings.HasSuffix(b, ".gradle.kts") {
		return false
	}
	return !strings.HasPrefix(b, "settings.gradle") && !strings.HasPrefix(b, "init.gradle") && !strings.HasSuffix(b, ".init.gradle") && !strings.HasSuffix(b, ".init.gradle.kts")
}

// build holds the state of one build script being read.
type build struct {
	in      *detect.Input
	kts     bool
	vars    map[string]string
	cat     *catalog
	out     []stack.Signal
	java    stack.Signal
	javaPri int // lower is better; 0 means none found
	kotlin  *stack.Signal
	scala   *stack.Signal
	anchor  int // line of the plugins block or first plugin
}

// context flags of the block being visited.
type scope struct {
	plugins, deps, buildscript, managed bool
}

func detectBuild(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	b := &build{in: in, kts: strings.HasSuffix(in.Path, ".kts"), vars: map[string]string{}}
	toks, lexErr := lex(in.Data, modeGroovy)
	stmts, parseErr := parseStmts(toks)
	b.readProperties()
	b.collectVars(toks)
	b.cat = findCatalog(in)
	b.visit(stmts, scope{}, 0)
	b.toolchain(toks)
	b.finish()
	if isBuildScript(in.Path) {
		b.out = append(b.out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "gradle", Line: 1})
	}
	return b.out, errors.Join(lexErr, parseErr)
}

// readProperties loads gradle.properties of the script's folder and the
// folders above it (the nearest wins) as variables for `$name` versions.
func (b *build) readProperties() {
	if b.in.Files == nil {
		return
	}
	dir := path.Dir(b.in.Path)
	for range 32 {
		if data, err := b.in.Files.ReadFile(path.Join(dir, "gradle.properties")); err == nil {
			for _, l := range strings.Split(string(data), "\n") {
				l = strings.TrimSpace(l)
				if l == "" || l[0] == '#' || l[0] == '!' {
					continue
				}
				k, v, ok := strings.Cut(l, "=")
				if !ok {
					k, v, ok = strings.Cut(l, ":")
				}
				k, v = strings.TrimSpace(k), strings.TrimSpace(v)
				if !ok || k == "" {
					continue
				}
				if _, seen := b.vars[k]; !seen {
					b.vars[k] = v
				}
			}
		}
		if dir == "." || dir == "" || dir == "/" {
			return
		}
		dir = path.Dir(dir)
	}
}

// collectVars records `name = "value"` assignments (def/val/var, ext.name,
// ext blocks), `extra["name"] = "value"` and `val name by extra("value")`.
func (b *build) collectVars(toks []token) {
	for i := 0; i+2 < len(toks); i++ {
		t := toks[i]
		switch {
		case t.kind == tIdent && toks[i+1].is(tPunct, "=") && toks[i+2].kind == tString:
			b.vars[t.text] = toks[i+2].text
		case t.kind == tString && i > 0 && toks[i-1].is(tPunct, "[") && toks[i+1].is(tPunct, "]") && i+3 < len(toks) && toks[i+2].is(tPunct, "=") && toks[i+3].kind == tString:
			b.vars[t.text] = toks[i+3].text
		case t.kind == tIdent && toks[i+1].is(tIdent, "by") && i+5 < len(toks) && toks[i+2].is(tIdent, "extra") && toks[i+3].is(tPunct, "(") && toks[i+4].kind == tString:
			b.vars[t.text] = toks[i+4].text
		case t.is(tIdent, "set") && toks[i+1].is(tPunct, "(") && toks[i+2].kind == tString && i+4 < len(toks) && toks[i+3].is(tPunct, ",") && toks[i+4].kind == tString:
			b.vars[toks[i+2].text] = toks[i+4].text
		}
	}
}

// maxInterpolated caps the length of an interpolated string.
const maxInterpolated = 4096

// interpolate resolves $name and ${name} (also ${a.b.name} and
// ${property("name")}) from the known variables; unknown ones stay.
func (b *build) interpolate(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if out.Len() > maxInterpolated {
			break
		}
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			out.WriteByte(c)
			continue
		}
		if s[i+1] == '{' {
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				out.WriteString(s[i:])
				break
			}
			expr := s[i+2 : i+end]
			if v, ok := b.lookup(expr); ok {
				out.WriteString(v)
			} else {
				out.WriteString(s[i : i+end+1])
			}
			i += end
			continue
		}
		j := i + 1
		for j < len(s) && (isIdentPart(s[j]) && s[j] != '$' || (s[j] == '.' && j+1 < len(s) && isIdentStart(s[j+1]))) {
			j++
		}
		name := s[i+1 : j]
		if v, ok := b.lookup(name); ok && name != "" {
			out.WriteString(v)
		} else {
			out.WriteString(s[i:j])
		}
		i = j - 1
	}
	return out.String()
}

// lookup resolves a variable expression: a name, a dotted path ending in a
// known name (rootProject.ext.x, project.x), or property("x").
func (b *build) lookup(expr string) (string, bool) {
	expr = strings.TrimSpace(expr)
	for _, fn := range []string{"property(", "findProperty(", "project.property(", "providers.gradleProperty("} {
		if strings.HasPrefix(expr, fn) {
			expr = strings.Trim(strings.TrimPrefix(expr, fn), `)"' `)
			expr = strings.TrimSuffix(strings.TrimSuffix(expr, ".get()"), `)`)
			expr = strings.Trim(expr, `"' `)
		}
	}
	if v, ok := b.vars[expr]; ok {
		return v, true
	}
	if i := strings.LastIndexByte(expr, '.'); i >= 0 {
		v, ok := b.vars[expr[i+1:]]
		return v, ok
	}
	return "", false
}

// visit walks statements with the flags of the enclosing blocks.
func (b *build) visit(stmts []*stmt, sc scope, depth int) {
	if depth > maxNesting {
		return
	}
	for _, s := range stmts {
		name := s.name()
		switch {
		case sc.plugins:
			b.pluginDecl(s.head)
			continue
		case sc.deps:
			if name == "constraints" && s.block {
				c := sc
				c.managed = true
				b.visit(s.body, c, depth+1)
				continue
			}
			b.dependency(s.head, sc)
			continue // a dependency's closure holds excludes, not dependencies
		}
		if name == "apply" {
			b.applyPlugin(s.head)
		}
		if !s.block {
			continue
		}
		c := sc
		switch name {
		case "plugins":
			if b.anchor == 0 {
				b.anchor = s.line()
			}
			c.plugins = true
		case "dependencies":
			c.deps = true
		case "buildscript":
			c.buildscript = true
		}
		b.visit(s.body, c, depth+1)
	}
}

// applyPlugin reads `apply plugin: 'x'` and `apply(plugin = "x")`.
func (b *build) applyPlugin(head []token) {
	for i := 1; i+2 < len(head); i++ {
		if head[i].is(tIdent, "plugin") && head[i+1].kind == tPunct && (head[i+1].text == ":" || head[i+1].text == "=") && head[i+2].kind == tString {
			b.plugin(b.interpolate(head[i+2].text), "", head[i+2].line, nil)
			return
		}
	}
}

// pluginDecl reads one statement of a plugins block.
func (b *build) pluginDecl(head []token) {
	if len(head) == 0 {
		return
	}
	var id string
	line := head[0].line
	attrs := map[string]string{}
	rest := head[1:]
	switch h := head[0]; {
	case h.is(tIdent, "id") || h.is(tIdent, "kotlin"):
		var arg []token
		if in, next, ok := parenArgs(head, 1); ok {
			arg, rest = in, head[next:]
		} else if len(head) > 1 {
			arg, rest = head[1:2], head[2:]
		}
		if len(arg) != 1 || arg[0].kind != tString {
			return
		}
		id = b.interpolate(arg[0].text)
		line = arg[0].line
		if h.text == "kotlin" {
			id = "org.jetbrains.kotlin." + id
		}
	case h.is(tIdent, "alias"):
		in, next, ok := parenArgs(head, 1)
		if !ok {
			return
		}
		rest = head[next:]
		ref, _ := dotted(in, 0)
		p, found := b.catalogPlugin(ref)
		if !found {
			attrs["catalog_ref"] = ref
			b.plugin(ref, "", line, attrs)
			return
		}
		attrs["catalog_ref"] = ref
		id = p.id
		if v := pluginVersion(b, rest); v == "" {
			rest = append([]token{{kind: tIdent, text: "version", line: line}, {kind: tString, text: p.version, line: line}}, rest...)
		}
	case h.kind == tIdent && len(head) == 1:
		id = h.text // core plugin: java, application, `java-library`
	default:
		return
	}
	if id == "" {
		return
	}
	for i := 0; i+1 < len(rest); i++ {
		if rest[i].is(tIdent, "apply") && rest[i+1].is(tIdent, "false") {
			attrs["apply"] = "false"
		}
	}
	b.plugin(id, pluginVersion(b, rest), line, attrs)
}

// pluginVersion finds `version "x"`, `version("x")` or `version var` in the
// tokens after a plugin id.
func pluginVersion(b *build, rest []token) string {
	for i := 0; i+1 < len(rest); i++ {
		if !rest[i].is(tIdent, "version") {
			continue
		}
		j := i + 1
		if rest[j].is(tPunct, "(") && j+1 < len(rest) {
			j++
		}
		switch t := rest[j]; t.kind {
		case tString:
			return b.interpolate(t.text)
		case tIdent:
			if v, ok := b.lookup(t.text); ok {
				return v
			}
		}
	}
	return ""
}

// plugin emits a plugin signal and notes the languages it implies.
func (b *build) plugin(id, version string, line int, attrs map[string]string) {
	if id == "" {
		return
	}
	if attrs == nil {
		attrs = map[string]string{}
	}
	attrs["role"] = "plugin"
	if b.anchor == 0 {
		b.anchor = line
	}
	sig := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoMaven, Name: "plugin:" + id, Version: version, Line: line, Attrs: attrs}
	if devPlugin(id) {
		sig.Scope = stack.ScopeDev
	}
	b.out = append(b.out, sig)
	switch {
	case id == "kotlin" || strings.HasPrefix(id, "kotlin-") || strings.HasPrefix(id, "org.jetbrains.kotlin."):
		if b.kotlin == nil || (b.kotlin.Version == "" && version != "") {
			b.kotlin = &stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "kotlin", Version: version, Line: line}
		}
	case id == "scala":
		if b.scala == nil {
			b.scala = &stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "scala", Line: line}
		}
	}
}

// devPluginWords are words of plugin ids whose plugins only test, lint,
// measure or report (jacoco, checkstyle, com.github.spotbugs,
// com.diffplug.spotless, org.sonarqube...).
var devPluginWords = map[string]bool{
	"jacoco": true, "checkstyle": true, "spotbugs": true, "findbugs": true, "pmd": true, "codenarc": true,
	"spotless": true, "sonarqube": true, "sonar": true, "ktlint": true, "detekt": true, "pitest": true,
	"test-report-aggregation": true, "jacoco-report-aggregation": true,
}

// devPlugin reports whether a Gradle plugin id names a plugin that only
// tests, lints or reports.
func devPlugin(id string) bool {
	id = strings.ToLower(id)
	if devPluginWords[id] {
		return true
	}
	for _, w := range strings.FieldsFunc(id, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		if devPluginWords[w] {
			return true
		}
	}
	return false
}

// dotted reads an accessor path a.b.c starting at toks[i], dropping a
// trailing .get() / .asProvider(); it returns the path and the next index.
func dotted(toks []token, i int) (string, int) {
	var parts []string
	for i < len(toks) && toks[i].kind == tIdent {
		if (toks[i].text == "get" || toks[i].text == "asProvider") && i+1 < len(toks) && toks[i+1].is(tPunct, "(") {
			_, next, _ := parenArgs(toks, i+1)
			i = next
			break
		}
		parts = append(parts, toks[i].text)
		i++
		if i < len(toks) && toks[i].is(tPunct, ".") {
			i++
			continue
		}
		break
	}
	return strings.Join(parts, "."), i
}

// catalogPlugin resolves libs.plugins.x through the catalog.
func (b *build) catalogPlugin(ref string) (catalogPlugin, bool) {
	if b.cat == nil {
		return catalogPlugin{}, false
	}
	key, ok := strings.CutPrefix(accessor(ref), "libs.plugins.")
	if !ok {
		return catalogPlugin{}, false
	}
	p, ok := b.cat.plugins[key]
	return p, ok
}

// devConfiguration reports whether a configuration holds test or
// development-only dependencies.
func devConfiguration(conf string) bool {
	c := strings.ToLower(conf)
	return strings.HasPrefix(c, "test") || strings.HasPrefix(c, "androidtest") || strings.Contains(c, "test") ||
		c == "developmentonly" || c == "testandroidtestfixtures" || strings.HasPrefix(c, "debug")
}

// nonConfigurations are statement heads inside dependencies {} that do
// not declare dependencies.
var nonConfigurations = map[string]bool{
	"components": true, "modules": true, "attributesSchema": true, "registerTransform": true,
	"if": true, "else": true, "for": true, "def": true, "val": true, "var": true, "project": true,
	"artifactTypes": true, "constraints": true, "exclude": true,
}

// dependency reads one statement of a dependencies block.
func (b *build) dependency(head []token, sc scope) {
	if len(head) < 2 {
		return
	}
	conf := head[0].text
	if head[0].kind != tIdent && head[0].kind != tString || nonConfigurations[conf] {
		return
	}
	args := head[1:]
	if conf == "add" { // add("implementation", "g:a:v")
		in, _, ok := parenArgs(head, 1)
		if !ok || len(in) < 3 || in[0].kind != tString {
			return
		}
		conf, args = in[0].text, in[2:]
	} else if in, next, ok := parenArgs(head, 1); ok && next == len(head) {
		args = in
	}
	base := map[string]string{"configuration": conf}
	if sc.buildscript {
		base["role"] = "buildscript"
	}
	if sc.managed {
		base["managed"] = "true"
	}
	dev := devConfiguration(conf)
	var mapArgs map[string]token
	for _, arg := range splitArgs(args) {
		if len(arg) >= 3 && arg[0].kind == tIdent && arg[1].kind == tPunct && (arg[1].text == ":" || arg[1].text == "=") {
			if mapArgs == nil {
				mapArgs = map[string]token{}
			}
			v := arg[2]
			if v.kind == tIdent {
				if s, ok := b.lookup(v.text); ok {
					v = token{kind: tString, text: s, line: v.line}
				}
			}
			mapArgs[arg[0].text] = v
			continue
		}
		b.depArg(arg, base, dev, 0)
	}
	if name, ok := mapArgs["name"]; ok && name.kind == tString {
		group := mapArgs["group"]
		ver := mapArgs["version"]
		v := ""
		if ver.kind == tString {
			v = b.interpolate(ver.text)
		}
		b.emitDep(b.interpolate(group.text), b.interpolate(name.text), v, name.line, base, nil, dev)
	}
}

// depArg reads one dependency notation.
func (b *build) depArg(arg []token, base map[string]string, dev bool, depth int) {
	if len(arg) == 0 || depth > 8 {
		return
	}
	t := arg[0]
	switch t.kind {
	case tString:
		b.coordinate(t, base, nil, dev)
	case tIdent:
		switch t.text {
		case "project", "files", "fileTree", "gradleApi", "localGroovy", "gradleTestKit", "gradleKotlinDsl":
			return
		case "platform", "enforcedPlatform":
			in, _, ok := parenArgs(arg, 1)
			if !ok && len(arg) > 1 {
				in = arg[1:]
			}
			extra := map[string]string{"role": "bom"}
			if t.text == "enforcedPlatform" {
				extra["enforced"] = "true"
			}
			b.withExtra(in, base, extra, dev, depth)
			return
		case "kotlin":
			in, _, ok := parenArgs(arg, 1)
			if !ok {
				return
			}
			parts := splitArgs(in)
			if len(parts) == 0 || len(parts[0]) != 1 || parts[0][0].kind != tString {
				return
			}
			v := ""
			if len(parts) > 1 && len(parts[1]) == 1 && parts[1][0].kind == tString {
				v = b.interpolate(parts[1][0].text)
			}
			b.emitDep("org.jetbrains.kotlin", "kotlin-"+parts[0][0].text, v, parts[0][0].line, base, nil, dev)
			return
		case "libs":
			ref, _ := dotted(arg, 0)
			b.catalogRef(ref, t.line, base, dev)
			return
		}
		if in, _, ok := parenArgs(arg, 1); ok { // testFixtures(...), variantOf(...)
			b.depArg(in, base, dev, depth+1)
			return
		}
		if len(arg) == 1 { // a variable holding the coordinates
			if v, ok := b.lookup(t.text); ok && strings.Count(v, ":") >= 1 {
				b.coordinate(token{kind: tString, text: v, line: t.line}, base, nil, dev)
			}
		}
	case tPunct:
		if t.text == "(" {
			in, _, _ := parenArgs(arg, 0)
			b.depArg(in, base, dev, depth+1)
		}
	}
}

func (b *build) withExtra(in []token, base, extra map[string]string, dev bool, depth int) {
	m := make(map[string]string, len(base)+len(extra))
	for k, v := range base {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	b.depArg(in, m, dev, depth+1)
}

// coordinate reads "group:artifact[:version[:classifier]][@ext]".
func (b *build) coordinate(t token, base, extra map[string]string, dev bool) {
	s := b.interpolate(strings.TrimSpace(t.text))
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	if strings.ContainsAny(s, " \t\n") {
		return
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return
	}
	v := ""
	if len(parts) >= 3 {
		v = parts[2]
	}
	var attrs map[string]string
	if len(parts) >= 4 && parts[3] != "" {
		attrs = map[string]string{"classifier": parts[3]}
	}
	for k, x := range extra {
		if attrs == nil {
			attrs = map[string]string{}
		}
		attrs[k] = x
	}
	b.emitDep(parts[0], parts[1], v, t.line, base, attrs, dev)
}

// catalogRef resolves libs.x.y (or libs.bundles.x) through the catalog.
func (b *build) catalogRef(ref string, line int, base map[string]string, dev bool) {
	key := accessor(ref)
	if b.cat != nil {
		if bundle, ok := strings.CutPrefix(key, "libs.bundles."); ok {
			if libs, ok := b.cat.bundles[bundle]; ok {
				for _, a := range libs {
					if l, ok := b.cat.libs[a]; ok {
						b.emitDep(l.group, l.name, l.version, line, base, map[string]string{"catalog_ref": ref}, dev)
					}
				}
				return
			}
		} else if l, ok := b.cat.libs[strings.TrimPrefix(key, "libs.")]; ok {
			b.emitDep(l.group, l.name, l.version, line, base, map[string]string{"catalog_ref": ref}, dev)
			return
		}
	}
	attrs := map[string]string{"catalog_ref": ref}
	for k, v := range base {
		attrs[k] = v
	}
	s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoMaven, Name: ref, Line: line, Attrs: attrs}
	if dev {
		s.Scope = stack.ScopeDev
	}
	b.out = append(b.out, s)
}

func (b *build) emitDep(group, artifact, version string, line int, base, extra map[string]string, dev bool) {
	if group == "" || artifact == "" {
		return
	}
	attrs := make(map[string]string, len(base)+len(extra))
	for k, v := range base {
		attrs[k] = v
	}
	for k, v := range extra {
		attrs[k] = v
	}
	s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoMaven, Name: group + ":" + artifact, Version: version, Line: line, Attrs: attrs}
	if dev {
		s.Scope = stack.ScopeDev
	}
	b.out = append(b.out, s)
	if attrs["role"] == "buildscript" && group == "org.jetbrains.kotlin" && artifact == "kotlin-gradle-plugin" && b.kotlin == nil {
		b.kotlin = &stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "kotlin", Version: version, Line: line}
	}
}

// toolchain finds the Java version: toolchain languageVersion, then
// jvmToolchain, then sourceCompatibility, then targetCompatibility.
func (b *build) toolchain(toks []token) {
	set := func(pri int, v string, line int, source string) {
		v = strings.TrimSpace(v)
		if v == "" || (b.javaPri != 0 && b.javaPri <= pri) {
			return
		}
		b.javaPri = pri
		b.java = stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "java", Version: v, Line: line, Attrs: map[string]string{"source": source}}
	}
	value := func(i int) string { // value token(s) at i
		if i >= len(toks) {
			return ""
		}
		t := toks[i]
		switch t.kind {
		case tNumber:
			return t.text
		case tString:
			return b.interpolate(t.text)
		case tIdent:
			if t.text == "JavaVersion" && i+2 < len(toks) && toks[i+1].is(tPunct, ".") {
				n := toks[i+2]
				if v, ok := strings.CutPrefix(n.text, "VERSION_"); ok {
					return strings.ReplaceAll(v, "_", ".")
				}
				if n.text == "toVersion" {
					if in, _, ok := parenArgs(toks, i+3); ok && len(in) == 1 {
						return strings.Trim(in[0].text, `"'`)
					}
				}
				return ""
			}
			if t.text == "JavaLanguageVersion" {
				return ""
			}
			if v, ok := b.lookup(t.text); ok {
				return v
			}
		}
		return ""
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tIdent {
			continue
		}
		switch t.text {
		case "JavaLanguageVersion":
			if i+3 < len(toks) && toks[i+1].is(tPunct, ".") && toks[i+2].is(tIdent, "of") && toks[i+3].is(tPunct, "(") {
				set(1, value(i+4), t.line, "toolchain")
			}
		case "jvmToolchain":
			j := i + 1
			if j < len(toks) && toks[j].is(tPunct, "(") {
				j++
			}
			set(2, value(j), t.line, "jvmToolchain")
		case "sourceCompatibility", "targetCompatibility":
			j := i + 1
			if j < len(toks) && toks[j].is(tPunct, "=") {
				j++
			}
			pri := 3
			if t.text == "targetCompatibility" {
				pri = 4
			}
			set(pri, value(j), t.line, t.text)
		}
	}
}

// finish appends the runtime signals.
func (b *build) finish() {
	line := b.anchor
	if line == 0 {
		line = 1
	}
	if b.javaPri == 0 {
		b.java = stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "java", Line: line}
	}
	b.out = append(b.out, b.java)
	if b.kotlin != nil {
		b.out = append(b.out, *b.kotlin)
	} else if b.kts {
		b.out = append(b.out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "kotlin", Scope: stack.ScopeDev, Line: line,
			Attrs: map[string]string{"via": "kotlin-dsl"}})
	}
	if b.scala != nil {
		b.out = append(b.out, *b.scala)
	}
}
