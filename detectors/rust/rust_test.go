package rust

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/axum.txtar")
	res := detecttest.Scan(t, fsys, CargoDetector, LockDetector, ToolchainDetector)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if len(res.Manifests) != 3 || res.Manifests["Cargo.toml"] != "cargo" {
		t.Errorf("manifests = %v", res.Manifests)
	}
	detecttest.Golden(t, "testdata/axum.golden.json", res.Signals)
}

func render(sigs []stack.Signal) map[string]string {
	m := map[string]string{}
	for _, s := range sigs {
		k := s.Name
		if s.Kind == stack.KindFact {
			k = "fact:" + s.Name
		}
		m[k] = fmt.Sprintf("%s|%s|%d|%v", s.Version, s.Scope, s.Line, s.Attrs)
	}
	return m
}

func TestCargo(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string
		wantErr bool
	}{
		{name: "empty", in: "", want: map[string]string{"rust": "||0|map[]"}},
		{
			name: "package and deps",
			in:   "[package]\nname = \"x\"\nedition = \"2021\"\nrust-version = \"1.70\"\n\n[dependencies]\nserde = \"1\"\n\"quoted-name\" = { version = \"2\", default-features = false }\n",
			want: map[string]string{
				"rust":        "1.70||4|map[edition:2021]",
				"serde":       "1||7|map[]",
				"quoted-name": "2||8|map[]",
			},
		},
		{
			name: "dotted and target tables",
			in:   "[package]\nname = \"x\"\n[dependencies]\nfoo.version = \"1\"\nfoo.features = [\"a\", \"b\"]\n[target.\"cfg(windows)\".dev-dependencies]\nwinapi = \"0.3\"\n[target.x86_64-unknown-linux-gnu.build-dependencies.cc]\nversion = \"1\"\n",
			want: map[string]string{
				"rust":   "||1|map[]",
				"foo":    "1||4|map[features:a,b]",
				"winapi": "0.3|dev|7|map[kind:dev target:cfg(windows)]",
				"cc":     "1|dev|8|map[kind:build target:x86_64-unknown-linux-gnu]",
			},
		},
		{
			name: "workspace only",
			in:   "[workspace]\nmembers = [\"a\", \"b/*\"]\n[workspace.dependencies]\nanyhow = \"1\"\n",
			want: map[string]string{
				"rust":           "||1|map[]",
				"fact:workspace": "||2|map[manager:cargo members:a,b/*]",
				"anyhow":         "1||4|map[managed:true workspace:true]",
			},
		},
		{
			name: "multi-line array before deps",
			in:   "[package]\nname = \"x\"\nauthors = [\n  \"a = b\",\n]\ndescription = \"\"\"\nserde = 1\n\"\"\"\n[dependencies]\nserde = \"1\"\n",
			want: map[string]string{"rust": "||1|map[]", "serde": "1||10|map[]"},
		},
		{
			name:    "bad dependency type",
			in:      "[dependencies]\nfoo = 3\nbar = \"1\"\n",
			want:    map[string]string{"rust": "||0|map[]", "bar": "1||3|map[]"},
			wantErr: true,
		},
		{
			name:    "bad version type",
			in:      "[dependencies]\nfoo = { version = 3 }\n",
			want:    map[string]string{"rust": "||0|map[]", "foo": "||2|map[]"},
			wantErr: true,
		},
		{
			name:    "syntax error",
			in:      "[package\nname = \"x\"\n",
			want:    map[string]string{"rust": "||0|map[]"},
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(CargoDetector, "Cargo.toml", []byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			detecttest.ParseErrors(t, err)
			got := render(sigs)
			if len(got) != len(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for k, w := range tt.want {
				if got[k] != w {
					t.Errorf("%s = %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	_, err := detecttest.Detect(CargoDetector, "Cargo.toml", []byte("[package]\nname = \n"))
	var pe *detect.ParseError
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("err = %#v, want a ParseError on line 2", err)
	}
}

func TestToolchain(t *testing.T) {
	tests := []struct {
		path, in, want string
		wantErr        bool
	}{
		{"rust-toolchain.toml", "[toolchain]\nchannel = \"1.78.0\"\n", "1.78.0|2|map[toolchain:true]", false},
		{"rust-toolchain.toml", "[toolchain]\nchannel = \"nightly-2024-05-01\"\n", "|2|map[channel:nightly-2024-05-01 toolchain:true]", false},
		{"rust-toolchain", "1.75\n", "1.75|1|map[toolchain:true]", false},
		{"rust-toolchain", "\n# pin\nstable\n", "|3|map[channel:stable toolchain:true]", false},
		{"rust-toolchain", "[toolchain]\nchannel = \"1.70\"\n", "1.70|2|map[toolchain:true]", false},
		{"rust-toolchain.toml", "", "", false},
		{"rust-toolchain.toml", "[toolchain\n", "", true},
		{"rust-toolchain", "a = b\n", "", true},
	}
	for _, tt := range tests {
		sigs, err := detecttest.Detect(ToolchainDetector, tt.path, []byte(tt.in))
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: err = %v", tt.in, err)
		}
		detecttest.ParseErrors(t, err)
		got := ""
		if len(sigs) == 1 {
			got = fmt.Sprintf("%s|%d|%v", sigs[0].Version, sigs[0].Line, sigs[0].Attrs)
		}
		if got != tt.want {
			t.Errorf("%q = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCargo(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.TOML) { // at and past the depth limit
		f.Add(s)
	}
	f.Add([]byte("[package]\nname = \"x\"\nrust-version = \"1.70\"\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n[target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n"))
	f.Add([]byte("[workspace]\nmembers = [\"a\"]\n[workspace.dependencies]\nx = 1\n"))
	f.Add([]byte("[dependencies]\nfoo = { workspace = true, package = 3 }\n"))
	f.Add([]byte("[package\n"))
	f.Add([]byte("a = \"\"\"\nb = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(CargoDetector, "Cargo.toml", data)
		detecttest.ParseErrors(t, err)
		if len(sigs) == 0 || sigs[0].Name != "rust" {
			t.Fatalf("first signal should be runtime rust: %+v", sigs)
		}
	})
}
