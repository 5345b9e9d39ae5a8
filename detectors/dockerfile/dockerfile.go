// Package dockerfile detects Dockerfiles (and Containerfiles) with
// buildkit's parser: base images of every stage, the final stage's user,
// healthcheck, exposed ports and the process it starts (recognised by
// detectors/internal/proccmd). Image references become signals through
// internal/imageref, as in every detector.
package dockerfile

import (
	"bytes"
	"context"
	"errors"
	"path"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/stacklint/stacklint/detectors/internal/envname"
	"github.com/stacklint/stacklint/detectors/internal/proccmd"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads Dockerfiles.
var Detector = detect.Detector{
	Name: "dockerfile",
	Doc: "Reads Dockerfiles (`Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`) with buildkit's parser. " +
		"Emits tool `docker`; every stage's `FROM` as a docker image (normalised repository, the tag's leading version as version and the full tag in attr `tag`; " +
		"global `ARG` defaults substituted; stage names are not images), plus a runtime signal when a word of the tag names a runtime and its version (`…:python3.10`, `gradle:8.7-jdk21`), with a `base-image` fact (image, tag, stage, final); " +
		"images of build stages (neither the final stage nor a stage it is built `FROM`) and `COPY --from=<image>` sources have scope dev and attr `build_stage=true`; " +
		"an `unpinned-image` fact (with `final`) for `latest` or untagged images without digest, build stages included; " +
		"for the final stage a `container-user` fact (user, root; for root, `privilege_drop` names su-exec, gosu, setpriv, s6-setuidgid or chpst when the stage installs or starts with one), a `healthcheck` fact (kind dockerfile) unless `HEALTHCHECK NONE`, " +
		"and a `process` fact for its `ENTRYPOINT`/`CMD` (server such as gunicorn, uvicorn, node, java, dotnet, php-fpm, puma, celery; worker class and count; exposed ports). " +
		"PHP extensions the shipped stages install (`docker-php-ext-install pdo_pgsql redis`, `docker-php-ext-enable`, `pecl install redis-6.0.2`, `install-php-extensions`, distribution packages such as `apk add php83-pgsql php83-pecl-redis` or `apt-get install php8.2-mysql`) " +
		"are composer packages `ext-<name>` (source dockerfile, the RUN line; a pecl version as version), as composer.json's `ext-*` requirements are. " +
		"Dockerfiles under `.devcontainer/`, and variants named for development, debugging or tests (`Dockerfile.dev`, `Dockerfile.debug`, `test.Dockerfile`, `Dockerfile.playwright`...), are development tooling: every signal has scope dev. " +
		"So is an image whose content says so, whatever its name (facts carry attr `dev` with the reason): a final stage built on a Playwright, Cypress or code-generator image, " +
		"a RUN of the final stage installing Xdebug, air, CompileDaemon, reflex or Delve, or a command running a hot-reload watcher (air, CompileDaemon, reflex, nodemon, ts-node-dev, watchfiles, watchmedo, `--reload`, `--watch`), " +
		"a debugger (dlv, debugpy), a package manager's dev script (`npm run dev`), an end-to-end runner (Playwright, Cypress) or a code generator (protoc, `buf generate`, `sqlc generate`, oapi-codegen).",
	Files:  []string{"Dockerfile*", "dockerfile", "Containerfile*", "containerfile", "*.Dockerfile", "*.dockerfile", "*.Containerfile"},
	Match:  Match,
	Detect: detectDockerfile,
}

// Match reports whether a path names a Dockerfile: Dockerfile or
// Containerfile (also lowercase), Dockerfile.<suffix>, <name>.Dockerfile or
// <name>.dockerfile, but not Dockerfile.dockerignore.
func Match(p string) bool {
	b := path.Base(p)
	switch b {
	case "Dockerfile", "dockerfile", "Containerfile", "containerfile":
		return true
	}
	if strings.HasPrefix(b, "Dockerfile.") || strings.HasPrefix(b, "Containerfile.") {
		return !strings.HasSuffix(b, ".dockerignore") && !strings.HasSuffix(b, ".md")
	}
	return strings.HasSuffix(b, ".Dockerfile") || strings.HasSuffix(b, ".dockerfile") || strings.HasSuffix(b, ".Containerfile")
}

// devVariantTools name Dockerfile variants for development tooling; a
// variant named after a development environment is one too (envname.Dev).
var devVariantTools = map[string]bool{
	"develop": true, "debug": true, "cypress": true, "playwright": true, "devcontainer": true, "lint": true,
}

// DevVariant reports whether a Dockerfile's name marks a development,
// debugging or test variant: Dockerfile.dev, Dockerfile.debug,
// dev.Dockerfile, Dockerfile.e2e-tests. The plain Dockerfile and production
// variants (Dockerfile.prod, api.Dockerfile) are not.
func DevVariant(p string) bool {
	b := strings.ToLower(path.Base(p))
	var variant string
	switch {
	case strings.HasPrefix(b, "dockerfile."):
		variant = strings.TrimPrefix(b, "dockerfile.")
	case strings.HasPrefix(b, "containerfile."):
		variant = strings.TrimPrefix(b, "containerfile.")
	case strings.HasSuffix(b, ".dockerfile"):
		variant = strings.TrimSuffix(b, ".dockerfile")
	case strings.HasSuffix(b, ".containerfile"):
		variant = strings.TrimSuffix(b, ".containerfile")
	}
	if envname.Dev(variant) {
		return true
	}
	for _, w := range envname.Parts(variant) {
		if devVariantTools[w] {
			return true
		}
	}
	return false
}

// InDevContainer reports whether a path lies under a .devcontainer folder:
// what it defines is development tooling, not the deployed stack.
func InDevContainer(p string) bool {
	return strings.HasPrefix(p, ".devcontainer/") || strings.Contains(p, "/.devcontainer/")
}

// command is a CMD or ENTRYPOINT.
type command struct {
	args  []string // exec form
	text  string   // shell form
	shell bool
	line  int
}

func (c *command) words() []string {
	if c.shell {
		return []string{"/bin/sh", "-c", c.text}
	}
	return c.args
}

func (c *command) String() string {
	if c.shell {
		return c.text
	}
	return strings.Join(c.args, " ")
}

// stage is one FROM section, with what it inherits from a parent stage.
type stage struct {
	index      int
	name       string
	line       int
	raw        string // image as written, ARGs substituted
	fromArg    bool   // the FROM image was written with a variable
	ref        imageref.Ref
	parent     *stage // set when FROM names an earlier stage
	user       string
	userLine   int
	health     bool
	healthLine int
	expose     []string
	exposeLine int
	cmd        *command
	cmdOwn     bool
	entrypoint *command
	runs       []string // this stage's own RUN instructions, heredocs included
	runLines   []int    // the line of each RUN instruction
}

// root returns the stage whose FROM names an image, following parents.
func (s *stage) root() *stage {
	r := s
	for i := 0; r.parent != nil && i < 1000; i++ {
		r = r.parent
	}
	return r
}

func (s *stage) label() string {
	if s.name != "" {
		return s.name
	}
	return strconv.Itoa(s.index)
}

func detectDockerfile(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if len(bytes.TrimSpace(in.Data)) == 0 {
		return nil, nil
	}
	res, err := parser.Parse(bytes.NewReader(in.Data))
	if err != nil {
		if strings.Contains(err.Error(), "file with no instructions") {
			return nil, nil // only comments
		}
		return nil, parseError(err, in.Data)
	}
	sigs, perr := analyse(res, nil)
	reason := ""
	if InDevContainer(in.Path) || DevVariant(in.Path) {
		reason = "name"
	} else if w := walk(res, nil); len(w.stages) > 0 {
		reason = devReason(w.stages[len(w.stages)-1])
	}
	if reason != "" {
		for i := range sigs {
			sigs[i].Scope = stack.ScopeDev
			if reason != "name" && sigs[i].Kind == stack.KindFact {
				if sigs[i].Attrs == nil {
					sigs[i].Attrs = map[string]string{}
				}
				sigs[i].Attrs["dev"] = reason
			}
		}
	}
	return sigs, perr
}

// DevDockerfile says why a Dockerfile builds a development image by its
// content ("hot reload (air)", "debugger (Xdebug)", "end-to-end tests
// (Cypress)"), or "" when it does not or cannot be parsed. See DevCommand,
// DevImage.
func DevDockerfile(data []byte) string {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	w := walk(res, nil)
	if len(w.stages) == 0 {
		return ""
	}
	return devReason(w.stages[len(w.stages)-1])
}

// runText is the text of a RUN instruction with its heredocs.
func runText(n *parser.Node) string {
	var b strings.Builder
	for x := n.Next; x != nil; x = x.Next {
		b.WriteString(x.Value)
		b.WriteByte(' ')
	}
	for _, h := range n.Heredocs {
		b.WriteString(h.Content)
		b.WriteByte('\n')
	}
	return b.String()
}

// maxLine is the longest line buildkit's parser reads (its scanner's
// buffer); it reports a longer one without its position.
const maxLine = 65535

func parseError(err error, data []byte) error {
	if strings.Contains(err.Error(), "line greater than max allowed size") {
		for n, rest := 1, data; len(rest) > 0; n++ {
			line, next, _ := bytes.Cut(rest, []byte("\n"))
			if len(line) > maxLine {
				return detect.Errorf(n, 0, "invalid Dockerfile: line %d is %s bytes long, over the %s bytes per line the parser reads", n, detect.Thousands(int64(len(line))), detect.Thousands(maxLine))
			}
			rest = next
		}
	}
	var le *parser.LocationError
	line := 0
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		line = le.Locations[0][0].Start.Line
	}
	return detect.Errorf(line, 0, "invalid Dockerfile: %v", err)
}

