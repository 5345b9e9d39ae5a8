package radar

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/profile"
)

// Matcher ties radar entry names to catalog technology ids.
type Matcher struct {
	// tiers of keys, most trusted first: the catalog's aliases (written
	// by people for this purpose: "Oracle DB" is the database, not the
	// oracledb driver); ids and display names; names without vendor
	// prefixes, parentheses or a ".js" suffix; the names packages and
	// images are published under.
	tiers [4]map[string][]string
	ids   []string
}

// aliasEcosystems are the catalog match names that read as a
// technology's name (a package, an image, a tool), unlike Kubernetes
// kinds or Terraform resource types.
var aliasEcosystems = []string{"datastore", "tool", "runtime", "docker", "helm", "npm", "pypi", "rubygems", "cargo", "hex", "pub", "composer", "nuget"}

// NewMatcher indexes a catalog's ids, names and match names.
func NewMatcher(c *catalog.Catalog) *Matcher {
	m := &Matcher{}
	for i := range m.tiers {
		m.tiers[i] = map[string][]string{}
	}
	add := func(tier int, key, id string) {
		if key == "" {
			return
		}
		for _, x := range m.tiers[tier][key] {
			if x == id {
				return
			}
		}
		m.tiers[tier][key] = append(m.tiers[tier][key], id)
	}
	for _, e := range c.Entries() {
		m.ids = append(m.ids, e.ID)
		for _, a := range e.Aliases {
			add(0, norm(a), e.ID)
		}
		add(1, norm(e.ID), e.ID)
		add(1, norm(e.Name), e.ID)
		strong, weak := variants(e.Name)
		for _, v := range strong {
			add(2, v, e.ID)
		}
		for _, v := range weak {
			add(3, v, e.ID)
		}
		for _, eco := range aliasEcosystems {
			for _, n := range e.Match[eco] {
				if strings.ContainsAny(n, "/:*@") {
					continue
				}
				add(3, norm(n), e.ID)
			}
		}
	}
	sort.Strings(m.ids)
	return m
}

// Result is what a radar name matched.
type Result struct {
	// ID is the catalog id; "" when nothing (or more than one) matched.
	ID string
	// Candidates are the ids an ambiguous name matched equally well.
	Candidates []string
	// Suggestion is the nearest catalog id when nothing matched.
	Suggestion string
	// Version is the release line a name ends with ("Node.js 14" → "14"),
	// when the name matched only without it.
	Version string
}

// Match finds the catalog id of a radar entry's name: its normalised
// form (lowercase letters and digits: "Node.js" → "nodejs") against the
// catalog's aliases, ids and display names, then names without a vendor
// prefix ("Apache Kafka"), a parenthesis or a ".js" suffix, then the
// names packages and images are published under ("postgres", "mongo").
// The first tier with one candidate decides. A name that matches only
// without a trailing version ("Node.js 14") matches with that Version.
func (m *Matcher) Match(name string) Result {
	res := m.match(name)
	if res.ID != "" || len(res.Candidates) > 0 {
		return res
	}
	if v := trailingVersion.FindStringSubmatch(strings.TrimSpace(name)); v != nil {
		if r := m.match(v[1]); r.ID != "" {
			r.Version = v[2]
			return r
		}
	}
	return res
}

// trailingVersion splits "Node.js 14", "Java 8", "Python 3.12", "Angular
// 1.x" into a name and a release line.
var trailingVersion = regexp.MustCompile(`^(.*\S)\s+v?(\d+(?:\.\d+)*)(?:\.x)?$`)

func (m *Matcher) match(name string) Result {
	strong, weak := variants(name)
	keys := append(append([]string{norm(name)}, strong...), weak...)
	for _, k := range keys {
		for tier := range m.tiers {
			ids := m.tiers[tier][k]
			switch {
			case len(ids) == 1:
				return Result{ID: ids[0]}
			case len(ids) > 1:
				// Prefer the one whose id is the key itself.
				for _, id := range ids {
					if norm(id) == k {
						return Result{ID: id}
					}
				}
				c := append([]string(nil), ids...)
				sort.Strings(c)
				return Result{Candidates: c}
			}
		}
	}
	return Result{Suggestion: profile.Nearest(slug(name), m.ids)}
}

// norm keeps the lowercase letters and digits of s.
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slug is s as an id would spell it ("Spring Boot" → "spring-boot").
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// vendorPrefixes are dropped from names: "Apache Kafka" is Kafka.
var vendorPrefixes = []string{"apache ", "amazon web services ", "amazon ", "aws ", "azure ", "microsoft azure ", "microsoft ", "google cloud platform ", "google cloud ", "google ", "gcp ", "cloud ", "the "}

// variants are other normalised spellings of a name: strong ones without
// a vendor prefix or a parenthesis, weak ones also without a ".js"/"js",
// "framework", "orm" or "database" suffix.
func variants(name string) (strong, weak []string) {
	seen := map[string]bool{norm(name): true}
	add := func(s string) {
		if k := norm(s); k != "" && !seen[k] {
			seen[k] = true
			strong = append(strong, k)
		}
	}
	addWeak := func(s string) {
		if k := norm(s); k != "" && !seen[k] {
			seen[k] = true
			weak = append(weak, k)
		}
	}
	l := strings.ToLower(strings.TrimSpace(name))
	base := l
	if i := strings.IndexByte(base, '('); i > 0 {
		base = strings.TrimSpace(base[:i])
		add(base)
	}
	forms := []string{base}
	for _, p := range vendorPrefixes {
		if strings.HasPrefix(base, p) {
			forms = append(forms, strings.TrimSpace(base[len(p):]))
			break
		}
	}
	for _, f := range forms {
		add(f)
	}
	for _, f := range forms {
		for _, suf := range []string{".js", "js", " framework", " orm", " database", " db"} {
			if strings.HasSuffix(f, suf) && len(f) > len(suf)+1 {
				addWeak(strings.TrimSpace(f[:len(f)-len(suf)]))
			}
		}
	}
	return strong, weak
}
