package ci

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// CircleCI reads .circleci/config.yml.
var CircleCI = detect.Detector{
	Name:  "circleci",
	Doc:   "Reads CircleCI configuration (.circleci/config.yml): tool circleci and a ci-pipeline fact (jobs = entries of `jobs`; deploys when a job or workflow step name, an orb command or a run command suggests a deployment).",
	Files: []string{"config.yml", "config.yaml"},
	Match: func(p string) bool {
		return p == ".circleci/config.yml" || strings.HasSuffix(p, "/.circleci/config.yml") || p == ".circleci/config.yaml"
	},
	Detect: detectCircleCI,
}

func detectCircleCI(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, err
	}
	jobs, deploys := 0, false
	docnode.EachPair(docnode.Get(root, "jobs"), func(k, job *yaml.Node) {
		jobs++
		if deployWords.MatchString(k.Value) {
			deploys = true
		}
		for _, st := range docnode.Items(docnode.Get(job, "steps")) {
			if stepDeploys(st) {
				deploys = true
			}
		}
	})

	// Workflows may run orb jobs such as aws-ecs/deploy-service-update.
	docnode.EachPair(docnode.Get(root, "workflows"), func(_, wf *yaml.Node) {
		for _, j := range docnode.Items(docnode.Get(wf, "jobs")) {
			name := docnode.Scalar(j)
			if name == "" && j.Kind == yaml.MappingNode && len(j.Content) > 0 {
				name = j.Content[0].Value
			}
			if deployWords.MatchString(name) {
				deploys = true
			}
		}
	})

	return []stack.Signal{toolSignal("circleci", root.Line), pipelineFact("circleci", yamlnode.Line(docnode.Key(root, "jobs")), jobs, deploys)}, err
}

// stepDeploys looks at a CircleCI, Drone or Buildkite step: its name, its
// command(s) or the key of a single-key step (an orb command).
func stepDeploys(st *yaml.Node) bool {
	if st == nil {
		return false
	}
	if st.Kind == yaml.ScalarNode {
		return deployWords.MatchString(st.Value)
	}
	if st.Kind == yaml.MappingNode && len(st.Content) == 2 {
		if deployWords.MatchString(st.Content[0].Value) {
			return true
		}
		st = docnode.Resolve(st.Content[1])
	}
	for _, k := range []string{"name", "label"} {
		if deployWords.MatchString(docnode.Scalar(docnode.Get(st, k))) {
			return true
		}
	}
	for _, k := range []string{"command", "commands", "run", "script"} {
		n := docnode.Get(st, k)
		if scriptDeploys(n) || scriptDeploys(docnode.Get(n, "command")) {
			return true
		}
	}
	return false
}

// Jenkins reads Jenkinsfiles.
var Jenkins = detect.Detector{
	Name:  "jenkins",
	Doc:   "Reads Jenkinsfiles (Jenkinsfile, Jenkinsfile.*): tool jenkins and a ci-pipeline fact (jobs = number of `stage(...)` declarations; deploys when a stage name or an sh command suggests a deployment). The Groovy is scanned, not executed.",
	Files: []string{"Jenkinsfile", "Jenkinsfile.*"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == "Jenkinsfile" || strings.HasPrefix(b, "Jenkinsfile.")
	},
	Detect: detectJenkins,
}

var jenkinsStage = lazyregexp.New(`\bstage\s*\(\s*(?:name\s*:\s*)?['"]([^'"\n]*)['"]`)

func detectJenkins(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	stages := jenkinsStage.FindAllSubmatch(in.Data, -1)
	deploys := deployCommands.Match(in.Data)
	for _, m := range stages {
		if deployWords.Match(m[1]) {
			deploys = true
		}
	}
	line := 1
	if i := bytes.Index(in.Data, []byte("pipeline")); i >= 0 {
		line = 1 + bytes.Count(in.Data[:i], []byte{'\n'})
	}
	return []stack.Signal{toolSignal("jenkins", line), pipelineFact("jenkins", line, len(stages), deploys)}, nil
}

