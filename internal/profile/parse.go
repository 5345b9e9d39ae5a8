package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/bmatcuk/doublestar/v4"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/source"
)

// raw mirrors the file; every leaf is decoded as any and checked by hand
// so that all problems are collected, each with its position.
type raw struct {
	Project struct {
		Type          any `toml:"type"`
		LifetimeYears any `toml:"lifetime_years"`
		Stage         any `toml:"stage"`
	} `toml:"project"`
	Load struct {
		PeakRPS      any `toml:"peak_rps"`
		Growth       any `toml:"growth"`
		Concurrency  any `toml:"concurrency"`
		LatencyP99Ms any `toml:"latency_p99_ms"`
		Realtime     any `toml:"realtime"`
		CPUHeavy     any `toml:"cpu_heavy"`
	} `toml:"load"`
	Data struct {
		Consistency any `toml:"consistency"`
		Shape       any `toml:"shape"`
		Reporting   any `toml:"reporting"`
	} `toml:"data"`
	Team struct {
		Size   any `toml:"size"`
		Skills any `toml:"skills"`
		Hiring any `toml:"hiring"`
	} `toml:"team"`
	Compliance struct {
		Standards any `toml:"standards"`
	} `toml:"compliance"`
	Infrastructure struct {
		Hosting any `toml:"hosting"`
		Budget  any `toml:"budget"`
	} `toml:"infrastructure"`
	Organization struct {
		StandardStacks any `toml:"standard_stacks"`
		Adopt          any `toml:"adopt"`
		Trial          any `toml:"trial"`
		Assess         any `toml:"assess"`
		Hold           any `toml:"hold"`
		Radar          any `toml:"radar"`
		ByType         any `toml:"by_type"`
	} `toml:"organization"`
	Compare struct {
		Candidates any `toml:"candidates"`
		Weights    any `toml:"weights"`
	} `toml:"compare"`
	Rules   map[string]any `toml:"rules"`
	Waivers []rawWaiver    `toml:"waivers"`
}

type rawWaiver struct {
	Rule    any `toml:"rule"`
	Paths   any `toml:"paths"`
	Reason  any `toml:"reason"`
	Expires any `toml:"expires"`
}

var (
	idPattern        = lazyregexp.New(`^[a-z0-9]+([.+-][a-z0-9]+)*$`)
	ruleIDPattern    = lazyregexp.New(`^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$`)
	lineInMessage    = lazyregexp.New(`line (\d+)`)
	lastKeyInMessage = lazyregexp.New(`last key "([^"]+)"`)
)

// MaxFileSize caps the size of a profile: 64 KiB, ten times the longest
// real one. The TOML decoder spends about a gigabyte on a megabyte of
// nested tables, so Parse refuses anything larger before decoding.
const MaxFileSize = 64 << 10

// Load reads (see ReadFile) and parses the profile at path. Problems are
// reported as a *Error naming path.
func Load(path string) (*Profile, error) {
	b, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, b)
}

