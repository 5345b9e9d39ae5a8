package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/detectors"
	"github.com/stacklint/stacklint/detectors/catalog"
	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/buildinfo"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/source"
	"github.com/stacklint/stacklint/internal/stack"
)

func newScanCmd(env *Env) *cobra.Command {
	var (
		format  string
		exclude []string
		verbose bool
		output  string
	)
	cmd := &cobra.Command{
		Use:   "scan [PATH]",
		Short: "Detect the backend stack of a repository, with evidence",
		Long: `Scan walks PATH (default ".") once, reads the manifests, Dockerfiles and
infrastructure files some detector asks for, and prints the stack by layer and
by component. Technologies seen only under examples/, docs/, testdata/, test(s)/
or fixtures/ are listed as not production. A malformed file is reported and the
scan goes on.`,
		Example: `  stacklint scan
  stacklint scan ../payments --format json
  stacklint scan . --exclude 'legacy/**' -v`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			if format != "text" && format != "json" {
				return usageErr("--format %q: expected text or json", format)
			}
			fsys, err := source.Dir(root)
			if err != nil {
				return usageErr("%v", err)
			}
			res, err := app.ScanFS(cmd.Context(), fsys, app.ScanOptions{Exclude: exclude})
			if err != nil {
				return usageErr("%v", err)
			}
			meta := report.ScanMeta{Root: root, Version: buildinfo.Version(), Duration: res.Duration, Verbose: verbose}
			return writeOutput(env.Stdout, output, func(w io.Writer) error {
				if format == "json" {
					return report.ScanJSON(w, res.Stack, meta)
				}
				return report.ScanText(w, res.Stack, meta)
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	cmd.Flags().StringArrayVarP(&exclude, "exclude", "x", nil, "skip paths matching this glob (doublestar, e.g. 'legacy/**'); repeatable")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "show the evidence (file:line) of each technology and every diagnostic")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the report to this file instead of standard output")
	return cmd
}

// writeOutput writes a report to stdout, or to the named file (created or
// truncated; nothing else is written).
func writeOutput(stdout io.Writer, file string, render func(io.Writer) error) error {
	if file == "" || file == "-" {
		return render(stdout)
	}
	f, err := os.Create(filepath.Clean(file))
	if err != nil {
		return usageErr("cannot write report: %v", err)
	}
	if err := render(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func newDetectorsCmd(env *Env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "detectors",
		Short: "List the detectors and the files each one reads",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "markdown", "md":
				_, err := fmt.Fprint(env.Stdout, DetectorsTable())
				return err
			case "text":
			default:
				return usageErr("--format %q: expected text or markdown", format)
			}
			for _, d := range detectors.All() {
				fmt.Fprintf(env.Stdout, "%s\n%s\n\n", d.Name, indent(wrap(d.Doc, 88), "    "))
			}
			fmt.Fprintf(env.Stdout, "%d detectors\n", len(detectors.All()))
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text or markdown (the table in README.md)")
	return cmd
}

// DetectorsTable renders the README's detector table from each detector's
// own Doc (its first sentence), so the two cannot drift.
func DetectorsTable() string {
	var b strings.Builder
	b.WriteString("| detector | reads |\n|---|---|\n")
	for _, d := range detectors.All() {
		doc := strings.Join(strings.Fields(d.Doc), " ")
		if i := strings.Index(doc, ". "); i > 0 {
			doc = doc[:i+1]
		}
		fmt.Fprintf(&b, "| `%s` | %s |\n", d.Name, strings.ReplaceAll(doc, "|", "\\|"))
	}
	return b.String()
}

func newCatalogCmd(env *Env) *cobra.Command {
	var layer string
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "List the technologies stacklint knows, by layer",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := catalog.Default()
			if err != nil {
				return err
			}
			if layer != "" && !stack.Layer(layer).Valid() {
				return usageErr("--layer %q: expected language, framework, data, infrastructure or supporting", layer)
			}
			entries := append([]catalog.Entry(nil), cat.Entries()...)
			order := map[stack.Layer]int{}
			for i, l := range stack.Layers {
				order[l] = i
			}
			sort.SliceStable(entries, func(i, j int) bool {
				if entries[i].Layer != entries[j].Layer {
					return order[entries[i].Layer] < order[entries[j].Layer]
				}
				return entries[i].ID < entries[j].ID
			})
			tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tLAYER\tCATEGORY")
			n := 0
			for _, e := range entries {
				if layer != "" && string(e.Layer) != layer {
					continue
				}
				n++
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.ID, e.Name, e.Layer, e.Category)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "\n%d technologies\n", n)
			return nil
		},
	}
	cmd.Flags().StringVar(&layer, "layer", "", "only this layer: language, framework, data, infrastructure or supporting")
	return cmd
}

func wrap(s string, width int) string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return strings.Join(lines, "\n")
}

func indent(s, pre string) string {
	return pre + strings.ReplaceAll(s, "\n", "\n"+pre)
}
