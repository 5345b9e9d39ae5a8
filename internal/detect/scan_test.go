package detect_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/source"
	"github.com/stacklint/stacklint/internal/stack"
)

// echo is a detector that emits one package signal per line "name version".
var echo = detect.Detector{
	Name:     "echo",
	Doc:      "Test detector: one package per line of deps.txt.",
	Match:    func(p string) bool { return strings.HasSuffix(p, "deps.txt") },
	Manifest: func(p string) bool { return true },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		var out []stack.Signal
		for i, l := range strings.Split(string(in.Data), "\n") {
			f := strings.Fields(l)
			switch {
			case len(f) == 0:
			case f[0] == "include" && len(f) == 2:
				b, err := in.Files.ReadFile(f[1])
				if err != nil {
					return out, detect.Errorf(i+1, 9, "cannot include %s: %v", f[1], err)
				}
				out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: "test", Name: strings.TrimSpace(string(b)), Line: i + 1})
			case f[0] == "panic":
				panic("boom")
			case len(f) == 2:
				out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: "test", Name: f[0], Version: f[1], Line: i + 1})
			default:
				return out, detect.Errorf(i+1, 1, "expected \"name version\", got %q", l)
			}
		}
		return out, nil
	},
}

func scan(t *testing.T, fsys fstest.MapFS, opts detect.Options) *detect.Result {
	t.Helper()
	res, err := detect.Scan(context.Background(), fsys, []detect.Detector{echo}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func names(res *detect.Result) []string {
	var out []string
	for _, s := range res.Signals {
		out = append(out, s.File+":"+s.Name+":"+s.Scope)
	}
	return out
}

func TestScanSkipsDirsAndExcludes(t *testing.T) {
	fsys := fstest.MapFS{
		"deps.txt":                      {Data: []byte("a 1\n")},
		"node_modules/x/deps.txt":       {Data: []byte("nm 1\n")},
		"vendor/deps.txt":               {Data: []byte("v 1\n")},
		".git/deps.txt":                 {Data: []byte("g 1\n")},
		"svc/target/deps.txt":           {Data: []byte("t 1\n")},
		"legacy/old/deps.txt":           {Data: []byte("old 1\n")},
		"svc/deps.txt":                  {Data: []byte("b 2\n")},
		"examples/demo/deps.txt":        {Data: []byte("ex 1\n")},
		"services/api/tests/deps.txt":   {Data: []byte("tst 1\n")},
		"services/api/src/other.txt":    {Data: []byte("never read\n")},
		"services/api/latest/deps.txt":  {Data: []byte("c 1\n")},
		"services/api/fixtures/x/y.txt": {Data: []byte("x\n")},
	}
	res := scan(t, fsys, detect.Options{Exclude: []string{"legacy/**"}})
	want := []string{
		"deps.txt:a:runtime",
		"examples/demo/deps.txt:ex:non-production",
		"services/api/latest/deps.txt:c:runtime",
		"services/api/tests/deps.txt:tst:non-production",
		"svc/deps.txt:b:runtime",
	}
	if got := names(res); !slices.Equal(got, want) {
		t.Errorf("signals:\n got %q\nwant %q", got, want)
	}
	// Only the files a detector asked for were read.
	wantRead := []string{"deps.txt", "examples/demo/deps.txt", "services/api/latest/deps.txt", "services/api/tests/deps.txt", "svc/deps.txt"}
	if !slices.Equal(res.FilesRead, wantRead) {
		t.Errorf("files read:\n got %q\nwant %q", res.FilesRead, wantRead)
	}
	if len(res.Manifests) != 5 {
		t.Errorf("manifests = %v, want 5", res.Manifests)
	}
}

func TestScanMalformedFileDoesNotAbort(t *testing.T) {
	fsys := fstest.MapFS{
		"a/deps.txt": {Data: []byte("ok 1\nbroken line here\n")},
		"b/deps.txt": {Data: []byte("fine 2\n")},
		"c/deps.txt": {Data: []byte("panic\n")},
	}
	res := scan(t, fsys, detect.Options{})
	if got := names(res); !slices.Equal(got, []string{"a/deps.txt:ok:runtime", "b/deps.txt:fine:runtime"}) {
		t.Errorf("signals = %q", got)
	}
	if len(res.Diagnostics) != 2 {
		t.Fatalf("diagnostics = %v, want 2", res.Diagnostics)
	}
	d := res.Diagnostics[0]
	if d.File != "a/deps.txt" || d.Line != 2 || d.Column != 1 || d.Detector != "echo" || !strings.Contains(d.Message, `expected "name version"`) {
		t.Errorf("diagnostic = %+v", d)
	}
	if p := res.Diagnostics[1]; p.File != "c/deps.txt" || !strings.Contains(p.Message, "internal error in detector echo") {
		t.Errorf("panic diagnostic = %+v", p)
	}
}

func TestScanSizeCap(t *testing.T) {
	fsys := fstest.MapFS{
		"big/deps.txt":   {Data: []byte(strings.Repeat("x 1\n", 1000))},
		"small/deps.txt": {Data: []byte("y 1\n")},
	}
	res := scan(t, fsys, detect.Options{MaxFileSize: 100})
	if got := names(res); !slices.Equal(got, []string{"small/deps.txt:y:runtime"}) {
		t.Errorf("signals = %q", got)
	}
	if len(res.Diagnostics) != 1 || !res.Diagnostics[0].Skipped || !strings.Contains(res.Diagnostics[0].Message, "file is 4,000 bytes (3.9 KiB), over the 100 bytes limit") {
		t.Errorf("diagnostics = %+v", res.Diagnostics)
	}
}

// Issue 9: one byte over the 4 MiB cap read "4.0 MiB, over the 4.0 MiB
// limit"; both sizes are exact now.
func TestScanSizeCapExact(t *testing.T) {
	fsys := fstest.MapFS{"deps.txt": {Data: make([]byte, detect.DefaultMaxFileSize+1)}}
	res := scan(t, fsys, detect.Options{})
	want := "file is 4,194,305 bytes (4.0 MiB), over the 4,194,304 bytes (4.0 MiB) limit"
	if len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Message, want) {
		t.Errorf("diagnostics = %+v, want %q", res.Diagnostics, want)
	}
}

// Issue 9: a file or folder whose name is not UTF-8 was skipped with
// "invalid argument"; the diagnostic says why.
func TestScanNonUTF8Names(t *testing.T) {
	dir := t.TempDir()
	bad := "caf\xe9"
	if err := os.MkdirAll(filepath.Join(dir, bad), 0o755); err != nil {
		t.Skipf("this file system refuses non-UTF-8 names: %v", err)
	}
	for _, p := range []string{filepath.Join(bad, "deps.txt"), "deps.txt", bad + "-deps.txt"} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte("x 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := detect.Scan(context.Background(), os.DirFS(dir), []detect.Detector{echo}, detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, d := range res.Diagnostics {
		msgs = append(msgs, d.File+": "+d.Message)
		if strings.Contains(d.Message, "invalid argument") || !strings.Contains(d.Message, "not valid UTF-8") || !utf8.ValidString(d.File) {
			t.Errorf("diagnostic %q", d.File+": "+d.Message)
		}
	}
	if len(msgs) != 2 {
		t.Errorf("diagnostics = %q, want the folder and the file", msgs)
	}
}

func TestScanIncludesAreConfinedAndRecorded(t *testing.T) {
	fsys := fstest.MapFS{
		"deps.txt":     {Data: []byte("include base.txt\ninclude ../../etc/passwd\n")},
		"base.txt":     {Data: []byte("inc\n")},
		"unrelated.md": {Data: []byte("x")},
	}
	res := scan(t, fsys, detect.Options{})
	if got := names(res); !slices.Equal(got, []string{"deps.txt:inc:runtime"}) {
		t.Errorf("signals = %q", got)
	}
	if !slices.Equal(res.FilesRead, []string{"base.txt", "deps.txt"}) {
		t.Errorf("files read = %q", res.FilesRead)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Line != 2 || !strings.Contains(res.Diagnostics[0].Message, "leaves the scanned folder") {
		t.Errorf("diagnostics = %+v", res.Diagnostics)
	}
}

func TestScanSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(outside, "deps.txt"), []byte("secret 1\n"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "in"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "real"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "real", "deps.txt"), []byte("real 1\n"), 0o644))
	must(os.Symlink(filepath.Join(outside, "deps.txt"), filepath.Join(dir, "in", "deps.txt")))
	must(os.Symlink("../real/deps.txt", filepath.Join(dir, "in", "link-deps.txt")))
	must(os.Symlink(outside, filepath.Join(dir, "outdir")))
	root, err := os.OpenRoot(dir)
	must(err)
	defer root.Close()
	res, err := detect.Scan(context.Background(), root.FS(), []detect.Detector{echo}, detect.Options{})
	must(err)
	got := names(res)
	want := []string{"in/link-deps.txt:real:runtime", "real/deps.txt:real:runtime"}
	if !slices.Equal(got, want) {
		t.Errorf("signals = %q, want %q", got, want)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].File != "in/deps.txt" || !strings.Contains(res.Diagnostics[0].Message, "leaves the scanned folder") {
		t.Errorf("diagnostics = %+v", res.Diagnostics)
	}
}

func TestScanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := detect.Scan(ctx, fstest.MapFS{"deps.txt": {Data: []byte("a 1")}}, []detect.Detector{echo}, detect.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestScanBadExclude(t *testing.T) {
	_, err := detect.Scan(context.Background(), fstest.MapFS{}, []detect.Detector{echo}, detect.Options{Exclude: []string{"[abc"}})
	if err == nil || !strings.Contains(err.Error(), `"[abc"`) {
		t.Errorf("err = %v", err)
	}
}

func TestValidate(t *testing.T) {
	bad := []detect.Detector{echo, echo, {Name: "", Doc: ""}}
	err := detect.Validate(bad)
	if err == nil {
		t.Fatal("want error")
	}
	for _, w := range []string{`"echo" registered twice`, "has no name", "needs Match and Detect"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
}

func TestIsNonProduction(t *testing.T) {
	for p, want := range map[string]bool{
		"examples/a/package.json":            true,
		"src/test/resources/x":               true,
		"docs/x.md":                          true,
		"package.json":                       false,
		"apps/web/package.json":              false,
		"contest/x":                          false,
		"integration-tests/api/package.json": true,
		"apps/demo/package.json":             true,
		"testdata":                           false, // a file named testdata, not a folder
		"svc/src/contractTest/resources/application.properties": true,
		"src/integrationTest/java/A.java":                       true,
		"src/testFixtures/java/A.java":                          true,
		"src/main/resources/application.properties":             false,
		"app/LoadTest/x":                                        false, // only source sets under src/
		"scripts/test-environments/oidc/compose.yml":            true,
		"examples_advanced/app/package.json":                    true,
		"Demo-App/package.json":                                 true,
		"testimonials/package.json":                             false, // a word, not test-
		"services/tester/Dockerfile":                            false,
		"docs-site-generator/x":                                 true,
		"-test/x":                                               false,
	} {
		if got := detect.IsNonProduction(p); got != want {
			t.Errorf("IsNonProduction(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestManifestNeedsSignals(t *testing.T) {
	res := scan(t, fstest.MapFS{
		"svc/deps.txt":   {Data: []byte("a 1\n")},
		"empty/deps.txt": {Data: []byte("\n")},
	}, detect.Options{})
	if _, ok := res.Manifests["empty/deps.txt"]; ok || len(res.Manifests) != 1 {
		t.Errorf("manifests = %v: a manifest-named file that yields nothing is no component", res.Manifests)
	}
}

// TestScanManyFoldersInParallel checks the parallel walk neither loses nor
// repeats files, and honours skipped folders at every depth.
func TestScanManyFoldersInParallel(t *testing.T) {
	fsys := fstest.MapFS{}
	want := 0
	for d := 0; d < 60; d++ {
		for s := 0; s < 5; s++ {
			dir := fmt.Sprintf("svc%02d/pkg%d", d, s)
			fsys[dir+"/deps.txt"] = &fstest.MapFile{Data: []byte("a 1\n")}
			fsys[dir+"/node_modules/x/deps.txt"] = &fstest.MapFile{Data: []byte("skipped 1\n")}
			fsys[dir+"/main.go"] = &fstest.MapFile{Data: []byte("package x\n")}
			want++
		}
	}
	for range 5 {
		res := scan(t, fsys, detect.Options{})
		if len(res.Signals) != want || len(res.Manifests) != want || len(res.FilesRead) != want {
			t.Fatalf("signals %d, manifests %d, files read %d; want %d each", len(res.Signals), len(res.Manifests), len(res.FilesRead), want)
		}
		for i := 1; i < len(res.Signals); i++ {
			if res.Signals[i-1].File >= res.Signals[i].File {
				t.Fatalf("signals not sorted or repeated at %d: %s, %s", i, res.Signals[i-1].File, res.Signals[i].File)
			}
		}
	}
}

func TestMemo(t *testing.T) {
	var m detect.Memo
	calls := 0
	for range 3 {
		if v := m.Do("k", func() any { calls++; return calls }).(int); v != 1 {
			t.Errorf("Do = %d, want the first value", v)
		}
	}
	if v := m.Do("other", func() any { return 7 }).(int); v != 7 || calls != 1 {
		t.Errorf("another key: %d (calls %d)", v, calls)
	}
	var nilMemo *detect.Memo
	n := 0
	nilMemo.Do("k", func() any { n++; return nil })
	nilMemo.Do("k", func() any { n++; return nil })
	if n != 2 {
		t.Errorf("a nil Memo computes every time: %d calls", n)
	}
}

// Reads through source.Dir (one openat2 and fstat per file on Linux):
// files over the workers' own buffers share the big one, one at a time,
// and a file over the cap is refused with both sizes, as a stat before the
// read refused it.
func TestScanDirectReads(t *testing.T) {
	dir := t.TempDir()
	want := map[string]int{}
	for i, n := range []int{3, 30000, 60000, 45000, 20} { // 20 to 420 KiB
		p := fmt.Sprintf("d%d/deps.txt", i)
		var b strings.Builder
		for j := range n {
			fmt.Fprintf(&b, "p%d_%d 1\n", i, j)
		}
		if err := os.MkdirAll(filepath.Join(dir, fmt.Sprintf("d%d", i)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		want[p] = n
	}
	if err := os.WriteFile(filepath.Join(dir, "over-deps.txt"), make([]byte, 2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := source.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // the big buffer is reused from scan to scan
		res, err := detect.Scan(context.Background(), fsys, []detect.Detector{echo}, detect.Options{MaxFileSize: 1 << 20, Workers: 4})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, s := range res.Signals {
			if !strings.HasPrefix(s.Name, "p"+s.File[1:2]+"_") {
				t.Fatalf("%s: signal %q read from another file's bytes", s.File, s.Name)
			}
			got[s.File]++
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("signals per file = %v, want %v", got, want)
		}
		msg := "file is 2,097,152 bytes (2.0 MiB), over the 1,048,576 bytes (1.0 MiB) limit; skipped"
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].File != "over-deps.txt" || res.Diagnostics[0].Message != msg {
			t.Errorf("diagnostics = %+v, want %q", res.Diagnostics, msg)
		}
		if len(res.FilesRead) != len(want) {
			t.Errorf("files read = %v", res.FilesRead)
		}
	}
}
