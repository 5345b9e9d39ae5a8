package rules

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// EndOfLife fires when a runtime, framework or database version is past, or
// close to, the end of its support.
var EndOfLife = rule.Rule{
	Info: rule.Info{
		ID:        "ecosystem/end-of-life",
		Title:     "Version past or near end of life",
		Criterion: rule.CriterionEcosystem,
		Severity:  rule.SeverityError,
		Effort:    rule.EffortMedium,
		Doc: "A release line past its end of life gets no security fixes: every new vulnerability stays " +
			"open, and upgrading later means crossing several versions at once.\n\n" +
			"The rule needs no profile. It reads, for every production technology with support dates in the " +
			"catalog (runtimes, frameworks, databases; dates from endoflife.date and vendor pages, with their " +
			"source), each place that declares its version: manifests (`go.mod` `go` and `toolchain` lines, " +
			"`engines`, `requires-python`, `TargetFramework`, `global.json`, Gemfile `ruby`), version files " +
			"(.nvmrc, .python-version, .ruby-version), lockfiles, package versions, and container image tags " +
			"in Dockerfiles, Compose, Kubernetes and Helm (`node:24-alpine`, `aspnet:9.0`, `python:3.10-slim`, " +
			"and a runtime word in a third-party tag such as `…:python3.10`). Examples and tests never count.\n\n" +
			"It decides what ships per component: a lock outranks a pin, a pin outranks a range; production " +
			"declarations outrank build stages, which outrank development tooling. For runtimes linked into " +
			"the binary (Go, Rust) the toolchain line and the build image decide, and go.mod's `go` line is " +
			"only a minimum: judged alone, it is at most a warning. A version older than the oldest release " +
			"line the catalog lists is past end of life when that line is. It reports one finding per " +
			"technology and release line, listing every location that declares it: an error when every line " +
			"the declaration allows is past end of life (an old pin, or a range capped below every supported " +
			"line such as `~16.14` or `<3.9`); a notice when every allowed line ends within `eol_notice_days` " +
			"(default 180), when only development tooling (a lint or scripts project, devDependencies) " +
			"declares the old line, or when a range's floor allows an unsupported line while a supported one " +
			"is allowed too (`>=18`, `^20.19 || >=22.12`; dropped when a pin elsewhere says what ships).",
		Remediation: "Upgrade to a supported release line (see the source cited in the finding), and " +
			"keep the runtime version in one place (engines, .nvmrc, Dockerfile base image) so it moves " +
			"as one.",
	},
	Uses:  rule.Uses{IDs: []string{"go"}},
	Check: checkEndOfLife,
}

func checkEndOfLife(ctx *rule.Context) []rule.Finding {
	today := ctx.Today
	if today.IsZero() {
		today = time.Now()
	}
	y, m, d := today.Date()
	today = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	notice := time.Duration(ctx.Thresholds().EOLNoticeDays) * 24 * time.Hour
	bySignal := declarationsFromSignals(ctx)
	var out []rule.Finding
	for _, t := range ctx.Production() {
		e, ok := ctx.Entry(t.ID)
		if !ok || len(e.EOL) == 0 {
			continue
		}
		decls, ok := bySignal[t.ID]
		if !ok {
			decls = declarationsFromTech(t)
		}
		decls = markToolingComponents(ctx, t, decls)
		out = append(out, judgeTech(t, e, shipped(t, e, decls), today, notice)...)
	}
	return out
}

// eolDecl is one place that declares a technology's version.
type eolDecl struct {
	raw  string
	ev   stack.Evidence
	comp string
	rank int // rankRange, rankExact or rankLocked
	// image: a container image (tag) declares it; build: in a build
	// stage that does not ship; toolchain: a go.mod toolchain line.
	image, build, toolchain bool
	// minimum: a language version a compiled-in runtime's manifest
	// declares (go.mod's go directive), with nothing saying which
	// toolchain builds it.
	minimum bool
	// tooling: a development-only declaration (devDependencies, a
	// tooling project): at most a notice.
	tooling bool
	// env: an image of a Compose file that runs no application service
	// (the datastores a developer starts beside the app): at most a
	// notice, as tooling.
	env bool
}

// Ranks of a declaration: within a component, only the highest counts.
const (
	rankRange = iota
	rankExact
	rankLocked
)

