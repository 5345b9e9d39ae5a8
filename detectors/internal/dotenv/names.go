package dotenv

import (
	"path"
	"slices"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/envname"
)

// TemplateParts are the name parts of committed templates: placeholders
// to copy into a real .env (.env.example, .env.sample, .env.dist). They
// say which keys the application reads, so datastore detection reads
// them, scoped by their other parts (.env.example is the application's,
// .env.test.example development's); their values are not secrets.
var TemplateParts = []string{"example", "sample", "dist", "template", "tmpl", "tpl", "defaults", "default", "schema", "skeleton", "ci-template"}

// nameParts returns the lowercase parts of a dotenv file's name that say
// what it is for: after ".env." (.env.test.local) or before ".env"
// (test.env), split on ".", "-" and "_". The whole dot-separated parts
// come too, so "ci-template" is one.
func nameParts(p string) []string {
	b := strings.ToLower(path.Base(p))
	rest, ok := strings.CutPrefix(b, ".env.")
	if !ok {
		if rest, ok = strings.CutSuffix(b, ".env"); !ok || rest == "" {
			return nil
		}
	}
	var out []string
	for _, dot := range strings.Split(rest, ".") {
		out = append(out, dot)
		if strings.ContainsAny(dot, "-_") {
			out = append(out, strings.FieldsFunc(dot, func(r rune) bool { return r == '-' || r == '_' })...)
		}
	}
	return out
}

// DevOnly reports whether a dotenv file's name says it configures
// development, tests or CI only (envname.Dev of the name after ".env." or
// before ".env": .env.test, .env.local, .env.ci-2, test.env; not .env,
// .env.production, .env.production.local, .env.example).
func DevOnly(p string) bool {
	return envname.Dev(strings.Join(nameParts(p), "."))
}

// Template reports whether a dotenv file's name says it is a template of
// placeholders (a part is one of TemplateParts: .env.example,
// .env.local.sample, .env.dist).
func Template(p string) bool {
	for _, part := range nameParts(p) {
		if slices.Contains(TemplateParts, part) {
			return true
		}
	}
	return false
}

// NamesDoc says in markdown which dotenv files are development-only and
// which are templates, from the lists every detector uses; it is part of
// docs/detectors.md.
func NamesDoc() string {
	code := func(parts []string) string {
		var b []string
		for _, p := range parts {
			b = append(b, "`"+p+"`")
		}
		return strings.Join(b, ", ")
	}
	return "A dotenv file is **development-only** (its signals get scope dev) when a part of its name after `.env.` or before `.env`, " +
		"split on `.`, `-` and `_`, is one of " + code(envname.DevParts) + " and none is " + code(envname.ProdParts) +
		" (`.env.test`, `.env.local`, `.env.ci-2` and `test.env` are; `.env`, `.env.production`, `.env.production.local` and `.env.example` are not). " +
		"It is a **template** when a part is one of " + code(TemplateParts) +
		": datastore detection reads templates for the keys the application uses (scoped by their other parts: `.env.example` is the application's, " +
		"`.env.test.example` development's), the committed-secret check skips them (their values are placeholders).\n"
}
