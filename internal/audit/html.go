package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// htmlSink writes the self-contained fleet report: one file with inline
// CSS, inline SVG charts and a few lines of inline script (layer filters),
// no network access (a Content-Security-Policy forbids it). Rows and
// drill-downs are spooled to disk while results stream, and the page is
// assembled at the end, summary first.
type htmlSink struct {
	w      io.Writer
	h      Header
	n      int
	rows   spool // one JSON line per repository: the matrix and heatmap cells
	detail spool // the drill-down sections, rendered
}

// htmlRow is what the overview tables need of a repository.
type htmlRow struct {
	N      int               `json:"n"`
	Name   string            `json:"name"`
	Failed string            `json:"failed,omitempty"`
	Techs  map[string]string `json:"techs"` // id -> version label
	Crit   map[string][2]int `json:"crit"`  // criterion -> count, max severity
	Counts [3]int            `json:"counts"`
}

var esc = html.EscapeString

func (s *htmlSink) Begin(h Header) error { s.h = h; return nil }

func (s *htmlSink) Result(r *Result) error {
	s.n++
	row := htmlRow{N: s.n, Name: r.Repository, Techs: map[string]string{}, Crit: map[string][2]int{},
		Counts: [3]int{r.Counts.Errors, r.Counts.Warnings, r.Counts.Notices}}
	if r.Status != StatusAudited {
		row.Failed = r.Reason
	}
	for _, t := range r.Stack {
		v := ""
		if len(t.Versions) > 0 {
			v = t.Versions[0]
		}
		row.Techs[t.ID] = v
	}
	for _, f := range r.Findings {
		c := row.Crit[f.Criterion]
		c[0]++
		c[1] = max(c[1], int(f.Severity))
		row.Crit[f.Criterion] = c
	}
	b, err := json.Marshal(row)
	if err != nil {
		return err
	}
	if _, err := s.rows.Write(append(b, '\n')); err != nil {
		return err
	}
	return s.drillDown(r, s.n)
}

func sevName(s rule.Severity) string { return s.String() }

// drillDown renders one repository's section: profile, stack with
// evidence, findings with evidence and remediation.
func (s *htmlSink) drillDown(r *Result, n int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "<details class=\"repo\" id=\"r-%d\"><summary><b>%s</b>", n, esc(r.Repository))
	if r.Status != StatusAudited {
		fmt.Fprintf(&b, " <span class=\"badge failed\">not audited: %s</span></summary>\n<p class=\"err\">%s</p></details>\n", esc(r.Reason), esc(r.Error))
		_, err := io.WriteString(&s.detail, b.String())
		return err
	}
	fmt.Fprintf(&b, " <span class=\"badge error\">%d</span><span class=\"badge warning\">%d</span><span class=\"badge notice\">%d</span></summary>\n", r.Counts.Errors, r.Counts.Warnings, r.Counts.Notices)
	prof := "embedded default profile (no .stacklint.toml)"
	switch r.Profile.Source {
	case ProfileRepository:
		prof = "own profile " + r.Profile.Path
	case ProfileFlag:
		prof = "--profile " + r.Profile.Path
	}
	if r.Profile.Headline != "" {
		prof += " · " + r.Profile.Headline
	}
	ref := ""
	if r.Ref != "" {
		ref = " · ref " + r.Ref
	}
	fmt.Fprintf(&b, "<p class=\"meta\">%s%s · %d components · %d files read</p>\n", esc(prof), esc(ref), r.Components, r.FilesRead)
	ownershipHTML(&b, r)
	b.WriteString("<table class=\"stack\"><thead><tr><th>Layer</th><th>Technology</th><th>Version</th><th>Evidence</th></tr></thead><tbody>\n")
	for _, t := range r.Stack {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td><code>%s</code></td></tr>\n", esc(t.Layer.Title()), esc(t.Name), esc(strings.Join(t.Versions, ", ")), esc(t.Evidence))
	}
	b.WriteString("</tbody></table>\n")
	if len(r.Findings) > 0 {
		b.WriteString("<ol class=\"findings\">\n")
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "<li class=\"%s\"><span class=\"badge %s\">%s</span> <code>%s</code> %s <span class=\"crit\">%s</span>\n<p>%s</p>\n",
				sevName(f.Severity), sevName(f.Severity), sevName(f.Severity), esc(f.RuleID), esc(f.Title), esc(f.Criterion), esc(f.Message))
			if len(f.Evidence) > 0 {
				b.WriteString("<ul class=\"evidence\">")
				for _, e := range f.Evidence {
					fmt.Fprintf(&b, "<li><code>%s</code> %s</li>", esc(e.String()), esc(e.Detail))
				}
				b.WriteString("</ul>\n")
			}
			fmt.Fprintf(&b, "<p class=\"fix\">Fix: %s</p></li>\n", esc(f.Remediation))
		}
		b.WriteString("</ol>\n")
	}
	b.WriteString("</details>\n")
	_, err := io.WriteString(&s.detail, b.String())
	return err
}

