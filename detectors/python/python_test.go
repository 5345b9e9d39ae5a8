package python

import (
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

// sig renders a signal compactly: kind eco:name@version scope file:line.
func sig(s stack.Signal) string {
	out := s.Kind + " " + s.Ecosystem + ":" + s.Name
	if s.Version != "" {
		out += "@" + s.Version
	}
	if s.Scope != "" {
		out += " " + s.Scope
	}
	if s.File != "" {
		out += " " + s.File
	}
	return out + fmt.Sprintf(" L%d", s.Line)
}

func sigs(ss []stack.Signal) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = sig(s)
	}
	return strings.Join(out, "\n")
}

func checkSigs(t *testing.T, got []stack.Signal, want ...string) {
	t.Helper()
	if g, w := sigs(got), strings.Join(want, "\n"); g != w {
		t.Errorf("signals:\n%s\nwant:\n%s", g, w)
	}
}

// parseErrs returns the ParseErrors in err, failing on anything else.
func parseErrs(t *testing.T, err error) []*detect.ParseError {
	t.Helper()
	if err == nil {
		return nil
	}
	var out []*detect.ParseError
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var pe *detect.ParseError
		if !errors.As(e, &pe) {
			t.Fatalf("error %v (%T) is not a *detect.ParseError", e, e)
		}
		out = append(out, pe)
	}
	walk(err)
	return out
}

