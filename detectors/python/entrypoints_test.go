package python

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

func entryPointsOf(sigs []stack.Signal) []string {
	var out []string
	for _, s := range sigs {
		if strings.HasPrefix(s.Name, entryPointPrefix) {
			out = append(out, fmt.Sprintf("%s %d %s", s.Name, s.Line, s.Attr("entries")))
		}
	}
	return out
}

func TestEntryPoints(t *testing.T) {
	tests := []struct {
		name  string
		parse func([]byte) ([]stack.Signal, error)
		src   string
		want  []string
	}{
		{"pyproject", ParsePyproject, `[project]
name = "pytest-acme"
dependencies = ["pytest>=8"]

[project.scripts]
acme = "acme.cli:main"
acme-admin = "acme.admin:main"

[project.entry-points.pytest11]
acme = "pytest_acme.plugin"

[project.entry-points."sqlalchemy.dialects"]
acmedb = "acme.dialect:AcmeDialect"
`, []string{"entry-point:console_scripts 5 acme,acme-admin", "entry-point:pytest11 9 acme", "entry-point:sqlalchemy.dialects 12 acmedb"}},
		{"poetry", ParsePyproject, `[tool.poetry]
name = "x"
[tool.poetry.scripts]
serve = "x.app:run"
[tool.poetry.plugins."flask.commands"]
seed = "x.seed:cli"
`, []string{"entry-point:console_scripts 3 serve", "entry-point:flask.commands 5 seed"}},
		{"setup.cfg", ParseSetupCfg, `[metadata]
name = x
[options.entry_points]
console_scripts =
    x = x.cli:main
pytest11 =
    x = x.plugin
`, []string{"entry-point:console_scripts 4 x", "entry-point:pytest11 6 x"}},
		{"setup.py", ParseSetupPy, `from setuptools import setup
setup(
    name="x",
    entry_points={
        "console_scripts": ["x = x.cli:main", 'y=x.cli:other'],  # two
        'opentelemetry_instrumentor': [
            "acme = x.otel:AcmeInstrumentor",
        ],
        "paste.app_factory": ["main = x:main"],
    },
)
`, []string{"entry-point:console_scripts 5 x,y", "entry-point:opentelemetry_instrumentor 6 acme", "entry-point:paste.app_factory 9 main"}},
		{"setup.py built by code", ParseSetupPy, "from setuptools import setup\nsetup(entry_points=EPS)\n", nil},
		{"setup.py unclosed", ParseSetupPy, "from setuptools import setup\nsetup(entry_points={\"a\": [\"b = c\"", []string{"entry-point:a 2 b"}},
		{"bad group name", ParsePyproject, "[project.entry-points.\"a b\"]\nx = \"y\"\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := tt.parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := entryPointsOf(sigs); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}