func (s *htmlSink) End(sum *Summary) error {
	w := bufio.NewWriter(s.w)
	title := headline(sum)
	fmt.Fprintf(w, htmlHead, esc(title), htmlCSS)
	fmt.Fprintf(w, "<header><h1>%s</h1>\n", esc(title))
	c := sum.Findings
	fmt.Fprintf(w, "<p class=\"counts\"><span class=\"badge error\">%d errors</span> <span class=\"badge warning\">%d warnings</span> <span class=\"badge notice\">%d notices</span> in %s · stacklint %s</p></header>\n",
		c.Errors, c.Warnings, c.Notices, esc(plural(sum.Audited, "audited repository", "audited repositories")), esc(s.h.Version))
	w.WriteString("<nav><a href=\"#fleet\">Fleet</a> <a href=\"#layers\">Technologies per layer</a> <a href=\"#matrix\">Technology × repository</a> <a href=\"#heatmap\">Findings heatmap</a> <a href=\"#hotspots\">Hotspots</a> " + extraNav(sum) + "<a href=\"#repositories\">Repositories</a></nav>\n")

	w.WriteString("<section id=\"fleet\"><h2>Fleet</h2><dl>\n")
	for _, l := range fleetLines(sum, 10) {
		fmt.Fprintf(w, "<dt>%s</dt><dd>%s</dd>\n", esc(l[0]), esc(l[1]))
	}
	w.WriteString("</dl></section>\n")

	s.layerCharts(w, sum)
	if err := s.matrix(w, sum); err != nil {
		abort(s)
		return err
	}
	if err := s.heatmap(w, sum); err != nil {
		abort(s)
		return err
	}
	s.hotspots(w, sum)
	writeMismatchesHTML(w, sum)
	writeChangesHTML(w, sum)

	w.WriteString("<section id=\"repositories\"><h2>Repositories</h2>\n")
	if err := w.Flush(); err != nil {
		return err
	}
	if err := s.detail.drain(s.w); err != nil {
		return err
	}
	s.rows.discard()
	io.WriteString(w, "</section>\n"+htmlScript+"</body>\n</html>\n")
	return w.Flush()
}

// layerCharts draws, per layer, the ten technologies most repositories run
// as an inline SVG bar chart.
func (s *htmlSink) layerCharts(w *bufio.Writer, sum *Summary) {
	w.WriteString("<section id=\"layers\"><h2>Technology frequency per layer</h2><div class=\"charts\">\n")
	for _, l := range stack.Layers {
		var ts []TechCount
		for _, t := range sum.Technologies {
			if t.Layer == l && len(ts) < 10 {
				ts = append(ts, t)
			}
		}
		if len(ts) == 0 {
			continue
		}
		const barH, labelW, barW = 22, 170, 260
		height := len(ts)*barH + 8
		fmt.Fprintf(w, "<figure><figcaption>%s</figcaption><svg role=\"img\" aria-label=\"%s: technologies by number of repositories\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
			esc(l.Title()), esc(l.Title()), labelW+barW+50, height, labelW+barW+50, height)
		top := max(ts[0].Repos, 1)
		for i, t := range ts {
			y := i*barH + 4
			bw := max(t.Repos*barW/top, 2)
			fmt.Fprintf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text><rect class=\"bar l-%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"><title>%s: %s</title></rect><text x=\"%d\" y=\"%d\">%d</text>\n",
				labelW-6, y+15, esc(clip(t.Name, 26)), l, labelW, y+3, bw, barH-6, esc(t.Name), esc(plural(t.Repos, "repository", "repositories")), labelW+bw+5, y+15, t.Repos)
		}
		w.WriteString("</svg></figure>\n")
	}
	w.WriteString("</div></section>\n")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// readRows calls each for every spooled row.
