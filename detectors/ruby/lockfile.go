package ruby

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// LockDetector reads Gemfile.lock and gems.locked.
var LockDetector = detect.Detector{
	Name:   "gemfile-lock",
	Doc:    "Reads Gemfile.lock (or gems.locked): a lockfile fact with manager=bundler, every top-level gem of the `GEM` and `GIT` sections' specs as a RubyGems package with its locked version and the attribute locked=true (a platform suffix such as -x86_64-linux goes to the attribute platform), and the `RUBY VERSION` section as the runtime ruby. A gem neither the `DEPENDENCIES` section nor the project's own gemspec (`PATH`) names carries the attribute transitive=true: it comes with another gem, a version and no use of the app's own. Scopes come from the sibling Gemfile when it can be read: gems reachable only from development groups are dev-scoped. `BUNDLED WITH` is ignored.",
	Files:  []string{"Gemfile.lock", "gems.locked"},
	Match:  func(p string) bool { b := path.Base(p); return b == "Gemfile.lock" || b == "gems.locked" },
	Detect: detectLock,
}

var (
	reSpec     = lazyregexp.New(`^    ([^\s(]+)(?: \(([^)]*)\))?\s*$`)
	reSpecDep  = lazyregexp.New(`^      ([^\s(]+)`)
	reDep      = lazyregexp.New(`^  ([^\s(!]+)`)
	reLockRuby = lazyregexp.New(`^\s+ruby\s+(\S+)`)
	rePatch    = lazyregexp.New(`p\d+$`)
)

type lockSpec struct {
	name, version, platform string
	line                    int
	emit                    bool
	deps                    []string
}

func detectLock(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindFact, Name: stack.FactLockfile, Attrs: map[string]string{"manager": "bundler"}}}
	lines := strings.Split(strings.ReplaceAll(string(in.Data), "\r\n", "\n"), "\n")
	var specs []*lockSpec
	var direct []string
	section := ""
	inSpecs := false
	var cur *lockSpec
	var err error
	for i, l := range lines {
		if l == "" {
			continue
		}
		if l[0] != ' ' {
			section = strings.TrimSpace(l)
			inSpecs = false
			cur = nil
			continue
		}
		switch section {
		case "GEM", "GIT", "PATH":
			if strings.TrimSpace(l) == "specs:" {
				inSpecs = true
				continue
			}
			if !inSpecs {
				continue
			}
			if m := reSpec.FindStringSubmatch(l); m != nil {
				v, plat, _ := strings.Cut(m[2], "-")
				cur = &lockSpec{name: m[1], version: v, platform: plat, line: i + 1, emit: section != "PATH"}
				specs = append(specs, cur)
			} else if m := reSpecDep.FindStringSubmatch(l); m != nil && cur != nil {
				cur.deps = append(cur.deps, m[1])
			} else if strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "      ") && err == nil {
				err = detect.Errorf(i+1, 5, "gem spec should read `name (version)`")
			}
		case "DEPENDENCIES":
			if m := reDep.FindStringSubmatch(l); m != nil {
				direct = append(direct, m[1])
			}
		case "RUBY VERSION":
			if m := reLockRuby.FindStringSubmatch(l); m != nil {
				out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "ruby", Version: rePatch.ReplaceAllString(m[1], ""), Line: i + 1, Attrs: map[string]string{"locked": "true"}})
			}
		}
	}
	dev := devOnly(in, specs, direct)
	// Gems the DEPENDENCIES section or the project's own gemspec (PATH)
	// names are the app's; the others come with them.
	declared := map[string]bool{}
	for _, d := range direct {
		declared[d] = true
	}
	for _, s := range specs {
		if !s.emit {
			for _, d := range s.deps {
				declared[d] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, s := range specs {
		if !s.emit || seen[s.name+" "+s.version] {
			continue
		}
		seen[s.name+" "+s.version] = true
		sig := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoRubyGems, Name: s.name, Version: s.version, Line: s.line, Attrs: map[string]string{"locked": "true"}}
		if s.platform != "" {
			sig.Attrs["platform"] = s.platform
		}
		if dev[s.name] {
			sig.Scope = stack.ScopeDev
		}
		if len(direct) > 0 && !declared[s.name] {
			sig.Attrs["transitive"] = "true"
		}
		out = append(out, sig)
	}
	return out, err
}

// devOnly returns the locked gems reachable only from development gems of
// the sibling Gemfile. Without a readable Gemfile it returns nothing: every
// gem is then runtime.
func devOnly(in *detect.Input, specs []*lockSpec, direct []string) map[string]bool {
	if in.Files == nil {
		return nil
	}
	name := "Gemfile"
	if path.Base(in.Path) == "gems.locked" {
		name = "gems.rb"
	}
	data, err := in.Files.ReadFile(path.Join(path.Dir(in.Path), name))
	if err != nil {
		return nil
	}
	gf, _ := parseGemfile(data)
	declared := map[string]bool{} // name -> dev
	for _, g := range gf.gems {
		if d, ok := declared[g.name]; ok {
			declared[g.name] = d && g.dev
		} else {
			declared[g.name] = g.dev
		}
	}
	graph := map[string][]string{}
	for _, s := range specs {
		graph[s.name] = append(graph[s.name], s.deps...)
	}
	var runtimeRoots, devRoots []string
	for _, d := range direct {
		if isDev, ok := declared[d]; ok && isDev {
			devRoots = append(devRoots, d)
		} else {
			runtimeRoots = append(runtimeRoots, d)
		}
	}
	for _, s := range specs {
		if !s.emit { // the project's own gemspec: its dependencies are runtime
			runtimeRoots = append(runtimeRoots, s.name)
		}
	}
	runtime := reach(graph, runtimeRoots)
	devReach := reach(graph, devRoots)
	out := map[string]bool{}
	for n := range devReach {
		if !runtime[n] {
			out[n] = true
		}
	}
	return out
}

func reach(graph map[string][]string, roots []string) map[string]bool {
	seen := map[string]bool{}
	stackN := append([]string(nil), roots...)
	for len(stackN) > 0 {
		n := stackN[len(stackN)-1]
		stackN = stackN[:len(stackN)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		stackN = append(stackN, graph[n]...)
	}
	return seen
}
