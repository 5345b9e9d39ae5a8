package report

import (
	"bytes"
	"encoding/json"
	"io"
	"path"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// SARIFFingerprintKey is the partialFingerprints key of stacklint results.
const SARIFFingerprintKey = "stacklint/v1"

// SARIFSchemaURI is the $schema of the SARIF logs stacklint writes: the
// OASIS SARIF 2.1.0 schema (errata 01).
const SARIFSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// toolURI is stacklint's home page, the SARIF driver's informationUri.
const toolURI = "https://github.com/stacklint/stacklint"

// CheckSARIF writes the check as a SARIF 2.1.0 log for code scanning: one
// rule descriptor per known rule, one result per finding (waived ones
// carry a suppression), each with a physical location. Findings about the
// whole repository are located at the profile key that made the rule apply
// or, without a profile, at the repository's first manifest, because
// GitHub code scanning rejects results without a location.
func CheckSARIF(w io.Writer, c *Check) error {
	rep := sarif.NewReport()
	rep.Schema = SARIFSchemaURI
	run := sarif.NewRunWithInformationURI("stacklint", toolURI)
	drv := run.Tool.Driver
	v := strings.TrimPrefix(c.Version, "v")
	if v == "" {
		v = "dev"
	}
	drv.WithVersion(v)
	if looksSemantic(v) {
		drv.WithSemanticVersion(v)
	}

	infos := append([]rule.Info(nil), c.Rules...)
	known := map[string]bool{}
	for _, r := range infos {
		known[r.ID] = true
	}
	all := c.sortedFindings()
	for _, wv := range c.Waived {
		all = append(all, wv.Finding)
	}
	for _, f := range all {
		if !known[f.RuleID] {
			known[f.RuleID] = true
			infos = append(infos, c.info(f))
		}
	}
	for _, r := range infos {
		drv.AddRule(ruleDescriptor(r, c.waiverSnippet(rule.Finding{RuleID: r.ID})))
	}

	fallback := c.fallbackLocation()
	for _, f := range c.sortedFindings() {
		run.AddResult(c.sarifResult(run, f, fallback))
	}
	for _, wv := range c.Waived {
		res := c.sarifResult(run, wv.Finding, fallback)
		sup := sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(oneLine(wv.Reason))
		if wv.File != "" {
			sup.WithLocation(sarifLocation(c.PathPrefix, wv.File, wv.Line))
		}
		res.Suppressions = append(res.Suppressions, sup)
		run.AddResult(res)
	}
	inv := sarif.NewInvocation()
	inv.WithExecutionSuccessful(true).WithExitCode(c.ExitCode)
	run.AddInvocation(inv)
	// The summary travels in the run's property bag: SARIF has no place
	// for a verdict, and viewers ignore what they do not know.
	sum := c.summary()
	bag := sarif.NewPropertyBag()
	for k, v := range map[string]any{"verdict": sum.Verdict, "summary": sum.Sentence, "stack": sum.Stack, "apart": sum.Apart, "gate": sum.Gate, "actions": sum.Actions} {
		bag.Add(k, v)
	}
	run.WithProperties(bag)
	rep.AddRun(run)

	raw, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(pruneSARIF(doc))
}

// ruleDescriptor renders a rule as a SARIF reportingDescriptor.
func ruleDescriptor(r rule.Info, waiver string) *sarif.ReportingDescriptor {
	d := sarif.NewRule(r.ID).WithName(ruleName(r.ID))
	title := r.Title
	if title == "" {
		title = r.ID
	}
	d.WithShortDescription(sarif.NewMultiformatMessageString().WithText(title))
	if doc := firstParagraph(r.Doc); doc != "" {
		d.WithFullDescription(sarif.NewMultiformatMessageString().WithText(doc))
	}
	var text, md strings.Builder
	if doc := strings.TrimSpace(r.Doc); doc != "" {
		text.WriteString(doc + "\n\n")
		md.WriteString(doc + "\n\n")
	}
	if fix := strings.TrimSpace(r.Remediation); fix != "" {
		text.WriteString("How to fix: " + fix + "\n\n")
		md.WriteString("**How to fix:** " + fix + "\n\n")
	}
	text.WriteString("To accept it, add a waiver to .stacklint.toml:\n" + waiver)
	md.WriteString("**To accept it**, add a waiver to `.stacklint.toml`:\n\n```toml\n" + waiver + "```\n")
	d.WithHelp(sarif.NewMultiformatMessageString().WithText(text.String()).WithMarkdown(md.String()))
	d.WithHelpURI(r.HelpURI())
	d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	props := sarif.NewPropertyBag()
	props.Tags = []string{"stacklint"}
	if r.Criterion != "" {
		props.Tags = append(props.Tags, r.Criterion)
		props.Add("criterion", r.Criterion)
	}
	if r.Criterion == rule.CriterionSecurity {
		// GitHub shows a security severity for rules tagged "security".
		props.Tags = append(props.Tags, "security")
		props.Add("security-severity", securitySeverity(r.Severity))
	}
	if r.NeedsProfile {
		props.Add("needs-profile", true)
	}
	d.WithProperties(props)
	return d
}

// sarifResult renders a finding as a SARIF result.
func (c *Check) sarifResult(run *sarif.Run, f rule.Finding, fallback stack.Evidence) *sarif.Result {
	res := sarif.NewRuleResult(f.RuleID).WithRuleIndex(run.GetRuleIndex(f.RuleID))
	res.WithLevel(sarifLevel(f.Severity))
	msg := oneLine(f.Message)
	if len(f.Profile) > 0 {
		refs := make([]string, len(f.Profile))
		for i, r := range f.Profile {
			refs[i] = r.String()
		}
		msg = strings.TrimSuffix(msg, ".") + ". Profile: " + strings.Join(refs, ", ") + "."
	}
	res.WithMessage(sarif.NewTextMessage(msg))

	primary, ok := f.Location()
	if !ok {
		primary = fallback
		for _, r := range f.Profile {
			if r.File != "" && c.Profile.Declared && localPath(r.File) {
				primary = stack.Evidence{File: r.File, Line: r.Line}
				break
			}
		}
	}
	loc := sarifLocation(c.PathPrefix, primary.File, primary.Line)
	if primary.Detail != "" {
		loc.WithMessage(sarif.NewTextMessage(oneLine(primary.Detail)))
	}
	res.AddLocation(loc)
	id := 0
	for _, e := range f.Evidence {
		if e.File == "" || (e.File == primary.File && e.Line == primary.Line) {
			continue
		}
		rl := sarifLocation(c.PathPrefix, e.File, e.Line).WithID(id)
		id++
		if e.Detail != "" {
			rl.WithMessage(sarif.NewTextMessage(oneLine(e.Detail)))
		}
		res.AddRelatedLocation(rl)
	}
	if f.Fingerprint != "" {
		res.WithPartialFingerprints(map[string]string{SARIFFingerprintKey: f.Fingerprint})
	}
	if c.Diff != nil {
		state := "unchanged"
		if f.New {
			state = "new"
		}
		res.WithBaselineState(state)
	}
	props := sarif.NewPropertyBag()
	props.Add("criterion", f.Criterion)
	if f.Component != "" {
		props.Add("component", f.Component)
	}
	res.WithProperties(props)
	return res
}

// sarifLocation is a physical location: a root-relative URI and, when the
// line is known, a region.
func sarifLocation(prefix, file string, line int) *sarif.Location {
	pl := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(escapeURLPath(repoPath(prefix, file))))
	if line > 0 {
		pl.WithRegion(sarif.NewRegion().WithStartLine(line))
	}
	return sarif.NewLocationWithPhysicalLocation(pl)
}

