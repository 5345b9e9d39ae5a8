package ci

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/dbconfig"
	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// A CI job's service containers and test matrix say which datastores the
// product is tested against: evidence of support, not of what production
// runs. Their signals are dev-scoped and carry stack.AttrSupported.

// matrixRef matches a `${{ matrix.KEY }}` expression.
var matrixRef = lazyregexp.New(`\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}`)

// maxMatrixValues bounds the values read per matrix key and the images
// one service expands to.
const maxMatrixValues = 64

// matrixValues returns the scalar values of each key of a GitHub Actions
// `strategy.matrix` (lists, single values and the entries of include).
func matrixValues(matrix *yaml.Node) (map[string][]*yaml.Node, []string) {
	vals := map[string][]*yaml.Node{}
	var order []string
	put := func(k string, v *yaml.Node) {
		if _, ok := vals[k]; !ok {
			order = append(order, k)
		}
		if len(vals[k]) < maxMatrixValues {
			vals[k] = append(vals[k], v)
		}
	}
	docnode.EachPair(matrix, func(k, v *yaml.Node) {
		switch k.Value {
		case "exclude":
			return
		case "include":
			for _, it := range docnode.Items(v) {
				docnode.EachPair(it, func(k, v *yaml.Node) {
					if v != nil && v.Kind == yaml.ScalarNode {
						put(k.Value, v)
					}
				})
			}
			return
		}
		if v != nil && v.Kind == yaml.ScalarNode {
			put(k.Value, v)
		}
		for _, it := range docnode.Items(v) {
			if it = docnode.Resolve(it); it != nil && it.Kind == yaml.ScalarNode {
				put(k.Value, it)
			}
		}
	})
	return vals, order
}

// jobSupport returns the supported-datastore evidence of a GitHub Actions
// job: its service containers (an image written with `${{ matrix.KEY }}`
// expands to each value of the matrix key) and its matrix entries naming
// database engines or engine versions.
func jobSupport(job *yaml.Node) []stack.Signal {
	vals, order := matrixValues(docnode.Get(docnode.Get(job, "strategy"), "matrix"))
	var out []stack.Signal
	docnode.EachPair(docnode.Get(job, "services"), func(k, svc *yaml.Node) {
		img := docnode.Get(svc, "image")
		if img == nil && svc != nil && svc.Kind == yaml.ScalarNode {
			img = svc
		}
		ref := strings.TrimSpace(docnode.Scalar(img))
		if ref == "" {
			return
		}
		for _, r := range expandMatrix(ref, vals) {
			out = append(out, imageref.BuildSignals(r, img.Line, map[string]string{"service": k.Value, stack.AttrSupported: "ci-service"})...)
		}
	})
	for _, k := range order {
		out = append(out, matrixEngines(k, vals[k])...)
	}
	return dedupeSupport(out)
}