// declarationsFromSignals returns, per technology id, every production or
// development signal that names it directly with a version that is its
// own (examples and tests never count). A technology absent from the
// map has no signals in the stack (stacks built by hand).
func declarationsFromSignals(ctx *rule.Context) map[string][]eolDecl {
	out := map[string][]eolDecl{}
	if ctx.Stack == nil || ctx.Catalog == nil {
		return out
	}
	env := environmentComposeFiles(ctx.Stack)
	for _, s := range ctx.Stack.Signals {
		if s.Kind == stack.KindFact || s.Scope == stack.ScopeNonProduction || stack.NonBackend(s) {
			continue
		}
		entries := ctx.Catalog.Lookup(s.Ecosystem, s.Name)
		for _, e := range entries {
			if len(e.EOL) == 0 {
				continue
			}
			if _, ok := out[e.ID]; !ok {
				out[e.ID] = []eolDecl{}
			}
			v := strings.TrimSpace(s.Version)
			if v == "" || !e.VersionCounts(s.Name) || s.Attr("managed") == "true" || s.Attr("role") == "bom" || s.Attr("framework") == "netfx" {
				continue
			}
			d := eolDecl{raw: v, ev: signalEvidence(ctx, e.ID, s), rank: rankRange,
				image: s.Kind == stack.KindImage || s.Attr("image") != "", build: s.Attr("build_stage") == "true",
				toolchain: s.Attr("toolchain") == "true"}
			switch {
			case s.Attr("locked") == "true":
				d.rank = rankLocked
			case stack.ParseConstraint(v).Exact:
				d.rank = rankExact
			}
			// A build stage of a shipped image counts (its toolchain may be
			// what ships); a build stage of a development image is tooling.
			d.tooling = s.Scope == stack.ScopeDev && (!d.build || s.Attr("dev") != "")
			if env[s.File] && d.image {
				d.tooling, d.env = true, true
			}
			out[e.ID] = append(out[e.ID], d)
		}
	}
	return out
}

// environmentComposeFiles returns the Compose files whose services all
// run off-the-shelf infrastructure images (no build context, no image of
// the repository's own): an environment started beside the application,
// not what ships.
func environmentComposeFiles(st *stack.Stack) map[string]bool {
	app := map[string]bool{}
	for _, f := range st.Facts {
		if f.Name != stack.FactService || f.Attr("source") != "compose" && !isComposeFile(f.File) {
			continue
		}
		if _, ok := app[f.File]; !ok {
			app[f.File] = false
		}
		if f.Attr("build") != "" || f.Attr("image") != "" && !isInfraImage(f.Attr("image")) {
			app[f.File] = true
		}
	}
	out := map[string]bool{}
	for file, hasApp := range app {
		if !hasApp {
			out[file] = true
		}
	}
	return out
}

// isComposeFile reports whether a path names a Compose file.
func isComposeFile(file string) bool {
	base := strings.ToLower(path.Base(file))
	return strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "compose.") || strings.HasPrefix(base, "compose-")
}

// signalEvidence returns the technology's evidence for a signal (same
// file, line and scope), or evidence made from the signal.
func signalEvidence(ctx *rule.Context, id string, s stack.Signal) stack.Evidence {
	if t, ok := ctx.Stack.Tech(id); ok {
		for _, e := range t.Evidence {
			if e.File == s.File && e.Line == s.Line && e.Scope == s.Scope && !rule.IsImplied(e) && strings.Contains(e.Version, s.Version) {
				return e
			}
		}
	}
	return stack.Evidence{File: s.File, Line: s.Line, Detail: s.Kind + " " + s.Name + " " + s.Version, Scope: s.Scope, Kind: s.Kind, Version: s.DeclaredVersion()}
}

// declarationsFromTech reads declarations out of a technology built
// without signals: each declared version at the evidence that names it.
func declarationsFromTech(t stack.Technology) []eolDecl {
	var out []eolDecl
	for _, v := range t.Versions {
		for _, ev := range versionEvidence(t, []string{v}) {
			d := eolDecl{raw: v, ev: ev, rank: rankRange, tooling: ev.Scope == stack.ScopeDev && ev.Kind != stack.KindImage}
			if stack.ParseConstraint(v).Exact {
				d.rank = rankExact
			}
			out = append(out, d)
		}
	}
	return out
}

