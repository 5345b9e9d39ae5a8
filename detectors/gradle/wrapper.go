package gradle

import (
	"context"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// WrapperDetector reads gradle/wrapper/gradle-wrapper.properties.
var WrapperDetector = detect.Detector{
	Name: "gradle-wrapper",
	Doc: "Reads the Gradle wrapper's gradle/wrapper/gradle-wrapper.properties (Java properties): the tool gradle, with the version named by " +
		"`distributionUrl` (…/gradle-8.7-bin.zip or -all.zip gives 8.7) at that line. A custom distribution whose file name does not follow " +
		"that pattern gives the tool without a version; a file without distributionUrl is reported. It is not a manifest.",
	Files:  []string{"gradle-wrapper.properties"},
	Match:  matchWrapper,
	Detect: detectWrapper,
}

func matchWrapper(p string) bool {
	return p == "gradle/wrapper/gradle-wrapper.properties" || strings.HasSuffix(p, "/gradle/wrapper/gradle-wrapper.properties")
}

func detectWrapper(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	return ParseWrapperProperties(in.Data)
}

// ParseWrapperProperties reads a gradle-wrapper.properties file: the tool
// gradle, with the version of its distributionUrl.
func ParseWrapperProperties(data []byte) ([]stack.Signal, error) {
	s := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "gradle", Line: 1}
	e, ok := readProperties(data)["distributionUrl"]
	if !ok {
		return []stack.Signal{s}, detect.Errorf(0, 0, "no distributionUrl: expected distributionUrl=https\\://services.gradle.org/distributions/gradle-<version>-bin.zip")
	}
	s.Line = e.line
	s.Version = distributionVersion(e.value, "gradle-", []string{"-bin.zip", "-all.zip", ".zip"})
	return []stack.Signal{s}, nil
}

// distributionVersion takes the version from the file name of a
// distribution URL: prefix<version>suffix ("gradle-8.7-bin.zip"). It
// returns "" when the name does not follow the pattern or the version does
// not start with a digit.
func distributionVersion(url, prefix string, suffixes []string) string {
	if i := strings.IndexAny(url, "?#"); i >= 0 {
		url = url[:i]
	}
	name := url[strings.LastIndexByte(url, '/')+1:]
	v, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return ""
	}
	for _, suf := range suffixes {
		if t, ok := strings.CutSuffix(v, suf); ok {
			v = t
			break
		}
	}
	if v == "" || v[0] < '0' || v[0] > '9' || strings.ContainsAny(v, " \t/") {
		return ""
	}
	return v
}

// property is one key of a Java properties file with its value and the
// line of its key.
type property struct {
	value string
	line  int
}

// readProperties reads Java properties: `key=value`, `key: value` or
// `key value`, `#` and `!` comments, lines continued by a trailing
// backslash and backslash escapes (`https\://` is `https://`). Unicode
// escapes are kept as written. The first occurrence of a key wins.
func readProperties(data []byte) map[string]property {
	out := map[string]property{}
	lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		l := strings.TrimLeft(strings.TrimSuffix(lines[i], "\r"), " \t\f")
		if l == "" || l[0] == '#' || l[0] == '!' {
			continue
		}
		for continued(l) && i+1 < len(lines) {
			i++
			l = l[:len(l)-1] + strings.TrimLeft(strings.TrimSuffix(lines[i], "\r"), " \t\f")
		}
		key, val := splitProperty(l)
		if key == "" {
			continue
		}
		if _, seen := out[key]; !seen {
			out[key] = property{value: val, line: start}
		}
	}
	return out
}

// continued reports whether a line ends in an odd number of backslashes.
func continued(l string) bool {
	n := 0
	for i := len(l) - 1; i >= 0 && l[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// splitProperty splits a logical line at the first unescaped '=', ':' or
// white space and unescapes both halves.
func splitProperty(l string) (string, string) {
	var key strings.Builder
	i := 0
	for ; i < len(l); i++ {
		c := l[i]
		if c == '\\' && i+1 < len(l) {
			i++
			key.WriteByte(unescape(l[i]))
			continue
		}
		if c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f' {
			break
		}
		key.WriteByte(c)
	}
	rest := strings.TrimLeft(l[i:], " \t\f")
	if rest != "" && (rest[0] == '=' || rest[0] == ':') {
		rest = strings.TrimLeft(rest[1:], " \t\f")
	}
	var val strings.Builder
	for j := 0; j < len(rest); j++ {
		if rest[j] == '\\' && j+1 < len(rest) {
			j++
			val.WriteByte(unescape(rest[j]))
			continue
		}
		val.WriteByte(rest[j])
	}
	return key.String(), strings.TrimRight(val.String(), " \t\r")
}

func unescape(c byte) byte {
	switch c {
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 'f':
		return '\f'
	}
	return c
}
