package dart

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/envname"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// serverpodModes are Serverpod's run modes, each configured by
// config/<mode>.yaml.
var serverpodModes = map[string]bool{"development": true, "staging": true, "production": true, "test": true}

// ServerpodConfig reads a Serverpod server's config/<mode>.yaml.
var ServerpodConfig = detect.Detector{
	Name: "serverpod-config",
	Doc: "Reads a Serverpod server's run-mode configuration, config/development.yaml, staging.yaml, production.yaml or test.yaml (a YAML mapping with an `apiServer` key; other files of those names are left alone): " +
		"a `database` section is the datastore postgresql and a `redis` section with `enabled: true` the datastore redis, with the attributes source=serverpod-config and environment (the run mode); " +
		"the development and test modes are dev-scoped (detectors/internal/envname). Only the sections' presence is read: never hosts, users or passwords (those live in passwords.yaml, which is not read).",
	Files: []string{"development.yaml", "staging.yaml", "production.yaml", "test.yaml"},
	Match: func(p string) bool {
		return serverpodModes[strings.TrimSuffix(path.Base(p), ".yaml")] && path.Ext(p) == ".yaml" && path.Base(path.Dir(p)) == "config"
	},
	Detect: detectServerpodConfig,
}

func detectServerpodConfig(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	docs, err := yamlnode.Documents(in.Data)
	if len(docs) == 0 || !yamlnode.IsMap(docs[0]) {
		return nil, nil // not a Serverpod configuration, or empty
	}
	root := docs[0]
	if k, _ := yamlnode.Entry(root, "apiServer"); k == nil {
		return nil, nil // another framework's config/production.yaml
	}
	mode := strings.TrimSuffix(path.Base(in.Path), ".yaml")
	dev := envname.Dev(mode)
	sig := func(engine string, line int) stack.Signal {
		s := stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: engine, Line: line,
			Attrs: map[string]string{"source": "serverpod-config", "environment": mode}}
		if dev {
			s.Scope = stack.ScopeDev
		}
		return s
	}
	var out []stack.Signal
	var errs []error
	if k, db := yamlnode.Entry(root, "database"); k != nil {
		if yamlnode.IsMap(db) {
			out = append(out, sig("postgresql", k.Line))
		} else if !isNull(db) {
			errs = append(errs, detect.Errorf(k.Line, k.Column, "database: expected a mapping with host, port, name and user, found %s", yamlnode.Describe(db)))
		}
	}
	if k, r := yamlnode.Entry(root, "redis"); k != nil {
		switch {
		case yamlnode.IsMap(r):
			ek, ev := yamlnode.Entry(r, "enabled")
			on, ok := yamlnode.Bool(ev)
			if ek != nil && !ok {
				errs = append(errs, detect.Errorf(ek.Line, ek.Column, "redis.enabled: expected true or false, found %s", yamlnode.Describe(ev)))
			}
			if on {
				out = append(out, sig("redis", k.Line))
			}
		case !isNull(r):
			errs = append(errs, detect.Errorf(k.Line, k.Column, "redis: expected a mapping with enabled, host and port, found %s", yamlnode.Describe(r)))
		}
	}
	if err != nil {
		errs = append(errs, err) // a later document failed to parse
	}
	return out, errors.Join(errs...)
}
