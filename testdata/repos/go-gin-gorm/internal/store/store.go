// Package store holds the inventory database access.
package store

import (
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// Item is a stock keeping unit and its count.
type Item struct {
	ID    uint   `gorm:"primaryKey"`
	SKU   string `gorm:"uniqueIndex"`
	Count int
}

// Open connects to PostgreSQL.
func Open(dsn string) (*gorm.DB, error) {
	return gorm.Open(postgres.Open(dsn), &gorm.Config{})
}
