package rules

import (
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
		Doc: "A process running as root inside a container turns any remote-code-execution bug into " +
			"root on the container, one kernel or runtime bug away from the host, and can rewrite " +
			"everything in the image.\n\n" +
			"The rule needs no profile. It fires for every Dockerfile whose final stage sets no `USER`, " +
			"or sets `root` or UID 0. A Kubernetes `runAsNonRoot: true` does not silence it: the image " +
			"should not need that guard.",
		Remediation: "Add a non-root user to the final stage and switch to it (`RUN adduser -D app` then " +
			"`USER app`, or a distroless `:nonroot` base image), making the files it writes owned by it.",
	},
	Check: checkContainerRoot,
}

func checkContainerRoot(ctx *rule.Context) []rule.Finding {
	var out []rule.Finding
	for _, f := range ctx.Facts(stack.FactContainerUser) {
		if f.Attr("root") != "true" {
			continue
		}
		how := "sets no USER"
		if u := f.Attr("user"); u != "" {
			how = "runs as USER " + u
		}
		stage := ""
		if s := f.Attr("stage"); s != "" && strings.Trim(s, "0123456789") != "" {
			// Named stages read well; unnamed ones are numbered from 0 and
			// say nothing the file and line do not.
			stage = " (" + s + ")"
		}
		ev := rule.FactEvidence(f, "final stage"+stage+" "+how)
		out = append(out, rule.Finding{
			Message:  "The final stage" + stage + " of " + f.File + " " + how + ", so the container runs as root (" + ev.String() + ").",
			Evidence: []stack.Evidence{ev},
			Subject:  f.File + "|" + f.Attr("stage"),
		})
	}
	return out
}
