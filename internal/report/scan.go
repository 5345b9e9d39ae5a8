// Package report renders stacklint's results: the scan (text, JSON) and the
// check (text, JSON, SARIF, Markdown). Every format carries the same facts.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/stack"
)

// ScanSchema is the JSON schema id of `stacklint scan --format json`.
const ScanSchema = "stacklint/scan/v1"

// ScanMeta describes the run a scan report is for.
type ScanMeta struct {
	// Root is the scanned path as the user gave it.
	Root string
	// Version is stacklint's version.
	Version string
	// Duration of the scan; text only (JSON stays reproducible).
	Duration time.Duration
	// Verbose adds every technology's evidence to the text report.
	Verbose bool
}

// ScanDocument is the JSON document of a scan (schema stacklint/scan/v1).
type ScanDocument struct {
	Schema       string              `json:"schema"`
	Tool         Tool                `json:"tool"`
	Root         string              `json:"root"`
	Summary      ScanSummary         `json:"summary"`
	Layers       map[string][]string `json:"layers"`
	Technologies []stack.Technology  `json:"technologies"`
	Components   []stack.Component   `json:"components"`
	Facts        []stack.Signal      `json:"facts"`
	Diagnostics  []stack.Diagnostic  `json:"diagnostics"`
}

// Tool names the program that wrote a document.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ScanSummary holds the counts of a scan.
type ScanSummary struct {
	Components   int `json:"components"`
	Technologies int `json:"technologies"`
	Production   int `json:"production_technologies"`
	FilesScanned int `json:"files_scanned"`
	Diagnostics  int `json:"diagnostics"`
}

// NewScanDocument builds the JSON document of a scan.
func NewScanDocument(st *stack.Stack, meta ScanMeta) ScanDocument {
	d := ScanDocument{
		Schema: ScanSchema, Tool: Tool{Name: "stacklint", Version: meta.Version}, Root: meta.Root,
		Summary: ScanSummary{
			Components: len(st.Components), Technologies: len(st.Technologies), Production: len(st.Production()),
			FilesScanned: st.FilesScanned, Diagnostics: len(st.Diagnostics),
		},
		Layers:       map[string][]string{},
		Technologies: st.Technologies, Components: st.Components, Facts: st.Facts, Diagnostics: st.Diagnostics,
	}
	for _, l := range stack.Layers {
		ids := []string{}
		for _, t := range st.ByLayer(l) {
			ids = append(ids, t.ID)
		}
		d.Layers[string(l)] = ids
	}
	return d
}

// ScanJSON writes the scan as indented JSON.
func ScanJSON(w io.Writer, st *stack.Stack, meta ScanMeta) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(NewScanDocument(st, meta))
}

// TechLabel renders "Name version" for reports.
func TechLabel(t stack.Technology) string {
	if v := stack.DisplayVersions(t.Versions); v != "" {
		return t.Name + " " + v
	}
	return t.Name
}

func labels(ts []stack.Technology) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = TechLabel(t)
	}
	return strings.Join(parts, " · ")
}

// ScanText writes the human report of a scan.
func ScanText(w io.Writer, st *stack.Stack, meta ScanMeta) error {
	p := &printer{w: w}
	prod := st.Production()
	p.f("stacklint scan · %s · %s · %s", meta.Root, plural(len(st.Components), "component"), plural(len(prod), "technology"))
	if meta.Duration > 0 {
		p.f(" · %s", roundDuration(meta.Duration))
	}
	p.f("\n\n")
	if len(prod) == 0 {
		p.f("No backend technology recognised. stacklint reads manifests such as go.mod, package.json,\n")
		p.f("requirements.txt, pyproject.toml, pom.xml, build.gradle, *.csproj, composer.json, Gemfile,\n")
		p.f("Cargo.toml and mix.exs; run `stacklint detectors` for the full list.\n")
	} else {
		p.f("Repository stack (production)\n")
		for _, l := range stack.Layers {
			ts := st.ByLayer(l)
			if len(ts) == 0 {
				continue
			}
			p.f("  %-20s %s\n", l.Title(), labels(ts))
			if meta.Verbose {
				for _, t := range ts {
					p.f("      %s\n", TechLabel(t))
					for _, e := range t.Evidence {
						if e.Scope != stack.ScopeRuntime {
							continue
						}
						p.f("          %s  %s\n", e.String(), e.Detail)
					}
				}
			}
		}
	}
	if len(st.Components) > 1 || (len(st.Components) == 1 && st.Components[0].Path != ".") {
		p.f("\nComponents\n")
		width := 0
		for _, c := range st.Components {
			width = max(width, len(c.Path))
		}
		byID := map[string]stack.Technology{}
		for _, t := range st.Technologies {
			byID[t.ID] = t
		}
		for _, c := range st.Components {
			var names []string
			for _, id := range c.Technologies {
				t := byID[id]
				if t.Layer == stack.LayerInfrastructure && len(names) >= 6 {
					continue
				}
				if t.Scope == stack.ScopeRuntime || c.NonProduction {
					names = append(names, t.Name)
				}
			}
			if len(names) > 8 {
				names = append(names[:8], fmt.Sprintf("+%d", len(names)-8))
			}
			tag := ""
			if c.NonProduction {
				tag = " (not production)"
			}
			p.f("  %-*s  %s%s  %s\n", width, c.Path, strings.Join(names, " · "), tag, strings.Join(c.Manifests, ", "))
		}
	}
	var dev, nonprod []stack.Technology
	for _, t := range st.Technologies {
		switch t.Scope {
		case stack.ScopeDev:
			dev = append(dev, t)
		case stack.ScopeNonProduction:
			nonprod = append(nonprod, t)
		}
	}
	if len(dev) > 0 {
		p.f("\nDevelopment only: %s\n", names(dev, 20))
	}
	if len(nonprod) > 0 {
		p.f("Not production (examples, docs, tests): %s\n", names(nonprod, 20))
	}
	if n := len(st.Diagnostics); n > 0 {
		p.f("\n%s with problems:\n", plural(countFiles(st.Diagnostics), "file"))
		limit := 10
		if meta.Verbose {
			limit = n
		}
		for i, d := range st.Diagnostics {
			if i == limit {
				p.f("  … %d more (run with -v to see all)\n", n-limit)
				break
			}
			p.f("  %s\n", d.String())
		}
	}
	return p.err
}

func names(ts []stack.Technology, limit int) string {
	var parts []string
	for i, t := range ts {
		if i == limit {
			parts = append(parts, fmt.Sprintf("+%d more", len(ts)-limit))
			break
		}
		parts = append(parts, t.Name)
	}
	return strings.Join(parts, " · ")
}

func countFiles(ds []stack.Diagnostic) int {
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.File] = true
	}
	return len(seen)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func roundDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}
