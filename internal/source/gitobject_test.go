package source

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

const (
	idA = "0123456789abcdef0123456789abcdef01234567"
	idB = "89abcdef0123456789abcdef0123456789abcdef"
	idC = "fedcba9876543210fedcba9876543210fedcba98"
)

func TestParseCommit(t *testing.T) {
	signed := "tree " + idA + "\nparent " + idB + "\nauthor A <a@example.com> 1700000000 +0100\ncommitter A <a@example.com> 1700000000 +0100\n" +
		"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n parent " + idC + "\n -----END PGP SIGNATURE-----\n\nmessage\nparent " + idC + "\n"
	for _, tc := range []struct {
		name, data string
		tree       string
		parents    []string
		err        string
	}{
		{name: "root commit", data: "tree " + idA + "\nauthor A <a@example.com> 1 +0000\n\nfirst\n", tree: idA},
		{name: "one parent", data: "tree " + idA + "\nparent " + idB + "\nauthor A <a@example.com> 1 +0000\n\nx", tree: idA, parents: []string{idB}},
		{name: "merge", data: "tree " + idA + "\nparent " + idB + "\nparent " + idC + "\n\nmerge", tree: idA, parents: []string{idB, idC}},
		// Parent lines count only right after the tree line, as in git:
		// not in a signature, not in the message.
		{name: "signed", data: signed, tree: idA, parents: []string{idB}},
		{name: "uppercase id", data: "tree " + strings.ToUpper(idA) + "\n", tree: idA},
		{name: "no newline", data: "tree " + idA, tree: idA},
		{name: "empty", data: "", err: `line 1: expected "tree" followed by an object id, found ""`},
		{name: "author first", data: "author A <a@example.com> 1 +0000\ntree " + idA + "\n", err: `line 1: expected "tree" followed by an object id`},
		{name: "short tree id", data: "tree " + idA[:39] + "\n", err: "line 1: tree: expected an object id of 40 hex digits"},
		{name: "not hex", data: "tree " + idA[:39] + "g\n", err: "line 1: tree: expected an object id of 40 hex digits"},
		{name: "bad parent", data: "tree " + idA + "\nparent " + idB + "\nparent xyz\n", err: `line 3: parent: expected an object id of 40 hex digits, found "xyz"`},
		{name: "parent without space", data: "tree " + idA + "\nparent\n", tree: idA},
		{name: "long garbage is clipped", data: "tree " + strings.Repeat("z", 500), err: "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree, parents, err := parseCommit([]byte(tc.data))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one containing %q", err, tc.err)
				}
				if len(err.Error()) > 200 {
					t.Errorf("the error quotes too much: %d bytes", len(err.Error()))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tree != plumbing.NewHash(tc.tree) {
				t.Errorf("tree = %s, want %s", tree, tc.tree)
			}
			var got []string
			for _, p := range parents {
				got = append(got, p.String())
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.parents) {
				t.Errorf("parents = %v, want %v", got, tc.parents)
			}
		})
	}
}

func TestParseTagTarget(t *testing.T) {
	h, err := parseTagTarget([]byte("object " + idB + "\ntype commit\ntag v1\ntagger A <a@example.com> 1 +0000\n\nrelease\n"))
	if err != nil || h != plumbing.NewHash(idB) {
		t.Errorf("parseTagTarget = %s, %v", h, err)
	}
	for _, data := range []string{"", "type commit\nobject " + idB + "\n", "object " + idB[:10] + "\n"} {
		if _, err := parseTagTarget([]byte(data)); err == nil || !strings.HasPrefix(err.Error(), "line 1: ") {
			t.Errorf("parseTagTarget(%q) = %v, want a line 1 error", data, err)
		}
	}
}

// treeBytes encodes tree entries as git writes them.
func treeBytes(entries ...string) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		modeName, id, _ := strings.Cut(e, "@")
		h := plumbing.NewHash(id)
		b.WriteString(modeName)
		b.WriteByte(0)
		b.Write(h[:])
	}
	return b.Bytes()
}

