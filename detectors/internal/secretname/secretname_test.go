package secretname

import "testing"

func TestHoldsAndSensitive(t *testing.T) {
	for _, c := range []struct {
		name             string
		holds, sensitive bool
	}{
		{"DB_PASSWORD", true, true},
		{"STRIPE_SECRET_KEY", true, true},
		{"GITHUB_TOKEN", true, true},
		{"api-key", true, true},
		{"aws.access_key_id", false, true}, // _ID: a setting, yet KEY is a word of it
		{"SECRETKEY", true, true},          // one word: only Holds sees it
		{"PRIVATE_KEY", true, true},
		{"KEY", true, true},
		{"SMTP_PASS", true, true},
		{"MYSQL_PWD", true, true},
		{"TOKEN_TTL", false, true},
		{"PASSWORD_MIN_LENGTH", false, true},
		{"DB_PASSWORD_FILE", false, true},
		{"SECRET_ARN", false, true},
		{"STRIPE_PUBLISHABLE_KEY", false, true},
		{"NEXT_PUBLIC_API_KEY", false, true},
		{"AUTH_DOMAIN", false, true},
		{"SENTRY_DSN", false, true},
		{"DATABASE_URL", false, false},
		{"NODE_VERSION", false, false},
		{"IMAGE_TAG", false, false},
		{"MONKEY", false, false},
		{"", false, false},
	} {
		if got := Holds(c.name); got != c.holds {
			t.Errorf("Holds(%q) = %v, want %v", c.name, got, c.holds)
		}
		if got := Sensitive(c.name); got != c.sensitive {
			t.Errorf("Sensitive(%q) = %v, want %v", c.name, got, c.sensitive)
		}
	}
}

// FuzzSensitive: Sensitive is the cautious test, true wherever Holds is.
func FuzzSensitive(f *testing.F) {
	for _, s := range []string{"DB_PASSWORD", "TOKEN_TTL", "SECRETKEY", "a.b-c", "KEY1", "public_token"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if Holds(name) && !Sensitive(name) {
			t.Fatalf("%q: Holds but not Sensitive", name)
		}
	})
}