// markToolingComponents marks as tooling the declarations of components
// that only hold languages and infrastructure (no framework, datastore or
// library in production) when another component using t holds more: a
// lint or scripts project beside the services, whose old version must not
// be reported as what the services ship.
func markToolingComponents(ctx *rule.Context, t stack.Technology, decls []eolDecl) []eolDecl {
	if ctx.Stack == nil || len(t.Components) < 2 {
		return decls
	}
	substantive := map[string]bool{}
	for _, c := range ctx.Stack.Components {
		for _, id := range c.Technologies {
			if x, ok := ctx.Tech(id); ok && x.Layer != stack.LayerLanguage && x.Layer != stack.LayerInfrastructure {
				substantive[c.Path] = true
				break
			}
		}
	}
	anyService := false
	for _, c := range t.Components {
		anyService = anyService || substantive[c]
	}
	if !anyService {
		return decls
	}
	out := make([]eolDecl, len(decls))
	for i, d := range decls {
		if c, ok := owningComponent(t.Components, d.ev.File); ok && !substantive[c] {
			d.tooling = true
		}
		out[i] = d
	}
	return out
}

// shipped keeps, per component, the declarations of the version that
// ships. The highest rank wins (a lock beats a pin, a pin a range).
// Production declarations outrank build stages, which outrank development
// tooling, so a tooling project never masks what a service ships. For a
// compiled-in runtime (Go) the toolchain line and the build image decide
// and the manifest's language version is only a minimum.
func shipped(t stack.Technology, e catalog.Entry, decls []eolDecl) []eolDecl {
	byComp := map[string][]eolDecl{}
	var comps []string
	for _, d := range decls {
		d.comp = "."
		if c, ok := owningComponent(t.Components, d.ev.File); ok {
			d.comp = c
		}
		if _, ok := byComp[d.comp]; !ok {
			comps = append(comps, d.comp)
		}
		byComp[d.comp] = append(byComp[d.comp], d)
	}
	sort.Strings(comps)
	var out []eolDecl
	for _, c := range comps {
		ds := byComp[c]
		var pool []eolDecl
		if e.CompiledIn {
			for _, d := range ds {
				if (d.toolchain || d.image) && !d.tooling {
					pool = append(pool, d)
				}
			}
			if len(pool) == 0 {
				for _, d := range ds {
					if !d.tooling && !d.build {
						d.minimum = true
						pool = append(pool, d)
					}
				}
			}
		}
		for _, keep := range []func(eolDecl) bool{
			func(d eolDecl) bool { return !d.tooling && !d.build },
			func(d eolDecl) bool { return d.build },
			func(d eolDecl) bool { return true },
		} {
			if len(pool) > 0 {
				break
			}
			for _, d := range ds {
				if keep(d) {
					pool = append(pool, d)
				}
			}
		}
		best := rankRange
		for _, d := range pool {
			if d.rank > best {
				best = d.rank
			}
		}
		lines := map[string]bool{}
		for _, d := range pool {
			if d.rank == best {
				out = append(out, d)
				lines[releaseLine(e, d.raw)] = true
			}
		}
		// Pins of the same line beside a lock (.ruby-version and Gemfile
		// beside Gemfile.lock) are where it is declared too.
		for _, d := range pool {
			if d.rank < best && d.rank >= rankExact && lines[releaseLine(e, d.raw)] {
				out = append(out, d)
			}
		}
	}
	return out
}

// releaseLine is the catalog release line a pinned version belongs to
// ("3.3.1" -> "3.3"), or the pin itself.
func releaseLine(e catalog.Entry, raw string) string {
	f := stack.ParseConstraint(raw).Floor()
	if cy, ok := e.CycleFor(f); ok {
		return cy.Cycle
	}
	return f
}

