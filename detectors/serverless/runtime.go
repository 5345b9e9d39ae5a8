package serverless

import "strings"

// LambdaRuntime splits an AWS Lambda runtime identifier into the runtime
// ecosystem name and version stacklint uses: "nodejs20.x" gives ("nodejs",
// "20"), "python3.12" ("python", "3.12"), "java21" ("java", "21"),
// "dotnet8" ("dotnet", "8.0"), "ruby3.3" ("ruby", "3.3") and "go1.x" ("go",
// ""). Custom runtimes ("provided", "provided.al2023") and unknown or
// templated values give ok false.
func LambdaRuntime(id string) (name, version string, ok bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	if id == "" || strings.ContainsAny(id, "${}() ") {
		return "", "", false
	}
	for _, p := range []struct{ prefix, name string }{
		{"nodejs", "nodejs"}, {"python", "python"}, {"java", "java"},
		{"dotnetcore", "dotnet"}, {"dotnet", "dotnet"}, {"ruby", "ruby"}, {"go", "go"},
	} {
		rest, found := strings.CutPrefix(id, p.prefix)
		if !found {
			continue
		}
		// java8.al2 and the like carry the OS after the version.
		if i := strings.Index(rest, ".al"); i >= 0 {
			rest = rest[:i]
		}
		rest = strings.TrimSuffix(rest, ".x")
		if rest != "" && !isVersion(rest) {
			return "", "", false
		}
		if p.name == "go" {
			// go1.x names no Go version.
			if rest == "1" {
				rest = ""
			}
		}
		if p.name == "dotnet" && rest != "" && !strings.Contains(rest, ".") {
			rest += ".0"
		}
		return p.name, rest, true
	}
	return "", "", false
}

// isVersion reports whether s is made of digits and dots, starting with a digit.
func isVersion(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}
