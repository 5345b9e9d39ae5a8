package jsonc

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestStrip(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"no comment", `{"a": 1}`, `{"a": 1}`},
		{"line comment", "{\"a\": 1} // note\n", "{\"a\": 1}        \n"},
		{"block comment", `{/* x */"a": 1}`, `{       "a": 1}`},
		{"block over lines keeps newlines", "{/* a\nb */}", "{    \n    }"},
		{"slashes in a string", `{"url": "http://x/*y*/"}`, `{"url": "http://x/*y*/"}`},
		{"escaped quote in a string", `{"a": "\"//"} // c`, `{"a": "\"//"}     `},
		{"empty block", `/**/{}`, `    {}`},
		{"unterminated block", `{} /* open`, `{}        `},
		{"lone slash", `{"a": 1 / 2}`, `{"a": 1 / 2}`},
		{"comment right after a string", `{"a":"b"//c` + "\n}", `{"a":"b"   ` + "\n}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(Strip([]byte(c.in))); got != c.want {
				t.Errorf("Strip(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestStripDoesNotModifyItsInput(t *testing.T) {
	in := []byte(`{"a": 1} // c`)
	Strip(in)
	if string(in) != `{"a": 1} // c` {
		t.Errorf("input modified: %q", in)
	}
}

func TestStripGivesJSON(t *testing.T) {
	in := "{\n  // the SDK\n  \"sdk\": { /* pinned */ \"version\": \"8.0.100\" },\n  \"x\": \"a//b\"\n}\n"
	var v struct {
		SDK struct{ Version string } `json:"sdk"`
		X   string                   `json:"x"`
	}
	if err := json.Unmarshal(Strip([]byte(in)), &v); err != nil {
		t.Fatal(err)
	}
	if v.SDK.Version != "8.0.100" || v.X != "a//b" {
		t.Errorf("decoded %+v", v)
	}
}

// FuzzStrip: Strip never panics, keeps the length and every newline, and
// is idempotent.
func FuzzStrip(f *testing.F) {
	for _, s := range []string{`{"a":1}// x`, "/* a */{}", "/*/ x */", `"a//b"`, "/**/", "{/*\n*/}", `"\"//"`, `"\`, "/"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out := Strip(in)
		if len(out) != len(in) {
			t.Fatalf("length %d, want %d", len(out), len(in))
		}
		for i := range in {
			if (in[i] == '\n') != (out[i] == '\n') {
				t.Fatalf("newline at %d not kept", i)
			}
		}
		if again := Strip(out); !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
	})
}
