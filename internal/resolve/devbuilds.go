package resolve

import (
	"fmt"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/stack"
)

// devBuilds returns the signals with those of the Dockerfiles that only
// development Compose services build given scope dev, and attr `dev`
// saying which service and why ("built only by development service web
// (docker-compose.yml:12): hot reload (nodemon)"). A development service
// is one the compose detector recognised by content (its `service` fact
// carries attr `dev`: a hot-reload watcher, a debugger, a test or
// end-to-end harness, a code generator, the source bind-mounted). A
// Dockerfile any other service builds, or that a development service
// builds only up to a `target` stage, keeps its scope: what it builds may
// ship. Signals already dev keep their reason.
func devBuilds(sigs []stack.Signal) []stack.Signal {
	type builder struct {
		dev              bool
		name, why, where string
	}
	builders := map[string][]builder{}
	var order []string
	for _, s := range sigs {
		if s.Kind != stack.KindFact || s.Name != stack.FactService || s.Attr("source") != "compose" {
			continue
		}
		ctx := s.Attr("build")
		if ctx == "" || strings.Contains(ctx, "://") || strings.HasPrefix(ctx, "git@") || strings.HasPrefix(ctx, "github.com/") {
			continue
		}
		df := s.Attr("dockerfile")
		if df == "" {
			df = path.Join(ctx, "Dockerfile")
		}
		if _, ok := builders[df]; !ok {
			order = append(order, df)
		}
		b := builder{name: s.Attr("name"), why: s.Attr("dev"), where: fmt.Sprintf("%s:%d", s.File, s.Line)}
		b.dev = s.Scope == stack.ScopeDev && b.why != "" && s.Attr("target") == ""
		builders[df] = append(builders[df], b)
	}
	marked := map[string]string{}
	for _, df := range order {
		bs := builders[df]
		dev := true
		for _, b := range bs {
			dev = dev && b.dev
		}
		if dev {
			marked[df] = fmt.Sprintf("built only by development service %s (%s): %s", bs[0].name, bs[0].where, bs[0].why)
		}
	}
	if len(marked) == 0 {
		return sigs
	}
	out := make([]stack.Signal, len(sigs))
	for i, s := range sigs {
		if why, ok := marked[s.File]; ok && s.Scope != stack.ScopeNonProduction && s.Attr("dev") == "" {
			attrs := make(map[string]string, len(s.Attrs)+1)
			for k, v := range s.Attrs {
				attrs[k] = v
			}
			attrs["dev"] = why
			s.Attrs = attrs
			s.Scope = stack.ScopeDev
		}
		out[i] = s
	}
	return out
}
