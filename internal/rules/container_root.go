package rules

import (
	"fmt"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// ContainerRoot fires when the final stage of an image runs as root.
var ContainerRoot = rule.Rule{
	Info: rule.Info{
		ID:        "security/container-root",
		Title:     "Container runs as root",
		Criterion: rule.CriterionSecurity,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortLow,
		Doc: "A process running as root inside a container turns any remote-code-execution bug into " +
			"root on the container, one kernel or runtime bug away from the host, and can rewrite " +
			"everything in the image.\n\n" +
			"The rule needs no profile. It reads the final stage of every production Dockerfile (the " +
			"`container-user` fact: its last `USER`, or a distroless `:nonroot` base image) and fires when " +
			"it sets no `USER`, or sets `root` or UID 0; development and test Dockerfiles are not read, and " +
			"neither is a root stage that installs or starts with su-exec, gosu, setpriv, s6-setuidgid or " +
			"chpst (the entrypoint's set-up runs as root, then the process drops to another user). " +
			"All such Dockerfiles make one finding listing each of them. A Kubernetes " +
			"`runAsNonRoot: true` does not silence it: the image should not need that guard.",
		Remediation: "Add a non-root user to the final stage and switch to it (`RUN adduser -D app` then " +
			"`USER app`, or a distroless `:nonroot` base image), making the files it writes owned by it.",
	},
	Check: checkContainerRoot,
}

func checkContainerRoot(ctx *rule.Context) []rule.Finding {
	var ev []stack.Evidence
	var parts, single []string
	for _, f := range ctx.Facts(stack.FactContainerUser) {
		if f.Attr("root") != "true" || f.Attr("privilege_drop") != "" {
			continue // not root, or root only to drop privileges (su-exec, gosu)
		}
		how := "sets no USER"
		if u := f.Attr("user"); u != "" {
			how = "runs as USER " + u
		}
		stage := ""
		if s := f.Attr("stage"); s != "" && strings.Trim(s, "0123456789") != "" {
			stage = " (" + s + ")"
		}
		e := rule.FactEvidence(f, "final stage"+stage+" "+how)
		ev = append(ev, e)
		parts = append(parts, e.String()+" "+how)
		single = append(single, "The final stage"+stage+" of "+f.File+" "+how)
	}
	switch len(ev) {
	case 0:
		return nil
	case 1:
		return []rule.Finding{{
			Message:     single[0] + ", so the container runs as root (" + ev[0].String() + ").",
			Evidence:    ev,
			Subject:     "root",
			Remediation: rootRemediation(ev),
		}}
	}
	return []rule.Finding{{
		Message:     fmt.Sprintf("%d Dockerfiles build images whose container runs as root: %s.", len(ev), foldList(parts, 4)),
		Evidence:    ev,
		Subject:     "root",
		Remediation: rootRemediation(ev),
	}}
}

// rootRemediation names the Dockerfiles to change.
func rootRemediation(ev []stack.Evidence) string {
	files := make([]string, 0, len(ev))
	for _, e := range ev {
		files = append(files, "`"+e.File+"`")
	}
	return "In the final stage of " + foldList(files, 4) + ", create a non-root user and switch to it " +
		"(`RUN adduser -D app` on Alpine, `RUN useradd -r app` on Debian, then `USER app`), or build FROM a " +
		"distroless `:nonroot` image; make the files the process writes owned by that user."
}
