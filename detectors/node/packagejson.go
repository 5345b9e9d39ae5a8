package node

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// ParsePackageJSON reads a package.json file. On malformed JSON it returns
// the signals read before the error and a *detect.ParseError with the line
// and column of the problem.
func ParsePackageJSON(data []byte) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "nodejs", Line: 1}}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return out, nil
	}
	lines := newLineIndex(data)
	root, err := parseTree(data, lines)
	if root == nil {
		return out, err
	}
	if root.kind != '{' {
		return out, detect.Errorf(root.line, 0, "package.json must hold a JSON object, found %s", kindName(root.kind))
	}
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	if kv := root.get("name"); kv != nil && kv.val.kind == 's' && strings.TrimSpace(kv.val.str) != "" {
		// The package's own name: resolve links a workspace package to
		// the packages that depend on it.
		out[0].Attrs = map[string]string{"package": strings.TrimSpace(kv.val.str)}
	}
	for _, sec := range []struct{ key, scope string }{
		{"dependencies", ""},
		{"devDependencies", stack.ScopeDev},
		{"peerDependencies", ""},
		{"optionalDependencies", ""},
	} {
		kv := root.get(sec.key)
		if kv == nil {
			continue
		}
		if kv.val.kind != '{' {
			errs = append(errs, detect.Errorf(kv.line, 0, "%s must be an object mapping package names to versions, found %s", sec.key, kindName(kv.val.kind)))
			continue
		}
		for _, d := range kv.val.keys {
			if d.key == "" {
				continue
			}
			s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNPM, Name: d.key, Scope: sec.scope, Line: d.line}
			if d.val.kind == 's' {
				s.Version = scrubURL(strings.TrimSpace(d.val.str))
				if alias, ok := strings.CutPrefix(s.Version, "npm:"); ok {
					if at := strings.LastIndexByte(alias, '@'); at > 0 {
						alias = alias[:at]
					}
					s.Attrs = map[string]string{"alias_of": alias}
				}
			} else {
				errs = append(errs, detect.Errorf(d.line, 0, "the version of %s in %s must be a string, found %s", d.key, sec.key, kindName(d.val.kind)))
			}
			if sec.key != "dependencies" && sec.key != "devDependencies" {
				if s.Attrs == nil {
					s.Attrs = map[string]string{}
				}
				s.Attrs["group"] = sec.key
			}
			out = append(out, s)
		}
	}
	if kv := root.get("engines"); kv != nil && kv.val.kind == '{' {
		if n := kv.val.get("node"); n != nil && n.val.kind == 's' {
			out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "nodejs", Version: strings.TrimSpace(n.val.str), Line: n.line})
		}
	}
	if kv := root.get("packageManager"); kv != nil && kv.val.kind == 's' {
		name, ver, _ := strings.Cut(strings.TrimSpace(kv.val.str), "@")
		ver, _, _ = strings.Cut(ver, "+")
		switch name {
		case "npm", "yarn", "pnpm", "bun":
			out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: name, Version: ver, Line: kv.line})
		default:
			errs = append(errs, detect.Errorf(kv.line, 0, "packageManager %q names no known package manager; expected npm, yarn, pnpm or bun followed by @version", kv.val.str))
		}
	}
	if kv := root.get("workspaces"); kv != nil {
		arr := kv.val
		if arr.kind == '{' {
			if p := arr.get("packages"); p != nil {
				arr = p.val
			}
		}
		if arr.kind == '[' {
			var members []string
			for _, e := range arr.elems {
				if e.kind == 's' && e.str != "" {
					members = append(members, e.str)
				}
			}
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactWorkspace, Line: kv.line, Attrs: map[string]string{"members": strings.Join(members, ",")}})
		} else {
			errs = append(errs, detect.Errorf(kv.line, 0, "workspaces must be an array of folder globs or an object with a packages array"))
		}
	}
	if ep := entryPoint(root); ep != nil {
		out = append(out, *ep)
	}
	if sc := root.get("scripts"); sc != nil && sc.val.kind == '{' && sc.val.get("start") != nil {
		// A start script: something here is run (roles tell a Next.js
		// API from a Next.js configuration package by it).
		for i := range out {
			if out[i].Kind == stack.KindRuntime && out[i].Name == "nodejs" {
				if out[i].Attrs == nil {
					out[i].Attrs = map[string]string{}
				}
				out[i].Attrs["start"] = "true"
			}
		}
	}
	if !servesWithNode(root, out) {
		// Only development tooling (a Vite or webpack build next to a PHP,
		// Python or Ruby app): Node.js is a build tool there, not the runtime.
		for i := range out {
			if out[i].Kind == stack.KindRuntime && out[i].Name == "nodejs" {
				out[i].Scope = stack.ScopeDev
			}
		}
	}
	return out, errors.Join(errs...)
}

// servesWithNode reports whether a package.json describes something Node.js
// runs: runtime dependencies, an engines.node constraint, a main or bin
// entry, or a start script.
func servesWithNode(root *node, sigs []stack.Signal) bool {
	for _, s := range sigs {
		if s.Kind == stack.KindPackage && s.Scope != stack.ScopeDev {
			return true
		}
		if s.Kind == stack.KindRuntime && s.Version != "" {
			return true
		}
	}
	for _, k := range []string{"main", "bin", "exports"} {
		if root.get(k) != nil {
			return true
		}
	}
	if sc := root.get("scripts"); sc != nil && sc.val.kind == '{' && sc.val.get("start") != nil {
		return true
	}
	return false
}

