package compare

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
)

// Base is the score every criterion starts from; reasons move it, and the
// result is clamped to 0–10. Migration starts from 10 (no switch).
const Base = 5.0

// Penalties of a finding, by severity, on its criterion's score.
var Penalties = map[rule.Severity]float64{rule.SeverityError: 4, rule.SeverityWarning: 2, rule.SeverityNotice: 1}

// score fills the option's scores and overall score.
func (o *option) score(ws []Weight, shared map[string]bool) {
	var sum, total float64
	for _, w := range ws {
		base := Base
		var rs []Reason
		switch w.Key {
		case "business":
			rs = o.business()
		case "scalability":
			rs = o.scalability()
		case "performance":
			rs = o.performance()
		case "data":
			rs = o.data()
		case "team":
			rs = o.team()
		case "ecosystem":
			rs = o.ecosystem()
		case "security":
			rs = o.security()
		case "time_to_market":
			rs = o.timeToMarket()
		case "cost":
			rs = o.cost()
		case "migration":
			base = 10
			rs = o.migration()
		}
		for _, f := range o.result.Findings {
			if criterionOf(f.Criterion) != w.Key {
				continue
			}
			// A finding every option has does not tell them apart: it is
			// listed (and keeps the row's best mark away) but costs no points.
			pts := -Penalties[f.Severity]
			if shared[sharedKey(f)] {
				pts = 0
			}
			r := Reason{Points: pts, Text: f.Title + ": " + f.Message, Source: "rule " + f.RuleID + " (stacklint explain " + f.RuleID + ")",
				Rule: f.RuleID, Severity: f.Severity.String(), Shared: shared[sharedKey(f)]}
			rs = append(rs, r)
		}
		s := base
		for _, r := range rs {
			s += r.Points
		}
		s = round1(math.Max(0, math.Min(10, s)))
		if rs == nil {
			rs = []Reason{}
		}
		o.Scores = append(o.Scores, Score{Criterion: w.Key, Score: s, Reasons: rs})
		sum += w.Weight * s
		total += w.Weight
	}
	if total > 0 {
		o.Overall = round1(sum / total * 10)
	}
}

func reason(points float64, text, source string) Reason {
	return Reason{Points: points, Text: text, Source: source}
}

// p is the profile the option is scored against.
func (o *option) p() *profile.Profile { return o.ctx.P() }

// ref renders a declared profile key as a source: "team.skills (.stacklint.toml:9)".
func (o *option) ref(key string) string {
	d, _ := o.p().Lookup(key)
	return key + cite(d)
}

// attr renders a catalog attribute as a source: "catalog: nestjs.concurrency".
func attr(e *catalog.Entry, key string) string { return "catalog: " + e.ID + "." + key }

// subject is the framework, or the language when there is none.
func (o *option) subject() *catalog.Entry {
	if o.fw != nil {
		return o.fw
	}
	return o.lang
}

func (o *option) has(battery string) bool {
	return o.fw != nil && contains(o.fw.Batteries, battery)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func pct(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) + "%" }

// batteryNames maps a battery to words.
var batteryNames = map[string]string{"orm": "an ORM", "migrations": "schema migrations", "admin": "an admin interface",
	"auth": "authentication", "validation": "request validation", "openapi": "OpenAPI generation"}

func batteriesText(bs []string) string {
	var ws []string
	for _, b := range bs {
		ws = append(ws, batteryNames[b])
	}
	return rule.JoinAnd(ws)
}

// talent returns the share that stands for the option's talent pool: the
// framework's, or its language's when the survey has none.
func (o *option) talent() (share float64, e *catalog.Entry, note string) {
	if o.fw != nil && o.fw.TalentShare > 0 {
		return o.fw.TalentShare, o.fw, ""
	}
	if o.lang != nil && o.lang.TalentShare > 0 {
		if o.fw != nil {
			note = o.fw.Name + " has no survey share; its language stands for it: "
		}
		return o.lang.TalentShare, o.lang, note
	}
	return 0, nil, ""
}

