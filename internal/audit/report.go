package audit

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/stack"
)

// Formats lists the report formats of `stacklint audit`.
var Formats = []string{"table", "json", "jsonl", "csv", "markdown", "html"}

// NewSink returns the sink for a format writing to w.
func NewSink(format string, w io.Writer) (Sink, error) {
	switch format {
	case "table", "text":
		return &tableSink{w: w}, nil
	case "json":
		return &jsonSink{w: w}, nil
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &jsonlSink{enc: enc}, nil
	case "csv":
		return &csvSink{w: csv.NewWriter(w)}, nil
	case "markdown", "md":
		return &markdownSink{w: w}, nil
	case "html":
		return &htmlSink{w: w}, nil
	}
	return nil, fmt.Errorf("--format %q: expected %s", format, strings.Join(Formats, ", "))
}

// spool holds rendered rows on disk (a temporary file removed at the end),
// so a report that leads with the fleet summary still streams its rows
// without keeping them in memory.
type spool struct{ f *os.File }

func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil {
		f, err := os.CreateTemp("", "stacklint-audit-*")
		if err != nil {
			return 0, err
		}
		s.f = f
	}
	return s.f.Write(p)
}

// drain copies the rows to w and removes the file.
func (s *spool) drain(w io.Writer) error {
	if s.f == nil {
		return nil
	}
	defer func() {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f = nil
	}()
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f)
	return err
}

// discard removes the spool without reading it (a batch that failed).
func (s *spool) discard() { s.drain(io.Discard) }

// abort releases what a sink holds when the batch ends without End (a sink
// error, an interrupted batch, a merge input that does not parse).
func abort(s Sink) {
	switch s := s.(type) {
	case *tableSink:
		s.rows.discard()
	case *markdownSink:
		s.rows.discard()
	case *htmlSink:
		s.rows.discard()
		s.detail.discard()
	case teeSink:
		for _, x := range s {
			abort(x)
		}
	}
}

// layerCell renders the technologies of one layer: "Go 1.22 · chi".
func layerCell(r *Result, l stack.Layer) string {
	var parts []string
	for _, t := range r.Stack {
		if t.Layer == l {
			parts = append(parts, techLabel(t))
		}
	}
	return strings.Join(parts, " · ")
}

func techLabel(t Tech) string {
	if len(t.Versions) > 0 {
		return t.Name + " " + t.Versions[0]
	}
	return t.Name
}

func fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s + strings.Repeat(" ", n-utf8.RuneCountInString(s))
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// headline is the first line of text reports.
func headline(s *Summary) string {
	line := fmt.Sprintf("stacklint audit · %s · %s", s.Title, plural(s.Repositories, "repository", "repositories"))
	if s.Shard != "" {
		line += " · shard " + s.Shard
	}
	line += fmt.Sprintf(" · %d audited", s.Audited)
	if s.Failed > 0 {
		var rs []string
		for _, r := range s.FailedByReason {
			rs = append(rs, fmt.Sprintf("%d %s", r.Count, r.Name))
		}
		line += fmt.Sprintf(" · %d not audited (%s)", s.Failed, strings.Join(rs, ", "))
	}
	if len(s.Skipped) > 0 {
		var rs []string
		for _, r := range s.Skipped {
			rs = append(rs, fmt.Sprintf("%d %s", r.Count, r.Name))
		}
		line += " · skipped " + strings.Join(rs, ", ")
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// fleetLines are the label/value lines of the fleet summary.
func fleetLines(s *Summary, limit int) [][2]string {
	var out [][2]string
	for _, l := range stack.Layers {
		var parts []string
		more := 0
		for _, t := range s.Technologies {
			if t.Layer != l {
				continue
			}
			if len(parts) == limit {
				more++
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %d", t.Name, t.Repos))
		}
		if more > 0 {
			parts = append(parts, fmt.Sprintf("+%d more", more))
		}
		if len(parts) > 0 {
			out = append(out, [2]string{l.Title(), strings.Join(parts, " · ")})
		}
	}
	var eol []string
	for i, e := range s.EndOfLife {
		if i == limit {
			eol = append(eol, fmt.Sprintf("+%d more", len(s.EndOfLife)-limit))
			break
		}
		eol = append(eol, fmt.Sprintf("%s in %s (%s, %s)", eolName(e.Name, e.Cycle), plural(e.Services, "service", "services"), plural(e.Repos, "repository", "repositories"), eolState(e.Severity.String())))
	}
	if len(eol) > 0 {
		out = append(out, [2]string{"End of life", strings.Join(eol, " · ")})
	}
	var rare []string
	for _, r := range s.RareTalent {
		rare = append(rare, fmt.Sprintf("%s in %s (%s%% of developers)", r.Name, plural(r.Repos, "repository", "repositories"), strconv.FormatFloat(r.Share, 'f', -1, 64)))
	}
	if len(rare) > 0 {
		out = append(out, [2]string{"Rare talent", strings.Join(rare, " · ")})
	}
	var top []string
	for i, f := range s.TopFindings {
		if i == limit {
			break
		}
		top = append(top, fmt.Sprintf("%s %s", f.Rule, plural(f.Repos, "repository", "repositories")))
	}
	if len(top) > 0 {
		out = append(out, [2]string{"Top findings", strings.Join(top, " · ")})
	}
	out = append(out, declaredLines(s, limit)...)
	out = append(out, waiverLines(s, limit)...)
	out = append(out, changesLines(s, limit)...)
	if len(s.NoProfile) > 0 {
		out = append(out, [2]string{"No profile", plural(len(s.NoProfile), "repository", "repositories") + " checked against the embedded default"})
	}
	var failed []string
	for i, f := range s.FailedRepos {
		if i == limit {
			failed = append(failed, fmt.Sprintf("+%d more", len(s.FailedRepos)-limit))
			break
		}
		failed = append(failed, fmt.Sprintf("%s (%s)", f.Repository, f.Reason))
	}
	if len(failed) > 0 {
		out = append(out, [2]string{"Not audited", strings.Join(failed, " · ")})
	}
	return out
}

func eolName(name, cycle string) string {
	if cycle == "" {
		return name
	}
	return name + " " + cycle
}

func eolState(sev string) string {
	if sev == "error" {
		return "past end of life"
	}
	return "end of life soon"
}

// tableSink renders the terminal table: the fleet summary first, then one
// row per repository.
type tableSink struct {
	w     io.Writer
	h     Header
	rows  spool
	width int
}

func (t *tableSink) Begin(h Header) error {
	t.h = h
	t.width = min(max(h.NameWidth, len("REPOSITORY")), 40)
	_, err := fmt.Fprintf(&t.rows, "%s  %s  %s  %s  %s  %3s %3s %3s\n", fit("REPOSITORY", t.width), fit("LANGUAGE", 20), fit("FRAMEWORK", 18), fit("DATA", 26), fit("INFRASTRUCTURE", 20), "E", "W", "N")
	return err
}

func (t *tableSink) Result(r *Result) error {
	var err error
	if r.Status != StatusAudited {
		_, err = fmt.Fprintf(&t.rows, "%s  not audited: %s\n", fit(r.Repository, t.width), r.Reason)
		return err
	}
	_, err = fmt.Fprintf(&t.rows, "%s  %s  %s  %s  %s  %3d %3d %3d\n", fit(r.Repository, t.width),
		fit(layerCell(r, stack.LayerLanguage), 20), fit(layerCell(r, stack.LayerFramework), 18),
		fit(layerCell(r, stack.LayerData), 26), fit(layerCell(r, stack.LayerInfrastructure), 20),
		r.Counts.Errors, r.Counts.Warnings, r.Counts.Notices)
	if err != nil {
		return err
	}
	return changesRow(&t.rows, r)
}

func (t *tableSink) End(s *Summary) error {
	fmt.Fprintln(t.w, headline(s))
	if lines := fleetLines(s, 8); len(lines) > 0 {
		fmt.Fprintln(t.w, "\nFleet")
		for _, l := range lines {
			fmt.Fprintf(t.w, "  %-20s %s\n", l[0], l[1])
		}
	}
	fmt.Fprintln(t.w)
	if err := t.rows.drain(t.w); err != nil {
		return err
	}
	c := s.Findings
	_, err := fmt.Fprintf(t.w, "\n%s (%d errors, %d warnings, %d notices) in %s\n", plural(c.Findings, "finding", "findings"), c.Errors, c.Warnings, c.Notices, plural(s.Audited, "audited repository", "audited repositories"))
	return err
}

// jsonSink writes {"schema", header, "repositories": [...], "summary"},
// one repository at a time.
type jsonSink struct {
	w     io.Writer
	count int
}

// marshal renders v as indented JSON without HTML escaping ("&" stays "&").
func marshal(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func (j *jsonSink) Begin(h Header) error {
	head := struct {
		Schema string `json:"schema"`
		Header
	}{Schema, h}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	// Reopen the object to append the repositories array.
	_, err = fmt.Fprintf(j.w, "%s,\n  \"repositories\": [", b[:len(b)-1])
	return err
}

func (j *jsonSink) Result(r *Result) error {
	b, err := marshal(r, "    ")
	if err != nil {
		return err
	}
	sep := ","
	if j.count == 0 {
		sep = ""
	}
	j.count++
	_, err = fmt.Fprintf(j.w, "%s\n    %s", sep, b)
	return err
}

func (j *jsonSink) End(s *Summary) error {
	b, err := marshal(s, "  ")
	if err != nil {
		return err
	}
	end := "\n  ]"
	if j.count == 0 {
		end = "]"
	}
	_, err = fmt.Fprintf(j.w, "%s,\n  \"summary\": %s\n}\n", end, b)
	return err
}

// jsonlSink writes one result per line, then a line with the summary.
type jsonlSink struct{ enc *json.Encoder }

func (j *jsonlSink) Begin(Header) error     { return nil }
func (j *jsonlSink) Result(r *Result) error { return j.enc.Encode(r) }
func (j *jsonlSink) End(s *Summary) error {
	return j.enc.Encode(struct {
		Schema  string   `json:"schema"`
		Summary *Summary `json:"summary"`
	}{Schema, s})
}

// csvSink writes one row per repository.
type csvSink struct{ w *csv.Writer }

// CSVHeader lists the CSV columns.
var CSVHeader = []string{"repository", "source", "ref", "status", "reason", "profile", "language", "framework", "data", "infrastructure", "supporting", "errors", "warnings", "notices", "end_of_life", "rare_talent", "components", "files_read", "error"}

func (c *csvSink) Begin(Header) error { return c.w.Write(CSVHeader) }

func (c *csvSink) Result(r *Result) error {
	var eol, rare []string
	for _, e := range r.EndOfLife {
		eol = append(eol, eolName(e.Name, e.Cycle))
	}
	for _, x := range r.RareTalent {
		rare = append(rare, x.Name)
	}
	profile := r.Profile.Source
	if r.Profile.Path != "" {
		profile = r.Profile.Path
	}
	row := []string{r.Repository, r.Source, r.Ref, r.Status, r.Reason, profile,
		layerCell(r, stack.LayerLanguage), layerCell(r, stack.LayerFramework), layerCell(r, stack.LayerData),
		layerCell(r, stack.LayerInfrastructure), layerCell(r, stack.LayerSupporting),
		strconv.Itoa(r.Counts.Errors), strconv.Itoa(r.Counts.Warnings), strconv.Itoa(r.Counts.Notices),
		strings.Join(eol, " · "), strings.Join(rare, " · "), strconv.Itoa(r.Components), strconv.Itoa(r.FilesRead), r.Error}
	for i, v := range row {
		row[i] = csvSafe(v)
	}
	return c.w.Write(row)
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func (c *csvSink) End(*Summary) error {
	c.w.Flush()
	return c.w.Error()
}

// markdownSink writes the fleet summary, then a table of repositories.
type markdownSink struct {
	w    io.Writer
	rows spool
}

func (m *markdownSink) Begin(Header) error {
	_, err := io.WriteString(&m.rows, "| Repository | Language | Framework | Data | Infrastructure | Errors | Warnings | Notices |\n|---|---|---|---|---|--:|--:|--:|\n")
	return err
}

func (m *markdownSink) Result(r *Result) error {
	cell := report.MarkdownCell
	var err error
	if r.Status != StatusAudited {
		_, err = fmt.Fprintf(&m.rows, "| %s | not audited: %s | | | | | | |\n", cell(r.Repository), cell(r.Reason))
		return err
	}
	_, err = fmt.Fprintf(&m.rows, "| %s | %s | %s | %s | %s | %d | %d | %d |\n", cell(r.Repository),
		cell(layerCell(r, stack.LayerLanguage)), cell(layerCell(r, stack.LayerFramework)),
		cell(layerCell(r, stack.LayerData)), cell(layerCell(r, stack.LayerInfrastructure)),
		r.Counts.Errors, r.Counts.Warnings, r.Counts.Notices)
	return err
}

func (m *markdownSink) End(s *Summary) error {
	cell := report.MarkdownCell
	c := s.Findings
	fmt.Fprintf(m.w, "## %s\n\n", cell(headline(s)))
	fmt.Fprintf(m.w, "%s: %d errors, %d warnings, %d notices.\n\n", plural(c.Findings, "finding", "findings"), c.Errors, c.Warnings, c.Notices)
	if lines := fleetLines(s, 10); len(lines) > 0 {
		fmt.Fprintf(m.w, "### Fleet\n\n| | |\n|---|---|\n")
		for _, l := range lines {
			fmt.Fprintf(m.w, "| **%s** | %s |\n", l[0], cell(l[1]))
		}
		fmt.Fprintln(m.w)
	}
	if len(s.TopFindings) > 0 {
		fmt.Fprintf(m.w, "### Most frequent findings\n\n| Rule | Criterion | Severity | Repositories | Findings |\n|---|---|---|--:|--:|\n")
		for _, f := range s.TopFindings {
			fmt.Fprintf(m.w, "| `%s` %s | %s | %s | %d | %d |\n", f.Rule, cell(f.Title), cell(f.Criterion), f.Severity, f.Repos, f.Findings)
		}
		fmt.Fprintln(m.w)
	}
	writeMismatchesMarkdown(m.w, s)
	writeChangesMarkdown(m.w, s)
	if len(s.FailedRepos) > 0 {
		fmt.Fprintf(m.w, "### Not audited\n\n| Repository | Reason | Error |\n|---|---|---|\n")
		for _, f := range s.FailedRepos {
			fmt.Fprintf(m.w, "| %s | %s | %s |\n", cell(f.Repository), cell(f.Reason), cell(f.Error))
		}
		fmt.Fprintln(m.w)
	}
	fmt.Fprintf(m.w, "### Repositories\n\n")
	return m.rows.drain(m.w)
}
