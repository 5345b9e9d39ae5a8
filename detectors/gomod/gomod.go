// Package gomod detects Go modules from go.mod files.
package gomod

import (
	"context"
	"errors"
	"path"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads go.mod: the go and toolchain versions and every required
// module (indirect ones included, marked by the "indirect" attribute).
var Detector = detect.Detector{
	Name:     "gomod",
	Doc:      "Reads go.mod files with golang.org/x/mod/modfile: the `go` directive (runtime go), the `toolchain` line, and each direct `require` as a Go package with its version; `// indirect` requirements are transitive and skipped.",
	Files:    []string{"go.mod"},
	Match:    func(p string) bool { return path.Base(p) == "go.mod" },
	Manifest: func(p string) bool { return true },
	Detect:   detectGoMod,
}

func detectGoMod(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	f, err := modfile.Parse(in.Path, in.Data, nil)
	if err != nil {
		return nil, modError(err)
	}
	var out []stack.Signal
	if f.Go != nil {
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "go", Version: f.Go.Version, Line: line(f.Go.Syntax)})
	}
	if f.Toolchain != nil {
		v := strings.TrimPrefix(f.Toolchain.Name, "go")
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "go", Version: v, Line: line(f.Toolchain.Syntax), Attrs: map[string]string{"toolchain": "true"}})
	}
	for _, r := range f.Require {
		if r.Indirect {
			// Transitive requirements are what the dependencies use, not
			// what the module chose: they do not make the stack.
			continue
		}
		out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoGo, Name: r.Mod.Path, Version: r.Mod.Version, Line: line(r.Syntax)})
	}
	return out, nil
}

func line(l *modfile.Line) int {
	if l == nil {
		return 0
	}
	return l.Start.Line
}

// modError turns modfile's errors into ParseErrors with their positions.
func modError(err error) error {
	var el modfile.ErrorList
	if errors.As(err, &el) {
		errs := make([]error, 0, len(el))
		for _, e := range el {
			errs = append(errs, detect.Errorf(e.Pos.Line, e.Pos.LineRune, "%v", e.Err))
		}
		if len(errs) == 1 {
			return errs[0]
		}
		return errors.Join(errs...)
	}
	var me *modfile.Error
	if errors.As(err, &me) {
		return detect.Errorf(me.Pos.Line, me.Pos.LineRune, "%v", me.Err)
	}
	// Syntax errors read "go.mod:3:5: unexpected newline".
	msg := err.Error()
	if m := posPrefix.FindStringSubmatch(msg); m != nil {
		l, _ := strconv.Atoi(m[1])
		c, _ := strconv.Atoi(m[2])
		return detect.Errorf(l, c, "%s", strings.TrimSpace(msg[len(m[0]):]))
	}
	return detect.Errorf(0, 0, "invalid go.mod: %s", msg)
}

var posPrefix = lazyregexp.New(`^[^:]*:(\d+)(?::(\d+))?:`)
