package dockerfile

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/multistage.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	detecttest.Golden(t, "testdata/multistage.golden.json", res)
}

func TestBuildArgImages(t *testing.T) {
	df := []byte("ARG BASE_IMAGE=python:3.11\nARG NODE\nFROM ${NODE} AS assets\nFROM node:20 AS other\nFROM ${BASE_IMAGE}\n")
	got := BuildArgImages(df, map[string]string{"BASE_IMAGE": "python:3.12-slim", "NODE": "node:22-alpine"})
	if len(got) != 2 {
		t.Fatalf("got %+v, want the two FROM lines written with a variable", got)
	}
	if got[0].Name != "node" || got[0].Version != "22" || got[0].Scope != stack.ScopeDev || got[0].Line != 3 {
		t.Errorf("build stage = %+v", got[0])
	}
	if got[1].Name != "python" || got[1].Version != "3.12" || got[1].Attr("tag") != "3.12-slim" || got[1].Scope != "" || got[1].Line != 5 {
		t.Errorf("final stage = %+v", got[1])
	}
	if got := BuildArgImages(df, nil); got != nil {
		t.Errorf("no args: %+v", got)
	}
	if got := BuildArgImages([]byte("FROM node:20\n"), map[string]string{"X": "y"}); got != nil {
		t.Errorf("no FROM with a variable: %+v", got)
	}
	if got := BuildArgImages([]byte("FROM alpine\nRUN <<EOF\n"), map[string]string{"X": "y"}); got != nil {
		t.Errorf("invalid Dockerfile: %+v", got)
	}
	if got := BuildArgImages([]byte("FROM ${X}\n"), map[string]string{"Y": "y"}); got != nil {
		t.Errorf("unresolved: %+v", got)
	}
}

func TestMatch(t *testing.T) {
	yes := []string{"Dockerfile", "a/b/Dockerfile", "Containerfile", "Dockerfile.prod", "api.Dockerfile", "x/web.dockerfile", ".devcontainer/Dockerfile"}
	no := []string{"Dockerfile.dockerignore", "Dockerfile.md", "dockerfile.go", "README.md", "Dockerfiles/x.txt", "docker-compose.yml"}
	for _, p := range yes {
		if !Match(p) {
			t.Errorf("Match(%q) = false", p)
		}
	}
	for _, p := range no {
		if Match(p) {
			t.Errorf("Match(%q) = true", p)
		}
	}
}

