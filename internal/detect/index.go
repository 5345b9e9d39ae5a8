package detect

import (
	"sort"
	"strings"
)

// index finds, from a file's base name, the detectors whose Match may
// accept it, so the walk does not call every Match for every file.
type index struct {
	exact     map[string][]int
	ext       map[string][]int   // "*.csproj" -> ".csproj"
	prefixes  [256][]prefixEntry // by the prefix's first byte
	unindexed []int
}

type prefixEntry struct {
	prefix string
	det    int
}

func newIndex(dets []Detector) *index {
	x := &index{exact: map[string][]int{}, ext: map[string][]int{}}
	for i, d := range dets {
		if len(d.Files) == 0 {
			x.unindexed = append(x.unindexed, i)
			continue
		}
		for _, f := range d.Files {
			switch {
			case strings.HasPrefix(f, "*.") && !strings.ContainsAny(f[2:], "*.?["):
				x.ext[f[1:]] = append(x.ext[f[1:]], i)
			case len(f) > 1 && strings.HasSuffix(f, "*") && !strings.ContainsAny(f[:len(f)-1], "*?["):
				x.prefixes[f[0]] = append(x.prefixes[f[0]], prefixEntry{prefix: f[:len(f)-1], det: i})
			case !strings.ContainsAny(f, "*?["):
				x.exact[f] = append(x.exact[f], i)
			default:
				// A pattern the index does not understand: always ask Match.
				x.unindexed = append(x.unindexed, i)
			}
		}
	}
	return x
}

// IndexPattern reports whether a Files pattern fits base (the same rules
// the scanner's index applies), for tests of detectors' Files lists.
func IndexPattern(pattern, base string) bool {
	switch {
	case strings.HasPrefix(pattern, "*.") && !strings.ContainsAny(pattern[2:], "*.?["):
		return strings.HasSuffix(base, pattern[1:]) && strings.LastIndexByte(base, '.') == len(base)-len(pattern)+1
	case len(pattern) > 1 && strings.HasSuffix(pattern, "*") && !strings.ContainsAny(pattern[:len(pattern)-1], "*?["):
		return strings.HasPrefix(base, pattern[:len(pattern)-1])
	case !strings.ContainsAny(pattern, "*?["):
		return base == pattern
	}
	return true
}

// candidates appends to buf the detectors that may match path p, in
// registration order, without duplicates.
func (x *index) candidates(p string, buf []int) []int {
	base := p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		base = p[i+1:]
	}
	buf = append(buf, x.unindexed...)
	buf = append(buf, x.exact[base]...)
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		buf = append(buf, x.ext[base[i:]]...)
	}
	if base != "" {
		for _, pe := range x.prefixes[base[0]] {
			if strings.HasPrefix(base, pe.prefix) {
				buf = append(buf, pe.det)
			}
		}
	}
	if len(buf) < 2 {
		return buf
	}
	sort.Ints(buf)
	n := 1
	for i := 1; i < len(buf); i++ {
		if buf[i] != buf[n-1] {
			buf[n] = buf[i]
			n++
		}
	}
	return buf[:n]
}
