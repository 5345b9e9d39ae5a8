// Command local-sqlite seeds a throwaway SQLite inventory for demos.
package main

import (
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

type item struct {
	ID    uint
	SKU   string
	Count int
}

func main() {
	db, err := gorm.Open(sqlite.Open("demo.db"), &gorm.Config{})
	if err != nil {
		panic(err)
	}
	_ = db.AutoMigrate(&item{})
	db.Create(&item{SKU: "DEMO-1", Count: 3})
}