// wantErr checks err holds exactly one ParseError at line whose message
// contains msg (and whose File is file).
func wantErr(t *testing.T, err error, file string, line int, msg string) {
	t.Helper()
	pes := parseErrs(t, err)
	if len(pes) != 1 {
		t.Fatalf("want one error, got %d: %v", len(pes), err)
	}
	pe := pes[0]
	if pe.File != file || pe.Line != line || !strings.Contains(pe.Msg, msg) {
		t.Errorf("error %q at %s:%d, want %q at %s:%d", pe.Msg, pe.File, pe.Line, msg, file, line)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Django":           "django",
		"Flask_SQLAlchemy": "flask-sqlalchemy",
		"zope.interface":   "zope-interface",
		"a.-_b":            "a-b",
		"Pillow":           "pillow",
		"ruamel.yaml.clib": "ruamel-yaml-clib",
		"":                 "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseRequirement(t *testing.T) {
	tests := []struct {
		in                         string
		name, extras, spec, marker string
		url                        bool
		err                        string
	}{
		{in: "Django==4.2.1", name: "Django", spec: "==4.2.1"},
		{in: "requests >= 2.0, < 3", name: "requests", spec: ">=2.0,<3"},
		{in: "psycopg[binary, pool]==3.1", name: "psycopg", extras: "binary,pool", spec: "==3.1"},
		{in: `tomli>=2; python_version < "3.11"`, name: "tomli", spec: ">=2", marker: `python_version < "3.11"`},
		{in: "name (>=1.0)", name: "name", spec: ">=1.0"},
		{in: "pkg @ https://x/pkg.whl ; os_name=='nt'", name: "pkg", url: true, marker: "os_name=='nt'"},
		{in: "pkg@git+https://x/y.git@v1", name: "pkg", url: true},
		{in: "a.b_c-d~=1.0", name: "a.b_c-d", spec: "~=1.0"},
		{in: "x!=1.5", name: "x", spec: "!=1.5"},
		{in: "", err: "found nothing"},
		{in: "-e .", err: "expected a package name"},
		{in: "django 4.2", err: "expected a version specifier"},
		{in: "django[x", err: "unclosed '['"},
		{in: "django (>=1", err: "unclosed '('"},
	}
	for _, tt := range tests {
		r, msg := ParseRequirement(tt.in)
		if tt.err != "" {
			if !strings.Contains(msg, tt.err) {
				t.Errorf("%q: message %q, want %q", tt.in, msg, tt.err)
			}
			continue
		}
		if msg != "" {
			t.Errorf("%q: unexpected message %q", tt.in, msg)
			continue
		}
		if r.Name != tt.name || r.Extras != tt.extras || r.Specifier != tt.spec || r.Marker != tt.marker || r.URL != tt.url {
			t.Errorf("%q: got %+v", tt.in, r)
		}
	}
}

// mapFiles is a FileReader over an in-memory map.
type mapFiles map[string]string

func (m mapFiles) ReadFile(p string) ([]byte, error) {
	s, ok := m[p]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
	return []byte(s), nil
}

func TestParseRequirements(t *testing.T) {
	t.Run("lines, comments, options, continuations", func(t *testing.T) {
		in := "# comment\n" +
			"--index-url https://pypi.example.com/simple\n" +
			"Django==4.2.1 # trailing comment\n" +
			"\n" +
			"requests[socks]>=2.31 \\\n" +
			"    --hash=sha256:abc \\\n" +
			"    --hash=sha256:def\n" +
			"uvicorn[standard] ; sys_platform != 'win32'\n" +
			"-e git+https://github.com/org/lib.git@main#egg=My_Lib\n" +
			"--editable ./local\n" +
			"https://example.com/pkgs/foo-1.0.tar.gz#egg=foo&subdirectory=x\n" +
			"git+ssh://git@github.com/org/bar.git\n" +
			"name @ https://user:token@example.com/name.whl\n" +
			"Flask_Cors\t>= 4.0\r\n"
		got, err := ParseRequirements("requirements.txt", []byte(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got,
			"package pypi:django@==4.2.1 requirements.txt L3",
			"package pypi:requests@>=2.31 requirements.txt L5",
			"package pypi:uvicorn requirements.txt L8",
			"package pypi:my-lib requirements.txt L9",
			"package pypi:foo requirements.txt L11",
			"package pypi:name requirements.txt L13",
			"package pypi:flask-cors@>=4.0 requirements.txt L14",
		)
		if got[1].Attr("extras") != "socks" || got[2].Attr("marker") != "sys_platform != 'win32'" || got[2].Attr("extras") != "standard" {
			t.Errorf("attrs: %+v %+v", got[1].Attrs, got[2].Attrs)
		}
		if got[3].Attr("editable") != "true" || got[3].Attr("source") != "vcs" || got[4].Attr("source") != "url" || got[5].Attr("source") != "url" {
			t.Errorf("source attrs: %+v %+v %+v", got[3].Attrs, got[4].Attrs, got[5].Attrs)
		}
		for _, s := range got {
			for _, v := range s.Attrs {
				if strings.Contains(v, "token") {
					t.Errorf("a URL with credentials was recorded: %v", s.Attrs)
				}
			}
		}
	})

	t.Run("includes carry their file and line", func(t *testing.T) {
		files := mapFiles{
			"svc/common/base.in":  "django==5.0\n-c ../constraints.txt\ncelery\n",
			"svc/constraints.txt": "celery==5.3.6\nredis==5\n",
		}
		got, err := ParseRequirements("svc/requirements.txt", []byte("-r common/base.in\ngunicorn\n"), files)
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got,
			"package pypi:django@==5.0 svc/common/base.in L1",
			"package pypi:celery@==5.3.6 svc/common/base.in L3",
			"package pypi:gunicorn svc/requirements.txt L2",
		)
		if got[1].Attr("constrained_by") != "svc/constraints.txt:1" {
			t.Errorf("constrained_by = %q", got[1].Attr("constrained_by"))
		}
	})

	t.Run("a file the scanner reads on its own is not re-emitted", func(t *testing.T) {
		// django-drf-celery and high-load-saas: requirements-dev.txt has
		// -r requirements.txt; requirements.txt is scanned by itself.
		files := mapFiles{
			"requirements.txt":      "flask\nbroken line here\n-c constraints.txt\n",
			"constraints.txt":       "pytest==8.1\n",
			"requirements/base.txt": "django\n",
		}
		got, err := ParseRequirements("requirements-dev.txt", []byte("--requirement=requirements.txt\npytest\n-r requirements/base.txt\n"), files)
		if err != nil {
			t.Fatalf("errors of a file scanned on its own are reported by its own scan: %v", err)
		}
		// pytest still gets its version from the included file's constraints.
		checkSigs(t, got, "package pypi:pytest@==8.1 dev requirements-dev.txt L2")
		if got[0].Attr("constrained_by") != "constraints.txt:1" {
			t.Errorf("constrained_by = %q", got[0].Attr("constrained_by"))
		}
		// A file in a folder the scanner skips is read in full.
		got, err = ParseRequirements("requirements-dev.txt", []byte("-r node_modules/x/requirements.txt\n"), mapFiles{"node_modules/x/requirements.txt": "six\n"})
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got, "package pypi:six node_modules/x/requirements.txt L1")
		// A missing included file is still reported.
		_, err = ParseRequirements("requirements-dev.txt", []byte("pytest\n-r requirements.txt\n"), mapFiles{})
		wantErr(t, err, "", 2, "requirements.txt cannot be read")
	})

	t.Run("an included file keeps its own scope", func(t *testing.T) {
		files := mapFiles{"shared/base.in": "flask\n", "shared/test-tools.in": "pytest\n"}
		got, err := ParseRequirements("svc/requirements-dev.txt", []byte("-r ../shared/base.in\n-r ../shared/test-tools.in\nblack\n"), files)
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got,
			"package pypi:flask shared/base.in L1",
			"package pypi:pytest dev shared/test-tools.in L1",
			"package pypi:black dev svc/requirements-dev.txt L3",
		)
	})

	t.Run("a file both included and used as constraints", func(t *testing.T) {
		got, err := ParseRequirements("requirements-dev.txt", []byte("-r requirements.txt\n-c requirements.txt\nflask\n"), mapFiles{"requirements.txt": "flask==3.0\n"})
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got, "package pypi:flask@==3.0 dev requirements-dev.txt L3")
	})

	t.Run("missing include names the line", func(t *testing.T) {
		got, err := ParseRequirements("requirements.txt", []byte("flask\n\n-r missing.txt\n"), mapFiles{})
		checkSigs(t, got, "package pypi:flask requirements.txt L1")
		wantErr(t, err, "", 3, "missing.txt cannot be read: file does not exist")
	})

	t.Run("errors in an included file name it", func(t *testing.T) {
		_, err := ParseRequirements("requirements.txt", []byte("-rbase.txt\n"), mapFiles{"base.txt": "ok\ndjango 4\n"})
		wantErr(t, err, "base.txt", 2, "expected a version specifier")
	})

	t.Run("cycles are read once", func(t *testing.T) {
		files := mapFiles{"a.txt": "-r b.txt\nalpha\n", "b.txt": "-r a.txt\n-r requirements.txt\nbeta\n"}
		got, err := ParseRequirements("requirements.txt", []byte("-r a.txt\nroot\n"), files)
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got, "package pypi:beta b.txt L3", "package pypi:alpha a.txt L2", "package pypi:root requirements.txt L2")
	})

	t.Run("depth is limited to 5", func(t *testing.T) {
		files := mapFiles{}
		for i := 1; i <= 7; i++ {
			files[fmt.Sprintf("r%d.txt", i)] = fmt.Sprintf("-r r%d.txt\npkg%d\n", i+1, i)
		}
		got, err := ParseRequirements("requirements.txt", []byte("-r r1.txt\n"), files)
		if len(got) != 5 || got[0].Name != "pkg5" {
			t.Errorf("got %s", sigs(got))
		}
		wantErr(t, err, "r5.txt", 1, "nested more than 5 levels")
	})

	t.Run("includes outside the root", func(t *testing.T) {
		_, err := ParseRequirements("requirements.txt", []byte("-r ../../etc/passwd\n"), mapFiles{})
		wantErr(t, err, "", 1, "outside the scanned folder")
		_, err = ParseRequirements("requirements.txt", []byte("-r /etc/passwd\n"), mapFiles{})
		wantErr(t, err, "", 1, "outside the scanned folder")
		got, err := ParseRequirements("requirements.txt", []byte("-r https://example.com/r.txt\n-r\n"), mapFiles{})
		if len(got) != 0 {
			t.Errorf("remote include read: %v", got)
		}
		wantErr(t, err, "", 2, "-r needs a file name")
	})

	t.Run("empty and odd input", func(t *testing.T) {
		for _, in := range []string{"", "\n\n", "# only comments\n", "\\", "--pre\n-i x\n--only-binary=:all:\n", "-e .\n", "./dist/pkg.whl\n", "\ufeff"} {
			got, err := ParseRequirements("requirements.txt", []byte(in), nil)
			if len(got) != 0 || err != nil {
				t.Errorf("%q: got %v, %v", in, got, err)
			}
		}
		got, err := ParseRequirements("requirements.txt", []byte("\ufeffdjango\n%%%\nflask"), nil)
		checkSigs(t, got, "package pypi:django requirements.txt L1", "package pypi:flask requirements.txt L3")
		wantErr(t, err, "", 2, "expected a package name")
	})
}

