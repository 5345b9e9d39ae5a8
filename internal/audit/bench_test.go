package audit

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/github/githubtest"
)

// BenchmarkRemoteAudit audits n small repositories (three testdata shapes
// in turn, each file made unique) through the emulator with 20 ms of
// latency on every request, at --jobs 16, writing the JSON report. cold
// starts from an empty --cache, warm re-runs over a filled one. The
// emulator runs in a child process, so the heap measured is the audit's
// alone. Reported: API requests per repository (tree listings and blobs
// apart), repositories per second, and the peak live heap, which must not
// grow with n.
//
//	go test -run='^$' -bench=RemoteAudit -benchtime=1x -count=5 ./internal/audit/ | tee bench.txt; benchstat bench.txt
func BenchmarkRemoteAudit(b *testing.B) {
	for _, n := range []int{250, 1000} {
		for _, mode := range []string{"cold", "warm"} {
			b.Run(fmt.Sprintf("repos=%d/%s", n, mode), func(b *testing.B) {
				api := startEmulatorProcess(b, n)
				var targets []Target
				for i := 0; i < n; i++ {
					name := fmt.Sprintf("r%04d", i)
					targets = append(targets, Target{Name: "acme/" + name, Owner: "acme", Repo: name})
				}
				var trees, blobs atomic.Int64
				run := func(cache string) (time.Duration, uint64) {
					counter := &countingTransport{next: http.DefaultTransport, trees: &trees, blobs: &blobs}
					rem, err := NewRemote(RemoteOptions{APIURL: api, Token: "bench", CacheDir: cache, Transport: counter, Retry: github.RetryPolicy{BaseDelay: time.Millisecond}})
					if err != nil {
						b.Fatal(err)
					}
					sink, _ := NewSink("json", io.Discard)
					peak := sampleHeap()
					start := time.Now()
					s, err := Run(context.Background(), targets, Header{Title: "bench"}, Options{Jobs: 16, Remote: rem, Today: today}, sink)
					d := time.Since(start)
					heap := peak()
					if err != nil || s.Audited != n {
						b.Fatalf("audited %+v of %d: %v", s.FailedRepos, n, err)
					}
					return d, heap
				}
				var secs, heap float64
				var reqTrees, reqBlobs int64
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					cache := b.TempDir()
					if mode == "warm" {
						run(cache)
					}
					t0, b0 := trees.Load(), blobs.Load()
					b.StartTimer()
					d, h := run(cache)
					b.StopTimer()
					reqTrees += trees.Load() - t0
					reqBlobs += blobs.Load() - b0
					secs += d.Seconds()
					heap = max(heap, float64(h))
				}
				per := float64(b.N * n)
				b.ReportMetric(float64(reqTrees+reqBlobs)/per, "requests/repo")
				b.ReportMetric(float64(reqTrees)/per, "tree-requests/repo")
				b.ReportMetric(float64(reqBlobs)/per, "blob-requests/repo")
				b.ReportMetric(per/secs, "repos/s")
				b.ReportMetric(heap/(1<<20), "peak-live-heap-MiB")
			})
		}
	}
}

// countingTransport counts the tree and blob requests that reach the network.
type countingTransport struct {
	next         http.RoundTripper
	trees, blobs *atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	switch {
	case strings.Contains(r.URL.Path, "/git/trees/"):
		c.trees.Add(1)
	case strings.Contains(r.URL.Path, "/git/blobs/"):
		c.blobs.Add(1)
	}
	return c.next.RoundTrip(r)
}

// startEmulatorProcess runs TestEmulatorProcess in a child process serving
// n repositories, and returns its API URL.
func startEmulatorProcess(b *testing.B, n int) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestEmulatorProcess$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), "STACKLINT_BENCH_EMULATOR="+strconv.Itoa(n))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "EMULATOR "); ok {
			go io.Copy(io.Discard, stdout)
			return u
		}
	}
	b.Fatal("the emulator process did not start")
	return ""
}

// TestEmulatorProcess is the benchmark's emulator when run as a child
// process (STACKLINT_BENCH_EMULATOR=n); otherwise it does nothing.
func TestEmulatorProcess(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("STACKLINT_BENCH_EMULATOR"))
	if err != nil {
		t.Skip("runs only as the benchmark's emulator process")
	}
	shapes := []map[string]string{repoFiles(t, "node-express"), repoFiles(t, "go-gin-gorm"), repoFiles(t, "fastapi-sqlalchemy-alembic")}
	srv := githubtest.New()
	defer srv.Close()
	srv.SetRateLimit(1<<30, time.Now().Add(time.Hour))
	for i := 0; i < n; i++ {
		// Unique content (a trailing line of i spaces): no blob is shared
		// between repositories through the cache.
		files := map[string]string{}
		for p, c := range shapes[i%len(shapes)] {
			files[p] = c + strings.Repeat(" ", i) + "\n"
		}
		srv.AddRepo(githubtest.Repo{Owner: "acme", Name: fmt.Sprintf("r%04d", i)}, files)
	}
	srv.SetLatency(20 * time.Millisecond)
	fmt.Printf("EMULATOR %s\n", srv.APIURL())
	io.Copy(io.Discard, os.Stdin) // until the benchmark closes stdin
}

// sampleHeap measures the live heap (after a forced collection) every
// 100 ms until the returned function is called, and returns the highest
// value seen above the live heap at the start.
func sampleHeap() func() uint64 {
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := live()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if h := live(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	return func() uint64 {
		close(stop)
		wg.Wait()
		return peak.Load() - min(peak.Load(), base)
	}
}