// ReadFile reads a profile file: a regular file of at most MaxFileSize
// bytes (see source.ReadFile: a named pipe or a device put where the
// profile should be is refused instead of hanging the run).
func ReadFile(path string) ([]byte, error) {
	data, err := source.ReadFile(path, MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("cannot read profile %s: %w", path, unwrapPathErr(err))
	}
	return data, nil
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse parses a profile. name is how the file is cited in problems and
// findings (".stacklint.toml"). Every problem found is returned in one
// *Error: syntax errors, unknown keys, values of the wrong type or outside
// the allowed set, waivers without a reason.
func Parse(name string, data []byte) (*Profile, error) {
	p := &Profile{File: name, declared: true, decls: map[string]Declaration{}}
	p.Rules.Levels = map[string]string{}
	p.Rules.Rollouts = map[string]Rollout{}
	p.Rules.Thresholds = DefaultThresholds()

	if len(data) > MaxFileSize {
		return nil, &Error{File: name, Problems: []Problem{{File: name, Message: fmt.Sprintf("the profile is %d bytes, over the %d-byte limit; a profile is a few kilobytes", len(data), MaxFileSize)}}}
	}
	// A byte-order mark is not TOML; positions count from after it.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if err := nesting.Check(data, nesting.TOML); err != nil {
		var pe *detect.ParseError
		errors.As(err, &pe)
		return nil, &Error{File: name, Problems: []Problem{{File: name, Line: pe.Line, Column: pe.Column, Message: pe.Msg}}}
	}
	var r raw
	md, err := toml.Decode(string(data), &r)
	if err != nil {
		return nil, &Error{File: name, Problems: []Problem{decodeProblem(name, err, data)}}
	}
	c := &conv{file: name, loc: locate(data), p: p}
	c.undecoded(md.Undecoded())

	p.Project.Type = c.enum("project.type", r.Project.Type, ProjectTypes)
	p.Project.LifetimeYears = c.integer("project.lifetime_years", r.Project.LifetimeYears, 0)
	p.Project.Stage = c.enum("project.stage", r.Project.Stage, Stages)

	p.Load.PeakRPS = c.integer("load.peak_rps", r.Load.PeakRPS, 0)
	p.Load.Growth = c.enum("load.growth", r.Load.Growth, Growths)
	p.Load.Concurrency = c.enum("load.concurrency", r.Load.Concurrency, Concurrencies)
	p.Load.LatencyP99Ms = c.integer("load.latency_p99_ms", r.Load.LatencyP99Ms, 0)
	p.Load.Realtime = c.boolean("load.realtime", r.Load.Realtime)
	p.Load.CPUHeavy = c.boolean("load.cpu_heavy", r.Load.CPUHeavy)

	p.Data.Consistency = c.enum("data.consistency", r.Data.Consistency, Consistencies)
	p.Data.Shape = c.enum("data.shape", r.Data.Shape, Shapes)
	p.Data.Reporting = c.boolean("data.reporting", r.Data.Reporting)

	p.Team.Size = c.integer("team.size", r.Team.Size, 1)
	p.Team.Skills = c.ids("team.skills", r.Team.Skills)
	p.Team.Hiring = c.boolean("team.hiring", r.Team.Hiring)

	p.Compliance.Standards = c.enumList("compliance.standards", r.Compliance.Standards, Standards)

	p.Infrastructure.Hosting = c.enum("infrastructure.hosting", r.Infrastructure.Hosting, Hostings)
	p.Infrastructure.Budget = c.enum("infrastructure.budget", r.Infrastructure.Budget, Budgets)

	for _, s := range c.strList("organization.standard_stacks", r.Organization.StandardStacks, "technology ids joined by \"+\", e.g. \"typescript+nestjs+postgresql\"") {
		var stackIDs []string
		for _, id := range strings.FieldsFunc(s.value, func(r rune) bool { return r == '+' || r == ',' || r == ' ' }) {
			if !idPattern.MatchString(id) {
				c.problem(s.key, fmt.Sprintf("%q is not a technology id; expected lowercase catalog ids joined by \"+\", e.g. \"typescript+nestjs+postgresql\"", id))
				continue
			}
			stackIDs = append(stackIDs, id)
		}
		if len(stackIDs) > 0 {
			p.Organization.StandardStacks = append(p.Organization.StandardStacks, stackIDs)
		}
	}
	p.Organization.Adopt = c.ids("organization.adopt", r.Organization.Adopt)
	p.Organization.Trial = c.ids("organization.trial", r.Organization.Trial)
	p.Organization.Assess = c.ids("organization.assess", r.Organization.Assess)
	p.Organization.Hold = c.ids("organization.hold", r.Organization.Hold)
	p.Organization.Radar = c.radarPath(r.Organization.Radar)
	c.byType(r.Organization.ByType)

	p.Compare.Candidates = c.ids("compare.candidates", r.Compare.Candidates)
	c.weights(r.Compare.Weights)

	c.rules(r.Rules)
	for i, w := range r.Waivers {
		c.waiver(i, w)
	}

	if len(c.probs) > 0 {
		sort.SliceStable(c.probs, func(i, j int) bool {
			if c.probs[i].Line != c.probs[j].Line {
				return c.probs[i].Line < c.probs[j].Line
			}
			return c.probs[i].Column < c.probs[j].Column
		})
		return nil, &Error{File: name, Problems: c.probs}
	}
	return p, nil
}

