//go:build unix

package detect

import "golang.org/x/sys/unix"

// offHeap returns a buffer of size bytes mapped outside the Go heap,
// releasing old (a previous one, nil the first time). When the mapping
// fails it falls back to the heap.
func offHeap(old []byte, size int) []byte {
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return make([]byte, 0, size)
	}
	if old != nil && isMapped(old) {
		unix.Munmap(old[:cap(old)])
	}
	mapped[&b[:1][0]] = true
	return b[:0]
}

// mapped records the buffers offHeap mapped (by first byte), so that a
// heap fallback is never unmapped. Only offHeap touches it, under
// bigBuffer.mu.
var mapped = map[*byte]bool{}

func isMapped(b []byte) bool {
	if cap(b) == 0 {
		return false
	}
	p := &b[:1][0]
	ok := mapped[p]
	delete(mapped, p)
	return ok
}
