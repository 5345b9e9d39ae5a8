package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinkerRemovesDeadMethods links the real binary, as the release does
// (CGO_ENABLED=0), with the linker's dependency dump (-ldflags=-dumpdep) and
// fails when the linker has to keep every exported method of every
// reachable type, or when an OpenPGP implementation is linked. It must keep them as soon as one reachable function can
// call a method by name through reflection (the linker marks those
// <ReflectMethod>: reflect.Value.MethodByName, text/template's and
// html/template's field evaluation, cobra's SetVersionTemplate and
// SetHelpTemplate). The binary then grows by megabytes (28.3 MB instead of
// 22 MB when it last happened), and since start-up memory is mostly the
// binary's own pages, so does the memory of every run.
func TestLinkerRemovesDeadMethods(t *testing.T) {
	if testing.Short() {
		t.Skip("links the binary")
	}
	cmd := exec.Command("go", "build", "-ldflags=-dumpdep", "-o", filepath.Join(t.TempDir(), "stacklint"), ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
	var dump bytes.Buffer
	cmd.Stderr = &dump
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build -ldflags=-dumpdep: %v\n%.2000s", err, dump.String())
	}
	edges := reflectMethodEdges(dump.Bytes())
	if dump.Len() < 1<<20 {
		t.Fatalf("the linker's dependency dump has %d bytes: -dumpdep no longer dumps, the test proves nothing", dump.Len())
	}
	if len(edges) > 0 {
		if len(edges) > 10 {
			edges = append(edges[:10], "…")
		}
		t.Errorf("the linker keeps every exported method: a reachable function calls methods by name through reflection:\n\t%s\n"+
			"(the first edge names the caller; the usual cause is text/template or html/template, cobra's SetVersionTemplate or SetHelpTemplate)",
			strings.Join(edges, "\n\t"))
	}
	// go-git's plumbing/object links an OpenPGP implementation (about 1 MB)
	// for commit signatures; internal/source decodes the few objects it
	// reads itself so that it is not linked.
	for _, pkg := range []string{"github.com/ProtonMail/go-crypto/openpgp", "github.com/cloudflare/circl", "github.com/go-git/go-git/v5/plumbing/object."} {
		if i := bytes.Index(dump.Bytes(), []byte(pkg)); i >= 0 {
			line := dump.Bytes()[bytes.LastIndexByte(dump.Bytes()[:i], '\n')+1:]
			t.Errorf("the binary links %s:\n\t%s", strings.TrimSuffix(pkg, "."), bytes.SplitN(line, []byte("\n"), 2)[0])
		}
	}
}

// reflectMethodEdges returns the dependency dump's edges that reach a
// symbol the linker marks <ReflectMethod>.
func reflectMethodEdges(dump []byte) []string {
	var edges []string
	sc := bufio.NewScanner(bytes.NewReader(dump))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if _, to, ok := strings.Cut(sc.Text(), " -> "); ok && strings.HasSuffix(to, "<ReflectMethod>") {
			edges = append(edges, sc.Text())
		}
	}
	return edges
}

func TestReflectMethodEdges(t *testing.T) {
	dump := []byte(`main.main -> fmt.Println
text/template.(*state).evalFieldChain -> text/template.(*state).evalField <ReflectMethod>
text/template.(*state).evalField <ReflectMethod> -> reflect.Value.MethodByName
`)
	got := reflectMethodEdges(dump)
	if len(got) != 1 || !strings.HasPrefix(got[0], "text/template.(*state).evalFieldChain") {
		t.Errorf("edges = %q", got)
	}
}
