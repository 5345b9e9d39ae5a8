// Package secretname tells variable and key names that hold secrets
// (DB_PASSWORD, STRIPE_SECRET_KEY, GITHUB_TOKEN) from those that only
// configure them (TOKEN_TTL, PASSWORD_MIN_LENGTH, SECRET_ARN). Detectors
// use it to report committed secrets and to keep values out of what they
// record.
package secretname

import "strings"

// notSecretSuffixes are key endings that name settings about a secret, not
// the secret itself (TOKEN_TTL, PASSWORD_MIN_LENGTH, SECRET_ARN...).
var notSecretSuffixes = []string{
	"_TTL", "_EXPIRY", "_EXPIRES", "_EXPIRES_IN", "_EXPIRATION", "_LIFETIME", "_TIMEOUT", "_LENGTH", "_MIN_LENGTH",
	"_URL", "_URI", "_ENDPOINT", "_PATH", "_FILE", "_DIR", "_NAME", "_HEADER", "_ALGORITHM", "_ALG", "_ISSUER", "_AUDIENCE",
	"_ARN", "_ID", "_TYPE", "_ENABLED", "_REGION", "_VERSION", "_PREFIX", "_FIELD", "_COOKIE_NAME", "_SIZE", "_ROUNDS", "_COST",
}

// Holds reports whether a name says its value is a secret: it holds
// SECRET, PASSWORD, PASSWD, TOKEN, CREDENTIAL, PRIVATE_KEY, API_KEY, APIKEY
// or ACCESS_KEY, or is or ends in KEY, PASS or PWD; public and publishable
// keys, and settings about a secret (*_TTL, *_LENGTH, *_URL, *_ARN...) do
// not. "-" and "." count as "_". It is the precise test, for reporting a
// committed secret.
func Holds(name string) bool {
	k := strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(name))
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

// sensitiveWords mark names whose values must never be used, whatever the
// rest of the name says.
var sensitiveWords = map[string]bool{
	"PASSWORD": true, "PASSWD": true, "PASS": true, "PWD": true, "SECRET": true, "SECRETS": true,
	"TOKEN": true, "KEY": true, "APIKEY": true, "CREDENTIAL": true, "CREDENTIALS": true,
	"PRIVATE": true, "AUTH": true, "DSN": true, "SALT": true, "CERT": true, "SIGNATURE": true,
}

// Sensitive reports whether a value of the name may be a secret, and so
// must never be used, stored or shown: Holds, or one of its words (split at
// "_", "-", "." and digits) is PASSWORD, PASS, PWD, SECRET, TOKEN, KEY,
// CREDENTIALS, PRIVATE, AUTH, DSN, SALT, CERT, SIGNATURE... It is the
// cautious test: every name Holds accepts, and settings about secrets too
// (DB_PASSWORD_FILE, AUTH_DOMAIN).
func Sensitive(name string) bool {
	if Holds(name) {
		return true
	}
	for _, w := range strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool {
		return r == '_' || r == '-' || r == '.' || r >= '0' && r <= '9'
	}) {
		if sensitiveWords[w] {
			return true
		}
	}
	return false
}
