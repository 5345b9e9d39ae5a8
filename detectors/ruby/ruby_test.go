package ruby

import (
	"fmt"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/rails.txtar")
	res := detecttest.Scan(t, fsys, GemfileDetector, LockDetector, VersionDetector)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if res.Manifests["Gemfile"] != "gemfile" || len(res.Manifests) != 1 {
		t.Errorf("manifests = %v", res.Manifests)
	}
	detecttest.Golden(t, "testdata/rails.golden.json", res.Signals)

	// Spot checks that the golden file must agree with.
	want := map[string]string{ // file name -> version|scope|line
		"Gemfile ruby":               "3.3.0|runtime|4",
		"Gemfile rails":              "~> 7.1.3|runtime|6",
		"Gemfile puma":               ">= 5.0, < 7|runtime|8",
		"Gemfile rspec-rails":        "|dev|13",
		"Gemfile rubocop-rails":      "|dev|17",
		"Gemfile lograge":            "|runtime|30",
		"Gemfile.lock capybara":      "3.40.0|dev|8",
		"Gemfile.lock xpath":         "3.2.0|dev|37",
		"Gemfile.lock rack":          "3.0.9|runtime|25",
		"Gemfile.lock nokogiri":      "1.16.0|dev|16",
		"Gemfile.lock ruby":          "3.3.0|runtime|60",
		".ruby-version ruby":         "3.3.0|runtime|1",
		"Gemfile.lock lograge":       "0.14.0|runtime|14",
		"Gemfile.lock rubocop-rails": "2.23.1|dev|32",
		"Gemfile.lock sidekiq":       "7.2.1|runtime|33",
		"Gemfile.lock tzinfo-data":   "1.2024.1|runtime|35",
		"Gemfile.lock nio4r":         "2.7.0|runtime|23",
		"Gemfile.lock web-console":   "4.2.1|dev|36",
		"Gemfile.lock railties":      "7.1.3|runtime|29",
		"Gemfile.lock debug":         "1.9.1|dev|11",
		"Gemfile.lock devise":        "4.9.3|runtime|12",
		"Gemfile.lock pg":            "1.5.4|runtime|20",
		"Gemfile.lock racc":          "1.7.3|dev|24",
		"Gemfile.lock rspec-rails":   "6.1.1|dev|31",
		"Gemfile.lock actionpack":    "7.1.3|runtime|4",
		"Gemfile.lock msgpack":       "1.7.2|runtime|15",
		"Gemfile.lock bootsnap":      "1.18.3|runtime|6",
		"Gemfile.lock puma":          "6.4.2|runtime|21",
		"Gemfile.lock rails":         "7.1.3|runtime|26",
	}
	got := map[string]string{}
	for _, s := range res.Signals {
		k := s.File + " " + s.Name
		if _, dup := got[k]; !dup {
			got[k] = fmt.Sprintf("%s|%s|%d", s.Version, s.Scope, s.Line)
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func gemMap(gf gemfile) map[string]string {
	m := map[string]string{}
	for _, g := range gf.gems {
		m[g.name] = fmt.Sprintf("%s|%v|%d", g.version, g.dev, g.line)
	}
	return m
}

func TestGemfile(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string
		ruby    string
		wantErr bool
	}{
		{name: "empty", in: "", want: map[string]string{}},
		{
			name: "quote styles and options",
			in:   "gem 'a', '~> 1.0', require: false\ngem \"b\"\ngem('c', '>= 2')\ngem :sym\n",
			want: map[string]string{"a": "~> 1.0|false|1", "b": "|false|2", "c": ">= 2|false|3"},
		},
		{
			name: "inline groups",
			in:   "gem 'a', group: :test\ngem 'b', groups: [:development, :test]\ngem 'c', :group => :production\ngem 'd', group: %i[development test]\ngem 'e', group: [:test, :production]\n",
			want: map[string]string{"a": "|true|1", "b": "|true|2", "c": "|false|3", "d": "|true|4", "e": "|false|5"},
		},
		{
			name: "nested blocks",
			in:   "group :test do\n  if ENV['X']\n    gem 'a'\n  end\n  platforms :mri do\n    gem 'b'\n  end\n  gem 'c'\nend\ngem 'd'\n",
			want: map[string]string{"a": "|true|3", "b": "|true|6", "c": "|true|8", "d": "|false|10"},
		},
		{
			name: "group with options and parens",
			in:   "group(:development, optional: true) do\n  gem 'a'\nend\n",
			want: map[string]string{"a": "|true|2"},
		},
		{
			name: "modifier and comment",
			in:   "gem 'a', '1.0' if RUBY_VERSION > '3' # note\ngem \"b#c\", \"2\" # x\n",
			want: map[string]string{"a": "1.0|false|1", "b#c": "2|false|2"},
		},
		{
			name: "ruby directive",
			in:   "source 'https://rubygems.org'\nruby '3.2.2', engine: 'jruby', engine_version: '9.4'\ngem 'x'\n",
			want: map[string]string{"x": "|false|3"},
			ruby: "3.2.2",
		},
		{
			name:    "unterminated string",
			in:      "gem 'a\ngem 'b'\n",
			want:    map[string]string{"b": "|false|2"},
			wantErr: true,
		},
		{
			name:    "unclosed group",
			in:      "group :test do\n  gem 'a'\n",
			want:    map[string]string{"a": "|true|2"},
			wantErr: true,
		},
		{
			name: "stray end",
			in:   "end\ngem 'a'\n",
			want: map[string]string{"a": "|false|2"},
		},
		{
			name:    "empty gem name",
			in:      "gem ''\n",
			want:    map[string]string{},
			wantErr: true,
		},
		{
			name: "=begin comment",
			in:   "=begin\ngem 'hidden'\n=end\ngem 'shown'\n",
			want: map[string]string{"shown": "|false|4"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gf, err := parseGemfile([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			detecttest.ParseErrors(t, err)
			got := gemMap(gf)
			if len(got) != len(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for k, w := range tt.want {
				if got[k] != w {
					t.Errorf("%s = %q, want %q", k, got[k], w)
				}
			}
			if gf.ruby != tt.ruby {
				t.Errorf("ruby = %q, want %q", gf.ruby, tt.ruby)
			}
		})
	}
}

func TestGemfileAlwaysRuby(t *testing.T) {
	sigs, _ := detecttest.Detect(GemfileDetector, "Gemfile", []byte("gem 'x'\n"))
	if len(sigs) != 2 || sigs[0].Name != "ruby" || sigs[0].Kind != stack.KindRuntime || sigs[0].Line != 0 {
		t.Errorf("signals = %+v", sigs)
	}
	sigs, _ = detecttest.Detect(GemfileDetector, "Gemfile", []byte("ruby file: '.ruby-version'\n"))
	if sigs[0].Attr("file") != ".ruby-version" || sigs[0].Line != 1 {
		t.Errorf("ruby file: %+v", sigs[0])
	}
}

func TestLockWithoutGemfile(t *testing.T) {
	in := "GEM\n  remote: https://rubygems.org/\n  specs:\n    rspec (3.13.0)\n      rspec-core (~> 3.13.0)\n    rspec-core (3.13.0)\n    bad entry here\n\nGIT\n  remote: https://github.com/x/y.git\n  revision: abc\n  specs:\n    y (0.1.0)\n\nPATH\n  remote: .\n  specs:\n    mygem (1.0.0)\n\nRUBY VERSION\n   ruby 3.2.2p53\n"
	sigs, err := detecttest.Detect(LockDetector, "Gemfile.lock", []byte(in))
	if err == nil {
		t.Error("want an error for the bad spec line")
	}
	detecttest.ParseErrors(t, err)
	got := map[string]string{}
	for _, s := range sigs {
		got[s.Name] = fmt.Sprintf("%s|%s|%d|%s", s.Version, s.Scope, s.Line, s.Attr("locked"))
	}
	want := map[string]string{"lockfile": "||0|", "rspec": "3.13.0||4|true", "rspec-core": "3.13.0||6|true", "y": "0.1.0||13|true", "ruby": "3.2.2||21|true"}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func TestRubyVersion(t *testing.T) {
	tests := []struct {
		in, version, engine string
		ok                  bool
	}{
		{"3.3.0\n", "3.3.0", "", true},
		{"ruby-3.2.2", "3.2.2", "", true},
		{"jruby-9.4.5.0\n", "9.4.5.0", "jruby", true},
		{"", "", "", true},
		{"\n\n", "", "", true},
		{"hello world", "", "", false},
		{"3.3.0 # comment", "", "", false},
	}
	for _, tt := range tests {
		v, e, ok := parseRubyVersion([]byte(tt.in))
		if v != tt.version || e != tt.engine || ok != tt.ok {
			t.Errorf("parseRubyVersion(%q) = %q, %q, %v", tt.in, v, e, ok)
		}
	}
	if _, err := detecttest.Detect(VersionDetector, ".ruby-version", []byte("nope nope")); err == nil {
		t.Error("want error")
	}
}

func FuzzGemfile(f *testing.F) {
	f.Add([]byte("source 'https://rubygems.org'\nruby '3.3.0'\ngem 'rails', '~> 7.1'\ngroup :development, :test do\n  gem 'rspec', require: false\nend\n"))
	f.Add([]byte("gem 'a\n"))
	f.Add([]byte("group :test do\n  gem 'x',\n   group: [:a, :b]\n"))
	f.Add([]byte("gem(\"a\", \"1\") do |x|\nend\nend\nend\n"))
	f.Add([]byte("=begin\ngem 'x'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(GemfileDetector, "Gemfile", data)
		detecttest.ParseErrors(t, err)
		if len(sigs) == 0 || sigs[0].Name != "ruby" {
			t.Fatalf("first signal should be runtime ruby: %+v", sigs)
		}
	})
}

func FuzzGemfileLock(f *testing.F) {
	f.Add([]byte("GEM\n  specs:\n    a (1.0)\n      b (>= 1)\n    b (2.0-java)\n\nDEPENDENCIES\n  a\n\nRUBY VERSION\n   ruby 3.3.0p0\n"))
	f.Add([]byte("GEM\n  specs:\n    (\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := detecttest.Detect(LockDetector, "Gemfile.lock", data)
		detecttest.ParseErrors(t, err)
	})
}

func TestNestedGroups(t *testing.T) {
	in := "group :test do\n  group :production do\n    gem 'a'\n  end\n  group do\n    gem 'b'\n  end\n  platforms :jruby do\n    gem 'c', group: :development\n  end\nend\n"
	gf, err := parseGemfile([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	got := gemMap(gf)
	want := map[string]string{"a": "|false|3", "b": "|true|6", "c": "|true|9"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}
