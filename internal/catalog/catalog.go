// Package catalog holds stacklint's knowledge about technologies: a
// declarative TOML catalog (data/*.toml) that maps raw signals (an npm
// package, a Docker image, a Terraform resource type) to technologies with
// a layer, a category and the attributes rules read (talent-pool share,
// concurrency model, data model, end-of-life dates).
//
// Adding a technology is adding a [[technology]] entry to a data file, then
// running `go generate ./internal/catalog/`: the generator (./gen) validates
// the TOML with Load and writes it as Go values into entries_gen.go, so that
// a start decodes no TOML. A test fails while entries_gen.go and the TOML
// differ. No other Go code changes. See docs/catalog.md for the format.
package catalog

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

//go:generate go run -tags catalog_gen ./gen

// Entry is one technology of the catalog.
type Entry struct {
	// ID is the lowercase kebab-case canonical id ("spring-boot").
	ID string `toml:"id"`
	// Name is the display name ("Spring Boot").
	Name string `toml:"name"`
	// Aliases are other names the technology goes by in people's writing
	// ("Postgres", "K8s"): a tech radar's entries are matched to ids by
	// id, name and aliases.
	Aliases []string `toml:"aliases"`
	// Layer is language, framework, data, infrastructure or supporting.
	Layer stack.Layer `toml:"layer"`
	// Category is a finer kind: web-framework, orm, database, cache, queue...
	Category string `toml:"category"`
	// Homepage is the project's site.
	Homepage string `toml:"homepage"`
	// Implies lists ids that are present whenever this one is (a driver
	// implies its database, a framework its language).
	Implies []string `toml:"implies"`
	// Match maps an ecosystem (stack.Eco*) to the names that reveal the
	// technology. A name ending in "*" matches by prefix. Case-insensitive.
	Match map[string][]string `toml:"match"`
	// VersionFrom, when set, lists the matched names whose declared version
	// is the technology's version (other matches add evidence only).
	VersionFrom []string `toml:"version_from"`
	// Overrides lists ids a name this technology matches does not also
	// reveal: a narrower technology inside a broader one's prefix
	// (Microsoft.AspNetCore.Components.* are Blazor's, not the ASP.NET
	// Core server's, though ASP.NET Core matches Microsoft.AspNetCore.*).
	// Lookup leaves the overridden entries out for that name only.
	Overrides []string `toml:"overrides"`

	// Concurrency is the serving model: "sync", "async" or "" (n/a).
	Concurrency string `toml:"concurrency"`
	// TalentShare is the share of developers using it, in percent.
	TalentShare float64 `toml:"talent_share"`
	// TalentSource cites where TalentShare comes from.
	TalentSource string `toml:"talent_source"`
	// DataModel of a datastore: relational, document, key-value,
	// wide-column, graph, search, time-series, object, stream.
	DataModel string `toml:"data_model"`
	// Transactional is true for datastores with multi-record ACID transactions.
	Transactional bool `toml:"transactional"`
	// Stateful marks a technology that keeps state an operator must run
	// (databases, caches, brokers).
	Stateful bool `toml:"stateful"`
	// CountsAs lists the stores this one is a protocol-compatible fork or a
	// managed hosting of (Valkey and KeyDB speak Redis; Amazon RDS hosts
	// PostgreSQL or MySQL): when the stack also uses one of them, both are
	// counted as one store, the first of these ids present.
	CountsAs []string `toml:"counts_as"`
	// CPUHeavy marks libraries that do CPU-bound work (image, video, ML, crypto).
	CPUHeavy bool `toml:"cpu_heavy"`
	// OperationalCost is "low", "medium" or "high": the effort and money it
	// takes to run well.
	OperationalCost string `toml:"operational_cost"`
	// Batteries lists what a framework ships itself or in first-party
	// modules, among Batteries: orm, migrations, admin, auth, validation,
	// openapi. BatteriesSource cites where that is documented. List only
	// what the rules also count as built in (security/no-auth-standard,
	// data/no-migrations, ecosystem/hand-rolled, fit/no-api-contract), so
	// that compare and check agree; internal/compare tests that they do.
	Batteries       []string `toml:"batteries"`
	BatteriesSource string   `toml:"batteries_source"`
	// Multicore marks a language runtime that runs one process's requests
	// on every CPU core (threads or a scheduler over cores), unlike a
	// single event loop or an interpreter lock.
	Multicore bool `toml:"multicore"`
	// Deprecated, when set, says why the package is deprecated and what replaces it.
	Deprecated string `toml:"deprecated"`
	// EOL lists release cycles with their support dates.
	EOL []Cycle `toml:"eol"`
	// CompiledIn marks a runtime linked into the binary it builds (Go,
	// Rust): the build toolchain's version (a toolchain line, the build
	// image) is the version that ships, and a manifest's language version
	// is only a minimum.
	CompiledIn bool `toml:"compiled_in"`
	// Role, when set, is the component role the technology gives whatever
	// it sits beside: "frontend" for a web UI framework (React, Vue),
	// "client" for a desktop or mobile framework (Tauri, Electron, React
	// Native, .NET MAUI), "docs" for a documentation-site generator. Such
	// a technology never makes the backend stack, and a component built
	// with it has that role.
	Role stack.Role `toml:"role"`
	// RendersUI marks a full-stack JavaScript framework whose apps are
	// often only a web UI rendered on a server (Next.js, Nuxt, Remix): a
	// component using it below the repository root is a backend service
	// only when it also uses a data-layer, queue or job library at run
	// time, is built by a Dockerfile of its own, or has no UI framework
	// beside it and a start script; otherwise it is a front end.
	RendersUI bool `toml:"renders_ui"`
}