// quotedFragment matches what the TOML decoder quotes from the input.
var quotedFragment = lazyregexp.New(`"[^"]*"|'[^']*'`)

// withoutContent drops the input fragments the TOML decoder quotes in its
// messages ("found \"abc\" instead"): the file may not be TOML at all (a
// secrets file, /proc/self/environ) and its content is never echoed. A
// single punctuation character ('=', ':') is kept: it says what was wrong
// without revealing a value.
func withoutContent(msg string) string {
	return quotedFragment.ReplaceAllStringFunc(msg, func(q string) string {
		in := q[1 : len(q)-1]
		if len(in) == 1 && !isAlnum(in[0]) && in[0] >= ' ' && in[0] < 0x7f {
			return q
		}
		if len(in) > 0 && isAlnum(in[0]) {
			return "an unquoted word"
		}
		return "unexpected text"
	})
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// profileKey reports whether a key the decoder names lies in a table a
// profile has: other keys come from a file that is not a profile and are
// not echoed.
func profileKey(key string) bool {
	top, _, _ := strings.Cut(key, ".")
	return contains(allowedKeys()[""], top)
}

func decodeProblem(name string, err error, data []byte) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := withoutContent(pe.Message)
		if pe.LastKey != "" && profileKey(pe.LastKey) && !strings.Contains(msg, pe.LastKey) {
			msg += " (after key " + pe.LastKey + ")"
		}
		return Problem{File: name, Line: pe.Position.Line, Column: pe.Position.Col, Message: "TOML syntax: " + msg}
	}
	// Not a syntax error: the file is TOML, its shape is wrong.
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	pr := Problem{File: name, Message: msg}
	if m := lineInMessage.FindStringSubmatch(msg); m != nil {
		pr.Line, _ = strconv.Atoi(m[1])
	}
	if m := lastKeyInMessage.FindStringSubmatch(msg); m != nil {
		key := m[1]
		pr.Key = key
		if p, ok := locate(data)[key]; ok {
			pr.Line, pr.Column = p.Line, p.Column
		}
		top := strings.SplitN(key, ".", 2)[0]
		switch {
		case top == "waivers":
			pr.Message = "waivers must be an array of tables: write each waiver as [[waivers]] followed by rule, reason, paths and expires"
		case top == "rules" && key != "rules":
			pr.Message = "[rules] holds \"<rule id>\" = \"off\"|\"error\"|\"warning\"|\"notice\" and the [rules.thresholds] table"
		default:
			pr.Message = fmt.Sprintf("%s must be a table: write [%s] on its own line with its keys below it", top, top)
		}
		return pr
	}
	pr.Message += "; each of project, load, data, team, compliance, infrastructure, organization and rules is a table, waivers an array of tables ([[waivers]])"
	return pr
}

type conv struct {
	file  string
	loc   map[string]Pos
	p     *Profile
	probs []Problem
	used  map[string]bool
}