func (o *option) team() []Reason {
	p := o.p()
	var out []Reason
	switch {
	case len(p.Team.Skills) == 0:
		out = append(out, reason(0, "team.skills is not declared, so skills are not scored", "team.skills"))
	case o.fw != nil && o.ctx.Covered(o.fw.ID):
		out = append(out, reason(3, fmt.Sprintf("The team knows %s: team.skills lists %s", o.fw.Name, strings.Join(p.Team.Skills, ", ")), o.ref("team.skills")))
	case o.lang != nil && o.ctx.Covered(o.lang.ID):
		what := o.lang.Name
		if o.fw != nil {
			what += ", the language of " + o.fw.Name
		}
		out = append(out, reason(2, fmt.Sprintf("The team knows %s: team.skills lists %s", what, strings.Join(p.Team.Skills, ", ")), o.ref("team.skills")))
	default:
		name := "the stack"
		if s := o.subject(); s != nil {
			name = s.Name
			if o.lang != nil && o.fw != nil {
				name = o.fw.Name + " nor " + o.lang.Name
			}
		}
		out = append(out, reason(0, fmt.Sprintf("Neither %s is in team.skills (%s): the team would learn it", name, strings.Join(p.Team.Skills, ", ")), o.ref("team.skills")))
		if p.SmallTeam() {
			out = append(out, reason(-1, fmt.Sprintf("A team of %d (small: at most %d) has no one to spare for learning a new stack", p.Team.Size, p.Rules.Thresholds.SmallTeamSize),
				o.ref("team.size")+"; rules.thresholds.small_team_size"))
		}
	}
	th := p.Rules.Thresholds.RareTalentShare
	share, e, note := o.talent()
	if e != nil {
		pts := 0.0
		switch {
		case share >= 15:
			pts = 2
		case share >= 2*th:
			pts = 1
		}
		text := fmt.Sprintf("%s%s: %s of developers use it", note, e.Name, pct(share))
		if share < th {
			text += fmt.Sprintf(", below the %s rare-talent threshold", pct(th))
		}
		if p.Team.Hiring {
			text += "; the team plans to hire"
		}
		out = append(out, reason(pts, text, e.TalentSource+"; "+attr(e, "talent_share")))
		if e == o.fw && o.lang != nil && o.lang.TalentShare >= 25 {
			out = append(out, reason(1, fmt.Sprintf("%s: %s of developers, a large pool to hire and retrain from", o.lang.Name, pct(o.lang.TalentShare)),
				o.lang.TalentSource+"; "+attr(o.lang, "talent_share")))
		}
	} else if s := o.subject(); s != nil {
		out = append(out, reason(0, "The catalog has no talent-pool share for "+s.Name, attr(s, "talent_share")))
	}
	return out
}

// model returns the serving model and the entry that declares it.
func (o *option) model() (string, *catalog.Entry) {
	if o.fw != nil && o.fw.Concurrency != "" {
		return o.fw.Concurrency, o.fw
	}
	if o.lang != nil && o.lang.Concurrency != "" {
		return o.lang.Concurrency, o.lang
	}
	return "", o.subject()
}

// demand says how much the declared load asks of a runtime: "high"
// (high concurrency, realtime, CPU-heavy work, or a peak above five
// servers' worth), "medium" (a peak above one server, or medium
// concurrency) or "low"; why names the profile keys.
func (o *option) demand() (level, why string) {
	p := o.p()
	one := p.Rules.Thresholds.SingleServerRPS
	switch {
	case p.Load.Concurrency == "high":
		return "high", o.ref("load.concurrency")
	case p.Load.Realtime:
		return "high", o.ref("load.realtime")
	case p.Load.CPUHeavy:
		return "high", o.ref("load.cpu_heavy")
	case p.Load.PeakRPS > 5*one:
		return "high", o.ref("load.peak_rps")
	case p.Load.PeakRPS > one:
		return "medium", o.ref("load.peak_rps")
	case p.Load.Concurrency == "medium":
		return "medium", o.ref("load.concurrency")
	}
	return "low", "load (nothing demanding declared)"
}