// BuildArgImages returns the image signals of the FROM lines of a
// Dockerfile that name their image through a build argument
// (`ARG BASE_IMAGE` + `FROM ${BASE_IMAGE}`), resolved with args (the
// `build.args` a Compose file passes; they override the ARG defaults).
// Images of build stages get scope dev and build_stage=true as in the
// Dockerfile detector. It returns nil when the Dockerfile cannot be parsed
// or no FROM depends on an argument.
func BuildArgImages(data []byte, args map[string]string) []stack.Signal {
	if len(args) == 0 || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	w := walk(res, args)
	if len(w.stages) == 0 {
		return nil
	}
	final := w.stages[len(w.stages)-1]
	shipped := shippedStages(final)
	var out []stack.Signal
	for _, s := range w.stages {
		if s.parent != nil || !s.fromArg {
			continue
		}
		for _, sig := range stageImage(s.raw, s.line, s.label(), shipped[s], s == final, nil) {
			if sig.Kind == stack.KindImage {
				out = append(out, sig)
			}
		}
	}
	return out
}

// walked is what walk finds in a Dockerfile.
type walked struct {
	stages []*stage
	copies []copyFrom
	errs   []error
}

// shippedStages returns the final stage and the stages it is built FROM:
// they make the image that ships; every other stage only builds artefacts.
func shippedStages(final *stage) map[*stage]bool {
	shipped := map[*stage]bool{}
	for s, i := final, 0; s != nil && i < 1000; s, i = s.parent, i+1 {
		shipped[s] = true
	}
	return shipped
}