// judgeTech judges each shipped declaration and returns one finding per
// release line and verdict, listing every location that declares it.
func judgeTech(t stack.Technology, e catalog.Entry, decls []eolDecl, today time.Time, notice time.Duration) []rule.Finding {
	type group struct {
		v     eolVerdict
		decls []eolDecl
	}
	var groups []*group
	exact := false
	for _, d := range decls {
		v, ok := judgeVersion(e, d.raw, today, notice)
		if !ok {
			continue
		}
		exact = exact || v.exact
		switch {
		case d.tooling && v.severity > rule.SeverityNotice:
			v.severity = rule.SeverityNotice
		case d.build && !e.CompiledIn && v.severity > rule.SeverityNotice:
			// An interpreted runtime only a build stage names (node:20
			// AS builder, then alpine with its own nodejs) does not ship.
			v.severity = rule.SeverityNotice
		case d.minimum && v.severity > rule.SeverityWarning:
			v.severity = rule.SeverityWarning
		}
		var g *group
		for _, x := range groups {
			if x.v.kind == v.kind && x.v.cycle.Cycle == v.cycle.Cycle {
				g = x
			}
		}
		if g == nil {
			g = &group{v: v}
			groups = append(groups, g)
		}
		if v.severity > g.v.severity {
			g.v.severity = v.severity
		}
		if v.allowed > g.v.allowed {
			g.v.allowed = v.allowed
		}
		g.decls = append(g.decls, d)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].v.before(groups[j].v) })
	var out []rule.Finding
	var floors []*group
	for _, g := range groups {
		if g.v.kind == eolFloorOld {
			if !exact { // a pin elsewhere says what ships; a range's floor is noise beside it
				floors = append(floors, g)
			}
			continue
		}
		out = append(out, g.v.finding(t, e, today, g.decls))
	}
	switch len(floors) {
	case 0:
	case 1:
		f := floors[0].v.finding(t, e, today, floors[0].decls)
		f.Subject = floorSubject(t)
		out = append(out, f)
	default:
		// Several ranges with old floors are one problem: one finding
		// lists each range with its locations and says the one floor to
		// raise them to.
		var phrases []string
		var ev []stack.Evidence
		seen := map[stack.Evidence]bool{}
		var m rule.Finding
		for i, g := range floors {
			f := g.v.finding(t, e, today, g.decls)
			if i == 0 {
				m = f
			} else if f.Component != m.Component {
				m.Component = ""
			}
			if f.Severity > m.Severity {
				m.Severity = f.Severity
			}
			var raws []string
			for _, d := range g.decls {
				if !inIDs(raws, d.raw) {
					raws = append(raws, d.raw)
				}
			}
			for _, x := range f.Evidence {
				if !seen[x] {
					seen[x] = true
					ev = append(ev, x)
				}
			}
			phrases = append(phrases, fmt.Sprintf("%s (%s) allows %s, past end of life on %s", quoteAll(raws, 2),
				rule.Where(foldEvidence(f.Evidence, 2)), g.v.cycle.Cycle, g.v.cycle.EOL.Format(time.DateOnly)))
		}
		v := floors[0].v
		m.Subject = floorSubject(t)
		m.Evidence = ev
		m.Message = fmt.Sprintf("%d %s ranges allow release lines past end of life: %s", len(floors), t.Name, strings.Join(phrases, "; "))
		if v.raiseTo != "" {
			m.Message += "; raise their floors to " + v.raiseTo
		}
		if v.cycle.Source != "" {
			m.Message += " (source: " + v.cycle.Source + ")"
		}
		m.Message += "."
		m.Remediation = eolRemediation(t, v, "", ev)
		out = append(out, m)
	}
	return out
}

// EndOfLifeSubject reads the subject of an ecosystem/end-of-life finding:
// the technology id and the release line ("nodejs", "20"). ok is false for
// the finding about ranges whose floors allow old lines (floorSubject),
// which names no one line that ships.
func EndOfLifeSubject(subject string) (id, cycle string, ok bool) {
	id, cycle, ok = strings.Cut(subject, "@")
	if !ok || cycle == floorCycle {
		return id, "", false
	}
	return id, cycle, true
}

// floorCycle stands for the release line in floorSubject.
const floorCycle = "range-floor"

// floorSubject is the subject of the finding about a technology's ranges
// whose floors allow an end-of-life line: one per technology, so another
// old range, or a range moving to another old line, keeps the fingerprint.
func floorSubject(t stack.Technology) string { return t.ID + "@" + floorCycle }

