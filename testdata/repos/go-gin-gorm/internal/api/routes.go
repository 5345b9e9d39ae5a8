// Package api holds the HTTP handlers.
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"

	"github.com/acme/inventory/internal/store"
)

// Routes registers the handlers.
func Routes(r *gin.Engine, db *gorm.DB) {
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	r.GET("/items/:sku", func(c *gin.Context) {
		var it store.Item
		if err := db.Where("sku = ?", c.Param("sku")).First(&it).Error; err != nil {
			c.Status(http.StatusNotFound)
			return
		}
		c.JSON(http.StatusOK, it)
	})
}
