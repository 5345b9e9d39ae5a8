package dockerfile

import (
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// ImageSignals returns the signals for an image reference seen at line:
// a KindImage signal (ecosystem docker, the normalised repository as Name,
// the leading version of the tag as Version (see imageref.TagVersion), the full tag
// in attr "tag", attrs copied onto it), a KindRuntime signal when the tag
// names a runtime and its version (see imageref.TagRuntime; attr "image" is the
// reference) and, when the reference is
// Floating, a FactUnpinnedImage with the attribute "image" plus the same
// attrs. It returns nil for empty references and for repositories that
// are unresolved variables or templates.
func ImageSignals(raw string, line int, attrs map[string]string) []stack.Signal {
	r := imageref.Parse(raw)
	if !r.Resolved() {
		return nil
	}
	img := stack.Signal{Kind: stack.KindImage, Ecosystem: stack.EcoDocker, Name: r.Name, Version: imageref.TagVersion(r.Tag), Line: line, Attrs: clone(attrs)}
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
	if name, v := imageref.TagRuntime(r.Tag); name != "" {
		ra := clone(attrs)
		if ra == nil {
			ra = map[string]string{}
		}
		ra["image"] = r.String()
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: v, Line: line, Attrs: ra})
	}
	if r.Floating() {
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
