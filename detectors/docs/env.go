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
		"placeholder files, nor the encrypted .env.vault): each key that looks secret (*SECRET*, *PASSWORD*, *TOKEN*, *CREDENTIAL*, *_KEY, " +
		"API_KEY, PRIVATE_KEY; public and publishable keys excluded) with a non-empty value that is not a placeholder (changeme, xxx, <...>, ${...}), " +
		"and each *_URL/_URI/_DSN whose URL holds a password, gives a committed-secret fact with the key name and line. Values are never " +
		"recorded, not even in error messages. .env.development and .env.test files give scope dev.",
	Match:  matchEnv,
	Detect: detectEnv,
}

// placeholderSuffixes mark dotenv files that hold placeholders, not values.
var placeholderSuffixes = map[string]bool{
	"example": true, "sample": true, "dist": true, "template": true, "tmpl": true, "tpl": true,
	"defaults": true, "default": true, "schema": true, "vault": true, "enc": true, "encrypted": true, "skeleton": true, "ci-template": true,
}

func matchEnv(p string) bool {
	b := path.Base(p)
	if b == ".env" {
		return true
	}
	rest, ok := strings.CutPrefix(b, ".env.")
	if !ok || rest == "" {
		return false
	}
	for _, part := range strings.Split(strings.ToLower(rest), ".") {
		if placeholderSuffixes[part] {
			return false
		}
	}
	return true
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
	entries, err := parseDotenv(in.Data)
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
// Errors name the line and what was expected, never the content.
func parseDotenv(data []byte) ([]envEntry, error) {
	lines := strings.Split(string(data), "\n")
	var out []envEntry
	var errs []error
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
		if sep <= 0 {
			if len(errs) < 5 {
				errs = append(errs, detect.Errorf(ln, 1, "expected KEY=value"))
			}
			continue
		}
		key := strings.TrimSpace(t[:sep])
		if !validKey(key) {
			if len(errs) < 5 {
				errs = append(errs, detect.Errorf(ln, 1, "expected a variable name of letters, digits, _ . or - before ="))
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
				errs = append(errs, detect.Errorf(ln, sep+2, "unterminated quoted value: expected a closing %c", q))
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
	case strings.HasPrefix(l, "your") || strings.HasPrefix(l, "replace") || strings.HasPrefix(l, "insert") || strings.HasPrefix(l, "enter") || strings.HasPrefix(l, "put-") || strings.HasPrefix(l, "set-"):
		return true
	}
	switch strings.NewReplacer("-", "", "_", "", " ", "").Replace(l) {
	case "changeme", "changeit", "change", "todo", "tbd", "fixme", "placeholder", "dummy", "example", "null", "none", "nil",
		"undefined", "false", "true", "secret", "password", "redacted", "notset", "empty":
		return true
	}
	return false
}
