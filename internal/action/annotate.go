package action

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
)

// MaxAnnotations is how many annotations of one severity a step shows:
// GitHub displays at most 10 errors and 10 warnings per step, the rest are
// dropped silently, so stacklint stops there and counts the rest.
const MaxAnnotations = 10

// Annotator issues workflow-command annotations; *githubactions.Action
// satisfies it through annotator.
type Annotator interface {
	Annotate(sev rule.Severity, fields map[string]string, message string)
}

// AnnotationStats says what was annotated.
type AnnotationStats struct {
	// Shown and Hidden count file-located findings annotated and left out
	// (over MaxAnnotations), by severity.
	Shown, Hidden map[rule.Severity]int
	// RepoLevel counts findings about the whole repository: no file, so no
	// line annotation.
	RepoLevel int
}

// HiddenTotal counts the findings left out by the cap.
func (s AnnotationStats) HiddenTotal() int {
	n := 0
	for _, v := range s.Hidden {
		n += v
	}
	return n
}

// Annotate turns findings located in a file into annotations, most severe
// first (new findings before old ones within a severity), at most
// MaxAnnotations per severity. prefix is the checked folder's path in the
// repository ("" or "." at the root): annotation paths are
// repository-relative. Repository-level findings are counted, not annotated.
func Annotate(a Annotator, findings []rule.Finding, prefix string) AnnotationStats {
	st := AnnotationStats{Shown: map[rule.Severity]int{}, Hidden: map[rule.Severity]int{}}
	fs := append([]rule.Finding(nil), findings...)
	report.SortFindings(fs)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Severity != fs[j].Severity {
			return fs[i].Severity > fs[j].Severity
		}
		return fs[i].New && !fs[j].New
	})
	for _, f := range fs {
		loc, ok := f.Location()
		if !ok || !local(loc.File) {
			st.RepoLevel++
			continue
		}
		if st.Shown[f.Severity] >= MaxAnnotations {
			st.Hidden[f.Severity]++
			continue
		}
		st.Shown[f.Severity]++
		fields := map[string]string{"file": repoPath(prefix, loc.File)}
		if loc.Line > 0 {
			fields["line"] = strconv.Itoa(loc.Line)
		}
		title := oneLine(f.Title)
		if title == "" {
			title = f.RuleID
		} else {
			title += " (" + f.RuleID + ")"
		}
		fields["title"] = title
		msg := oneLine(f.Message)
		if fix := oneLine(f.Remediation); fix != "" {
			msg += "\nFix: " + fix
		}
		a.Annotate(f.Severity, fields, msg)
	}
	return st
}

// repoPath joins the checked folder's path and a root-relative path.
func repoPath(prefix, file string) string {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" || prefix == "." {
		return file
	}
	return path.Join(prefix, file)
}

// local reports a relative, slash-separated path that stays in the tree.
func local(p string) bool {
	c := path.Clean(p)
	return p != "" && c != "." && !path.IsAbs(c) && c != ".." && !strings.HasPrefix(c, "../") && !strings.Contains(c, ":")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// summaryNote renders what the annotations left out, for the job summary.
func (s AnnotationStats) summaryNote() string {
	var parts []string
	for _, sev := range []rule.Severity{rule.SeverityError, rule.SeverityWarning, rule.SeverityNotice} {
		if s.Hidden[sev] > 0 {
			parts = append(parts, fmt.Sprintf("%d of %d %ss", s.Shown[sev], s.Shown[sev]+s.Hidden[sev], sev))
		}
	}
	var b strings.Builder
	if len(parts) > 0 {
		fmt.Fprintf(&b, "- Annotated %s: GitHub shows at most %d annotations per severity in a step, so %d more are listed only in this report.\n",
			strings.Join(parts, ", "), MaxAnnotations, s.HiddenTotal())
	}
	if s.RepoLevel > 0 {
		fmt.Fprintf(&b, "- %d %s the whole repository rather than a line of a file: in this report and the comment, not as annotations.\n",
			s.RepoLevel, map[bool]string{true: "finding concerns", false: "findings concern"}[s.RepoLevel == 1])
	}
	return b.String()
}
