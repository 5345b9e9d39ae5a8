// Package ci detects CI/CD pipelines and dependency-update bots: GitHub
// Actions, GitLab CI, CircleCI, Jenkins, Azure Pipelines, Bitbucket
// Pipelines, Travis CI, Drone, Buildkite, Google Cloud Build, Dependabot
// and Renovate. Each pipeline gives a ci-pipeline fact saying how many jobs
// it has and whether it deploys.
package ci

import (
	"context"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// deployWords matches names of jobs, steps and stages that deploy.
var deployWords = lazyregexp.New(`(?i)deploy|rollout|promote|provision|release[-_ ]to|publish[-_ ]to`)

// deployCommands matches shell commands that deploy.
var deployCommands = lazyregexp.New(`(?i)\bdeploy\b|kubectl\s+(apply|rollout|set\s+image)|helm\s+(upgrade|install)|terraform\s+apply|pulumi\s+up|cdk\s+deploy|sam\s+deploy|flyctl\s+deploy|fly\s+deploy|vercel\s+.*--prod|netlify\s+deploy|git\s+push\s+heroku|gcloud\s+run\s+deploy|eb\s+deploy|serverless\s+deploy|sls\s+deploy`)

// pipelineFact builds the ci-pipeline fact.
func pipelineFact(system string, line, jobs int, deploys bool) stack.Signal {
	return stack.Signal{Kind: stack.KindFact, Name: stack.FactCIPipeline, Line: line, Attrs: map[string]string{
		"system": system, "jobs": strconv.Itoa(jobs), "deploys": strconv.FormatBool(deploys),
	}}
}

func toolSignal(name string, line int) stack.Signal {
	return stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: name, Line: max(line, 1)}
}

// GitHubActions reads GitHub Actions workflows.
var GitHubActions = detect.Detector{
	Name: "github-actions",
	Doc: "Reads GitHub Actions workflows (.github/workflows/*.yml|yaml): tool github-actions; every `uses:` of a step or of a job (reusable workflow) " +
		"as a github-action package named owner/repo[/path] with the ref as version when it is a version tag (v4, v4.1.2); a 40-hex commit SHA goes to attr `sha` and another ref (a branch) to attr `ref`, version empty " +
		"(local ./ actions are skipped; docker:// actions become images, read as every detector reads an image (internal/imageref: tag's leading version as version, attrs `tag` and `digest`, a runtime its tag names) but dev-scoped and never an unpinned-image fact), " +
		"job `services:` images as dev-scoped images marked supported=ci-service (an image written with `${{ matrix.KEY }}` expands to each value of the key), " +
		"`strategy.matrix` keys naming database engines (db: [postgres, mysql:8.0]) or an engine's versions (postgres-version: [15, 16]) as dev-scoped datastores marked supported=ci-matrix " +
		"(an image no engine word names, db: [mcr.microsoft.com/mssql/server:2022-latest], as a dev-scoped image so marked, for the catalog to name) " +
		"(the datastores the product is tested against, never its production store by themselves), " +
		"the PHP extensions a shivammathur/setup-php step installs (with: extensions:) as dev-scoped composer packages ext-<name> marked supported=ci-php-extension (pdo_sqlite: tested against SQLite), " +
		"so CodeQL (github/codeql-action/*) and dependency review (actions/dependency-review-action) show up; and a ci-pipeline fact " +
		"(system github-actions, jobs = number of jobs, deploys = true when a job has an environment or a job, step or action name or a run command suggests a deployment).",
	Files: []string{"*.yml", "*.yaml"},
	Match: func(p string) bool {
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		dir, b := p[:i], p[i+1:]
		return (dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows")) &&
			(strings.HasSuffix(b, ".yml") || strings.HasSuffix(b, ".yaml"))
	},
	Detect: detectWorkflow,
}

func detectWorkflow(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, err
	}
	line := yamlnode.Line(docnode.Key(root, "jobs"))
	if line == 0 {
		line = root.Line
	}
	out := []stack.Signal{toolSignal("github-actions", yamlnode.Line(docnode.Key(root, "name")))}
	if out[0].Line == 1 && docnode.Key(root, "name") == nil {
		out[0].Line = line
	}
	jobs, deploys := 0, false
	uses := func(n *yaml.Node) {
		u := strings.TrimSpace(docnode.Scalar(n))
		if u == "" || strings.HasPrefix(u, "./") || strings.Contains(u, "${{") {
			return
		}
		if img, ok := strings.CutPrefix(u, "docker://"); ok {
			out = append(out, imageref.BuildSignals(img, n.Line, nil)...)
			return
		}
		name, ref, _ := strings.Cut(u, "@")
		if strings.Count(name, "/") < 1 {
			return
		}
		out = append(out, actionSignal(name, ref, n.Line))
		if deployWords.MatchString(name) || deployActions[strings.ToLower(name)] {
			deploys = true
		}
	}
	docnode.EachPair(docnode.Get(root, "jobs"), func(k, job *yaml.Node) {
		jobs++
		if deployWords.MatchString(k.Value) || deployWords.MatchString(docnode.Scalar(docnode.Get(job, "name"))) || docnode.Get(job, "environment") != nil {
			deploys = true
		}
		uses(docnode.Get(job, "uses"))
		out = append(out, jobSupport(job)...)
		for _, st := range docnode.Items(docnode.Get(job, "steps")) {
			uses(docnode.Get(st, "uses"))
			out = append(out, setupPHPExtensions(st)...)
			if deployWords.MatchString(docnode.Scalar(docnode.Get(st, "name"))) || deployCommands.MatchString(docnode.Scalar(docnode.Get(st, "run"))) {
				deploys = true
			}
		}
	})

	out = append(out, pipelineFact("github-actions", line, jobs, deploys))
	return out, err
}