// fallbackLocation is where repository-level findings are located: the
// declared profile, else the root component's first manifest, else any
// manifest, else the profile's default name.
func (c *Check) fallbackLocation() stack.Evidence {
	if c.Profile.Declared && c.Profile.Path != "" && localPath(c.Profile.Path) {
		return stack.Evidence{File: path.Clean(c.Profile.Path)}
	}
	if c.Stack != nil {
		for _, comp := range c.Stack.Components {
			if comp.Path == "." && len(comp.Manifests) > 0 {
				return stack.Evidence{File: comp.Manifests[0]}
			}
		}
		for _, comp := range c.Stack.Components {
			if len(comp.Manifests) > 0 && !comp.NonProduction {
				return stack.Evidence{File: comp.Manifests[0]}
			}
		}
	}
	return stack.Evidence{File: ".stacklint.toml"}
}

// localPath reports whether p is a relative path inside the root.
func localPath(p string) bool {
	p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
	return p != "." && !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../") && !strings.Contains(p, ":")
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s rule.Severity) string {
	switch s {
	case rule.SeverityError:
		return sarif.LevelError
	case rule.SeverityWarning:
		return sarif.LevelWarning
	case rule.SeverityNotice:
		return sarif.LevelNote
	}
	return sarif.LevelNone
}

// securitySeverity is GitHub's numeric security severity of a level.
func securitySeverity(s rule.Severity) string {
	switch s {
	case rule.SeverityError:
		return "8.0"
	case rule.SeverityWarning:
		return "5.0"
	}
	return "2.0"
}

// ruleName turns "scalability/no-scaling-plan" into "ScalabilityNoScalingPlan".
func ruleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		switch {
		case r == '/' || r == '-' || r == '_' || r == '.':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// looksSemantic reports whether v looks like a semantic version.
func looksSemantic(v string) bool {
	parts := strings.SplitN(strings.SplitN(v, "-", 2)[0], ".", 4)
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// sarifRequired are keys SARIF needs even when their array is empty.
var sarifRequired = map[string]bool{"results": true, "runs": true}

// sarifMinusOne are the integer properties whose -1 means "not set".
var sarifMinusOne = map[string]bool{"index": true, "id": true, "rank": true, "byteOffset": true, "charOffset": true, "ruleIndex": true}

// pruneSARIF drops what go-sarif writes by default and SARIF leaves out:
// empty arrays and objects, and -1 for unset indexes and offsets. The
// result is smaller, reads better, and means the same.
func pruneSARIF(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			val = pruneSARIF(val)
			x[k] = val
			switch y := val.(type) {
			case []any:
				if len(y) == 0 && !sarifRequired[k] {
					delete(x, k)
				}
			case map[string]any:
				if len(y) == 0 {
					delete(x, k)
				}
			case json.Number:
				if sarifMinusOne[k] && y.String() == "-1" {
					delete(x, k)
				}
			}
		}
		return x
	case []any:
		for i := range x {
			x[i] = pruneSARIF(x[i])
		}
		return x
	}
	return v
}