// analyse walks the instructions and returns the signals. overrides are
// build arguments that replace global ARG defaults.
func analyse(res *parser.Result, overrides map[string]string) ([]stack.Signal, error) {
	w := walk(res, overrides)
	stages, copies, errs := w.stages, w.copies, w.errs
	if len(stages) == 0 {
		errs = append(errs, detect.Errorf(0, 0, "no FROM instruction; expected a Dockerfile starting with `FROM <image>`"))
		return nil, errors.Join(errs...)
	}

	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "docker", Line: 1}}
	final := stages[len(stages)-1]
	shipped := shippedStages(final)
	for _, s := range stages {
		isFinal := s == final
		root := s.root()
		fact := stack.Signal{Kind: stack.KindFact, Name: stack.FactBaseImage, Line: s.line, Attrs: map[string]string{
			"image": root.ref.Name, "tag": root.ref.Tag, "stage": s.label(), "final": strconv.FormatBool(isFinal),
		}}
		if !shipped[s] {
			fact.Attrs["build_stage"] = "true"
		}
		if !root.ref.Resolved() {
			fact.Attrs["image"] = root.raw
		}
		if root.ref.Digest != "" {
			fact.Attrs["digest"] = root.ref.Digest
		}
		if s.parent != nil {
			fact.Attrs["parent"] = s.parent.label()
		} else {
			out = append(out, stageImage(s.raw, s.line, s.label(), shipped[s], isFinal, nil)...)
		}
		out = append(out, fact)
	}
	for _, c := range copies {
		out = append(out, stageImage(c.raw, c.line, c.stage.label(), false, false, map[string]string{"copy_from": "true"})...)
	}
	out = append(out, finalSignals(final)...)
	for _, s := range stages {
		if shipped[s] {
			out = append(out, phpExtensionSignals(s)...)
		}
	}
	return out, errors.Join(errs...)
}