// Cycle is one release line of a technology and its support dates.
type Cycle struct {
	// Cycle is the release line as the vendor names it ("20", "3.12", "8.0").
	Cycle string `toml:"cycle"`
	// Released is the first release date.
	Released Date `toml:"released"`
	// SupportEnds is when active/bug-fix support ends (only security fixes after).
	SupportEnds Date `toml:"support_ends"`
	// EOL is when free security fixes end.
	EOL Date `toml:"eol"`
	// Source is the page the dates come from.
	Source string `toml:"source"`
}

// Date is a calendar date written YYYY-MM-DD; the zero value means unknown.
type Date struct{ time.Time }

// UnmarshalText parses YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		// A bare TOML date (eol = 2026-04-30) arrives as an RFC 3339 time.
		t2, err2 := time.Parse(time.RFC3339, string(b))
		if err2 != nil || !t2.Equal(t2.Truncate(24*time.Hour)) {
			return fmt.Errorf("date %q: expected YYYY-MM-DD", b)
		}
		t = t2
	}
	d.Time = t
	return nil
}

// MarshalText renders YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return nil, nil
	}
	return []byte(d.Format(time.DateOnly)), nil
}

// Catalog is the loaded, indexed catalog. It is immutable and safe for
// concurrent use.
type Catalog struct {
	entries []Entry
	byID    map[string]int
	exact   map[matchKey][]int
	prefix  map[string][]prefixMatch
}

// matchKey is an ecosystem and a package name, both in lower case.
type matchKey struct{ eco, name string }

type prefixMatch struct {
	prefix string
	entry  int
}

type file struct {
	Technology []Entry `toml:"technology"`
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
)

// Default returns the built-in catalog, indexed once. Its entries were
// decoded from data/*.toml and validated by Load at build time, by `go
// generate` (entries_gen.go): a start decodes no TOML.
func Default() (*Catalog, error) {
	defaultOnce.Do(func() {
		materialize(generatedEntries)
		defaultCat = indexed(generatedEntries)
	})
	return defaultCat, nil
}