// AzurePipelines reads azure-pipelines.yml.
var AzurePipelines = detect.Detector{
	Name:  "azure-pipelines",
	Doc:   "Reads Azure Pipelines definitions (azure-pipelines.yml|yaml): tool azure-pipelines and a ci-pipeline fact (jobs = job and deployment entries across stages, 1 for a steps-only pipeline; deploys when there is a deployment job or a stage, job, task or script suggests one).",
	Files: []string{"azure-pipelines.yml", "azure-pipelines.yaml"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == "azure-pipelines.yml" || b == "azure-pipelines.yaml"
	},
	Detect: detectAzure,
}

func detectAzure(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, err
	}
	jobs, deploys := 0, false
	steps := func(n *yaml.Node) {
		for _, st := range docnode.Items(n) {
			if deployWords.MatchString(docnode.Scalar(docnode.Get(st, "task"))) || deployWords.MatchString(docnode.Scalar(docnode.Get(st, "displayName"))) ||
				scriptDeploys(docnode.Get(st, "script")) || scriptDeploys(docnode.Get(st, "bash")) || scriptDeploys(docnode.Get(st, "pwsh")) {
				deploys = true
			}
		}
	}
	jobList := func(n *yaml.Node) {
		for _, j := range docnode.Items(n) {
			jobs++
			if docnode.Get(j, "deployment") != nil {
				deploys = true
			}
			if deployWords.MatchString(docnode.Scalar(docnode.Get(j, "job"))) || deployWords.MatchString(docnode.Scalar(docnode.Get(j, "displayName"))) {
				deploys = true
			}
			steps(docnode.Get(j, "steps"))
			steps(docnode.Get(docnode.Get(docnode.Get(docnode.Get(j, "strategy"), "runOnce"), "deploy"), "steps"))
		}
	}
	for _, s := range docnode.Items(docnode.Get(root, "stages")) {
		if deployWords.MatchString(docnode.Scalar(docnode.Get(s, "stage"))) {
			deploys = true
		}
		jobList(docnode.Get(s, "jobs"))
	}
	jobList(docnode.Get(root, "jobs"))
	if st := docnode.Get(root, "steps"); st != nil {
		jobs++
		steps(st)
	}
	return []stack.Signal{toolSignal("azure-pipelines", root.Line), pipelineFact("azure-pipelines", root.Line, jobs, deploys)}, err
}

// Bitbucket reads bitbucket-pipelines.yml.
var Bitbucket = detect.Detector{
	Name:   "bitbucket-pipelines",
	Doc:    "Reads Bitbucket Pipelines definitions (bitbucket-pipelines.yml): tool bitbucket-pipelines and a ci-pipeline fact (jobs = steps across all pipelines; deploys when a step has a deployment environment or its name or script suggests one).",
	Files:  []string{"bitbucket-pipelines.yml"},
	Match:  func(p string) bool { return path.Base(p) == "bitbucket-pipelines.yml" },
	Detect: detectBitbucket,
}

func detectBitbucket(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, err
	}
	jobs, deploys := 0, false
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		n = docnode.Resolve(n)
		if n == nil || depth > 32 {
			return
		}
		if st := docnode.Get(n, "step"); st != nil {
			jobs++
			if docnode.Get(st, "deployment") != nil || deployWords.MatchString(docnode.Scalar(docnode.Get(st, "name"))) || scriptDeploys(docnode.Get(st, "script")) {
				deploys = true
			}
			return
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(docnode.Get(root, "pipelines"), 0)
	return []stack.Signal{toolSignal("bitbucket-pipelines", root.Line), pipelineFact("bitbucket-pipelines", yamlnode.Line(docnode.Key(root, "pipelines")), jobs, deploys)}, err
}

// Travis reads .travis.yml.
var Travis = detect.Detector{
	Name:   "travis",
	Doc:    "Reads Travis CI configuration (.travis.yml): tool travis and a ci-pipeline fact (jobs = entries of jobs.include or matrix.include, else 1; deploys when a `deploy:` section exists or a job or script suggests one).",
	Files:  []string{".travis.yml"},
	Match:  func(p string) bool { return path.Base(p) == ".travis.yml" },
	Detect: detectTravis,
}

