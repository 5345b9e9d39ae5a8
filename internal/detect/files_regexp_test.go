package detect

import (
	"regexp"
	"strings"
	"testing"
)

func TestFilesRegexp(t *testing.T) {
	md := []string{"*.md", "*.MD", "*.Md", "*.mD"}
	for _, tc := range []struct {
		name     string
		patterns []string
		want     string
		match    []string
		miss     []string
	}{
		{"exact, prefix and extension",
			[]string{"go.mod", "Dockerfile*", "*.csproj", "*.tf", "go.mod"},
			`(^|/)(go\.mod|Dockerfile[^/]*|[^/]*\.(csproj|tf))$`,
			[]string{"go.mod", "svc/go.mod", "Dockerfile", "a/Dockerfile.prod", "Api.csproj", "x/.csproj", "infra/main.tf"},
			[]string{"go.mod.bak", "xgo.mod", "go.modx", "a/Xdockerfile", "dockerfile", "main.tf.json", "Dockerfile/x", "tf"}},
		{"every case spelling folds", md,
			`(^|/)([^/]*\.([mM][dD]))$`,
			[]string{"README.md", "docs/adr/1.MD", "a.Md"},
			[]string{"README.mdx", "md"}},
		{"some case spellings stay as they are", []string{"*.md", "*.MD"},
			`(^|/)([^/]*\.(MD|md))$`,
			[]string{"a.md", "a.MD"},
			[]string{"a.Md"}},
		{"a pattern the index does not read fits every name", []string{"go.mod", "*.versions.toml"},
			`(^|/)[^/]*$`, []string{"anything", "a/b"}, nil},
		{"no pattern", nil, `$.^`, nil, []string{"", "go.mod"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FilesRegexp(tc.patterns)
			if got != tc.want {
				t.Errorf("FilesRegexp = %s, want %s", got, tc.want)
			}
			re := regexp.MustCompile(got)
			for _, p := range tc.match {
				if !re.MatchString(p) {
					t.Errorf("%s does not match %q", got, p)
				}
			}
			for _, p := range tc.miss {
				if re.MatchString(p) {
					t.Errorf("%s matches %q", got, p)
				}
			}
		})
	}
}

// TestFilesRegexpAgreesWithIndex holds the expression to the index's own
// reading of each pattern (IndexPattern) on many base names and folders.
func TestFilesRegexpAgreesWithIndex(t *testing.T) {
	patterns := []string{"package.json", "tsconfig.*", "*.csproj", "Dockerfile*", "*.Dockerfile", ".env", ".env.*", "requirements*", "*.txt",
		"*.md", "*.MD", "*.Md", "*.mD", "Chart.yaml", "*.yml", "*.yaml", "Procfile", "Procfile.*", "gradle-wrapper.properties"}
	re := regexp.MustCompile(FilesRegexp(patterns))
	bases := []string{"package.json", "Package.json", "package.json5", "tsconfig.json", "tsconfig", "tsconfig.build.json", "Api.csproj",
		"csproj", ".csproj", "x.csproj.user", "Dockerfile", "Dockerfile.dev", "dockerfile", "api.Dockerfile", ".Dockerfile", ".env", ".env.local",
		".envrc", "env", "requirements.txt", "requirements", "requirements-dev.in", "notes.txt", "x.TXT", "README.md", "README.MD", "a.mD",
		"README.markdown", "Chart.yaml", "chart.yaml", "values.yml", "x.yaml.tmpl", "Procfile", "Procfile.dev", "procfile", "Procfile-x",
		"gradle-wrapper.properties", "gradle.properties", "main.go", "a.b.c", "", "x"}
	for _, dir := range []string{"", "a/", "a/b/c/", ".github/workflows/"} {
		for _, b := range bases {
			want := false
			for _, p := range patterns {
				if IndexPattern(p, b) {
					want = true
				}
			}
			if got := re.MatchString(dir + b); got != want && b != "" {
				t.Errorf("%q: regexp %v, index %v", dir+b, got, want)
			}
		}
	}
	if strings.Contains(FilesRegexp(patterns), "(?") {
		t.Error("an RE2-only or Python-only construct")
	}
}
