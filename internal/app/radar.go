package app

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/radar"
	"github.com/stacklint/stacklint/internal/source"
	"github.com/stacklint/stacklint/internal/stack"
)

// ParseRepoProfile parses a repository's own profile (at name inside fsys,
// usually ".stacklint.toml") and reads the radar file it names from the
// same tree: a repository's profile names a radar inside the repository.
// Errors are *profile.Error values.
func ParseRepoProfile(fsys fs.FS, name string, data []byte) (*profile.Profile, error) {
	p, err := ParseProfile(name, data)
	if err != nil {
		return nil, err
	}
	if err := attachRepoRadar(p, fsys, name); err != nil {
		return nil, err
	}
	return p, nil
}

// attachRepoRadar reads p's radar from fsys, relative to the folder of the
// profile (name, inside fsys).
func attachRepoRadar(p *profile.Profile, fsys fs.FS, name string) error {
	rel := p.Organization.Radar
	if rel == "" {
		return nil
	}
	target := path.Clean(path.Join(path.Dir(name), rel))
	if path.IsAbs(rel) || filepath.IsAbs(rel) || !fs.ValidPath(target) {
		return radarProblem(p, fmt.Sprintf("%q leaves the repository; the repository's profile names a radar file inside the repository (a path relative to the profile's folder)", rel))
	}
	r, err := radar.Read(fsys, target, target)
	if err != nil {
		return radarProblem(p, radarErr(err))
	}
	attach(p, r)
	return nil
}

// attachDiskRadar reads p's radar from disk, relative to the folder of the
// profile file at profilePath (cited as name).
func attachDiskRadar(p *profile.Profile, profilePath, name string) error {
	rel := p.Organization.Radar
	if rel == "" {
		return nil
	}
	target, cite := filepath.FromSlash(rel), rel
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(profilePath), target)
		cite = path.Join(path.Dir(filepath.ToSlash(name)), rel)
	}
	dir, base := filepath.Dir(target), filepath.Base(target)
	fsys, err := source.Dir(dir)
	if err != nil {
		return radarProblem(p, fmt.Sprintf("cannot read radar %s: %v", cite, unwrapPathErr(errors.Unwrap(err))))
	}
	r, err := radar.Read(fsys, base, cite)
	if err != nil {
		return radarProblem(p, radarErr(err))
	}
	attach(p, r)
	return nil
}

func radarErr(err error) string {
	var pe *detect.ParseError
	if errors.As(err, &pe) {
		return "radar " + pe.Error()
	}
	return "cannot read " + err.Error()
}

// radarProblem is a profile error at organization.radar.
func radarProblem(p *profile.Profile, msg string) error {
	d, _ := p.Lookup("organization.radar")
	return &profile.Error{File: p.File, Problems: []profile.Problem{{File: p.File, Line: d.Line, Column: d.Column, Key: "organization.radar", Message: msg}}}
}

// attach matches a radar's entries to catalog ids and records them in p,
// with notes for entries that could not be read or matched. Entries of a
// "Techniques" quadrant name practices, not technologies: they are not
// matched and not reported.
func attach(p *profile.Profile, r *radar.Radar) {
	cat, err := catalog.Default()
	if err != nil {
		return
	}
	m := radar.NewMatcher(cat)
	var entries []profile.RadarEntry
	var notes []profile.RadarNote
	for _, pe := range r.Problems {
		notes = append(notes, profile.RadarNote{File: pe.File, Line: pe.Line, Message: pe.Msg})
	}
	for _, e := range r.Entries {
		if isTechniques(e.Quadrant) {
			continue
		}
		res := m.Match(e.Name)
		if res.ID == "" {
			msg := fmt.Sprintf("radar entry %q (%s) names no technology stacklint knows", e.Name, e.Ring)
			switch {
			case len(res.Candidates) > 0:
				msg = fmt.Sprintf("radar entry %q (%s) could be any of %s; name one of them (an id or its catalog name)", e.Name, e.Ring, strings.Join(res.Candidates, ", "))
			case res.Suggestion != "":
				msg += fmt.Sprintf("; did you mean %q?", res.Suggestion)
			default:
				msg += "; `stacklint catalog` lists the ids and names it matches"
			}
			notes = append(notes, profile.RadarNote{File: e.File, Line: e.Line, Message: msg})
			continue
		}
		entries = append(entries, profile.RadarEntry{ID: res.ID, Name: e.Name, Version: res.Version, Ring: e.Ring, Quadrant: e.Quadrant, File: e.File, Line: e.Line})
	}
	p.SetRadar(entries)
	p.Organization.RadarNotes = notes
}

func isTechniques(q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	return q == "techniques" || q == "technique"
}

// RadarDiagnostics renders a profile's radar notes as scan diagnostics.
func RadarDiagnostics(p *profile.Profile) []stack.Diagnostic {
	var out []stack.Diagnostic
	for _, n := range p.Organization.RadarNotes {
		out = append(out, stack.Diagnostic{File: n.File, Line: n.Line, Detector: "radar", Message: n.Message})
	}
	return out
}
