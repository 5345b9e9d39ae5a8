package dbconfig

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// Alembic reads alembic.ini.
var Alembic = detect.Detector{
	Name:   "alembic-ini",
	Doc:    "Reads alembic.ini: the scheme of each `sqlalchemy.url` (postgresql+psycopg://... gives postgresql; the template's driver:// gives nothing) as a datastore with source=alembic. Only the scheme is read.",
	Files:  []string{"alembic.ini"},
	Match:  func(p string) bool { return path.Base(p) == "alembic.ini" },
	Detect: detectAlembic,
}

var reAlembicURL = lazyregexp.New(`^\s*sqlalchemy\.url\s*[=:]\s*(.*)$`)

func detectAlembic(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	var out []stack.Signal
	for i, l := range strings.Split(string(in.Data), "\n") {
		if m := reAlembicURL.FindStringSubmatch(l); m != nil {
			if e, _ := urlEngine(m[1]); e != "" {
				out = append(out, signal(e, i+1, false, "source", "alembic", "key", "sqlalchemy.url"))
			}
		}
	}
	return out, nil
}
