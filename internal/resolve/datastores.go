package resolve

import (
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/stack"
)

// storeRoles maps the catalog categories of datastores to their role.
// Observability backends (categories metrics, tracing, logging,
// observability) and coordination services are not datastores.
var storeRoles = map[string]string{
	"database":         roleDatabase,
	"managed-database": roleDatabase,
	"cache":            stack.RoleCache,
	"managed-cache":    stack.RoleCache,
	"queue":            stack.RoleQueue,
	"managed-queue":    stack.RoleQueue,
	"search":           stack.RoleSearch,
	"object-storage":   stack.RoleObjectStorage,
}

// roleDatabase is the provisional role of a database before the system of
// record is chosen among them.
const roleDatabase = "database"

// Migrators are the technologies that version a relational schema:
// migration tools and the frameworks and ORMs that ship migrations. A
// catalog technology of category "migration" counts too.
var Migrators = []string{
	"django", "rails", "activerecord", "active-record", "doctrine-orm", "sqlx-go", "sqlx-rust", "laravel", "phoenix", "ecto", "prisma", "typeorm", "sequelize",
	"knex", "mikro-orm", "drizzle", "drizzle-orm", "entity-framework-core", "ef-core", "entity-framework",
	"flyway", "liquibase", "alembic", "golang-migrate", "goose", "atlas", "dbmate", "sqitch", "doctrine",
	"doctrine-migrations", "yoyo-migrations", "django-orm", "sqlx", "diesel", "refinery", "ent", "gorm", "umzug",
	"objection", "adonisjs", "lucid", "serverpod", "drift", "peewee-migrate", "piccolo", "tortoise-orm", "aerich", "exposed", "jooq",
}

// IsMigrator reports whether a technology versions a relational schema.
func IsMigrator(t stack.Technology) bool {
	return t.Category == "migration" || containsID(Migrators, t.ID)
}

// Datastores decides the stores the production stack runs and which one
// is the system of record, and sets st.Datastores and st.SystemOfRecord.
//
// Each production technology the catalog marks stateful and whose
// category is a datastore's (database, cache, queue, search, object
// storage, their managed variants) is a candidate. A candidate whose
// catalog `counts_as` names another candidate is counted as that one
// (Valkey as Redis, Amazon RDS as PostgreSQL). Relational databases that
// one component alone declares together (memos' SQLite, MySQL and
// PostgreSQL drivers) are interchangeable providers: one datastore with
// Alternatives set. The system of record is chosen among the databases
// that are not optional: relational with a schema migrator in one of its
// components first, then relational, then the most used (components,
// evidence). Every other database is secondary: a read model, a
// projection, an analytics store.
func Datastores(st *stack.Stack, cat *catalog.Catalog) {
	st.Datastores = []stack.Datastore{}
	st.SystemOfRecord = ""
	if cat == nil {
		return
	}
	byID := map[string]stack.Technology{}
	entries := map[string]catalog.Entry{}
	var ids []string
	for _, t := range st.Technologies {
		if !t.Production() {
			continue
		}
		e, ok := cat.Get(t.ID)
		if !ok || !e.Stateful || storeRoles[e.Category] == "" {
			continue
		}
		byID[t.ID], entries[t.ID] = t, e
		ids = append(ids, t.ID)
	}
	// Forks and managed hostings count as the store they speak for.
	canonical := func(id string) string {
		for _, c := range entries[id].CountsAs {
			if _, ok := byID[c]; ok {
				return c
			}
		}
		return id
	}
	groups := map[string][]string{}
	var order []string
	for _, id := range ids {
		c := canonical(id)
		if c != id && canonical(c) != c {
			c = canonical(c)
		}
		if _, ok := groups[c]; !ok {
			order = append(order, c)
		}
		groups[c] = append(groups[c], id)
	}
	var stores []*draft
	for _, c := range order {
		d := &draft{Datastore: stack.Datastore{ID: c, Name: byID[c].Name, Role: storeRoles[entries[c].Category]}}
		members := groups[c]
		sort.SliceStable(members, func(i, j int) bool { return members[i] == c && members[j] != c })
		d.Members = members
		d.Optional = true
		d.comps, d.selectable = map[string]bool{}, map[string]bool{}
		for _, m := range members {
			t := byID[m]
			d.techs = append(d.techs, t)
			if !t.Optional {
				d.Optional = false
			}
			for _, c := range prodComponents(st, t) {
				d.comps[c] = true
			}
			for _, c := range t.SelectableIn {
				d.selectable[c] = true
			}
		}
		// A managed hosting counted alone takes the role of what it hosts.
		d.relational = relational(cat, entries[c])
		stores = append(stores, d)
	}
	stores = mergeAlternatives(stores)

	// The system of record, among the databases the team runs.
	var best *draft
	for _, d := range stores {
		if d.Role != roleDatabase || d.Optional {
			continue
		}
		d.migrator = migratorOf(st, d)
		if best == nil || d.beats(best) {
			best = d
		}
	}
	dbCount := 0
	for _, d := range stores {
		if d.Role == roleDatabase && !d.Optional {
			dbCount++
		}
	}
	for _, d := range stores {
		if d.Role != roleDatabase {
			continue
		}
		if d == best {
			d.Role = stack.RoleSystemOfRecord
			d.Reason = best.recordReason(dbCount)
			st.SystemOfRecord = d.ID
			continue
		}
		d.Role = stack.RoleSecondary
		switch {
		case d.Optional:
			d.Reason = "optional: only declared as an optional dependency"
		case best != nil && best.relational && !d.relational:
			d.Reason = "beside the relational system of record " + best.Name + ": a read model, projection or document store"
		case best != nil:
			d.Reason = "another database beside the system of record " + best.Name
		}
	}
	rank := map[string]int{}
	for i, r := range stack.DatastoreRoles {
		rank[r] = i
	}
	sort.SliceStable(stores, func(i, j int) bool {
		if rank[stores[i].Role] != rank[stores[j].Role] {
			return rank[stores[i].Role] < rank[stores[j].Role]
		}
		return stores[i].ID < stores[j].ID
	})
	for _, d := range stores {
		if d.Optional && d.Reason == "" {
			d.Reason = "optional: only declared as an optional dependency"
		}
		st.Datastores = append(st.Datastores, d.Datastore)
	}
}

