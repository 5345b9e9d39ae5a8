package dotnet

import (
	"bytes"
	"context"
	"path"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// AspireDetector reads .NET Aspire AppHost programs.
var AspireDetector = detect.Detector{
	Name: "aspire-apphost",
	Doc: "Reads .NET Aspire AppHost programs (Program.cs, AppHost.cs, apphost.cs calling `DistributedApplication.CreateBuilder`; other C# files are skipped) lexically, without compiling them: " +
		"tool dotnet-aspire; every resource added with a builder method (`AddPostgres`, `AddRedis`, `AddRabbitMQ`, `AddKafka`, `AddMongoDB`, `AddSqlServer`, `AddAzureServiceBus`...) " +
		"as an aspire resource named after the method (the catalog says what it is), its resource name in attr resource, `.WithImageTag(\"16.2\")` as its version (full tag in attr tag); " +
		"`.WithImage(\"ankane/pgvector\")` and `AddContainer(\"name\", \"image\", \"tag\")` as docker images; every `AddProject<T>(\"name\")` (and other application resources) as a service fact (source aspire) " +
		"and `.WithReplicas(n)` as a replicas fact. Comments and string contents are never read as code.",
	Files: []string{"Program.cs", "AppHost.cs", "apphost.cs"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == "Program.cs" || b == "AppHost.cs" || b == "apphost.cs"
	},
	Detect: detectAspire,
}

// aspireMarker is what makes a C# program an Aspire AppHost.
var aspireMarker = []byte("DistributedApplication")

// appResources are builder methods adding an application the repository
// builds itself (a deployable service).
var appResources = map[string]bool{
	"AddProject": true, "AddNpmApp": true, "AddNodeApp": true, "AddViteApp": true, "AddPythonApp": true, "AddUvicornApp": true,
	"AddExecutable": true, "AddDockerfile": true, "AddGolangApp": true, "AddJavaApp": true, "AddSpringApp": true, "AddCSharpApp": true,
}

// aspireResource is one `.AddX(...)` call and what its chain sets.
type aspireResource struct {
	method, name, typeArg string
	line                  int
	image, tag            string
	imageLine             int
	replicas              string
	replicaLine           int
}

func detectAspire(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if !bytes.Contains(in.Data, aspireMarker) {
		return nil, nil
	}
	toks := lexCSharp(in.Data)
	marker := 0
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].text == "DistributedApplication" && toks[i+1].text == "." && toks[i+2].text == "CreateBuilder" {
			marker = toks[i].line
			break
		}
	}
	if marker == 0 {
		return nil, nil
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "dotnet-aspire", Line: marker}}
	var res []*aspireResource
	var cur *aspireResource
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokPunct && (t.text == ";" || t.text == "{" || t.text == "}") {
			cur = nil
			continue
		}
		if t.text != "." || i+1 >= len(toks) || toks[i+1].kind != tokIdent {
			continue
		}
		m := toks[i+1]
		j := i + 2
		typeArg := ""
		if j < len(toks) && toks[j].text == "<" {
			// A generic call: AddProject<Projects.Catalog_API>(...).
			k := j + 1
			var b strings.Builder
			for depth := 1; k < len(toks) && k < j+64; k++ {
				if toks[k].text == "<" {
					depth++
				} else if toks[k].text == ">" {
					if depth--; depth == 0 {
						break
					}
				}
				b.WriteString(toks[k].text)
			}
			if k >= len(toks) || toks[k].text != ">" {
				continue
			}
			typeArg, j = b.String(), k+1
		}
		if j >= len(toks) || toks[j].text != "(" {
			continue
		}
		args, end := callArgs(toks, j)
		switch {
		case strings.HasPrefix(m.text, "Add") && len(m.text) > 3:
			cur = &aspireResource{method: m.text, typeArg: typeArg, line: m.line}
			if len(args) > 0 && args[0].kind == tokString {
				cur.name = args[0].text
			}
			if m.text == "AddContainer" && len(args) > 1 && args[1].kind == tokString {
				cur.image, cur.imageLine = args[1].text, args[1].line
				if len(args) > 2 && args[2].kind == tokString {
					cur.tag = args[2].text
				}
			}
			res = append(res, cur)
		case cur == nil:
		case m.text == "WithImageTag" && len(args) > 0 && args[0].kind == tokString:
			cur.tag = args[0].text
		case m.text == "WithImage" && len(args) > 0 && args[0].kind == tokString:
			cur.image, cur.imageLine = args[0].text, args[0].line
			if len(args) > 1 && args[1].kind == tokString {
				cur.tag = args[1].text
			}
		case m.text == "WithReplicas" && len(args) > 0 && args[0].kind == tokNumber:
			cur.replicas, cur.replicaLine = args[0].text, args[0].line
		}
		i = end - 1
	}
	for _, r := range res {
		out = append(out, r.signals()...)
	}
	return out, nil
}