// find returns the signals with the given name.
func find(sigs []stack.Signal, name string) []stack.Signal {
	var out []stack.Signal
	for _, s := range sigs {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		src     string
		wantErr string // substring; "" for no error
		errLine int
		check   func(t *testing.T, sigs []stack.Signal)
	}{
		{name: "empty", src: "", check: func(t *testing.T, sigs []stack.Signal) {
			if len(sigs) != 0 {
				t.Errorf("signals for an empty file: %+v", sigs)
			}
		}},
		{name: "comments only", src: "# nothing\n\n", check: func(t *testing.T, sigs []stack.Signal) {
			if len(sigs) != 0 {
				t.Errorf("signals: %+v", sigs)
			}
		}},
		{name: "no FROM", src: "RUN echo hi\n", wantErr: "no FROM"},
		{name: "FROM without image", src: "FROM\nFROM alpine:3\n", wantErr: "FROM without an image", errLine: 1, check: func(t *testing.T, sigs []stack.Signal) {
			if len(find(sigs, "alpine")) != 1 {
				t.Errorf("the valid FROM should still be read: %+v", sigs)
			}
		}},
		{name: "unterminated heredoc", src: "FROM alpine\nRUN <<EOF\necho\n", wantErr: "heredoc", errLine: 2},
		{name: "root user and unpinned", src: "FROM ubuntu\nRUN apt-get update\nCMD [\"python3\", \"app.py\"]\n", check: func(t *testing.T, sigs []stack.Signal) {
			u := find(sigs, stack.FactContainerUser)
			if len(u) != 1 || u[0].Attr("root") != "true" || u[0].Line != 1 {
				t.Errorf("container-user = %+v", u)
			}
			if un := find(sigs, stack.FactUnpinnedImage); len(un) != 1 || un[0].Attr("image") != "ubuntu" {
				t.Errorf("unpinned = %+v", un)
			}
			if p := find(sigs, stack.FactProcess); len(p) != 1 || p[0].Attr("server") != "python" || p[0].Line != 3 {
				t.Errorf("process = %+v", p)
			}
		}},
		{name: "USER root explicit", src: "FROM alpine:3\nUSER app\nUSER 0:0\n", check: func(t *testing.T, sigs []stack.Signal) {
			u := find(sigs, stack.FactContainerUser)
			if len(u) != 1 || u[0].Attr("root") != "true" || u[0].Attr("user") != "0:0" || u[0].Line != 3 {
				t.Errorf("container-user = %+v", u)
			}
		}},
		{name: "root to drop privileges with su-exec", src: "FROM alpine:3.20\nRUN apk add --no-cache su-exec && adduser -D app\nUSER root\nENTRYPOINT [\"/entrypoint.sh\"]\n", check: func(t *testing.T, sigs []stack.Signal) {
			u := find(sigs, stack.FactContainerUser)
			if len(u) != 1 || u[0].Attr("root") != "true" || u[0].Attr("privilege_drop") != "su-exec" {
				t.Errorf("container-user = %+v", u)
			}
		}},
		{name: "gosu in the entrypoint", src: "FROM debian:12\nENTRYPOINT [\"/usr/local/bin/gosu\", \"app\", \"/app\"]\n", check: func(t *testing.T, sigs []stack.Signal) {
			if u := find(sigs, stack.FactContainerUser); len(u) != 1 || u[0].Attr("privilege_drop") != "gosu" {
				t.Errorf("container-user = %+v", u)
			}
		}},
		{name: "a dropper in an earlier stage does not count", src: "FROM alpine:3.20 AS tools\nRUN apk add su-exec\nFROM alpine:3.20\nCMD [\"/app\"]\n", check: func(t *testing.T, sigs []stack.Signal) {
			if u := find(sigs, stack.FactContainerUser); len(u) != 1 || u[0].Attr("root") != "true" || u[0].Attr("privilege_drop") != "" {
				t.Errorf("container-user = %+v", u)
			}
		}},
		{name: "user of an earlier stage only", src: "FROM alpine:3 AS a\nUSER app\nFROM alpine:3\n", check: func(t *testing.T, sigs []stack.Signal) {
			u := find(sigs, stack.FactContainerUser)
			if len(u) != 1 || u[0].Attr("root") != "true" || u[0].Attr("stage") != "1" {
				t.Errorf("container-user = %+v", u)
			}
		}},
		{name: "entrypoint resets inherited cmd", src: "FROM alpine:3 AS a\nCMD [\"gunicorn\"]\nFROM a\nENTRYPOINT [\"/run.sh\"]\n", check: func(t *testing.T, sigs []stack.Signal) {
			p := find(sigs, stack.FactProcess)
			if len(p) != 1 || p[0].Attr("server") != "" || p[0].Attr("command") != "/run.sh" {
				t.Errorf("process = %+v", p)
			}
		}},
		{name: "unresolved arg tag", src: "ARG TAG\nFROM app:${TAG}\n", check: func(t *testing.T, sigs []stack.Signal) {
			if un := find(sigs, stack.FactUnpinnedImage); len(un) != 0 {
				t.Errorf("a variable tag is not unpinned: %+v", un)
			}
			if img := find(sigs, "app"); len(img) != 1 || img[0].Version != "" || img[0].Attr("tag") != "${TAG}" {
				t.Errorf("image = %+v", img)
			}
		}},
		{name: "build stage images are dev", src: "FROM maven:3.9.6-eclipse-temurin-17 AS build\nRUN mvn package\nFROM eclipse-temurin:17-jre-jammy\nCOPY --from=build /t/app.jar app.jar\n", check: func(t *testing.T, sigs []stack.Signal) {
			m := find(sigs, "maven")
			if len(m) != 1 || m[0].Scope != stack.ScopeDev || m[0].Attr("build_stage") != "true" || m[0].Attr("stage") != "build" || m[0].Version != "3.9.6" || m[0].Attr("tag") != "3.9.6-eclipse-temurin-17" || m[0].Line != 1 {
				t.Errorf("maven = %+v", m)
			}
			e := find(sigs, "eclipse-temurin")
			if len(e) != 1 || e[0].Scope != "" || e[0].Attr("build_stage") != "" || e[0].Version != "17" || e[0].Line != 3 {
				t.Errorf("eclipse-temurin = %+v", e)
			}
			b := find(sigs, stack.FactBaseImage)
			if len(b) != 2 || b[0].Attr("build_stage") != "true" || b[0].Attr("final") != "false" || b[1].Attr("build_stage") != "" || b[1].Attr("final") != "true" {
				t.Errorf("base images = %+v", b)
			}
		}},
		{name: "ancestors of the final stage ship", src: "FROM python:3.12-slim AS base\nFROM node:20 AS assets\nRUN npm run build\nFROM base AS runtime\nCOPY --from=assets /a /a\nCOPY --from=0 /b /b\n", check: func(t *testing.T, sigs []stack.Signal) {
			if p := find(sigs, "python"); len(p) != 1 || p[0].Scope != "" || p[0].Attr("build_stage") != "" || p[0].Version != "3.12" {
				t.Errorf("python = %+v", p)
			}
			if n := find(sigs, "node"); len(n) != 1 || n[0].Scope != stack.ScopeDev || n[0].Attr("build_stage") != "true" {
				t.Errorf("node = %+v", n)
			}
			for _, s := range sigs {
				if s.Kind == stack.KindImage && (s.Name == "assets" || s.Name == "0") {
					t.Errorf("stage reference counted as image: %+v", s)
				}
			}
		}},
		{name: "unpinned build stage keeps its fact", src: "FROM oven/bun AS js\nFROM python:3.12\n", check: func(t *testing.T, sigs []stack.Signal) {
			u := find(sigs, stack.FactUnpinnedImage)
			if len(u) != 1 || u[0].Attr("image") != "oven/bun" || u[0].Attr("final") != "false" || u[0].Attr("build_stage") != "true" || u[0].Scope != "" {
				t.Errorf("unpinned = %+v", u)
			}
			if b := find(sigs, "oven/bun"); len(b) != 1 || b[0].Scope != stack.ScopeDev {
				t.Errorf("bun = %+v", b)
			}
		}},
		{name: "COPY --from external image is dev", src: "ARG UV=0.2.5\nFROM php:8.3-fpm\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nCOPY --from=ghcr.io/astral-sh/uv:${UV} /uv /bin/uv\nCOPY --chown=1 --from=${NOPE} /x /x\n", check: func(t *testing.T, sigs []stack.Signal) {
			c := find(sigs, "composer")
			if len(c) != 1 || c[0].Scope != stack.ScopeDev || c[0].Attr("copy_from") != "true" || c[0].Attr("build_stage") != "true" || c[0].Attr("stage") != "0" || c[0].Version != "2" || c[0].Line != 3 {
				t.Errorf("composer = %+v", c)
			}
			if u := find(sigs, "ghcr.io/astral-sh/uv"); len(u) != 1 || u[0].Version != "0.2.5" || u[0].Scope != stack.ScopeDev || u[0].Line != 4 {
				t.Errorf("uv = %+v", u)
			}
			if p := find(sigs, "php"); len(p) != 1 || p[0].Scope != "" {
				t.Errorf("php = %+v", p)
			}
			if b := find(sigs, stack.FactBaseImage); len(b) != 1 {
				t.Errorf("COPY --from is not a base image: %+v", b)
			}
		}},
		{name: "lowercase instructions and stage refs", src: "from node:20 as Build\nfrom build\nuser node\n", check: func(t *testing.T, sigs []stack.Signal) {
			imgs := 0
			for _, s := range sigs {
				if s.Kind == stack.KindImage {
					imgs++
				}
			}
			if imgs != 1 {
				t.Errorf("stage reference counted as image: %+v", sigs)
			}
			b := find(sigs, stack.FactBaseImage)
			if len(b) != 2 || b[1].Attr("image") != "node" || b[1].Attr("parent") != "Build" || b[1].Attr("final") != "true" {
				t.Errorf("base images = %+v", b)
			}
		}},
		{name: "devcontainer scope", path: ".devcontainer/Dockerfile", src: "FROM node:20\n", check: func(t *testing.T, sigs []stack.Signal) {
			for _, s := range sigs {
				if s.Scope != stack.ScopeDev {
					t.Errorf("signal not dev-scoped: %+v", s)
				}
			}
		}},
		{name: "binary junk", src: "\x00\x01\x02FROM\xff", check: func(t *testing.T, sigs []stack.Signal) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.path
			if p == "" {
				p = "Dockerfile"
			}
			sigs, err := detecttest.Detect(Detector, p, []byte(tt.src))
			if tt.wantErr == "" {
				if err != nil && tt.name != "binary junk" {
					t.Fatalf("unexpected error: %v", err)
				}
			} else {
				var pe *detect.ParseError
				if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want a ParseError containing %q", err, tt.wantErr)
				}
				if tt.errLine != 0 && pe.Line != tt.errLine {
					t.Errorf("error line = %d, want %d", pe.Line, tt.errLine)
				}
			}
			if tt.check != nil {
				tt.check(t, sigs)
			}
		})
	}
}