// walk reads the stages of a Dockerfile and the COPY --from images.
func walk(res *parser.Result, overrides map[string]string) walked {
	lex := shell.NewLex(res.EscapeToken)
	lex.SkipUnsetEnv = true
	var globalArgs []string
	var stages []*stage
	var errs []error
	var copies []copyFrom
	byName := map[string]*stage{}
	var cur *stage
	for _, n := range res.AST.Children {
		switch strings.ToUpper(n.Value) {
		case "ARG":
			if cur != nil {
				continue // stage-local ARGs do not reach FROM
			}
			for x := n.Next; x != nil; x = x.Next {
				k, v, ok := strings.Cut(x.Value, "=")
				if o, set := overrides[k]; set {
					globalArgs = append(globalArgs, k+"="+o)
					continue
				}
				if !ok {
					continue
				}
				if r, err := lex.ProcessWordWithMatches(v, shell.EnvsFromSlice(globalArgs)); err == nil {
					v = r.Result
				}
				globalArgs = append(globalArgs, k+"="+v)
			}
		case "FROM":
			if n.Next == nil || strings.TrimSpace(n.Next.Value) == "" {
				errs = append(errs, detect.Errorf(n.StartLine, 0, "FROM without an image; expected `FROM <image>[:tag] [AS name]`"))
				continue
			}
			raw := n.Next.Value
			if r, err := lex.ProcessWordWithMatches(raw, shell.EnvsFromSlice(globalArgs)); err == nil && r.Result != "" {
				raw = r.Result
			}
			s := &stage{index: len(stages), line: n.StartLine, raw: raw, fromArg: strings.Contains(n.Next.Value, "$")}
			if as := n.Next.Next; as != nil && strings.EqualFold(as.Value, "AS") && as.Next != nil {
				s.name = as.Next.Value
			}
			if p, ok := byName[strings.ToLower(raw)]; ok {
				s.parent = p
				s.user, s.userLine = p.user, p.userLine
				s.health, s.healthLine = p.health, p.healthLine
				s.expose, s.exposeLine = append([]string(nil), p.expose...), p.exposeLine
				s.cmd, s.entrypoint = p.cmd, p.entrypoint
				s.ref = p.root().ref
			} else {
				s.ref = imageref.Parse(raw)
			}
			stages = append(stages, s)
			if s.name != "" {
				byName[strings.ToLower(s.name)] = s
			}
			cur = s
		case "COPY":
			if cur == nil {
				continue
			}
			for _, fl := range n.Flags {
				k, v, ok := strings.Cut(fl, "=")
				if !ok || !strings.EqualFold(k, "--from") || v == "" {
					continue
				}
				if r, err := lex.ProcessWordWithMatches(v, shell.EnvsFromSlice(globalArgs)); err == nil && r.Result != "" {
					v = r.Result
				}
				if _, ok := byName[strings.ToLower(v)]; ok {
					continue // an earlier stage
				}
				if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(stages) {
					continue // an earlier stage by index
				}
				copies = append(copies, copyFrom{raw: v, line: n.StartLine, stage: cur})
			}
		case "RUN":
			if cur != nil {
				cur.runs = append(cur.runs, runText(n))
				cur.runLines = append(cur.runLines, n.StartLine)
			}
		case "USER":
			if cur != nil && n.Next != nil {
				cur.user, cur.userLine = n.Next.Value, n.StartLine
			}
		case "HEALTHCHECK":
			if cur != nil && n.Next != nil {
				cur.health = !strings.EqualFold(n.Next.Value, "NONE")
				cur.healthLine = n.StartLine
			}
		case "EXPOSE":
			if cur != nil {
				for x := n.Next; x != nil; x = x.Next {
					cur.expose = append(cur.expose, x.Value)
				}
				cur.exposeLine = n.StartLine
			}
		case "CMD":
			if cur != nil {
				cur.cmd, cur.cmdOwn = toCommand(n), true
			}
		case "ENTRYPOINT":
			if cur != nil {
				cur.entrypoint = toCommand(n)
				if !cur.cmdOwn {
					cur.cmd = nil // ENTRYPOINT resets an inherited CMD
				}
			}
		}
	}
	return walked{stages: stages, copies: copies, errs: errs}
}

// copyFrom is a `COPY --from=<image>` naming an image, not a stage.
type copyFrom struct {
	raw   string
	line  int
	stage *stage
}

