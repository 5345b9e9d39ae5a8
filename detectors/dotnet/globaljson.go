package dotnet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/jsonc"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// GlobalJSONDetector reads global.json (the .NET SDK pin).
var GlobalJSONDetector = detect.Detector{
	Name: "dotnet-global-json",
	Doc: "Reads .NET global.json (comments allowed, as the SDK allows them): `sdk.version` becomes runtime dotnet with the SDK's major.minor (8.0.100 → 8.0) and attrs sdk (full version) and roll_forward; each `msbuild-sdks` entry becomes nuget `sdk:<name>` with its version. " +
		"Not a manifest.",
	Files:  []string{"global.json"},
	Match:  func(p string) bool { return path.Base(p) == "global.json" },
	Detect: detectGlobalJSON,
}

func detectGlobalJSON(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	data := jsonc.Strip(in.Data)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	var doc struct {
		SDK *struct {
			Version     string `json:"version"`
			RollForward string `json:"rollForward"`
		} `json:"sdk"`
		MSBuildSDKs map[string]string `json:"msbuild-sdks"`
	}
	if err := nesting.Check(data, nesting.JSON); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError(data, err)
	}
	lines := jsonKeyLines(data)
	var out []stack.Signal
	if doc.SDK != nil && doc.SDK.Version != "" {
		v := doc.SDK.Version
		parts := strings.SplitN(v, ".", 3)
		short := v
		if len(parts) >= 2 {
			short = parts[0] + "." + parts[1]
		}
		attrs := map[string]string{"sdk": v}
		if doc.SDK.RollForward != "" {
			attrs["roll_forward"] = doc.SDK.RollForward
		}
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "dotnet", Version: short, Line: lines["sdk.version"], Attrs: attrs})
	}
	names := make([]string, 0, len(doc.MSBuildSDKs))
	for k := range doc.MSBuildSDKs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNuGet, Name: "sdk:" + k, Version: doc.MSBuildSDKs[k], Line: lines["msbuild-sdks."+k]})
	}
	return out, nil
}

// jsonError turns an encoding/json error into a ParseError with a line.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		l, c := lineCol(data, int(se.Offset))
		return detect.Errorf(l, c, "invalid JSON: %s", se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		l, c := lineCol(data, int(te.Offset))
		return detect.Errorf(l, c, "unexpected JSON %s for %q, expected %s", te.Value, te.Field, te.Type)
	}
	return detect.Errorf(0, 0, "invalid JSON: %v", err)
}

// lineCol converts a byte offset to a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// jsonKeyLines maps each object key path ("sdk.version") of a JSON
// document to the line of its first occurrence. Array elements are not
// paths; keys inside them are skipped.
func jsonKeyLines(data []byte) map[string]int {
	out := map[string]int{}
	var stack []jsonFrame
	line := 1
	pending := "" // last string seen in an object, a key if ':' follows
	pendingLine := 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '\n':
			line++
		case '"':
			start := i + 1
			j := start
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				if j < len(data) && data[j] == '\n' {
					line++
				}
				j++
			}
			if j > len(data) {
				j = len(data)
			}
			pending, pendingLine = string(data[start:j]), line
			i = j
		case ':':
			if len(stack) > 0 && stack[len(stack)-1].obj {
				p := pathOf(stack, pending)
				if _, ok := out[p]; !ok && p != "" {
					out[p] = pendingLine
				}
			}
		case '{', '[':
			key := ""
			if len(stack) > 0 && stack[len(stack)-1].obj {
				key = pending
			}
			stack = append(stack, jsonFrame{obj: c == '{', key: key})
			pending = ""
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			pending = ""
		}
	}
	return out
}

// jsonFrame is an open JSON container: an object or not, and its key in
// the parent object.
type jsonFrame struct {
	obj bool
	key string
}

// pathOf is the dotted key path of key inside the open containers, or ""
// when an array lies on the way.
func pathOf(stack []jsonFrame, key string) string {
	parts := make([]string, 0, len(stack))
	for i, f := range stack {
		if !f.obj || (i > 0 && f.key == "") {
			return ""
		}
		if i > 0 {
			parts = append(parts, f.key)
		}
	}
	return strings.Join(append(parts, key), ".")
}