// foldEvidence is the first max pieces of evidence; Where renders them.
func foldEvidence(ev []stack.Evidence, max int) []stack.Evidence {
	if len(ev) > max {
		return ev[:max]
	}
	return ev
}

// Kinds of verdict, strongest first.
const (
	eolAllPast  = iota // every release line the version allows is past end of life
	eolAllNear         // every line it allows is past or near end of life
	eolFloorOld        // a range whose floor allows a line past end of life
)

// eolVerdict is what the rule concludes about one declared version.
type eolVerdict struct {
	kind     int
	raw      string
	exact    bool
	cycle    catalog.Cycle // the line the finding is about
	allowed  int           // how many known lines the version allows
	raiseTo  string        // for eolFloorOld: the lowest supported line it allows
	severity rule.Severity
	// older is set when the version is older than every line the
	// catalog lists: cycle is then the declared line, and older the
	// oldest known line, itself past end of life.
	older *catalog.Cycle
}

func (v eolVerdict) before(o eolVerdict) bool {
	if v.kind != o.kind {
		return v.kind < o.kind
	}
	return versionLess(v.cycle.Cycle, o.cycle.Cycle)
}

// judgeVersion finds the release lines of e that raw allows and judges
// them: an error only when every one of them is past end of life.
func judgeVersion(e catalog.Entry, raw string, today time.Time, notice time.Duration) (eolVerdict, bool) {
	c := stack.ParseConstraint(raw)
	var allowed []catalog.Cycle
	for _, cy := range e.EOL {
		if c.Allows(cy.Cycle, stack.LineEnd(cy.Cycle)) {
			allowed = append(allowed, cy)
		}
	}
	if len(allowed) == 0 {
		return olderThanKnown(e, c, raw, today)
	}
	sort.Slice(allowed, func(i, j int) bool { return versionLess(allowed[i].Cycle, allowed[j].Cycle) })
	past := func(cy catalog.Cycle) bool { return !cy.EOL.IsZero() && !today.Before(cy.EOL.Time) }
	near := func(cy catalog.Cycle) bool { return !cy.EOL.IsZero() && cy.EOL.Sub(today) <= notice }
	allPast, allNear := true, true
	for _, cy := range allowed {
		allPast = allPast && past(cy)
		allNear = allNear && near(cy)
	}
	v := eolVerdict{raw: raw, exact: c.Exact, cycle: allowed[len(allowed)-1], allowed: len(allowed)}
	switch {
	case allPast:
		v.kind, v.severity = eolAllPast, rule.SeverityError
	case allNear:
		v.kind, v.severity = eolAllNear, rule.SeverityNotice
		for _, cy := range allowed { // the line that ends first without having ended
			if !past(cy) {
				v.cycle = cy
				break
			}
		}
	case !c.Exact && c.Floor() != "" && past(allowed[0]): // "<26" alone has no floor to raise
		v.kind, v.severity, v.cycle = eolFloorOld, rule.SeverityNotice, allowed[0]
		for _, cy := range allowed {
			if !past(cy) {
				v.raiseTo = cy.Cycle
				break
			}
		}
	default:
		return eolVerdict{}, false
	}
	return v, true
}

// olderThanKnown judges a version that allows no known release line: when
// every version it allows is older than the oldest line the catalog
// lists and that line is past end of life, the version is too (Rails 4.2,
// Go 1.15, Django 1.11). The finding is about the declared line.
func olderThanKnown(e catalog.Entry, c stack.Constraint, raw string, today time.Time) (eolVerdict, bool) {
	oldest := e.EOL[0]
	for _, cy := range e.EOL[1:] {
		if versionLess(cy.Cycle, oldest.Cycle) {
			oldest = cy
		}
	}
	floor := c.Floor()
	if floor == "" || oldest.EOL.IsZero() || today.Before(oldest.EOL.Time) ||
		!versionLess(floor, oldest.Cycle) || c.Allows(oldest.Cycle, "") {
		return eolVerdict{}, false
	}
	// The declared line at the catalog's granularity ("4.2.6" -> "4.2"
	// for Rails); a shorter declaration ("mongo:4") stays as written.
	parts := strings.Split(floor, ".")
	if n := strings.Count(oldest.Cycle, ".") + 1; len(parts) > n {
		parts = parts[:n]
	}
	line := strings.Join(parts, ".")
	o := oldest
	return eolVerdict{kind: eolAllPast, raw: raw, exact: c.Exact, allowed: 1, severity: rule.SeverityError,
		cycle: catalog.Cycle{Cycle: line, Source: oldest.Source}, older: &o}, true
}

