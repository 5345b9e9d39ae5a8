package rules

import (
	"github.com/stacklint/stacklint/internal/stack"

	"github.com/stacklint/stacklint/internal/rule"
)

// SingleNodeState fires when state that lives on one machine (SQLite, an
// in-process cache or session store) is primary state of a service that
// must run on several.
var SingleNodeState = rule.Rule{
	Info: rule.Info{
		ID:        "scalability/single-node-state",
		Title:     "State that cannot be shared between servers",
		Criterion: rule.CriterionScalability,
		Severity:  rule.SeverityWarning,
		Doc: "An embedded database file (SQLite, H2, LevelDB...) or an in-process cache or session " +
			"store lives on one machine. A second server does not see it, so the service cannot scale " +
			"out, and a restart or a redeploy loses or splits the state.\n\n" +
			"The rule applies when the profile expects more than one server (see " +
			"`scalability/no-scaling-plan`) or when the repository already runs several replicas. It " +
			"fires when an embedded database is the primary database, or when an in-process cache or " +
			"session store is used with no shared cache (Redis, Memcached) beside it.",
		Remediation: "Move primary data to a server database (PostgreSQL, MySQL) and sessions and " +
			"caches to a shared store such as Redis or Memcached.",
		NeedsProfile: true,
	},
	Check: checkSingleNodeState,
}

var (
	embeddedStores = []string{"sqlite", "h2", "hsqldb", "derby", "duckdb", "lowdb", "nedb", "leveldb", "rocksdb", "bbolt", "boltdb", "badger", "lmdb", "tinydb"}
	inProcessCache = []string{"node-cache", "lru-cache", "memory-cache", "cachetools", "caffeine", "ehcache", "memorystore", "flask-caching-simple", "quick-lru"}
	sharedCaches   = []string{"redis", "valkey", "memcached", "hazelcast", "dragonfly", "keydb"}
)

func checkSingleNodeState(ctx *rule.Context) []rule.Finding {
	reason, refs, ok := scaleReason(ctx)
	scaled := ctx.HorizontalScaling()
	if !ok && len(scaled) == 0 {
		return nil
	}
	why := reason
	if !ok {
		why = "The service runs on several servers (" + rule.Where(scaled) + ")"
	}
	var out []rule.Finding
	if db, ok := ctx.PrimaryDatabase(); ok && (inIDs(embeddedStores, db.ID) || db.Category == "embedded-database") {
		out = append(out, rule.Finding{
			Message: why + ", but the primary database is " + techAt(db) + ", a file on one machine that " +
				"other servers cannot share.",
			Evidence:  rule.TechEvidence(db, 3),
			Profile:   refs,
			Component: componentOf(db),
			Subject:   db.ID,
		})
	}
	if len(present(ctx, sharedCaches)) == 0 {
		for _, t := range inProcessCaches(ctx) {
			out = append(out, rule.Finding{
				Message: why + ", but " + techAt(t) + " keeps cache or session state inside one process, " +
					"and no shared cache (Redis, Memcached) is in the stack.",
				Evidence:  rule.TechEvidence(t, 3),
				Profile:   refs,
				Component: componentOf(t),
				Subject:   t.ID,
			})
		}
	}
	return out
}

// inProcessCaches are production caches that keep state inside one
// process: the known ids, and catalog caches that are not stateful servers.
func inProcessCaches(ctx *rule.Context) []stack.Technology {
	var out []stack.Technology
	for _, t := range ctx.Production() {
		if inIDs(inProcessCache, t.ID) {
			out = append(out, t)
			continue
		}
		if t.Category == "cache" {
			if e, ok := ctx.Entry(t.ID); ok && !e.Stateful && !inIDs(sharedCaches, t.ID) {
				out = append(out, t)
			}
		}
	}
	return out
}