// signals are the signals of one resource.
func (r *aspireResource) signals() []stack.Signal {
	var out []stack.Signal
	attrs := map[string]string{}
	if r.name != "" {
		attrs["resource"] = r.name
	}
	if r.tag != "" {
		attrs["tag"] = r.tag
	}
	s := stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoAspire, Name: r.method, Line: r.line, Attrs: attrs}
	if r.image == "" {
		s.Version = imageref.TagVersion(r.tag)
	}
	out = append(out, s)
	if r.image != "" {
		ref := r.image
		if r.tag != "" {
			ref += ":" + r.tag
		}
		out = append(out, imageref.Signals(ref, r.imageLine, map[string]string{"service": r.name, "source": "aspire"})...)
	}
	if appResources[r.method] && r.name != "" {
		f := stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: r.line, Attrs: map[string]string{
			"name": r.name, "source": "aspire", "kind": strings.TrimPrefix(r.method, "Add"), "build": "aspire",
		}}
		if r.typeArg != "" {
			f.Attrs["project"] = r.typeArg
		}
		out = append(out, f)
	}
	if r.replicas != "" {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: r.replicaLine, Attrs: map[string]string{
			"workload": r.name, "count": r.replicas, "source": "aspire",
		}})
	}
	return out
}

// callArgs returns the tokens of a call's top-level arguments that are a
// single literal (string or number), in order; a complex argument gives a
// punctuation token in its place. open is the index of "("; end is the
// index after the closing ")".
func callArgs(toks []csToken, open int) (args []csToken, end int) {
	depth := 0
	var cur []csToken
	flush := func() {
		if len(cur) == 1 && (cur[0].kind == tokString || cur[0].kind == tokNumber) {
			args = append(args, cur[0])
		} else if len(cur) == 3 && cur[0].kind == tokIdent && cur[1].text == ":" {
			args = append(args, cur[2]) // a named argument: tag: "16"
		} else {
			args = append(args, csToken{kind: tokPunct, text: "?"})
		}
		cur = nil
	}
	for i := open; i < len(toks); i++ {
		switch t := toks[i]; {
		case t.text == "(" || t.text == "[" || t.text == "{":
			depth++
			if depth > 1 {
				cur = append(cur, t)
			}
		case t.text == ")" || t.text == "]" || t.text == "}":
			depth--
			if depth == 0 {
				if len(cur) > 0 {
					flush()
				}
				return args, i + 1
			}
			cur = append(cur, t)
		case t.text == "," && depth == 1:
			flush()
		case t.text == ";":
			return args, i // unbalanced: stop at the statement's end
		default:
			cur = append(cur, t)
		}
	}
	return args, len(toks)
}

// Kinds of C# tokens.
const (
	tokIdent = iota
	tokString
	tokNumber
	tokPunct
)

// csToken is one C# token: an identifier, a string literal (its content),
// a number or one punctuation character.
type csToken struct {
	kind int
	text string
	line int
}

// maxCSTokens bounds the tokens read from one file.
const maxCSTokens = 1 << 20

