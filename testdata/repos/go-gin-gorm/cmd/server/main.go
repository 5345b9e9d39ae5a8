package main

import (
	"log"
	"os"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/acme/inventory/internal/api"
	"github.com/acme/inventory/internal/store"
)

func main() {
	logger, _ := zap.NewProduction()
	defer logger.Sync()

	db, err := store.Open(os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	r := gin.New()
	r.Use(gin.Recovery())
	api.Routes(r, db)
	if err := r.Run(":8080"); err != nil {
		log.Fatal(err)
	}
}
