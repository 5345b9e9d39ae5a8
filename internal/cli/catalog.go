package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/backstage"
	"github.com/stacklint/stacklint/internal/codeowners"
	"github.com/stacklint/stacklint/internal/source"
)

// suggestCatalogInfo prints the catalog-info.yaml suggested for dir.
func suggestCatalogInfo(cmd *cobra.Command, env *Env, dir, name, output string) error {
	fsys, err := source.Dir(dir)
	if err != nil {
		return usageErr("%v", err)
	}
	res, err := app.ScanFS(cmd.Context(), fsys, app.ScanOptions{})
	if err != nil {
		return usageErr("%v", err)
	}
	s := backstage.Suggestion{Name: name, Observation: backstage.Observe(res.Stack)}
	if s.Name == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return usageErr("%v", err)
		}
		s.Name = filepath.Base(abs)
	}
	co, err := codeowners.Find(fsys)
	if err != nil {
		fmt.Fprintf(env.Stderr, "stacklint: %v\n", err)
	}
	var ruleOwners []string
	if r, ok := co.FolderOwner("."); ok {
		s.CodeOwners, s.Rule = r.Owners, fmt.Sprintf("%s:%d", co.Path, r.Line)
		ruleOwners = r.Owners
	}
	if co != nil {
		for _, p := range co.Problems {
			fmt.Fprintf(env.Stderr, "stacklint: %s: %s\n", co.Path, p)
		}
	}
	entities, err := backstage.Find(fsys, ".")
	if err != nil {
		fmt.Fprintf(env.Stderr, "stacklint: %v\n", err)
	}
	for i, e := range entities {
		if !strings.EqualFold(e.Kind, "Component") {
			continue
		}
		if s.Existing == nil {
			s.Existing = &entities[i]
			if name != "" {
				s.Existing.Metadata.Name = name
			}
		}
		for _, m := range backstage.Compare(e, s.Observation, ruleOwners, s.Rule) {
			fmt.Fprintf(env.Stderr, "stacklint: %s: %s\n", m.Location(), m.Message)
		}
	}
	out, err := backstage.Suggest(s)
	if err != nil {
		return err
	}
	return writeOutput(env.Stdout, output, func(w io.Writer) error {
		_, err := w.Write(out)
		return err
	})
}
