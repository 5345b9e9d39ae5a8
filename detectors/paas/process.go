package paas

import (
	"path"
	"strings"
)

// process is what a start command runs, as far as its words tell.
type process struct {
	server      string // gunicorn, uvicorn, puma, node, java, celery...
	workerClass string // gunicorn -k value ("sync" when none and no config file)
	workers     string // -w / --workers value
}

// recognise reads a shell start command and names the server it starts.
// Commands joined by && or ; are tried in order: the first recognised
// program wins ("cd app && gunicorn app:app").
func recognise(cmd string) process {
	for _, seg := range splitCommands(cmd) {
		if p := recogniseOne(strings.Fields(seg)); p.server != "" {
			return p
		}
	}
	return process{}
}

func splitCommands(cmd string) []string {
	cmd = strings.NewReplacer("&&", "\n", ";", "\n", "||", "\n").Replace(cmd)
	return strings.Split(cmd, "\n")
}

// wrappers are launchers skipped before the real program.
var wrappers = map[string]int{
	"exec": 1, "bundle": 2, "poetry": 2, "pipenv": 2, "uv": 2, "pdm": 2, "hatch": 2, "rye": 2,
	"npx": 1, "newrelic-admin": 2, "ddtrace-run": 1, "opentelemetry-instrument": 1, "dumb-init": 1, "tini": 1, "env": 1,
}

var servers = map[string]string{
	"gunicorn": "gunicorn", "uvicorn": "uvicorn", "hypercorn": "hypercorn", "daphne": "daphne", "granian": "granian",
	"waitress-serve": "waitress", "puma": "puma", "unicorn": "unicorn", "thin": "thin", "passenger": "passenger",
	"sidekiq": "sidekiq", "celery": "celery", "rq": "rq", "dramatiq": "dramatiq", "huey_consumer": "huey", "huey_consumer.py": "huey", "arq": "arq",
	"node": "node", "nodemon": "node", "pm2-runtime": "node", "pm2": "node", "ts-node": "node", "deno": "deno", "bun": "bun",
	"java": "java", "dotnet": "dotnet", "php-fpm": "php-fpm", "heroku-php-apache2": "php", "heroku-php-nginx": "php",
	"php": "php", "python": "python", "python3": "python", "flask": "flask", "fastapi": "fastapi",
}

func recogniseOne(f []string) process {
	for len(f) > 0 {
		w := f[0]
		if i := strings.IndexByte(w, '='); i > 0 && !strings.HasPrefix(w, "-") {
			f = f[1:] // VAR=value
			continue
		}
		if n, ok := wrappers[path.Base(w)]; ok {
			if n == 2 && len(f) > 1 && (f[1] == "exec" || f[1] == "run" || f[1] == "run-program" || f[1] == "run-python") {
				f = f[2:]
			} else {
				f = f[1:]
			}
			continue
		}
		if (w == "sh" || w == "bash") && len(f) > 2 && f[1] == "-c" {
			inner := strings.Trim(strings.Join(f[2:], " "), `"'`)
			return recognise(inner)
		}
		break
	}
	if len(f) == 0 {
		return process{}
	}
	prog := path.Base(f[0])
	args := f[1:]
	if (prog == "python" || prog == "python3") && len(args) > 1 && args[0] == "-m" {
		prog, args = args[1], args[2:]
	}
	switch prog {
	case "npm", "yarn", "pnpm":
		if len(args) > 0 && (args[0] == "start" || args[0] == "run") {
			return process{server: "node"}
		}
		return process{}
	case "rails", "rake":
		if len(args) > 0 && (args[0] == "server" || args[0] == "s") {
			return process{server: "rails"}
		}
		return process{}
	}
	srv, ok := servers[prog]
	if !ok {
		return process{}
	}
	p := process{server: srv}
	if srv == "gunicorn" || srv == "uvicorn" || srv == "hypercorn" {
		config := false
		for i := 0; i < len(args); i++ {
			a := args[i]
			val := func(short, long string) (string, bool) {
				switch {
				case a == short || a == long:
					if i+1 < len(args) {
						i++
						return args[i], true
					}
				case strings.HasPrefix(a, long+"="):
					return a[len(long)+1:], true
				case short != "" && strings.HasPrefix(a, short) && len(a) > len(short) && !strings.HasPrefix(a, "--"):
					return a[len(short):], true
				}
				return "", false
			}
			if srv == "gunicorn" {
				if v, ok := val("-k", "--worker-class"); ok {
					p.workerClass = v
					continue
				}
			}
			if v, ok := val("-w", "--workers"); ok {
				p.workers = v
			} else if _, ok := val("-c", "--config"); ok {
				config = true
			}
		}
		if srv == "gunicorn" && p.workerClass == "" && !config {
			p.workerClass = "sync"
		}
	}
	return p
}

// attrs adds the process's attributes to m.
func (p process) attrs(m map[string]string) {
	if p.server != "" {
		m["server"] = p.server
	}
	if p.workerClass != "" {
		m["worker_class"] = p.workerClass
	}
	if p.workers != "" {
		m["workers"] = p.workers
	}
}

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