func TestParseTree(t *testing.T) {
	type entry struct {
		name string
		mode filemode.FileMode
		hash string
	}
	for _, tc := range []struct {
		name string
		data []byte
		want []entry
		err  string
	}{
		{name: "empty tree", data: nil},
		{name: "every kind", data: treeBytes("100644 go.mod@"+idA, "100755 run.sh@"+idB, "40000 svc@"+idC, "120000 link@"+idA, "160000 sub@"+idB, "100664 old.txt@"+idC, "100600 private@"+idA),
			want: []entry{{"go.mod", filemode.Regular, idA}, {"run.sh", filemode.Executable, idB}, {"svc", filemode.Dir, idC}, {"link", filemode.Symlink, idA},
				{"sub", filemode.Submodule, idB}, {"old.txt", filemode.Regular, idC}, {"private", filemode.Regular, idA}}},
		{name: "names with spaces and UTF-8", data: treeBytes("100644 a b.txt@"+idA, "100644 café@"+idB),
			want: []entry{{"a b.txt", filemode.Regular, idA}, {"café", filemode.Regular, idB}}},
		{name: "zero-padded folder mode", data: treeBytes("040000 d@" + idA), want: []entry{{"d", filemode.Dir, idA}}},
		{name: "no space", data: []byte("100644"), err: "entry at byte 0: expected an octal mode and a space"},
		{name: "not octal", data: treeBytes("100648 a@" + idA), err: `entry at byte 0: expected an octal mode, found "100648"`},
		{name: "empty mode", data: treeBytes(" a@" + idA), err: "expected an octal mode"},
		{name: "signed mode", data: treeBytes("+100644 a@" + idA), err: "expected an octal mode"},
		{name: "mode too long", data: treeBytes("00000100644 a@" + idA), err: "expected an octal mode"},
		{name: "no such kind", data: treeBytes("60000 dev@" + idA), err: "mode 60000 is not a file, folder, symbolic link or submodule"},
		{name: "no NUL", data: []byte("100644 a"), err: "the name is not terminated by a NUL byte"},
		{name: "empty name", data: treeBytes("100644 @" + idA), err: `"" is not a usable file name`},
		{name: "dot dot", data: treeBytes("40000 ..@" + idA), err: `".." is not a usable file name`},
		{name: "slash", data: treeBytes("100644 a/b@" + idA), err: `"a/b" is not a usable file name`},
		{name: "short id", data: append([]byte("100644 a\x00"), 1, 2, 3), err: "entry at byte 0 (a): the object id is cut short (3 of 20 bytes)"},
		{name: "second entry broken", data: append(treeBytes("100644 a@"+idA), "100644 b"...), err: "entry at byte 29: the name is not terminated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseTree(tc.data)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d entries, want %d: %v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				if g := got[i]; g.name != w.name || g.mode != w.mode || g.hash != plumbing.NewHash(w.hash) {
					t.Errorf("entry %d = %q %o %s, want %q %o %s", i, g.name, g.mode, g.hash, w.name, w.mode, w.hash)
				}
			}
		})
	}
}

// FuzzParseGitObjects: commit, tree and tag objects come from the
// repository being read. No input panics; a tree that decodes has only
// usable names and known kinds, and encodes back to a tree that decodes
// to the same entries.
func FuzzParseGitObjects(f *testing.F) {
	f.Add([]byte("tree " + idA + "\nparent " + idB + "\n\nmsg"))
	f.Add([]byte("object " + idA + "\ntype commit\n"))
	f.Add(treeBytes("100644 go.mod@"+idA, "40000 svc@"+idB, "120000 l@"+idC, "160000 s@"+idA))
	f.Add([]byte("100644 a\x00\x01"))
	f.Add([]byte("tree \nparent \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseCommit(data)
		parseTagTarget(data)
		entries, err := parseTree(data)
		if err != nil {
			return
		}
		var again bytes.Buffer
		for _, e := range entries {
			if e.name == "" || e.name == "." || e.name == ".." || strings.ContainsAny(e.name, "/\x00") {
				t.Fatalf("usable name %q", e.name)
			}
			switch e.mode {
			case filemode.Dir, filemode.Regular, filemode.Executable, filemode.Symlink, filemode.Submodule:
			default:
				t.Fatalf("entry %q has mode %o", e.name, e.mode)
			}
			fmt.Fprintf(&again, "%o %s\x00", uint32(e.mode), e.name)
			again.Write(e.hash[:])
		}
		back, err := parseTree(again.Bytes())
		if err != nil || len(back) != len(entries) {
			t.Fatalf("the re-encoded tree does not decode: %v", err)
		}
		for i := range back {
			if back[i] != entries[i] {
				t.Fatalf("entry %d: %v, then %v", i, entries[i], back[i])
			}
		}
	})
}
