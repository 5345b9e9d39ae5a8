package profile

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// radarPath checks organization.radar: a path, never a URL.
func (c *conv) radarPath(v any) string {
	const key = "organization.radar"
	if v == nil {
		return ""
	}
	s, ok := v.(string)
	switch {
	case !ok:
		c.problem(key, fmt.Sprintf("expected a string, the path of the radar file (\"docs/tech-radar.csv\"), got %s", typeName(v)))
		return ""
	case strings.TrimSpace(s) == "":
		c.problem(key, "expected the path of the radar file (\"docs/tech-radar.csv\"), got an empty string")
		return ""
	case isURL(s):
		c.problem(key, "a URL is not allowed: stacklint reads no network at check time; commit the radar file (or download it in CI before the check) and give its path, relative to the profile's folder")
		return ""
	case strings.ContainsRune(s, 0):
		c.problem(key, "the path contains a NUL byte")
		return ""
	}
	c.declare(key, s)
	return path.Clean(strings.ReplaceAll(s, "\\", "/"))
}

// byType reads [organization.by_type.<project type>] tables of rings.
func (c *conv) byType(v any) {
	const key = "organization.by_type"
	if v == nil {
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.problem(key, fmt.Sprintf("expected tables [organization.by_type.<project type>] holding adopt, trial, assess and hold; got %s", typeName(v)))
		return
	}
	for _, typ := range tableKeys(m) {
		tk := key + "." + typ
		if !contains(ProjectTypes, typ) {
			c.problem(tk, fmt.Sprintf("%q is not a project type; expected one of %s", typ, quoteList(ProjectTypes)))
			continue
		}
		t, ok := m[typ].(map[string]any)
		if !ok {
			c.problem(tk, fmt.Sprintf("expected a table [%s] holding adopt, trial, assess and hold; got %s", tk, typeName(m[typ])))
			continue
		}
		var r Rings
		for _, ring := range tableKeys(t) {
			rk := tk + "." + ring
			var ids []string
			if contains(RingNames, ring) {
				ids = c.ids(rk, t[ring])
			}
			switch ring {
			case RingAdopt:
				r.Adopt = ids
			case RingTrial:
				r.Trial = ids
			case RingAssess:
				r.Assess = ids
			case RingHold:
				r.Hold = ids
			default:
				c.problem(rk, fmt.Sprintf("unknown key %q in [%s]; allowed: %s", ring, tk, strings.Join(RingNames, ", ")))
			}
		}
		if c.p.Organization.ByType == nil {
			c.p.Organization.ByType = map[string]Rings{}
		}
		c.p.Organization.ByType[typ] = r
		c.declare(tk, "")
	}
}

// ruleKeys are the keys of a [rules."<rule id>"] table.
var ruleKeys = []string{"level", "warn_until", "enforce_from"}

// ruleTable reads [rules."<rule id>"]: level, and warn_until or
// enforce_from (the same day, two spellings: warnings before it, the
// level from it on).
func (c *conv) ruleTable(id string, t map[string]any) {
	pre := "rules." + id
	for _, k := range tableKeys(t) {
		if !contains(ruleKeys, k) {
			c.problem(pre+"."+k, fmt.Sprintf("unknown key %q in [rules.%q]; allowed: %s", k, id, strings.Join(ruleKeys, ", ")))
		}
	}
	if v, ok := t["level"]; ok {
		s, isStr := v.(string)
		if !isStr || !contains(RuleLevels, s) {
			got := typeName(v)
			if isStr {
				got = strconv.Quote(s)
			}
			c.problem(pre+".level", fmt.Sprintf("%s is not allowed; expected one of %s", got, quoteList(RuleLevels)))
		} else {
			c.declare(pre+".level", v)
			c.declare(pre, v)
			c.p.Rules.Levels[id] = s
		}
	}
	_, hasWarn := t["warn_until"]
	_, hasEnforce := t["enforce_from"]
	if hasWarn && hasEnforce {
		c.problem(pre+".enforce_from", "give warn_until or enforce_from, not both: they name the same day (warnings before it, the rule's level from it on)")
		return
	}
	for _, k := range []string{"warn_until", "enforce_from"} {
		v, ok := t[k]
		if !ok {
			continue
		}
		d, ok := c.date(pre+"."+k, v, k+" = 2027-03-01")
		if !ok {
			continue
		}
		if c.p.Rules.Levels[id] == "off" || c.p.Rules.Levels[id] == "warning" || c.p.Rules.Levels[id] == "notice" {
			c.problem(pre+"."+k, fmt.Sprintf("%s has no effect at level %q: a rollout reports warnings until the day, then the rule's level; set level = \"error\" (or leave the rule's default error level)", k, c.p.Rules.Levels[id]))
			continue
		}
		c.p.Rules.Rollouts[id] = Rollout{Enforce: d, Key: pre + "." + k}
	}
}

// RolloutMessage is what a finding in its warning period says:
// "warning until 2027-03-01, then error".
func RolloutMessage(enforce time.Time, level string) string {
	return "warning until " + enforce.Format(time.DateOnly) + ", then " + level
}
