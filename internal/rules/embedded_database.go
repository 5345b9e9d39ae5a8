package rules

import (
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// EmbeddedDatabase fires when the production system of record is an
// embedded single-file database (SQLite, H2...) and the project runs on
// several instances, sells online or expects high load.
var EmbeddedDatabase = rule.Rule{
	Info: rule.Info{
		ID:        "scalability/embedded-database",
		Title:     "Embedded single-file database as the production system of record",
		Criterion: rule.CriterionScalability,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortHigh,
		Doc: "SQLite, H2, HSQLDB, Derby, DuckDB, LevelDB, RocksDB, bbolt/BoltDB, Badger, LMDB, lowdb, NeDB and " +
			"TinyDB keep the data in a file beside one process. A second instance gets its own file, so " +
			"orders and accounts split between servers; writes serialise on one lock; backups, failover and " +
			"point-in-time recovery are the team's own work. That fits a desktop tool or a small internal " +
			"service, not a shop or a service that must scale out.\n\n" +
			"The rule reads the system of record the scan decided (`system_of_record` in `stacklint scan " +
			"--format json`: production databases only — development, test and example configuration, an H2 " +
			"in a test or dev profile, and optional dependencies never count; when one component ships drivers " +
			"for a server database too, the providers are interchangeable and the rule stays silent). It fires " +
			"when that system of record is embedded and the repository deploys several instances (replicas " +
			"above one, an autoscaler, serverless functions): an error, since each instance then holds its own " +
			"data. It also fires, as a warning, when the profile declares `project.type = \"ecommerce\"` or " +
			"`\"high-load-saas\"`, a `load.peak_rps` above `single_server_rps` (default 1000) or " +
			"`load.growth = \"fast\"`.",
		Remediation: "Move the system of record to a server database (PostgreSQL, MySQL, a managed offering) " +
			"before the second instance or the first order; keep the embedded file for caches, local tools " +
			"and tests. If one instance is a deliberate choice, say so with replication and backups " +
			"(Litestream, LiteFS) and waive the rule with that reason.",
	},
	Uses:  rule.Uses{IDs: embeddedStores},
	Check: checkEmbeddedDatabase,
}

// embeddedStores are the embedded single-file databases.
var embeddedStores = []string{"sqlite", "h2", "hsqldb", "derby", "duckdb", "lowdb", "nedb", "leveldb", "rocksdb", "bbolt", "boltdb", "badger", "lmdb", "tinydb"}

func checkEmbeddedDatabase(ctx *rule.Context) []rule.Finding {
	db, ok := embeddedRecord(ctx)
	if !ok {
		return nil
	}
	var why []string
	var refs []rule.ProfileRef
	sev := rule.SeverityWarning
	if scaled := ctx.HorizontalScaling(); len(scaled) > 0 {
		why = append(why, "the repository runs several instances ("+rule.Where(scaled)+")")
		sev = rule.SeverityError
	}
	p := ctx.P()
	if p.Project.Type == profile.TypeEcommerce {
		why = append(why, "the project is declared "+typeName(p.Project.Type)+" "+ctx.Cite("project.type"))
		refs = append(refs, ctx.Ref("project.type"))
	}
	if reason, r, ok := scaleReason(ctx); ok {
		why = append(why, lowerFirst(reason))
		refs = append(refs, r...)
	}
	if len(why) == 0 {
		return nil
	}
	msg := "The system of record is " + techAt(db) + ", an embedded database in one file beside one process, but " +
		rule.JoinAnd(why) + "; every instance would hold its own copy of the data, and writes queue on one file lock."
	brief := "The system of record " + db.Name + " is embedded, but " + rule.JoinAnd(why) + "."
	return []rule.Finding{{
		Message: msg, Brief: brief, Technologies: []string{db.ID}, Severity: sev, Evidence: rule.TechEvidence(db, 3), Profile: refs,
		Component: componentOf(db), Subject: db.ID,
	}}
}

// embeddedRecord returns the production system of record when it is an
// embedded database and no server database is an interchangeable provider
// beside it.
func embeddedRecord(ctx *rule.Context) (stack.Technology, bool) {
	db, ok := ctx.PrimaryDatabase()
	if !ok || !inIDs(embeddedStores, db.ID) {
		return stack.Technology{}, false
	}
	if ctx.Stack != nil {
		if d, ok := ctx.Stack.Record(); ok {
			for _, m := range d.Members {
				if !inIDs(embeddedStores, m) {
					return stack.Technology{}, false
				}
			}
		}
	}
	return db, true
}

// lowerFirst lowercases the first letter of a sentence fragment.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}
