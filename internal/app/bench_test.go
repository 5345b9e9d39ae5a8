package app_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/source"
)

// benchTree is generated once per `go test -bench` process.
var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// manifests written into every 250th folder of the generated tree.
var benchManifests = map[string]string{
	"package.json":       `{"name":"svc","dependencies":{"express":"^4.19.2","pg":"^8.11.0","ioredis":"^5.3.2"},"devDependencies":{"jest":"^29.7.0"},"engines":{"node":">=20"}}`,
	"go.mod":             "module example.com/svc\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgorm.io/gorm v1.25.5\n)\n",
	"requirements.txt":   "django==4.2.7\ndjangorestframework>=3.14\ncelery[redis]==5.3.4\npsycopg[binary]>=3.1\n",
	"pom.xml":            "<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.1</version></parent><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>",
	"Dockerfile":         "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nFROM gcr.io/distroless/nodejs20-debian12\nUSER nonroot\nCMD [\"server.js\"]\n",
	"docker-compose.yml": "services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n",
	"main.tf":            "resource \"aws_db_instance\" \"db\" {\n  engine = \"postgres\"\n}\n",
	"deployment.yaml":    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
}

// makeBenchTree writes a tree of 100,000 files: 400 folders of 250 files,
// mostly source files, with manifests and infra files in 100 folders.
func makeBenchTree() (string, error) {
	dir, err := os.MkdirTemp("", "stacklint-bench-")
	if err != nil {
		return "", err
	}
	names := make([]string, 0, len(benchManifests))
	for n := range benchManifests {
		names = append(names, n)
	}
	files := 0
	for d := 0; d < 400; d++ {
		sub := filepath.Join(dir, fmt.Sprintf("svc%03d", d/20), "src", fmt.Sprintf("pkg%03d", d))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return "", err
		}
		if d%4 == 0 {
			for _, n := range names {
				if err := os.WriteFile(filepath.Join(sub, n), []byte(benchManifests[n]), 0o644); err != nil {
					return "", err
				}
				files++
			}
		}
		for i := 0; files < (d+1)*250; i++ {
			name := filepath.Join(sub, fmt.Sprintf("file%03d.go", i))
			if err := os.WriteFile(name, []byte("package x\n"), 0o644); err != nil {
				return "", err
			}
			files++
		}
	}
	return dir, nil
}

func benchTree(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() { benchDir, benchErr = makeBenchTree() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// BenchmarkBareWalk is the baseline: filepath.WalkDir over the tree.
func BenchmarkBareWalk(b *testing.B) {
	dir := benchTree(b)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			n++
			return nil
		})
		if err != nil || n < 100000 {
			b.Fatalf("walk: %v (%d entries)", err, n)
		}
	}
}

// BenchmarkScan scans the same tree with every detector and the catalog.
// Target: at most 1.5x BenchmarkBareWalk, under 100 MB allocated.
func BenchmarkScan(b *testing.B) {
	dir := benchTree(b)
	fsys, err := source.Dir(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := app.ScanFS(context.Background(), fsys, app.ScanOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Stack.Technologies) == 0 {
			b.Fatal("no technology found")
		}
	}
}
