package audit

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/radar"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules"
	"github.com/stacklint/stacklint/internal/stack"
)

// DefaultWaiverDays is how far ahead the fleet summary looks for expiring
// waivers when Options.WaiverDays is 0.
const DefaultWaiverDays = 30

// RadarUse is a production technology of a repository that a standard
// places on a ring: the repository's own profile (its rings and radar
// file), else the fleet's --profile.
type RadarUse struct {
	// Tech is the catalog id.
	Tech string `json:"tech"`
	// Name is the technology as the radar names it, else its catalog name.
	Name string `json:"name"`
	// Ring is adopt, trial, assess or hold.
	Ring string `json:"ring"`
	// Quadrant is the radar's quadrant, as written ("" when the profile
	// placed it).
	Quadrant string `json:"quadrant,omitempty"`
	// Version is the release line the radar entry is about ("Node.js 14"),
	// "" when it is about every version.
	Version string `json:"version,omitempty"`
	// Source is where the standard says so: "platform/tech-radar.csv:7",
	// ".stacklint.toml:12".
	Source string `json:"source"`
	// Contradicts is true when running it goes against its ring: hold, or
	// assess without a decision record naming it (what fit/radar-hold and
	// fit/radar-assess report, waived or not).
	Contradicts bool `json:"contradicts,omitempty"`
}

// WaiverDue is a waiver that expires soon.
type WaiverDue struct {
	// Rule is the waived rule (globs allowed), Paths the waiver's globs.
	Rule  string   `json:"rule"`
	Paths []string `json:"paths,omitempty"`
	// Reason is the waiver's reason.
	Reason string `json:"reason"`
	// Expires is the day it stops applying (YYYY-MM-DD); Days how many
	// days from the audit's day.
	Expires string `json:"expires"`
	Days    int    `json:"days"`
	// Profile is where the waiver is declared (file:line).
	Profile string `json:"profile"`
}

// radarUses lists the production technologies of st that a standard
// places on a ring: the repository's own profile when it places the
// technology, else the fleet's (the --profile). Contradicts says whether
// running it goes against that ring (rules.Against: hold, or assess
// without a decision record).
func (a *auditor) radarUses(p *profile.Profile, st *stack.Stack) []RadarUse {
	fleet := a.opts.Profile
	var uses []RadarUse
	for _, t := range st.Production() {
		std := p
		pl, ok := p.Placement(t.ID, t.Versions...)
		if !ok || !p.Declared() {
			if fleet == nil || fleet == p {
				continue
			}
			if pl, ok = fleet.PlacementFor(t.ID, p.Project.Type, t.Versions...); !ok {
				continue
			}
			std = fleet
		}
		ctx := &rule.Context{Stack: st, Profile: p, Catalog: a.cat}
		u := RadarUse{Tech: t.ID, Name: t.Name, Ring: pl.Ring, Contradicts: rules.Against(ctx, t, pl)}
		if pl.FromRadar() {
			u.Name, u.Quadrant, u.Version, u.Source = pl.Entry.Name, pl.Entry.Quadrant, pl.Entry.Version, fmt.Sprintf("%s:%d", pl.Entry.File, pl.Entry.Line)
		} else {
			u.Source = declared(std, pl.Key)
		}
		uses = append(uses, u)
	}
	return uses
}

// declared renders where a profile key is declared: "file:line".
func declared(p *profile.Profile, key string) string {
	d, _ := p.Lookup(key)
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	}
	return d.File
}

// wavesDue lists p's waivers that have not expired on today and expire
// within days.
func waiversDue(p *profile.Profile, today time.Time, days int) []WaiverDue {
	if p == nil || days < 0 {
		return nil
	}
	if days == 0 {
		days = DefaultWaiverDays
	}
	y, m, d := today.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	var out []WaiverDue
	for _, w := range p.Waivers {
		if w.Expires.IsZero() || w.Expired(today) {
			continue
		}
		left := int(w.Expires.Sub(day).Hours() / 24)
		if left > days {
			continue
		}
		out = append(out, WaiverDue{Rule: w.Rule, Paths: w.Paths, Reason: w.Reason, Expires: w.Expires.Format(time.DateOnly), Days: left, Profile: declared(p, w.Key())})
	}
	return out
}

// ExpiringWaiver is a waiver expiring soon across the fleet: one per
// declaration (a --profile shared by many repositories lists them all).
type ExpiringWaiver struct {
	WaiverDue
	// Repositories are those the waiver applies to, in input order.
	Repositories []string `json:"repositories"`
}