func detectTravis(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, err
	}
	jobs := len(docnode.Items(docnode.Get(docnode.Get(root, "jobs"), "include"))) + len(docnode.Items(docnode.Get(docnode.Get(root, "matrix"), "include")))
	if jobs == 0 {
		jobs = 1
	}
	deploys := docnode.Get(root, "deploy") != nil || scriptDeploys(docnode.Get(root, "script")) || scriptDeploys(docnode.Get(root, "after_success"))
	for _, j := range docnode.Items(docnode.Get(docnode.Get(root, "jobs"), "include")) {
		if docnode.Get(j, "deploy") != nil || deployWords.MatchString(docnode.Scalar(docnode.Get(j, "stage"))) || deployWords.MatchString(docnode.Scalar(docnode.Get(j, "name"))) {
			deploys = true
		}
	}
	return []stack.Signal{toolSignal("travis", root.Line), pipelineFact("travis", root.Line, jobs, deploys)}, err
}

// Drone reads .drone.yml (all documents).
var Drone = detect.Detector{
	Name:   "drone",
	Doc:    "Reads Drone CI configuration (.drone.yml, every document): tool drone and a ci-pipeline fact (jobs = pipelines; deploys when a pipeline or step name, a command or a deploy event trigger suggests one).",
	Files:  []string{".drone.yml", ".drone.yaml"},
	Match:  func(p string) bool { b := path.Base(p); return b == ".drone.yml" || b == ".drone.yaml" },
	Detect: detectDrone,
}

func detectDrone(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if err := nesting.Check(in.Data, nesting.YAML); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(in.Data))
	jobs, deploys := 0, false
	line := 0
	var err error
	for i := 0; i < 1000; i++ {
		var doc yaml.Node
		if e := dec.Decode(&doc); e != nil {
			if !errors.Is(e, io.EOF) {
				err = docnode.YAMLError(e)
			}
			break
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		if docnode.Scalar(docnode.Get(root, "kind")) != "pipeline" {
			continue
		}
		if line == 0 {
			line = root.Line
		}
		jobs++
		if deployWords.MatchString(docnode.Scalar(docnode.Get(root, "name"))) {
			deploys = true
		}
		for _, st := range docnode.Items(docnode.Get(root, "steps")) {
			if stepDeploys(st) {
				deploys = true
			}
		}
		for _, ev := range docnode.Items(docnode.Get(docnode.Get(root, "trigger"), "event")) {
			if docnode.Scalar(ev) == "promote" || docnode.Scalar(ev) == "rollback" {
				deploys = true
			}
		}
	}
	if jobs == 0 {
		return nil, err
	}
	return []stack.Signal{toolSignal("drone", line), pipelineFact("drone", line, jobs, deploys)}, err
}

// Buildkite reads .buildkite/pipeline.yml.
var Buildkite = detect.Detector{
	Name:  "buildkite",
	Doc:   "Reads Buildkite pipelines (.buildkite/pipeline.yml|yaml and .buildkite/pipeline.*.yml): tool buildkite and a ci-pipeline fact (jobs = command steps; deploys when a step label, key or command suggests one).",
	Files: []string{"pipeline*"},
	Match: func(p string) bool {
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		dir, b := p[:i], p[i+1:]
		return (dir == ".buildkite" || strings.HasSuffix(dir, "/.buildkite")) && strings.HasPrefix(b, "pipeline") &&
			(strings.HasSuffix(b, ".yml") || strings.HasSuffix(b, ".yaml"))
	},
	Detect: detectBuildkite,
}

func detectBuildkite(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil {
		return nil, err
	}
	steps := docnode.Get(root, "steps")
	if steps == nil {
		steps = root // a bare list of steps
	}
	jobs, deploys := 0, false
	var walk func(list *yaml.Node, depth int)
	walk = func(list *yaml.Node, depth int) {
		if depth > 8 {
			return
		}
		for _, st := range docnode.Items(list) {
			if g := docnode.Get(st, "steps"); g != nil { // group step
				walk(g, depth+1)
				continue
			}
			if docnode.Scalar(st) == "wait" || docnode.Get(st, "wait") != nil || docnode.Get(st, "block") != nil || docnode.Get(st, "input") != nil {
				continue
			}
			jobs++
			if stepDeploys(st) || deployWords.MatchString(docnode.Scalar(docnode.Get(st, "key"))) {
				deploys = true
			}
		}
	}
	walk(steps, 0)
	return []stack.Signal{toolSignal("buildkite", root.Line), pipelineFact("buildkite", root.Line, jobs, deploys)}, err
}

