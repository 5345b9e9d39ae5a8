package php

import (
	"errors"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/laravel.txtar")
	res := detecttest.Scan(t, fsys, Detector, LockDetector)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if res.Manifests["composer.json"] != "composer" || res.Manifests["composer.lock"] != "" {
		t.Errorf("manifests = %v", res.Manifests)
	}
	detecttest.Golden(t, "testdata/laravel.golden.json", res.Signals)
}

func find(sigs []stack.Signal, name string) (stack.Signal, bool) {
	for _, s := range sigs {
		if s.Name == name {
			return s, true
		}
	}
	return stack.Signal{}, false
}

func TestComposer(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string // name -> "version|scope|line"
		count   int
		wantErr bool
	}{
		{
			name:  "empty",
			in:    "",
			want:  map[string]string{"php": "||0"},
			count: 1,
		},
		{
			name:  "no php key still gives php",
			in:    `{"require": {"monolog/monolog": "^3"}}`,
			want:  map[string]string{"php": "||0", "monolog/monolog": "^3||1"},
			count: 2,
		},
		{
			name: "php constraint, dev scope, lines",
			in: `{
  "require": {
    "php": ">=8.1 <8.4",
    "symfony/framework-bundle": "7.0.*"
  },
  "require-dev": {"symfony/phpunit-bridge": "^7"}
}`,
			want: map[string]string{
				"php":                      ">=8.1 <8.4||3",
				"symfony/framework-bundle": "7.0.*||4",
				"symfony/phpunit-bridge":   "^7|dev|6",
			},
			count: 3,
		},
		{
			name:  "platform packages skipped",
			in:    `{"require": {"lib-curl": "*", "composer-plugin-api": "^2", "hhvm": "*", "ext-json": "*"}}`,
			want:  map[string]string{"php": "||0"},
			count: 1,
		},
		{
			name:    "non-string constraint",
			in:      `{"require": {"a/b": 3, "c/d": "^1"}}`,
			want:    map[string]string{"c/d": "^1||1"},
			count:   2,
			wantErr: true,
		},
		{
			name:    "truncated",
			in:      "{\n\"require\": {\"a/b\": \"^1\",\n",
			want:    map[string]string{"a/b": "^1||2", "php": "||0"},
			count:   2,
			wantErr: true,
		},
		{
			name:    "array at top",
			in:      `[1, 2]`,
			count:   1,
			wantErr: true,
		},
		{
			name:    "require is a list",
			in:      `{"require": ["a/b"]}`,
			count:   1,
			wantErr: false,
		},
		{
			name:  "bom",
			in:    "\ufeff{\"require\": {\"php\": \"8.3.*\"}}",
			want:  map[string]string{"php": "8.3.*||1"},
			count: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Detector, "composer.json", []byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				var pe *detect.ParseError
				if !errors.As(err, &pe) {
					t.Errorf("error %T is not a ParseError", err)
				}
			}
			if len(sigs) != tt.count {
				t.Errorf("got %d signals, want %d: %+v", len(sigs), tt.count, sigs)
			}
			for name, w := range tt.want {
				s, ok := find(sigs, name)
				if !ok {
					t.Errorf("no signal %q in %+v", name, sigs)
					continue
				}
				got := s.Version + "|" + s.Scope + "|" + itoa(s.Line)
				if got != w {
					t.Errorf("%s = %q, want %q", name, got, w)
				}
			}
		})
	}
}

func TestExtensionsAttr(t *testing.T) {
	sigs, err := detecttest.Detect(Detector, "composer.json", []byte(`{"require": {"ext-redis": "*", "ext-pdo_pgsql": "*", "php": "^8"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := sigs[0].Attr("extensions"); got != "pdo_pgsql,redis" {
		t.Errorf("extensions = %q", got)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

func FuzzComposer(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.JSON) { // at and past the depth limit
		f.Add(s)
	}
	f.Add([]byte(`{"require": {"php": "^8.2", "laravel/framework": "^11"}, "require-dev": {"phpunit/phpunit": "^11"}}`))
	f.Add([]byte(`{"require": {"a/b": 1}}`))
	f.Add([]byte(`[`))
	f.Add([]byte(`{"require": {"ext-x": "*"`))
	f.Add([]byte(`"x"`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Detector, "composer.json", data)
		if err != nil {
			var pe *detect.ParseError
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("error %v is not a ParseError with a message", err)
			}
		}
		if len(sigs) == 0 || sigs[0].Name != "php" {
			t.Fatalf("first signal should be runtime php: %+v", sigs)
		}
	})
}
