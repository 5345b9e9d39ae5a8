// Package stack holds stacklint's stack model: the raw facts detectors emit
// (Signal), the technologies the catalog resolves them to (Technology), the
// components of a repository (Component) and the whole picture (Stack).
package stack

// Kinds of Signal. A detector picks the kind that says what the fact is; the
// catalog matches on Ecosystem and Name, whatever the kind.
const (
	// KindPackage is a dependency declared in a manifest (npm, pypi, maven...).
	KindPackage = "package"
	// KindRuntime names a language runtime or language, with its version
	// (Ecosystem "runtime", Name such as "go", "nodejs", "python").
	KindRuntime = "runtime"
	// KindImage is a container image reference (Ecosystem "docker").
	KindImage = "image"
	// KindResource is an infrastructure resource (Terraform resource type,
	// Kubernetes kind, Helm chart dependency, CloudFormation type).
	KindResource = "resource"
	// KindTool says a tool is in use because a file of its own format is
	// present (Ecosystem "tool", Name a catalog id such as "docker", "helm").
	KindTool = "tool"
	// KindDatastore names a datastore found in configuration: connection
	// URLs, ORM providers, settings (Ecosystem "datastore", Name such as
	// "postgresql", "mysql", "sqlite", "mongodb", "redis").
	KindDatastore = "datastore"
	// KindFact is an operational fact the rules read (replicas, autoscaling,
	// container user...). Its Name is one of the Fact* constants and its
	// details are in Attrs. Facts are not resolved to technologies.
	KindFact = "fact"
)

// Ecosystems a Signal can carry. Catalog entries match on these names
// (`[technology.match] <ecosystem> = [names]`). Names are compared
// case-insensitively.
const (
	EcoRuntime   = "runtime"        // language/runtime ids: go, nodejs, python, java, kotlin, scala, csharp, fsharp, dotnet, php, ruby, rust, elixir, dart, typescript, deno, bun
	EcoGo        = "go"             // Go module paths
	EcoNPM       = "npm"            // npm package names, scoped included ("@nestjs/core")
	EcoPyPI      = "pypi"           // PEP 503 normalised names (lowercase, runs of -_. become -)
	EcoMaven     = "maven"          // "groupId:artifactId" (Maven and Gradle, sbt too)
	EcoNuGet     = "nuget"          // NuGet package ids
	EcoComposer  = "composer"       // "vendor/package"
	EcoRubyGems  = "rubygems"       // gem names
	EcoCargo     = "cargo"          // crate names
	EcoHex       = "hex"            // Hex package names (Elixir)
	EcoPub       = "pub"            // pub package names (Dart, Flutter), SDK packages included ("flutter")
	EcoDocker    = "docker"         // image repository, normalised: "docker.io/" and "library/" dropped ("postgres", "bitnami/redis", "mcr.microsoft.com/dotnet/aspnet")
	EcoHelm      = "helm"           // chart names of Chart.yaml dependencies ("postgresql")
	EcoTerraform = "terraform"      // resource types ("aws_db_instance"), "provider:<name>" for providers, "module:<registry source>" for modules
	EcoK8s       = "k8s"            // Kubernetes kinds as "group/Kind" or "Kind" ("HorizontalPodAutoscaler", "keda.sh/ScaledObject")
	EcoCFN       = "cloudformation" // CloudFormation resource types ("AWS::RDS::DBInstance")
	EcoAction    = "github-action"  // GitHub Actions `uses:` without the @ref ("actions/checkout")
	EcoTool      = "tool"           // catalog ids named directly by a file's format
	EcoDatastore = "datastore"      // datastore ids from configuration
	EcoAspire    = "aspire"         // .NET Aspire AppHost resource methods ("AddPostgres", "AddRedis")
	EcoNix       = "nix"            // Nix names: NixOS services ("services.postgresql"), nixpkgs packages ("pkgs.go"), builders ("builder:buildGoModule")
)

