package yamlnode

import (
	"errors"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
)

func TestDocuments(t *testing.T) {
	docs, err := Documents([]byte("a: 1\n---\n---\nb: [x, y]\n"))
	if err != nil || len(docs) != 2 {
		t.Fatalf("docs = %d, err = %v", len(docs), err)
	}
	if got := Strings(Get(docs[1], "b")); len(got) != 2 || got[1] != "y" {
		t.Errorf("b = %v", got)
	}
	docs, err = Documents([]byte("a: 1\n---\nb: [\n"))
	if len(docs) != 1 || err == nil {
		t.Fatalf("want one document and an error, got %d, %v", len(docs), err)
	}
	var pe *detect.ParseError
	if !errors.As(err, &pe) || pe.Line != 3 && pe.Line != 4 {
		t.Errorf("error = %#v", err)
	}
	if docs, err := Documents(nil); err != nil || len(docs) != 0 {
		t.Errorf("empty input: %v %v", docs, err)
	}
}

func TestMergeAndAliases(t *testing.T) {
	src := "base: &b\n  image: x\n  port: 1\nother: &o\n  extra: 2\nsvc:\n  <<: [*b, *o]\n  port: 2\nloop: &l\n  self: *l\n"
	docs, err := Documents([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	svc := Get(docs[0], "svc")
	if Str(Get(svc, "image")) != "x" || Str(Get(svc, "port")) != "2" || Str(Get(svc, "extra")) != "2" {
		t.Errorf("merged svc: image %q port %q extra %q", Str(Get(svc, "image")), Str(Get(svc, "port")), Str(Get(svc, "extra")))
	}
	if n := len(Pairs(svc)); n != 3 {
		t.Errorf("pairs = %d, want 3", n)
	}
	if Path(docs[0], "loop", "self", "self", "self") == nil {
		t.Errorf("alias to self should resolve at every step")
	}
	if k, _ := Entry(svc, "image"); k == nil || k.Line != 2 {
		t.Errorf("merged key line = %v", k)
	}
}

func TestScalars(t *testing.T) {
	docs, _ := Documents([]byte("n: 3\nb: yes\ns: text\nz: ~\n"))
	m := docs[0]
	if i, ok := Int(Get(m, "n")); !ok || i != 3 {
		t.Errorf("Int = %d %v", i, ok)
	}
	if b, ok := Bool(Get(m, "b")); !ok || !b {
		t.Errorf("Bool = %v %v", b, ok)
	}
	if _, ok := Int(Get(m, "s")); ok {
		t.Errorf("Int of text succeeded")
	}
	if Str(Get(m, "z")) != "" || Str(nil) != "" || Get(nil, "x") != nil || Line(nil) != 0 {
		t.Errorf("null handling")
	}
	if Describe(m) != "a mapping" || Describe(nil) != "nothing" {
		t.Errorf("Describe")
	}
}
