package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Cache is the on-disk cache of `--cache DIR`: blobs and subtrees by git
// SHA (content-addressed, never revalidated), and other GET responses
// (tree listings by ref, repository listings) by URL with their ETag, sent
// back as If-None-Match: GitHub answers 304 Not Modified, which costs no
// rate-limit budget.
type Cache struct{ dir string }

// OpenCache creates (if needed) and opens a cache folder.
func OpenCache(dir string) (*Cache, error) {
	for _, sub := range []string{"blobs", "trees", "http"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("--cache %s: %w", dir, err)
		}
	}
	return &Cache{dir: dir}, nil
}

func validKey(k string) bool {
	if len(k) < 8 || len(k) > 128 {
		return false
	}
	for _, c := range k {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func (c *Cache) file(kind, key string) string {
	return filepath.Join(c.dir, kind, key[:2], key)
}

func (c *Cache) get(kind, key string) ([]byte, bool) {
	if !validKey(key) {
		return nil, false
	}
	b, err := os.ReadFile(c.file(kind, key))
	return b, err == nil
}

// put writes atomically (temporary file, then rename), so concurrent
// workers and interrupted runs never leave a half-written entry.
func (c *Cache) put(kind, key string, data []byte) {
	if !validKey(key) {
		return
	}
	p := c.file(kind, key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		os.Remove(f.Name())
	}
}

func (c *Cache) blob(sha string) ([]byte, bool)  { return c.get("blobs", sha) }
func (c *Cache) putBlob(sha string, data []byte) { c.put("blobs", sha, data) }

func (c *Cache) getJSON(kind, key string, v any) bool {
	b, ok := c.get(kind, key)
	return ok && json.Unmarshal(b, v) == nil
}

func (c *Cache) putJSON(kind, key string, v any) {
	if b, err := json.Marshal(v); err == nil {
		c.put(kind, key, b)
	}
}

// httpEntry is a cached response.
type httpEntry struct {
	ETag   string              `json:"etag"`
	Header map[string][]string `json:"header"`
	Body   []byte              `json:"body"`
}

// etagTransport revalidates cached GET responses with If-None-Match and
// turns a 304 into the cached 200.
type etagTransport struct {
	next  http.RoundTripper
	cache *Cache
}

func (t *etagTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// Blobs are cached by SHA before any request is made.
	if req.Method != http.MethodGet || strings.Contains(req.URL.Path, "/git/blobs/") {
		return t.next.RoundTrip(req)
	}
	sum := sha256.Sum256([]byte(req.URL.String() + "\n" + req.Header.Get("Accept")))
	key := hex.EncodeToString(sum[:])
	var e httpEntry
	cached := t.cache.getJSON("http", key, &e) && e.ETag != ""
	if cached {
		req = req.Clone(req.Context())
		req.Header.Set("If-None-Match", e.ETag)
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && cached:
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		h := http.Header(e.Header).Clone()
		for k, v := range resp.Header {
			if strings.HasPrefix(k, "X-Ratelimit-") || k == "Etag" || k == "Date" {
				h[k] = v
			}
		}
		return &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor,
			Header: h, Body: io.NopCloser(bytes.NewReader(e.Body)), ContentLength: int64(len(e.Body)), Request: req}, nil
	case resp.StatusCode == http.StatusOK && resp.Header.Get("ETag") != "":
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		keep := map[string][]string{}
		for _, k := range []string{"Content-Type", "Link", "Etag"} {
			if v := resp.Header.Values(k); len(v) > 0 {
				keep[k] = v
			}
		}
		t.cache.putJSON("http", key, httpEntry{ETag: resp.Header.Get("ETag"), Header: keep, Body: body})
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	return resp, nil
}

// Meter counts the requests that reach the network and follows the rate
// limit, for the progress line and the benchmark.
type Meter struct {
	requests, notModified atomic.Int64
	remaining, limit      atomic.Int64
	mu                    sync.Mutex
	waiting               int
	longest               time.Duration
}

// MeterStats is a snapshot of a Meter.
type MeterStats struct {
	// Requests reached the network; NotModified of them were answered 304
	// (free of rate-limit budget).
	Requests, NotModified int64
	// Remaining and Limit are the last rate-limit headers seen (0 unknown).
	Remaining, Limit int64
	// Waiting counts requests waiting (rate limit or backoff); Wait is the
	// longest of those waits.
	Waiting int
	Wait    time.Duration
}

// Stats returns a snapshot.
func (m *Meter) Stats() MeterStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return MeterStats{Requests: m.requests.Load(), NotModified: m.notModified.Load(), Remaining: m.remaining.Load(), Limit: m.limit.Load(), Waiting: m.waiting, Wait: m.longest}
}

// wait records the start (d > 0) or the end (d < 0) of a wait.
func (m *Meter) wait(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d >= 0 {
		m.waiting++
		m.longest = max(m.longest, d)
		return
	}
	m.waiting--
	if m.waiting == 0 {
		m.longest = 0
	}
}

type meterTransport struct {
	next http.RoundTripper
	m    *Meter
}

func (t *meterTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.m.requests.Add(1)
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if resp.StatusCode == http.StatusNotModified {
		t.m.notModified.Add(1)
	}
	if v, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Remaining"), 10, 64); err == nil {
		t.m.remaining.Store(v)
	}
	if v, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Limit"), 10, 64); err == nil {
		t.m.limit.Store(v)
	}
	return resp, nil
}