// Scopes of a Signal or Technology.
const (
	// ScopeRuntime is production code or configuration.
	ScopeRuntime = "runtime"
	// ScopeDev is development-only (devDependencies, test groups, dev containers).
	ScopeDev = "dev"
	// ScopeNonProduction marks something seen only under examples/, docs/,
	// testdata/, test(s)/ or fixtures/.
	ScopeNonProduction = "non-production"
)

// Fact names carried by KindFact signals, with the Attrs each one sets.
const (
	// FactReplicas: a deployable workload and how many copies run.
	// Attrs: "workload", "count" (integer as text), "source" (compose, kubernetes, helm, ecs, paas...).
	FactReplicas = "replicas"
	// FactAutoscaling: horizontal scaling is configured.
	// Attrs: "kind" (hpa, keda, asg, app-autoscaling, serverless, paas, cloud-run...), "target", "min", "max", "functions" (serverless: functions defined).
	FactAutoscaling = "autoscaling"
	// FactContainerUser: the user the final stage of an image runs as.
	// Attrs: "user" (empty when none is set), "root" ("true"/"false"), "stage".
	FactContainerUser = "container-user"
	// FactHealthcheck: a health check or probe exists. Attrs: "kind" (dockerfile, compose, liveness, readiness), "workload".
	FactHealthcheck = "healthcheck"
	// FactUnpinnedImage: an image with the tag "latest" or no tag and no digest. Attrs: "image".
	FactUnpinnedImage = "unpinned-image"
	// FactBuiltImage: an image name the repository's own build tool builds
	// and tags when it deploys (a Skaffold artifact), so manifests naming it
	// with no tag are placeholders it fills in. Attrs: "image", "context".
	FactBuiltImage = "built-image"
	// FactBaseImage: a base image of a Dockerfile stage. Attrs: "image", "tag", "stage", "final" ("true"/"false").
	FactBaseImage = "base-image"
	// FactProcess: the process a container or PaaS starts.
	// Attrs: "command" (as written), "server" (gunicorn, uvicorn, node, java, dotnet, php-fpm, puma...),
	// "worker_class" (sync, gevent, uvicorn.workers.UvicornWorker...), "workers", "role" (web, worker, release).
	FactProcess = "process"
	// FactService: a deployable service (compose service, Kubernetes workload, Procfile process).
	// Attrs: "name", "source", "kind" (Deployment, StatefulSet...), "image", "build" (local context).
	FactService = "service"
	// FactResources: resource requests/limits of a workload. Attrs: "workload", "requests", "limits" ("true"/"false").
	FactResources = "resources"
	// FactRunAsNonRoot: a Kubernetes securityContext.runAsNonRoot setting. Attrs: "workload", "value".
	FactRunAsNonRoot = "run-as-non-root"
	// FactManagedService: a managed cloud service. Attrs: "resource", "engine", "provider".
	FactManagedService = "managed-service"
	// FactScalingPlan: a written scaling or capacity plan. Attrs: "title".
	FactScalingPlan = "scaling-plan"
	// FactADR: an architecture decision record. Attrs: "title".
	FactADR = "adr"
	// FactRunbook: an operations runbook.
	FactRunbook = "runbook"
	// FactSecurityPolicy: a SECURITY.md or similar.
	FactSecurityPolicy = "security-policy"
	// FactCommittedSecret: a committed .env file holds a secret-looking key.
	// Attrs: "key" (the key name only; values are never recorded).
	FactCommittedSecret = "committed-secret"
	// FactAPIContract: an API contract document. Attrs: "kind" (openapi, swagger, proto, graphql, asyncapi), "version", "title".
	FactAPIContract = "api-contract"
	// FactCIPipeline: a CI/CD pipeline definition. Attrs: "system", "jobs", "deploys" ("true"/"false").
	FactCIPipeline = "ci-pipeline"
	// FactDependencyBot: dependency updates are automated. Attrs: "bot" (dependabot, renovate).
	FactDependencyBot = "dependency-bot"
	// FactWorkspace: a package manager workspace (npm/yarn/pnpm workspaces, Cargo workspace,
	// Maven modules). Attrs: "members" (comma-separated).
	FactWorkspace = "workspace"
	// FactLockfile: a dependency lockfile is present. Attrs: "manager" (npm, yarn, pnpm, bun, poetry, uv, pipenv, bundler, composer, cargo).
	FactLockfile = "lockfile"
	// FactEntryPoint: what a manifest says its package is run or used as.
	// Attrs: "kind" (EntryCommand, EntryLibrary), "detail" (what was read:
	// "bin", "[project.scripts] seed", "[lib]").
	FactEntryPoint = "entry-point"
)

