package app

import (
	"context"
	"io/fs"
	"time"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/compare"
	"github.com/stacklint/stacklint/internal/rules"
)

// CompareOptions configure a comparison.
type CompareOptions struct {
	// FS is the tree to scan; Root is the path as the user gave it.
	FS   fs.FS
	Root string
	// ProfilePath is the profile on disk ("" = embedded default);
	// ProfileName is how reports cite it.
	ProfilePath, ProfileName string
	// Exclude holds doublestar globs of paths to skip.
	Exclude []string
	// Candidates replace the profile's and the default candidates.
	Candidates []string
	// Today is the date support dates are compared with; zero = now.
	Today time.Time
}

// Compare scans opts.FS, runs the rules on the current stack and on each
// candidate's synthetic stack, and scores them against the profile.
func Compare(ctx context.Context, opts CompareOptions) (*compare.Matrix, error) {
	p, err := LoadProfile(opts.ProfilePath, opts.ProfileName)
	if err != nil {
		return nil, err
	}
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	head, err := ScanFS(ctx, opts.FS, ScanOptions{Exclude: opts.Exclude})
	if err != nil {
		return nil, err
	}
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	return compare.Build(compare.Input{
		Root: opts.Root, Stack: head.Stack, Profile: p, Headline: Headline(p),
		Catalog: cat, Rules: rules.All(), Today: today, Candidates: opts.Candidates,
	})
}
