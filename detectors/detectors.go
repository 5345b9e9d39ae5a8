// Package detectors registers every detector stacklint runs. All is the one
// explicit registration list: a new detector is a package under detectors/
// plus one line here.
package detectors

import (
	"github.com/stacklint/stacklint/detectors/apispec"
	"github.com/stacklint/stacklint/detectors/ci"
	"github.com/stacklint/stacklint/detectors/compose"
	"github.com/stacklint/stacklint/detectors/dart"
	"github.com/stacklint/stacklint/detectors/dbconfig"
	"github.com/stacklint/stacklint/detectors/dockerfile"
	"github.com/stacklint/stacklint/detectors/docs"
	"github.com/stacklint/stacklint/detectors/dotnet"
	"github.com/stacklint/stacklint/detectors/elixir"
	"github.com/stacklint/stacklint/detectors/gomod"
	"github.com/stacklint/stacklint/detectors/gradle"
	"github.com/stacklint/stacklint/detectors/helm"
	"github.com/stacklint/stacklint/detectors/internal/dotenv"
	"github.com/stacklint/stacklint/detectors/kubernetes"
	"github.com/stacklint/stacklint/detectors/maven"
	"github.com/stacklint/stacklint/detectors/nix"
	"github.com/stacklint/stacklint/detectors/node"
	"github.com/stacklint/stacklint/detectors/paas"
	"github.com/stacklint/stacklint/detectors/php"
	"github.com/stacklint/stacklint/detectors/python"
	"github.com/stacklint/stacklint/detectors/ruby"
	"github.com/stacklint/stacklint/detectors/rust"
	"github.com/stacklint/stacklint/detectors/serverless"
	"github.com/stacklint/stacklint/detectors/terraform"
	"github.com/stacklint/stacklint/internal/detect"
)

// EnvNamesDoc says in markdown which dotenv files the detectors read as
// development-only and which as templates: the one vocabulary they share
// (detectors/internal/dotenv), for docs/detectors.md.
func EnvNamesDoc() string { return dotenv.NamesDoc() }

// All returns every detector, in a stable order.
func All() []detect.Detector {
	return []detect.Detector{
		dockerfile.Detector,
		compose.Detector,
		kubernetes.Detector,
		kubernetes.Skaffold,
		kubernetes.Tilt,
		kubernetes.S2I,
		helm.Detector,
		gomod.Detector,
		gomod.Commands,
		maven.Detector,
		gradle.Detector,
		gradle.SettingsDetector,
		gradle.CatalogDetector,
		gradle.SbtDetector,
		gradle.WrapperDetector,
		dotnet.ProjectDetector,
		dotnet.GlobalJSONDetector,
		dotnet.PackagesConfigDetector,
		dotnet.AspireDetector,
		node.PackageJSON,
		node.VersionFile,
		node.Lockfile,
		node.Config,
		node.PnpmWorkspace,
		python.Requirements,
		python.Pyproject,
		python.Pipfile,
		python.Setuptools,
		python.VersionFile,
		python.Lockfile,
		php.Detector,
		php.LockDetector,
		ruby.GemfileDetector,
		ruby.LockDetector,
		ruby.VersionDetector,
		rust.CargoDetector,
		rust.LockDetector,
		rust.ToolchainDetector,
		elixir.MixDetector,
		elixir.LockDetector,
		elixir.ConfigDetector,
		elixir.RepoDetector,
		dart.PubspecDetector,
		dart.LockDetector,
		dart.MelosDetector,
		dart.ServerpodConfig,
		dbconfig.Rails,
		dbconfig.Spring,
		dbconfig.AppSettings,
		dbconfig.DotEnv,
		dbconfig.Prisma,
		dbconfig.Django,
		dbconfig.TypeORM,
		dbconfig.Knex,
		dbconfig.Drizzle,
		dbconfig.Alembic,
		dbconfig.Diesel,
		dbconfig.SQLMigrations,
		terraform.Detector,
		nix.Detector,
		terraform.Pulumi,
		terraform.CDK,
		terraform.CloudFormation,
		serverless.Detector,
		paas.Procfile,
		paas.HerokuApp,
		paas.Fly,
		paas.Render,
		paas.AppEngine,
		paas.Railway,
		paas.Vercel,
		paas.Netlify,
		paas.ElasticBeanstalk,
		paas.AzureDeveloperCLI,
		paas.Firebase,
		paas.Kamal,
		paas.CloudFoundry,
		ci.GitHubActions,
		ci.GitLabCI,
		ci.CircleCI,
		ci.Jenkins,
		ci.AzurePipelines,
		ci.Bitbucket,
		ci.Travis,
		ci.Drone,
		ci.Buildkite,
		ci.CloudBuild,
		ci.Dependabot,
		ci.Renovate,
		apispec.OpenAPI,
		apispec.Proto,
		apispec.GraphQL,
		docs.ADR,
		docs.ScalingPlan,
		docs.Runbook,
		docs.SecurityPolicy,
		docs.EnvSecrets,
	}
}

// FilesRegexp is a regular expression (RE2 and Python re alike) matching
// every path a registered detector may read, judged from the detectors'
// Files lists, plus the extra Files patterns (the profile's name): the
// `files:` of the pre-commit hook, so that the hook runs when a manifest,
// Dockerfile, infrastructure file or the profile changed. It is broad
// where a list is broad ("*.yaml" for Kubernetes manifests): running for
// nothing costs one scan, missing a change costs a finding.
func FilesRegexp(extra ...string) string {
	patterns := append([]string(nil), extra...)
	for _, d := range All() {
		patterns = append(patterns, d.Files...)
	}
	return detect.FilesRegexp(patterns)
}