// runtimePoints are the points an async model and a multicore runtime
// earn, by demand: speed counts when the load asks for it.
var runtimePoints = map[string]float64{"high": 2, "medium": 1, "low": 0.5}

func (o *option) performance() []Reason {
	p := o.p()
	var out []Reason
	level, why := o.demand()
	pts := runtimePoints[level]
	demand := "; the declared load demands " + level + " (" + why + ")"
	switch m, e := o.model(); {
	case m == "async":
		out = append(out, reason(pts, e.Name+" is asynchronous: one process keeps many requests in flight"+demand, attr(e, "concurrency")))
	case m == "sync":
		out = append(out, reason(0, e.Name+" is synchronous: each worker serves one request at a time"+demand, attr(e, "concurrency")))
	case e != nil:
		out = append(out, reason(0, "The catalog gives no single concurrency model for "+e.Name, attr(e, "concurrency")))
	}
	if o.lang != nil {
		if o.lang.Multicore {
			out = append(out, reason(pts, o.lang.Name+" runs one process's requests on every CPU core", attr(o.lang, "multicore")))
			if p.Load.CPUHeavy {
				out = append(out, reason(1, "CPU-heavy work is declared and "+o.lang.Name+" spreads it over cores", o.ref("load.cpu_heavy")))
			}
		} else {
			out = append(out, reason(0, o.lang.Name+" runs a process on one core at a time: more cores need more processes", attr(o.lang, "multicore")))
		}
	}
	return out
}

func (o *option) scalability() []Reason {
	p := o.p()
	var out []Reason
	level, _ := o.demand()
	if level == "low" {
		out = append(out, reason(0, "The declared load is low: every option scales far enough", "load"))
		return out
	}
	if o.lang != nil && o.lang.Multicore {
		out = append(out, reason(1, o.lang.Name+" uses every core of an instance, so fewer instances carry the load", attr(o.lang, "multicore")))
	}
	if m, e := o.model(); m == "async" {
		out = append(out, reason(1, e.Name+" is asynchronous: an instance holds many slow requests at once", attr(e, "concurrency")))
	}
	if th := p.Rules.Thresholds.SingleServerRPS; p.Load.PeakRPS > th {
		out = append(out, reason(0, fmt.Sprintf("A peak of %d rps is above what one server is expected to handle (%d): every option runs several instances",
			p.Load.PeakRPS, th), o.ref("load.peak_rps")+"; rules.thresholds.single_server_rps"))
	}
	return out
}

func (o *option) data() []Reason {
	p := o.p()
	var out []Reason
	s := o.subject()
	if s == nil {
		return out
	}
	if o.has("orm") {
		out = append(out, reason(1, s.Name+" ships an ORM", o.fw.BatteriesSource+"; "+attr(o.fw, "batteries")))
	} else {
		out = append(out, reason(0, s.Name+" ships no ORM: the team picks and wires one", batteriesSource(o.fw)))
	}
	if o.has("migrations") {
		out = append(out, reason(1, s.Name+" ships schema migrations", o.fw.BatteriesSource+"; "+attr(o.fw, "batteries")))
	}
	if p.Data.Consistency == "strong" {
		if db, ok := o.ctx.PrimaryDatabase(); ok {
			if e, ok := o.ctx.Entry(db.ID); ok && e.Transactional {
				out = append(out, reason(0, "Strong consistency is declared and the data stays in "+db.Name+", which has multi-record transactions",
					o.ref("data.consistency")+"; "+attr(&e, "transactional")))
			}
		}
	}
	return out
}

func batteriesSource(fw *catalog.Entry) string {
	if fw == nil {
		return "catalog: batteries"
	}
	if fw.BatteriesSource != "" {
		return fw.BatteriesSource + "; " + attr(fw, "batteries")
	}
	return attr(fw, "batteries") + " (none listed)"
}