// maxCIExtensions bounds the PHP extensions read from one step.
const maxCIExtensions = 64

// setupPHPExtensions reads the PHP extensions a shivammathur/setup-php
// step installs (`with: extensions: pdo_sqlite, redis-5.3.7, :opcache`) as
// dev-scoped composer packages ext-<name>, as a Dockerfile's and
// composer.json's are named, marked supported=ci-php-extension: the
// database drivers the tests run with (pdo_pgsql, pdo_sqlite). A leading
// colon disables an extension; a version after a hyphen is dropped;
// expressions (${{ matrix.ext }}) are skipped.
func setupPHPExtensions(step *yaml.Node) []stack.Signal {
	name, _, _ := strings.Cut(strings.TrimSpace(docnode.Scalar(docnode.Get(step, "uses"))), "@")
	if !strings.EqualFold(name, "shivammathur/setup-php") {
		return nil
	}
	n := docnode.Get(docnode.Get(step, "with"), "extensions")
	list := docnode.Scalar(n)
	if list == "" || strings.Contains(list, "${{") {
		return nil
	}
	var out []stack.Signal
	for _, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
		if strings.HasPrefix(f, ":") || strings.Contains(f, "${{") {
			continue
		}
		ext, _, _ := strings.Cut(strings.ToLower(f), "-")
		if !phpExtName(ext) {
			continue
		}
		out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoComposer, Name: "ext-" + ext, Scope: stack.ScopeDev, Line: n.Line,
			Attrs: map[string]string{stack.AttrSupported: "ci-php-extension"}})
		if len(out) == maxCIExtensions {
			break
		}
	}
	return out
}

// phpExtName reports whether s can be a PHP extension's name.
func phpExtName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// deployActions are actions that deploy without saying so in their name.
var deployActions = map[string]bool{
	"azure/functions-action": true, "azure/webapps-deploy": true,
	"akhileshns/heroku-deploy": true, "amondnet/vercel-action": true, "cloudflare/wrangler-action": true,
	"aws-actions/amazon-ecs-deploy-task-definition": true, "google-github-actions/deploy-cloudrun": true,
	"azure/container-apps-deploy-action": true, "azure/k8s-deploy": true, "appleboy/ssh-action": true,
	"serverless/github-action": true, "nwtgck/actions-netlify": true,
}

