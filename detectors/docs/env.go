package docs

import (
	"context"
	"errors"
	"net/url"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// EnvSecrets reads committed .env files for secret-looking keys.
var EnvSecrets = detect.Detector{
	Name: "env-secrets",
	Doc: "Reads committed dotenv files (.env, .env.local, .env.production...; not .env.example, .sample, .dist, .template and other " +
		"placeholder files, nor the encrypted .env.vault, nor patches, backups and other non-dotenv files such as .env.patch, .env.orig, .env.bak, .env.gpg, .env.md): each key that looks secret (*SECRET*, *PASSWORD*, *TOKEN*, *CREDENTIAL*, *_KEY, " +
		"API_KEY, PRIVATE_KEY; public and publishable keys excluded) with a non-empty value that is not a placeholder (changeme, xxx, <...>, ${...}), " +
		"and each *_URL/_URI/_DSN whose URL holds a password, gives a committed-secret fact with the key name and line. Values are never " +
		"recorded, not even in error messages. Diagnostics are given only for files named .env, .env.<env> or .env.<env>.local, and only for lines that look like " +
		"broken assignments (an invalid variable name before =, an unterminated quote); other lines are skipped. .env.development and .env.test files give scope dev.",
	Files:  []string{".env", ".env.*"},
	Match:  matchEnv,
	Detect: detectEnv,
}

// placeholderSuffixes mark dotenv files that hold placeholders, not values.
var placeholderSuffixes = map[string]bool{
	"example": true, "sample": true, "dist": true, "template": true, "tmpl": true, "tpl": true,
	"defaults": true, "default": true, "schema": true, "vault": true, "enc": true, "encrypted": true, "skeleton": true, "ci-template": true,
}

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

// envSuffixParts returns the lowercase dot-separated parts after ".env." of
// a base name, ok false when the name is not .env.<something>.
func envSuffixParts(b string) ([]string, bool) {
	rest, ok := strings.CutPrefix(b, ".env.")
	if !ok || rest == "" {
		return nil, false
	}
	return strings.Split(strings.ToLower(rest), "."), true
}

func matchEnv(p string) bool {
	b := path.Base(p)
	if b == ".env" {
		return true
	}
	if strings.HasSuffix(b, "~") {
		return false // an editor backup
	}
	parts, ok := envSuffixParts(b)
	if !ok {
		return false
	}
	for _, part := range parts {
		if placeholderSuffixes[part] || notDotenvParts[part] {
			return false
		}
	}
	return true
}

// clearlyDotenv reports whether a base name leaves no doubt that the file
// is a dotenv file: .env, .env.<env> or .env.<env>.local, each part made of
// letters, digits, - and _. Only such files get diagnostics.
func clearlyDotenv(b string) bool {
	if b == ".env" {
		return true
	}
	parts, ok := envSuffixParts(b)
	if !ok || len(parts) > 2 || len(parts) == 2 && parts[1] != "local" {
		return false
	}
	for _, part := range parts {
		if part == "" || !validKey(strings.ReplaceAll(part, "-", "_")) && !allDigits(part) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// devEnv marks development and test dotenv files.
var devEnv = map[string]bool{"development": true, "dev": true, "test": true, "testing": true, "ci": true, "e2e": true}

func detectEnv(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	scope := ""
	if rest, ok := strings.CutPrefix(path.Base(in.Path), ".env."); ok {
		for _, part := range strings.Split(strings.ToLower(rest), ".") {
			if devEnv[part] {
				scope = stack.ScopeDev
			}
		}
	}
	entries, err := parseDotenv(in.Data, clearlyDotenv(path.Base(in.Path)))
	var out []stack.Signal
	for _, e := range entries {
		if secretEntry(e.key, e.value) {
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactCommittedSecret, Line: e.line, Scope: scope, Attrs: map[string]string{"key": e.key}})
		}
	}
	return out, err
}

// envEntry is one KEY=value of a dotenv file.
type envEntry struct {
	key, value string
	line       int
}

// parseDotenv reads KEY=value lines: `export` prefixes, single, double and
// backtick quotes (double quotes may span lines), inline ` #` comments.
// Lines that are not assignments (no "=" or ":", or text before it with
// spaces) are skipped. With strict set (a file named .env or .env.<env>),
// lines that look like broken assignments (an empty or invalid variable
// name, an unterminated quote) are errors naming the line and what was
// expected, never the content; without it nothing is an error.
func parseDotenv(data []byte, strict bool) ([]envEntry, error) {
	lines := strings.Split(string(data), "\n")
	var out []envEntry
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
		if !validKey(key) {
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
				v = body
			} else {
				v = body[:end]
			}
		} else if c := strings.Index(v, " #"); c >= 0 {
			v = strings.TrimSpace(v[:c])
		}
		out = append(out, envEntry{key: key, value: v, line: ln})
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

func validKey(k string) bool {
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

// notSecretSuffixes are key endings that name settings about a secret, not
// the secret itself (TOKEN_TTL, PASSWORD_MIN_LENGTH, SECRET_ARN...).
var notSecretSuffixes = []string{
	"_TTL", "_EXPIRY", "_EXPIRES", "_EXPIRES_IN", "_EXPIRATION", "_LIFETIME", "_TIMEOUT", "_LENGTH", "_MIN_LENGTH",
	"_URL", "_URI", "_ENDPOINT", "_PATH", "_FILE", "_DIR", "_NAME", "_HEADER", "_ALGORITHM", "_ALG", "_ISSUER", "_AUDIENCE",
	"_ARN", "_ID", "_TYPE", "_ENABLED", "_REGION", "_VERSION", "_PREFIX", "_FIELD", "_COOKIE_NAME", "_SIZE", "_ROUNDS", "_COST",
}

// secretKey reports whether a key name looks like it holds a secret.
func secretKey(key string) bool {
	k := strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(key))
	if strings.Contains(k, "PUBLIC") || strings.Contains(k, "PUBLISHABLE") {
		return false
	}
	for _, s := range notSecretSuffixes {
		if strings.HasSuffix(k, s) {
			return false
		}
	}
	for _, w := range []string{"SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL", "PRIVATE_KEY", "API_KEY", "APIKEY", "ACCESS_KEY"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return k == "KEY" || strings.HasSuffix(k, "_KEY") || k == "PASS" || strings.HasSuffix(k, "_PASS") || strings.HasSuffix(k, "_PWD")
}

// urlKey reports whether a key names a connection URL.
func urlKey(key string) bool {
	k := strings.ToUpper(key)
	return strings.HasSuffix(k, "_URL") || strings.HasSuffix(k, "_URI") || strings.HasSuffix(k, "_DSN") ||
		k == "DATABASE_URL" || k == "DSN" || strings.HasSuffix(k, "_CONNECTION_STRING")
}

// secretEntry reports whether a KEY=value pair is a committed secret.
func secretEntry(key, value string) bool {
	if placeholder(value) {
		return false
	}
	if urlKey(key) {
		return urlPassword(value)
	}
	return secretKey(key)
}

// urlPassword reports whether a URL carries a real (non-placeholder) password.
func urlPassword(v string) bool {
	u, err := url.Parse(v)
	if err != nil || u.User == nil {
		// Connection strings such as "Server=x;Password=y".
		lv := strings.ToLower(v)
		for _, k := range []string{"password=", "pwd="} {
			if i := strings.Index(lv, k); i >= 0 {
				rest := v[i+len(k):]
				if j := strings.IndexByte(rest, ';'); j >= 0 {
					rest = rest[:j]
				}
				return !placeholder(strings.TrimSpace(rest))
			}
		}
		return false
	}
	p, ok := u.User.Password()
	return ok && !placeholder(p)
}

// placeholder reports whether a value is empty or an obvious stand-in.
func placeholder(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	l := strings.ToLower(v)
	switch {
	case strings.HasPrefix(l, "${") || strings.HasPrefix(l, "$(") || strings.HasPrefix(l, "{{") || strings.HasPrefix(l, "<") && strings.HasSuffix(l, ">"):
		return true
	case strings.HasPrefix(l, "$") && validKey(l[1:]):
		return true
	case strings.Trim(l, "x*.-_ ") == "" || strings.Trim(l, "0") == "":
		return true
	case strings.HasPrefix(l, "your") || strings.HasPrefix(l, "change") || strings.HasPrefix(l, "replace") || strings.HasPrefix(l, "insert") || strings.HasPrefix(l, "enter") || strings.HasPrefix(l, "put-") || strings.HasPrefix(l, "set-"):
		return true
	}
	switch strings.NewReplacer("-", "", "_", "", " ", "").Replace(l) {
	case "changeme", "changeit", "change", "todo", "tbd", "fixme", "placeholder", "dummy", "example", "null", "none", "nil",
		"undefined", "false", "true", "secret", "password", "redacted", "notset", "empty":
		return true
	}
	return false
}
