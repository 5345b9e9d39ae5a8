// Package main serves attachments, stored in any S3-compatible bucket
// (MinIO, Cloudflare R2, Amazon S3) named by S3_ENDPOINT.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/labstack/echo/v4"
	_ "modernc.org/sqlite"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	store := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(os.Getenv("S3_ENDPOINT"))
		o.UsePathStyle = true
	})
	_ = store
	e := echo.New()
	e.Logger.Fatal(e.Start(":8080"))
}