// Kinds of a FactEntryPoint (attr kind).
const (
	// EntryCommand is a program the package installs as a command: npm
	// `bin`, Python console scripts ([project.scripts], Poetry scripts).
	EntryCommand = "command"
	// EntryLibrary is a package published for others to link: npm
	// `exports`, `module` or `types` with no start script and no `private`,
	// a Cargo [lib] without [[bin]].
	EntryLibrary = "library"
)

// AttrPlatforms is the package attribute naming, comma-separated, the
// platforms a client framework's package targets as its detector found
// them (android, ios, macos, windows, linux, web: a Flutter app's platform
// folders). A client framework whose package targets the web alone builds
// a web front end, not a client.
const AttrPlatforms = "platforms"

// AttrSupported is the signal attribute saying that a datastore is one the
// product supports or is tested against, not necessarily the one it runs in
// production: "ci-service" (a CI job's service container), "ci-matrix" (a
// CI test matrix of database engines or versions), "env-file" (an
// environment file named after an engine, such as .env.postgres). Such
// signals feed Stack.SupportedDatastores; alone they never make a
// production store, let alone the system of record.
const AttrSupported = "supported"

// Attributes a PaaS detector sets on its tool signal when the file says
// what the platform serves. Resolve gives static hosting the role of the
// front end (or docs site) it publishes: static files are no backend.
const (
	// AttrHosting is HostingStatic or HostingFunctions.
	AttrHosting = "hosting"
	// AttrPublish lists the folders the platform publishes,
	// comma-separated and relative to the repository root.
	AttrPublish = "publish"
	// HostingStatic: files only (a netlify.toml without functions, a
	// firebase.json hosting a site and client security rules, no Cloud
	// Functions, App Hosting or Data Connect).
	HostingStatic = "static"
	// HostingFunctions: the platform also runs the repository's code.
	HostingFunctions = "functions"
)

// Signal is one raw fact with its evidence. Detectors emit signals without
// knowing what a package means; the catalog gives them meaning.
type Signal struct {
	// Kind is one of the Kind* constants.
	Kind string `json:"kind"`
	// Ecosystem is one of the Eco* constants (empty for facts).
	Ecosystem string `json:"ecosystem,omitempty"`
	// Name is the package, runtime, image, resource or fact name.
	Name string `json:"name"`
	// Version is the declared version or constraint as written ("^4.18.2",
	// ">=3.11", "20-alpine"); empty when none is declared.
	Version string `json:"version,omitempty"`
	// Scope is ScopeRuntime (the default when empty) or ScopeDev. The scanner
	// sets ScopeNonProduction from the file's path.
	Scope string `json:"scope,omitempty"`
	// File is the slash-separated path relative to the scanned root.
	File string `json:"file"`
	// Line is the 1-based line of the evidence, 0 when unknown.
	Line int `json:"line,omitempty"`
	// Attrs holds extra details (facts mostly). Never secret values.
	Attrs map[string]string `json:"attrs,omitempty"`
}

// DeclaredVersion is the version the signal declares, as written: an
// image's tag when the detector recorded one, else Version.
func (s Signal) DeclaredVersion() string {
	if s.Kind == KindImage && s.Attr("tag") != "" {
		return s.Attr("tag")
	}
	return s.Version
}

// Attr returns the attribute k, or "" when it is not set.
func (s Signal) Attr(k string) string {
	if s.Attrs == nil {
		return ""
	}
	return s.Attrs[k]
}
