package dbconfig

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// Prisma reads Prisma schema files.
var Prisma = detect.Detector{
	Name:   "prisma-datasource",
	Doc:    "Reads Prisma schemas (schema.prisma and other *.prisma files): the `provider` of each `datasource` block (postgresql, mysql, sqlite, sqlserver, mongodb, cockroachdb) as a datastore with source=prisma. Prisma itself is left to the npm package signal.",
	Files:  []string{"*.prisma"},
	Match:  func(p string) bool { return path.Ext(p) == ".prisma" },
	Detect: detectPrisma,
}

var (
	reDatasource = lazyregexp.New(`^\s*datasource\s+\w+\s*\{`)
	reProvider   = lazyregexp.New(`^\s*provider\s*=\s*"([^"]*)"`)
	reProviderIn = lazyregexp.New(`\bprovider\s*=\s*"([^"]*)"`)
)

func detectPrisma(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	var out []stack.Signal
	open := 0
	for i, l := range strings.Split(string(in.Data), "\n") {
		if c := strings.Index(l, "//"); c >= 0 {
			l = l[:c]
		}
		switch {
		case open == 0 && reDatasource.MatchString(l):
			open = i + 1
			if body := l[strings.Index(l, "{"):]; strings.Contains(body, "}") {
				open = 0
				if m := reProviderIn.FindStringSubmatch(body); m != nil {
					if e := engineOf(m[1]); e != "" {
						out = append(out, signal(e, i+1, false, "source", "prisma"))
					}
				}
			}
		case open > 0 && strings.Contains(l, "}"):
			open = 0
		case open > 0:
			if m := reProvider.FindStringSubmatch(l); m != nil {
				if e := engineOf(m[1]); e != "" {
					out = append(out, signal(e, i+1, false, "source", "prisma"))
				}
			}
		}
	}
	if open > 0 {
		return out, detect.Errorf(open, 0, "datasource block is never closed; expected `}`")
	}
	return out, nil
}
