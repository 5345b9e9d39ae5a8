package rules

import (
	"fmt"
	"time"

	"github.com/stacklint/stacklint/internal/imageref"
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
		Effort:    rule.EffortLow,
		Doc: "An image tagged `latest`, or not tagged at all, changes under you: two builds of the same " +
			"commit run different software, a compromised or broken upstream release ships without " +
			"review, and a rollback does not roll back.\n\n" +
			"The rule needs no profile. It reads the `unpinned-image` facts of production files: base " +
			"images of Dockerfiles (build stages included), Compose services, Kubernetes workloads, Helm " +
			"values, kustomize images and the images PaaS (Kamal, Cloud Foundry, Fly.io, Render) " +
			"and Aspire files deploy, whose reference has the tag `latest` or no tag, and no digest; CI " +
			"job images are the build environment and are not read, and an image a Skaffold artifact names (`build.artifacts[].image`) " +
			"is a placeholder Skaffold tags when it deploys, not an unpinned image. " +
			"All of them make one finding listing every reference; the fix shows a supported version " +
			"tag for the images the catalog knows.",
		Remediation: "Pin a version tag (`node:20.11-alpine`), ideally with its digest " +
			"(`node:20.11-alpine@sha256:…`), and let Dependabot or Renovate propose updates.",
	},
	Check: checkUnpinnedImage,
}

func checkUnpinnedImage(ctx *rule.Context) []rule.Finding {
	var ev []stack.Evidence
	var images, where []string
	files := map[string]bool{}
	seen := map[string]bool{}
	built := builtImages(ctx)
	for _, f := range ctx.Facts(stack.FactUnpinnedImage) {
		img := f.Attr("image")
		if built[imageref.Parse(img).Name] {
			continue // a placeholder the build tool tags when it deploys
		}
		e := rule.FactEvidence(f, "image "+img)
		ev = append(ev, e)
		files[f.File] = true
		where = append(where, "`"+img+"` ("+e.String()+")")
		if !seen[img] {
			seen[img] = true
			images = append(images, img)
		}
	}
	if len(ev) == 0 {
		return nil
	}
	msg := "The image " + where[0] + " is not pinned: it uses `latest` or no tag, and no digest."
	if len(ev) > 1 {
		msg = fmt.Sprintf("%d image references in %d files are not pinned (`latest` or no tag, and no digest): %s.",
			len(ev), len(files), foldList(where, 4))
	}
	return []rule.Finding{{
		Message:     msg,
		Evidence:    ev,
		Subject:     "unpinned",
		Remediation: unpinnedRemediation(ctx, images),
	}}
}

// builtImages are the names of the images the repository's build tool
// builds and tags itself when it deploys (Skaffold artifacts), from any
// file of the repository.
func builtImages(ctx *rule.Context) map[string]bool {
	out := map[string]bool{}
	if ctx.Stack == nil {
		return out
	}
	for _, f := range ctx.Stack.Facts {
		if f.Name == stack.FactBuiltImage {
			out[imageref.Parse(f.Attr("image")).Name] = true
		}
	}
	return out
}

// unpinnedRemediation shows the pin for the finding's own images: a
// supported release line from the catalog when it knows the image
// (`postgres:18`), else a placeholder.
func unpinnedRemediation(ctx *rule.Context, images []string) string {
	var ex []string
	for _, img := range images {
		if len(ex) == 3 {
			break
		}
		name := imageref.Parse(img).Name
		ex = append(ex, "`"+name+":"+pinExample(ctx, name)+"`")
	}
	return "Pin every image the finding lists to a version tag, ideally with its digest (" + rule.JoinAnd(ex) +
		", then `@sha256:…`), and let Dependabot or Renovate propose updates."
}

// pinExample is the newest supported release line the catalog gives for
// an image ("18" for postgres), or "<version>".
func pinExample(ctx *rule.Context, image string) string {
	if ctx.Catalog == nil {
		return "<version>"
	}
	today := ctx.Today
	if today.IsZero() {
		today = time.Now()
	}
	best := ""
	for _, e := range ctx.Catalog.Lookup(stack.EcoDocker, image) {
		for _, cy := range e.EOL {
			if (cy.EOL.IsZero() || cy.EOL.After(today)) && (cy.Released.IsZero() || !cy.Released.After(today)) && (best == "" || versionLess(best, cy.Cycle)) {
				best = cy.Cycle
			}
		}
		if best != "" {
			return best
		}
	}
	return "<version>"
}
