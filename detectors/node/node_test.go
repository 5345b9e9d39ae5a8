package node

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// sig renders a signal compactly for comparisons.
func sig(s stack.Signal) string {
	out := s.Kind + " " + s.Ecosystem + ":" + s.Name
	if s.Version != "" {
		out += "@" + s.Version
	}
	if s.Scope != "" {
		out += " " + s.Scope
	}
	out += " L" + itoa(s.Line)
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func sigs(ss []stack.Signal) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = sig(s)
	}
	return out
}

// parseErr checks err holds a ParseError at line (and col when col > 0)
// whose message contains want.
func parseErr(t *testing.T, err error, line, col int, want string) {
	t.Helper()
	var pe *detect.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *detect.ParseError", err, err)
	}
	if pe.Line != line || (col > 0 && pe.Column != col) {
		t.Errorf("error at %d:%d, want %d:%d (%s)", pe.Line, pe.Column, line, col, pe.Msg)
	}
	if !strings.Contains(pe.Msg, want) {
		t.Errorf("error %q does not contain %q", pe.Msg, want)
	}
}

func TestParsePackageJSON(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		errLine int
		errCol  int
		errMsg  string
	}{
		{
			name: "sections and scopes",
			in: `{
  "dependencies": {"express": "^4.18.2", "@nestjs/core": "10.0.0"},
  "devDependencies": {
    "jest": "^29"
  },
  "peerDependencies": {"react": ">=18"},
  "optionalDependencies": {"fsevents": "*"}
}`,
			want: []string{
				"runtime runtime:nodejs L1",
				"package npm:express@^4.18.2 L2",
				"package npm:@nestjs/core@10.0.0 L2",
				"package npm:jest@^29 dev L4",
				"package npm:react@>=18 L6",
				"package npm:fsevents@* L7",
			},
		},
		{
			name: "engines packageManager workspaces array",
			in: `{"engines": {"npm": "10", "node": " ^20 || ^22 "},
"packageManager": "yarn@4.1.1",
"workspaces": ["packages/*", "apps/web"]}`,
			want: []string{
				"runtime runtime:nodejs L1",
				"runtime runtime:nodejs@^20 || ^22 L1",
				"tool tool:yarn@4.1.1 L2",
				"fact :workspace L3",
			},
		},
		{name: "empty file", in: "", want: []string{"runtime runtime:nodejs L1"}},
		{name: "white space only", in: " \n\t\n", want: []string{"runtime runtime:nodejs L1"}},
		{
			name: "front-end tooling only: Node.js is a build tool",
			in:   "{\n\"private\": true,\n\"devDependencies\": {\"vite\": \"^5.0.0\", \"laravel-vite-plugin\": \"^1.0\"}\n}",
			want: []string{"runtime runtime:nodejs dev L1", "package npm:vite@^5.0.0 dev L3", "package npm:laravel-vite-plugin@^1.0 dev L3"},
		},
		{
			name: "a start script makes it a Node.js service",
			in:   "{\"scripts\": {\"start\": \"node server.js\"}}",
			want: []string{"runtime runtime:nodejs L1"},
		},
		{name: "empty object", in: "{}", want: []string{"runtime runtime:nodejs dev L1"}},
		{name: "byte order mark", in: "\ufeff{\"dependencies\": {\"pg\": \"8\"}}", want: []string{"runtime runtime:nodejs L1", "package npm:pg@8 L1"}},
		{
			name:    "truncated keeps what was read",
			in:      "{\n  \"dependencies\": {\n    \"express\": \"^4\",\n    \"pg\": \"^8\"",
			want:    []string{"runtime runtime:nodejs L1", "package npm:express@^4 L3", "package npm:pg@^8 L4"},
			errLine: 4, errMsg: "unexpected end of JSON input",
		},
		{
			name:    "missing value",
			in:      "{\n  \"name\": \"x\",\n  \"version\": ,\n}",
			want:    []string{"runtime runtime:nodejs dev L1"},
			errLine: 3, errCol: 14, errMsg: "invalid character ','",
		},
		{
			name:    "trailing comma",
			in:      "{\n  \"dependencies\": {\"a\": \"1\",}\n}",
			want:    []string{"runtime runtime:nodejs L1", "package npm:a@1 L2"},
			errLine: 2, errCol: 29, errMsg: "invalid character '}'",
		},
		{
			name:    "top-level array",
			in:      `["express"]`,
			want:    []string{"runtime runtime:nodejs L1"},
			errLine: 1, errMsg: "must hold a JSON object, found an array",
		},
		{
			name:    "content after the object",
			in:      "{}\n}",
			want:    []string{"runtime runtime:nodejs dev L1"},
			errLine: 2, errMsg: "invalid JSON",
		},
		{
			name:    "dependencies not an object",
			in:      "{\n\"dependencies\": [\"express\"]}",
			want:    []string{"runtime runtime:nodejs dev L1"},
			errLine: 2, errMsg: "dependencies must be an object",
		},
		{
			name:    "version not a string",
			in:      "{\"devDependencies\": {\n\"jest\": 29}}",
			want:    []string{"runtime runtime:nodejs dev L1", "package npm:jest dev L2"},
			errLine: 2, errMsg: "must be a string, found a number",
		},
		{
			name:    "unknown package manager",
			in:      `{"packageManager": "pip@1"}`,
			want:    []string{"runtime runtime:nodejs dev L1"},
			errLine: 1, errMsg: "no known package manager",
		},
		{
			name: "duplicate key: the last wins",
			in:   "{\"engines\": {\"node\": \"18\"},\n\"engines\": {\"node\": \"20\"}}",
			want: []string{"runtime runtime:nodejs L1", "runtime runtime:nodejs@20 L2"},
		},
		{
			name: "deep nesting is skipped",
			in:   `{"config": {"a": {"b": {"c": [[[[{"d": 1}]]]]}}}, "dependencies": {"koa": "2"}}`,
			want: []string{"runtime runtime:nodejs L1", "package npm:koa@2 L1"},
		},
		{
			name: "key line when the value is on the next line",
			in:   "{\"dependencies\": {\n  \"fastify\"\n  :\n  \"4\"\n}}",
			want: []string{"runtime runtime:nodejs L1", "package npm:fastify@4 L2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePackageJSON([]byte(tt.in))
			if strings.Join(sigs(got), "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("signals:\n%s\nwant:\n%s", strings.Join(sigs(got), "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.errMsg == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			parseErr(t, err, tt.errLine, tt.errCol, tt.errMsg)
		})
	}
}