func (s *htmlSink) readRows(each func(htmlRow)) error {
	if s.rows.f == nil {
		return nil
	}
	if _, err := s.rows.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sc := bufio.NewScanner(s.rows.f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var r htmlRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return err
		}
		each(r)
	}
	return sc.Err()
}

// matrix is the technology × repository overview: the 40 technologies
// most repositories run, as columns grouped by layer, with layer filters.
func (s *htmlSink) matrix(w *bufio.Writer, sum *Summary) error {
	cols := append([]TechCount(nil), sum.Technologies...)
	sort.SliceStable(cols, func(i, j int) bool { return cols[i].Repos > cols[j].Repos })
	if len(cols) > 40 {
		cols = cols[:40]
	}
	sort.SliceStable(cols, func(i, j int) bool { return layerIndex(cols[i].Layer) < layerIndex(cols[j].Layer) })
	w.WriteString("<section id=\"matrix\"><h2>Technology × repository</h2>\n<p class=\"filters\">Layers: ")
	for _, l := range stack.Layers {
		fmt.Fprintf(w, "<label><input type=\"checkbox\" checked data-layer=\"%s\"> %s</label> ", l, esc(l.Title()))
	}
	w.WriteString("</p>\n<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th>Repository</th>")
	for _, c := range cols {
		fmt.Fprintf(w, "<th class=\"l-%s\" title=\"%s · %s\"><span>%s</span></th>", c.Layer, esc(c.Layer.Title()), esc(plural(c.Repos, "repository", "repositories")), esc(c.Name))
	}
	w.WriteString("</tr></thead><tbody>\n")
	err := s.readRows(func(r htmlRow) {
		fmt.Fprintf(w, "<tr><th><a href=\"#r-%d\">%s</a></th>", r.N, esc(r.Name))
		if r.Failed != "" {
			fmt.Fprintf(w, "<td class=\"failed\" colspan=\"%d\">not audited: %s</td></tr>\n", max(len(cols), 1), esc(r.Failed))
			return
		}
		for _, c := range cols {
			v, ok := r.Techs[c.ID]
			switch {
			case !ok:
				fmt.Fprintf(w, "<td class=\"l-%s\"></td>", c.Layer)
			case v == "":
				fmt.Fprintf(w, "<td class=\"l-%s on\" title=\"%s\">●</td>", c.Layer, esc(c.Name))
			default:
				fmt.Fprintf(w, "<td class=\"l-%s on\" title=\"%s %s\">%s</td>", c.Layer, esc(c.Name), esc(v), esc(clip(v, 10)))
			}
		}
		w.WriteString("</tr>\n")
	})
	w.WriteString("</tbody></table></div></section>\n")
	return err
}