// CloudBuild reads Google Cloud Build configuration.
var CloudBuild = detect.Detector{
	Name:  "google-cloud-build",
	Doc:   "Reads Google Cloud Build configuration (cloudbuild.yaml|yml|json): tool google-cloud-build and a ci-pipeline fact (jobs = steps; deploys when a step's id, args or entrypoint suggest a deployment, such as `gcloud run deploy` or gke-deploy).",
	Files: []string{"cloudbuild*"},
	Match: func(p string) bool {
		b := path.Base(p)
		return strings.HasPrefix(b, "cloudbuild") && (strings.HasSuffix(b, ".yaml") || strings.HasSuffix(b, ".yml") || strings.HasSuffix(b, ".json"))
	},
	Detect: detectCloudBuild,
}

func detectCloudBuild(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.Parse(in.Path, in.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, err
	}
	jobs, deploys := 0, false
	for _, st := range docnode.Items(docnode.Get(root, "steps")) {
		jobs++
		words := []string{docnode.Scalar(docnode.Get(st, "id")), docnode.Scalar(docnode.Get(st, "name")), docnode.Scalar(docnode.Get(st, "entrypoint")), docnode.Scalar(docnode.Get(st, "script"))}
		for _, a := range docnode.Items(docnode.Get(st, "args")) {
			words = append(words, docnode.Scalar(a))
		}
		if deployWords.MatchString(strings.Join(words, " ")) {
			deploys = true
		}
	}
	line := yamlnode.Line(docnode.Key(root, "steps"))
	return []stack.Signal{toolSignal("google-cloud-build", line), pipelineFact("google-cloud-build", line, jobs, deploys)}, err
}

// Dependabot reads .github/dependabot.yml.
var Dependabot = detect.Detector{
	Name:   "dependabot",
	Doc:    "Reads Dependabot configuration (.github/dependabot.yml|yaml): tool dependabot and a dependency-bot fact (bot dependabot, ecosystems = the package-ecosystem values, comma-separated).",
	Files:  []string{"dependabot.yml", "dependabot.yaml"},
	Match:  func(p string) bool { return p == ".github/dependabot.yml" || p == ".github/dependabot.yaml" },
	Detect: detectDependabot,
}

func detectDependabot(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	line := yamlnode.Line(docnode.Key(root, "updates"))
	var ecos []string
	seen := map[string]bool{}
	for _, u := range docnode.Items(docnode.Get(root, "updates")) {
		if e := docnode.Scalar(docnode.Get(u, "package-ecosystem")); e != "" && !seen[e] {
			seen[e] = true
			ecos = append(ecos, e)
		}
	}
	fact := stack.Signal{Kind: stack.KindFact, Name: stack.FactDependencyBot, Line: max(line, 1), Attrs: map[string]string{"bot": "dependabot"}}
	if len(ecos) > 0 {
		fact.Attrs["ecosystems"] = strings.Join(ecos, ",")
	}
	return []stack.Signal{toolSignal("dependabot", line), fact}, err
}

// Renovate reads Renovate configuration files.
var Renovate = detect.Detector{
	Name:  "renovate",
	Doc:   "Names Renovate (renovate.json, renovate.json5, .renovaterc, .renovaterc.json, also under .github/ or .gitlab/): tool renovate and a dependency-bot fact (bot renovate). JSON files are checked for syntax; JSON5 is not parsed.",
	Files: []string{"renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5"},
	Match: func(p string) bool {
		switch path.Base(p) {
		case "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5":
			return true
		}
		return false
	},
	Detect: detectRenovate,
}

func detectRenovate(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	var err error
	if strings.HasSuffix(in.Path, ".json") {
		_, err = docnode.JSON(in.Data)
	}
	return []stack.Signal{
		toolSignal("renovate", 1),
		{Kind: stack.KindFact, Name: stack.FactDependencyBot, Line: 1, Attrs: map[string]string{"bot": "renovate"}},
	}, err
}
