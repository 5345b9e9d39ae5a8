package jsonleaf

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
)

func TestWalk(t *testing.T) {
	data := "{\n  \"require\": {\n    \"php\": \"^8.2\",\n    \"laravel/framework\": \"^11.0\"\n  },\n  \"tags\": [\"a\",\n \"b\"],\n  \"n\": 3, \"ok\": true, \"none\": null\n}"
	var got []string
	if err := Walk([]byte(data), func(l Leaf) { got = append(got, fmt.Sprintf("%s=%v@%d", strings.Join(l.Path, "."), l.Value, l.Line)) }); err != nil {
		t.Fatal(err)
	}
	want := "require.php=^8.2@3 require.laravel/framework=^11.0@4 tags=a@6 tags=b@7 n=3@8 ok=true@8 none=<nil>@8"
	if strings.Join(got, " ") != want {
		t.Errorf("leaves:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestWalkMalformed(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
		kept int
	}{
		{"{\n\"a\": \"1\",\n\"b\": }", 3, 1},
		{"{\"a\": [1, 2", 1, 2},
		{"", 0, 0},
	} {
		n := 0
		err := Walk([]byte(tc.in), func(Leaf) { n++ })
		var pe *detect.ParseError
		if tc.in == "" {
			continue
		}
		if !errors.As(err, &pe) || pe.Line != tc.line || n != tc.kept {
			t.Errorf("%q: err %v (line want %d), %d leaves kept (want %d)", tc.in, err, tc.line, n, tc.kept)
		}
	}
}

func FuzzWalk(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.JSON) { // at and past the depth limit
		f.Add(s)
	}
	for _, s := range []string{`{"a":{"b":[1,"x",true,null]}}`, `{`, `[[[[`, `{"a":"\u00e9"}`, "{\n\"k\": 1e400}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Walk(data, func(l Leaf) {
			if l.Line < 1 {
				t.Fatalf("leaf with line %d", l.Line)
			}
		})
		if err != nil && err.Error() == "" {
			t.Fatal("error without a message")
		}
	})
}
