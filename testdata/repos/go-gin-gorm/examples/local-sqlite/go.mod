module github.com/acme/inventory/examples/local-sqlite

go 1.22

require (
	gorm.io/driver/sqlite v1.5.5
	gorm.io/gorm v1.25.10
)