// waiverFleet gathers expiring waivers.
type waiverFleet struct {
	byKey map[string]*ExpiringWaiver
	order []string
}

func (f *waiverFleet) add(r *Result) {
	for _, w := range r.WaiversExpiring {
		key := w.Profile + "\x00" + w.Rule + "\x00" + w.Expires
		if r.Profile.Source != ProfileFlag {
			key = r.Repository + "\x00" + key
		}
		if f.byKey == nil {
			f.byKey = map[string]*ExpiringWaiver{}
		}
		e := f.byKey[key]
		if e == nil {
			e = &ExpiringWaiver{WaiverDue: w}
			f.byKey[key] = e
			f.order = append(f.order, key)
		}
		e.Repositories = append(e.Repositories, r.Repository)
	}
}

// fill sets the summary's expiring waivers: soonest first.
func (f *waiverFleet) fill(s *Summary) {
	s.WaiversExpiring = []ExpiringWaiver{}
	for _, k := range f.order {
		s.WaiversExpiring = append(s.WaiversExpiring, *f.byKey[k])
	}
	sort.SliceStable(s.WaiversExpiring, func(i, j int) bool { return s.WaiversExpiring[i].Expires < s.WaiversExpiring[j].Expires })
}

// waiverLines is the fleet summary's line about expiring waivers.
func waiverLines(s *Summary, limit int) [][2]string {
	if len(s.WaiversExpiring) == 0 {
		return nil
	}
	var parts []string
	for i, w := range s.WaiversExpiring {
		if i == limit {
			parts = append(parts, fmt.Sprintf("+%d more", len(s.WaiversExpiring)-limit))
			break
		}
		where := w.Repositories[0]
		if len(w.Repositories) > 1 {
			where = plural(len(w.Repositories), "repository", "repositories")
		}
		parts = append(parts, fmt.Sprintf("%s on %s in %s (%s, %s)", w.Rule, w.Expires, plural(w.Days, "day", "days"), where, w.Profile))
	}
	return [][2]string{{"Waivers expiring", strings.Join(parts, " · ")}}
}

// RadarCollector is a Sink that gathers, from every audited repository,
// what an exported radar needs: which technologies run where, the ring
// each repository's standard gives them, and who contradicts them. Put it
// beside the report's sink with Tee; then Usages gives the radar.
type RadarCollector struct {
	// Standard is the fleet's standard (the --profile), when it places
	// technologies itself; nil to take each technology's ring from the
	// repositories' own standards.
	Standard *profile.Profile

	audited int
	techs   map[string]*collected
}

type collected struct {
	id, name string
	layer    stack.Layer
	repos    int
	rings    map[string]int
	use      RadarUse // the first repository's placement
	useRepo  string   // and that repository
	contra   []string
}

// Begin implements Sink.
func (c *RadarCollector) Begin(Header) error { return nil }

// End implements Sink.
func (c *RadarCollector) End(*Summary) error { return nil }

// Result implements Sink.
func (c *RadarCollector) Result(r *Result) error {
	if r.Status != StatusAudited {
		return nil
	}
	c.audited++
	if c.techs == nil {
		c.techs = map[string]*collected{}
	}
	get := func(id, name string, l stack.Layer) *collected {
		t := c.techs[id]
		if t == nil {
			t = &collected{id: id, name: name, layer: l, rings: map[string]int{}}
			c.techs[id] = t
		}
		return t
	}
	seen := map[string]bool{}
	for _, t := range r.Stack {
		if !seen[t.ID] {
			seen[t.ID] = true
			get(t.ID, t.Name, t.Layer).repos++
		}
	}
	for _, u := range r.Radar {
		key := u.Tech
		if u.Version != "" {
			// A release line is its own entry, run by the repositories
			// whose version is of that line.
			key = u.Tech + "@" + u.Version
			get(key, u.Name, "").repos++
		}
		t := get(key, u.Name, "")
		if len(t.rings) == 0 {
			t.use, t.useRepo = u, r.Repository
		}
		t.rings[u.Ring]++
		if u.Contradicts {
			t.contra = append(t.contra, r.Repository)
		}
	}
	return nil
}