func (c *conv) pos(key string) Pos {
	for k := key; k != ""; {
		if p, ok := c.loc[k]; ok {
			return p
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return Pos{}
}

func (c *conv) problem(key, msg string) {
	p := c.pos(key)
	c.probs = append(c.probs, Problem{File: c.file, Line: p.Line, Column: p.Column, Key: key, Message: msg})
}

func (c *conv) declare(key string, v any) {
	p := c.pos(key)
	c.p.decls[key] = Declaration{Key: key, Value: render(v), File: c.file, Line: p.Line, Column: p.Column}
}

// allowedKeys lists the keys of each table, from the raw struct's tags.
func allowedKeys() map[string][]string {
	out := map[string][]string{}
	rt := reflect.TypeOf(raw{})
	var top []string
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		tag := f.Tag.Get("toml")
		top = append(top, tag)
		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.Struct {
			continue
		}
		for j := 0; j < ft.NumField(); j++ {
			out[tag] = append(out[tag], ft.Field(j).Tag.Get("toml"))
		}
	}
	out[""] = top
	return out
}

func (c *conv) undecoded(keys []toml.Key) {
	allowed := allowedKeys()
	reported := keySet{ids: map[keyStep]int{}, marked: map[int]bool{}}
	c.used = map[string]bool{}
	for _, k := range keys {
		if len(k) == 0 || k[0] == "rules" {
			continue // [rules] is checked by rules()
		}
		if len(k) > 2 && k[0] == "compare" && k[1] == "weights" {
			continue // [compare.weights] is checked by weights()
		}
		if len(k) > 2 && k[0] == "organization" && k[1] == "by_type" {
			continue // [organization.by_type.*] is checked by byType()
		}
		if reported.hasPrefixOf(k) {
			continue
		}
		reported.add(k)
		table := ""
		if len(k) > 1 {
			table = k[0]
		}
		var msg string
		if table == "" {
			msg = fmt.Sprintf("unknown table or key %q; allowed: %s", k[0], strings.Join(allowed[""], ", "))
		} else if _, known := allowed[table]; known && len(k) == 2 {
			where := "[" + table + "]"
			if table == "waivers" {
				where = "[[waivers]]"
			}
			msg = fmt.Sprintf("unknown key %q in %s; allowed: %s", k[1], where, strings.Join(allowed[table], ", "))
		} else {
			msg = fmt.Sprintf("unknown key %q; %q expects a single value, not a table", k.String(), k[:2].String())
		}
		key := strings.Join(k, ".")
		if table == "waivers" {
			// Array-of-tables keys come without their index: cite the
			// first occurrence not yet reported.
			for i := 0; ; i++ {
				cand := "waivers." + itoa(i) + "." + strings.Join(k[1:], ".")
				if _, ok := c.loc[cand]; ok && !c.used[cand] {
					c.used[cand] = true
					key = cand
					break
				}
				if _, ok := c.loc["waivers."+itoa(i)]; !ok {
					break
				}
			}
		}
		c.problem(key, msg)
	}
}

// keySet is a set of TOML keys stored as a trie, so asking whether any
// proper prefix of a key is in it costs one step per segment instead of
// building a string for every prefix (which made deeply nested keys cubic).
type keySet struct {
	ids    map[keyStep]int // (parent node, segment) -> node
	marked map[int]bool    // nodes whose key is in the set
}

type keyStep struct {
	parent int
	seg    string
}

// hasPrefixOf reports whether a proper prefix of k is in the set.
func (s keySet) hasPrefixOf(k toml.Key) bool {
	node := 0
	for _, seg := range k[:max(0, len(k)-1)] {
		next, ok := s.ids[keyStep{node, seg}]
		if !ok {
			return false
		}
		if s.marked[next] {
			return true
		}
		node = next
	}
	return false
}

// add puts k in the set.
func (s keySet) add(k toml.Key) {
	node := 0
	for _, seg := range k {
		next, ok := s.ids[keyStep{node, seg}]
		if !ok {
			next = len(s.ids) + 1
			s.ids[keyStep{node, seg}] = next
		}
		node = next
	}
	s.marked[node] = true
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

func (c *conv) enum(key string, v any, allowed []string) string {
	if v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		c.problem(key, fmt.Sprintf("expected a string, one of %s; got %s", quoteList(allowed), typeName(v)))
		return ""
	}
	if !contains(allowed, s) {
		c.problem(key, fmt.Sprintf("%q is not allowed; expected one of %s", s, quoteList(allowed)))
		return ""
	}
	c.declare(key, v)
	return s
}

func (c *conv) integer(key string, v any, minimum int) int {
	if v == nil {
		return 0
	}
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case float64:
		if x != math.Trunc(x) || math.IsInf(x, 0) || math.IsNaN(x) || x > math.MaxInt32 || x < math.MinInt32 {
			c.problem(key, fmt.Sprintf("expected a whole number, got %v", x))
			return 0
		}
		n = int64(x)
	default:
		c.problem(key, fmt.Sprintf("expected a whole number, got %s", typeName(v)))
		return 0
	}
	if n < int64(minimum) || n > math.MaxInt32 {
		c.problem(key, fmt.Sprintf("%d is out of range; expected a whole number from %d", n, minimum))
		return 0
	}
	c.declare(key, v)
	return int(n)
}

