package dockerfile

import (
	"path"
	"strings"
)

// Development containers are recognised by what they run, whatever their
// file is called: a hot-reload watcher or a debugger, an end-to-end test
// runner, a code generator. Such an image never ships to production.

// devCommandWords are command words of development tooling, with what
// they say the container is.
var devCommandWords = map[string]string{
	"air":                   "hot reload (air)",
	"compiledaemon":         "hot reload (CompileDaemon)",
	"reflex":                "hot reload (reflex)",
	"nodemon":               "hot reload (nodemon)",
	"ts-node-dev":           "hot reload (ts-node-dev)",
	"watchfiles":            "hot reload (watchfiles)",
	"watchmedo":             "hot reload (watchmedo)",
	"dlv":                   "debugger (Delve)",
	"debugpy":               "debugger (debugpy)",
	"playwright":            "end-to-end tests (Playwright)",
	"cypress":               "end-to-end tests (Cypress)",
	"protoc":                "code generation (protoc)",
	"buf":                   "code generation (buf)",
	"sqlc":                  "code generation (sqlc)",
	"oapi-codegen":          "code generation (oapi-codegen)",
	"openapi-generator-cli": "code generation (OpenAPI Generator)",
	"openapi-generator":     "code generation (OpenAPI Generator)",
	"swagger-codegen":       "code generation (Swagger Codegen)",
	"graphql-codegen":       "code generation (GraphQL Code Generator)",
	"pytest":                "tests (pytest)",
	"jest":                  "tests (Jest)",
	"vitest":                "tests (Vitest)",
	"phpunit":               "tests (PHPUnit)",
	"rspec":                 "tests (RSpec)",
	"newman":                "tests (Newman)",
	"k6":                    "load tests (k6)",
	"locust":                "load tests (Locust)",
}

// testVerbs are the subcommands that run tests: `go test`, `npm test`,
// `mvn verify`, `dotnet test`.
var testVerbs = map[string]map[string]bool{
	"go": {"test": true}, "npm": {"test": true}, "yarn": {"test": true}, "pnpm": {"test": true}, "bun": {"test": true},
	"mvn": {"test": true, "verify": true}, "./mvnw": {"test": true, "verify": true}, "gradle": {"test": true}, "./gradlew": {"test": true},
	"dotnet": {"test": true}, "cargo": {"test": true}, "mix": {"test": true},
}

// devScripts are package-manager scripts that start a development server.
var devScripts = map[string]bool{"dev": true, "develop": true, "start:dev": true, "watch": true, "serve:dev": true}

// DevCommand says why a container command is development tooling ("hot
// reload (nodemon)"), or "" when it is not recognised as such: a
// hot-reload watcher (air, CompileDaemon, reflex, nodemon, ts-node-dev,
// watchfiles, watchmedo, `--reload`), a debugger (dlv, debugpy), a test
// runner (Playwright, Cypress, `go test`, pytest, Jest, `npm test`, `mvn
// verify`, k6...), a code generator (protoc, buf, sqlc, oapi-codegen,
// OpenAPI Generator), or a package manager's dev script (`npm run dev`,
// `yarn dev`).
func DevCommand(cmd string) string {
	words := strings.FieldsFunc(strings.ToLower(cmd), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '"' || r == '\'' || r == ',' || r == '[' || r == ']' || r == ';' || r == '&' || r == '|' || r == '(' || r == ')'
	})
	for i, w := range words {
		base := path.Base(w)
		if r, ok := devCommandWords[base]; ok {
			if (base == "buf" || base == "sqlc") && !(i+1 < len(words) && words[i+1] == "generate") {
				continue
			}
			return r
		}
		if w == "--reload" || w == "--watch" || strings.HasPrefix(w, "--reload=") {
			return "auto-reload (" + w + ")"
		}
		if i+1 < len(words) && testVerbs[w][words[i+1]] {
			return "tests (" + w + " " + words[i+1] + ")"
		}
		switch base {
		case "npm", "yarn", "pnpm", "bun":
			j := i + 1
			if j < len(words) && words[j] == "run" {
				j++
			}
			if j < len(words) && devScripts[words[j]] {
				return "development server (" + base + " " + strings.Join(words[i+1:j+1], " ") + ")"
			}
		}
	}
	return ""
}

// devInstalls are words in a RUN instruction of the image's last stage
// that install development tooling.
var devInstalls = []struct{ word, reason string }{
	{"xdebug", "debugger (Xdebug)"},
	{"github.com/cosmtrek/air", "hot reload (air)"},
	{"github.com/air-verse/air", "hot reload (air)"},
	{"github.com/githubnemo/compiledaemon", "hot reload (CompileDaemon)"},
	{"github.com/cespare/reflex", "hot reload (reflex)"},
	{"github.com/go-delve/delve", "debugger (Delve)"},
}

// devInstall says why a RUN instruction makes a development image
// (installing Xdebug, air, CompileDaemon, reflex or Delve), or "".
func devInstall(run string) string {
	l := strings.ToLower(run)
	for _, d := range devInstalls {
		if strings.Contains(l, d.word) {
			return d.reason
		}
	}
	return ""
}

// devImages are image repositories (prefixes) of development tooling.
var devImages = []struct{ prefix, reason string }{
	{"mcr.microsoft.com/playwright", "end-to-end tests (Playwright)"},
	{"cypress/", "end-to-end tests (Cypress)"},
	{"openapitools/openapi-generator-cli", "code generation (OpenAPI Generator)"},
	{"swaggerapi/swagger-codegen-cli", "code generation (Swagger Codegen)"},
	{"bufbuild/buf", "code generation (buf)"},
	{"sqlc/sqlc", "code generation (sqlc)"},
	{"kjconroy/sqlc", "code generation (sqlc)"},
	{"namely/protoc", "code generation (protoc)"},
	{"cosmtrek/air", "hot reload (air)"},
}

// DevImage says why an image (a normalised repository such as
// "cypress/included") is development tooling, or "".
func DevImage(repo string) string {
	r := strings.ToLower(repo)
	for _, d := range devImages {
		if strings.HasPrefix(r, d.prefix) {
			return d.reason
		}
	}
	return ""
}

// devReason says why the image a Dockerfile builds is development tooling:
// its final stage's base image, a RUN of that stage, or the command it
// starts. "" when nothing says so.
func devReason(final *stage) string {
	if final == nil {
		return ""
	}
	if r := DevImage(final.root().ref.Name); r != "" {
		return r
	}
	for _, run := range final.runs {
		if r := devInstall(run); r != "" {
			return r
		}
	}
	for _, c := range []*command{final.entrypoint, final.cmd} {
		if c == nil {
			continue
		}
		if r := DevCommand(c.String()); r != "" {
			return r
		}
	}
	return ""
}
