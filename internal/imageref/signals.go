package imageref

import "github.com/stacklint/stacklint/internal/stack"

// Signals returns the signals every detector gives for an image reference
// seen at line in a file that deploys it (Dockerfiles, Compose, Kubernetes,
// Helm, PaaS and Aspire files): a KindImage signal (ecosystem docker, the
// normalised repository as Name, the leading version of the tag as Version
// (see TagVersion), the full tag in attr "tag" and the digest in attr
// "digest", attrs copied onto it), a KindRuntime signal when the tag names
// a runtime and its version (see TagRuntime; attr "image" is the
// reference) and, when the reference is Floating, a FactUnpinnedImage
// with the attribute "image" plus the same attrs. It returns nil for empty
// references and for repositories that are unresolved variables or
// templates.
func Signals(raw string, line int, attrs map[string]string) []stack.Signal {
	return signals(raw, line, attrs, "", true)
}

// BuildSignals returns the signals of an image a build or CI job runs in
// (a CI job's image or service container): the image and runtime signals
// of Signals, dev-scoped, and no unpinned-image fact (the build
// environment is not the deployed stack).
func BuildSignals(raw string, line int, attrs map[string]string) []stack.Signal {
	return signals(raw, line, attrs, stack.ScopeDev, false)
}

func signals(raw string, line int, attrs map[string]string, scope string, unpinned bool) []stack.Signal {
	r := Parse(raw)
	if !r.Resolved() {
		return nil
	}
	img := stack.Signal{Kind: stack.KindImage, Ecosystem: stack.EcoDocker, Name: r.Name, Version: TagVersion(r.Tag), Line: line, Scope: scope, Attrs: clone(attrs)}
	if r.Tag != "" || r.Digest != "" {
		if img.Attrs == nil {
			img.Attrs = map[string]string{}
		}
		if r.Tag != "" {
			img.Attrs["tag"] = r.Tag
		}
		if r.Digest != "" {
			img.Attrs["digest"] = r.Digest
		}
	}
	out := []stack.Signal{img}
	if name, v := TagRuntime(r.Tag); name != "" {
		ra := clone(attrs)
		if ra == nil {
			ra = map[string]string{}
		}
		ra["image"] = r.String()
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: v, Line: line, Scope: scope, Attrs: ra})
	}
	if unpinned && r.Floating() {
		fa := clone(attrs)
		if fa == nil {
			fa = map[string]string{}
		}
		fa["image"] = r.String()
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactUnpinnedImage, Line: line, Attrs: fa})
	}
	return out
}

func clone(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
