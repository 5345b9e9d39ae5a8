package dockerfile

import (
	"strings"

	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// PHP extensions a Dockerfile installs reveal the datastores and services
// the application talks to (pdo_pgsql, redis, amqp), as composer.json's
// `ext-*` requirements do: they are emitted as composer packages named
// `ext-<extension>`, so the catalog's `ext-*` entries give them meaning.

// maxPHPExtensions bounds the extensions read from one Dockerfile.
const maxPHPExtensions = 256

// phpExtension is one extension a RUN instruction installs.
type phpExtension struct {
	name, version, installer string
}

// phpExtensions reads the PHP extensions a RUN instruction installs:
// `docker-php-ext-install` and `docker-php-ext-enable` (flags such as -j
// skipped), `pecl install name[-version]`, mlocati's
// `install-php-extensions`, and distribution packages named php[N]-<ext>
// (`apk add php83-pgsql php83-pecl-redis`, `apt-get install php8.2-mysql
// php-redis`, `dnf install php-pgsql`). Words with shell expansions are
// skipped.
func phpExtensions(run string) []phpExtension {
	var out []phpExtension
	for _, cmd := range shellCommands(run) {
		words := cmd
		for len(words) > 0 && (words[0] == "sudo" || strings.Contains(words[0], "=")) {
			words = words[1:] // sudo, VAR=value prefixes
		}
		if len(words) == 0 {
			continue
		}
		args := words[1:]
		var installer string
		switch w := words[0]; {
		case w == "docker-php-ext-install" || w == "docker-php-ext-enable" || w == "install-php-extensions":
			installer = w
		case w == "pecl" && len(args) > 0 && args[0] == "install":
			installer, args = "pecl", args[1:]
		case (w == "apk" && len(args) > 0 && args[0] == "add") ||
			((w == "apt-get" || w == "apt" || w == "yum" || w == "dnf" || w == "microdnf" || w == "zypper") && len(args) > 0 && args[0] == "install"):
			installer, args = w, args[1:]
		default:
			continue
		}
		for _, a := range args {
			a = strings.Trim(a, `"'`)
			if a == "" || a[0] == '-' || a[0] == '@' || strings.ContainsAny(a, "$`(){}<>|&;*") {
				continue
			}
			var e phpExtension
			switch installer {
			case "pecl":
				name, v, _ := strings.Cut(a, "-")
				e = phpExtension{name: name, version: imageref.TagVersion(v)}
			case "docker-php-ext-install", "docker-php-ext-enable", "install-php-extensions":
				e = phpExtension{name: a}
			default:
				name, ok := distroPHPPackage(a)
				if !ok {
					continue
				}
				e = phpExtension{name: name}
			}
			if !validExtName(e.name) {
				continue
			}
			e.installer = installer
			out = append(out, e)
			if len(out) == maxPHPExtensions {
				return out
			}
		}
	}
	return out
}

// distroPHPPackage reads a distribution package named after a PHP
// extension: php-pgsql, php8.2-mysql, php83-pecl-redis, php7-pdo_pgsql.
// The extension is the part after php[version]- and an optional pecl-.
func distroPHPPackage(p string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.ToLower(p), "php")
	if !ok {
		return "", false
	}
	rest = strings.TrimLeft(rest, "0123456789.")
	rest, ok = strings.CutPrefix(rest, "-")
	if !ok || rest == "" {
		return "", false
	}
	rest = strings.TrimPrefix(rest, "pecl-")
	if i := strings.IndexAny(rest, "=:"); i >= 0 {
		rest = rest[:i] // apt's pkg=version, apk's pkg=version
	}
	return rest, rest != ""
}

// validExtName reports whether s can be a PHP extension name: letters,
// digits and underscores, starting with a letter.
func validExtName(s string) bool {
	if s == "" || len(s) > 64 || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// shellCommands splits a RUN instruction's text into simple commands (on
// &&, ||, ;, | and newlines) of whitespace-separated words; line
// continuations are blanks.
func shellCommands(run string) [][]string {
	run = strings.ReplaceAll(run, "\\\n", " ")
	var out [][]string
	for _, part := range strings.FieldsFunc(run, func(r rune) bool { return r == '&' || r == ';' || r == '|' || r == '\n' }) {
		if ws := strings.Fields(part); len(ws) > 0 {
			out = append(out, ws)
		}
	}
	return out
}

// phpExtensionSignals are the composer `ext-*` packages of a stage's RUN
// instructions.
func phpExtensionSignals(s *stage) []stack.Signal {
	var out []stack.Signal
	seen := map[string]bool{}
	for i, run := range s.runs {
		for _, e := range phpExtensions(run) {
			name := "ext-" + strings.ToLower(e.name)
			if seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoComposer, Name: name, Version: e.version, Line: s.runLines[i],
				Attrs: map[string]string{"source": "dockerfile", "installer": e.installer, "stage": s.label()}})
		}
	}
	return out
}
