package maven

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	for _, name := range []string{"spring-boot", "multimodule"} {
		t.Run(name, func(t *testing.T) {
			fsys := detecttest.LoadFS(t, "testdata/"+name+".txtar")
			res := detecttest.Scan(t, fsys, Detector)
			if len(res.Diagnostics) > 0 {
				t.Errorf("diagnostics: %+v", res.Diagnostics)
			}
			detecttest.Golden(t, "testdata/"+name+".golden.json", res.Signals)
		})
	}
}

// find returns the first signal with the name, failing the test if none.
func find(t *testing.T, sigs []stack.Signal, name string) stack.Signal {
	t.Helper()
	for _, s := range sigs {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no signal %q in %+v", name, sigs)
	return stack.Signal{}
}

func TestSpringBootSignals(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/spring-boot.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	if res.Manifests["pom.xml"] != "maven" {
		t.Errorf("pom.xml not a manifest: %v", res.Manifests)
	}
	par := find(t, res.Signals, "org.springframework.boot:spring-boot-starter-parent")
	if par.Version != "3.2.1" || par.Attr("role") != "parent" || par.Line != 8 {
		t.Errorf("parent = %+v", par)
	}
	bom := find(t, res.Signals, "org.testcontainers:testcontainers-bom")
	if bom.Version != "1.19.3" || bom.Attr("managed") != "true" || bom.Attr("role") != "bom" {
		t.Errorf("bom = %+v", bom)
	}
	test := find(t, res.Signals, "org.springframework.boot:spring-boot-starter-test")
	if test.Scope != stack.ScopeDev {
		t.Errorf("test dep scope = %q", test.Scope)
	}
	prov := find(t, res.Signals, "jakarta.servlet:jakarta.servlet-api")
	if prov.Scope != stack.ScopeRuntime || prov.Attr("scope") != "provided" {
		t.Errorf("provided dep = %+v", prov)
	}
	sure := find(t, res.Signals, "org.apache.maven.plugins:maven-surefire-plugin")
	if sure.Attr("role") != "plugin" || sure.Scope != stack.ScopeDev {
		t.Errorf("surefire (a test plugin, dev) = %+v", sure)
	}
	if boot := find(t, res.Signals, "org.springframework.boot:spring-boot-maven-plugin"); boot.Scope != stack.ScopeRuntime {
		t.Errorf("spring-boot-maven-plugin (builds the app, runtime) = %+v", boot)
	}
	if lombok := find(t, res.Signals, "org.projectlombok:lombok"); lombok.Scope != stack.ScopeDev || lombok.Attr("optional") != "true" {
		t.Errorf("optional lombok = %+v", lombok)
	}
	if tool := find(t, res.Signals, "maven"); tool.Kind != stack.KindTool || tool.Version != "3.9.6" || tool.Line != 2 || tool.Attr("wrapper") != ".mvn/wrapper/maven-wrapper.properties" {
		t.Errorf("tool maven = %+v", tool)
	}
	java := find(t, res.Signals, "java")
	if java.Kind != stack.KindRuntime || java.Version != "21" || java.Line != 17 {
		t.Errorf("java = %+v", java)
	}
}

func TestMultiModule(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/multimodule.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	var api []stack.Signal
	for _, s := range res.Signals {
		if s.File == "api/pom.xml" {
			api = append(api, s)
		}
	}
	if v := find(t, api, "org.jetbrains.kotlin:kotlin-stdlib").Version; v != "1.9.22" {
		t.Errorf("kotlin-stdlib version from parent property = %q", v)
	}
	if v := find(t, api, "com.acme:domain").Version; v != "1.4.0" {
		t.Errorf("${project.version} from parent = %q", v)
	}
	if k := find(t, api, "kotlin"); k.Version != "1.9.22" || k.Kind != stack.KindRuntime {
		t.Errorf("kotlin = %+v", k)
	}
	if j := find(t, api, "java"); j.Version != "21" {
		t.Errorf("java = %+v", j)
	}
	// No wrapper: the tool maven without a version, at <project>.
	if tool := find(t, api, "maven"); tool.Kind != stack.KindTool || tool.Version != "" || tool.Attrs != nil {
		t.Errorf("tool maven = %+v", tool)
	}
	ws := find(t, res.Signals, stack.FactWorkspace)
	if ws.Attr("members") != "api,worker" || ws.File != "pom.xml" || ws.Line != 7 {
		t.Errorf("workspace = %+v", ws)
	}
}

func TestDetectTable(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		errLine int // 0: no error expected; -1: error without line
		want    []string
	}{
		{name: "empty", in: "  \n", errLine: -1},
		{name: "not a project", in: "<settings/>", errLine: 1},
		{name: "minimal", in: "<project/>", want: []string{"java@", "maven@"}},
		{name: "version property",
			in:   "<project>\n<properties><maven.compiler.source>1.8</maven.compiler.source></properties>\n</project>",
			want: []string{"java@1.8", "maven@"}},
		{name: "unresolved property kept",
			in:   "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>${nope}</version></dependency></dependencies></project>",
			want: []string{"g:a@${nope}", "java@", "maven@"}},
		{name: "self-referencing property",
			in:   "<project><properties><a>${a}</a></properties><dependencies><dependency><groupId>g</groupId><artifactId>x</artifactId><version>${a}</version></dependency></dependencies></project>",
			want: []string{"g:x@${a}", "java@", "maven@"}},
		{name: "dependency without group skipped",
			in:   "<project><dependencies><dependency><artifactId>a</artifactId></dependency></dependencies></project>",
			want: []string{"java@", "maven@"}},
		{name: "truncated keeps what was read",
			in:      "<project>\n<dependencies>\n<dependency><groupId>g</groupId><artifactId>a</artifactId></dependency>\n<dependency><groupId>",
			errLine: 4, want: []string{"g:a@", "java@", "maven@"}},
		{name: "mismatched tag",
			in:      "<project>\n<parent>\n<groupId>g</artifactId>\n</parent>\n</project>",
			errLine: 3, want: []string{"java@", "maven@"}},
		{name: "latin1 declared",
			in:   "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<project><properties><kotlin.version>2.0.0</kotlin.version></properties></project>",
			want: []string{"java@", "kotlin@2.0.0", "maven@"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Detector, "pom.xml", []byte(c.in))
			if c.errLine == 0 && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if c.errLine != 0 {
				var pe *detect.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("want ParseError, got %v", err)
				}
				if c.errLine > 0 && pe.Line != c.errLine {
					t.Errorf("error line %d, want %d (%v)", pe.Line, c.errLine, pe)
				}
			}
			var got []string
			for _, s := range sigs {
				got = append(got, s.Name+"@"+s.Version)
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestDevPluginsAndWrapper(t *testing.T) {
	pom := `<project>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-devtools</artifactId><scope>runtime</scope><optional>true</optional></dependency>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><scope>runtime</scope></dependency>
  </dependencies>
  <build><plugins>
    <plugin><groupId>org.jacoco</groupId><artifactId>jacoco-maven-plugin</artifactId></plugin>
    <plugin><artifactId>maven-checkstyle-plugin</artifactId></plugin>
    <plugin><groupId>com.github.spotbugs</groupId><artifactId>spotbugs-maven-plugin</artifactId></plugin>
    <plugin><artifactId>maven-pmd-plugin</artifactId></plugin>
    <plugin><artifactId>maven-failsafe-plugin</artifactId></plugin>
    <plugin><artifactId>maven-site-plugin</artifactId></plugin>
    <plugin><groupId>com.diffplug.spotless</groupId><artifactId>spotless-maven-plugin</artifactId></plugin>
    <plugin><artifactId>maven-enforcer-plugin</artifactId></plugin>
    <plugin><groupId>org.sonarsource.scanner.maven</groupId><artifactId>sonar-maven-plugin</artifactId></plugin>
    <plugin><artifactId>maven-jar-plugin</artifactId></plugin>
    <plugin><groupId>org.graalvm.buildtools</groupId><artifactId>native-maven-plugin</artifactId></plugin>
  </plugins></build>
</project>`
	fsys := fstest.MapFS{
		"svc/app/pom.xml": {Data: []byte(pom)},
		"svc/.mvn/wrapper/maven-wrapper.properties": {Data: []byte("wrapperVersion=3.3.2\ndistributionType=only-script\n" +
			"distributionUrl=https\\://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.6/apache-maven-3.9.6-bin.zip\n")},
	}
	res := detecttest.Scan(t, fsys, Detector)
	var got []string
	for _, s := range res.Signals {
		got = append(got, s.Name+"@"+s.Version+" "+s.Scope)
	}
	want := []string{
		"java@ runtime", "maven@3.9.6 runtime",
		"org.springframework.boot:spring-boot-devtools@ dev", "org.postgresql:postgresql@ runtime",
		"org.jacoco:jacoco-maven-plugin@ dev", "org.apache.maven.plugins:maven-checkstyle-plugin@ dev", "com.github.spotbugs:spotbugs-maven-plugin@ dev",
		"org.apache.maven.plugins:maven-pmd-plugin@ dev", "org.apache.maven.plugins:maven-failsafe-plugin@ dev", "org.apache.maven.plugins:maven-site-plugin@ dev",
		"com.diffplug.spotless:spotless-maven-plugin@ dev", "org.apache.maven.plugins:maven-enforcer-plugin@ dev",
		"org.sonarsource.scanner.maven:sonar-maven-plugin@ dev", "org.apache.maven.plugins:maven-jar-plugin@ runtime",
		"org.graalvm.buildtools:native-maven-plugin@ runtime",
	}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	for in, want := range map[string]string{
		"distributionUrl=https\\://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.8.8/apache-maven-3.8.8-bin.zip\n": "3.8.8",
		"# c\ndistributionUrl: https://x/apache-maven-4.0.0-rc-2-bin.tar.gz\r\n":                                                  "4.0.0-rc-2",
		"distributionUrl=https://nexus.example.com/maven-dist.zip\n":                                                              "",
		"distributionUrl=https://x/apache-maven-latest-bin.zip\n":                                                                 "",
		"wrapperUrl=https://x/maven-wrapper-3.2.0.jar\n":                                                                          "",
		"": "",
	} {
		if got := WrapperVersion([]byte(in)); got != want {
			t.Errorf("WrapperVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzPOM(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.XML) { // at and past the depth limit
		f.Add(s)
	}
	for _, s := range []string{
		"", "<project/>", "<project><parent><artifactId>x</artifactId></parent></project>",
		"<project><properties><a>${b}</a><b>${a}</b></properties><dependencies><dependency><groupId>${a}</groupId><artifactId>y</artifactId></dependency></dependencies></project>",
		"<project><modules><module>a</module></modules><build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><configuration><release>17</release></configuration></plugin></plugins></build></project>",
		"<?xml version='1.0'?><project><dependencies><dependency>",
		"<project>&bogus;</project>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Detector, "pom.xml", data)
		if err != nil {
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("error %v is not a ParseError with a message", err)
			}
		}
		for _, s := range sigs {
			if s.Name == "" || s.Kind == "" {
				t.Fatalf("empty signal %+v", s)
			}
		}
	})
}

func TestPropertyBlowUpIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("<project><properties>")
	for i := 0; i < 12; i++ {
		b.WriteString("<p" + string(rune('a'+i)) + ">")
		for j := 0; j < 50; j++ {
			b.WriteString("${p" + string(rune('a'+i+1)) + "}")
		}
		b.WriteString("</p" + string(rune('a'+i)) + ">")
	}
	b.WriteString("<pm>x</pm></properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>${pa}</version></dependency></dependencies></project>")
	sigs, err := detecttest.Detect(Detector, "pom.xml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if v := find(t, sigs, "g:a").Version; len(v) > 4*maxResolved {
		t.Errorf("version grew to %d bytes", len(v))
	}
}

func FuzzWrapperVersion(f *testing.F) {
	for _, s := range []string{"", "distributionUrl=", "distributionUrl=https\\://x/apache-maven-3.9.6-bin.zip", "distributionUrl:apache-maven-", "distributionUrl=x?#/", "=\n:\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		v := WrapperVersion([]byte(src))
		if v != "" && (v[0] < '0' || v[0] > '9' || strings.ContainsAny(v, " \t/")) {
			t.Fatalf("bad version %q", v)
		}
	})
}
