package catalog

import (
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/stacklint/stacklint/internal/stack"
)

// This file is the catalog's vocabulary: the layers, categories,
// ecosystems, attribute keys and attribute values an entry may use. Load
// rejects anything else, and code that asks the catalog for a category or
// an ecosystem (rules, resolve, reports) checks its words against these
// lists in its tests.

// Layers are the five layers an entry's layer is one of, in report order.
// The values are stack.Layer's, since stack.Technology carries them.
var Layers = stack.Layers

// Category is one kind of technology, finer than its layer.
type Category struct {
	// Name is the category as entries write it ("web-framework").
	Name string
	// Layers are the layers an entry of this category may have.
	Layers []stack.Layer
	// Doc says what belongs in it.
	Doc string
}

var (
	inLanguage       = []stack.Layer{stack.LayerLanguage}
	inFramework      = []stack.Layer{stack.LayerFramework}
	inData           = []stack.Layer{stack.LayerData}
	inInfrastructure = []stack.Layer{stack.LayerInfrastructure}
	inSupporting     = []stack.Layer{stack.LayerSupporting}
)

// Categories are the categories an entry's category is one of, by layer
// then name.
var Categories = []Category{
	{"language", inLanguage, "a programming language"},
	{"runtime", inLanguage, "a language runtime or platform (Node.js, .NET, Deno, Bun)"},

	{"web-framework", inFramework, "a framework that serves HTTP requests"},
	{"fullstack-framework", inFramework, "a framework that renders pages and serves requests (Next.js, Rails)"},
	{"api-framework", inFramework, "a framework for HTTP or RPC APIs only"},
	{"ui-framework", inFramework, "a web UI framework (React, Vue, Angular); role frontend"},
	{"client-framework", inFramework, "a desktop or mobile application framework (Tauri, Electron, React Native, Flutter, .NET MAUI); role client"},

	{"database", inData, "a database server or embedded database"},
	{"database-driver", inData, "a client library for one database; implies it"},
	{"orm", inData, "an object-relational or object-document mapper"},
	{"query-builder", inData, "a query builder or SQL code generator"},
	{"migration", inData, "a schema migration tool"},
	{"cache", inData, "a cache or key-value store"},
	{"search", inData, "a search engine"},
	{"object-storage", inData, "blob or file storage"},

	{"container", inInfrastructure, "container images, registries and their tooling"},
	{"orchestration", inInfrastructure, "a container orchestrator and its packaging (Kubernetes, Helm)"},
	{"app-orchestration", inInfrastructure, "an orchestrator of an application's own services (.NET Aspire)"},
	{"iac", inInfrastructure, "infrastructure as code"},
	{"paas", inInfrastructure, "a platform as a service"},
	{"serverless", inInfrastructure, "a serverless platform or framework"},
	{"cloud", inInfrastructure, "a cloud provider"},
	{"compute", inInfrastructure, "managed virtual machines (EC2)"},
	{"managed-database", inInfrastructure, "a database a cloud provider runs"},
	{"managed-cache", inInfrastructure, "a cache a cloud provider runs"},
	{"managed-queue", inInfrastructure, "a message broker a cloud provider runs"},
	{"proxy", inInfrastructure, "a reverse proxy or web server in front of the application"},
	{"load-balancer", inInfrastructure, "a load balancer"},
	{"api-gateway", inInfrastructure, "an API gateway"},
	{"cdn", inInfrastructure, "a content delivery network"},
	{"autoscaling", inInfrastructure, "horizontal autoscaling"},
	{"service-mesh", inInfrastructure, "a service mesh"},

	{"dev-tooling", []stack.Layer{stack.LayerInfrastructure, stack.LayerSupporting}, "development-only tooling (local clusters, emulators, mail catchers, hooks)"},

	{"api", inSupporting, "an API style or protocol (gRPC, GraphQL, OpenAPI)"},
	{"api-docs", inSupporting, "API documentation or contract tooling"},
	{"app-server", inSupporting, "an application server or process manager (Gunicorn, Puma, PM2)"},
	{"auth", inSupporting, "authentication or authorization"},
	{"audit", inSupporting, "an audit trail of who changed what (PaperTrail, Hibernate Envers)"},
	{"background-jobs", inSupporting, "a background job or task queue library"},
	{"queue", inSupporting, "a message broker or stream"},
	{"build-tool", inSupporting, "a build tool"},
	{"package-manager", inSupporting, "a package manager"},
	{"ci-cd", inSupporting, "a CI/CD system"},
	{"dependency-updates", inSupporting, "automated dependency updates"},
	{"security-scanning", inSupporting, "a security or dependency scanner"},
	{"secrets-management", inSupporting, "a secrets store"},
	{"coordination", inSupporting, "distributed coordination (ZooKeeper, etcd)"},
	{"cpu-bound", inSupporting, "a library doing CPU-bound work (image, video, ML, crypto)"},
	{"data-processing", inSupporting, "batch or stream data processing"},
	{"deprecated-package", inSupporting, "a package deprecated by its authors"},
	{"docs-site", inSupporting, "a documentation site generator or host"},
	{"logging", inSupporting, "structured logging"},
	{"metrics", inSupporting, "metrics collection"},
	{"tracing", inSupporting, "distributed tracing"},
	{"observability", inSupporting, "an observability platform or SDK"},
	{"error-tracking", inSupporting, "error tracking"},
	{"testing", inSupporting, "a test framework or tool"},
	{"validation", inSupporting, "input validation"},
}