// entryPoint reads what the package is run or used as: a command when it
// declares `bin`; a library when it publishes a module surface
// (`exports`, `module`, `types` or `typings`), is not private and has no
// start script.
func entryPoint(root *node) *stack.Signal {
	if kv := root.get("bin"); kv != nil {
		return &stack.Signal{Kind: stack.KindFact, Name: stack.FactEntryPoint, Line: kv.line, Attrs: map[string]string{"kind": stack.EntryCommand, "detail": "package.json bin"}}
	}
	if kv := root.get("private"); kv != nil && kv.val.kind == 'b' && kv.val.str == "true" {
		return nil
	}
	if sc := root.get("scripts"); sc != nil && sc.val.kind == '{' && sc.val.get("start") != nil {
		return nil
	}
	for _, k := range []string{"exports", "module", "types", "typings"} {
		if kv := root.get(k); kv != nil {
			return &stack.Signal{Kind: stack.KindFact, Name: stack.FactEntryPoint, Line: kv.line, Attrs: map[string]string{"kind": stack.EntryLibrary, "detail": "package.json " + k}}
		}
	}
	return nil
}

// scrubURL drops user information (credentials) from a URL-like version
// such as "git+https://user:token@github.com/org/repo.git".
func scrubURL(v string) string {
	i := strings.Index(v, "://")
	if i < 0 {
		return v
	}
	rest := v[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return v[:i+3] + rest[at+1:]
	}
	return v
}

// node is a JSON value with the line it starts on. Only the first levels of
// a document are kept; deeper values are skipped.
type node struct {
	kind  byte // '{', '[', 's' string, 'n' number, 'b' bool, 'z' null
	str   string
	line  int
	keys  []member
	elems []*node
}

// member is one key of an object with the line of the key.
type member struct {
	key  string
	line int
	val  *node
}

// get returns the last member named key (encoding/json semantics), or nil.
func (n *node) get(key string) *member {
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i].key == key {
			return &n.keys[i]
		}
	}
	return nil
}

func kindName(k byte) string {
	switch k {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 's':
		return "a string"
	case 'n':
		return "a number"
	case 'b':
		return "a boolean"
	case 'z':
		return "null"
	}
	return "nothing"
}

// maxTreeDepth is how deep values are kept: the top object, its sections
// (dependencies, workspaces) and their entries.
const maxTreeDepth = 4

// parseTree reads data as one JSON value. On a syntax error it returns the
// part built so far and a ParseError.
func parseTree(data []byte, lines lineIndex) (*node, error) {
	if err := nesting.Check(data, nesting.JSON); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &treeParser{dec: dec, lines: lines}
	root, err := p.value(1)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			off := dec.InputOffset()
			l, c := lines.pos(int(off))
			return root, detect.Errorf(l, c, "invalid JSON: unexpected content after the top-level value")
		}
		return root, nil
	}
	return root, syntaxError(data, lines)
}

// syntaxError locates the first syntax error of data. encoding/json's
// scanner reports it as the number of bytes read, the last one wrong.
func syntaxError(data []byte, lines lineIndex) error {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset) - 1
		if off < 0 {
			off = 0
		}
		l, c := lines.pos(off)
		return detect.Errorf(l, c, "invalid JSON: %s", se.Error())
	}
	if err != nil {
		return detect.Errorf(0, 0, "invalid JSON: %s", err.Error())
	}
	return detect.Errorf(0, 0, "invalid JSON")
}

type treeParser struct {
	dec   *json.Decoder
	lines lineIndex
}

// value reads the next value. Past maxTreeDepth containers are skipped.
func (p *treeParser) value(depth int) (*node, error) {
	start := int(p.dec.InputOffset())
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	n := &node{line: p.lines.lineAfterSpace(start)}
	switch t := tok.(type) {
	case json.Delim:
		n.kind = byte(t)
		if t != '{' && t != '[' {
			return nil, errors.New("unexpected delimiter")
		}
		if depth >= maxTreeDepth {
			return n, p.skip()
		}
		if t == '{' {
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return n, err
				}
				k, ok := kt.(string)
				if !ok {
					return n, errors.New("object key is not a string")
				}
				kl, _ := p.lines.pos(int(p.dec.InputOffset()) - 1)
				n.keys = append(n.keys, member{key: k, line: kl, val: &node{}})
				v, err := p.value(depth + 1)
				if v != nil {
					n.keys[len(n.keys)-1].val = v
				}
				if err != nil {
					return n, err
				}
			}
		} else {
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if v != nil {
					n.elems = append(n.elems, v)
				}
				if err != nil {
					return n, err
				}
			}
		}
		if _, err := p.dec.Token(); err != nil {
			return n, err
		}
	case string:
		n.kind, n.str = 's', t
	case json.Number:
		n.kind, n.str = 'n', string(t)
	case bool:
		n.kind = 'b'
		if t {
			n.str = "true"
		}
	case nil:
		n.kind = 'z'
	}
	return n, nil
}

// skip consumes the rest of the container just opened, iteratively.
func (p *treeParser) skip() error {
	depth := 1
	for depth > 0 {
		tok, err := p.dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

// lineIndex holds the byte offsets at which lines start.
type lineIndex struct {
	data   []byte
	starts []int
}

func newLineIndex(data []byte) lineIndex {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{data: data, starts: starts}
}

// pos returns the 1-based line and column (in bytes) of offset off.
func (li lineIndex) pos(off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(li.data) {
		off = len(li.data)
	}
	i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - li.starts[i] + 1
}

// lineAfterSpace returns the line of the first byte at or after off that is
// not JSON white space, a comma or a colon: where the next token starts.
func (li lineIndex) lineAfterSpace(off int) int {
	for off < len(li.data) {
		switch li.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	l, _ := li.pos(off)
	return l
}
