// Package php detects PHP projects from Composer files: composer.json
// (runtime php, platform constraints and every required package) and the
// presence of composer.lock.
package php

import (
	"bytes"
	"context"
	"errors"
	"github.com/stacklint/stacklint/detectors/internal/jsonleaf"
	"path"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads composer.json.
var Detector = detect.Detector{
	Name:     "composer",
	Doc:      "Reads composer.json: always the runtime php (with the version constraint of the `php` platform requirement when present, and the required `ext-*` extensions in the attribute extensions), every `require` entry as a runtime Composer package `vendor/package` with its constraint and every `require-dev` entry as a dev-scoped one; other platform requirements (lib-*, composer-*-api) are skipped.",
	Files:    []string{"composer.json"},
	Match:    func(p string) bool { return path.Base(p) == "composer.json" },
	Manifest: func(string) bool { return true },
	Detect:   detectComposer,
}

// LockDetector notes composer.lock files.
var LockDetector = detect.Detector{
	Name:   "composer-lock",
	Doc:    "Notes a composer.lock file (it is not parsed): a lockfile fact with manager=composer.",
	Files:  []string{"composer.lock"},
	Match:  func(p string) bool { return path.Base(p) == "composer.lock" },
	Detect: detectLock,
}

func detectLock(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactLockfile, Attrs: map[string]string{"manager": "composer"}}}, nil
}

func detectComposer(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	php := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "php"}
	data := bytes.TrimPrefix(in.Data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return []stack.Signal{php}, nil
	}
	var pkgs []stack.Signal
	var exts []string
	var errs []error
	if trimmed := bytes.TrimSpace(data); trimmed[0] != '{' {
		return []stack.Signal{php}, detect.Errorf(1, 1, "composer.json should hold a JSON object")
	}
	err := jsonleaf.Walk(data, func(l jsonleaf.Leaf) {
		if len(l.Path) != 2 || (l.Path[0] != "require" && l.Path[0] != "require-dev") {
			return
		}
		name := strings.TrimSpace(l.Path[1])
		version, ok := l.Value.(string)
		if !ok {
			errs = append(errs, detect.Errorf(l.Line, 0, "%s: the constraint of %q should be a string", l.Path[0], name))
			return
		}
		dev := l.Path[0] == "require-dev"
		lower := strings.ToLower(name)
		switch {
		case lower == "php" || lower == "php-64bit":
			if !dev && php.Line == 0 {
				php.Version, php.Line = version, l.Line
			}
			return
		case strings.HasPrefix(lower, "ext-"):
			if !dev {
				exts = append(exts, lower[len("ext-"):])
			}
			return
		case !strings.Contains(name, "/"):
			// Other platform packages: lib-*, composer-plugin-api, hhvm.
			return
		}
		s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoComposer, Name: lower, Version: version, Line: l.Line}
		if dev {
			s.Scope = stack.ScopeDev
		}
		pkgs = append(pkgs, s)
	})
	if len(exts) > 0 {
		sort.Strings(exts)
		php.Attrs = map[string]string{"extensions": strings.Join(exts, ",")}
	}
	out := append([]stack.Signal{php}, pkgs...)
	if err != nil {
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}
