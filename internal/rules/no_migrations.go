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
		Effort:    rule.EffortMedium,
		Doc: "A relational schema changes with the code. Without versioned migrations, every environment " +
			"drifts, deploys need hand-run SQL, and rolling back is guesswork.\n\n" +
			"The rule needs no profile. It fires when the production stack uses a relational database " +
			"(catalog `data_model = \"relational\"`; in-memory test databases such as H2 are ignored) and " +
			"no migration tool: nothing of category `migration` (Flyway, Liquibase, Alembic, " +
			"golang-migrate, goose, Atlas, dbmate...) and no framework or ORM that ships migrations " +
			"(Django, Rails, Laravel, Phoenix/Ecto, Prisma, TypeORM, Sequelize, Knex, Entity Framework Core...). " +
			"It reads the production technologies only: every relational database without a migrator makes " +
			"one finding that lists them all, and the fix names a tool for the primary language.",
		Remediation: "Adopt a migration tool that fits the stack (Flyway or Liquibase on the JVM, Alembic " +
			"with SQLAlchemy, Prisma Migrate or TypeORM migrations in Node, golang-migrate or goose in Go) " +
			"and run it in the deploy pipeline.",
	},
	Uses:  rule.Uses{IDs: concat(relationalIDs, testOnlyDBs)},
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
	verb := " is"
	if len(dbs) > 1 {
		verb = " are"
	}
	const rest = " used with no schema migration tool: nothing like Flyway, Liquibase, " +
		"Alembic, golang-migrate or an ORM's migrations is in the stack."
	comp := commonComponent(dbs)
	return []rule.Finding{{
		Message:      namesAt(dbs) + verb + rest,
		Brief:        rule.Names(dbs) + verb + rest,
		Technologies: rule.IDs(dbs),
		Evidence:     evidenceOf(dbs, 3),
		Component:    comp,
		Subject:      "relational",
		Remediation:  migrationRemediation(ctx, dbs),
	}}
}

// migrationTools are the migration tools to suggest per language.
var migrationTools = map[string]string{
	"java": "Flyway or Liquibase", "kotlin": "Flyway or Liquibase", "scala": "Flyway",
	"python": "Alembic (with SQLAlchemy) or Django migrations", "go": "golang-migrate, goose or Atlas",
	"nodejs": "Prisma Migrate, Knex or TypeORM migrations", "typescript": "Prisma Migrate, Knex or TypeORM migrations",
	"php": "Doctrine Migrations or Phinx", "ruby": "Active Record migrations (or Sequel's)",
	"csharp": "Entity Framework Core migrations or DbUp", "dotnet": "Entity Framework Core migrations or DbUp",
	"rust": "sqlx migrate or refinery", "elixir": "Ecto migrations",
}

// migrationRemediation names a migration tool for the primary language
// and the databases concerned.
func migrationRemediation(ctx *rule.Context, dbs []stack.Technology) string {
	tool := "a migration tool that fits the stack (Flyway or Liquibase on the JVM, Alembic in Python, Prisma Migrate in Node, golang-migrate in Go)"
	if l, ok := ctx.PrimaryLanguage(); ok {
		if x, ok := migrationTools[l.ID]; ok {
			tool = x + " (" + l.Name + ")"
		}
	}
	return "Version the schema of " + rule.Names(dbs) + " with " + tool + ": one migration per change, " +
		"committed beside the code, applied by the deploy pipeline before the new version starts."
}
