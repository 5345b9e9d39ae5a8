package dbconfig

import (
	"context"
	"errors"
	"path"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// Diesel notes diesel.toml files.
var Diesel = detect.Detector{
	Name:   "diesel-toml",
	Doc:    "Notes a diesel.toml file (Diesel CLI configuration): the tool diesel. The file names no database engine; the diesel crate's features do.",
	Files:  []string{"diesel.toml"},
	Match:  func(p string) bool { return path.Base(p) == "diesel.toml" },
	Detect: detectDiesel,
}

func detectDiesel(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "diesel"}}
	if err := nesting.Check(in.Data, nesting.TOML); err != nil {
		return out, err
	}
	var doc map[string]any
	if _, err := toml.Decode(string(in.Data), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return out, detect.Errorf(pe.Position.Line, pe.Position.Col, "invalid TOML: %s", pe.Message)
		}
		return out, detect.Errorf(0, 0, "invalid TOML: %v", err)
	}
	return out, nil
}