// relational reports whether a database entry is relational, a managed
// hosting by what it hosts (Amazon RDS hosts relational engines).
func relational(cat *catalog.Catalog, e catalog.Entry) bool {
	if e.DataModel != "" || len(e.CountsAs) == 0 {
		return e.DataModel == "relational"
	}
	h, ok := cat.Get(e.CountsAs[0])
	return ok && h.DataModel == "relational"
}

// draft is a datastore being decided.
type draft struct {
	stack.Datastore
	techs      []stack.Technology
	relational bool
	migrator   string          // the migrator sharing a component with it, "" when none
	comps      map[string]bool // components of its production evidence
	selectable map[string]bool // components where it is only a selectable provider
}

// mergeAlternatives folds relational databases that are interchangeable
// providers into one datastore: those declared together by one component
// and no other (a Go module shipping SQLite, MySQL and PostgreSQL
// drivers), and those sharing a component where one of them is only
// configured under a profile named after its engine
// (application-postgres.properties beside a MySQL application.properties).
func mergeAlternatives(stores []*draft) []*draft {
	var rel []*draft
	for _, d := range stores {
		if d.Role == roleDatabase && d.relational {
			rel = append(rel, d)
		}
	}
	parent := map[*draft]*draft{}
	var find func(d *draft) *draft
	find = func(d *draft) *draft {
		if p, ok := parent[d]; ok && p != d {
			r := find(p)
			parent[d] = r
			return r
		}
		return d
	}
	for i, a := range rel {
		for _, b := range rel[i+1:] {
			if alternatives(a, b) {
				parent[find(b)] = find(a)
			}
		}
	}
	groups := map[*draft][]*draft{}
	var roots []*draft
	for _, d := range rel {
		r := find(d)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], d)
	}
	drop := map[*draft]bool{}
	for _, r := range roots {
		ds := groups[r]
		if len(ds) < 2 {
			continue
		}
		// The default provider (not only behind an engine-named
		// profile), then the one the repository's own Compose or
		// Kubernetes files run (redash's postgres image beside its
		// optional Db2 and MySQL drivers), then the most used, names the
		// datastore.
		sort.SliceStable(ds, func(i, j int) bool {
			if si, sj := len(ds[i].selectable) > 0, len(ds[j].selectable) > 0; si != sj {
				return !si
			}
			if ri, rj := ds[i].runsImage(), ds[j].runsImage(); ri != rj {
				return ri
			}
			return ds[i].beats(ds[j])
		})
		head := ds[0]
		head.Alternatives = true
		names := []string{head.Name}
		for _, d := range ds[1:] {
			names = append(names, d.Name)
			head.Members = append(head.Members, d.Members...)
			head.techs = append(head.techs, d.techs...)
			head.Optional = head.Optional && d.Optional
			for c := range d.comps {
				head.comps[c] = true
			}
			drop[d] = true
		}
		head.Name = orJoin(names)
	}
	var out []*draft
	for _, d := range stores {
		if !drop[d] {
			out = append(out, d)
		}
	}
	return out
}

