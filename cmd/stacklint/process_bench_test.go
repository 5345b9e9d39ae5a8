package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The whole-process benchmark: the binary as a user runs it (one process
// per repository, start-up, catalog, scan and report included) beside
// `find DIR -type f` over the same tree, in turn, so that the ratio holds
// when the machine's speed drifts. Trees:
//
//   - empty: an empty folder (start-up);
//   - monorepo: a generated tree of 15,000 files shaped like a JavaScript
//     monorepo (300 packages with package.json and tsconfig.json, CI
//     workflows, Dockerfiles, compose files, OpenAPI documents one of them
//     1 MB, large generated JSON);
//   - real: the folder STACKLINT_BENCH_TREE names (a real 15,000-file
//     monorepo, e.g. an export of medusajs/medusa), skipped when unset.
//
// Metrics per sub-benchmark: sec/op is the wall time of one run; cpu-sec/op
// its user plus system time; peak-MiB its largest resident set (measured by
// /usr/bin/time, which starts it from a small process: a child of the
// benchmark would inherit the benchmark's own high-water mark; the metric
// is left out when /usr/bin/time is missing); x-find and cpu-x-find the
// ratio of wall and CPU time to find's, run after each run. Compare builds
// with benchstat:
//
//	go test ./cmd/stacklint/ -run '^$' -bench Process -count 10 > new.txt
//	go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da old.txt new.txt
func BenchmarkProcess(b *testing.B) {
	bin := processBinary(b)
	trees := []struct{ name, dir, why string }{
		{"empty", benchEmptyDir(b), ""},
		{"monorepo", benchMonorepo(b), ""},
		{"real", os.Getenv("STACKLINT_BENCH_TREE"), "set STACKLINT_BENCH_TREE to a real repository's folder (e.g. an export of medusajs/medusa) to run it"},
	}
	for _, tr := range trees {
		b.Run(tr.name, func(b *testing.B) {
			if tr.dir == "" {
				b.Skip(tr.why)
			}
			if info, err := os.Stat(tr.dir); err != nil || !info.IsDir() {
				b.Skipf("%s: not a folder (%v)", tr.dir, err)
			}
			var wall, cpu, findWall, findCPU time.Duration
			var peak int64
			for b.Loop() {
				w, c, p := runProcess(b, bin, "scan", tr.dir)
				b.StopTimer()
				fw, fc, _ := runProcess(b, "find", tr.dir, "-type", "f")
				b.StartTimer()
				wall, cpu, findWall, findCPU = wall+w, cpu+c, findWall+fw, findCPU+fc
				peak = max(peak, p)
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-sec/op")
			if peak > 0 {
				b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			}
			b.ReportMetric(wall.Seconds()/findWall.Seconds(), "x-find")
			b.ReportMetric(cpu.Seconds()/findCPU.Seconds(), "cpu-x-find")
		})
	}
}

var (
	timeOnce sync.Once
	timeBin  string
)

// runProcess runs name with args, its output discarded, and returns its
// wall time, CPU time and peak resident set in bytes (0 when unknown).
func runProcess(b *testing.B, name string, args ...string) (wall, cpu time.Duration, peak int64) {
	b.Helper()
	timeOnce.Do(func() {
		if p, err := exec.LookPath("/usr/bin/time"); err == nil {
			timeBin = p
		}
	})
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	if timeBin != "" {
		cmd = exec.Command(timeBin, append([]string{"-f", "stacklint-bench-maxrss=%M", name}, args...)...)
	}
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	wall = time.Since(start)
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if _, v, ok := strings.Cut(stderr.String(), "stacklint-bench-maxrss="); ok {
		if kb, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			peak = kb << 10
		}
	}
	return wall, cpu, peak
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
	dirs    benchDirs
)

// benchDirs are the benchmark's temporary folders, removed by TestMain.
type benchDirs struct {
	mu    sync.Mutex
	paths []string
}

func (d *benchDirs) make(b *testing.B, pattern string) string {
	b.Helper()
	p, err := os.MkdirTemp("", pattern)
	if err != nil {
		b.Fatal(err)
	}
	d.mu.Lock()
	d.paths = append(d.paths, p)
	d.mu.Unlock()
	return p
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, p := range dirs.paths {
		os.RemoveAll(p)
	}
	os.Exit(code)
}

// processBinary builds the binary once, as the release does (no cgo,
// trimmed paths, no symbol table).
func processBinary(b *testing.B) string {
	b.Helper()
	binOnce.Do(func() {
		out := filepath.Join(dirs.make(b, "stacklint-bench-bin-"), "stacklint")
		build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if msg, err := build.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, msg)
		}
		binPath = out
	})
	if binErr != nil {
		b.Fatal(binErr)
	}
	return binPath
}