func TestRequirementsNames(t *testing.T) {
	for p, want := range map[string]bool{
		"requirements.txt":          true,
		"svc/requirements-dev.txt":  true,
		"requirements_test.txt":     true,
		"test-requirements.txt":     true,
		"requirements/base.txt":     true,
		"a/requirements/prod.txt":   true,
		"requirements.in":           false,
		"notes.txt":                 false,
		"myrequirements/x.txt":      false,
		"requirements/sub/deep.txt": false,
		"requirements-latest.txt":   true,
	} {
		if got := Requirements.Match(p); got != want {
			t.Errorf("Match(%q) = %v, want %v", p, got, want)
		}
	}
	for p, want := range map[string]bool{
		"requirements-dev.txt":    true,
		"requirements/test.txt":   true,
		"requirements/docs.txt":   true,
		"lint-requirements.txt":   true,
		"requirements-latest.txt": false,
		"requirements-typing.txt": true,
		"requirements/ci.txt":     true,
		"requirements-bench.txt":  true,
		"requirements/prod.txt":   false,
		"requirements/base.txt":   false,
		"requirements.txt":        false,
	} {
		if got := requirementsDev(p); got != want {
			t.Errorf("requirementsDev(%q) = %v, want %v", p, got, want)
		}
	}
	if !Requirements.Manifest("a/requirements.txt") || Requirements.Manifest("requirements-dev.txt") {
		t.Error("only requirements.txt is a manifest")
	}
}

