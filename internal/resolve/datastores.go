package resolve

import (
	"sort"
	"strings"

	"github.com/stacklint/stacklint/detectors/catalog"
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
	"objection", "adonisjs", "lucid", "peewee-migrate", "piccolo", "tortoise-orm", "aerich", "exposed", "jooq",
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
		for _, m := range members {
			d.techs = append(d.techs, byID[m])
			if !byID[m].Optional {
				d.Optional = false
			}
		}
		// A managed hosting counted alone takes the role of what it hosts.
		d.relational = relational(cat, entries[c])
		stores = append(stores, d)
	}
	stores = mergeAlternatives(stores, entries)

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
	migrator   string // the migrator sharing a component with it, "" when none
}

// mergeAlternatives folds relational databases declared together by one
// component and no other into one datastore of interchangeable providers.
func mergeAlternatives(stores []*draft, entries map[string]catalog.Entry) []*draft {
	byComp := map[string][]*draft{}
	for _, d := range stores {
		if d.Role != roleDatabase || !d.relational {
			continue
		}
		comps := components(d.techs)
		if len(comps) != 1 {
			continue
		}
		byComp[comps[0]] = append(byComp[comps[0]], d)
	}
	drop := map[*draft]bool{}
	for _, ds := range byComp {
		if len(ds) < 2 {
			continue
		}
		// The most used provider names the datastore; server databases
		// before embedded ones on a tie.
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].beats(ds[j]) })
		head := ds[0]
		head.Alternatives = true
		var names []string
		for _, d := range ds {
			names = append(names, d.Name)
		}
		for _, d := range ds[1:] {
			head.Members = append(head.Members, d.Members...)
			head.techs = append(head.techs, d.techs...)
			head.Optional = head.Optional && d.Optional
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
	dc, oc := len(components(d.techs)), len(components(o.techs))
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
	comps := map[string]bool{}
	for _, c := range components(d.techs) {
		comps[c] = true
	}
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

// components returns the distinct components of production evidence of
// ts, sorted; a technology without components counts as the root.
func components(ts []stack.Technology) []string {
	set := map[string]bool{}
	for _, t := range ts {
		for _, c := range t.Components {
			set[c] = true
		}
		if len(t.Components) == 0 {
			set["."] = true
		}
	}
	return keys(set)
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
