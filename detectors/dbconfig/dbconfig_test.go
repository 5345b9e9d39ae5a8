package dbconfig

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// all are this package's detectors.
var all = []detect.Detector{Rails, Spring, AppSettings, DotEnv, Prisma, Django, TypeORM, Knex, Drizzle, Alembic, Diesel}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		t.Run(name, func(t *testing.T) {
			fsys := detecttest.LoadFS(t, f)
			res := detecttest.Scan(t, fsys, all...)
			if len(res.Diagnostics) > 0 {
				t.Errorf("diagnostics: %v", res.Diagnostics)
			}
			if len(res.Manifests) > 0 {
				t.Errorf("configuration files are not manifests: %v", res.Manifests)
			}
			for _, s := range res.Signals {
				if s.Kind == stack.KindDatastore && (s.Ecosystem != stack.EcoDatastore || s.Line == 0) {
					t.Errorf("bad signal %+v", s)
				}
			}
			detecttest.Golden(t, "testdata/"+name+".golden.json", res.Signals)
		})
	}
}

// TestNoSecrets checks that no value of any fixture reaches a signal.
func TestNoSecrets(t *testing.T) {
	secrets := []string{"s3cr3t", "hunter2", "shop-secret", "admin", "pw@", "tiger", "guest", "xyz", "localhost", "127.0.0.1", "db.internal"}
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, f := range files {
		res := detecttest.Scan(t, detecttest.LoadFS(t, f), all...)
		for _, s := range res.Signals {
			for k, v := range s.Attrs {
				for _, sec := range secrets {
					if strings.Contains(v, sec) || strings.Contains(s.Name, sec) || strings.Contains(s.Version, sec) {
						t.Errorf("%s: attr %s=%q leaks %q", f, k, v, sec)
					}
				}
			}
			if s.Version != "" && s.Kind == stack.KindDatastore {
				t.Errorf("%s: datastore signal with a version: %+v", f, s)
			}
		}
	}
}