// CategoryNamed returns the category called name.
func CategoryNamed(name string) (Category, bool) {
	for _, c := range Categories {
		if c.Name == name {
			return c, true
		}
	}
	return Category{}, false
}

// Ecosystems are the keys of an entry's match table: the ecosystems a
// signal carries (the stack.Eco* constants document each one's names).
var Ecosystems = []string{
	stack.EcoNPM, stack.EcoPyPI, stack.EcoMaven, stack.EcoNuGet, stack.EcoGo, stack.EcoComposer,
	stack.EcoRubyGems, stack.EcoCargo, stack.EcoHex, stack.EcoPub, stack.EcoRuntime, stack.EcoDocker, stack.EcoHelm,
	stack.EcoTerraform, stack.EcoK8s, stack.EcoCFN, stack.EcoAction, stack.EcoTool, stack.EcoDatastore, stack.EcoAspire, stack.EcoNix,
}

// Values an attribute may take.
var (
	// Concurrencies are the values of Entry.Concurrency.
	Concurrencies = []string{"sync", "async"}
	// OperationalCosts are the values of Entry.OperationalCost.
	OperationalCosts = []string{"low", "medium", "high"}
	// DataModels are the values of Entry.DataModel.
	DataModels = []string{"relational", "document", "key-value", "wide-column", "graph", "search", "time-series", "object", "stream"}
	// Batteries are the values of Entry.Batteries: what a framework ships.
	Batteries = []string{"orm", "migrations", "admin", "auth", "validation", "openapi"}
	// EntryRoles are the values of Entry.Role: the component roles a
	// technology gives whatever it sits beside.
	EntryRoles = []stack.Role{stack.RoleFrontend, stack.RoleClient, stack.RoleDocs}
)

// AttributeKeys returns the keys an entry may set, as the data files write
// them ("id", "talent_share", "eol"...), in Entry's field order.
var AttributeKeys = sync.OnceValue(func() []string { return tomlKeys(reflect.TypeFor[Entry]()) })

// CycleKeys returns the keys a [[technology.eol]] release cycle may set.
var CycleKeys = sync.OnceValue(func() []string { return tomlKeys(reflect.TypeFor[Cycle]()) })

func tomlKeys(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		if k, _, _ := strings.Cut(f.Tag.Get("toml"), ","); k != "" && k != "-" {
			out = append(out, k)
		}
	}
	return out
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
