package rust

import (
	"context"
	"path"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// ToolchainDetector reads rust-toolchain.toml and rust-toolchain.
var ToolchainDetector = detect.Detector{
	Name:  "rust-toolchain",
	Doc:   "Reads rust-toolchain.toml (`[toolchain] channel`) and the legacy rust-toolchain file (the TOML form or a bare channel line): the runtime rust with the attribute toolchain=true; a numeric channel (\"1.78.0\") is the version, a named one (stable, nightly-2024-05-01) goes to the attribute channel.",
	Files: []string{"rust-toolchain.toml", "rust-toolchain"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == "rust-toolchain.toml" || b == "rust-toolchain"
	},
	Detect: detectToolchain,
}

func detectToolchain(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	src := strings.TrimPrefix(string(in.Data), "\ufeff")
	if strings.TrimSpace(src) == "" {
		return nil, nil
	}
	channel, line := "", 0
	if path.Base(in.Path) == "rust-toolchain" && !strings.Contains(src, "[toolchain]") {
		for i, l := range strings.Split(src, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				channel, line = l, i+1
				break
			}
		}
		if strings.ContainsAny(channel, " =[]\"'") {
			return nil, detect.Errorf(line, 1, "expected a toolchain channel such as 1.78.0 or stable")
		}
	} else {
		var doc struct {
			Toolchain struct {
				Channel string `toml:"channel"`
			} `toml:"toolchain"`
		}
		if err := nesting.Check([]byte(src), nesting.TOML); err != nil {
			return nil, err
		}
		if _, err := toml.Decode(src, &doc); err != nil {
			return nil, tomlError(err)
		}
		channel = doc.Toolchain.Channel
		line = keyLines(src)["toolchain\x00channel"]
	}
	if channel == "" {
		return nil, nil
	}
	s := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "rust", Line: line, Attrs: map[string]string{"toolchain": "true"}}
	if channel[0] >= '0' && channel[0] <= '9' {
		s.Version = channel
	} else {
		s.Attrs["channel"] = channel
	}
	return []stack.Signal{s}, nil
}