func FuzzDockerfile(f *testing.F) {
	seeds := []string{
		"FROM node:20-alpine\nCMD [\"node\", \"server.js\"]\n",
		"ARG V=1\nFROM golang:${V} AS b\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=b /x /x\nUSER nonroot\nENTRYPOINT [\"/x\"]\n",
		"FROM python:3.12\nHEALTHCHECK CMD curl -f localhost\nEXPOSE 80 443/tcp\nCMD gunicorn -w 4 -k gevent app:app\n",
		"FROM a AS a\nFROM a\n",
		"FROM\n",
		"FROM alpine\nRUN <<EOF\nx\n",
		"# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n",
		"FROM ${X:-node}:${Y:?}\nENTRYPOINT [\"sh\", \"-c\"]\n",
		"FROM x\nCMD [\"bash\", \"-c\", \"\"]\n",
		"FROM composer:2.7 AS vendor\nFROM oven/bun AS b\nFROM php:8.3-fpm\nCOPY --from=vendor /a /a\nCOPY --from=composer:2 /c /c\nCOPY --from=1 /b /b\nCOPY --from= /x /x\n",
		"FROM a AS b\nFROM b AS c\nFROM c\nCOPY --from=${X} --from=y /q /q\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Detector, "Dockerfile", data)
		if err != nil && err.Error() == "" {
			t.Fatalf("error without a message")
		}
		if err != nil && !isParseErrors(err) {
			t.Fatalf("error is not a ParseError: %T %v", err, err)
		}
		for _, s := range sigs {
			if s.Name == "" || s.Kind == "" {
				t.Fatalf("signal without kind or name: %+v", s)
			}
		}
	})
}