// expandMatrix resolves `${{ matrix.KEY }}` in an image reference with
// each value of KEY; other expressions cannot be resolved, so the image
// keeps its name and loses its tag, or is dropped when its name is an
// expression.
func expandMatrix(ref string, vals map[string][]*yaml.Node) []string {
	if m := matrixRef.FindStringSubmatch(ref); m != nil && len(matrixRef.FindAllString(ref, 2)) == 1 {
		var out []string
		for _, v := range vals[m[1]] {
			if r := strings.Replace(ref, m[0], strings.TrimSpace(v.Value), 1); !strings.Contains(r, "${{") {
				out = append(out, r)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if !strings.Contains(ref, "${{") {
		return []string{ref}
	}
	r := imageref.Parse(ref)
	if r.Name == "" || strings.Contains(r.Name, "$") {
		return nil
	}
	return []string{r.Name}
}

// engineListWords are the words of a matrix key whose values are database
// engines ("db", "database", "db-type", "database_engine"); at least one
// of engineKeyHeads must be among them.
var (
	engineListWords = map[string]bool{
		"db": true, "database": true, "databases": true, "dbms": true, "rdbms": true, "datastore": true, "sql": true,
		"type": true, "engine": true, "driver": true, "adapter": true, "backend": true, "vendor": true, "flavor": true,
		"flavour": true, "kind": true, "image": true, "server": true, "name": true, "platform": true,
	}
	engineKeyHeads = map[string]bool{"db": true, "database": true, "databases": true, "dbms": true, "rdbms": true, "datastore": true, "sql": true}
)

// keyWords splits a matrix key on -, _ and . into lowercase words.
func keyWords(k string) []string {
	return strings.FieldsFunc(strings.ToLower(k), func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' })
}

// matrixEngines reads one matrix key: a key naming engines (db:
// [postgres, mysql:8.0]) gives each engine with its version, and each
// image reference no engine word names as an image (the catalog says
// which datastore mcr.microsoft.com/mssql/server is); a key naming an
// engine (postgres-version: [14, 15]) gives that engine at each version.
func matrixEngines(key string, vals []*yaml.Node) []stack.Signal {
	words := keyWords(key)
	list, head := len(words) > 0, false
	keyEngine := ""
	for _, w := range words {
		if !engineListWords[w] {
			list = false
		}
		if engineKeyHeads[w] {
			head = true
		}
		if e := dbconfig.WordEngine(w); e != "" && keyEngine == "" {
			keyEngine = e
		}
	}
	var out []stack.Signal
	for _, v := range vals {
		val := strings.TrimSpace(v.Value)
		if val == "" || strings.Contains(val, "${{") {
			continue
		}
		engine, version := "", ""
		switch {
		case list && head:
			engine, version = engineValue(val)
			if engine == "" && strings.Contains(val, "/") {
				// An image no engine word names (mcr.microsoft.com/mssql/server:2022-latest):
				// read as every image is, for the catalog to say what it is.
				out = append(out, imageref.BuildSignals(val, v.Line, map[string]string{stack.AttrSupported: "ci-matrix", "key": key})...)
				continue
			}
		case keyEngine != "":
			if version = imageref.TagVersion(val); version != "" || strings.EqualFold(val, "latest") {
				engine = keyEngine
			}
		}
		if engine == "" {
			continue
		}
		s := stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: engine, Version: version, Line: v.Line, Scope: stack.ScopeDev,
			Attrs: map[string]string{stack.AttrSupported: "ci-matrix", "key": key}}
		out = append(out, s)
	}
	return out
}

// engineValue reads a matrix value naming an engine, with or without a
// version: "pgsql", "postgres:16", "mysql-8.0", "mariadb 10.11",
// "postgresql@15", "mysql8", "postgis/postgis:16-3.4".
func engineValue(v string) (engine, version string) {
	v = strings.ToLower(strings.TrimSpace(v))
	if e := dbconfig.EngineOf(v); e != "" {
		return e, ""
	}
	if strings.ContainsAny(v, ":/") {
		r := imageref.Parse(v)
		name := r.Name
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:]
		}
		if e := dbconfig.EngineOf(name); e != "" {
			return e, imageref.TagVersion(r.Tag)
		}
	}
	for i := 1; i < len(v); i++ {
		c := v[i]
		if c == '@' || c == ' ' || c == '-' || c == '_' || c == '=' || c >= '0' && c <= '9' {
			name, rest := v[:i], strings.TrimLeft(v[i:], "@ -_=")
			if e := dbconfig.EngineOf(name); e != "" {
				return e, imageref.TagVersion(rest)
			}
			if c != '-' && c != '_' {
				break
			}
		}
	}
	return "", ""
}

// dedupeSupport keeps the first signal of each kind, name, version and
// line.
func dedupeSupport(sigs []stack.Signal) []stack.Signal {
	seen := map[string]bool{}
	out := sigs[:0]
	for _, s := range sigs {
		k := s.Kind + "\x00" + s.Name + "\x00" + s.Version + "\x00" + s.Attr("tag") + "\x00" + strconv.Itoa(s.Line)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// gitlabMatrix returns the engines a GitLab job's `parallel: matrix:`
// names (a list of maps from variable to value or list of values).
func gitlabMatrix(job *yaml.Node) []stack.Signal {
	var out []stack.Signal
	for _, m := range docnode.Items(docnode.Get(docnode.Get(job, "parallel"), "matrix")) {
		vals, order := matrixValues(m)
		for _, k := range order {
			out = append(out, matrixEngines(k, vals[k])...)
		}
	}
	return out
}