// lexCSharp splits C# source into tokens, skipping comments, preprocessor
// lines and whitespace. String literals (regular, verbatim @"", raw
// """...""", interpolated $"") keep their raw content; an unterminated
// one ends the file.
func lexCSharp(src []byte) []csToken {
	var out []csToken
	line := 1
	n := len(src)
	bol := true // at the beginning of a line (for # directives)
	for i := 0; i < n && len(out) < maxCSTokens; {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
			bol = true
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '#' && bol:
			for i < n && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < n && src[i+1] == '*':
			j := bytes.Index(src[i+2:], []byte("*/"))
			end := n
			if j >= 0 {
				end = i + 2 + j + 2
			}
			line += bytes.Count(src[i:end], []byte{'\n'})
			i = end
			bol = false
			continue
		}
		bol = false
		start, startLine := i, line
		switch {
		case c == '"' || (c == '@' || c == '$') && i+1 < n && (src[i+1] == '"' || src[i+1] == '@' || src[i+1] == '$'):
			verbatim := false
			for i < n && (src[i] == '@' || src[i] == '$') {
				verbatim = verbatim || src[i] == '@'
				i++
			}
			if i >= n || src[i] != '"' {
				out = append(out, csToken{kind: tokPunct, text: string(c), line: line})
				i = start + 1
				continue
			}
			text, next := lexString(src, i, verbatim)
			line += bytes.Count(src[i:next], []byte{'\n'})
			out = append(out, csToken{kind: tokString, text: text, line: startLine})
			i = next
		case c == '\'':
			i++
			for i < n && src[i] != '\'' && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i = min(i+1, n)
			out = append(out, csToken{kind: tokString, text: string(src[start+1 : max(start+1, min(i-1, n))]), line: startLine})
		case c == '_' || c == '@' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			i++
			for i < n && (src[i] == '_' || src[i] >= 'a' && src[i] <= 'z' || src[i] >= 'A' && src[i] <= 'Z' || src[i] >= '0' && src[i] <= '9' || src[i] >= 0x80) {
				i++
			}
			out = append(out, csToken{kind: tokIdent, text: strings.TrimPrefix(string(src[start:i]), "@"), line: line})
		case c >= '0' && c <= '9':
			for i < n && (src[i] >= '0' && src[i] <= '9' || src[i] == '.' || src[i] == '_' || src[i] >= 'a' && src[i] <= 'z' || src[i] >= 'A' && src[i] <= 'Z') {
				i++
			}
			text := strings.TrimRight(strings.ReplaceAll(string(src[start:i]), "_", ""), "uUlLfFdDmM")
			if _, err := strconv.Atoi(text); err != nil {
				out = append(out, csToken{kind: tokPunct, text: "0", line: line})
				continue
			}
			out = append(out, csToken{kind: tokNumber, text: text, line: line})
		default:
			out = append(out, csToken{kind: tokPunct, text: string(c), line: line})
			i++
		}
	}
	return out
}

// lexString reads the string literal whose opening quote is at src[q]: a
// raw literal (three or more quotes), a verbatim one ("" escapes a quote)
// or a regular one (backslash escapes). It returns the content and the
// index after the closing quote.
func lexString(src []byte, q int, verbatim bool) (string, int) {
	n := len(src)
	k := q
	for k < n && src[k] == '"' {
		k++
	}
	if quotes := k - q; quotes >= 3 {
		closing := bytes.Repeat([]byte{'"'}, quotes)
		j := bytes.Index(src[k:], closing)
		if j < 0 {
			return string(src[k:]), n
		}
		return string(src[k : k+j]), k + j + quotes
	} else if quotes == 2 {
		return "", q + 2
	}
	var b strings.Builder
	i := q + 1
	for i < n {
		c := src[i]
		switch {
		case c == '"' && verbatim && i+1 < n && src[i+1] == '"':
			b.WriteByte('"')
			i += 2
		case c == '"':
			return b.String(), i + 1
		case c == '\\' && !verbatim && i+1 < n:
			b.WriteByte(src[i+1])
			i += 2
		case c == '\n' && !verbatim:
			return b.String(), i // unterminated on its line
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), n
}
