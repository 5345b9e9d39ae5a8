package detect

import "sync"

// maxPooledBuffer is the largest file a worker reads into its own reused
// heap buffer; larger files go into the big buffer.
const maxPooledBuffer = 256 << 10

// bigBuffer is the one read buffer for files over maxPooledBuffer (large
// generated JSON, OpenAPI documents, lockfiles), shared by every worker of
// every scan, one file at a time: a worker holds it from the read until its
// detectors are done with the data. Where the system allows, it lives
// outside the Go heap (see offHeap): a few megabytes read into fresh heap
// slices again and again would pace the collector on garbage and raise the
// process's peak memory. It is never freed.
var bigBuffer struct {
	mu  sync.Mutex
	buf []byte
}

// workerBuffers are one worker's read buffers.
type workerBuffers struct {
	small []byte
	held  bool // the worker holds bigBuffer
}

// get returns a slice of at least n bytes to read a file into: the
// worker's own for small files, the big buffer (taken) for larger ones.
func (w *workerBuffers) get(n int64) []byte {
	if n <= maxPooledBuffer {
		return w.small
	}
	bigBuffer.mu.Lock()
	w.held = true
	if int64(cap(bigBuffer.buf)) < n {
		size := (n + 1<<20 - 1) &^ (1<<20 - 1) // whole MiB, so that it seldom grows
		bigBuffer.buf = offHeap(bigBuffer.buf, int(size))
	}
	return bigBuffer.buf[:0]
}

// done is called once the detectors are done with the data read into the
// slice get returned: it keeps a small buffer for the next file, or gives
// the big one back.
func (w *workerBuffers) done(data []byte) {
	if w.held {
		w.held = false
		bigBuffer.mu.Unlock()
		return
	}
	if data != nil && cap(data) <= maxPooledBuffer {
		w.small = data[:0]
	}
}