func TestRequirementsDetector(t *testing.T) {
	got, err := detecttest.Detect(Requirements, "requirements.txt", []byte("flask==3.0\n"))
	if err != nil {
		t.Fatal(err)
	}
	checkSigs(t, got, "runtime runtime:python L1", "package pypi:flask@==3.0 requirements.txt L1")
	got, _ = detecttest.Detect(Requirements, "requirements/dev.txt", []byte("ruff\n"))
	checkSigs(t, got, "package pypi:ruff dev requirements/dev.txt L1")
}

func TestParsePyproject(t *testing.T) {
	t.Run("inline tables, dotted keys, odd arrays", func(t *testing.T) {
		in := `project.name = "x"
project.requires-python = "~=3.12"
project.dependencies = ["Django>=5", "django"]

[project.optional-dependencies]
Dev-Tools = [
  # comment with "pytest" in it
  "pytest",
]
"redis" = ["redis[hiredis]"]

[tool.poetry.dependencies]
python = ">=3.10,<3.13"
numpy = [
  {version = "<1.25", python = "<3.12"},
  {version = "^1.26", python = ">=3.12"},
]
local = {path = "../local", develop = true}
`
		got, err := ParsePyproject([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got,
			"runtime runtime:python L1",
			"runtime runtime:python@~=3.12 L2",
			"package pypi:django@>=5 L3",
			"package pypi:django L3",
			"package pypi:pytest dev L8",
			"package pypi:redis L10",
			"tool tool:poetry L12",
			"package pypi:local L18",
			"package pypi:numpy@<1.25 || ^1.26 L14",
			"runtime runtime:python@>=3.10,<3.13 L13",
		)
	})

	t.Run("malformed TOML", func(t *testing.T) {
		got, err := ParsePyproject([]byte("[project]\nname = \"x\"\ndependencies = [\"a\",\n"))
		checkSigs(t, got, "runtime runtime:python L1")
		pes := parseErrs(t, err)
		if len(pes) != 1 || pes[0].Line < 3 || !strings.Contains(pes[0].Msg, "invalid TOML") {
			t.Errorf("errors: %v", err)
		}
		_, err = ParsePyproject([]byte("[project]\nname = \"x\"\nname = \"y\"\n"))
		wantErr(t, err, "", 3, "invalid TOML")
	})

	t.Run("wrong types", func(t *testing.T) {
		in := "[project]\nrequires-python = 3\ndependencies = \"flask\"\noptional-dependencies = [\"x\"]\n" +
			"[tool.poetry.dependencies]\nflask = 3\n\"bad name!\" = \"1\"\n[dependency-groups]\ndev = [1]\n"
		got, err := ParsePyproject([]byte(in))
		checkSigs(t, got, "runtime runtime:python L1", "tool tool:poetry L5", "package pypi:flask L6")
		pes := parseErrs(t, err)
		var lines []int
		for _, pe := range pes {
			lines = append(lines, pe.Line)
		}
		if fmt.Sprint(lines) != "[2 3 4 9 7 6]" {
			t.Errorf("error lines %v: %v", lines, err)
		}
	})

	t.Run("empty", func(t *testing.T) {
		got, err := ParsePyproject(nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got, "runtime runtime:python L1")
	})

	t.Run("uv, pdm, poetry dev-dependencies", func(t *testing.T) {
		in := "[tool.poetry.dev-dependencies]\nblack = \"^24\"\n[tool.pdm.dev-dependencies]\ntest = [\"pytest\"]\n[tool.uv]\ndev-dependencies = ['mypy']\n[tool.poetry.group.main.dependencies]\nattrs = \"*\"\n"
		got, err := ParsePyproject([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got,
			"runtime runtime:python L1",
			"tool tool:poetry L1",
			"package pypi:black@^24 dev L2",
			"package pypi:attrs L8",
			"tool tool:uv L5",
			"package pypi:mypy dev L6",
			"tool tool:pdm L3",
			"package pypi:pytest dev L4",
		)
	})

	t.Run("groups are dev only when their name says so", func(t *testing.T) {
		// Redash: all_ds holds the database connectors its production image installs.
		in := `[project.optional-dependencies]
postgres = ["psycopg2"]
types = ["types-requests"]

[dependency-groups]
all_ds = ["pymssql", "snowflake-connector-python"]
ldap3 = ["ldap3==2.9"]
test = ["pytest"]
lint = ["ruff"]
typing = ["mypy"]
ci = ["tox"]
bench = ["asv"]
e2e-tests = ["playwright"]

[tool.poetry.group.aws.dependencies]
boto3 = "^1.34"
[tool.poetry.group.docs.dependencies]
sphinx = "*"
[tool.poetry.group.main.dependencies]
attrs = "*"
`
		got, err := ParsePyproject([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		checkSigs(t, got,
			"runtime runtime:python L1",
			"package pypi:psycopg2 L2",
			"package pypi:types-requests dev L3",
			"package pypi:pymssql L6",
			"package pypi:snowflake-connector-python L6",
			"package pypi:asv dev L12",
			"package pypi:tox dev L11",
			"package pypi:playwright dev L13",
			"package pypi:ldap3@==2.9 L7",
			"package pypi:ruff dev L9",
			"package pypi:pytest dev L8",
			"package pypi:mypy dev L10",
			"tool tool:poetry L15",
			"package pypi:boto3@^1.34 L16",
			"package pypi:sphinx dev L18",
			"package pypi:attrs L20",
		)
		for _, s := range got {
			if s.Name == "pymssql" && s.Attr("group") != "all_ds" {
				t.Errorf("pymssql group = %q", s.Attr("group"))
			}
			if s.Name == "boto3" && s.Attr("group") != "aws" {
				t.Errorf("boto3 group = %q", s.Attr("group"))
			}
		}
	})
}

func TestTOMLLines(t *testing.T) {
	text := `a = """
[not.a.table]
b = 1
"""
arr = [
  ["nested"],
  "x",
]
[ "quoted" . key ]
c.d = 'v' # comment
[[arrays]]
e = {f = "[", g = ']'}
h = 1
`
	li := newTOMLLines(text)
	for _, tt := range []struct {
		path []string
		want int
	}{
		{[]string{"a"}, 1},
		{[]string{"not"}, 0},
		{[]string{"b"}, 0},
		{[]string{"arr"}, 5},
		{[]string{"nested"}, 0},
		{[]string{"quoted", "key"}, 9},
		{[]string{"quoted", "key", "c", "d"}, 10},
		{[]string{"arrays", "h"}, 13},
		{[]string{"arrays", "e", "f"}, 12},
	} {
		if got := li.keyLine(tt.path...); got != tt.want {
			t.Errorf("keyLine(%v) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

func TestParsePipfile(t *testing.T) {
	got, err := ParsePipfile([]byte("[packages]\nDjango = \"*\"\nx = {git = \"https://g/x.git\", ref = \"main\"}\n[requires]\npython_full_version = \"3.12.1\"\npython_version = \"3.12\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	checkSigs(t, got, "runtime runtime:python L1", "tool tool:pipenv L1", "runtime runtime:python@3.12.1 L5", "package pypi:django L2", "package pypi:x L3")
	if got[4].Attr("source") != "vcs" {
		t.Errorf("source = %q", got[4].Attr("source"))
	}
	got, err = ParsePipfile([]byte("[packages]\nx = = 1\n"))
	checkSigs(t, got, "runtime runtime:python L1", "tool tool:pipenv L1")
	wantErr(t, err, "", 2, "invalid TOML")
	_, err = ParsePipfile([]byte("packages = 1\n"))
	wantErr(t, err, "", 1, "must be a table")
}

func TestParseSetupCfg(t *testing.T) {
	in := "[options]\ninstall_requires = requests>=2; idna\npython_requires=>=3.8\n[options.extras_require]\ntest =\n  pytest\n  pytest-cov\n"
	got, err := ParseSetupCfg([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	checkSigs(t, got, "runtime runtime:python L1", "runtime runtime:python@>=3.8 L3", "package pypi:requests@>=2 L2", "package pypi:idna L2",
		"package pypi:pytest dev L6", "package pypi:pytest-cov dev L7")

	_, err = ParseSetupCfg([]byte("orphan = 1\n[options\n[options]\njunk\ninstall_requires =\n  ok\n  bad name\n"))
	var lines []int
	for _, pe := range parseErrs(t, err) {
		lines = append(lines, pe.Line)
	}
	if fmt.Sprint(lines) != "[1 2 4 7]" {
		t.Errorf("error lines %v: %v", lines, err)
	}
	if got, err := ParseSetupCfg(nil); err != nil || len(got) != 1 {
		t.Errorf("empty: %v %v", got, err)
	}
}

func TestParseSetupPy(t *testing.T) {
	in := `from setuptools import setup
REQS = ["not-read"]
setup(
    python_requires='>= 3.9',
    install_requires=[
        "Flask>=2",  # "comment"
        # "commented-out",
        'SQLAlchemy[asyncio]',
        f"x{1}",
    ],
    tests_require = ["pytest"],
    extras_require={"dev": ["black"]},
)
`
	got, err := ParseSetupPy([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	checkSigs(t, got, "runtime runtime:python L1", "runtime runtime:python@>=3.9 L4",
		"package pypi:flask@>=2 L6", "package pypi:sqlalchemy L8", "package pypi:pytest dev L11")
	got, _ = ParseSetupPy([]byte("import setuptools\nsetuptools.setup(install_requires=REQS)"))
	checkSigs(t, got, "runtime runtime:python L1")
	got, _ = ParseSetupPy([]byte("from setuptools import setup\nsetup(install_requires=['unterminated\n"))
	checkSigs(t, got, "runtime runtime:python L1")
}

func TestIsSetupScript(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"from setuptools import setup, find_packages\nsetup(name='x')\n", true},
		{"from distutils.core import setup\nsetup (name='x')\n", true},
		{"import setuptools\nsetuptools.setup()\n", true},
		{"import distutils.core\ndistutils.core.setup()\n", true},
		{"#!/usr/bin/env python\nimport sys\nfrom setuptools import setup\n\nif __name__ == '__main__':\n    setup(\n        install_requires=[],\n    )\n", true},
		// Redash's redash/handlers/setup.py: a Flask module, not a packaging script.
		{"from flask import g, redirect, render_template, request, url_for\nfrom redash.handlers.base import routes\n\n@routes.route('/setup', methods=['GET', 'POST'])\ndef setup():\n    return render_template('setup.html')\n", false},
		{"setup(install_requires=['flask'])\n", false},                       // no setuptools or distutils import
		{"from setuptools import find_packages\n# setup(name='x')\n", false}, // only a comment
		{"import setuptools\ndef setup(app):\n    app.setup(x)\n", false},    // defines its own setup, calls a method
		{"import setuptools\nclass setup (object):\n    pass\n", false},      // a class
		{"x = 'from setuptools import setup'\nsetup()\n", false},             // the import is in a string
		{"", false},
	} {
		if got := IsSetupScript([]byte(tc.in)); got != tc.want {
			t.Errorf("IsSetupScript(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	got, err := ParseSetupPy([]byte("from flask import render_template\ninstall_requires = ['flask']\ndef setup():\n    pass\n"))
	if len(got) != 0 || err != nil {
		t.Errorf("a handler named setup.py gave %v, %v", got, err)
	}
}

func TestParseVersionFile(t *testing.T) {
	checkSigs(t, ParseVersionFile(".python-version", []byte("3.12.1\n")), "runtime runtime:python@3.12.1 L1")
	checkSigs(t, ParseVersionFile(".python-version", []byte("# c\nsystem\n3.11\npypy3.10-7.3.12\n")), "runtime runtime:python@3.11 L3", "runtime runtime:python@pypy3.10-7.3.12 L4")
	checkSigs(t, ParseVersionFile("runtime.txt", []byte("\npython-3.12.1\n")), "runtime runtime:python@3.12.1 L2")
	checkSigs(t, ParseVersionFile("runtime.txt", []byte("java-17\n")))
	checkSigs(t, ParseVersionFile("runtime.txt", []byte("python-")))
	checkSigs(t, ParseVersionFile(".python-version", nil))
}

func TestLockfile(t *testing.T) {
	for name, m := range map[string]string{"poetry.lock": "poetry", "a/uv.lock": "uv", "Pipfile.lock": "pipenv", "pdm.lock": "pdm"} {
		if !Lockfile.Match(name) {
			t.Errorf("%s not matched", name)
		}
		got, err := detecttest.Detect(Lockfile, name, nil)
		if err != nil || len(got) != 2 || got[0].Kind != stack.KindFact || got[0].Attr("manager") != m || got[1].Kind != stack.KindTool || got[1].Name != m {
			t.Errorf("%s: %+v %v", name, got, err)
		}
	}
	if Lockfile.Match("Pipfile") || Lockfile.Manifest != nil {
		t.Error("Pipfile is not a lockfile; lockfiles are not manifests")
	}
}

// checkFuzzErr asserts err is nil or made of ParseErrors with messages.
func checkFuzzErr(t *testing.T, err error) {
	for _, pe := range parseErrs(t, err) {
		if pe.Msg == "" {
			t.Fatalf("ParseError without a message: %+v", pe)
		}
	}
}

func FuzzRequirements(f *testing.F) {
	for _, s := range []string{
		"", "django==4.2\n", "-r base.txt\n-c c.txt\n", "a[b,c] >= 1 ; python_version<'3'\n",
		"-e git+https://x/y.git#egg=y\n", "x \\\n --hash=sha256:1\n", "\\", "-r\n", "-rrequirements.txt",
		"pkg @ https://u:p@x/y.whl ; os_name == 'nt'\n", "(\n", "a (\n", "#egg=\n", "-e #egg=x\n", "-r ../x\n",
	} {
		f.Add([]byte(s), []byte("flask\n-r requirements.txt\n-c base.txt\n"))
	}
	f.Fuzz(func(t *testing.T, data, base []byte) {
		files := mapFiles{"base.txt": string(base), "requirements.txt": string(data)}
		got, err := ParseRequirements("requirements.txt", data, files)
		checkFuzzErr(t, err)
		// A dev file including a file the scanner reads on its own.
		dev, err := ParseRequirements("requirements-dev.txt", data, mapFiles{"requirements.txt": string(base), "base.txt": string(base)})
		checkFuzzErr(t, err)
		got = append(got, dev...)
		for _, s := range got {
			if s.Name == "" || s.Name != Normalize(s.Name) || s.Ecosystem != stack.EcoPyPI || s.Line < 1 {
				t.Fatalf("bad signal %+v", s)
			}
		}
	})
}

func FuzzPyproject(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.TOML) { // at and past the depth limit
		f.Add(s)
	}
	for _, s := range []string{
		"", "[project]\ndependencies = [\"a>=1\"]\n", "[tool.poetry.dependencies]\npython = \"^3.11\"\nx = {version = \"1\"}\n",
		"[project.optional-dependencies]\ndev = [\"pytest\"]\n", "[dependency-groups]\ndev = [{include-group = \"x\"}]\n",
		"[tool.uv.workspace]\nmembers = [1]\n", "a = \"\"\"\n[x]\n\"\"\"\n", "[project\n", "project = 1\n",
		"[tool.poetry.group.g]\ndependencies = []\n", "[build-system]\nrequires = [\"\"]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParsePyproject(data)
		checkFuzzErr(t, err)
		if len(got) == 0 || got[0].Name != "python" {
			t.Fatalf("the python runtime signal is missing")
		}
		got, err = ParsePipfile(data)
		checkFuzzErr(t, err)
		if len(got) < 2 {
			t.Fatalf("Pipfile signals missing")
		}
	})
}

func FuzzSetuptools(f *testing.F) {
	for _, s := range []string{
		"", "[options]\ninstall_requires =\n  a\n  b>=1\n", "[options.extras_require]\ntest = x; y\n", "x", "[", "=",
		"setup(install_requires=['a', \"b\"], python_requires='>=3')", "install_requires=[", "install_requires=[\"",
		"from setuptools import setup\nsetup(install_requires=['a', \"b\"], tests_require=['c'])", "import distutils.core\ndistutils.core.setup(", "import setuptools\ndef setup(",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseSetupCfg(data)
		checkFuzzErr(t, err)
		_, err = ParseSetupPy(data)
		checkFuzzErr(t, err)
	})
}
