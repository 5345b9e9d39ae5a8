package rules

import (
	"fmt"
	"sort"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// CommittedSecrets fires for secret-looking keys in committed .env files.
var CommittedSecrets = rule.Rule{
	Info: rule.Info{
		ID:        "security/committed-secrets",
		Title:     "Secrets committed in an environment file",
		Criterion: rule.CriterionSecurity,
		Severity:  rule.SeverityError,
		Effort:    rule.EffortLow,
		Doc: "A `.env` file in the repository with keys such as `DB_PASSWORD`, `API_KEY` or " +
			"`SECRET_KEY` puts credentials in every clone, fork and CI log, for as long as the history " +
			"lives.\n\n" +
			"The rule needs no profile. It fires once for each committed `.env` file holding secret-looking keys, listing them all " +
			"(not `.env.example` or `.env.sample` templates, and not values a template computes, such as ERB's `<%= … %>`). stacklint never prints the values: " +
			"only key names and lines.",
		Remediation: "Remove the file from the repository and add it to `.gitignore`, rotate every " +
			"credential it held (it stays in the history), commit a `.env.example` with empty values " +
			"instead, and load real secrets from the platform's secret store.",
	},
	Check: checkCommittedSecrets,
}

func checkCommittedSecrets(ctx *rule.Context) []rule.Finding {
	// One finding per file, with every secret-looking key it holds: the
	// file is the problem (remove it, rotate what it held).
	type group struct {
		keys []string
		ev   []stack.Evidence
	}
	byFile := map[string]*group{}
	var files []string
	for _, f := range ctx.Facts(stack.FactCommittedSecret) {
		g := byFile[f.File]
		if g == nil {
			g = &group{}
			byFile[f.File] = g
			files = append(files, f.File)
		}
		key := f.Attr("key")
		ev := rule.FactEvidence(f, "secret-looking key "+key)
		g.keys = append(g.keys, key+" ("+ev.String()+")")
		g.ev = append(g.ev, ev)
	}
	sort.Strings(files)
	var out []rule.Finding
	for _, file := range files {
		g := byFile[file]
		msg := "`" + file + "` is committed with the secret-looking key " + g.keys[0] + "."
		if len(g.keys) > 1 {
			msg = fmt.Sprintf("`%s` is committed with %d secret-looking keys: %s.", file, len(g.keys), foldList(g.keys, 4))
		}
		out = append(out, rule.Finding{Message: msg, Evidence: g.ev, Subject: file})
	}
	return out
}
