package compare

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"
)

// HTML writes the matrix as one self-contained page (inline CSS and SVG,
// no script, nothing fetched): the verdict, the table, a bar chart of the
// criteria per option, and every reason with its source.
func HTML(w io.Writer, m *Matrix) error {
	type bar struct {
		Title       string
		Y, Width    int
		Score       string
		Best, Error bool
	}
	type card struct {
		Option
		Bars    []bar
		Height  int
		Reasons []struct {
			Title   string
			Score   string
			Reasons []Reason
		}
	}
	var cards []card
	for _, o := range m.Ranked() {
		c := card{Option: o, Height: 22*len(m.Criteria) + 8}
		for i, cr := range m.Criteria {
			s := o.Scores[i]
			c.Bars = append(c.Bars, bar{Title: cr.Title, Y: 4 + 22*i, Width: int(s.Score * 20), Score: num(s.Score), Best: s.Best, Error: hasError(s)})
			c.Reasons = append(c.Reasons, struct {
				Title   string
				Score   string
				Reasons []Reason
			}{cr.Title, num(s.Score), s.Reasons})
		}
		cards = append(cards, c)
	}
	data := map[string]any{
		"M": m, "Verdict": verdict(m), "Profile": strings.ReplaceAll(profileLine(m), "`", ""), "Cards": cards, "Shared": sharedList(m),
	}
	return pageTemplate().Execute(w, data)
}

// pageTemplate is parsed on first use, not at every start of the program.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("compare").Funcs(template.FuncMap{
		"num":    num,
		"weight": func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) },
		"cell": func(s Score) string {
			switch {
			case s.Best:
				return "best"
			case hasError(s):
				return "err"
			}
			return ""
		},
		"points": func(r Reason) string {
			if r.Points == 0 {
				return "±0"
			}
			return fmt.Sprintf("%+.1f", r.Points)
		},
		"reason": reasonText,
		"mig":    migrationLine,
	}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stacklint compare · {{.M.Root}}</title>
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
<p class="muted">stacklint compare · {{.M.Root}} · {{.M.Today}}</p>
<p>{{.Profile}}</p>
<p><strong>{{.Verdict}}</strong></p>
<table>
<thead><tr><th>Criterion</th><th>Weight</th>{{range .M.Options}}<th>{{.Name}}</th>{{end}}</tr></thead>
<tbody>
{{- $m := .M}}
{{- range $i, $c := .M.Criteria}}
<tr><td>{{$c.Title}}</td><td>{{weight $c.Weight}}</td>{{range $m.Options}}{{$s := index .Scores $i}}<td class="{{cell $s}}">{{num $s.Score}}{{if $s.Best}} ★{{else if eq (cell $s) "err"}} !{{end}}</td>{{end}}</tr>
{{- end}}
<tr><td><strong>Overall</strong></td><td></td>{{range .M.Options}}<td class="{{if .Best}}best{{end}}"><strong>{{num .Overall}}</strong>{{if .Best}} ★{{end}}</td>{{end}}</tr>
</tbody>
</table>
<p class="muted">★ best in its row · ! (red) an error-level finding there, never best · scores 0–10, overall 0–100 weighted</p>
{{- if .Shared}}
<h2>Whatever the choice</h2>
<p>Every option has these findings; they do not depend on the stack and need fixing in any case.</p>
<ul>{{range .Shared}}<li><strong>{{.Severity}}</strong> <code>{{.Rule}}</code>: {{.Text}}</li>{{end}}</ul>
{{- end}}
<h2>Options</h2>
<div class="cards">
{{- range .Cards}}
<div class="card">
<h3>{{.Rank}}. {{.Name}} · {{num .Overall}}{{if .Best}} ★{{end}}</h3>
<div class="muted">{{.Stack}}</div>
<svg xmlns="http://www.w3.org/2000/svg" width="405" height="{{.Height}}" role="img" aria-label="scores of {{.Name}}">
{{- range .Bars}}
<text x="0" y="{{.Y}}" dy="12">{{.Title}}</text>
<rect x="165" y="{{.Y}}" width="200" height="14" fill="#eaeef2"/>
<rect x="165" y="{{.Y}}" width="{{.Width}}" height="14" fill="{{if .Best}}#1a7f37{{else if .Error}}#cf222e{{else}}#0969da{{end}}"/>
<text x="403" y="{{.Y}}" dy="12" text-anchor="end">{{.Score}}</text>
{{- end}}
</svg>
{{- if .Migration}}
<p class="muted">Switching touches: {{mig .Migration}}</p>
{{- end}}
<details><summary>Reasons</summary>
{{- range .Reasons}}
<p><strong>{{.Title}}: {{.Score}}</strong></p>
<ul>{{range .Reasons}}<li><code>{{points .}}</code> {{reason .}} <span class="src">— {{.Source}}</span></li>{{end}}</ul>
{{- end}}
</details>
</div>
{{- end}}
</div>
</body>
</html>
`))
})
