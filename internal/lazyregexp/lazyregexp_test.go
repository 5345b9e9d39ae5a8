package lazyregexp

import (
	"sync"
	"testing"
)

func TestLazy(t *testing.T) {
	r := New(`(\w+)@(\w+)`)
	if r.rx != nil {
		t.Fatal("compiled before first use")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if m := r.FindStringSubmatch("mail me@home"); len(m) != 3 || m[2] != "home" {
				t.Errorf("FindStringSubmatch = %q", m)
			}
		})
	}
	wg.Wait()
	if r.String() != `(\w+)@(\w+)` || r.NumSubexp() != 2 || !r.Match([]byte("a@b")) || r.ReplaceAllString("a@b", "$2") != "b" {
		t.Error("methods disagree with regexp")
	}
}

func TestBadExpressionPanicsOnUse(t *testing.T) {
	r := New(`(`) // not compiled yet: no panic here
	defer func() {
		if recover() == nil {
			t.Error("a bad expression must panic when first used")
		}
	}()
	r.MatchString("x")
}
