package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/audit"
	"github.com/stacklint/stacklint/internal/profile"
)

// parseDays reads --waivers-expiring: "30d", "30" (days), "6w" (weeks),
// or "off" (-1).
func parseDays(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "off" || s == "never" {
		return -1, nil
	}
	mult := 1
	switch {
	case strings.HasSuffix(s, "d"):
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "w"):
		s, mult = s[:len(s)-1], 7
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n*mult > 3650 {
		return 0, fmt.Errorf("expected a number of days from 1 to 3650 such as 30d (or 6w, or off)")
	}
	return n * mult, nil
}

// radarOutCSV tells the --radar-out format from the file's extension:
// .json is a Backstage Tech Radar document, .csv a BYOR sheet.
func radarOutCSV(path string) (bool, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return false, nil
	case ".csv":
		return true, nil
	}
	return false, fmt.Errorf("--radar-out %s: expected a .json file (Backstage Tech Radar) or a .csv file (Build Your Own Radar)", path)
}

// radarNotes prints the radar entries of the --profile's radar that could
// not be used, once for the whole audit.
func radarNotes(w io.Writer, p *profile.Profile) {
	for _, n := range p.Organization.RadarNotes {
		fmt.Fprintf(w, "stacklint: %s:%d: %s\n", n.File, n.Line, n.Message)
	}
}

// writeRadarOut writes the collected radar to path.
func writeRadarOut(path string, csv bool, c *audit.RadarCollector, title string, opts audit.Options) error {
	return writeOutput(nil, path, func(w io.Writer) error {
		return c.WriteRadar(w, title, auditDay(opts), csv)
	})
}

// auditDay is the audit's day: --today, else today.
func auditDay(opts audit.Options) time.Time {
	if !opts.Today.IsZero() {
		return opts.Today
	}
	return time.Now().UTC()
}
