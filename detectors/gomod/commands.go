package gomod

import (
	"bufio"
	"bytes"
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Commands reads Go main packages: the programs a module builds.
var Commands = detect.Detector{
	Name: "gocmd",
	Doc: "Reads main.go files whose package is main (a program a Go module builds): an entry-point fact (kind command, " +
		"attr `program`: <name> for Go's cmd/<name>/ layout, with detail `Go command cmd/<name>`, else `main`, " +
		"with detail `Go main package`). Resolve reads the program's name for the component's role: cmd/server or " +
		"cmd/api a service, cmd/worker a worker, cmd/<x>ctl or cmd/gen a tool (when every program of the " +
		"component is one).",
	Files:  []string{"main.go"},
	Match:  func(p string) bool { return path.Base(p) == "main.go" },
	Detect: detectCommand,
}

func detectCommand(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	line, ok := packageMain(in.Data)
	if !ok {
		return nil, nil
	}
	// Only Go's cmd/<name>/ layout names the program on purpose; any
	// other main package's folder name (webapp-server, testdata/x) says
	// little: it is program "main".
	dir := path.Dir(in.Path)
	name, detail := "main", "Go main package"
	if path.Base(path.Dir(dir)) == "cmd" {
		name = path.Base(dir)
		detail = "Go command cmd/" + name
	}
	return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactEntryPoint, Line: line, Attrs: map[string]string{
		"kind": stack.EntryCommand, "detail": detail, "program": name,
	}}}, nil
}

// packageMain returns the line of the package clause when it is
// `package main`, skipping comments (build constraints, licence headers).
func packageMain(data []byte) (int, bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	line, comment := 0, false
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if comment {
			end := strings.Index(t, "*/")
			if end < 0 {
				continue
			}
			comment, t = false, strings.TrimSpace(t[end+2:])
		}
		if strings.HasPrefix(t, "/*") {
			if end := strings.Index(t[2:], "*/"); end >= 0 {
				t = strings.TrimSpace(t[end+4:])
			} else {
				comment = true
				continue
			}
		}
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		f := strings.Fields(t)
		return line, len(f) >= 2 && f[0] == "package" && (f[1] == "main" || strings.HasPrefix(f[1], "main;") || strings.HasPrefix(f[1], "main//"))
	}
	return 0, false
}
