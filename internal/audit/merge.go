package audit

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
)

// Shard is one part of a deterministic partition of the repository list:
// `--shard i/n` keeps the repositories whose name hashes to i (1-based)
// out of n, so every job of a CI matrix gets a stable, disjoint part
// whatever order the list comes in.
type Shard struct{ I, N int }

// ParseShard reads "i/n" with 1 <= i <= n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("--shard %q: expected i/n with 1 <= i <= n, such as 2/8", s)
	}
	return Shard{I: i, N: n}, nil
}

// String renders "i/n".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.I, s.N) }

// Keep reports whether the repository belongs to this shard.
func (s Shard) Keep(name string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(name)))
	return int(h.Sum32()%uint32(s.N)) == s.I-1
}

// Filter keeps the targets of this shard, in order.
func (s Shard) Filter(ts []Target) []Target {
	var out []Target
	for _, t := range ts {
		if s.Keep(t.Name) {
			out = append(out, t)
		}
	}
	return out
}

// Input is one JSON report to merge.
type Input struct {
	// Name is how errors cite it (the file name).
	Name string
	R    io.Reader
}

// Merge reads `stacklint audit --format json` reports (one per shard),
// streams their repositories to sink in file order (a repository seen
// twice is kept once) and returns the fleet summary recomputed over all.
func Merge(inputs []Input, version string, sink Sink) (*Summary, error) {
	h := Header{Title: fmt.Sprintf("merge of %s", plural(len(inputs), "report", "reports")), Version: version}
	if err := sink.Begin(h); err != nil {
		return nil, err
	}
	fleet := NewFleet()
	seen := map[string]bool{}
	for _, in := range inputs {
		err := readReport(in.R, func(r *Result) error {
			if seen[r.Repository] {
				return nil
			}
			seen[r.Repository] = true
			fleet.Add(r)
			return sink.Result(r)
		})
		if err != nil {
			abort(sink)
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	s := fleet.Summary()
	s.Title = h.Title
	return s, sink.End(s)
}

// readReport decodes one report, one repository at a time.
func readReport(rd io.Reader, each func(*Result) error) error {
	dec := json.NewDecoder(rd)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("not a stacklint audit JSON report (expected an object)")
	}
	schema, repos := "", false
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		switch key {
		case "schema":
			if err := dec.Decode(&schema); err != nil {
				return err
			}
			if schema != Schema {
				return fmt.Errorf("schema %q: expected %q (a report of stacklint audit --format json)", schema, Schema)
			}
		case "repositories":
			if schema != Schema {
				return fmt.Errorf("\"repositories\" before \"schema\": expected a report of stacklint audit --format json")
			}
			repos = true
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return fmt.Errorf("\"repositories\": expected an array")
			}
			for n := 0; dec.More(); n++ {
				var r Result
				if err := dec.Decode(&r); err != nil {
					return fmt.Errorf("repositories[%d]: %w", n, err)
				}
				if r.Repository == "" || (r.Status != StatusAudited && r.Status != StatusFailed) {
					return fmt.Errorf("repositories[%d]: expected a repository name and a status of %q or %q", n, StatusAudited, StatusFailed)
				}
				if err := each(&r); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
	}
	if !repos {
		return fmt.Errorf("no \"repositories\" array: expected a report of stacklint audit --format json")
	}
	return nil
}