// heatmap shows findings by criterion (columns) and repository (rows):
// the cell's colour is the most severe finding, its number the count.
func (s *htmlSink) heatmap(w *bufio.Writer, sum *Summary) error {
	w.WriteString("<section id=\"heatmap\"><h2>Findings by criterion and repository</h2>\n")
	if len(sum.Criteria) == 0 {
		w.WriteString("<p>No findings.</p></section>\n")
		return nil
	}
	w.WriteString("<div class=\"scroll\"><table class=\"heat\"><thead><tr><th>Repository</th>")
	for _, c := range sum.Criteria {
		fmt.Fprintf(w, "<th><span>%s</span></th>", esc(c))
	}
	w.WriteString("</tr></thead><tbody>\n")
	err := s.readRows(func(r htmlRow) {
		if r.Failed != "" {
			return
		}
		fmt.Fprintf(w, "<tr><th><a href=\"#r-%d\">%s</a></th>", r.N, esc(r.Name))
		for _, c := range sum.Criteria {
			v, ok := r.Crit[c]
			if !ok {
				w.WriteString("<td></td>")
				continue
			}
			sev := rule.Severity(v[1])
			fmt.Fprintf(w, "<td class=\"%s\"><a href=\"#r-%d\" title=\"%s: %s (%s at most)\">%d</a></td>", sev, r.N, esc(c), esc(plural(v[0], "finding", "findings")), sev, v[0])
		}
		w.WriteString("</tr>\n")
	})
	w.WriteString("</tbody></table></div></section>\n")
	return err
}

func (s *htmlSink) hotspots(w *bufio.Writer, sum *Summary) {
	w.WriteString("<section id=\"hotspots\"><h2>Hotspots</h2>\n<h3>End of life</h3>\n")
	if len(sum.EndOfLife) == 0 {
		w.WriteString("<p>No release line past or near its end of life.</p>\n")
	} else {
		w.WriteString("<table><thead><tr><th>Release line</th><th>State</th><th>Services</th><th>Repositories</th><th>Where</th></tr></thead><tbody>\n")
		for _, e := range sum.EndOfLife {
			fmt.Fprintf(w, "<tr class=\"%s\"><td>%s</td><td><span class=\"badge %s\">%s</span></td><td>%d</td><td>%d</td><td>%s</td></tr>\n",
				e.Severity, esc(eolName(e.Name, e.Cycle)), e.Severity, esc(eolState(e.Severity.String())), e.Services, e.Repos, esc(firstN(e.Where, 12)))
		}
		w.WriteString("</tbody></table>\n")
	}
	w.WriteString("<h3>Rare talent</h3>\n")
	if len(sum.RareTalent) == 0 {
		w.WriteString("<p>No primary language or framework with a small talent pool.</p>\n")
	} else {
		w.WriteString("<table><thead><tr><th>Technology</th><th>Developers using it</th><th>Repositories</th><th>Where</th></tr></thead><tbody>\n")
		for _, r := range sum.RareTalent {
			fmt.Fprintf(w, "<tr><td>%s</td><td>%s%%</td><td>%d</td><td>%s</td></tr>\n", esc(r.Name), strconv.FormatFloat(r.Share, 'f', -1, 64), r.Repos, esc(firstN(r.Where, 12)))
		}
		w.WriteString("</tbody></table>\n")
	}
	if len(sum.TopFindings) > 0 {
		w.WriteString("<h3>Most frequent findings</h3>\n<table><thead><tr><th>Rule</th><th>Criterion</th><th>Severity</th><th>Repositories</th><th>Findings</th></tr></thead><tbody>\n")
		for _, f := range sum.TopFindings {
			fmt.Fprintf(w, "<tr><td><code>%s</code> %s</td><td>%s</td><td><span class=\"badge %s\">%s</span></td><td>%d</td><td>%d</td></tr>\n", esc(f.Rule), esc(f.Title), esc(f.Criterion), f.Severity, f.Severity, f.Repos, f.Findings)
		}
		w.WriteString("</tbody></table>\n")
	}
	if len(sum.NoProfile) > 0 {
		fmt.Fprintf(w, "<h3>No profile</h3>\n<p>%s checked against the embedded default: %s</p>\n", esc(plural(len(sum.NoProfile), "repository", "repositories")), esc(firstN(sum.NoProfile, 30)))
	}
	if len(sum.FailedRepos) > 0 {
		w.WriteString("<h3>Not audited</h3>\n<table><thead><tr><th>Repository</th><th>Reason</th><th>Error</th></tr></thead><tbody>\n")
		for _, f := range sum.FailedRepos {
			fmt.Fprintf(w, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(f.Repository), esc(f.Reason), esc(f.Error))
		}
		w.WriteString("</tbody></table>\n")
	}
	w.WriteString("</section>\n")
}