func TestPackageJSONAttrs(t *testing.T) {
	got, err := ParsePackageJSON([]byte(`{
  "dependencies": {
    "private": "git+https://deploy:s3cr3t@github.com/acme/private.git#v1",
    "sw": "npm:string-width@^4.2.0",
    "scoped": "npm:@scope/pkg@1"
  },
  "workspaces": {"packages": ["apps/*", "libs/*"], "nohoist": ["**/x"]}
}`))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]stack.Signal{}
	for _, s := range got {
		byName[s.Name] = s
	}
	if v := byName["private"].Version; strings.Contains(v, "s3cr3t") || v != "git+https://github.com/acme/private.git#v1" {
		t.Errorf("credentials not scrubbed: %q", v)
	}
	if a := byName["sw"].Attr("alias_of"); a != "string-width" {
		t.Errorf("alias_of = %q", a)
	}
	if a := byName["scoped"].Attr("alias_of"); a != "@scope/pkg" {
		t.Errorf("alias_of = %q", a)
	}
	ws := byName[stack.FactWorkspace]
	if ws.Kind != stack.KindFact || ws.Attr("members") != "apps/*,libs/*" || ws.Line != 7 {
		t.Errorf("workspace fact = %+v", ws)
	}
}

func TestPackageJSONStartScript(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{`{"scripts": {"start": "next start -p 3003", "build": "next build"}, "dependencies": {"next": "16"}}`, "true"},
		{`{"scripts": {"build": "next build"}, "dependencies": {"next": "16"}}`, ""},
		{`{"dependencies": {"next": "latest"}}`, ""},
	} {
		got, err := ParsePackageJSON([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range got {
			if s.Kind == stack.KindRuntime && s.Name == "nodejs" && s.Attr("start") != tc.want {
				t.Errorf("%s: nodejs attr start = %q, want %q", tc.in, s.Attr("start"), tc.want)
			}
		}
	}
}

func TestParseVersionFile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"v20.11.1\n", "20.11.1"},
		{"20\n", "20"},
		{"lts/*", "lts/*"},
		{"lts/hydrogen\n", "lts/hydrogen"},
		{"# pinned\n\n  v18.19.0  # comment\n", "18.19.0"},
		{"node", "node"},
		{"v", "v"},
		{"", ""},
		{"# only a comment\n", ""},
	}
	for _, tt := range tests {
		got := ParseVersionFile([]byte(tt.in))
		if tt.want == "" {
			if len(got) != 0 {
				t.Errorf("%q: got %v, want nothing", tt.in, got)
			}
			continue
		}
		if len(got) != 1 || got[0].Name != "nodejs" || got[0].Version != tt.want {
			t.Errorf("%q: got %v, want nodejs %s", tt.in, got, tt.want)
		}
	}
	got := ParseVersionFile([]byte("# pinned\n\n  v18.19.0\n"))
	if got[0].Line != 3 {
		t.Errorf("line = %d, want 3", got[0].Line)
	}
}

