// Package schema holds the JSON Schemas of stacklint's documents: the
// project profile (.stacklint.toml), the scan report (stacklint/scan/v1)
// and the check report (stacklint/check/v1). Generate derives them from the
// Go types that define those documents (their JSON or TOML names, kinds and
// doc comments); the *.schema.json files beside this one are its output,
// embedded in Files and kept current by a test.
package schema

import (
	"embed"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// Files holds the generated schemas.
//
//go:embed *.schema.json
var Files embed.FS

// The schema files, each with the URL it is published at.
const (
	ProfileFile = "stacklint-toml.schema.json"
	ScanFile    = "scan-v1.schema.json"
	CheckFile   = "check-v1.schema.json"
	baseURL     = "https://raw.githubusercontent.com/stacklint/stacklint/main/schema/"
	module      = "github.com/stacklint/stacklint"
)

// Options tune Generate.
type Options struct {
	// Strict forbids properties the Go types do not have. The published
	// schemas allow them (documents may gain fields within a version); the
	// tests use Strict to catch a document that drifted from its type.
	Strict bool
}

// Generate returns the three schemas by file name. root is the module's
// root folder, whose Go sources give the descriptions.
func Generate(root string, opt Options) (map[string][]byte, error) {
	d, err := readDocs(root, module, "internal/report", "internal/stack", "internal/rule", "internal/profile")
	if err != nil {
		return nil, err
	}
	layers := make([]string, len(stack.Layers))
	for i, l := range stack.Layers {
		layers[i] = string(l)
	}
	scopes := []string{stack.ScopeRuntime, stack.ScopeDev, stack.ScopeNonProduction}
	roles := make([]string, len(stack.ComponentRoles))
	for i, r := range stack.ComponentRoles {
		roles[i] = string(r)
	}
	g := &generator{
		docs:  d,
		enums: map[reflect.Type][]string{reflect.TypeFor[rule.Severity](): {"error", "warning", "notice"}, reflect.TypeFor[stack.Layer](): layers, reflect.TypeFor[stack.Role](): roles},
		fieldEnums: map[string][]string{
			"Technology.Scope":     scopes,
			"CheckDocument.FailOn": {"error", "warning", "notice", "never"},
		},
		consts: map[string]string{"ScanDocument.Schema": report.ScanSchema, "CheckDocument.Schema": report.CheckSchema},
		strict: opt.Strict,
	}
	out := map[string][]byte{}
	if out[ScanFile], err = g.document(baseURL+ScanFile, "stacklint scan report ("+report.ScanSchema+")", reflect.TypeFor[report.ScanDocument]()); err != nil {
		return nil, err
	}
	if out[CheckFile], err = g.document(baseURL+CheckFile, "stacklint check report ("+report.CheckSchema+")", reflect.TypeFor[report.CheckDocument]()); err != nil {
		return nil, err
	}
	if out[ProfileFile], err = profileSchema(d); err != nil {
		return nil, err
	}
	return out, nil
}

// Profile keys whose values are constrained beyond their Go kind: what
// profile.Parse checks (a test holds the two to the same answers).
var (
	profileEnums = map[string][]string{
		"project.type": profile.ProjectTypes, "project.stage": profile.Stages,
		"load.growth": profile.Growths, "load.concurrency": profile.Concurrencies,
		"data.consistency": profile.Consistencies, "data.shape": profile.Shapes,
		"compliance.standards":   profile.Standards,
		"infrastructure.hosting": profile.Hostings, "infrastructure.budget": profile.Budgets,
	}
	profileMinimums = map[string]int{"project.lifetime_years": 0, "load.peak_rps": 0, "load.latency_p99_ms": 0, "team.size": 1}
	profileIDLists  = map[string]bool{"team.skills": true, "organization.adopt": true, "organization.trial": true, "organization.assess": true, "organization.hold": true, "compare.candidates": true}
)

// profileSchema generates the schema of .stacklint.toml from the struct it
// is decoded into (profile.Shape: tables and keys) and Profile's typed
// fields of the same names (kinds and doc comments).
func profileSchema(d docs) ([]byte, error) {
	shape := reflect.TypeOf(profile.Shape())
	typed := reflect.TypeFor[profile.Profile]()
	props := map[string]any{}
	for table := range shape.Fields() {
		name := tomlName(table)
		switch name {
		case "rules":
			props[name] = rulesSchema()
			continue
		case "waivers":
			w, err := waiverSchema(d, table.Type.Elem())
			if err != nil {
				return nil, err
			}
			props[name] = w
			continue
		}
		tf, ok := typed.FieldByName(table.Name)
		if !ok {
			return nil, fmt.Errorf("profile table [%s]: Profile has no field %s", name, table.Name)
		}
		keys := map[string]any{}
		for leaf := range table.Type.Fields() {
			key := name + "." + tomlName(leaf)
			lf, ok := tf.Type.FieldByName(leaf.Name)
			if !ok {
				return nil, fmt.Errorf("profile key %s: %s has no field %s", key, tf.Type, leaf.Name)
			}
			s, err := profileValue(key, lf.Type)
			if err != nil {
				return nil, err
			}
			// Fields declared together ("Adopt, Trial, Assess, Hold []string") share one comment.
			if doc := d[tf.Type.PkgPath()+"."+tf.Type.Name()+"."+leaf.Name]; doc != "" {
				s["description"] = doc
			}
			keys[tomlName(leaf)] = s
		}
		t := map[string]any{"type": "object", "properties": keys, "additionalProperties": false}
		if doc := d[tf.Type.PkgPath()+"."+tf.Type.Name()]; doc != "" {
			t["description"] = doc
		}
		props[name] = t
	}
	s := map[string]any{
		"$schema":              "http://json-schema.org/draft-07/schema#",
		"$id":                  baseURL + ProfileFile,
		"title":                "stacklint project profile (.stacklint.toml)",
		"description":          d[module+"/internal/profile.Profile"],
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	return marshal(s)
}

// profileValue is the schema of one profile key of Go type t.
func profileValue(key string, t reflect.Type) (map[string]any, error) {
	switch {
	case profileEnums[key] != nil && t.Kind() == reflect.String:
		return map[string]any{"type": "string", "enum": profileEnums[key]}, nil
	case profileEnums[key] != nil && t.Kind() == reflect.Slice:
		return map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": profileEnums[key]}}, nil
	case profileIDLists[key]:
		return map[string]any{"type": "array", "items": map[string]any{"type": "string", "pattern": profile.IDPattern}}, nil
	case key == "compare.weights":
		w := map[string]any{}
		for _, c := range profile.CompareCriteria {
			w[c] = map[string]any{"type": "number", "minimum": 0, "maximum": profile.MaxWeight}
		}
		return map[string]any{"type": "object", "properties": w, "additionalProperties": false}, nil
	case key == "organization.radar":
		// A path, never a URL: nothing is fetched at check time.
		return map[string]any{"type": "string", "pattern": `\S`, "not": map[string]any{"pattern": `^[A-Za-z][A-Za-z0-9+.-]*://`}}, nil
	case key == "organization.by_type":
		rings := map[string]any{}
		for _, r := range profile.RingNames {
			rings[r] = map[string]any{"type": "array", "items": map[string]any{"type": "string", "pattern": profile.IDPattern}}
		}
		types := map[string]any{}
		for _, typ := range profile.ProjectTypes {
			types[typ] = map[string]any{"type": "object", "properties": rings, "additionalProperties": false}
		}
		return map[string]any{"type": "object", "properties": types, "additionalProperties": false}, nil
	case key == "organization.standard_stacks":
		// [][]string in Go, written as technology ids joined by "+".
		return map[string]any{"type": "array", "items": map[string]any{"type": "string", "pattern": `^[a-z0-9]+([.-][a-z0-9]+)*([+, ]+[a-z0-9]+([.-][a-z0-9]+)*)*$`}}, nil
	}
	switch t.Kind() {
	case reflect.Int:
		s := map[string]any{"type": "integer", "maximum": 2147483647}
		if m, ok := profileMinimums[key]; ok {
			s["minimum"] = m
		} else {
			return nil, fmt.Errorf("profile key %s: no minimum declared", key)
		}
		return s, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	}
	return nil, fmt.Errorf("profile key %s: no schema for %s", key, t)
}

// rulesSchema is [rules]: a level per quoted rule id, and [rules.thresholds].
func rulesSchema() map[string]any {
	th := map[string]any{}
	for _, spec := range profile.ThresholdSpecs {
		typ := "number"
		if spec.Integer {
			typ = "integer"
		}
		th[spec.Key] = map[string]any{"type": typ, "minimum": 0, "maximum": 2147483647, "default": spec.Default, "description": spec.Doc}
	}
	return map[string]any{
		"type":        "object",
		"description": "Per-rule levels (\"rule/id\" = \"off\" | \"error\" | \"warning\" | \"notice\", or a [rules.\"rule/id\"] table with level and warn_until or enforce_from) and [rules.thresholds].",
		"properties": map[string]any{
			"thresholds": map[string]any{"type": "object", "description": "The numbers rules compare against.", "properties": th, "additionalProperties": false},
		},
		"patternProperties": map[string]any{profile.RuleIDPattern: map[string]any{"oneOf": []any{
			map[string]any{"type": "string", "enum": profile.RuleLevels},
			ruleTableSchema(),
		}}},
		"additionalProperties": false,
	}
}

// ruleTableSchema is [rules."<rule id>"]: level, and a rollout day as
// warn_until or enforce_from (one of them), which a level below error
// would make meaningless.
func ruleTableSchema() map[string]any {
	date := func(doc string) map[string]any {
		return map[string]any{"type": "string", "format": "date", "description": doc}
	}
	return map[string]any{
		"type":        "object",
		"description": "A rule's level and gradual rollout: before the day the rule reports warnings, from the day on at its level.",
		"properties": map[string]any{
			"level":        map[string]any{"type": "string", "enum": profile.RuleLevels},
			"warn_until":   date("The first day the rule reports at its level (a warning before it)."),
			"enforce_from": date("The same day as warn_until, spelt for enforcement: give one of the two."),
		},
		"not": map[string]any{"required": []string{"warn_until", "enforce_from"}},
		"if":  map[string]any{"required": []string{"level"}, "properties": map[string]any{"level": map[string]any{"enum": []string{"off", "warning", "notice"}}}},
		"then": map[string]any{"not": map[string]any{"anyOf": []any{
			map[string]any{"required": []string{"warn_until"}}, map[string]any{"required": []string{"enforce_from"}},
		}}},
		"additionalProperties": false,
	}
}

// waiverSchema is [[waivers]], from the waiver's decoded shape and the
// typed Waiver.
func waiverSchema(d docs, shape reflect.Type) (map[string]any, error) {
	typed := reflect.TypeFor[profile.Waiver]()
	props := map[string]any{}
	for f := range shape.Fields() {
		var s map[string]any
		switch name := tomlName(f); name {
		case "rule":
			s = map[string]any{"type": "string", "pattern": "(" + profile.RuleIDPattern + ")|[*?\\[]"}
		case "paths":
			s = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
		case "reason":
			s = map[string]any{"type": "string", "pattern": `\S`, "not": map[string]any{"pattern": templateReasonPattern()}}
		case "expires":
			s = map[string]any{"type": "string", "format": "date"}
		default:
			return nil, fmt.Errorf("waiver key %s has no schema", name)
		}
		tf, ok := typed.FieldByName(f.Name)
		if !ok {
			return nil, fmt.Errorf("waiver key %s: Waiver has no field %s", tomlName(f), f.Name)
		}
		if doc := d[typed.PkgPath()+".Waiver."+tf.Name]; doc != "" {
			s["description"] = doc
		}
		props[tomlName(f)] = s
	}
	return map[string]any{
		"type": "array",
		"items": map[string]any{
			"type": "object", "description": d[typed.PkgPath()+".Waiver"], "properties": props,
			"required": []string{"reason", "rule"}, "additionalProperties": false,
		},
	}, nil
}

func tomlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return name
}

// templateReasonPattern matches the waiver reasons profile validation
// rejects as placeholders (profile.TemplateReasons, in any case, with
// trailing punctuation, or punctuation only), for the schema's "not". It
// spells case with character classes ([tT]), which every JSON Schema
// regex dialect reads.
func templateReasonPattern() string {
	var alts []string
	for _, t := range profile.TemplateReasons() {
		var b strings.Builder
		for _, r := range t {
			switch {
			case r >= 'a' && r <= 'z':
				fmt.Fprintf(&b, "[%c%c]", r, r-'a'+'A')
			case strings.ContainsRune(`\.+*?()|[]{}^$/`, r):
				b.WriteString(`\`)
				b.WriteRune(r)
			default:
				b.WriteRune(r)
			}
		}
		alts = append(alts, b.String())
	}
	trailer := strings.ReplaceAll(regexp.QuoteMeta(profile.TemplateReasonTrailer), " ", `\s`)
	return `^\s*(` + strings.Join(alts, "|") + `)?[` + trailer + `]*\s*$`
}