var (
	emptyOnce, monoOnce sync.Once
	emptyDir, monoDir   string
)

func benchEmptyDir(b *testing.B) string {
	emptyOnce.Do(func() { emptyDir = dirs.make(b, "stacklint-bench-empty-") })
	return emptyDir
}

// benchMonorepo writes the generated monorepo once: 15,000 files.
func benchMonorepo(b *testing.B) string {
	monoOnce.Do(func() {
		dir := dirs.make(b, "stacklint-bench-monorepo-")
		if err := writeMonorepo(dir, 15000); err != nil {
			b.Fatal(err)
		}
		monoDir = dir
	})
	return monoDir
}

func writeMonorepo(dir string, total int) error {
	files := 0
	write := func(p, s string) error {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		files++
		return os.WriteFile(p, []byte(s), 0o644)
	}
	deps := []string{`"express": "^4.19.2"`, `"pg": "^8.11.0"`, `"ioredis": "^5.3.2"`, `"@mikro-orm/core": "5.9.8"`, `"zod": "^3.22.4"`, `"bullmq": "^5.1.0"`, `"next": "14.2.3"`, `"react": "^18.2.0"`}
	if err := write("package.json", `{"name":"root","private":true,"workspaces":["packages/*/*"],"devDependencies":{"typescript":"^5.4.5","turbo":"^1.13.0"}}`); err != nil {
		return err
	}
	if err := write(".github/workflows/ci.yml", "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      postgres:\n        image: postgres:16\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n"); err != nil {
		return err
	}
	var spec strings.Builder
	spec.WriteString("openapi: 3.0.3\ninfo:\n  title: Store API\n  version: 2.0.0\npaths:\n")
	for i := 0; spec.Len() < 1<<20; i++ {
		fmt.Fprintf(&spec, "  /store/items%d/{id}:\n    get:\n      summary: Get item %d\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        \"200\":\n          description: OK\n", i, i)
	}
	if err := write("www/specs/store/openapi.full.yaml", spec.String()); err != nil {
		return err
	}
	var doc strings.Builder
	doc.WriteString(`{"id":0,"name":"api","children":[`)
	for i := 0; doc.Len() < 1<<20; i++ {
		fmt.Fprintf(&doc, `{"id":%d,"name":"member%d","kind":1024,"comment":{"summary":[{"kind":"text","text":"Returns the item."}]}},`, i, i)
	}
	doc.WriteString(`{"id":-1}]}`)
	if err := write("www/generated/typedoc.json", doc.String()); err != nil {
		return err
	}
	for pkg := 0; files < total; pkg++ {
		base := fmt.Sprintf("packages/group%02d/pkg%03d", pkg%12, pkg)
		d := []string{deps[pkg%len(deps)], deps[(pkg+3)%len(deps)]}
		if err := write(base+"/package.json", fmt.Sprintf(`{"name":"@mono/pkg%03d","version":"1.0.0","main":"dist/index.js","scripts":{"build":"tsc","test":"jest"},"dependencies":{%s},"devDependencies":{"typescript":"^5.4.5","jest":"^29.7.0"}}`, pkg, strings.Join(d, ","))); err != nil {
			return err
		}
		if err := write(base+"/tsconfig.json", `{"extends":"../../../tsconfig.base.json","compilerOptions":{"outDir":"dist","rootDir":"src"},"include":["src"]}`); err != nil {
			return err
		}
		if pkg%10 == 0 {
			if err := write(base+"/Dockerfile", "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"dist/index.js\"]\n"); err != nil {
				return err
			}
			if err := write(base+"/docker-compose.yml", "services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n"); err != nil {
				return err
			}
			if err := write(base+"/openapi.yaml", fmt.Sprintf("openapi: 3.1.0\ninfo:\n  title: Package %d\n  version: 1.0.0\npaths:\n  /health:\n    get: {}\n", pkg)); err != nil {
				return err
			}
		}
		for i := 0; i < 45 && files < total; i++ {
			if err := write(fmt.Sprintf("%s/src/module%02d/file%02d.ts", base, i/9, i), fmt.Sprintf("export const value%d = %d;\n", i, i)); err != nil {
				return err
			}
		}
	}
	return nil
}