func (c *conv) boolean(key string, v any) bool {
	if v == nil {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		c.problem(key, fmt.Sprintf("expected true or false, got %s", typeName(v)))
		return false
	}
	c.declare(key, v)
	return b
}

type elem struct {
	key   string
	value string
}

// strList checks an array of strings and returns its elements with their keys.
func (c *conv) strList(key string, v any, expect string) []elem {
	if v == nil {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			c.problem(key, fmt.Sprintf("expected an array of strings (%s), got a string; write [%q]", expect, s))
		} else {
			c.problem(key, fmt.Sprintf("expected an array of strings (%s), got %s", expect, typeName(v)))
		}
		return nil
	}
	var out []elem
	bad := false
	for i, x := range arr {
		ek := key + "." + itoa(i)
		s, ok := x.(string)
		if !ok {
			c.problem(ek, fmt.Sprintf("expected a string (%s), got %s", expect, typeName(x)))
			bad = true
			continue
		}
		out = append(out, elem{key: ek, value: s})
		c.declare(ek, s)
	}
	if !bad {
		c.declare(key, v)
	}
	return out
}

func (c *conv) enumList(key string, v any, allowed []string) []string {
	var out []string
	for _, e := range c.strList(key, v, "one of "+quoteList(allowed)) {
		if !contains(allowed, e.value) {
			c.problem(e.key, fmt.Sprintf("%q is not allowed; expected one of %s", e.value, quoteList(allowed)))
			delete(c.p.decls, key)
			continue
		}
		out = append(out, e.value)
	}
	return out
}

func (c *conv) ids(key string, v any) []string {
	var out []string
	for _, e := range c.strList(key, v, "technology ids such as \"typescript\", \"postgresql\"") {
		if !idPattern.MatchString(e.value) {
			c.problem(e.key, fmt.Sprintf("%q is not a technology id; expected a lowercase catalog id such as \"typescript\", \"spring-boot\", \"postgresql\"", e.value))
			delete(c.p.decls, key)
			continue
		}
		out = append(out, e.value)
	}
	return out
}

func (c *conv) rules(m map[string]any) {
	if m == nil {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := m[k]
		key := "rules." + k
		if k == "thresholds" {
			c.thresholds(v)
			continue
		}
		if !ruleIDPattern.MatchString(k) {
			c.problem(key, fmt.Sprintf("%q is not a rule id; expected \"thresholds\" or a quoted rule id such as \"scalability/no-scaling-plan\" = \"off\"", k))
			continue
		}
		if t, ok := v.(map[string]any); ok {
			c.ruleTable(k, t)
			continue
		}
		s, ok := v.(string)
		if !ok || !contains(RuleLevels, s) {
			got := typeName(v)
			if ok {
				got = strconv.Quote(s)
			}
			c.problem(key, fmt.Sprintf("%s is not allowed; expected one of %s", got, quoteList(RuleLevels)))
			continue
		}
		c.declare(key, v)
		c.p.Rules.Levels[k] = s
	}
}

func (c *conv) thresholds(v any) {
	m, ok := v.(map[string]any)
	if !ok {
		c.problem("rules.thresholds", fmt.Sprintf("expected a table [rules.thresholds], got %s", typeName(v)))
		return
	}
	for _, k := range tableKeys(m) {
		key := "rules.thresholds." + k
		spec, known := thresholdSpec(k)
		if !known {
			c.problem(key, fmt.Sprintf("unknown threshold %q; allowed: %s", k, strings.Join(thresholdKeys(), ", ")))
			continue
		}
		f, ok := number(m[k])
		if !ok {
			c.problem(key, fmt.Sprintf("expected a number, got %s", typeName(m[k])))
			continue
		}
		if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > math.MaxInt32 {
			c.problem(key, fmt.Sprintf("%v is out of range; expected a number from 0", m[k]))
			continue
		}
		if spec.Integer && f != math.Trunc(f) {
			c.problem(key, fmt.Sprintf("expected a whole number, got %v", f))
			continue
		}
		spec.set(&c.p.Rules.Thresholds, f)
		c.declare(key, m[k])
	}
}

