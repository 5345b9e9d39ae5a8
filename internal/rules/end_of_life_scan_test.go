package rules

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/detectors"
	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules/rulestest"
)

// eolScan scans files (path, content pairs) with every detector and the
// embedded catalog and runs the end-of-life rule on the result.
func eolScan(t *testing.T, files ...string) []rule.Finding {
	t.Helper()
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(files); i += 2 {
		fsys[files[i]] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := detect.Scan(context.Background(), fsys, detectors.All(), detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := &rule.Context{Stack: resolve.Build(res, cat), Profile: rulestest.Profile(t, ""), Catalog: cat, Today: rulestest.Today}
	return rule.Run(ctx, []rule.Rule{EndOfLife}).Findings
}

// TestEndOfLifeShipped runs the rule on scanned fixtures, one per class of
// declaration, each with a firing and a silent case. Today is 2026-11-27.
func TestEndOfLifeShipped(t *testing.T) {
	gemfile := "source 'https://rubygems.org'\ngem 'rails', '%s'\n"
	lock := "GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (%s)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rails\n"
	csproj := `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>%s</TargetFramework></PropertyGroup></Project>`
	composer := `{"require": {"php": "%s", "laravel/framework": "^13.0"}}`
	f := func(format, v string) string { return strings.ReplaceAll(format, "%s", v) }
	for _, c := range []struct {
		name  string
		files []string
		// want: one string per finding, "severity subject" then message
		// substrings separated by " | ".
		want []string
	}{
		{name: "Rails 4.2 is older than every tracked line",
			files: []string{"Gemfile", f(gemfile, "4.2.6"), "Gemfile.lock", f(lock, "4.2.6")},
			want:  []string{`error rails@4.2 | Ruby on Rails 4.2 (Gemfile:2, Gemfile.lock:4, declared "4.2.6") is older than Ruby on Rails 6.1, the oldest release line still tracked | Upgrade Ruby on Rails 4.2 to Ruby on Rails 8.1 in ` + "`Gemfile` and `Gemfile.lock` together"}},
		{name: "Rails 8.1 is supported",
			files: []string{"Gemfile", f(gemfile, "8.1.1"), "Gemfile.lock", f(lock, "8.1.1")}},
		{name: "Django 1.11 is caught",
			files: []string{"requirements.txt", "Django==1.11.29\n"},
			want:  []string{`error django@1.11 | Django 1.11 (requirements.txt:1`}},
		{name: "PHP 7.1 is caught",
			files: []string{"composer.json", f(composer, "7.1.3")},
			want:  []string{`error php@7.1 | PHP 7.1`}},
		{name: "PHP range still allowing supported lines is at most a floor notice",
			files: []string{"composer.json", f(composer, "^8.3")}},
		{name: ".NET 6 from the project and the runtime image, one finding",
			files: []string{"api/Api.csproj", f(csproj, "net6.0"), "api/Dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:6.0 AS build\nRUN dotnet publish\nFROM mcr.microsoft.com/dotnet/aspnet:6.0\nUSER app\nCOPY --from=build /app .\n"},
			want:  []string{`error dotnet@6.0 | .NET 6.0 (api/Api.csproj:1, api/Dockerfile:3 | .NET 10.0 is supported | api/Api.csproj`}},
		{name: ".NET 10 is supported",
			files: []string{"api/Api.csproj", f(csproj, "net10.0"), "api/Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:10.0\n"}},
		{name: "Go directive alone is a minimum: a warning",
			files: []string{"go.mod", "module x\n\ngo 1.16\n"},
			want:  []string{"warning go@1.16 | Go 1.16 (go.mod:3 | only a minimum"}},
		{name: "Go toolchain line decides over an old directive",
			files: []string{"go.mod", "module x\n\ngo 1.20\n\ntoolchain go1.26.1\n"}},
		{name: "Go build image decides over a current directive",
			files: []string{"go.mod", "module x\n\ngo 1.26\n", "Dockerfile", "FROM golang:1.22-alpine AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n"},
			want:  []string{"error go@1.22 | Go 1.22 (Dockerfile:1, declared \"1.22\") reached end of life | Upgrade Go 1.22 to Go 1.2"}},
		{name: "an interpreted runtime only a build stage names does not ship: a notice",
			files: []string{"package.json", `{"name":"a","main":"server.js","dependencies":{"express":"^4.19.0"}}`,
				"Dockerfile", "FROM node:20.20.2-alpine AS builder\nRUN npm install --only=production\nFROM alpine:3.24\nRUN apk add --no-cache nodejs\nUSER app\nCOPY --from=builder /app /app\n"},
			want: []string{"notice nodejs@20 | Node.js 20 (Dockerfile:1 | only a build stage uses it"}},
		{name: "the same runtime in the final stage ships: an error",
			files: []string{"package.json", `{"name":"a","main":"server.js","dependencies":{"express":"^4.19.0"}}`,
				"Dockerfile", "FROM node:20-alpine AS builder\nRUN npm ci\nFROM node:20-alpine\nUSER node\nCOPY --from=builder /app /app\n"},
			want: []string{"error nodejs@20 | Node.js 20 (Dockerfile:"}},
		{name: "python:3.10-slim image counts",
			files: []string{"requirements.txt", "flask==3.0.0\n", "Dockerfile", "FROM python:3.10-slim\n"},
			want:  []string{`error python@3.10 | Python 3.10 (Dockerfile:1, declared "3.10")`}},
		{name: "third-party tag python3.10 counts",
			files: []string{"requirements.txt", "fastapi==0.110.0\n", "Dockerfile", "FROM tiangolo/uvicorn-gunicorn-fastapi:python3.10\n"},
			want:  []string{`error python@3.10 | Python 3.10 (Dockerfile:1, declared "3.10")`}},
		{name: "third-party tag python3.13 is supported",
			files: []string{"requirements.txt", "fastapi==0.110.0\n", "Dockerfile", "FROM tiangolo/uvicorn-gunicorn-fastapi:python3.13\n"}},
		{name: "a Compose file running only datastores is a local environment: a notice",
			files: []string{"mix.exs", "defmodule A.MixProject do\n  def project, do: [app: :a, elixir: \"~> 1.18\", deps: deps()]\n  defp deps, do: [{:postgrex, \">= 0.0.0\"}]\nend\n",
				"docker-compose.yaml", "services:\n  db:\n    image: postgres:14\n"},
			want: []string{"notice postgresql@14 | PostgreSQL 14 (docker-compose.yaml:3 | a local environment"}},
		{name: "a Compose file that runs the application ships its database",
			files: []string{"requirements.txt", "django==5.2.1\n", "Dockerfile", "FROM python:3.13-slim\nUSER app\n",
				"docker-compose.yml", "services:\n  web:\n    build: .\n  db:\n    image: postgres:14\n"},
			want: []string{"error postgresql@14 | PostgreSQL 14 (docker-compose.yml:5"}},
		{name: "one finding per version listing every service that ships it",
			files: []string{
				"a/package.json", `{"name":"a","main":"index.js","dependencies":{"express":"^4.19.0"}}`, "a/Dockerfile", "FROM node:20-alpine\n",
				"b/package.json", `{"name":"b","main":"index.js","dependencies":{"express":"^4.19.0"}}`, "b/Dockerfile", "FROM node:20-alpine\n",
				"c/package.json", `{"name":"c","main":"index.js","dependencies":{"express":"^4.19.0"}}`, "c/Dockerfile", "FROM node:24-alpine\n",
			},
			want: []string{"error nodejs@20 | Node.js 20 (a/Dockerfile:1, b/Dockerfile:1, declared \"20\")"}},
		{name: "a tool's old version never masks the services' version, and a tool is not checked",
			files: []string{
				"api/package.json", `{"name":"api","main":"index.js","dependencies":{"express":"^4.19.0"}}`, "api/.nvmrc", "20\n",
				"tools/package.json", `{"name":"tools","devDependencies":{"eslint":"^8.0.0"},"engines":{"node":"16"}}`, "tools/.nvmrc", "16\n",
			},
			want: []string{"error nodejs@20 | Node.js 20 (api/.nvmrc:1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := eolScan(t, c.files...)
			var lines []string
			for _, f := range got {
				lines = append(lines, f.Severity.String()+" "+f.Subject+" | "+f.Message+" | "+f.Remediation)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(c.want), strings.Join(lines, "\n"))
			}
			for i, w := range c.want {
				for _, part := range strings.Split(w, " | ") {
					if !strings.Contains(lines[i], part) {
						t.Errorf("finding %d:\n%s\ndoes not contain %q", i, lines[i], part)
					}
				}
			}
		})
	}
}

// TestPinExample: the unpinned-image fix shows a supported line of the
// image's own technology from the real catalog, never another image's.
func TestPinExample(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	ctx := &rule.Context{Catalog: cat, Today: rulestest.Today}
	for _, img := range []string{"postgres", "node", "python"} {
		v := pinExample(ctx, img)
		e := cat.Lookup("docker", img)
		if v == "<version>" || len(e) == 0 {
			t.Fatalf("pinExample(%q) = %q", img, v)
		}
		cy, ok := e[0].CycleFor(v)
		if !ok || (!cy.EOL.IsZero() && !cy.EOL.After(rulestest.Today)) {
			t.Errorf("pinExample(%q) = %q, not a supported line of %s", img, v, e[0].Name)
		}
	}
	if v := pinExample(ctx, "ghcr.io/acme/internal-tool"); v != "<version>" {
		t.Errorf("unknown image: %q, want the placeholder", v)
	}
}