// isParseErrors reports whether err is a ParseError or a join of them.
func isParseErrors(err error) bool {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			if !isParseErrors(e) {
				return false
			}
		}
		return true
	}
	var pe *detect.ParseError
	return errors.As(err, &pe)
}

func TestDevVariant(t *testing.T) {
	for p, want := range map[string]bool{
		"Dockerfile": false, "Dockerfile.prod": false, "api.Dockerfile": false, "docker/Dockerfile.worker": false,
		"Dockerfile.dev": true, "src/cart/Dockerfile.debug": true, "test.Dockerfile": true, "Dockerfile.e2e-tests": true,
		".ci/Dockerfile.cypress": true, "Dockerfile.playwright": true, "local.dockerfile": true, "Dockerfile.devel": false,
	} {
		if got := DevVariant(p); got != want {
			t.Errorf("DevVariant(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestDevByContent: a Dockerfile named plainly is development tooling when
// what it runs says so, and a production image is not.
func TestDevByContent(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"air", "FROM golang:1.23\nWORKDIR /app\nRUN go install github.com/air-verse/air@latest\nCMD [\"air\", \"-c\", \".air.toml\"]\n", "hot reload (air)"},
		{"compiledaemon", "FROM golang:1.22\nRUN go get github.com/githubnemo/CompileDaemon\nENTRYPOINT CompileDaemon --build=\"go build -o app\" --command=./app\n", "hot reload (CompileDaemon)"},
		{"nodemon", "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"npx\", \"nodemon\", \"src/index.js\"]\n", "hot reload (nodemon)"},
		{"npm run dev", "FROM node:22\nCMD npm run dev\n", "development server (npm run dev)"},
		{"uvicorn reload", "FROM python:3.12\nCMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\", \"--reload\"]\n", "auto-reload (--reload)"},
		{"xdebug heredoc", "FROM php:8.3-apache\nRUN <<EOR\napt-get update\npecl install xdebug\ndocker-php-ext-enable xdebug\nEOR\n", "debugger (Xdebug)"},
		{"cypress image", "FROM cypress/included:13.6.0\nCOPY . /e2e\n", "end-to-end tests (Cypress)"},
		{"playwright image", "FROM mcr.microsoft.com/playwright:v1.45.0-jammy\nCMD [\"npx\", \"playwright\", \"test\"]\n", "end-to-end tests (Playwright)"},
		{"codegen", "FROM golang:1.23\nRUN go install github.com/sqlc-dev/sqlc/cmd/sqlc@latest\nCMD [\"sqlc\", \"generate\"]\n", "code generation (sqlc)"},
		{"integration tests", "FROM golang:1.26-alpine AS modules\nRUN go mod download\nFROM golang:1.26-alpine\nCOPY . /app\nCMD [\"go\", \"test\", \"-v\", \"./integration-test/...\"]\n", "tests (go test)"},
		// Silent: production images, and development stages that do not ship.
		{"production node", "FROM node:22-alpine\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD [\"node\", \"server.js\"]\n", ""},
		{"dev stage not shipped", "FROM golang:1.23 AS dev\nRUN go install github.com/air-verse/air@latest\nCMD [\"air\"]\nFROM golang:1.23 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\nCMD [\"/app\"]\n", ""},
		{"xdebug only in a dev stage", "FROM php:8.3-fpm AS base\nFROM base AS dev\nRUN pecl install xdebug\nFROM base AS prod\nCMD [\"php-fpm\"]\n", ""},
		{"gunicorn", "FROM python:3.12-slim\nCMD [\"gunicorn\", \"-w\", \"4\", \"app:app\"]\n", ""},
		{"buf without generate", "FROM golang:1.23\nCMD [\"/srv/buffer\", \"--buf\", \"10\"]\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DevDockerfile([]byte(c.src)); got != c.want {
				t.Errorf("DevDockerfile = %q, want %q", got, c.want)
			}
			sigs, err := Detector.Detect(context.Background(), &detect.Input{Path: "Dockerfile", Data: []byte(c.src)})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sigs {
				if s.Kind == stack.KindFact && s.Name == stack.FactContainerUser {
					if dev := s.Scope == stack.ScopeDev; dev != (c.want != "") || s.Attr("dev") != c.want {
						t.Errorf("container-user fact scope %q dev %q, want dev=%v %q", s.Scope, s.Attr("dev"), c.want != "", c.want)
					}
				}
			}
		})
	}
}