// actionSignal is the github-action package of a `uses: name@ref`. The
// ref is the Version only when it is a version tag (v4, v4.1.2, 1.2.0); a
// full commit SHA goes to the attribute sha and any other ref (a branch
// such as main) to the attribute ref, with Version empty.
func actionSignal(name, ref string, line int) stack.Signal {
	s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoAction, Name: name, Line: line}
	switch {
	case ref == "":
	case isCommitSHA(ref):
		s.Attrs = map[string]string{"sha": ref}
	case imageref.TagVersion(ref) != "":
		s.Version = ref
	default:
		s.Attrs = map[string]string{"ref": ref}
	}
	return s
}

// isCommitSHA reports whether ref is a full 40-hex-digit commit id.
func isCommitSHA(ref string) bool {
	if len(ref) != 40 {
		return false
	}
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// GitLabCI reads .gitlab-ci.yml.
var GitLabCI = detect.Detector{
	Name: "gitlab-ci",
	Doc: "Reads GitLab CI configuration (.gitlab-ci.yml; !reference tags are accepted): tool gitlab-ci, `image:` values (global, default and per job) " +
		"and job `services:` as images of scope dev (they are the build environment, not the deployed stack; services are marked supported=ci-service, a variable tag is dropped), " +
		"`parallel: matrix:` variables naming database engines or versions as dev-scoped datastores marked supported=ci-matrix, and a ci-pipeline fact " +
		"(jobs = top-level keys that are not keywords or hidden .templates; deploys when a job or stage name, an environment or a script suggests a deployment).",
	Files:  []string{".gitlab-ci.yml", ".gitlab-ci.yaml"},
	Match:  func(p string) bool { return path.Base(p) == ".gitlab-ci.yml" || path.Base(p) == ".gitlab-ci.yaml" },
	Detect: detectGitLab,
}

var gitlabKeywords = map[string]bool{
	"stages": true, "variables": true, "image": true, "services": true, "include": true, "default": true,
	"workflow": true, "before_script": true, "after_script": true, "cache": true, "types": true, "spec": true,
}

func detectGitLab(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, err
	}
	out := []stack.Signal{toolSignal("gitlab-ci", root.Line)}
	image := func(n *yaml.Node, role string) {
		ref := docnode.Scalar(n)
		if ref == "" {
			ref = docnode.Scalar(docnode.Get(n, "name"))
		}
		if ref == "" {
			return
		}
		if strings.Contains(ref, "$") {
			// A service's name may be fixed while its tag is a variable
			// (postgres:$PG_VERSION); a build image so written says nothing.
			r := imageref.Parse(ref)
			if role == "" || r.Name == "" || strings.Contains(r.Name, "$") {
				return
			}
			ref = r.Name
		}
		var attrs map[string]string
		if role != "" {
			attrs = map[string]string{"role": role, stack.AttrSupported: "ci-service"}
		}
		out = append(out, imageref.BuildSignals(ref, n.Line, attrs)...)
	}
	withImages := func(m *yaml.Node) {
		if n := docnode.Get(m, "image"); n != nil {
			image(n, "")
		}
		for _, s := range docnode.Items(docnode.Get(m, "services")) {
			image(s, "service")
		}
	}
	withImages(root)
	withImages(docnode.Get(root, "default"))
	jobs, deploys := 0, false
	docnode.EachPair(root, func(k, job *yaml.Node) {
		if gitlabKeywords[k.Value] || job == nil || job.Kind != yaml.MappingNode {
			return
		}
		if !strings.HasPrefix(k.Value, ".") {
			jobs++
			if deployWords.MatchString(k.Value) || deployWords.MatchString(docnode.Scalar(docnode.Get(job, "stage"))) || docnode.Get(job, "environment") != nil || scriptDeploys(docnode.Get(job, "script")) {
				deploys = true
			}
		}
		withImages(job)
		out = append(out, gitlabMatrix(job)...)
	})

	out = append(out, pipelineFact("gitlab-ci", root.Line, jobs, deploys))
	return out, err
}

// scriptDeploys reports whether a script (string or list) runs a deploy command.
func scriptDeploys(n *yaml.Node) bool {
	if deployCommands.MatchString(docnode.Scalar(n)) {
		return true
	}
	for _, it := range docnode.Items(n) {
		if deployCommands.MatchString(docnode.Scalar(it)) {
			return true
		}
	}
	return false
}