// latestCycle returns the release line supported longest (an LTS line
// rather than a newer short-lived one).
func latestCycle(e *catalog.Entry) (catalog.Cycle, bool) {
	var best catalog.Cycle
	found := false
	for _, c := range e.EOL {
		if c.EOL.IsZero() {
			continue
		}
		if !found || c.EOL.After(best.EOL.Time) {
			best, found = c, true
		}
	}
	return best, found
}

func (o *option) ecosystem() []Reason {
	p := o.p()
	var out []Reason
	share, e, note := o.talent()
	if e != nil {
		pts := 0.0
		switch th := p.Rules.Thresholds.RareTalentShare; {
		case share >= 15:
			pts = 2
		case share >= th:
			pts = 1
		}
		out = append(out, reason(pts, fmt.Sprintf("%sCommunity: %s of developers use %s", note, pct(share), e.Name), e.TalentSource+"; "+attr(e, "talent_share")))
	}
	today := o.ctx.Today
	if today.IsZero() {
		today = time.Now()
	}
	for _, x := range []*catalog.Entry{o.fw, o.lang} {
		if x == nil {
			continue
		}
		c, ok := latestCycle(x)
		if !ok {
			out = append(out, reason(0, "The catalog has no published support schedule for "+x.Name, attr(x, "eol")))
			continue
		}
		text := fmt.Sprintf("%s %s, the line supported longest, has support until %s", x.Name, c.Cycle, c.EOL.Format(time.DateOnly))
		src := c.Source
		if src == "" {
			src = attr(x, "eol")
		}
		if c.EOL.After(today.AddDate(1, 0, 0)) {
			out = append(out, reason(1, text, src))
		} else {
			out = append(out, reason(0, text+", less than a year away", src))
		}
	}
	return out
}

func (o *option) security() []Reason {
	p := o.p()
	var out []Reason
	s := o.subject()
	if s == nil {
		return out
	}
	if o.has("auth") {
		out = append(out, reason(1, s.Name+" ships authentication", o.fw.BatteriesSource+"; "+attr(o.fw, "batteries")))
		if len(p.Compliance.Standards) > 0 {
			out = append(out, reason(1, "Compliance standards are declared ("+strings.Join(p.Compliance.Standards, ", ")+") and authentication comes maintained with the framework", o.ref("compliance.standards")))
		}
	} else {
		out = append(out, reason(0, s.Name+" ships no authentication: a library has to be chosen and kept up to date", batteriesSource(o.fw)))
	}
	if o.has("validation") {
		out = append(out, reason(1, s.Name+" validates request input", o.fw.BatteriesSource+"; "+attr(o.fw, "batteries")))
	}
	return out
}

func (o *option) timeToMarket() []Reason {
	p := o.p()
	var out []Reason
	s := o.subject()
	if s == nil {
		return out
	}
	if o.fw != nil && len(o.fw.Batteries) > 0 {
		n := math.Min(3, 0.5*float64(len(o.fw.Batteries)))
		out = append(out, reason(n, s.Name+" ships "+batteriesText(o.fw.Batteries), o.fw.BatteriesSource+"; "+attr(o.fw, "batteries")))
		if (p.Project.Type == profile.TypeMVP || p.Project.Type == profile.TypeInternalTool) && o.has("admin") {
			out = append(out, reason(1, "An admin interface comes for free, which "+p.Project.Type+" projects use early", o.ref("project.type")))
		}
	} else {
		out = append(out, reason(0, s.Name+" ships no ORM, migrations, admin or authentication: they are assembled from libraries", batteriesSource(o.fw)))
	}
	if len(p.Team.Skills) > 0 {
		known := (o.fw != nil && o.ctx.Covered(o.fw.ID)) || (o.lang != nil && o.ctx.Covered(o.lang.ID))
		if known {
			out = append(out, reason(2, "No learning curve: the team knows "+s.Name+" or its language", o.ref("team.skills")))
		} else {
			out = append(out, reason(-2, "The team learns "+s.Name+" before it ships", o.ref("team.skills")))
		}
	}
	return out
}