// tableKeys returns a table's keys, sorted, so problems come in a stable order.
func tableKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// number reads a TOML integer or float.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// weights reads [compare.weights]: criterion key = a number from 0 to
// MaxWeight.
func (c *conv) weights(v any) {
	if v == nil {
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.problem("compare.weights", fmt.Sprintf("expected a table [compare.weights] of criterion = weight, got %s", typeName(v)))
		return
	}
	for _, k := range tableKeys(m) {
		key := "compare.weights." + k
		if !contains(CompareCriteria, k) {
			c.problem(key, fmt.Sprintf("unknown criterion %q; allowed: %s", k, strings.Join(CompareCriteria, ", ")))
			continue
		}
		f, ok := number(m[k])
		if !ok {
			c.problem(key, fmt.Sprintf("expected a number from 0 to %d, got %s", MaxWeight, typeName(m[k])))
			continue
		}
		if math.IsNaN(f) || f < 0 || f > MaxWeight {
			c.problem(key, fmt.Sprintf("%v is out of range; expected a number from 0 (ignore the criterion) to %d", m[k], MaxWeight))
			continue
		}
		if c.p.Compare.Weights == nil {
			c.p.Compare.Weights = map[string]float64{}
		}
		c.p.Compare.Weights[k] = f
		c.declare(key, m[k])
	}
}

func (c *conv) waiver(i int, r rawWaiver) {
	pre := "waivers." + itoa(i)
	w := Waiver{Index: i}
	switch s, ok := r.Rule.(string); {
	case r.Rule == nil:
		c.problem(pre, "a waiver needs rule = \"<rule id>\"")
	case !ok || (!ruleIDPattern.MatchString(s) && !strings.ContainsAny(s, "*?[")):
		c.problem(pre+".rule", fmt.Sprintf("expected a rule id such as \"scalability/no-scaling-plan\" (globs allowed), got %s", render(r.Rule)))
	default:
		w.Rule = s
		c.declare(pre+".rule", s)
	}
	for _, e := range c.strList(pre+".paths", r.Paths, "doublestar globs such as \"services/legacy/**\"") {
		if !doublestar.ValidatePattern(e.value) {
			c.problem(e.key, fmt.Sprintf("%q is not a valid glob", e.value))
			continue
		}
		w.Paths = append(w.Paths, e.value)
	}
	switch s, ok := r.Reason.(string); {
	case r.Reason == nil:
		c.problem(pre, "a waiver needs reason = \"why this is accepted\"")
	case !ok || strings.TrimSpace(s) == "":
		c.problem(pre+".reason", "reason must be a non-empty string saying why the finding is accepted")
	case IsTemplateReason(s):
		c.declare(pre+".reason", s)
		c.problem(pre+".reason", fmt.Sprintf("%q is the template text of the waiver snippet; say why this finding is accepted here", strings.TrimSpace(s)))
	default:
		w.Reason = s
		c.declare(pre+".reason", s)
	}
	if t, ok := c.date(pre+".expires", r.Expires, "expires = 2027-06-30"); ok {
		w.Expires = t
	}
	c.declare(pre, "")
	c.p.Waivers = append(c.p.Waivers, w)
}

// date reads a TOML date (2027-06-30) or a date string ("2027-06-30")
// and declares it; example is shown in the problem when it is neither.
func (c *conv) date(key string, v any, example string) (time.Time, bool) {
	switch x := v.(type) {
	case nil:
	case time.Time:
		t := time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
		c.declare(key, t)
		return t, true
	case string:
		t, err := time.Parse(time.DateOnly, x)
		if err != nil {
			c.problem(key, fmt.Sprintf("%q is not a date; expected YYYY-MM-DD, e.g. %s", x, example))
			return time.Time{}, false
		}
		c.declare(key, t)
		return t, true
	default:
		c.problem(key, fmt.Sprintf("expected a date YYYY-MM-DD, got %s", typeName(x)))
	}
	return time.Time{}, false
}

func render(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.DateOnly)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = render(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