func firstN(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
}

// htmlHead opens the page. The Content-Security-Policy forbids every
// network fetch; the first script records script errors and
// console.error calls into the page (data-js-errors) for headless checks.
const htmlHead = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>%s</title>
<script>
(function () {
  var root = document.documentElement;
  function record(msg) { root.setAttribute("data-js-errors", (root.getAttribute("data-js-errors") || "") + msg + "\n"); }
  window.addEventListener("error", function (e) { record("error: " + e.message); });
  window.addEventListener("unhandledrejection", function (e) { record("rejection: " + e.reason); });
  var ce = console.error;
  console.error = function () { record("console.error: " + Array.prototype.join.call(arguments, " ")); ce.apply(console, arguments); };
})();
</script>
<style>%s</style>
</head>
<body>
`

const htmlCSS = `
:root { --error: #c62828; --warning: #ef8f00; --notice: #1565c0; --ink: #1d2330; --muted: #5f6b7a; --line: #dde2e8; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1400px; padding: 16px 24px 48px; }
h1 { font-size: 20px; margin: 8px 0; } h2 { font-size: 17px; margin-top: 32px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; }
nav a { margin-right: 14px; color: var(--notice); text-decoration: none; }
dl { display: grid; grid-template-columns: 170px 1fr; gap: 4px 12px; } dt { font-weight: 600; color: var(--muted); } dd { margin: 0; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #f4f6f8; }
.scroll { overflow: auto; max-height: 640px; }
table.matrix td, table.heat td { text-align: center; min-width: 26px; font-size: 12px; }
table.matrix thead th span, table.heat thead th span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
table.matrix tbody th, table.heat tbody th { white-space: nowrap; font-weight: normal; }
td.on { background: #e3f2e8; } td.failed { color: var(--error); text-align: left; }
td.error { background: #f6c6c6; } td.warning { background: #ffe3b3; } td.notice { background: #cfe0f5; }
td a { color: inherit; text-decoration: none; display: block; }
.badge { display: inline-block; border-radius: 9px; padding: 0 7px; margin-right: 3px; color: #fff; font-size: 12px; background: var(--muted); }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); } .badge.notice { background: var(--notice); } .badge.failed { background: #444; }
.charts { display: flex; flex-wrap: wrap; gap: 12px 28px; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font-size: 12px; fill: var(--ink); }
rect.bar { fill: #607d8b; } rect.l-language { fill: #5c6bc0; } rect.l-framework { fill: #26a69a; } rect.l-data { fill: #ab47bc; } rect.l-infrastructure { fill: #8d6e63; } rect.l-supporting { fill: #78909c; }
details.repo { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 6px 0; }
details.repo > summary { cursor: pointer; }
.meta, .crit, .fix { color: var(--muted); } .err { color: var(--error); }
ol.findings > li { margin: 8px 0; } ul.evidence { margin: 2px 0; padding-left: 18px; font-size: 13px; }
body.hide-language .l-language, body.hide-framework .l-framework, body.hide-data .l-data, body.hide-infrastructure .l-infrastructure, body.hide-supporting .l-supporting { display: none; }
@media print { .scroll { max-height: none; overflow: visible; } details.repo { break-inside: avoid; } }
`

// htmlScript wires the layer filters, opens the drill-down a link points
// at, and marks the page rendered.
const htmlScript = `<script>
(function () {
  var boxes = document.querySelectorAll("input[data-layer]");
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].addEventListener("change", function (e) {
      document.body.classList.toggle("hide-" + e.target.getAttribute("data-layer"), !e.target.checked);
    });
  }
  function openTarget() {
    var id = location.hash.slice(1);
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.documentElement.setAttribute("data-rendered", "ok");
})();
</script>
`
