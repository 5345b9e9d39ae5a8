package rules

import (
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// NoMigrations fires when a relational database is used with no schema
// migration tool.
var NoMigrations = rule.Rule{
	Info: rule.Info{
		ID:        "data/no-migrations",
		Title:     "Relational database without schema migrations",
		Criterion: rule.CriterionData,
		Severity:  rule.SeverityWarning,
		Doc: "A relational schema changes with the code. Without versioned migrations, every environment " +
			"drifts, deploys need hand-run SQL, and rolling back is guesswork.\n\n" +
			"The rule needs no profile. It fires when the production stack uses a relational database " +
			"(catalog `data_model = \"relational\"`; in-memory test databases such as H2 are ignored) and " +
			"no migration tool: nothing of category `migration` (Flyway, Liquibase, Alembic, " +
			"golang-migrate, goose, Atlas, dbmate...) and no framework or ORM that ships migrations " +
			"(Django, Rails, Laravel, Phoenix/Ecto, Prisma, TypeORM, Sequelize, Knex, Entity Framework Core...).",
		Remediation: "Adopt a migration tool that fits the stack (Flyway or Liquibase on the JVM, Alembic " +
			"with SQLAlchemy, Prisma Migrate or TypeORM migrations in Node, golang-migrate or goose in Go) " +
			"and run it in the deploy pipeline.",
	},
	Check: checkNoMigrations,
}

var (
	relationalIDs = []string{"postgresql", "mysql", "mariadb", "sqlserver", "oracle", "sqlite", "cockroachdb", "db2", "yugabytedb", "tidb"}
	testOnlyDBs   = []string{"h2", "hsqldb", "derby"}
)

func checkNoMigrations(ctx *rule.Context) []rule.Finding {
	var dbs []stack.Technology
	for _, t := range ctx.Databases() {
		if inIDs(testOnlyDBs, t.ID) {
			continue
		}
		if e, ok := ctx.Entry(t.ID); ok && e.DataModel != "" {
			if e.DataModel == "relational" {
				dbs = append(dbs, t)
			}
			continue
		}
		if inIDs(relationalIDs, t.ID) {
			dbs = append(dbs, t)
		}
	}
	if len(dbs) == 0 {
		return nil
	}
	for _, t := range ctx.Production() {
		if resolve.IsMigrator(t) {
			return nil
		}
	}
	var out []rule.Finding
	for _, db := range dbs {
		out = append(out, rule.Finding{
			Message: techAt(db) + " is used with no schema migration tool: nothing like Flyway, Liquibase, " +
				"Alembic, golang-migrate or an ORM's migrations is in the stack.",
			Evidence:  rule.TechEvidence(db, 3),
			Component: componentOf(db),
			Subject:   db.ID,
		})
	}
	return out
}
