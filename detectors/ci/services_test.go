package ci

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// supportOf renders the support signals as "kind name version line source".
func supportOf(sigs []stack.Signal) []string {
	var out []string
	for _, s := range sigs {
		if src := s.Attr(stack.AttrSupported); src != "" {
			if s.Scope != stack.ScopeDev {
				out = append(out, "NOT DEV "+s.Name)
			}
			out = append(out, fmt.Sprintf("%s %s %s %d %s", s.Kind, s.Name, s.Version, s.Line, src))
		}
	}
	return out
}

func TestWorkflowSupport(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"service images", `
jobs:
  test:
    services:
      postgres:
        image: postgres:16-alpine
        env: {POSTGRES_PASSWORD: x}
      redis:
        image: redis
      cache: memcached:1.6
`, []string{"image postgres 16 6 ci-service", "image redis  9 ci-service", "image memcached 1.6 10 ci-service"}},
		{"service image from the matrix", `
jobs:
  test:
    strategy:
      matrix:
        pg: [14, "15", 16]
        python: ["3.12"]
    services:
      db:
        image: postgres:${{ matrix.pg }}
`, []string{"image postgres 14 10 ci-service", "image postgres 15 10 ci-service", "image postgres 16 10 ci-service",
			"datastore postgresql 14 6 ci-matrix", "datastore postgresql 15 6 ci-matrix", "datastore postgresql 16 6 ci-matrix"}},
		{"whole service image from the matrix", `
jobs:
  test:
    strategy:
      matrix:
        db-image: ["mysql:8.0", "mariadb:11"]
    services:
      db:
        image: ${{ matrix.db-image }}
`, []string{"image mysql 8.0 9 ci-service", "image mariadb 11 9 ci-service", "datastore mysql 8.0 6 ci-matrix", "datastore mariadb 11 6 ci-matrix"}},
		{"unresolvable tag keeps the name", `
jobs:
  a:
    services:
      db: {image: "postgres:${{ env.PG }}"}
      other: {image: "${{ inputs.image }}"}
`, []string{"image postgres  5 ci-service"}},
		{"engine list matrix", `
jobs:
  test:
    strategy:
      matrix:
        database: [pgsql, mysql, sqlite, "oracle", unknown-db]
        include:
          - database: mariadb-10.11
          - db: postgres@15
        exclude:
          - database: mysql
`, []string{"datastore postgresql  6 ci-matrix", "datastore mysql  6 ci-matrix", "datastore sqlite  6 ci-matrix", "datastore oracle  6 ci-matrix",
			"datastore mariadb 10.11 8 ci-matrix", "datastore postgresql 15 9 ci-matrix"}},
		{"image matrix", `
jobs:
  test:
    strategy:
      matrix:
        db: ["mcr.microsoft.com/mssql/server:2022-latest", "bitnami/postgresql:16", "${{ x }}/y"]
`, []string{"image mcr.microsoft.com/mssql/server 2022 6 ci-matrix", "datastore postgresql 16 6 ci-matrix"}},
		{"engine version keys", `
jobs:
  test:
    strategy:
      matrix:
        postgres-version: ["13", "16"]
        redis_version: [7.2]
        mongodb: [latest]
        node: [20, 22]
        ch: [1]
`, []string{"datastore postgresql 13 6 ci-matrix", "datastore postgresql 16 6 ci-matrix", "datastore redis 7.2 7 ci-matrix", "datastore mongodb  8 ci-matrix"}},
		{"not engines", `
jobs:
  test:
    strategy:
      matrix:
        os: [ubuntu-latest]
        database-url: [postgres]
        db: [yes, "${{ fromJSON(x) }}"]
      fail-fast: false
`, nil},
		{"matrix expression", "jobs:\n  a:\n    strategy:\n      matrix: ${{ fromJSON(needs.x.outputs.m) }}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(GitHubActions, ".github/workflows/ci.yml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got := supportOf(sigs)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestEngineValue(t *testing.T) {
	tests := []struct{ in, engine, version string }{
		{"pgsql", "postgresql", ""},
		{"postgres:16", "postgresql", "16"},
		{"mysql-8.0", "mysql", "8.0"},
		{"mysql8", "mysql", "8"},
		{"mysql2", "mysql", ""},
		{"MariaDB 10.11", "mariadb", "10.11"},
		{"postgresql@15", "postgresql", "15"},
		{"postgis/postgis:16-3.4", "postgresql", "16"},
		{"sqlite3", "sqlite", ""},
		{"sqlsrv", "sqlserver", ""},
		{"aurora-postgresql", "postgresql", ""},
		{"ubuntu-latest", "", ""},
		{"", "", ""},
		{"x", "", ""},
		{"3.12", "", ""},
	}
	for _, tt := range tests {
		e, v := engineValue(tt.in)
		if e != tt.engine || v != tt.version {
			t.Errorf("engineValue(%q) = %q, %q; want %q, %q", tt.in, e, v, tt.engine, tt.version)
		}
	}
}

func TestGitLabSupport(t *testing.T) {
	src := `
test:
  services:
    - postgres:$PG_VERSION
    - name: redis:7
      alias: cache
    - $CUSTOM_IMAGE
  parallel:
    matrix:
      - DB: [mysql, pgsql]
        PHP: ["8.3"]
      - MARIADB_VERSION: "10.6"
  script: make test
`
	sigs, err := detecttest.Detect(GitLabCI, ".gitlab-ci.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"image postgres  4 ci-service", "image redis 7 5 ci-service", "datastore mysql  10 ci-matrix", "datastore postgresql  10 ci-matrix", "datastore mariadb 10.6 12 ci-matrix"}
	if got := supportOf(sigs); !slices.Equal(got, want) {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestImageSignals holds the CI files to internal/imageref: an image
// reference gives what imageref.BuildSignals gives for it (dev-scoped, no
// unpinned-image fact), whichever key of which CI file holds it.
func TestImageSignals(t *testing.T) {
	refs := []string{
		"postgres:16-alpine", "docker.io/library/redis", "ghcr.io/acme/api@sha256:0123456789abcdef", "localhost:5000/app:2.0",
		"registry.example.com:8443/team/db:v1.4", "bitnami/postgresql:15.4.0", "python:3.12-slim", "tiangolo/uvicorn-gunicorn-fastapi:python3.10",
	}
	for _, ref := range refs {
		for _, c := range []struct {
			det       detect.Detector
			path, src string
			line      int
			attrs     map[string]string
		}{
			{GitHubActions, ".github/workflows/ci.yml", "jobs:\n  t:\n    runs-on: x\n    services:\n      db:\n        image: " + ref + "\n", 6,
				map[string]string{"service": "db", stack.AttrSupported: "ci-service"}},
			{GitHubActions, ".github/workflows/ci.yml", "jobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: docker://" + ref + "\n", 5, nil},
			{GitLabCI, ".gitlab-ci.yml", "image: " + ref + "\ntest:\n  script: [x]\n", 1, nil},
			{GitLabCI, ".gitlab-ci.yml", "test:\n  services:\n    - " + ref + "\n  script: [x]\n", 3,
				map[string]string{"role": "service", stack.AttrSupported: "ci-service"}},
		} {
			sigs, err := detecttest.Detect(c.det, c.path, []byte(c.src))
			if err != nil {
				t.Fatalf("%s %q: %v", c.det.Name, ref, err)
			}
			want := imageref.BuildSignals(ref, c.line, c.attrs)
			var got []stack.Signal
			for _, s := range sigs {
				if s.Kind == stack.KindImage || s.Kind == stack.KindRuntime && s.Attr("image") != "" || s.Name == stack.FactUnpinnedImage {
					got = append(got, s)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %q:\n got %+v\nwant %+v", c.det.Name, ref, got, want)
			}
		}
	}
}
