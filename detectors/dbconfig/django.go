package dbconfig

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// Django reads Django settings modules.
var Django = detect.Detector{
	Name:  "django-settings",
	Doc:   "Reads Django settings modules (settings.py, settings_*.py, settings/*.py) with narrow patterns: DATABASES `'ENGINE': 'django.db.backends.postgresql'` (postgresql, postgresql_psycopg2, mysql, sqlite3, oracle; django.contrib.gis postgis gives postgresql with postgis=true; mssql, django_cockroachdb and djongo too), CACHES and channel-layer BACKENDs naming Redis or Memcached, django-storages backends (storages.backends.s3boto3 or s3, azure_storage, gcloud, in STORAGES paths or imported to extend) as S3, Azure Blob Storage or Google Cloud Storage, and the scheme of URL string literals such as dj_database_url defaults or broker URLs. Settings named test, dev or local are dev-scoped.",
	Files: []string{"*.py"},
	Match: func(p string) bool {
		if path.Ext(p) != ".py" {
			return false
		}
		b := path.Base(p)
		return b == "settings.py" || strings.HasPrefix(b, "settings_") || path.Base(path.Dir(p)) == "settings" && b != "__init__.py" || strings.HasPrefix(b, "settings") && b != "settings.py" && strings.HasPrefix(b[len("settings"):], ".")
	},
	Detect: detectDjango,
}

var (
	reDjangoEngine  = lazyregexp.New(`["']?ENGINE["']?\s*[:=]\s*["']([\w.]+)["']`)
	reDjangoBackend = lazyregexp.New(`["']?BACKEND["']?\s*[:=]\s*["']([\w.]+)["']`)
	rePyURL         = lazyregexp.New(`(?i)["']([a-z][a-z0-9+]*)://`)
	// django-storages' backend modules, in a STORAGES or
	// DEFAULT_FILE_STORAGE path or an import of a class to extend.
	reDjangoStorages = lazyregexp.New(`\bstorages\.backends\.(s3boto3|s3|azure_storage|gcloud)\b`)
)

// djangoStorages maps a django-storages backend module to the object
// store it writes to.
var djangoStorages = map[string]string{"s3boto3": "s3", "s3": "s3", "azure_storage": "azure-blob", "gcloud": "gcs"}

// maxLineMatches bounds the matches read on one line.
const maxLineMatches = 100

// djangoEngine maps a database ENGINE path to an engine id.
func djangoEngine(mod string) (engine string, postgis bool) {
	m := strings.ToLower(mod)
	switch {
	case strings.Contains(m, "postgis"):
		return "postgresql", true
	case strings.Contains(m, "cockroach"):
		return "cockroachdb", false
	case strings.Contains(m, "postgres"):
		return "postgresql", false
	case strings.Contains(m, "mysql"):
		return "mysql", false
	case strings.Contains(m, "spatialite"), strings.Contains(m, "sqlite"):
		return "sqlite", false
	case strings.Contains(m, "oracle"):
		return "oracle", false
	case strings.Contains(m, "mssql"), strings.Contains(m, "sql_server"):
		return "sqlserver", false
	case strings.Contains(m, "djongo"), strings.Contains(m, "mongo"):
		return "mongodb", false
	}
	return "", false
}

func detectDjango(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	name := stem(in.Path)
	if name == "settings" {
		name = ""
	}
	dev := isDevName(name)
	var out []stack.Signal
	for i, l := range strings.Split(string(in.Data), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || t[0] == '#' {
			continue
		}
		for _, m := range reDjangoEngine.FindAllStringSubmatch(t, maxLineMatches) {
			if e, gis := djangoEngine(m[1]); e != "" {
				pg := ""
				if gis {
					pg = "true"
				}
				out = append(out, signal(e, i+1, dev, "source", "django-databases", "postgis", pg))
			}
		}
		for _, m := range reDjangoBackend.FindAllStringSubmatch(t, maxLineMatches) {
			b := strings.ToLower(m[1])
			switch {
			case strings.Contains(b, "redis"):
				out = append(out, signal("redis", i+1, dev, "source", "django-cache"))
			case strings.Contains(b, "memcache"):
				out = append(out, signal("memcached", i+1, dev, "source", "django-cache"))
			}
		}
		for _, m := range reDjangoStorages.FindAllStringSubmatch(t, maxLineMatches) {
			out = append(out, signal(djangoStorages[m[1]], i+1, dev, "source", "django-storages"))
		}
		src := "url"
		if strings.Contains(t, "dj_database_url") || strings.Contains(t, "default=") || strings.Contains(t, ".db(") || strings.Contains(t, "db_url(") {
			src = "dj-database-url"
		}
		for _, m := range rePyURL.FindAllStringSubmatch(t, maxLineMatches) {
			if e := engineOf(m[1]); e != "" {
				out = append(out, signal(e, i+1, dev, "source", src))
			}
		}
	}
	return out, nil
}
