package audit

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/github/githubtest"
)

// BenchmarkRemoteAudit audits n small repositories (three testdata shapes
// in turn) through the emulator with 20 ms of latency on every request, at
// --jobs 16, writing the JSON report. cold starts from an empty --cache,
// warm re-runs over a filled one. Reported: API requests per repository
// (tree listings and blobs apart), repositories per second, and the peak
// heap, which must not grow with n.
//
//	go test -run='^$' -bench=RemoteAudit -benchtime=1x -count=5 ./internal/audit/ | tee bench.txt; benchstat bench.txt
func BenchmarkRemoteAudit(b *testing.B) {
	shapes := []map[string]string{repoFiles(b, "node-express"), repoFiles(b, "go-gin-gorm"), repoFiles(b, "fastapi-sqlalchemy-alembic")}
	for _, n := range []int{250, 1000} {
		for _, mode := range []string{"cold", "warm"} {
			b.Run(fmt.Sprintf("repos=%d/%s", n, mode), func(b *testing.B) {
				srv := githubtest.New()
				defer srv.Close()
				srv.SetRateLimit(1<<30, time.Now().Add(time.Hour))
				var targets []Target
				for i := 0; i < n; i++ {
					name := fmt.Sprintf("r%04d", i)
					srv.AddRepo(githubtest.Repo{Owner: "acme", Name: name}, shapes[i%len(shapes)])
					targets = append(targets, Target{Name: "acme/" + name, Owner: "acme", Repo: name})
				}
				srv.SetLatency(20 * time.Millisecond)
				run := func(cache string) (*Remote, time.Duration, int, uint64) {
					rem, _ := newRemote(b, srv, cache)
					sink, _ := NewSink("json", io.Discard)
					peak := sampleHeap()
					start := time.Now()
					s, err := Run(context.Background(), targets, Header{Title: "bench"}, Options{Jobs: 16, Remote: rem, Today: today}, sink)
					d := time.Since(start)
					heap := peak()
					if err != nil || s.Audited != n {
						b.Fatalf("audited %v of %d: %v", s, n, err)
					}
					return rem, d, len(srv.Requests()), heap
				}
				var reqs, trees, blobs, secs, heap float64
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					cache := b.TempDir()
					if mode == "warm" {
						run(cache)
					}
					before := len(srv.Requests())
					b.StartTimer()
					rem, d, _, h := run(cache)
					b.StopTimer()
					for _, r := range srv.Requests()[before:] {
						switch {
						case strings.Contains(r.Path, "/git/trees/"):
							trees++
						case strings.Contains(r.Path, "/git/blobs/"):
							blobs++
						}
					}
					reqs += float64(rem.Meter.Stats().Requests)
					secs += d.Seconds()
					heap = max(heap, float64(h))
				}
				per := float64(b.N * n)
				b.ReportMetric(reqs/per, "requests/repo")
				b.ReportMetric(trees/per, "tree-requests/repo")
				b.ReportMetric(blobs/per, "blob-requests/repo")
				b.ReportMetric(per/secs, "repos/s")
				b.ReportMetric(heap/(1<<20), "peak-heap-MiB")
			})
		}
	}
}

// sampleHeap samples the heap every 20 ms until the returned function is
// called; it returns the highest value seen above the heap in use at the
// start (after a collection), so the emulator's own data does not count.
func sampleHeap() func() uint64 {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	return func() uint64 {
		close(stop)
		wg.Wait()
		return peak.Load() - min(peak.Load(), base.HeapAlloc)
	}
}