// Usages returns the exported radar's entries: every technology the fleet
// standard or a repository's standard places on a ring, with the ring
// (the fleet standard's, else the one most repositories' standards give,
// the stricter on a tie), how many audited repositories run it and which
// contradict it. An entry about one release line ("Node.js 20", id
// nodejs-20) counts the repositories whose version is of that line.
// Technologies no standard places are left out: the fleet summary lists
// them.
func (c *RadarCollector) Usages() []radar.Usage {
	var out []radar.Usage
	done := map[string]bool{}
	if c.Standard != nil {
		for _, id := range c.Standard.Placed() {
			pl, _ := c.Standard.PlacementFor(id, "")
			if pl.Ring == "" {
				continue
			}
			done[id] = true
			u := radar.Usage{ID: id, Name: id, Ring: pl.Ring, Audited: c.audited}
			if pl.FromRadar() {
				u.Name, u.Source, u.Quadrant = pl.Entry.Name, fmt.Sprintf("%s:%d", pl.Entry.File, pl.Entry.Line), radar.QuadrantID(pl.Entry.Quadrant)
			} else {
				u.Source = declared(c.Standard, pl.Key)
			}
			var layer stack.Layer
			if t := c.techs[id]; t != nil {
				u.Repos, u.Contradicting, layer = t.repos, t.contra, t.layer
				if !pl.FromRadar() {
					u.Name = t.name
				}
			}
			if u.Quadrant == "" {
				u.Quadrant = quadrantOf(layer)
			}
			out = append(out, u)
		}
	}
	if c.Standard != nil {
		for _, e := range c.Standard.Organization.RadarEntries {
			if e.Version == "" {
				continue
			}
			key := e.ID + "@" + e.Version
			done[key] = true
			u := radar.Usage{ID: e.ID + "-" + e.Version, Name: e.Name, Ring: e.Ring, Audited: c.audited,
				Source: fmt.Sprintf("%s:%d", e.File, e.Line), Quadrant: radar.QuadrantID(e.Quadrant)}
			var layer stack.Layer
			if t := c.techs[e.ID]; t != nil {
				layer = t.layer
			}
			if t := c.techs[key]; t != nil {
				u.Repos, u.Contradicting = t.repos, t.contra
			}
			if u.Quadrant == "" {
				u.Quadrant = quadrantOf(layer)
			}
			out = append(out, u)
		}
	}
	ids := make([]string, 0, len(c.techs))
	for id := range c.techs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t := c.techs[id]
		if done[id] || len(t.rings) == 0 {
			continue
		}
		ring := ""
		for _, r := range radar.Rings {
			if t.rings[r] > 0 && t.rings[r] >= t.rings[ring] {
				ring = r
			}
		}
		layer := t.layer
		exportID := id
		if base, line, ok := strings.Cut(id, "@"); ok {
			exportID = base + "-" + line
			if b := c.techs[base]; b != nil {
				layer = b.layer
			}
		}
		u := radar.Usage{ID: exportID, Name: t.use.Name, Ring: ring, Source: t.use.Source + " in " + t.useRepo, Repos: t.repos, Audited: c.audited,
			Contradicting: t.contra, Quadrant: radar.QuadrantID(t.use.Quadrant)}
		if t.rings[ring] < sumRings(t.rings) || t.use.Ring != ring {
			u.Source = fmt.Sprintf("the standards of %d of the %d repositories that place it", t.rings[ring], sumRings(t.rings))
		}
		if u.Quadrant == "" {
			u.Quadrant = quadrantOf(layer)
		}
		out = append(out, u)
	}
	return out
}

func sumRings(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// quadrantOf places a technology by layer when its radar gave no known
// quadrant: languages and frameworks, platforms (data, infrastructure),
// tools (supporting services).
func quadrantOf(l stack.Layer) string {
	switch l {
	case stack.LayerLanguage, stack.LayerFramework:
		return radar.QuadrantLanguages
	case stack.LayerSupporting:
		return radar.QuadrantTools
	}
	return radar.QuadrantPlatforms
}

// WriteRadar writes the collected radar as a Backstage Tech Radar JSON
// document, or, when csv is true, a BYOR CSV.
func (c *RadarCollector) WriteRadar(w io.Writer, title string, day time.Time, csv bool) error {
	if csv {
		return radar.WriteCSV(w, c.Usages())
	}
	return radar.WriteBackstage(w, title, day, c.Usages())
}

// Tee sends every call to each sink in turn; the first error stops it.
func Tee(sinks ...Sink) Sink { return teeSink(sinks) }

type teeSink []Sink

func (t teeSink) Begin(h Header) error {
	for _, s := range t {
		if err := s.Begin(h); err != nil {
			return err
		}
	}
	return nil
}

func (t teeSink) Result(r *Result) error {
	for _, s := range t {
		if err := s.Result(r); err != nil {
			return err
		}
	}
	return nil
}

func (t teeSink) End(sum *Summary) error {
	for _, s := range t {
		if err := s.End(sum); err != nil {
			return err
		}
	}
	return nil
}