func TestConnStringEngine(t *testing.T) {
	tests := []struct{ name, value, want string }{
		{"DefaultConnection", "Host=localhost;Port=5432;Database=app;Username=postgres;Password=pw", "postgresql"},
		{"DefaultConnection", "Host=localhost;Database=app;Username=u", "postgresql"},
		{"DefaultConnection", "User ID=root;Password=myPassword;Host=localhost;Port=5432;Database=myDataBase;Pooling=true;", "postgresql"},
		{"Db", "Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;", "sqlserver"},
		{"Db", "Server=.;Database=app;Trusted_Connection=True;TrustServerCertificate=True", "sqlserver"},
		{"Db", "Data Source=myServer;Initial Catalog=myDB;Integrated Security=SSPI", "sqlserver"},
		{"Db", "Server=tcp:myserver.database.windows.net,1433;Initial Catalog=db;Persist Security Info=False;", "sqlserver"},
		{"Db", "Server=(localdb)\\mssqllocaldb;Database=aspnet-app;Trusted_Connection=True", "sqlserver"},
		{"Db", "Server=localhost;Database=app;Uid=root;Pwd=secret;", "mysql"},
		{"Db", "Server=localhost;Port=3306;Database=app;User=root;Password=secret;", "mysql"},
		{"MariaDb", "Server=localhost;Database=app;User=root;Password=secret;", "mariadb"},
		{"Db", "Data Source=app.db", "sqlite"},
		{"Db", "Data Source=:memory:", "sqlite"},
		{"Db", "Filename=./data/app.sqlite3;Cache=Shared", "sqlite"},
		{"Db", "Data Source=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=x)));User Id=u;Password=p;", "oracle"},
		{"Db", "User Id=scott;Password=tiger;Data Source=oracle-host:1521/XEPDB1", "oracle"},
		{"Mongo", "mongodb://localhost:27017", "mongodb"},
		{"Db", "mongodb+srv://u:p@cluster.example.net/db?retryWrites=true", "mongodb"},
		{"Redis", "localhost:6379", "redis"},
		{"Cache", "localhost:6380,ssl=true,abortConnect=false", "redis"},
		{"Cache", "redis.internal:6379,password=x", "redis"},
		{"Other", "cache:1234", ""},
		{"Cosmos", "AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=abc==;", "cosmosdb"},
		{"Postgres", "Server=db;Database=app;User Id=u;Password=p", "postgresql"},
		{"Queue", "amqp://guest:guest@localhost:5672", "rabbitmq"},
		{"Db", "postgres://u:p@h/db", "postgresql"},
		{"Db", "", ""},
		{"PostgresDb", "", "postgresql"},
		{"Storage", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y", ""},
		{"Db", "garbage without structure", ""},
	}
	for _, tt := range tests {
		if got := connStringEngine(tt.name, tt.value); got != tt.want {
			t.Errorf("connStringEngine(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
		}
	}
}

func TestURLEngine(t *testing.T) {
	tests := []struct {
		in   string
		want string
		mem  bool
	}{
		{"jdbc:postgresql://localhost:5432/db", "postgresql", false},
		{"jdbc:mysql://localhost/db?useSSL=false", "mysql", false},
		{"jdbc:mariadb://h/db", "mariadb", false},
		{"jdbc:h2:mem:testdb", "h2", true},
		{"jdbc:h2:file:./data/db", "h2", false},
		{"jdbc:hsqldb:mem:x", "hsqldb", true},
		{"jdbc:sqlserver://h:1433;databaseName=x", "sqlserver", false},
		{"jdbc:jtds:sqlserver://h/x", "sqlserver", false},
		{"jdbc:oracle:thin:@h:1521:XE", "oracle", false},
		{"jdbc:sqlite::memory:", "sqlite", true},
		{"jdbc:sqlite:app.db", "sqlite", false},
		{"jdbc:tc:postgresql:15:///db", "postgresql", false},
		{"jdbc:p6spy:mysql://h/db", "mysql", false},
		{"jdbc:db2://h/x", "", false},
		{"${DB_URL:jdbc:postgresql://h/db}", "postgresql", false},
		{"r2dbc:postgresql://h/db", "postgresql", false},
		{"r2dbc:pool:mssql://h/db", "sqlserver", false},
		{"r2dbc:h2:mem:///db", "h2", true},
		{"postgresql+psycopg2://u:p@h/db", "postgresql", false},
		{"mysql+pymysql://u:p@h/db", "mysql", false},
		{"mongodb+srv://h/db", "mongodb", false},
		{"rediss://h:6380", "redis", false},
		{"amqps://h", "rabbitmq", false},
		{"sqlite:///:memory:", "sqlite", true},
		{"cockroachdb://h", "cockroachdb", false},
		{"clickhouse://h:9000", "clickhouse", false},
		{"neo4j+s://h", "neo4j", false},
		{"bolt://h:7687", "neo4j", false},
		{"memcached://h", "memcached", false},
		{"https://example.com", "", false},
		{"driver://user:pass@localhost/dbname", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, mem := urlEngine(tt.in)
		if got != tt.want || mem != tt.mem {
			t.Errorf("urlEngine(%q) = %q, %v; want %q, %v", tt.in, got, mem, tt.want, tt.mem)
		}
	}
}

// names renders signals as "engine@line/scope".
func names(sigs []stack.Signal) string {
	var b []string
	for _, s := range sigs {
		scope := s.Scope
		if scope == "" {
			scope = "runtime"
		}
		b = append(b, s.Name+"@"+itoa(s.Line)+"/"+scope)
	}
	return strings.Join(b, " ")
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

func TestDetectors(t *testing.T) {
	tests := []struct {
		name    string
		det     detect.Detector
		path    string
		in      string
		want    string
		wantErr bool
	}{
		{"rails empty", Rails, "config/database.yml", "", "", false},
		{"rails dev only", Rails, "config/database.yml", "development:\n  adapter: sqlite3\ntest:\n  adapter: sqlite3\nproduction:\n  adapter: mysql2\n", "sqlite@2/dev sqlite@4/dev mysql@6/runtime", false},
		{"rails url", Rails, "config/database.yml", "production:\n  url: postgis://h/db\n", "postgresql@2/runtime", false},
		{"rails broken yaml falls back", Rails, "config/database.yml", "production:\n  adapter: postgresql\n  bad: [unclosed\ntest:\n  adapter: sqlite3\n", "postgresql@2/runtime sqlite@5/dev", true},
		{"rails unknown adapter", Rails, "config/database.yml", "production:\n  adapter: nulldb\n", "", false},
		{"spring properties", Spring, "application.properties", "spring.datasource.url=jdbc:oracle:thin:@h:1521:XE\nspring.datasource.driver-class-name=oracle.jdbc.OracleDriver\n", "oracle@1/runtime oracle@2/runtime", false},
		{"spring relaxed keys", Spring, "application.properties", "spring.data.mongodb.URI: x\nspring.data.mongo-db.database=x\n", "mongodb@1/runtime", false},
		{"spring profile doc", Spring, "application.properties", "spring.redis.host=a\n#---\nspring.config.activate.on-profile=dev\nspring.datasource.url=jdbc:h2:mem:x\n", "redis@1/runtime h2@4/dev", false},
		{"spring continuation", Spring, "application.properties", "spring.datasource.url=\\\n  jdbc:postgresql://h/db\nnext=1\n", "postgresql@1/runtime", false},
		{"spring bad yaml", Spring, "application.yml", "spring:\n  datasource:\n    url: jdbc:mysql://h/db\n  bad: [\n", "", true},
		{"spring quarkus", Spring, "application.properties", "quarkus.datasource.db-kind=postgresql\nquarkus.datasource.users.db-kind=mssql\n", "postgresql@1/runtime sqlserver@2/runtime", false},
		{"spring yaml alias", Spring, "application-dev.yml", "base: &b\n  url: jdbc:mariadb://h/db\nspring:\n  datasource: *b\n", "mariadb@2/dev", false},
		{"dotenv scheme wins", DotEnv, ".env.sample", "DATABASE_URL=mysql://u:p@h/db\nREDIS_URL=\nQUEUE=amqp://h\n", "mysql@1/runtime redis@2/runtime rabbitmq@3/runtime", false},
		{"dotenv multi-line value", DotEnv, ".env.dist", "CERT=\"-----BEGIN\nMONGO_URL=not-a-key\n-----END\"\nPGHOST=h\n", "postgresql@4/runtime", false},
		{"dotenv local dev", DotEnv, ".env.local", "DB_DIALECT=postgres\n", "postgresql@1/dev", false},
		{"dotenv garbage", DotEnv, ".env", "=\nno equals\n'KEY'=x\n", "", false},
		{"dotenv prose and diff lines", DotEnv, ".env.custom", "Run with PORT=1\n-REDIS_URL=redis://h\n+MONGO_URL=x\n@@ -1 +1 @@\nPGHOST=h\n", "postgresql@5/runtime", false},
		{"dotenv per engine", DotEnv, ".env.postgres", "# local\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD=secret\nREDIS_HOST=r\n", "postgresql@2/runtime redis@4/runtime", false},
		{"dotenv per engine, generic keys", DotEnv, "docker/.env.mariadb", "DB_HOST=db\nDB_PASSWORD=x\n", "mariadb@1/runtime", false},
		{"dotenv per engine file", DotEnv, "env/mysql.env", "MYSQL_ROOT_PASSWORD=x\n", "mysql@1/runtime", false},
		{"dotenv per engine test", DotEnv, ".env.test.sqlite", "", "sqlite@1/dev", false},
		{"prisma unclosed", Prisma, "schema.prisma", "datasource db {\n  provider = \"sqlite\"\n", "sqlite@2/runtime", true},
		{"prisma env provider", Prisma, "schema.prisma", "datasource db {\n  provider = env(\"P\")\n}\n", "", false},
		{"prisma cockroach", Prisma, "schema.prisma", "datasource db {\n  provider = \"cockroachdb\"\n}\n", "cockroachdb@2/runtime", false},
		{"django dev settings", Django, "app/settings_dev.py", "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql_psycopg2'}}\n", "postgresql@1/dev", false},
		{"django-storages backends", Django, "proj/settings/storage.py", "from storages.backends.s3boto3 import S3Boto3Storage\nSTORAGES = {'default': {'BACKEND': 'storages.backends.azure_storage.AzureStorage'}}\nX = 'storages.backends.gcloud.GoogleCloudStorage'\n# storages.backends.s3 commented out\n", "s3@1/runtime azure-blob@2/runtime gcs@3/runtime", false},
		{"django mssql and memcached", Django, "settings.py", "X = {'ENGINE': 'mssql'}\nC = {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache'}\n", "sqlserver@1/runtime memcached@2/runtime", false},
		{"typeorm yaml", TypeORM, "ormconfig.yml", "default:\n  type: mysql\n  host: h\n", "mysql@2/runtime", false},
		{"typeorm js", TypeORM, "ormconfig.js", "module.exports = {\n  type: 'cockroachdb',\n}\n", "cockroachdb@2/runtime", false},
		{"knex flat", Knex, "knexfile.ts", "export default { client: \"mysql2\" }\n", "mysql@1/runtime", false},
		{"drizzle old driver", Drizzle, "drizzle.config.js", "export default { driver: 'turso' }\n", "sqlite@1/runtime", false},
		{"alembic template", Alembic, "alembic.ini", "sqlalchemy.url = driver://user:pass@localhost/dbname\n", "", false},
		{"diesel broken", Diesel, "diesel.toml", "[print_schema\n", "diesel@0/runtime", true},
		{"appsettings broken", AppSettings, "appsettings.json", "{\"ConnectionStrings\": {\"A\": \"Data Source=x.db\",\n", "sqlite@1/runtime", true},
		{"appsettings redis section", AppSettings, "appsettings.Production.json", "{\"Redis\": {\"Configuration\": \"cache:6379\"}, \"RabbitMQ\": {\"HostName\": \"mq\"}}", "redis@1/runtime rabbitmq@1/runtime", false},
		{"appsettings test env", AppSettings, "appsettings.Test.json", "{\"ConnectionStrings\": {\"A\": \"Host=h;Username=u\"}}", "postgresql@1/dev", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.det.Match(tt.path) {
				t.Fatalf("%s does not match %s", tt.det.Name, tt.path)
			}
			sigs, err := detecttest.Detect(tt.det, tt.path, []byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			detecttest.ParseErrors(t, err)
			if got := names(sigs); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		det   detect.Detector
		paths []string
		not   []string
	}{
		{Rails, []string{"config/database.yml", "app/config/database.yml.example"}, []string{"database.yml", "config/db/database.yml", "config/cable.yml"}},
		{Spring, []string{"application.yml", "src/main/resources/application-prod.yaml", "application.properties", "bootstrap.yml", "application-test.properties"}, []string{"application.json", "application-.yml", "applications.yml", "myapplication.yml", "application.yml.bak"}},
		{AppSettings, []string{"appsettings.json", "src/Api/appsettings.Development.json"}, []string{"appsettings.xml", "settings.json"}},
		{DotEnv, []string{".env", "a/.env.example", ".env.template", ".env.local", ".env.production.local", ".env.txt", "env/mysql.env", "docker/postgres.env", "db.mariadb.env"}, []string{".env.", "env", ".envrc", "x.env", ".x.env", "app.env",
			".env.patch", ".env.diff", ".env.orig", ".env.rej", ".env.bak", ".env.production.BAK", ".env.swp", ".env.gpg", ".env.age", ".env.enc",
			".env.vault", ".env.lock", ".env.md", ".env.local~", ".env.example.json"}},
		{Prisma, []string{"prisma/schema.prisma", "prisma/schema/user.prisma"}, []string{"schema.prisma.bak"}},
		{Django, []string{"mysite/settings.py", "settings_prod.py", "mysite/settings/base.py", "settings.local.py"}, []string{"mysite/settings/__init__.py", "settings.pyc", "my_settings.py"}},
		{TypeORM, []string{"ormconfig.json", "ormconfig.ts"}, []string{"ormconfig.env", "ormconfig"}},
		{Knex, []string{"knexfile.js", "knexfile.ts"}, []string{"knexfile.json"}},
		{Drizzle, []string{"drizzle.config.ts"}, []string{"drizzle.ts"}},
		{Alembic, []string{"alembic.ini"}, []string{"alembic.cfg"}},
		{Diesel, []string{"diesel.toml"}, []string{"Diesel.toml"}},
		{SQLMigrations, []string{"store/migration/postgres/0.22/00__init.sql", "db/migrations/001_users.up.sql", "migrations/1.SQL", "src/db/migrate/x.sql"},
			[]string{"schema.sql", "sql/mall.sql", "migrations/readme.md", "db/seed.sql", "migrationsx/1.sql"}},
	}
	for _, tt := range tests {
		for _, p := range tt.paths {
			if !tt.det.Match(p) {
				t.Errorf("%s should match %s", tt.det.Name, p)
			}
		}
		for _, p := range tt.not {
			if tt.det.Match(p) {
				t.Errorf("%s should not match %s", tt.det.Name, p)
			}
		}
	}
}

func fuzzDetector(f *testing.F, d detect.Detector, p string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(d, p, data)
		detecttest.ParseErrors(t, err)
		for _, s := range sigs {
			if s.Kind == stack.KindDatastore && engineOf(s.Name) != s.Name {
				t.Fatalf("non-canonical engine %q", s.Name)
			}
			if s.Version != "" {
				t.Fatalf("datastore signal with a value: %+v", s)
			}
		}
	})
}

func FuzzSpringYAML(f *testing.F) {
	f.Add([]byte(aliasBomb())) // past the flattening budget
	f.Add([]byte(nodeBomb()))
	for _, s := range nesting.Seeds(nesting.YAML) { // at and past the depth limit
		f.Add(s)
	}
	fuzzDetector(f, Spring, "application.yml",
		"spring:\n  datasource:\n    url: jdbc:postgresql://h/db\n---\nspring.config.activate.on-profile: test\nspring.data.redis.host: x\n",
		"a: &a [*a]\n",
		"a: &a {b: 1}\nc:\n  <<: *a\n  d: [1, {e: jdbc:h2:mem:x}]\n",
		"spring: [\n",
		"- - - x\n")
}

func FuzzSpringProperties(f *testing.F) {
	fuzzDetector(f, Spring, "application-dev.properties",
		"spring.datasource.url=jdbc:mysql://h/db\n#---\nspring.config.activate.on-profile=prod\nspring.kafka.bootstrap-servers=k:9092\n",
		"a\\\n", "=\n:\n \\\n")
}

func FuzzEnvFile(f *testing.F) {
	fuzzDetector(f, DotEnv, ".env.example",
		"DATABASE_URL=postgres://u:p@h/db\nDB_CONNECTION=pgsql\nexport REDIS_URL='redis://h'\n",
		"A=\"unterminated\nB=1\n", "=\n#\n")
}

func FuzzRailsDatabase(f *testing.F) {
	fuzzDetector(f, Rails, "config/database.yml",
		"default: &default\n  adapter: postgresql\nproduction:\n  <<: *default\n  pool: <%= 5 %>\n",
		"<% if x %>\n", "production: [\n  adapter: x\n", "a: &a\n  <<: *a\n")
}

func FuzzAppSettings(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.JSON) { // at and past the depth limit
		f.Add(s)
	}
	fuzzDetector(f, AppSettings, "appsettings.json",
		"{\"ConnectionStrings\": {\"Db\": \"Host=h;Username=u\", \"R\": \"redis:6379\"}}",
		"{/* x */ \"a\": // y\n 1}", "[", "{\"a\": {\"b\": [\"mongodb://x\"]}}")
}

func FuzzConfigScans(f *testing.F) {
	seeds := []string{
		"datasource db {\n provider = \"postgresql\"\n}\n",
		"'ENGINE': 'django.db.backends.mysql'\nx = 'redis://h'\n",
		"module.exports = { development: { client: 'pg' } }",
		"}{ : client: 'pg'",
		"sqlalchemy.url = mysql://",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	dets := []struct {
		d detect.Detector
		p string
	}{{Prisma, "schema.prisma"}, {Django, "settings.py"}, {Knex, "knexfile.js"}, {TypeORM, "ormconfig.json"}, {Drizzle, "drizzle.config.ts"}, {Alembic, "alembic.ini"}, {Diesel, "diesel.toml"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range dets {
			_, err := detecttest.Detect(d.d, d.p, data)
			detecttest.ParseErrors(t, err)
		}
	})
}

// aliasBomb is thirty levels of anchors whose 1,000-character keys alias
// the level below twice (61 KB), merged into spring: — issue 9's shape.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("l0: &l0 {" + strings.Repeat("k", 1000) + ": jdbc:postgresql://db/x}\n")
	for i := 1; i < 30; i++ {
		k := strings.Repeat(string(rune('a'+i%26)), 999)
		p := fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "l%d: &l%d {%s1: %s, %s2: %s}\n", i, i, k, p, k, p)
	}
	b.WriteString("spring:\n  <<: *l29\n")
	return b.String()
}

// nodeBomb is twenty levels of sequences aliasing the level below four
// times: short keys, 4^20 leaves.
func nodeBomb() string {
	var b strings.Builder
	b.WriteString("l0: &l0 {url: jdbc:postgresql://db/x}\n")
	for i := 1; i < 20; i++ {
		p := fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "l%d: &l%d [%s, %s, %s, %s]\n", i, i, p, p, p, p)
	}
	b.WriteString("spring:\n  datasource: *l19\n")
	return b.String()
}

// Alias expansion is bounded by the bytes of the keys built, across all
// the documents of a file, and the cut is reported.
func TestSpringAliasBombBounded(t *testing.T) {
	for name, src := range map[string]string{
		"one document":      aliasBomb(),
		"eight documents":   strings.Repeat(aliasBomb()+"---\n", 8),
		"many small leaves": nodeBomb(),
	} {
		t.Run(name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Spring, "src/main/resources/application.yml", []byte(src))
			if err == nil || !strings.Contains(err.Error(), "expand beyond") {
				t.Fatalf("err = %v, want the expansion cut reported", err)
			}
			if len(sigs) == 0 {
				t.Errorf("no signal: what was read before the cut must still count")
			}
		})
	}
}

// TestPerEngineEnvFile pins the attributes of a per-engine env file's
// signals and that no value leaves the parser.
func TestPerEngineEnvFile(t *testing.T) {
	sigs, err := detecttest.Detect(DotEnv, "docker/.env.postgres", []byte("POSTGRES_PASSWORD=hunter2\nDATABASE_URL=postgres://u:hunter2@db/app\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 {
		t.Fatalf("signals %+v", sigs)
	}
	s := sigs[0]
	if s.Name != "postgresql" || s.Attr("environment") != "postgresql" || s.Attr(stack.AttrSupported) != "env-file" || s.Attr("key") != "POSTGRES_PASSWORD" {
		t.Errorf("signal %+v", s)
	}
	for k, v := range s.Attrs {
		if strings.Contains(v, "hunter2") || strings.Contains(k, "hunter2") {
			t.Errorf("value leaked in attr %s=%s", k, v)
		}
	}
}
