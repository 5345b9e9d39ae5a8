// Package dotenv reads dotenv files (.env, .env.production...): which file
// names are dotenv files, and their KEY=value assignments. The values it
// returns may be secrets: callers keep them to themselves and never store,
// print or quote them in errors.
package dotenv

import (
	"errors"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
)

// notDotenvParts are parts of a .env.* name that make the file something
// other than a dotenv file: patches, merge leftovers, backups, editor swap
// files, encrypted or locked copies, documents and code (sentry's
// self-hosted .env.patch is a diff).
var notDotenvParts = map[string]bool{
	"patch": true, "diff": true, "orig": true, "rej": true, "bak": true, "backup": true, "old": true, "save": true,
	"swp": true, "swo": true, "tmp": true, "temp": true,
	"gpg": true, "pgp": true, "asc": true, "sig": true, "age": true, "enc": true, "encrypted": true, "vault": true, "sops": true, "crypt": true,
	"lock": true, "md": true, "markdown": true, "rst": true, "adoc": true, "html": true, "pdf": true,
	"json": true, "yaml": true, "yml": true, "toml": true, "xml": true, "ini": true,
	"js": true, "mjs": true, "cjs": true, "ts": true, "py": true, "rb": true, "go": true, "php": true, "sh": true, "ps1": true, "bat": true,
	"zip": true, "gz": true, "tgz": true, "tar": true, "pem": true, "crt": true, "key": true,
}

// Suffix returns the lowercase dot-separated parts after ".env." of a path's
// base name (".env.production.local" gives production, local), ok false
// when the name is not .env.<something>.
func Suffix(p string) (parts []string, ok bool) {
	rest, ok := strings.CutPrefix(path.Base(p), ".env.")
	if !ok || rest == "" {
		return nil, false
	}
	return strings.Split(strings.ToLower(rest), "."), true
}

// IsName reports whether a path names a dotenv file: .env, or
// .env.<something> unless a part of the name says the file is a patch,
// backup, editor copy, encrypted copy or another format (.env.patch,
// .env.bak, .env~, .env.gpg, .env.md, .env.json...).
func IsName(p string) bool {
	b := path.Base(p)
	if b == ".env" {
		return true
	}
	if strings.HasSuffix(b, "~") {
		return false
	}
	parts, ok := Suffix(b)
	if !ok {
		return false
	}
	for _, part := range parts {
		if notDotenvParts[part] {
			return false
		}
	}
	return true
}

// Entry is one KEY=value assignment of a dotenv file.
type Entry struct {
	// Key is the variable name.
	Key string
	// Value is the value, unquoted, inline comment dropped. It may be a
	// secret: never store, print or quote it.
	Value string
	// Line is the 1-based line of the assignment.
	Line int
	// Unterminated is true when a quoted value has no closing quote: Value
	// is then the rest of the line (single quotes) or of the file.
	Unterminated bool
}

// Parse reads KEY=value lines: `export` prefixes, single, double and
// backtick quotes (double quotes may span lines, with backslash escapes),
// inline ` #` comments, and YAML-style KEY: value where a line has no "=".
// Lines that are not assignments (no "=" or ":", or text with spaces
// before it) are skipped. With strict set (a file clearly meant as
// dotenv), lines that look like broken assignments (an empty or invalid
// variable name, an unterminated quote) are errors naming the line and
// what was expected, never the content; without it nothing is an error.
func Parse(data []byte, strict bool) ([]Entry, error) {
	lines := strings.Split(string(data), "\n")
	var out []Entry
	var errs []error
	fail := func(line, col int, format string, args ...any) {
		if strict && len(errs) < 5 {
			errs = append(errs, detect.Errorf(line, col, format, args...))
		}
	}
	for i := 0; i < len(lines); i++ {
		ln := i + 1
		t := strings.TrimSpace(strings.TrimSuffix(lines[i], "\r"))
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		t = strings.TrimPrefix(t, "export ")
		eq := strings.IndexByte(t, '=')
		sep := eq
		if c := strings.IndexByte(t, ':'); eq < 0 && c > 0 {
			sep = c // YAML-style KEY: value, accepted by some loaders
		}
		if sep < 0 {
			continue // not an assignment: prose, a diff line, a bare word
		}
		key := strings.TrimSpace(t[:sep])
		if !ValidKey(key) {
			switch {
			case sep != eq || strings.ContainsAny(key, " \t"):
				// "Some text: more" or "run with PORT=1": not an assignment.
			case key == "":
				fail(ln, 1, "expected a variable name before =")
			default:
				fail(ln, 1, "expected a variable name of letters, digits, _ . or - before =")
			}
			continue
		}
		e := Entry{Key: key, Line: ln}
		v := strings.TrimSpace(t[sep+1:])
		if v != "" && (v[0] == '"' || v[0] == '\'' || v[0] == '`') {
			q := v[0]
			body := v[1:]
			end := closingQuote(body, q)
			for end < 0 && q == '"' && i+1 < len(lines) {
				i++
				body += "\n" + strings.TrimSuffix(lines[i], "\r")
				end = closingQuote(body, q)
			}
			if end < 0 {
				fail(ln, sep+2, "unterminated quoted value: expected a closing %c", q)
				v, e.Unterminated = body, true
			} else {
				v = body[:end]
			}
		} else if c := strings.Index(v, " #"); c >= 0 {
			v = strings.TrimSpace(v[:c])
		}
		e.Value = v
		out = append(out, e)
	}
	return out, errors.Join(errs...)
}

func closingQuote(s string, q byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && q == '"' {
			i++
			continue
		}
		if s[i] == q {
			return i
		}
	}
	return -1
}

// ValidKey reports whether k is a variable name as dotenv loaders accept
// it: a letter or _, then letters, digits, _, . or -.
func ValidKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9' && i > 0 || (c == '.' || c == '-') && i > 0) {
			return false
		}
	}
	return true
}
