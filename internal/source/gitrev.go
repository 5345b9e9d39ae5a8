package source

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// errNoRevision is the answer for a name that is no ref and no object.
var errNoRevision = errors.New("no such branch, tag or commit")

// resolve finds the commit rev names (see Git for the forms understood).
func (r *gitRepo) resolve(rev string) (*gitCommit, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	base, ops := rev, ""
	if i := strings.IndexAny(rev, "~^"); i >= 0 {
		base, ops = rev[:i], rev[i:]
	}
	if base == "" {
		return nil, errors.New("expected a name or commit id before ~ or ^")
	}
	if strings.Contains(base, "@{") || strings.HasPrefix(base, ":") || strings.Contains(base, ":") {
		return nil, errors.New("reflog (@{…}) and path (:…) forms are not supported here: name a branch, tag or commit")
	}
	h, err := r.resolveName(base)
	if err != nil {
		return nil, err
	}
	c, err := r.peelToCommit(h)
	if err != nil {
		return nil, err
	}
	for ops != "" {
		op := ops[0]
		ops = ops[1:]
		if op == '^' && strings.HasPrefix(ops, "{") {
			end := strings.IndexByte(ops, '}')
			if end < 0 {
				return nil, errors.New("unterminated ^{")
			}
			switch typ := ops[1:end]; typ {
			case "", "commit":
			default:
				return nil, fmt.Errorf("^{%s}: only ^{commit} and ^{} are supported here", typ)
			}
			ops = ops[end+1:]
			continue
		}
		digits := len(ops) - len(strings.TrimLeft(ops, "0123456789"))
		n := 1
		if digits > 0 {
			if n, err = strconv.Atoi(ops[:digits]); err != nil || n > 1_000_000 {
				return nil, fmt.Errorf("%c%s: not a usable number", op, ops[:digits])
			}
			ops = ops[digits:]
		}
		if op == '^' {
			if n == 0 {
				continue
			}
			if n > len(c.parents) {
				return nil, fmt.Errorf("commit %s has no parent %d", c.hash, n)
			}
			if c, err = r.commit(c.parents[n-1]); err != nil {
				return nil, err
			}
			continue
		}
		for range n { // ~n: the first parent, n times
			if len(c.parents) == 0 {
				return nil, fmt.Errorf("commit %s has no parent", c.hash)
			}
			if c, err = r.commit(c.parents[0]); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

func (r *gitRepo) commit(h plumbing.Hash) (*gitCommit, error) {
	data, err := r.readObject(plumbing.CommitObject, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return nil, fmt.Errorf("commit %s is not in this repository", h)
	}
	if err != nil {
		return nil, fmt.Errorf("commit %s: %v", h, err)
	}
	return decodeCommit(h, data)
}

func decodeCommit(h plumbing.Hash, data []byte) (*gitCommit, error) {
	tree, parents, err := parseCommit(data)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %v", h, err)
	}
	return &gitCommit{hash: h, tree: tree, parents: parents}, nil
}

// peelToCommit follows annotated tags to the commit they name.
func (r *gitRepo) peelToCommit(h plumbing.Hash) (*gitCommit, error) {
	for range 10 {
		obj, err := r.st.EncodedObject(plumbing.AnyObject, h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, fmt.Errorf("commit %s is not in this repository", h)
		}
		if err != nil {
			return nil, fmt.Errorf("object %s: %v", h, err)
		}
		typ := obj.Type()
		if typ != plumbing.CommitObject && typ != plumbing.TagObject {
			return nil, fmt.Errorf("%s is a %s, not a commit", h, typ)
		}
		data, err := objectBytes(obj)
		if err != nil {
			return nil, fmt.Errorf("object %s: %v", h, err)
		}
		switch typ {
		case plumbing.CommitObject:
			return decodeCommit(h, data)
		default: // a tag
			target, err := parseTagTarget(data)
			if err != nil {
				return nil, fmt.Errorf("tag %s: %v", h, err)
			}
			h = target
		}
	}
	return nil, fmt.Errorf("tag %s: too many tags of tags", h)
}

// resolveName finds the object a name stands for, in git's order: a full
// commit id, a ref (as git rev-parse looks them up: NAME, refs/NAME,
// refs/tags/NAME, refs/heads/NAME, refs/remotes/NAME,
// refs/remotes/NAME/HEAD), then an abbreviated commit id.
func (r *gitRepo) resolveName(name string) (plumbing.Hash, error) {
	if name == "@" {
		name = "HEAD"
	}
	hexName := isHex(name)
	if hexName && len(name) == 40 {
		return plumbing.NewHash(name), nil
	}
	if !validRefName(name) {
		return plumbing.ZeroHash, fmt.Errorf("%q is not a valid ref name", name)
	}
	if name == "FETCH_HEAD" {
		// "<id>\t[not-for-merge]\t<what> of <where>" lines; the first counts.
		if b, err := readFile(r.dot, "FETCH_HEAD"); err == nil {
			if id, _, _ := strings.Cut(string(b), "\t"); len(id) == 40 && isHex(id) {
				return plumbing.NewHash(id), nil
			}
		}
	}
	for _, rule := range []string{"%s", "refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD"} {
		full := fmt.Sprintf(rule, name)
		if rule == "%s" && !strings.HasPrefix(name, "refs/") && strings.ToUpper(name) != name {
			continue // only HEAD-like names live at the top of the git folder
		}
		ref, err := storer.ResolveReference(r.st, plumbing.ReferenceName(full))
		if err == nil && ref.Type() == plumbing.HashReference && !ref.Hash().IsZero() {
			return ref.Hash(), nil
		}
	}
	if hexName && len(name) >= 4 {
		return r.abbreviated(name)
	}
	return plumbing.ZeroHash, errNoRevision
}

// abbreviated finds the one commit (or tag of a commit) whose id starts
// with prefix.
func (r *gitRepo) abbreviated(prefix string) (plumbing.Hash, error) {
	prefix = strings.ToLower(prefix)
	b, err := hex.DecodeString(prefix[:len(prefix)/2*2])
	if err != nil {
		return plumbing.ZeroHash, errNoRevision
	}
	hashes, err := r.st.HashesWithPrefix(b)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var found []plumbing.Hash
	for _, h := range hashes {
		if !strings.HasPrefix(h.String(), prefix) {
			continue
		}
		if _, err := r.peelToCommit(h); err == nil {
			found = append(found, h)
		}
	}
	switch len(found) {
	case 0:
		return plumbing.ZeroHash, errNoRevision
	case 1:
		return found[0], nil
	}
	return plumbing.ZeroHash, fmt.Errorf("abbreviated commit id %s is ambiguous (%d commits): give more digits", prefix, len(found))
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// validRefName applies git's rules for ref names (git check-ref-format),
// which also keep a lookup inside the git folder.
func validRefName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/") || strings.HasSuffix(name, ".") ||
		strings.Contains(name, "..") || strings.Contains(name, "//") || strings.Contains(name, "@{") || name == "@" {
		return false
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f || strings.ContainsRune(" ~^:?*[\\", c) {
			return false
		}
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") || strings.HasSuffix(part, ".lock") {
			return false
		}
	}
	return true
}
