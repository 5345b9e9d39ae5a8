// Package app wires stacklint's pipeline for each command: source, scan,
// resolve, rules, report. cmd/stacklint only parses flags and calls it.
package app

import (
	"context"
	"io/fs"
	"time"

	"github.com/stacklint/stacklint/detectors"
	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/stack"
)

// ScanOptions tune a scan.
type ScanOptions struct {
	// Exclude holds doublestar globs of paths to skip.
	Exclude []string
	// MaxFileSize caps a file read; 0 means the default (4 MiB).
	MaxFileSize int64
}

// ScanResult is a resolved stack plus how long it took.
type ScanResult struct {
	Stack    *stack.Stack
	Duration time.Duration
}

// ScanFS scans any fs.FS with every registered detector and resolves the
// signals against the embedded catalog.
func ScanFS(ctx context.Context, fsys fs.FS, opts ScanOptions) (*ScanResult, error) {
	start := time.Now()
	cat, err := catalog.Default()
	if err != nil {
		return nil, err
	}
	res, err := detect.Scan(ctx, fsys, detectors.All(), detect.Options{Exclude: opts.Exclude, MaxFileSize: opts.MaxFileSize})
	if err != nil {
		return nil, err
	}
	st := resolve.Build(res, cat)
	return &ScanResult{Stack: st, Duration: time.Since(start)}, nil
}