var idPattern = lazyregexp.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads every data/*.toml file of fsys and validates the whole against
// the vocabulary (see vocabulary.go): keys known, ids unique and
// kebab-case, layers, categories, ecosystems and attribute values known,
// implied ids present. Each problem is reported with its file and line.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "data/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	c := &Catalog{byID: map[string]int{}, prefix: map[string][]prefixMatch{}}
	var errs []string
	var origin []entryOrigin // of each entry, for the checks across files
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		var f file
		md, err := toml.Decode(string(b), &f)
		if err != nil {
			return nil, fmt.Errorf("catalog %s: %w", n, err)
		}
		loc := newLocator(n, string(b), len(f.Technology))
		for _, k := range md.Undecoded() {
			errs = append(errs, fmt.Sprintf("%s: unknown key %q (an entry's keys are %s)", loc.anyKey(k[len(k)-1]), k.String(), strings.Join(AttributeKeys(), ", ")))
		}
		for i, e := range f.Technology {
			o := entryOrigin{loc, i, e.ID}
			errs = append(errs, check(e, o)...)
			if _, dup := c.byID[e.ID]; dup && idPattern.MatchString(e.ID) {
				errs = append(errs, o.at("id")+": id defined twice")
			}
			c.byID[e.ID] = len(c.entries)
			c.entries = append(c.entries, e)
			origin = append(origin, o)
		}
	}
	for i, e := range c.entries {
		for _, im := range e.Implies {
			if _, ok := c.byID[im]; !ok {
				errs = append(errs, fmt.Sprintf("%s: implies unknown id %q", origin[i].at("implies"), im))
			}
		}
		for _, id := range e.Overrides {
			if _, ok := c.byID[id]; !ok || id == e.ID {
				errs = append(errs, fmt.Sprintf("%s: overrides unknown or own id %q", origin[i].at("overrides"), id))
			}
		}
		for _, id := range e.CountsAs {
			if _, ok := c.byID[id]; !ok || id == e.ID {
				errs = append(errs, fmt.Sprintf("%s: counts_as unknown or own id %q", origin[i].at("counts_as"), id))
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("catalog is invalid:\n  %s", strings.Join(errs, "\n  "))
	}
	c.indexMatches()
	return c, nil
}

// generatedMatch is one match list of a generated entry: the entry's
// index, the ecosystem and the names (an empty ecosystem and no names
// stand for an empty map).
type generatedMatch struct {
	entry int
	eco   string
	names []string
}

// generatedDate is one date of a generated entry's release cycle: field 0
// is Released, 1 SupportEnds, 2 EOL; ymd is YYYYMMDD.
type generatedDate struct {
	entry, cycle, field, ymd int32
}

// materialize puts the generated match maps and dates into the generated
// entries: maps and time.Time values cannot be static data, and building
// them in the literal would run (and keep in memory) a third of a
// megabyte of code at every start.
func materialize(entries []Entry) {
	for _, m := range generatedMatches {
		e := &entries[m.entry]
		if e.Match == nil {
			e.Match = map[string][]string{}
		}
		if m.eco != "" || m.names != nil {
			e.Match[m.eco] = m.names
		}
	}
	for _, d := range generatedDates {
		c := &entries[d.entry].EOL[d.cycle]
		t := Date{time.Date(int(d.ymd/10000), time.Month(d.ymd/100%100), int(d.ymd%100), 0, 0, 0, 0, time.UTC)}
		switch d.field {
		case 0:
			c.Released = t
		case 1:
			c.SupportEnds = t
		case 2:
			c.EOL = t
		}
	}
}

// indexed returns the catalog of entries already validated by Load (the
// generated ones) with its lookup tables.
func indexed(entries []Entry) *Catalog {
	c := &Catalog{entries: entries, byID: make(map[string]int, len(entries)), prefix: map[string][]prefixMatch{}}
	for i, e := range entries {
		c.byID[e.ID] = i
	}
	c.indexMatches()
	return c
}

// indexMatches fills the exact and prefix lookup tables from the entries'
// match lists.
func (c *Catalog) indexMatches() {
	n := 0
	for _, e := range c.entries {
		for _, names := range e.Match {
			n += len(names)
		}
	}
	// Sized once, and nearly every name reveals one entry: those lists
	// share one array (capped, so that a second entry for a name copies
	// its list out). This runs at every scan; growing the map and a list
	// per name made 7,000 allocations.
	c.exact = make(map[matchKey][]int, n)
	one := make([]int, 0, n)
	for i, e := range c.entries {
		for eco, names := range e.Match {
			eco = strings.ToLower(eco)
			for _, name := range names {
				name = strings.ToLower(name)
				if p, ok := strings.CutSuffix(name, "*"); ok {
					c.prefix[eco] = append(c.prefix[eco], prefixMatch{prefix: p, entry: i})
					continue
				}
				k := matchKey{eco, name}
				if list, ok := c.exact[k]; ok {
					c.exact[k] = append(list, i)
					continue
				}
				one = append(one, i)
				c.exact[k] = one[len(one)-1 : len(one) : len(one)]
			}
		}
	}
	for eco := range c.prefix {
		ps := c.prefix[eco]
		sort.SliceStable(ps, func(a, b int) bool { return len(ps[a].prefix) > len(ps[b].prefix) })
	}
}

// Entries returns all entries in load order.
func (c *Catalog) Entries() []Entry { return c.entries }

// Len is the number of technologies.
func (c *Catalog) Len() int { return len(c.entries) }

// Get returns the entry with the given id.
func (c *Catalog) Get(id string) (Entry, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Entry{}, false
	}
	return c.entries[i], true
}

// Lookup returns the entries an ecosystem/name pair reveals: exact matches
// first, then every prefix match, less those another match overrides
// (Entry.Overrides).
func (c *Catalog) Lookup(ecosystem, name string) []Entry {
	eco := strings.ToLower(ecosystem)
	n := strings.ToLower(name)
	var out []Entry
	seen := map[int]bool{}
	for _, i := range c.exact[matchKey{eco, n}] {
		if !seen[i] {
			seen[i] = true
			out = append(out, c.entries[i])
		}
	}
	for _, p := range c.prefix[eco] {
		if strings.HasPrefix(n, p.prefix) && !seen[p.entry] {
			seen[p.entry] = true
			out = append(out, c.entries[p.entry])
		}
	}
	if len(out) < 2 {
		return out
	}
	var over []string
	for _, e := range out {
		over = append(over, e.Overrides...)
	}
	if len(over) == 0 {
		return out
	}
	kept := out[:0]
	for _, e := range out {
		if !slices.Contains(over, e.ID) {
			kept = append(kept, e)
		}
	}
	return kept
}

// VersionCounts reports whether a signal name's version is the
// technology's version (see Entry.VersionFrom).
func (e Entry) VersionCounts(name string) bool {
	if len(e.VersionFrom) == 0 {
		return true
	}
	n := strings.ToLower(name)
	for _, v := range e.VersionFrom {
		if strings.ToLower(v) == n {
			return true
		}
	}
	return false
}

// CycleFor returns the release cycle a version belongs to: the longest
// cycle that equals the version or prefixes it at a dot boundary
// ("20.11.1" -> "20", "3.12.4" -> "3.12").
func (e Entry) CycleFor(version string) (Cycle, bool) {
	best := -1
	for i, c := range e.EOL {
		if version == c.Cycle || strings.HasPrefix(version, c.Cycle+".") {
			if best < 0 || len(c.Cycle) > len(e.EOL[best].Cycle) {
				best = i
			}
		}
	}
	if best < 0 {
		return Cycle{}, false
	}
	return e.EOL[best], true
}
