package detectors

import (
	"testing"

	"github.com/stacklint/stacklint/detectors/ci"
	"github.com/stacklint/stacklint/detectors/dbconfig"
	"github.com/stacklint/stacklint/detectors/paas"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestEngineWords holds the detectors that read a datastore engine out of
// a word of a name to one vocabulary (dbconfig.WordEngine): a dotenv file
// named after an engine, a CI matrix key naming one and a Cloud Foundry
// service instance named after one give that engine, or, for the
// ambiguous aliases, nothing, all alike.
func TestEngineWords(t *testing.T) {
	for _, w := range []string{"postgres", "mysql", "redis", "mongo", "ch", "d1", "bolt", "tds", "jtds", "sqljs", "turso", "libsql", "pglite"} {
		want := dbconfig.WordEngine(w)
		for _, in := range []struct {
			det       detect.Detector
			path, src string
			attr      string // the attribute the name's engine is in, "" for Name
		}{
			{dbconfig.DotEnv, ".env.docker." + w, "A=1\n", "environment"},
			{ci.GitHubActions, ".github/workflows/ci.yml", "jobs:\n  t:\n    runs-on: x\n    strategy:\n      matrix:\n        " + w + "-version: [\"14\"]\n", ""},
			{paas.CloudFoundry, "manifest.yml", "applications:\n  - name: app\n    services:\n      - orders-" + w + "\n", ""},
		} {
			sigs, err := detecttest.Detect(in.det, in.path, []byte(in.src))
			if err != nil {
				t.Fatalf("%s %s: %v", in.det.Name, w, err)
			}
			got := ""
			for _, s := range sigs {
				if s.Kind != stack.KindDatastore {
					continue
				}
				got = s.Name
				if in.attr != "" {
					got = s.Attr(in.attr)
				}
			}
			if got != want {
				t.Errorf("%s: the word %q gives %q, dbconfig.WordEngine says %q", in.det.Name, w, got, want)
			}
		}
	}
}