func (v eolVerdict) finding(t stack.Technology, e catalog.Entry, today time.Time, decls []eolDecl) rule.Finding {
	decls = append([]eolDecl(nil), decls...)
	sort.SliceStable(decls, func(i, j int) bool {
		if decls[i].ev.File != decls[j].ev.File {
			return decls[i].ev.File < decls[j].ev.File
		}
		return decls[i].ev.Line < decls[j].ev.Line
	})
	var ev []stack.Evidence
	var raws []string
	seenEv, seenRaw := map[stack.Evidence]bool{}, map[string]bool{}
	comp, oneComp := "", true
	allTooling, allEnv, allBuild, anyMinimum := true, true, !e.CompiledIn, false
	for i, d := range decls {
		if !seenEv[d.ev] {
			seenEv[d.ev] = true
			ev = append(ev, d.ev)
		}
		if !seenRaw[d.raw] {
			seenRaw[d.raw] = true
			raws = append(raws, d.raw)
		}
		if i == 0 {
			comp = d.comp
		} else if d.comp != comp {
			oneComp = false
		}
		allTooling = allTooling && d.tooling
		allEnv = allEnv && d.env
		allBuild = allBuild && d.build && !d.tooling
		anyMinimum = anyMinimum || d.minimum
	}
	if !oneComp {
		comp = ""
	}
	declared := quoteAll(raws, 3)
	eol := v.cycle.EOL.Format(time.DateOnly)
	name := t.Name + " " + v.cycle.Cycle
	var msg string
	switch {
	case v.older != nil:
		msg = fmt.Sprintf("%s (%s, declared %s) is older than %s %s, the oldest release line still tracked, which reached end of life on %s; it gets no security fixes",
			name, rule.Where(ev), declared, t.Name, v.older.Cycle, v.older.EOL.Format(time.DateOnly))
	case v.kind == eolAllPast:
		msg = fmt.Sprintf("%s (%s, declared %s) reached end of life on %s and gets no security fixes", name, rule.Where(ev), declared, eol)
		if v.allowed > 1 {
			msg += "; every release line the range allows is past end of life"
		}
	case v.kind == eolAllNear:
		days := int(v.cycle.EOL.Sub(today).Hours() / 24)
		msg = fmt.Sprintf("%s (%s, declared %s) reaches end of life on %s, in %d days", name, rule.Where(ev), declared, eol, days)
	default:
		msg = fmt.Sprintf("%s range %s (%s) allows %s, past end of life on %s", t.Name, declared, rule.Where(ev), name, eol)
		if v.raiseTo != "" {
			msg += "; raise the floor to " + v.raiseTo
		}
	}
	next := newerCycle(e, v.cycle, today)
	if v.kind != eolFloorOld && next != "" {
		msg += "; " + next + " is supported"
	}
	if v.kind != eolFloorOld && allEnv {
		msg += "; only a Compose file that runs no application service (a local environment) declares it, nothing that ships, so this is a notice"
	} else if v.kind != eolFloorOld && allTooling {
		msg += "; only development tooling declares it, nothing that ships, so this is a notice"
	} else if v.kind != eolFloorOld && allBuild {
		msg += "; only a build stage uses it and the image that ships names no " + t.Name + " version, so this is a notice"
	} else if v.kind == eolAllPast && anyMinimum {
		msg += "; " + minimumNote(t)
	}
	if v.cycle.Source != "" {
		msg += " (source: " + v.cycle.Source + ")"
	}
	return rule.Finding{
		Severity:     v.severity,
		Message:      msg + ".",
		Evidence:     ev,
		Component:    comp,
		Subject:      t.ID + "@" + v.cycle.Cycle,
		Technologies: []string{t.ID},
		Remediation:  eolRemediation(t, v, next, ev),
	}
}

