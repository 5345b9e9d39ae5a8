package gradle

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

func TestGolden(t *testing.T) {
	for _, name := range []string{"spring-kotlin-catalog", "quarkus-groovy", "sbt-http4s"} {
		t.Run(name, func(t *testing.T) {
			fsys := detecttest.LoadFS(t, "testdata/"+name+".txtar")
			res := detecttest.Scan(t, fsys, Detector, SettingsDetector, CatalogDetector, SbtDetector, WrapperDetector)
			if len(res.Diagnostics) > 0 {
				t.Errorf("diagnostics: %+v", res.Diagnostics)
			}
			detecttest.Golden(t, "testdata/"+name+".golden.json", res.Signals)
		})
	}
}

// sig renders a signal compactly for table tests: name@version[:line][ dev].
func sig(s stack.Signal) string {
	out := s.Name + "@" + s.Version + ":" + strconv.Itoa(s.Line)
	if s.Scope == stack.ScopeDev {
		out += " dev"
	}
	return out
}

func sigs(list []stack.Signal) []string {
	var out []string
	for _, s := range list {
		out = append(out, sig(s))
	}
	return out
}

// checkErr asserts err is nil (wantLine 0), or a ParseError at wantLine
// (-1: any line).
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

func TestBuildTable(t *testing.T) {
	cases := []struct {
		name, path, in string
		errLine        int
		want           []string
	}{
		{name: "empty", path: "build.gradle", in: "", want: []string{"java@:1"}},
		{name: "empty kts", path: "build.gradle.kts", in: "\n\n", want: []string{"java@:1", "kotlin@:1 dev"}},
		{name: "groovy string coords and map notation", path: "build.gradle", in: `dependencies {
  implementation 'a:b:1.0', "c:d"
  runtimeOnly group: 'e', name: 'f', version: '2'
  testRuntimeOnly("g:h:3:tests@jar")
}`, want: []string{"a:b@1.0:2", "c:d@:2", "e:f@2:3", "g:h@3:4 dev", "java@:1"}},
		{name: "kotlin named args", path: "build.gradle.kts", in: `dependencies {
  implementation(group = "e", name = "f", version = "2")
}`, want: []string{"e:f@2:2", "java@:1", "kotlin@:1 dev"}},
		{name: "comments hide dependencies", path: "build.gradle", in: `dependencies {
  // implementation 'x:commented:1'
  /* implementation 'x:block:1' */ implementation 'x:real:1'
}`, want: []string{"x:real@1:3", "java@:1"}},
		{name: "buildscript classpath and kotlin plugin", path: "build.gradle", in: `buildscript {
  ext.kotlin_version = '1.8.0'
  dependencies { classpath "org.jetbrains.kotlin:kotlin-gradle-plugin:$kotlin_version" }
}
apply plugin: 'kotlin'
`, want: []string{"org.jetbrains.kotlin:kotlin-gradle-plugin@1.8.0:3", "plugin:kotlin@:5", "java@:5", "kotlin@1.8.0:3"}},
		{name: "kotlin apply", path: "build.gradle.kts", in: `apply(plugin = "org.springframework.boot")`,
			want: []string{"plugin:org.springframework.boot@:1", "java@:1", "kotlin@:1 dev"}},
		{name: "plugin forms", path: "build.gradle", in: `plugins {
  id 'org.springframework.boot' version '3.1.0' apply false
  id("io.micronaut.application").version("4.2.1")
  id 'scala'
  alias(libs.plugins.unknown)
}`, want: []string{"plugin:org.springframework.boot@3.1.0:2", "plugin:io.micronaut.application@4.2.1:3", "plugin:scala@:4", "plugin:libs.plugins.unknown@:5", "java@:1", "scala@:4"}},
		{name: "dev plugins", path: "build.gradle", in: `plugins {
  id 'jacoco'
  id 'checkstyle'
  id "com.diffplug.spotless" version "6.25.0"
  id 'org.sonarqube' version '5.0.0.4638'
  id 'io.gitlab.arturbosch.detekt'
  id 'org.springframework.boot' version '3.2.5'
}`, want: []string{"plugin:jacoco@:2 dev", "plugin:checkstyle@:3 dev", "plugin:com.diffplug.spotless@6.25.0:4 dev", "plugin:org.sonarqube@5.0.0.4638:5 dev",
			"plugin:io.gitlab.arturbosch.detekt@:6 dev", "plugin:org.springframework.boot@3.2.5:7", "java@:1"}},
		{name: "jvmToolchain", path: "build.gradle.kts", in: `kotlin { jvmToolchain(17) }`, want: []string{"java@17:1", "kotlin@:1 dev"}},
		{name: "toolchain set form beats sourceCompatibility", path: "build.gradle", in: `sourceCompatibility = '1.8'
java { toolchain { languageVersion.set(JavaLanguageVersion.of(11)) } }`, want: []string{"java@11:2"}},
		{name: "JavaVersion 1_8", path: "build.gradle.kts", in: `java.sourceCompatibility = JavaVersion.VERSION_1_8`, want: []string{"java@1.8:1", "kotlin@:1 dev"}},
		{name: "toolchain from variable", path: "build.gradle", in: "def javaVersion = '21'\njava { toolchain { languageVersion = JavaLanguageVersion.of(javaVersion) } }", want: []string{"java@21:2"}},
		{name: "dependency closures are not dependencies", path: "build.gradle", in: `dependencies {
  implementation('a:b:1') {
    exclude group: 'x', module: 'y'
    implementation 'not:a-dep:1'
  }
}`, want: []string{"a:b@1:2", "java@:1"}},
		{name: "subprojects dependencies", path: "build.gradle", in: `subprojects {
  dependencies { implementation "a:b:1" }
}`, want: []string{"a:b@1:2", "java@:1"}},
		{name: "extra properties", path: "build.gradle.kts", in: `val v by extra("5")
extra["w"] = "6"
dependencies {
  implementation("a:b:${v}")
  implementation("c:d:$w")
  implementation("e:f:${unknown}")
}`, want: []string{"a:b@5:4", "c:d@6:5", "e:f@${unknown}:6", "java@:1", "kotlin@:1 dev"}},
		{name: "add and string configuration", path: "build.gradle.kts", in: `dependencies {
  add("implementation", "a:b:1")
  "testImplementation"("c:d:2")
}`, want: []string{"a:b@1:2", "c:d@2:3 dev", "java@:1", "kotlin@:1 dev"}},
		{name: "ignored notations", path: "build.gradle", in: `dependencies {
  implementation project(':core')
  implementation files('libs/x.jar')
  implementation gradleApi()
  implementation 'no-colon'
  implementation "has spaces: x:y"
}`, want: []string{"java@:1"}},
		{name: "multi-line string and chained call", path: "build.gradle.kts", in: `val notes = """
  dependencies { implementation("fake:in-string:1") }
"""
dependencies {
  implementation(
    "a:b:1"
  )
}`, want: []string{"a:b@1:6", "java@:1", "kotlin@:1 dev"}},
		{name: "unclosed block", path: "build.gradle", in: "dependencies {\n implementation 'a:b:1'\n", errLine: 1, want: []string{"a:b@1:2", "java@:1"}},
		{name: "stray brace", path: "build.gradle", in: "}\ndependencies { implementation 'a:b:1' }", errLine: 1, want: []string{"a:b@1:2", "java@:1"}},
		{name: "unterminated string", path: "build.gradle", in: "dependencies {\n implementation 'a:b:1\n implementation 'c:d:2'\n}", errLine: 2, want: []string{"a:b@1:2", "c:d@2:3", "java@:1"}},
		{name: "unterminated comment", path: "build.gradle", in: "dependencies { implementation 'a:b:1' }\n/* oops", errLine: 2, want: []string{"a:b@1:1", "java@:1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			all, err := detecttest.Detect(Detector, c.path, []byte(c.in))
			checkErr(t, err, c.errLine)
			// Every build script ends with the tool gradle at line 1.
			if n := len(all); n == 0 || all[n-1].Kind != stack.KindTool || all[n-1].Name != "gradle" || all[n-1].Line != 1 || all[n-1].Version != "" {
				t.Fatalf("want the tool gradle last, got %+v", all)
			}
			got := all[:len(all)-1]
			if g, w := strings.Join(sigs(got), " | "), strings.Join(c.want, " | "); g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	for p, want := range map[string]bool{
		"build.gradle": true, "a/build.gradle.kts": true, "buildSrc/src/main/kotlin/java-conventions.gradle.kts": true,
		"settings.gradle": false, "settings.gradle.kts": false, "init.gradle": false, "build.gradle.bak": false, "gradle.properties": false,
	} {
		if Detector.Match(p) != want {
			t.Errorf("Match(%q) = %v", p, !want)
		}
	}
	if Detector.Manifest("buildSrc/src/main/kotlin/java-conventions.gradle.kts") || !Detector.Manifest("x/build.gradle") {
		t.Error("Manifest is wrong")
	}
	for p, want := range map[string]bool{"gradle/libs.versions.toml": true, "x/gradle/deps.versions.toml": true, "libs.versions.toml": false, "pyproject.toml": false} {
		if CatalogDetector.Match(p) != want {
			t.Errorf("catalog Match(%q) = %v", p, !want)
		}
	}
	for p, want := range map[string]bool{"build.sbt": true, "project/plugins.sbt": true, "a/project/Dependencies.scala": true, "src/main/scala/App.scala": false, "x.sbt": false} {
		if SbtDetector.Match(p) != want {
			t.Errorf("sbt Match(%q) = %v", p, !want)
		}
	}
}

func TestWrapperTable(t *testing.T) {
	cases := []struct {
		name, in string
		errLine  int // -1: an error at no line
		want     string
	}{
		{"bin", "distributionBase=GRADLE_USER_HOME\ndistributionPath=wrapper/dists\ndistributionUrl=https\\://services.gradle.org/distributions/gradle-8.7-bin.zip\nnetworkTimeout=10000\n", 0, "gradle@8.7:3"},
		{"all and colon separator", "# c\n! c\ndistributionUrl: https://services.gradle.org/distributions/gradle-7.6.4-all.zip\r\n", 0, "gradle@7.6.4:3"},
		{"rc and continuation", "distributionUrl=https\\://services.gradle.org/\\\n    distributions/gradle-8.8-rc-1-bin.zip\n", 0, "gradle@8.8-rc-1:1"},
		{"first key wins", "distributionUrl=https://x/gradle-8.1-bin.zip\ndistributionUrl=https://x/gradle-9.0-bin.zip\n", 0, "gradle@8.1:1"},
		{"custom distribution", "distributionUrl=https\\://nexus.example.com/repo/acme-gradle-dist-2.zip\n", 0, "gradle@:1"},
		{"not a version", "distributionUrl=https://x/gradle-latest-bin.zip\n", 0, "gradle@:1"},
		{"query string", "distributionUrl=https://x/gradle-8.5-bin.zip?token=abc\n", 0, "gradle@8.5:1"},
		{"no url", "distributionBase=GRADLE_USER_HOME\n", -1, "gradle@:1"},
		{"empty", "", -1, "gradle@:1"},
		{"trailing backslash", "distributionUrl=\\", 0, "gradle@:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := detecttest.Detect(WrapperDetector, "gradle/wrapper/gradle-wrapper.properties", []byte(c.in))
			checkErr(t, err, c.errLine)
			if len(got) != 1 || got[0].Kind != stack.KindTool || sig(got[0]) != c.want {
				t.Errorf("got %+v, want %s", got, c.want)
			}
		})
	}
	for p, want := range map[string]bool{
		"gradle/wrapper/gradle-wrapper.properties": true, "svc/gradle/wrapper/gradle-wrapper.properties": true,
		"gradle-wrapper.properties": false, "wrapper/gradle-wrapper.properties": false, "gradle/wrapper/gradle-wrapper.jar": false,
	} {
		if WrapperDetector.Match(p) != want {
			t.Errorf("wrapper Match(%q) = %v", p, !want)
		}
	}
	// Script plugins are Gradle code but not builds: no tool signal.
	got, _ := detecttest.Detect(Detector, "buildSrc/src/main/kotlin/conventions.gradle.kts", []byte("plugins { java }"))
	for _, s := range got {
		if s.Kind == stack.KindTool {
			t.Errorf("script plugin emitted %+v", s)
		}
	}
}

func FuzzWrapper(f *testing.F) {
	for _, s := range []string{"", "distributionUrl=https\\://services.gradle.org/distributions/gradle-8.7-bin.zip\n", "distributionUrl\\\n", "\\", "a\\=b:c d", "distributionUrl=gradle-", "distributionUrl=x/gradle-1-bin.zip?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := detecttest.Detect(WrapperDetector, "gradle/wrapper/gradle-wrapper.properties", []byte(src))
		assertFuzz(t, got, err)
		if len(got) != 1 || got[0].Name != "gradle" {
			t.Fatalf("want the tool gradle, got %+v", got)
		}
	})
}

func TestSettingsTable(t *testing.T) {
	cases := []struct {
		in      string
		errLine int
		members string
	}{
		{in: "", members: ""},
		{in: "include ':a', ':b:c'\ninclude(\n  \":d\"\n)", members: "a,b/c,d"},
		{in: "rootProject.name = 'x'", members: ""},
		{in: "include(\":a\"", errLine: -1, members: "a"},
	}
	for _, c := range cases {
		got, err := detecttest.Detect(SettingsDetector, "settings.gradle", []byte(c.in))
		if c.errLine != 0 && err == nil {
			t.Errorf("%q: want an error", c.in)
		}
		if c.errLine == 0 && err != nil {
			t.Errorf("%q: %v", c.in, err)
		}
		m := ""
		if len(got) == 1 {
			m = got[0].Attr("members")
		}
		if m != c.members || (c.members != "" && got[0].Line != 1) {
			t.Errorf("%q: members %q want %q (%+v)", c.in, m, c.members, got)
		}
	}
}

func TestCatalogTable(t *testing.T) {
	cases := []struct {
		name, in string
		errLine  int
		want     []string
	}{
		{name: "empty", in: ""},
		{name: "forms", in: `[versions]
a = "1"
rich = { require = "2" }
[libraries]
"quoted-key" = "g:q:3"
short = "g:s"
mod = { module = "g:m", version.ref = "a" }
gn = { group = "g", name = "n", version = { ref = "rich" } }
bad = { version = "1" }
dangling = { module = "g:d", version.ref = "nope" }
[plugins]
p = "org.p:9"
q = { id = "org.q", version.ref = "a" }
`, want: []string{"g:q@3:5 dev", "g:s@:6 dev", "g:m@1:7 dev", "g:n@2:8 dev", "g:d@:10 dev", "plugin:org.p@9:12 dev", "plugin:org.q@1:13 dev"}},
		{name: "malformed", in: "[libraries]\nx = {", errLine: 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := detecttest.Detect(CatalogDetector, "gradle/libs.versions.toml", []byte(c.in))
			checkErr(t, err, c.errLine)
			// order by line for a stable comparison
			sort.SliceStable(got, func(i, j int) bool { return got[i].Line < got[j].Line })
			if g, w := strings.Join(sigs(got), " | "), strings.Join(c.want, " | "); g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestSbtTable(t *testing.T) {
	cases := []struct {
		name, path, in string
		errLine        int
		want           []string
	}{
		{name: "empty build", path: "build.sbt", in: "", want: []string{"scala@:1"}},
		{name: "empty plugins", path: "project/plugins.sbt", in: ""},
		{name: "scalaVersion from val and in-form", path: "build.sbt", in: "val scala3 = \"3.3.0\"\nscalaVersion in ThisBuild := scala3\n",
			want: []string{"scala@3.3.0:2"}},
		{name: "explicit suffix and unresolved version ref", path: "project/Dependencies.scala", in: `object Dependencies {
  val cats = "org.typelevel" % "cats-core_2.13" % Versions.cats
  val it = "com.x" %% "y" % "1" % "it,test"
}`, want: []string{"org.typelevel:cats-core@:2", "com.x:y@1:3 dev"}},
		{name: "scala char literal", path: "build.sbt", in: "val c = 'x'\nlibraryDependencies += \"a\" % \"b\" % \"1\"", want: []string{"a:b@1:2", "scala@:1"}},
		{name: "unterminated string", path: "build.sbt", in: "libraryDependencies += \"a\" % \"b\" % \"1\nname := \"x\"", errLine: 1, want: []string{"a:b@1:1", "scala@:1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := detecttest.Detect(SbtDetector, c.path, []byte(c.in))
			checkErr(t, err, c.errLine)
			if g, w := strings.Join(sigs(got), " | "), strings.Join(c.want, " | "); g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestCatalogResolutionWalksUp(t *testing.T) {
	fsys := detecttest.FS([]byte(`-- gradle/libs.versions.toml --
[libraries]
guava = "com.google.guava:guava:33.0.0-jre"
-- services/api/build.gradle --
dependencies { implementation libs.guava }
`))
	res := detecttest.Scan(t, fsys, Detector)
	got := sigs(res.Signals)
	if len(got) == 0 || got[0] != "com.google.guava:guava@33.0.0-jre:1" {
		t.Errorf("got %v", got)
	}
}

func FuzzGradle(f *testing.F) {
	for _, s := range []string{
		"", "plugins { id 'java' }", "dependencies {\n implementation(platform(libs.x))\n}",
		`dependencies { implementation "a:b:${v.x}" ; testImplementation group: 'a', name: 'b' }`,
		"java { toolchain { languageVersion = JavaLanguageVersion.of(", "}}}{{{", `"""`, "'${", `"${"a`, "/*", "`x",
		"apply plugin:", "dependencies { add(\"x\"", "JavaVersion.", "kotlin(", "libs.bundles.",
	} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, src string, kts bool) {
		p := "build.gradle"
		if kts {
			p += ".kts"
		}
		for _, d := range []detect.Detector{Detector, SettingsDetector} {
			got, err := detecttest.Detect(d, p, []byte(src))
			assertFuzz(t, got, err)
		}
	})
}

func FuzzSbt(f *testing.F) {
	for _, s := range []string{"", `"a" %% "b" % "1" % Test`, `addSbtPlugin("a" % "b" % "1")`, `scalaVersion := `, `"a" % "b" % x.`, "'", "'\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := detecttest.Detect(SbtDetector, "build.sbt", []byte(src))
		assertFuzz(t, got, err)
	})
}

func FuzzCatalog(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.TOML) { // at and past the depth limit
		f.Add(string(s))
	}
	for _, s := range []string{"", "[libraries]\na = \"g:a:1\"", "[plugins]\np = { id = 1 }", "[libraries]\nx = { module = 3 }", "[bundles]\nb = [1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := detecttest.Detect(CatalogDetector, "gradle/libs.versions.toml", []byte(src))
		assertFuzz(t, got, err)
	})
}

// assertFuzz checks the invariants every detector keeps on any input.
func assertFuzz(t *testing.T, got []stack.Signal, err error) {
	t.Helper()
	if err != nil && err.Error() == "" {
		t.Fatal("error without a message")
	}
	if err != nil {
		var pe *detect.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %v is not a ParseError", err)
		}
	}
	for _, s := range got {
		if s.Name == "" || s.Kind == "" || s.Line < 0 {
			t.Fatalf("bad signal %+v", s)
		}
	}
}

func TestSpringKotlinFixture(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/spring-kotlin-catalog.txtar"), Detector, SettingsDetector, CatalogDetector)
	var app []string
	for _, s := range res.Signals {
		if s.File == "app/build.gradle.kts" {
			app = append(app, sig(s))
		}
	}
	joined := " | " + strings.Join(app, " | ") + " | "
	for _, want := range []string{
		"plugin:org.springframework.boot@3.2.0:8",
		"plugin:org.jetbrains.kotlin.jvm@1.9.22:10",
		"kotlin@1.9.22:10",
		"java@21:17",
		"org.springframework.boot:spring-boot-starter-web@:24",
		"org.postgresql:postgresql@42.7.1:29",
		"org.springframework.boot:spring-boot-devtools@:30 dev",
		"org.testcontainers:postgresql@1.19.3:32 dev",
		"io.mockk:mockk@1.13.8:33 dev",
		"org.yaml:snakeyaml@2.2:38",
	} {
		if !strings.Contains(joined, " "+want+" ") {
			t.Errorf("missing %s in %s", want, joined)
		}
	}
	if strings.Contains(joined, "not:real") {
		t.Error("a dependency inside a comment was read")
	}
	if res.Manifests["app/build.gradle.kts"] != "gradle" || len(res.Manifests) != 1 {
		t.Errorf("manifests = %v", res.Manifests)
	}
}

func TestInterpolationIsBounded(t *testing.T) {
	src := "def v = '" + strings.Repeat("x", 10000) + "'\ndependencies { implementation \"a:b:" + strings.Repeat("$v", 5000) + "\" }"
	got, _ := detecttest.Detect(Detector, "build.gradle", []byte(src))
	for _, s := range got {
		if len(s.Version) > 3*maxInterpolated {
			t.Fatalf("version grew to %d bytes", len(s.Version))
		}
	}
}
