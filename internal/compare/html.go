package compare

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
)

// HTML writes the matrix as one self-contained page (inline CSS and SVG,
// no script, nothing fetched): the verdict, the table, a bar chart of the
// criteria per option, and every reason with its source.
//
// The page is written without html/template, whose reflection would turn
// off the linker's removal of unused methods for the whole binary. Every
// string that comes from a repository, a profile or the catalog goes
// through esc, and only into element text or double-quoted attribute
// values; nothing variable reaches the style sheet, a URL or a script.
func HTML(w io.Writer, m *Matrix) error {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stacklint compare · ` + esc(m.Root) + `</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .55rem;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f6f8fa}
td.best{background:#dafbe1;font-weight:600}td.err{background:#ffebe9}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:1rem}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.8rem}
.card h3{margin:.1rem 0 .4rem;font-size:1rem}
svg text{font-size:11px;fill:#1f2328}
.muted{color:#59636e}.src{color:#59636e;font-size:12px}
details{margin:.3rem 0}ul{margin:.2rem 0 .5rem;padding-left:1.2rem}
</style>
</head>
<body>
<h1>Stack decision matrix</h1>
<p class="muted">stacklint compare · ` + esc(m.Root) + ` · ` + esc(m.Today) + `</p>
<p>` + esc(strings.ReplaceAll(profileLine(m), "`", "")) + `</p>
<p><strong>` + esc(verdict(m)) + `</strong></p>
`)
	htmlTable(&b, m)
	if shared := sharedList(m); len(shared) > 0 {
		b.WriteString("\n<h2>Whatever the choice</h2>\n<p>Every option has these findings; they do not depend on the stack and need fixing in any case.</p>\n<ul>")
		for _, r := range shared {
			b.WriteString("<li><strong>" + esc(r.Severity) + "</strong> <code>" + esc(r.Rule) + "</code>: " + esc(r.Text) + "</li>")
		}
		b.WriteString("</ul>")
	}
	b.WriteString("\n<h2>Options</h2>\n<div class=\"cards\">")
	for _, o := range m.Ranked() {
		htmlCard(&b, m, o)
	}
	b.WriteString("\n</div>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// esc escapes text for element content and double-quoted attribute values.
func esc(s string) string { return html.EscapeString(s) }

// htmlTable writes the criteria × options table and the legend under it.
func htmlTable(b *strings.Builder, m *Matrix) {
	b.WriteString("<table>\n<thead><tr><th>Criterion</th><th>Weight</th>")
	for _, o := range m.Options {
		b.WriteString("<th>" + esc(o.Name) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for i, c := range m.Criteria {
		b.WriteString("\n<tr><td>" + esc(c.Title) + "</td><td>" + strconv.FormatFloat(c.Weight, 'f', -1, 64) + "</td>")
		for _, o := range m.Options {
			s := o.Scores[i]
			class, mark := "", ""
			switch {
			case s.Best:
				class, mark = "best", " ★"
			case hasError(s):
				class, mark = "err", " !"
			}
			b.WriteString(`<td class="` + class + `">` + num(s.Score) + mark + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("\n<tr><td><strong>Overall</strong></td><td></td>")
	for _, o := range m.Options {
		class, mark := "", ""
		if o.Best {
			class, mark = "best", " ★"
		}
		b.WriteString(`<td class="` + class + `"><strong>` + num(o.Overall) + "</strong>" + mark + "</td>")
	}
	b.WriteString("</tr>\n</tbody>\n</table>\n<p class=\"muted\">★ best in its row · ! (red) an error-level finding there, never best · scores 0–10, overall 0–100 weighted</p>")
}

// htmlCard writes one option's card: its bar chart, what switching to it
// touches, and every reason behind its scores.
func htmlCard(b *strings.Builder, m *Matrix, o Option) {
	star := ""
	if o.Best {
		star = " ★"
	}
	fmt.Fprintf(b, "\n<div class=\"card\">\n<h3>%d. %s · %s%s</h3>\n<div class=\"muted\">%s</div>\n", o.Rank, esc(o.Name), num(o.Overall), star, esc(o.Stack))
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="405" height="%d" role="img" aria-label="scores of %s">`, 22*len(m.Criteria)+8, esc(o.Name))
	for i, c := range m.Criteria {
		s := o.Scores[i]
		y := 4 + 22*i
		fill := "#0969da"
		switch {
		case s.Best:
			fill = "#1a7f37"
		case hasError(s):
			fill = "#cf222e"
		}
		fmt.Fprintf(b, "\n<text x=\"0\" y=\"%d\" dy=\"12\">%s</text>", y, esc(c.Title))
		fmt.Fprintf(b, "\n<rect x=\"165\" y=\"%d\" width=\"200\" height=\"14\" fill=\"#eaeef2\"/>", y)
		fmt.Fprintf(b, "\n<rect x=\"165\" y=\"%d\" width=\"%d\" height=\"14\" fill=\"%s\"/>", y, int(s.Score*20), fill)
		fmt.Fprintf(b, "\n<text x=\"403\" y=\"%d\" dy=\"12\" text-anchor=\"end\">%s</text>", y, num(s.Score))
	}
	b.WriteString("\n</svg>")
	if o.Migration != nil {
		b.WriteString("\n<p class=\"muted\">Switching touches: " + esc(migrationLine(o.Migration)) + "</p>")
	}
	b.WriteString("\n<details><summary>Reasons</summary>")
	for i, c := range m.Criteria {
		s := o.Scores[i]
		b.WriteString("\n<p><strong>" + esc(c.Title) + ": " + num(s.Score) + "</strong></p>\n<ul>")
		for _, r := range s.Reasons {
			b.WriteString("<li><code>" + htmlPoints(r) + "</code> " + esc(reasonText(r)) + " <span class=\"src\">— " + esc(r.Source) + "</span></li>")
		}
		b.WriteString("</ul>")
	}
	b.WriteString("\n</details>\n</div>")
}

// htmlPoints is a reason's effect on its score ("+1.0", "-2.5", "±0").
func htmlPoints(r Reason) string {
	if r.Points == 0 {
		return "±0"
	}
	return fmt.Sprintf("%+.1f", r.Points)
}