func (o *option) cost() []Reason {
	p := o.p()
	var out []Reason
	if o.lang != nil && o.lang.Multicore {
		out = append(out, reason(1, o.lang.Name+" uses every core: fewer, fuller instances for the same load", attr(o.lang, "multicore")))
	}
	m, e := o.model()
	if m == "async" {
		out = append(out, reason(1, e.Name+" is asynchronous: waiting on I/O costs no worker", attr(e, "concurrency")))
	}
	if th := p.Rules.Thresholds.SingleServerRPS; m == "sync" && p.Load.PeakRPS > th {
		out = append(out, reason(-1, fmt.Sprintf("%s is synchronous and %d rps are declared: more workers and instances for the same load", e.Name, p.Load.PeakRPS),
			attr(e, "concurrency")+"; "+o.ref("load.peak_rps")))
	}
	if p.Infrastructure.Budget == "low" {
		out = append(out, reason(0, "A low budget is declared: instance count matters", o.ref("infrastructure.budget")))
	}
	return out
}

func (o *option) business() []Reason {
	p := o.p()
	var out []Reason
	s := o.subject()
	if s == nil {
		return out
	}
	typ := p.Project.Type
	if typ != "" && p.Level("fit/stack-vs-type") != "off" && o.fw != nil {
		raised := false
		for _, f := range o.result.Findings {
			if f.RuleID == "fit/stack-vs-type" {
				raised = true
			}
		}
		if !raised {
			out = append(out, reason(2, fmt.Sprintf("%s suits a project of type %s: the fit/stack-vs-type rule raises nothing", o.fw.Name, typ),
				o.ref("project.type")+"; rule fit/stack-vs-type"))
		}
	}
	want := map[string][]string{
		profile.TypeAPIFirst:     {"openapi", "validation"},
		profile.TypeEcommerce:    {"orm", "auth", "admin"},
		profile.TypeMVP:          {"admin", "orm", "auth"},
		profile.TypeInternalTool: {"admin", "orm", "auth"},
	}[typ]
	var have, lack []string
	for _, b := range want {
		if o.has(b) {
			have = append(have, b)
		} else {
			lack = append(lack, b)
		}
	}
	if len(have) > 0 {
		out = append(out, reason(math.Min(2, float64(len(have))*2/float64(len(want))), s.Name+" ships "+batteriesText(have)+", which a project of type "+typ+" needs",
			batteriesSource(o.fw)+"; "+o.ref("project.type")))
	}
	if len(lack) > 0 {
		out = append(out, reason(0, s.Name+" does not ship "+batteriesText(lack)+", which a project of type "+typ+" needs", batteriesSource(o.fw)+"; "+o.ref("project.type")))
	}
	if typ == profile.TypeHighLoadSaaS && o.lang != nil && o.lang.Multicore {
		out = append(out, reason(1, o.lang.Name+" uses every core, as a high-load SaaS needs", attr(o.lang, "multicore")))
	}
	for i, id := range p.Organization.Adopt {
		if o.fw != nil && id == o.fw.ID || o.lang != nil && id == o.lang.ID {
			out = append(out, reason(1, id+" is on the organisation's adopt ring", o.ref("organization.adopt."+strconv.Itoa(i))))
		}
	}
	// The adopt ring of the project type's rings or of the radar file
	// counts the same (the hand-listed ring above is cited as before).
	for _, e := range []*catalog.Entry{o.fw, o.lang} {
		if e == nil {
			continue
		}
		pl, ok := p.Placement(e.ID)
		if !ok || pl.Ring != profile.RingAdopt || strings.HasPrefix(pl.Key, "organization.adopt.") {
			continue
		}
		if pl.FromRadar() {
			out = append(out, reason(1, e.ID+" is on the adopt ring of the organisation's tech radar", fmt.Sprintf("%s:%d (%q)", pl.Entry.File, pl.Entry.Line, pl.Entry.Name)))
		} else {
			out = append(out, reason(1, e.ID+" is on the organisation's adopt ring for "+pl.ProjectType+" projects", o.ref(pl.Key)))
		}
	}
	return out
}
