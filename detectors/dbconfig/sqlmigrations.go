package dbconfig

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// SQLMigrations notes hand-written SQL migration files.
var SQLMigrations = detect.Detector{
	Name: "sql-migrations",
	Doc: "Notes SQL files under a folder named `migrations`, `migration` or `migrate` (store/migration/postgres/0001_init.sql, " +
		"db/migrations/20240101_users.up.sql) without parsing them: each emits the tool `sql-migrations`, versioned schema " +
		"changes applied by the application's own migrator or a runner such as golang-migrate.",
	Files:  []string{"*.sql"},
	Match:  matchSQLMigration,
	Detect: detectSQLMigration,
}

// matchSQLMigration accepts .sql files with a migrations folder among
// their parents.
func matchSQLMigration(p string) bool {
	if !strings.EqualFold(path.Ext(p), ".sql") {
		return false
	}
	dir := path.Dir(p)
	for dir != "." && dir != "/" && dir != "" {
		switch strings.ToLower(path.Base(dir)) {
		case "migrations", "migration", "migrate", "db_migrations", "sql_migrations":
			return true
		}
		dir = path.Dir(dir)
	}
	return false
}

func detectSQLMigration(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	return []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "sql-migrations"}}, nil
}