// alternatives reports whether two relational databases are
// interchangeable providers (see mergeAlternatives).
func alternatives(a, b *draft) bool {
	if len(a.comps) == 1 && len(b.comps) == 1 {
		for c := range a.comps {
			if b.comps[c] {
				return true
			}
		}
	}
	for c := range a.comps {
		if b.comps[c] && (a.selectable[c] || b.selectable[c]) {
			return true
		}
	}
	return false
}

// prodComponents returns the components holding t's production evidence
// (the deepest component folder above each file), or t's components when
// none is production.
func prodComponents(st *stack.Stack, t stack.Technology) []string {
	set := map[string]bool{}
	for _, e := range t.Evidence {
		if e.Scope != "" && e.Scope != stack.ScopeRuntime {
			continue
		}
		best := "."
		for _, c := range st.Components {
			if c.Path != "." && strings.HasPrefix(e.File, c.Path+"/") && len(c.Path) > len(best) {
				best = c.Path
			}
		}
		set[best] = true
	}
	if len(set) == 0 {
		return t.Components
	}
	return keys(set)
}

// beats orders candidates for the system of record: relational with a
// migrator, relational, more components, more production evidence, named
// directly, id.
func (d *draft) beats(o *draft) bool {
	if (d.relational && d.migrator != "") != (o.relational && o.migrator != "") {
		return d.relational && d.migrator != ""
	}
	if d.relational != o.relational {
		return d.relational
	}
	dc, oc := len(d.comps), len(o.comps)
	if dc != oc {
		return dc > oc
	}
	de, oe := productionEvidence(d.techs), productionEvidence(o.techs)
	if de != oe {
		return de > oe
	}
	di, oi := d.implied(), o.implied()
	if di != oi {
		return !di
	}
	return d.ID < o.ID
}

// runsImage reports whether the repository runs d's engine from an image
// (a Compose service, a Kubernetes workload), development files included:
// the engine its team runs.
func (d *draft) runsImage() bool {
	for _, t := range d.techs {
		for _, e := range t.Evidence {
			if e.Kind == stack.KindImage && e.Scope != stack.ScopeNonProduction {
				return true
			}
		}
	}
	return false
}

func (d *draft) implied() bool {
	for _, t := range d.techs {
		if !t.Implied {
			return false
		}
	}
	return true
}

// recordReason says why d is the system of record.
func (d *draft) recordReason(databases int) string {
	var parts []string
	switch {
	case databases == 1:
		parts = append(parts, "the only database")
	case d.relational && d.migrator != "":
		parts = append(parts, "relational and migrated by "+d.migrator)
	case d.relational:
		parts = append(parts, "the relational database")
	default:
		parts = append(parts, "the most used database")
	}
	if databases == 1 && d.relational && d.migrator != "" {
		parts = append(parts, "migrated by "+d.migrator)
	}
	if d.Alternatives {
		parts = append(parts, "its providers are interchangeable; a deployment runs one")
	}
	return strings.Join(parts, "; ")
}

// migratorOf returns the name of a production schema migrator sharing a
// component with the datastore, "" when none does.
func migratorOf(st *stack.Stack, d *draft) string {
	comps := d.comps
	for _, t := range st.Technologies {
		if !t.Production() || !IsMigrator(t) {
			continue
		}
		for _, c := range t.Components {
			if comps[c] {
				return t.Name
			}
		}
	}
	return ""
}

func productionEvidence(ts []stack.Technology) int {
	n := 0
	for _, t := range ts {
		for _, e := range t.Evidence {
			if e.Scope == "" || e.Scope == stack.ScopeRuntime {
				n++
			}
		}
	}
	return n
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// orJoin joins names as "a, b or c".
func orJoin(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}
