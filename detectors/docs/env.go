package docs

import (
	"context"
	"net/url"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/dotenv"
	"github.com/stacklint/stacklint/detectors/internal/secretname"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// EnvSecrets reads committed .env files for secret-looking keys.
var EnvSecrets = detect.Detector{
	Name: "env-secrets",
	Doc: "Reads committed dotenv files (.env, .env.local, .env.production...; not .env.example, .sample, .dist, .template and other " +
		"placeholder files, nor the encrypted .env.vault, nor patches, backups and other non-dotenv files such as .env.patch, .env.orig, .env.bak, .env.gpg, .env.md): each key that looks secret (*SECRET*, *PASSWORD*, *TOKEN*, *CREDENTIAL*, *_KEY, " +
		"API_KEY, PRIVATE_KEY; public and publishable keys excluded) with a non-empty value that is not a placeholder (changeme, xxx, <...>, ${...}, an ERB/EJS <% tag), " +
		"and each *_URL/_URI/_DSN whose URL holds a password, gives a committed-secret fact with the key name and line. Values are never " +
		"recorded, not even in error messages. Diagnostics are given only for files named .env, .env.<env> or .env.<env>.local, and only for lines that look like " +
		"broken assignments (an invalid variable name before =, an unterminated quote); other lines are skipped. Development-only files (envname.DevParts: .env.development, .env.test, .env.local, .env.ci...; not .env.production.local) give scope dev.",
	Files:  []string{".env", ".env.*"},
	Match:  matchEnv,
	Detect: detectEnv,
}

func matchEnv(p string) bool {
	if !dotenv.IsName(p) {
		return false
	}
	return !dotenv.Template(p)
}

// clearlyDotenv reports whether a base name leaves no doubt that the file
// is a dotenv file: .env, .env.<env> or .env.<env>.local, each part made of
// letters, digits, - and _. Only such files get diagnostics.
func clearlyDotenv(b string) bool {
	if b == ".env" {
		return true
	}
	parts, ok := dotenv.Suffix(b)
	if !ok || len(parts) > 2 || len(parts) == 2 && parts[1] != "local" {
		return false
	}
	for _, part := range parts {
		if part == "" || !dotenv.ValidKey(strings.ReplaceAll(part, "-", "_")) && !allDigits(part) {
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

func detectEnv(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	scope := ""
	if dotenv.DevOnly(in.Path) {
		scope = stack.ScopeDev
	}
	entries, err := dotenv.Parse(in.Data, clearlyDotenv(path.Base(in.Path)))
	var out []stack.Signal
	for _, e := range entries {
		if secretEntry(e.Key, e.Value) {
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactCommittedSecret, Line: e.Line, Scope: scope, Attrs: map[string]string{"key": e.Key}})
		}
	}
	return out, err
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
	return secretname.Holds(key)
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
	case strings.HasPrefix(l, "${") || strings.HasPrefix(l, "$(") || strings.HasPrefix(l, "{{") || strings.HasPrefix(l, "<%") || strings.HasPrefix(l, "<") && strings.HasSuffix(l, ">"):
		// An expansion, a template tag (ERB's <%= `op read …` %>, whose
		// " #{…}" the comment rule may have cut) or <your-key>.
		return true
	case strings.HasPrefix(l, "$") && dotenv.ValidKey(l[1:]):
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