// stageImage returns the image signals of a FROM or COPY --from image:
// images that do not ship in the final image (build stages, COPY --from
// sources) get scope dev and the attribute build_stage=true; the
// unpinned-image fact keeps the default scope (an unpinned build image is
// still a supply-chain risk) and says whether the stage is final.
func stageImage(raw string, line int, label string, shipped, final bool, extra map[string]string) []stack.Signal {
	attrs := map[string]string{"stage": label}
	for k, v := range extra {
		attrs[k] = v
	}
	if !shipped {
		attrs["build_stage"] = "true"
	}
	sigs := imageref.Signals(raw, line, attrs)
	for i := range sigs {
		switch sigs[i].Kind {
		case stack.KindImage, stack.KindRuntime:
			if !shipped {
				sigs[i].Scope = stack.ScopeDev
			}
		case stack.KindFact:
			sigs[i].Attrs["final"] = strconv.FormatBool(final)
		}
	}
	return sigs
}

func toCommand(n *parser.Node) *command {
	c := &command{line: n.StartLine}
	if n.Attributes["json"] {
		for x := n.Next; x != nil; x = x.Next {
			c.args = append(c.args, x.Value)
		}
		return c
	}
	c.shell = true
	if n.Next != nil {
		c.text = n.Next.Value
	}
	return c
}

// privilegeDroppers are the tools an entrypoint uses to start the process
// as another user after root's set-up (chown of a volume, then exec).
var privilegeDroppers = []string{"su-exec", "gosu", "setpriv", "s6-setuidgid", "chpst"}

// privilegeDrop names the tool a root final stage installs or starts with
// to drop to another user (`apk add su-exec`, `ENTRYPOINT ["gosu", ...]`),
// or "".
func privilegeDrop(s *stage) string {
	texts := append([]string(nil), s.runs...)
	if s.entrypoint != nil {
		texts = append(texts, s.entrypoint.String())
	}
	if s.cmd != nil {
		texts = append(texts, s.cmd.String())
	}
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
			return r == ' ' || r == '\t' || r == '\n' || r == '"' || r == '\'' || r == ',' || r == '[' || r == ']' || r == ';' || r == '&' || r == '|' || r == '\\'
		}) {
			for _, d := range privilegeDroppers {
				if w == d || path.Base(w) == d {
					return d
				}
			}
		}
	}
	return ""
}

// finalSignals are the facts about the image the Dockerfile produces.
func finalSignals(s *stage) []stack.Signal {
	var out []stack.Signal
	root := s.root()
	userAttrs := map[string]string{"user": s.user, "stage": s.label()}
	line := s.userLine
	if line == 0 {
		line = s.line
	}
	switch {
	case s.user != "":
		userAttrs["root"] = strconv.FormatBool(isRootUser(s.user))
	case strings.Contains(root.ref.Tag, "nonroot"):
		// distroless :nonroot and similar images default to a non-root user.
		userAttrs["root"] = "false"
		userAttrs["source"] = "image"
	default:
		userAttrs["root"] = "true"
	}
	if userAttrs["root"] == "true" {
		if tool := privilegeDrop(s); tool != "" {
			userAttrs["privilege_drop"] = tool
		}
	}
	out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactContainerUser, Line: line, Attrs: userAttrs})
	if s.health {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactHealthcheck, Line: s.healthLine, Attrs: map[string]string{"kind": "dockerfile"}})
	}

	var proc *stack.Signal
	switch {
	case s.entrypoint != nil:
		words := s.entrypoint.words()
		text := s.entrypoint.String()
		if !s.entrypoint.shell && s.cmd != nil {
			words = append(append([]string(nil), words...), s.cmd.words()...)
			text += " " + s.cmd.String()
		}
		proc = &stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: s.entrypoint.line, Attrs: proccmd.RecognizeArgs(words).Attrs(strings.TrimSpace(text))}
		if p := proccmd.RecognizeArgs(words); p.Server == "" && s.cmd != nil {
			// The entrypoint is a script we cannot see; CMD may still tell.
			if pc := proccmd.RecognizeArgs(s.cmd.words()); pc.Server != "" {
				proc.Attrs = pc.Attrs(strings.TrimSpace(text))
				proc.Line = s.cmd.line
			}
		}
	case s.cmd != nil:
		proc = &stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: s.cmd.line, Attrs: proccmd.RecognizeArgs(s.cmd.words()).Attrs(s.cmd.String())}
	case len(s.expose) > 0:
		proc = &stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: s.exposeLine, Attrs: map[string]string{"command": ""}}
	}
	if proc != nil {
		if len(s.expose) > 0 {
			proc.Attrs["expose"] = strings.Join(s.expose, ",")
		}
		proc.Attrs["stage"] = s.label()
		out = append(out, *proc)
	}
	return out
}

// isRootUser reports whether a USER value (user[:group]) is root.
func isRootUser(u string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(u), ":")
	return name == "root" || name == "0"
}