// minimumNote says why a compiled-in runtime's manifest version is only a
// warning: it is a minimum, and nothing pins the toolchain.
func minimumNote(t stack.Technology) string {
	if t.ID == "go" {
		return "go.mod's `go` line is only a minimum and no `toolchain` line or build image says which Go builds it, so this is a warning"
	}
	return "the manifest's version is only a minimum and no toolchain file or build image says which " + t.Name + " builds it, so this is a warning"
}

// eolRemediation names the technology, the line to move to and the files
// that declare the old one.
func eolRemediation(t stack.Technology, v eolVerdict, next string, ev []stack.Evidence) string {
	files := make([]string, 0, len(ev))
	seen := map[string]bool{}
	for _, e := range ev {
		if e.File != "" && !seen[e.File] {
			seen[e.File] = true
			files = append(files, "`"+e.File+"`")
		}
	}
	if len(files) > 4 {
		files = append(files[:4], fmt.Sprintf("%d more files", len(files)-4))
	}
	target := next
	if v.kind == eolFloorOld && v.raiseTo != "" {
		target = t.Name + " " + v.raiseTo
	}
	var b strings.Builder
	switch {
	case v.kind == eolFloorOld && target != "":
		fmt.Fprintf(&b, "Raise the floor of the %s range in %s to %s.", t.Name, rule.JoinAnd(files), target)
	case target != "" && len(files) > 1:
		fmt.Fprintf(&b, "Upgrade %s %s to %s in %s together, in one change.", t.Name, v.cycle.Cycle, target, rule.JoinAnd(files))
	case target != "":
		fmt.Fprintf(&b, "Upgrade %s %s to %s in %s.", t.Name, v.cycle.Cycle, target, rule.JoinAnd(files))
	default:
		fmt.Fprintf(&b, "Upgrade %s %s to a supported release line in %s.", t.Name, v.cycle.Cycle, rule.JoinAnd(files))
	}
	if t.ID == "go" {
		b.WriteString(" Pin what builds it with a `toolchain` line in go.mod and the same version in the build image.")
	}
	if v.cycle.Source != "" {
		b.WriteString(" Support dates: " + v.cycle.Source + ".")
	}
	return b.String()
}

// quoteAll renders up to max values quoted and joined: "20", "20.12" and
// 1 more.
func quoteAll(xs []string, max int) string {
	q := make([]string, 0, len(xs))
	for _, x := range xs {
		q = append(q, fmt.Sprintf("%q", x))
	}
	if len(q) > max {
		q = append(q[:max], fmt.Sprintf("%d more", len(q)-max))
	}
	return rule.JoinAnd(q)
}

// versionEvidence returns the evidence that declares one of the versions
// raws (at most three), else the first piece of evidence.
func versionEvidence(t stack.Technology, raws []string) []stack.Evidence {
	var out []stack.Evidence
	// Exactly the version written there first, then a version that holds
	// it (an image's tag "20-alpine" holds the runtime version "20").
	declares := func(e stack.Evidence, exact bool) bool {
		for _, raw := range raws {
			if raw == "" || rule.IsImplied(e) {
				continue
			}
			if exact && e.Version == raw || !exact && strings.Contains(e.Version, raw) {
				return true
			}
		}
		return false
	}
	// Production evidence first; a version may also come from a build
	// stage (the runtime copied out of node:20 into a slim image).
	for _, pool := range [][]stack.Evidence{rule.ProductionEvidence(t), t.Evidence} {
		for _, exact := range []bool{true, false} {
			for _, e := range pool {
				if e.Scope != stack.ScopeNonProduction && declares(e, exact) {
					out = append(out, e)
				}
			}
			if len(out) > 0 {
				break
			}
		}
		if len(out) > 0 {
			break
		}
	}
	if len(out) == 0 {
		return rule.TechEvidence(t, 1)
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// newerCycle names the newest later cycle still supported today, if any.
func newerCycle(e catalog.Entry, c catalog.Cycle, today time.Time) string {
	best := ""
	for _, x := range e.EOL {
		if x.Cycle == c.Cycle || !versionLess(c.Cycle, x.Cycle) || (!x.EOL.IsZero() && !x.EOL.After(today)) {
			continue
		}
		if best == "" || versionLess(best, x.Cycle) {
			best = x.Cycle
		}
	}
	if best == "" {
		return ""
	}
	return e.Name + " " + best
}