func TestPnpmWorkspace(t *testing.T) {
	got, err := ParsePnpmWorkspace([]byte("# comment\npackages:\n  - 'packages/*'\n  - '!**/test/**'\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Attr("members") != "packages/*,!**/test/**" || got[1].Line != 2 {
		t.Errorf("got %+v", got)
	}
	_, err = ParsePnpmWorkspace([]byte("packages: [a\n  b: c\n"))
	if err == nil {
		t.Fatal("no error for malformed YAML")
	}
	var pe *detect.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%T is not a ParseError", err)
	}
	_, err = ParsePnpmWorkspace([]byte("packages: apps\n"))
	parseErr(t, err, 1, 11, "must be a list")
	if got, err := ParsePnpmWorkspace(nil); err != nil || len(got) != 1 {
		t.Errorf("empty file: %v %v", got, err)
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		d    detect.Detector
		path string
		want bool
	}{
		{PackageJSON, "package.json", true},
		{PackageJSON, "apps/api/package.json", true},
		{PackageJSON, "package.json5", false},
		{VersionFile, "web/.nvmrc", true},
		{VersionFile, ".node-version", true},
		{Lockfile, "yarn.lock", true},
		{Lockfile, "a/bun.lockb", true},
		{Lockfile, "bun.lock", true},
		{Lockfile, "npm-shrinkwrap.json", true},
		{Lockfile, "package.json", false},
		{Config, "tsconfig.json", true},
		{Config, "tsconfig.app.json", true},
		{Config, "tsconfig.json.bak", false},
		{Config, "deno.jsonc", true},
		{Config, "bunfig.toml", true},
		{Config, "jsconfig.json", false},
		{PnpmWorkspace, "pnpm-workspace.yaml", true},
	}
	for _, tt := range tests {
		if got := tt.d.Match(tt.path); got != tt.want {
			t.Errorf("%s.Match(%q) = %v, want %v", tt.d.Name, tt.path, got, tt.want)
		}
	}
	if !Config.Manifest("deno.json") || Config.Manifest("tsconfig.json") {
		t.Error("Config.Manifest: only deno.json(c) are manifests")
	}
}

func TestDetectThroughDetector(t *testing.T) {
	got, err := detecttest.Detect(Lockfile, "x/pnpm-lock.yaml", []byte("lockfileVersion: '9.0'"))
	if err != nil || len(got) != 2 || got[0].Attr("manager") != "pnpm" || got[1].Name != "pnpm" || got[1].Kind != stack.KindTool {
		t.Errorf("lockfile: %+v %v", got, err)
	}
	got, _ = detecttest.Detect(Config, "tsconfig.base.json", []byte("{ // not parsed"))
	if len(got) != 1 || got[0].Name != "typescript" {
		t.Errorf("tsconfig: %+v", got)
	}
}

func FuzzPackageJSON(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.JSON) { // at and past the depth limit
		f.Add(s)
	}
	seeds := []string{
		"", "{}", "[]", "null", `"x"`, "{", "}", `{"dependencies":`, `{"a":1}}`,
		`{"dependencies": {"express": "^4.18.2"}, "devDependencies": {"jest": 29}}`,
		`{"engines": {"node": ">=20"}, "packageManager": "pnpm@9.1.0+sha", "workspaces": {"packages": ["a/*"]}}`,
		`{"workspaces": "x", "dependencies": [1], "packageManager": 3}`,
		"\ufeff{\"x\": [[[[[[{}]]]]]]}",
		`{"dependencies": {"a": "npm:@s/p@1", "b": "git+ssh://u:p@h/x"}}`,
		"{\"a\": \"\\u0000\", \"b\": 1e999}",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParsePackageJSON(data)
		if len(got) == 0 || got[0].Name != "nodejs" {
			t.Fatalf("the nodejs runtime signal is missing: %v", got)
		}
		if err != nil {
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("error %v is not a ParseError with a message", err)
			}
			if json.Valid(data) && strings.Contains(err.Error(), "invalid JSON") {
				t.Fatalf("valid JSON reported as invalid: %v", err)
			}
			if !json.Valid(data) && strings.Contains(err.Error(), "invalid JSON") && pe.Line < 1 {
				t.Fatalf("syntax error without a line: %v", err)
			}
		}
	})
}

func FuzzPnpmWorkspace(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) { // at and past the depth limit
		f.Add(s)
	}
	for _, s := range []string{"", "packages:\n  - a/*\n", "packages: x", "packages: [a, b]", "- a", ": :", "packages:\n  - {a: b}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParsePnpmWorkspace(data)
		if len(got) == 0 || got[0].Name != "pnpm" {
			t.Fatalf("the pnpm tool signal is missing: %v", got)
		}
		if err != nil {
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("error %v is not a ParseError with a message", err)
			}
		}
	})
}

// TestAssetBuildBesideAnotherBackend: a package.json without an entry point
// next to composer.json (Laravel's Vite build) is development tooling; the
// same file alone, or with a start script, is a Node.js service.
func TestAssetBuildBesideAnotherBackend(t *testing.T) {
	frontend := `{"private": true, "scripts": {"lint": "eslint ."}, "dependencies": {"vue": "^3.4.0"}}`
	service := `{"scripts": {"start": "node server.js"}, "dependencies": {"express": "^4.19.2"}}`
	fsys := fstest.MapFS{
		"shop/composer.json":  {Data: []byte(`{"require": {"laravel/framework": "^11.0"}}`)},
		"shop/package.json":   {Data: []byte(frontend)},
		"alone/package.json":  {Data: []byte(frontend)},
		"api/Gemfile":         {Data: []byte("gem 'rails'\n")},
		"api/package.json":    {Data: []byte(service)},
		"ui/app/package.json": {Data: []byte(frontend)},
		"ui/pyproject.toml":   {Data: []byte("[project]\nname='x'\n")},
	}
	res := detecttest.Scan(t, fsys, PackageJSON)
	scopes := map[string]string{}
	for _, s := range res.Signals {
		if s.Name == "nodejs" {
			scopes[s.File] = s.Scope + "/" + s.Attr("role")
		}
	}
	want := map[string]string{
		"shop/package.json":   "dev/asset-build",
		"alone/package.json":  "runtime/",
		"api/package.json":    "runtime/",
		"ui/app/package.json": "runtime/", // only the same folder counts
	}
	if !reflect.DeepEqual(scopes, want) {
		t.Errorf("nodejs scopes = %v, want %v", scopes, want)
	}
}

// TestTypeScriptOfAnAssetBuild: a tsconfig whose nearest package.json is a
// Laravel app's asset build is development tooling; a Node service's is not.
func TestTypeScriptOfAnAssetBuild(t *testing.T) {
	fsys := fstest.MapFS{
		"shop/composer.json":                  {Data: []byte(`{}`)},
		"shop/package.json":                   {Data: []byte(`{"scripts": {"build": "vite build"}}`)},
		"shop/resources/assets/tsconfig.json": {Data: []byte(`{}`)},
		"api/package.json":                    {Data: []byte(`{"main": "dist/index.js"}`)},
		"api/tsconfig.json":                   {Data: []byte(`{}`)},
		"lib/tsconfig.build.json":             {Data: []byte(`{}`)},
	}
	res := detecttest.Scan(t, fsys, Config)
	got := map[string]string{}
	for _, s := range res.Signals {
		got[s.File] = s.Scope
	}
	want := map[string]string{"shop/resources/assets/tsconfig.json": "dev", "api/tsconfig.json": "runtime", "lib/tsconfig.build.json": "runtime"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("typescript scopes = %v, want %v", got, want)
	}
}

func TestFrontEndBuild(t *testing.T) {
	for _, tc := range []struct {
		name, pkg string
		want      bool
	}{
		{"vite SPA", `{"scripts": {"dev": "vite", "build": "tsc -p tsconfig.build.json && vite build"}, "dependencies": {"react": "^18"}}`, true},
		{"create-react-app", `{"scripts": {"start": "react-scripts start", "build": "react-scripts build"}}`, true},
		{"webpack dev server as start", `{"scripts": {"start": "npm-run-all --parallel watch:viz webpack-dev-server", "build": "webpack"}}`, true},
		{"Node service bundled with webpack", `{"scripts": {"start": "node dist/server.js", "build": "webpack"}}`, false},
		{"library with main", `{"main": "dist/index.js", "scripts": {"build": "rollup -c"}}`, false},
		{"Maizzle e-mail templates", `{"private": true, "scripts": {"dev": "maizzle serve", "build": "maizzle build production"}, "dependencies": {"@maizzle/framework": "4.4.6"}}`, true}, // AppFlowy-Cloud
		{"Next.js serves requests", `{"scripts": {"dev": "next dev", "build": "next build", "start": "next start"}}`, false},
		{"plain service", `{"scripts": {"start": "node index.js"}, "dependencies": {"express": "^4"}}`, false},
		{"no scripts", `{"dependencies": {"express": "^4"}}`, false},
		{"malformed", `{"scripts": `, false},
	} {
		if got := FrontEndBuild([]byte(tc.pkg)); got != tc.want {
			t.Errorf("%s: FrontEndBuild = %v, want %v", tc.name, got, tc.want)
		}
	}
}
