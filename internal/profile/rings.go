package profile

import (
	"strings"
	"time"
)

// The tech-radar rings, from "use it" to "do not start with it".
const (
	RingAdopt  = "adopt"
	RingTrial  = "trial"
	RingAssess = "assess"
	RingHold   = "hold"
)

// RingNames lists the rings in radar order.
var RingNames = []string{RingAdopt, RingTrial, RingAssess, RingHold}

// Rings are the four tech-radar rings of one scope (technology ids).
type Rings struct {
	Adopt, Trial, Assess, Hold []string
}

// list returns the ids of one ring.
func (r Rings) list(ring string) []string {
	switch ring {
	case RingAdopt:
		return r.Adopt
	case RingTrial:
		return r.Trial
	case RingAssess:
		return r.Assess
	case RingHold:
		return r.Hold
	}
	return nil
}

// RadarEntry is one entry of the organisation's radar file matched to a
// catalog technology.
type RadarEntry struct {
	// ID is the catalog id it matched.
	ID string
	// Name is the entry's name as the radar writes it ("Apache Kafka").
	Name string
	// Version is the release line the entry is about ("Node.js 14" → "14");
	// "" when it is about every version.
	Version string
	// Ring is one of RingNames.
	Ring string
	// Quadrant is the radar's quadrant, as written ("" when none).
	Quadrant string
	// File and Line locate the entry in the radar file.
	File string
	Line int
}

// RadarNote is a radar entry stacklint could not use: unreadable, or
// naming no technology of the catalog.
type RadarNote struct {
	// File and Line locate the entry.
	File string
	Line int
	// Message says what is wrong and, when one is near, the id it may mean.
	Message string
}

// Placement is the ring a standard gives a technology and where it says so.
type Placement struct {
	// ID is the technology id, Ring one of RingNames.
	ID, Ring string
	// Key is the profile key that placed it ("organization.hold.0",
	// "organization.by_type.high-load-saas.hold.1"); "" when the radar
	// file did.
	Key string
	// ProjectType is the project type the placement is scoped to; "" when
	// it applies to every project.
	ProjectType string
	// Entry is the radar entry that placed it (when Key is "").
	Entry RadarEntry
}

// FromRadar reports whether the radar file (not the profile) placed it.
func (pl Placement) FromRadar() bool { return pl.Key == "" }

// Placement returns the ring the organisation's standard gives technology
// id for this project: the rings of [organization.by_type.<project.type>]
// first, then the profile's own rings (adopt, trial, assess, hold), then
// the radar file, whose entries about a release line ("Node.js 14") apply
// when one of versions (the technology's detected versions) is of that
// line, before its entries about every version. The first that names the
// id decides. ok is false when none does.
func (p *Profile) Placement(id string, versions ...string) (Placement, bool) {
	return p.PlacementFor(id, p.projectType(), versions...)
}

// PlacementFor is Placement for a project of type projectType ("" for the
// untyped standard).
func (p *Profile) PlacementFor(id, projectType string, versions ...string) (Placement, bool) {
	if p == nil {
		return Placement{}, false
	}
	o := p.Organization
	if r, ok := o.ByType[projectType]; ok && projectType != "" {
		for _, ring := range RingNames {
			for i, x := range r.list(ring) {
				if x == id {
					return Placement{ID: id, Ring: ring, Key: "organization.by_type." + projectType + "." + ring + "." + itoa(i), ProjectType: projectType}, true
				}
			}
		}
	}
	own := Rings{Adopt: o.Adopt, Trial: o.Trial, Assess: o.Assess, Hold: o.Hold}
	for _, ring := range RingNames {
		for i, x := range own.list(ring) {
			if x == id {
				return Placement{ID: id, Ring: ring, Key: "organization." + ring + "." + itoa(i)}, true
			}
		}
	}
	for _, e := range o.RadarEntries {
		if e.ID == id && e.Version != "" && OfLine(e.Version, versions) {
			return Placement{ID: id, Ring: e.Ring, Entry: e}, true
		}
	}
	for _, e := range o.RadarEntries {
		if e.ID == id && e.Version == "" {
			return Placement{ID: id, Ring: e.Ring, Entry: e}, true
		}
	}
	return Placement{}, false
}

// OfLine reports whether one of versions, as manifests write them ("14",
// "^14.17.0", ">=20", "3.12.1", "v1.22"), is of release line ("14", "3.12").
func OfLine(line string, versions []string) bool {
	for _, v := range versions {
		v = strings.TrimLeft(strings.TrimSpace(v), "^~>=<v ")
		if i := strings.IndexAny(v, " ,|"); i >= 0 {
			v = v[:i]
		}
		v = strings.TrimSuffix(strings.TrimSuffix(v, ".x"), ".*")
		if v == line || strings.HasPrefix(v, line+".") {
			return true
		}
	}
	return false
}

func (p *Profile) projectType() string {
	if p == nil {
		return ""
	}
	return p.Project.Type
}

// Placed returns the ids the standard places on any ring for this
// project, whatever their version, in order: by-type rings, the profile's
// rings, the radar file (entries about one release line left out). Each
// id appears once.
func (p *Profile) Placed() []string {
	if p == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	o := p.Organization
	if r, ok := o.ByType[p.Project.Type]; ok && p.Project.Type != "" {
		for _, ring := range RingNames {
			for _, id := range r.list(ring) {
				add(id)
			}
		}
	}
	for _, ring := range RingNames {
		for _, id := range (Rings{Adopt: o.Adopt, Trial: o.Trial, Assess: o.Assess, Hold: o.Hold}).list(ring) {
			add(id)
		}
	}
	for _, e := range o.RadarEntries {
		if e.Version == "" {
			add(e.ID)
		}
	}
	return out
}

// SetRadar records the radar file's entries (matched to catalog ids). An
// id (and release line) the radar lists twice keeps its first entry.
func (p *Profile) SetRadar(entries []RadarEntry) {
	seen := map[string]bool{}
	p.Organization.RadarEntries = nil
	for _, e := range entries {
		if seen[e.ID+"@"+e.Version] {
			continue
		}
		seen[e.ID+"@"+e.Version] = true
		p.Organization.RadarEntries = append(p.Organization.RadarEntries, e)
	}
}

// Rollout is a rule's gradual enforcement: warnings before Enforce, its
// level from that day on.
type Rollout struct {
	// Enforce is the first day the rule reports at its level.
	Enforce time.Time
	// Key is the profile key that set it ("rules.fit/radar-hold.warn_until").
	Key string
}

// Warning reports whether the rule is still in its warning period on the
// given day.
func (r Rollout) Warning(today time.Time) bool {
	if r.Enforce.IsZero() {
		return false
	}
	y, m, d := today.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(r.Enforce)
}

// Rollout returns the rollout of a rule, if the profile sets one.
func (p *Profile) Rollout(ruleID string) (Rollout, bool) {
	if p == nil {
		return Rollout{}, false
	}
	r, ok := p.Rules.Rollouts[ruleID]
	return r, ok
}

// isURL reports whether a path is written as a URL ("https://…",
// "s3://…"), which a radar path may not be.
func isURL(s string) bool {
	scheme, _, ok := strings.Cut(s, "://")
	if !ok || scheme == "" {
		return false
	}
	for i, c := range scheme {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
