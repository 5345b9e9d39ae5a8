package paas

import "strings"

// role names the role of a process type: web, release or worker.
func role(name string) string {
	switch strings.ToLower(name) {
	case "web":
		return "web"
	case "release":
		return "release"
	}
	return "worker"
}
