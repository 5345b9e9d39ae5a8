package source

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Git objects are decoded here rather than by go-git's plumbing/object,
// which links an OpenPGP implementation (ProtonMail/go-crypto and
// cloudflare/circl, about 1 MB of binary) for commit signatures stacklint
// never checks. Only what a listing needs is decoded: a commit's tree and
// parents, a tree's entries and an annotated tag's target. The object
// store (loose objects, packfiles, deltas) stays go-git's.

// gitCommit is what stacklint reads of a commit.
type gitCommit struct {
	hash    plumbing.Hash
	tree    plumbing.Hash
	parents []plumbing.Hash
}

// gitTreeEntry is one entry of a tree object.
type gitTreeEntry struct {
	name string
	mode filemode.FileMode
	hash plumbing.Hash
}

// parseCommit decodes a commit object's header as git does: the first line
// is "tree <id>", the lines right after it are "parent <id>" (none for a
// root commit); the author, committer, signature and message that follow
// are not read.
func parseCommit(data []byte) (tree plumbing.Hash, parents []plumbing.Hash, err error) {
	line, rest, n := nextLine(data), data, 1
	rest = rest[min(len(line)+1, len(rest)):]
	if tree, err = headerID(line, "tree"); err != nil {
		return plumbing.ZeroHash, nil, fmt.Errorf("line 1: %v", err)
	}
	for bytes.HasPrefix(rest, []byte("parent ")) {
		n++
		line = nextLine(rest)
		rest = rest[min(len(line)+1, len(rest)):]
		p, err := headerID(line, "parent")
		if err != nil {
			return plumbing.ZeroHash, nil, fmt.Errorf("line %d: %v", n, err)
		}
		parents = append(parents, p)
	}
	return tree, parents, nil
}

// parseTagTarget decodes the first line of an annotated tag object,
// "object <id>": the object the tag names.
func parseTagTarget(data []byte) (plumbing.Hash, error) {
	h, err := headerID(nextLine(data), "object")
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("line 1: %v", err)
	}
	return h, nil
}

// nextLine returns data up to its first newline (all of it without one).
func nextLine(data []byte) []byte {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i]
	}
	return data
}

// headerID decodes a header line "<key> <40 hex digits>".
func headerID(line []byte, key string) (plumbing.Hash, error) {
	val, ok := bytes.CutPrefix(line, []byte(key+" "))
	if !ok {
		return plumbing.ZeroHash, fmt.Errorf("expected %q followed by an object id, found %q", key, clip(line))
	}
	var h plumbing.Hash
	if len(val) != 2*len(h) {
		return plumbing.ZeroHash, fmt.Errorf("%s: expected an object id of %d hex digits, found %q", key, 2*len(h), clip(val))
	}
	if _, err := hex.Decode(h[:], val); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s: expected an object id of %d hex digits, found %q", key, 2*len(h), clip(val))
	}
	return h, nil
}

// clip shortens what an error message quotes of a malformed object.
func clip(b []byte) string {
	const max = 60
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// parseTree decodes a tree object: entries "<octal mode> <name>\x00"
// followed by the 20 bytes of the entry's object id. Modes are read as git
// reads them (canonically: any regular-file mode is a file, executable when
// its owner may execute it). A name git would refuse to check out (empty,
// ".", "..", containing "/") is an error, as is a mode that is no file,
// folder, symbolic link or submodule.
func parseTree(data []byte) ([]gitTreeEntry, error) {
	var entries []gitTreeEntry
	for off := 0; off < len(data); {
		rest := data[off:]
		sp := bytes.IndexByte(rest, ' ')
		if sp < 0 {
			return nil, fmt.Errorf("entry at byte %d: expected an octal mode and a space, found %q", off, clip(rest))
		}
		mode, err := treeMode(rest[:sp])
		if err != nil {
			return nil, fmt.Errorf("entry at byte %d: %v", off, err)
		}
		nul := bytes.IndexByte(rest[sp+1:], 0)
		if nul < 0 {
			return nil, fmt.Errorf("entry at byte %d: the name is not terminated by a NUL byte", off)
		}
		name := string(rest[sp+1 : sp+1+nul])
		if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
			return nil, fmt.Errorf("entry at byte %d: %q is not a usable file name", off, name)
		}
		idAt := sp + 1 + nul + 1
		e := gitTreeEntry{name: name, mode: mode}
		if len(rest)-idAt < len(e.hash) {
			return nil, fmt.Errorf("entry at byte %d (%s): the object id is cut short (%d of %d bytes)", off, name, len(rest)-idAt, len(e.hash))
		}
		copy(e.hash[:], rest[idAt:])
		entries = append(entries, e)
		off += idAt + len(e.hash)
	}
	return entries, nil
}

// treeMode reads an entry's mode and returns its canonical form.
func treeMode(b []byte) (filemode.FileMode, error) {
	if len(b) == 0 || len(b) > 7 {
		return 0, fmt.Errorf("expected an octal mode, found %q", clip(b))
	}
	m, err := strconv.ParseUint(string(b), 8, 32)
	if err != nil {
		return 0, fmt.Errorf("expected an octal mode, found %q", clip(b))
	}
	switch m & 0o170000 {
	case 0o040000:
		return filemode.Dir, nil
	case 0o100000:
		if m&0o100 != 0 {
			return filemode.Executable, nil
		}
		return filemode.Regular, nil
	case 0o120000:
		return filemode.Symlink, nil
	case 0o160000:
		return filemode.Submodule, nil
	}
	return 0, fmt.Errorf("mode %s is not a file, folder, symbolic link or submodule", b)
}
