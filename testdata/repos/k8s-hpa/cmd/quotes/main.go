package main

import (
	"net/http"
	"os"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"
)

func main() {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	e := echo.New()
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	e.GET("/quotes/:symbol", func(c echo.Context) error {
		v, err := rdb.Get(c.Request().Context(), "quote:"+c.Param("symbol")).Result()
		if err != nil {
			return c.NoContent(http.StatusNotFound)
		}
		return c.String(http.StatusOK, v)
	})
	e.Logger.Fatal(e.Start(":8080"))
}
