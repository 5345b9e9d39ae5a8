package detectors

import (
	"testing"

	"github.com/stacklint/stacklint/detectors/dbconfig"
	"github.com/stacklint/stacklint/detectors/docs"
	"github.com/stacklint/stacklint/detectors/internal/dotenv"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

// TestEnvFileScopes holds the detectors that read dotenv files to one
// vocabulary (detectors/internal/dotenv): a file's signals are dev-scoped
// exactly when dotenv.DevOnly says the file is development-only, and
// the committed-secret check skips exactly the templates.
func TestEnvFileScopes(t *testing.T) {
	// Fake values only: a URL naming an engine and a secret-looking key.
	data := []byte("DATABASE_URL=postgres://app@db/app\nSECRET_KEY=zz-not-a-real-secret-zz\n")
	names := []string{
		".env", ".env.production", ".env.prod", ".env.staging", ".env.development", ".env.dev", ".env.test", ".env.testing",
		".env.local", ".env.ci", ".env.ci-2", ".env.e2e", ".env.production.local", ".env.development.local", ".env.example",
		".env.sample", ".env.dist", ".env.template", ".env.test.example", ".env.local.sample", "api/.env.integration",
	}
	for _, name := range names {
		want := ""
		if dotenv.DevOnly(name) {
			want = stack.ScopeDev
		}
		for _, d := range []struct {
			det  detect.Detector
			read bool
			kind string
		}{{dbconfig.DotEnv, true, stack.KindDatastore}, {docs.EnvSecrets, !dotenv.Template(name), stack.KindFact}} {
			if d.det.Match(name) != d.read {
				t.Errorf("%s: %s reads it: %v, want %v", name, d.det.Name, !d.read, d.read)
				continue
			}
			if !d.read {
				continue
			}
			sigs, err := detecttest.Detect(d.det, name, data)
			if err != nil {
				t.Fatalf("%s %s: %v", d.det.Name, name, err)
			}
			if len(sigs) == 0 {
				t.Errorf("%s: %s gives nothing", name, d.det.Name)
			}
			for _, s := range sigs {
				if s.Kind == d.kind && s.Scope != want {
					t.Errorf("%s: %s gives scope %q, dotenv.DevOnly says %q", name, d.det.Name, s.Scope, want)
				}
			}
		}
	}
}
