package rules

import (
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// UnpinnedImage fires for images with the tag "latest" or no tag.
var UnpinnedImage = rule.Rule{
	Info: rule.Info{
		ID:        "security/unpinned-image",
		Title:     "Unpinned container image",
		Criterion: rule.CriterionSecurity,
		Severity:  rule.SeverityWarning,
		Doc: "An image tagged `latest`, or not tagged at all, changes under you: two builds of the same " +
			"commit run different software, a compromised or broken upstream release ships without " +
			"review, and a rollback does not roll back.\n\n" +
			"The rule needs no profile. It fires for every base image, Compose or Kubernetes image " +
			"reference that has the tag `latest` or no tag, and no digest.",
		Remediation: "Pin a version tag (`node:20.11-alpine`), ideally with its digest " +
			"(`node:20.11-alpine@sha256:…`), and let Dependabot or Renovate propose updates.",
	},
	Check: checkUnpinnedImage,
}

func checkUnpinnedImage(ctx *rule.Context) []rule.Finding {
	var out []rule.Finding
	for _, f := range ctx.Facts(stack.FactUnpinnedImage) {
		img := f.Attr("image")
		ev := rule.FactEvidence(f, "image "+img)
		out = append(out, rule.Finding{
			Message:  "The image `" + img + "` (" + ev.String() + ") is not pinned: it uses `latest` or no tag, and no digest.",
			Evidence: []stack.Evidence{ev},
			Subject:  f.File + "|" + img,
		})
	}
	return out
}
