package dart

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	detecttest.GoldenFixtures(t, PubspecDetector, LockDetector, MelosDetector, ServerpodConfig)
}

// render keys signals by name ("fact:" before facts, "tool:" before
// tools) as version|scope|line|attrs.
func render(sigs []stack.Signal) map[string]string {
	m := map[string]string{}
	for _, s := range sigs {
		k := s.Name
		switch s.Kind {
		case stack.KindFact:
			k = "fact:" + s.Name
		case stack.KindTool:
			k = "tool:" + s.Name
		}
		m[k] = fmt.Sprintf("%s|%s|%d|%v", s.Version, s.Scope, s.Line, s.Attrs)
	}
	return m
}

func check(t *testing.T, sigs []stack.Signal, err error, wantErr string, want map[string]string) {
	t.Helper()
	detecttest.ParseErrors(t, err)
	switch {
	case wantErr == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
		t.Fatalf("err = %v, want one containing %q", err, wantErr)
	}
	got := render(sigs)
	if len(got) != len(want) {
		t.Errorf("got %d signals %v, want %d", len(got), got, len(want))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func TestPubspec(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
		want              map[string]string
	}{
		{name: "empty", in: "", want: map[string]string{"dart": "||0|map[]"}},
		{
			name: "sdk constraint and dependency kinds",
			in: "name: app\nenvironment:\n  sdk: '>=3.3.0 <4.0.0'\n  flutter: \">=3.22.0\"\n" +
				"dependencies:\n  flutter:\n    sdk: flutter\n  http: ^1.2.0\n  any_pkg:\n  local:\n    path: ../local\n" +
				"  forked:\n    git:\n      url: https://example.com/x.git\n      ref: main\n  private:\n    hosted: https://pub.example.com\n    version: ^2.0.0\n" +
				"dev_dependencies:\n  flutter_test:\n    sdk: flutter\n  lints: ^5.0.0\n" +
				"dependency_overrides:\n  meta: 1.15.0\n",
			want: map[string]string{
				"dart":         ">=3.3.0 <4.0.0||3|map[]",
				"flutter":      ">=3.22.0||6|map[sdk:flutter source:sdk]",
				"http":         "^1.2.0||8|map[]",
				"any_pkg":      "||9|map[]",
				"local":        "||10|map[source:path]",
				"forked":       "||12|map[source:git]",
				"private":      "^2.0.0||16|map[source:hosted]",
				"flutter_test": "|dev|20|map[sdk:flutter source:sdk]",
				"lints":        "^5.0.0|dev|22|map[]",
			},
		},
		{
			name: "workspace root and member",
			in:   "name: ws\nresolution: workspace\nenvironment:\n  sdk: ^3.6.0\nworkspace:\n  - pkgs/a\n  - pkgs/b\n",
			want: map[string]string{
				"dart":           "^3.6.0||4|map[resolution:workspace]",
				"fact:workspace": "||5|map[manager:pub members:pkgs/a,pkgs/b]",
			},
		},
		{
			name: "a Melos 7 root",
			in:   "name: mono\nworkspace:\n  - packages/a\ndev_dependencies:\n  melos: ^7.0.0\nmelos:\n  scripts:\n    analyze: dart analyze .\n",
			want: map[string]string{
				"dart":           "||1|map[]",
				"fact:workspace": "||2|map[manager:pub members:packages/a]",
				"melos":          "^7.0.0|dev|5|map[]",
				"tool:melos":     "||6|map[]",
			},
		},
		{
			name: "executables make a command",
			in:   "name: tool\nexecutables:\n  tool:\n  tool-gen: generate\n",
			want: map[string]string{
				"dart":             "||1|map[]",
				"fact:entry-point": "||2|map[detail:pubspec executables tool,tool-gen kind:command]",
			},
		},
		{
			name: "no environment: the name's line",
			in:   "# a comment\nname: x\ndependencies:\n",
			want: map[string]string{"dart": "||2|map[]"},
		},
		{
			name:    "dependency as a list",
			in:      "name: x\ndependencies:\n  http:\n    - 1\n  path: ^1.9.0\n",
			wantErr: "dependencies.http: expected a version constraint or a mapping",
			want:    map[string]string{"dart": "||1|map[]", "path": "^1.9.0||5|map[]"},
		},
		{
			name:    "dependency mapping with no source",
			in:      "name: x\ndependencies:\n  http:\n    url: https://x\n",
			wantErr: "found a mapping with none of them",
			want:    map[string]string{"dart": "||1|map[]", "http": "||3|map[]"},
		},
		{
			name:    "dependencies not a mapping",
			in:      "name: x\ndev_dependencies: [a, b]\n",
			wantErr: "dev_dependencies: expected a mapping of package names",
			want:    map[string]string{"dart": "||1|map[]"},
		},
		{
			name:    "sdk not a string",
			in:      "environment:\n  sdk:\n    min: 3\n",
			wantErr: "environment.sdk: expected a version constraint",
			want:    map[string]string{"dart": "||1|map[]"},
		},
		{
			name:    "top level not a mapping",
			in:      "- name: x\n",
			wantErr: "a pubspec must be a mapping",
			want:    map[string]string{"dart": "||0|map[]"},
		},
		{
			name:    "syntax error",
			in:      "name: x\ndependencies:\n  http: ^1.0.0\n bad: [\n",
			wantErr: "invalid YAML",
			want:    map[string]string{"dart": "||0|map[]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(PubspecDetector, "pubspec.yaml", []byte(tt.in))
			check(t, sigs, err, tt.wantErr, tt.want)
		})
	}
}

func TestPubspecErrorLine(t *testing.T) {
	_, err := detecttest.Detect(PubspecDetector, "pubspec.yaml", []byte("name: x\ndependencies:\n  a: ^1.0.0\n  b:\n    - 2\n"))
	var pe *detect.ParseError
	if !errors.As(err, &pe) || pe.Line != 4 {
		t.Errorf("err = %#v, want a ParseError on line 4", err)
	}
}

// tree is a FileReader over a set of paths.
type tree map[string]string

func (f tree) ReadFile(p string) ([]byte, error) {
	if s, ok := f[p]; ok {
		return []byte(s), nil
	}
	return nil, fs.ErrNotExist
}

func run(t *testing.T, d detect.Detector, p string, files tree) ([]stack.Signal, error) {
	t.Helper()
	in := &detect.Input{Path: p, Data: []byte(files[p]), Files: files}
	return d.Detect(context.Background(), in)
}

func TestFlutterPlatforms(t *testing.T) {
	const app = "name: app\ndependencies:\n  flutter:\n    sdk: flutter\n"
	const plugin = "name: app_web\ndependencies:\n  flutter:\n    sdk: flutter\nflutter:\n  plugin:\n    platforms:\n      web:\n        pluginClass: AppWeb\n"
	for _, tc := range []struct {
		name  string
		files tree
		want  string
	}{
		{"no platform folder", tree{"m/pubspec.yaml": app}, ""},
		{"mobile and web", tree{"m/pubspec.yaml": app, "m/android/app/build.gradle.kts": "", "m/ios/Podfile": "", "m/web/index.html": ""}, "android,ios,web"},
		{"desktop", tree{"m/pubspec.yaml": app, "m/macos/Runner/Info.plist": "", "m/windows/CMakeLists.txt": "", "m/linux/CMakeLists.txt": ""}, "macos,windows,linux"},
		{"web only", tree{"m/pubspec.yaml": app, "m/web/manifest.json": ""}, "web"},
		{"a web plugin", tree{"m/pubspec.yaml": plugin}, "web"},
		{"a folder of another project", tree{"m/pubspec.yaml": app, "m/android/README.md": ""}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs, err := run(t, PubspecDetector, "m/pubspec.yaml", tc.files)
			if err != nil {
				t.Fatal(err)
			}
			got := "missing"
			for _, s := range sigs {
				if s.Name == "flutter" {
					got = s.Attr("platforms")
				}
			}
			if got != tc.want {
				t.Errorf("platforms = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLibraryPackage(t *testing.T) {
	const pkg = "name: core\nversion: 1.0.0\n"
	for _, tc := range []struct {
		name  string
		files tree
		lib   bool
	}{
		{"lib/<name>.dart alone", tree{"p/pubspec.yaml": pkg, "p/lib/core.dart": ""}, true},
		{"a program in bin", tree{"p/pubspec.yaml": pkg, "p/lib/core.dart": "", "p/bin/main.dart": ""}, false},
		{"a Flutter app", tree{"p/pubspec.yaml": pkg, "p/lib/core.dart": "", "p/lib/main.dart": ""}, false},
		{"no library file", tree{"p/pubspec.yaml": pkg, "p/lib/src/x.dart": ""}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs, err := run(t, PubspecDetector, "p/pubspec.yaml", tc.files)
			if err != nil {
				t.Fatal(err)
			}
			lib := false
			for _, s := range sigs {
				if s.Kind == stack.KindFact && s.Name == stack.FactEntryPoint {
					lib = s.Attr("kind") == stack.EntryLibrary
				}
			}
			if lib != tc.lib {
				t.Errorf("library = %v, want %v", lib, tc.lib)
			}
		})
	}
}

const lock = `# Generated by pub
packages:
  flutter:
    dependency: "direct main"
    description: flutter
    source: sdk
    version: "0.0.0"
  http:
    dependency: "direct main"
    description:
      name: http
      url: "https://pub.dev"
    source: hosted
    version: "1.2.2"
  lints:
    dependency: "direct dev"
    source: hosted
    version: "5.1.1"
  local:
    dependency: "direct main"
    description:
      path: "../local"
      relative: true
    source: path
    version: "0.1.0"
  meta:
    dependency: "direct overridden"
    source: hosted
    version: "1.15.0"
  async:
    dependency: transitive
    source: hosted
    version: "2.12.0"
sdks:
  dart: ">=3.5.0 <4.0.0"
`

func TestLock(t *testing.T) {
	fact := func(direct, transitive int) string {
		return fmt.Sprintf("||0|map[direct:%d manager:pub transitive:%d]", direct, transitive)
	}
	tests := []struct {
		name, in, pubspec, wantErr string
		want                       map[string]string
	}{
		{
			name: "without a pubspec: the direct entries",
			in:   lock,
			want: map[string]string{
				"fact:lockfile": fact(5, 1), "tool:pub": "||0|map[]",
				"http":  "1.2.2||8|map[locked:true]",
				"lints": "5.1.1|dev|15|map[locked:true]",
				"local": "0.1.0||19|map[locked:true source:path]",
			},
		},
		{
			name:    "with a pubspec: what it declares, scoped as it says",
			in:      lock,
			pubspec: "name: x\ndependencies:\n  flutter:\n    sdk: flutter\n  meta: ^1.15.0\ndev_dependencies:\n  http: ^1.2.0\n",
			want: map[string]string{
				"fact:lockfile": fact(5, 1), "tool:pub": "||0|map[]",
				"http": "1.2.2|dev|8|map[locked:true]",
				"meta": "1.15.0||26|map[locked:true]",
			},
		},
		{
			name: "empty", in: "",
			want: map[string]string{"fact:lockfile": fact(0, 0), "tool:pub": "||0|map[]"},
		},
		{
			name:    "packages not a mapping",
			in:      "packages:\n  - http\n",
			wantErr: "packages: expected a mapping of package names",
			want:    map[string]string{"fact:lockfile": fact(0, 0), "tool:pub": "||0|map[]"},
		},
		{
			name:    "version not a string",
			in:      "packages:\n  http:\n    dependency: \"direct main\"\n    version: [1, 2]\n  path:\n    dependency: \"direct main\"\n    version: \"1.9.0\"\n",
			wantErr: "packages.http.version: expected a string",
			want: map[string]string{
				"fact:lockfile": fact(2, 0), "tool:pub": "||0|map[]",
				"http": "||2|map[locked:true]", "path": "1.9.0||5|map[locked:true]",
			},
		},
		{
			name:    "entry not a mapping",
			in:      "packages:\n  http: 1.2.2\n",
			wantErr: "packages.http: expected a mapping",
			want:    map[string]string{"fact:lockfile": fact(0, 0), "tool:pub": "||0|map[]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tree{"app/pubspec.lock": tt.in}
			if tt.pubspec != "" {
				files["app/pubspec.yaml"] = tt.pubspec
			}
			sigs, err := run(t, LockDetector, "app/pubspec.lock", files)
			check(t, sigs, err, tt.wantErr, tt.want)
		})
	}
}

func TestWorkspaceMemberLockedVersions(t *testing.T) {
	const member = "name: a\nresolution: workspace\ndependencies:\n  http: ^1.2.0\n  flutter:\n    sdk: flutter\n  b:\n    path: ../b\n  meta:\ndev_dependencies:\n  lints: ^5.0.0\n"
	for _, tc := range []struct {
		name  string
		files tree
		want  map[string]string
	}{
		{
			name: "the root's lock resolves",
			files: tree{"pkgs/a/pubspec.yaml": member, "pubspec.yaml": "name: ws\nworkspace:\n  - pkgs/a\n  - pkgs/b\n", "pubspec.lock": lock,
				"pkgs/b/pubspec.lock": "packages:\n  http:\n    version: \"9.9.9\"\n"},
			want: map[string]string{
				"http":    "1.2.2||4|map[constraint:^1.2.0 locked:true lockfile:pubspec.lock]",
				"flutter": "||5|map[sdk:flutter source:sdk]",
				"b":       "||7|map[source:path]",
				"meta":    "1.15.0||9|map[locked:true lockfile:pubspec.lock]",
				"lints":   "5.1.1|dev|11|map[constraint:^5.0.0 locked:true lockfile:pubspec.lock]",
			},
		},
		{
			name:  "a package above that is no workspace root is passed over",
			files: tree{"pkgs/a/pubspec.yaml": member, "pkgs/pubspec.yaml": "name: p\n", "pkgs/pubspec.lock": lock, "pubspec.yaml": "name: ws\nworkspace: [pkgs/a]\n"},
			want:  map[string]string{"http": "^1.2.0||4|map[]", "meta": "||9|map[]", "lints": "^5.0.0|dev|11|map[]"},
		},
		{
			name:  "no lock at the root",
			files: tree{"pkgs/a/pubspec.yaml": member, "pubspec.yaml": "name: ws\nworkspace: [pkgs/a]\n"},
			want:  map[string]string{"http": "^1.2.0||4|map[]", "meta": "||9|map[]", "lints": "^5.0.0|dev|11|map[]"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs, err := run(t, PubspecDetector, "pkgs/a/pubspec.yaml", tc.files)
			if err != nil {
				t.Fatal(err)
			}
			got := render(sigs)
			for k, w := range tc.want {
				if got[k] != w {
					t.Errorf("%s = %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

func TestMelos(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
		want              map[string]string
	}{
		{
			name: "packages",
			in:   "name: mono\npackages:\n  - packages/*\n  - apps/**\nscripts:\n  test: melos exec -- flutter test\n",
			want: map[string]string{"tool:melos": "||1|map[]", "fact:workspace": "||2|map[manager:melos members:packages/*,apps/**]"},
		},
		{name: "no packages", in: "name: mono\n", want: map[string]string{"tool:melos": "||1|map[]"}},
		{
			name:    "packages not a list",
			in:      "name: mono\npackages: packages/*\n",
			wantErr: "packages: expected a list of globs",
			want:    map[string]string{"tool:melos": "||1|map[]", "fact:workspace": "||2|map[manager:melos members:]"},
		},
		{name: "not a mapping", in: "[a]\n", wantErr: "melos.yaml must be a mapping", want: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(MelosDetector, "melos.yaml", []byte(tt.in))
			check(t, sigs, err, tt.wantErr, tt.want)
		})
	}
}

func TestServerpodConfig(t *testing.T) {
	const prod = "apiServer:\n  port: 8080\ndatabase:\n  host: db\n  name: app\nredis:\n  enabled: true\n  host: cache\n"
	tests := []struct {
		name, path, in, wantErr string
		want                    map[string]string
	}{
		{
			name: "production: PostgreSQL and Redis", path: "server/config/production.yaml", in: prod,
			want: map[string]string{
				"postgresql": "||3|map[environment:production source:serverpod-config]",
				"redis":      "||6|map[environment:production source:serverpod-config]",
			},
		},
		{
			name: "development, Redis off", path: "server/config/development.yaml",
			in:   "apiServer:\n  port: 8080\ndatabase:\n  host: localhost\nredis:\n  enabled: false\n",
			want: map[string]string{"postgresql": "|dev|3|map[environment:development source:serverpod-config]"},
		},
		{
			name: "another framework's file", path: "config/production.yaml",
			in:   "database:\n  adapter: postgresql\nredis:\n  enabled: true\n",
			want: map[string]string{},
		},
		{
			name: "redis.enabled not a boolean", path: "config/staging.yaml",
			in:      "apiServer: {}\nredis:\n  enabled: sometimes\n",
			wantErr: "redis.enabled: expected true or false",
			want:    map[string]string{},
		},
		{
			name: "database not a mapping", path: "config/staging.yaml",
			in:      "apiServer: {}\ndatabase: postgres://x\n",
			wantErr: "database: expected a mapping",
			want:    map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !ServerpodConfig.Match(tt.path) {
				t.Fatalf("%s not matched", tt.path)
			}
			sigs, err := detecttest.Detect(ServerpodConfig, tt.path, []byte(tt.in))
			check(t, sigs, err, tt.wantErr, tt.want)
		})
	}
	for _, p := range []string{"production.yaml", "config/prod.yaml", "config/production.yml", "settings/test.yaml"} {
		if ServerpodConfig.Match(p) {
			t.Errorf("%s matched", p)
		}
	}
}

func FuzzPubspec(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) { // at and past the depth limit
		f.Add(s)
	}
	f.Add([]byte("name: app\nenvironment:\n  sdk: ^3.5.0\n  flutter: '>=3.24.0'\ndependencies:\n  flutter:\n    sdk: flutter\n  http: ^1.2.0\n  x:\n    git:\n      url: u\n      ref: r\n  y:\n    hosted:\n      name: y\n      url: https://h\n    version: ^1.0.0\ndev_dependencies:\n  test:\n"))
	f.Add([]byte("name: ws\nworkspace:\n  - a\n  - {b: c}\nexecutables:\n  t:\nflutter:\n  plugin:\n    platforms:\n      web:\n"))
	f.Add([]byte("base: &b\n  http: ^1.0.0\ndependencies:\n  <<: *b\n  path: *b\n"))
	f.Add([]byte("dependencies:\n  ? [a]\n  : 1\n"))
	f.Add([]byte("name: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(PubspecDetector, "pubspec.yaml", data)
		detecttest.WellFormed(t, sigs, err)
		if len(sigs) == 0 || sigs[0].Name != "dart" {
			t.Fatalf("first signal should be runtime dart: %+v", sigs)
		}
	})
}

func FuzzMelos(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) {
		f.Add(s)
	}
	f.Add([]byte("name: mono\npackages:\n  - packages/*\n  - apps/**\nignore:\n  - x\n"))
	f.Add([]byte("name: mono\npackages: [a, {b: c}, null]\n"))
	f.Add([]byte("a: &a [x]\npackages: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(MelosDetector, "melos.yaml", data)
		detecttest.WellFormed(t, sigs, err)
	})
}

func FuzzServerpodConfig(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) {
		f.Add(s)
	}
	f.Add([]byte("apiServer:\n  port: 8080\ndatabase:\n  host: db\nredis:\n  enabled: true\n"))
	f.Add([]byte("apiServer: {}\ndatabase: x\nredis:\n  enabled: [1]\n"))
	f.Add([]byte("apiServer: 1\nredis: &r {enabled: yes}\ndatabase: *r\n---\n[\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(ServerpodConfig, "config/production.yaml", data)
		detecttest.WellFormed(t, sigs, err)
	})
}

func FuzzPubspecLock(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) {
		f.Add(s)
	}
	f.Add([]byte(lock))
	f.Add([]byte("packages:\n  a:\n    dependency: transitive\n    version: 1\n  b: *x\n"))
	f.Add([]byte("packages:\n  <<: {a: {dependency: direct main}}\n"))
	f.Add([]byte("packages: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(LockDetector, "pubspec.lock", data)
		detecttest.WellFormed(t, sigs, err)
		if len(sigs) < 2 || sigs[0].Name != stack.FactLockfile {
			t.Fatalf("first signal should be the lockfile fact: %+v", sigs)
		}
	})
}
