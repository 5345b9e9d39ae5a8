// Package python detects Python projects: pip requirements files (with
// their -r and -c includes), pyproject.toml (PEP 621, Poetry, uv, PDM,
// PEP 735 dependency groups), Pipfile, setup.cfg and setup.py, the version
// files .python-version and runtime.txt, and the presence of lockfiles.
// Package names are PEP 503 normalised.
package python

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Requirements reads pip requirements files.
var Requirements = detect.Detector{
	Name: "requirements",
	Doc: "Reads pip requirements files (requirements*.txt, *-requirements.txt, any .txt under a requirements/ folder): each requirement is a pypi package " +
		"(PEP 503 normalised name, the specifier such as ==4.2.1 or >=2.0,<3 as version, extras and environment markers as the attributes extras and marker). " +
		"Comments, line continuations, --hash and other options are handled; -e and URL lines are named by their #egg= fragment. " +
		"-r and -c includes are read relative to the including file (at most 5 deep); their signals carry the included file's path and lines, and constraint files only give versions to requirements declared without one. " +
		"Files whose name says dev, test, lint, docs, typing, ci... give scope dev; an included file keeps the scope of its own name (requirements.txt included by requirements-dev.txt stays runtime), " +
		"and an included file the scanner reads on its own (requirements*.txt...) emits nothing from the including file, only its -c constraints apply. A requirements.txt is a project manifest and also emits the runtime python.",
	Files:    []string{"*.txt"},
	Match:    isRequirementsFile,
	Manifest: func(p string) bool { return path.Base(p) == "requirements.txt" },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		sigs, err := ParseRequirements(in.Path, in.Data, in.Files)
		if path.Base(in.Path) == "requirements.txt" {
			sigs = append([]stack.Signal{{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Line: 1}}, sigs...)
		}
		return sigs, err
	},
}

// Pyproject reads pyproject.toml files.
var Pyproject = detect.Detector{
	Name: "pyproject",
	Doc: "Reads pyproject.toml: the runtime python (always, and with `requires-python` or Poetry's `python` as version); PEP 621 `[project] dependencies` (runtime) " +
		"and `optional-dependencies` (extras, attr optional=true), PEP 735 `[dependency-groups]` and Poetry `[tool.poetry.group.<g>.dependencies]`, each with the attr group: groups whose name says " +
		"dev, test(s), testing, lint, docs, typing, types, mypy, format, style, ci, qa, bench, coverage, e2e, debug or another development word (envname.DevGroup, shared with Bundler groups) are dev, others (all_ds, postgres, aws, local...) runtime; " +
		"`[build-system] requires` (dev); Poetry `[tool.poetry.dependencies]` (runtime) and `dev-dependencies` (dev); " +
		"`[tool.uv] dev-dependencies` and `[tool.pdm.dev-dependencies]` (dev). Packages are pypi with PEP 503 names. " +
		"`[tool.poetry]`, `[tool.uv]` and `[tool.pdm]` emit the tools poetry, uv and pdm; `[tool.uv.workspace] members` a workspace fact. " +
		"Entry points (`[project.scripts]` and `gui-scripts` as groups console_scripts and gui_scripts, `[project.entry-points.<group>]`, Poetry `[tool.poetry.scripts]` and `[tool.poetry.plugins.<group>]`) " +
		"are pypi packages named `entry-point:<group>` (lowercase) with the entry names in attr entries: the catalog says what a plugin group plugs into (pytest11 is pytest, sqlalchemy.dialects SQLAlchemy).",
	Files:    []string{"pyproject.toml"},
	Match:    func(p string) bool { return path.Base(p) == "pyproject.toml" },
	Manifest: func(string) bool { return true },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return ParsePyproject(in.Data)
	},
}

// Pipfile reads Pipfiles.
var Pipfile = detect.Detector{
	Name: "pipfile",
	Doc: "Reads Pipfile (TOML): the tool pipenv, the runtime python (always, with `[requires] python_version` or `python_full_version` as version), " +
		"`[packages]` as runtime and `[dev-packages]` as dev pypi packages with their versions.",
	Files:    []string{"Pipfile"},
	Match:    func(p string) bool { return path.Base(p) == "Pipfile" },
	Manifest: func(string) bool { return true },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return ParsePipfile(in.Data)
	},
}

// Setuptools reads setup.cfg and setup.py.
var Setuptools = detect.Detector{
	Name: "setuptools",
	Doc: "Reads setuptools project files without running them: setup.cfg `[options] install_requires` (runtime), `tests_require` and `setup_requires` (dev), " +
		"`python_requires` and `[options.extras_require]` groups; setup.py string literals in `install_requires=[...]` and `tests_require=[...]` and a `python_requires=\"...\"` literal. " +
		"Entry points (setup.cfg `[options.entry_points]`, a setup.py `entry_points={...}` literal's string keys and their lists of \"name = module:object\" strings) are pypi packages `entry-point:<group>`, as in pyproject.toml. " +
		"Both are project manifests and emit the runtime python.",
	Files: []string{"setup.cfg", "setup.py"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == "setup.cfg" || b == "setup.py"
	},
	Manifest: func(string) bool { return true },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		if path.Base(in.Path) == "setup.py" {
			return ParseSetupPy(in.Data)
		}
		return ParseSetupCfg(in.Data)
	},
}

// VersionFile reads .python-version and runtime.txt.
var VersionFile = detect.Detector{
	Name:  "python-version-file",
	Doc:   "Reads the Python version files .python-version (pyenv: each version line, `system` ignored) and runtime.txt (`python-3.12.1`, as on Heroku): the runtime python with that version.",
	Files: []string{".python-version", "runtime.txt"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == ".python-version" || b == "runtime.txt"
	},
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return ParseVersionFile(path.Base(in.Path), in.Data), nil
	},
}

// pyLockfiles maps Python lockfile names to their managers.
var pyLockfiles = map[string]string{
	"poetry.lock":  "poetry",
	"uv.lock":      "uv",
	"Pipfile.lock": "pipenv",
	"pdm.lock":     "pdm",
}

// Lockfile notes Python lockfiles without reading their content.
var Lockfile = detect.Detector{
	Name:  "python-lockfile",
	Doc:   "Notes the presence of Python lockfiles (poetry.lock, uv.lock, Pipfile.lock, pdm.lock) without parsing them: each emits a lockfile fact with its manager and the tool poetry, uv, pipenv or pdm.",
	Files: []string{"poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock"},
	Match: func(p string) bool {
		_, ok := pyLockfiles[path.Base(p)]
		return ok
	},
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		m := pyLockfiles[path.Base(in.Path)]
		if m == "" {
			return nil, nil
		}
		return []stack.Signal{
			{Kind: stack.KindFact, Name: stack.FactLockfile, Attrs: map[string]string{"manager": m}},
			{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: m},
		}, nil
	},
}

// ParseVersionFile reads .python-version (base ".python-version") or
// runtime.txt: the Python versions it names.
func ParseVersionFile(base string, data []byte) []stack.Signal {
	var out []stack.Signal
	for i, l := range strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n") {
		if j := strings.IndexByte(l, '#'); j >= 0 {
			l = l[:j]
		}
		v := strings.TrimSpace(l)
		if v == "" {
			continue
		}
		if base == "runtime.txt" {
			// Heroku: "python-3.12.1". Other runtimes' files are not Python.
			rest, ok := strings.CutPrefix(v, "python-")
			if !ok || rest == "" {
				return nil
			}
			return []stack.Signal{{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Version: rest, Line: i + 1}}
		}
		if v == "system" {
			continue
		}
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Version: v, Line: i + 1})
	}
	return out
}
