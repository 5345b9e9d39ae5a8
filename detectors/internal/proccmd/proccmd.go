// Package proccmd recognises what a process command line starts: the
// server or job runner behind launchers and wrappers (exec, tini, gosu,
// bundle exec, poetry run, sh -c "...") and its worker settings. The
// Dockerfile, Compose, Kubernetes and PaaS detectors (Procfile, fly.toml,
// app.yaml...) all read commands through it, so one command line names
// one program wherever it is written.
package proccmd

import (
	"path"
	"strings"
)

// Process is what a container command starts, as far as its command line
// tells: the server or runner and its worker settings.
type Process struct {
	// Server is the program recognised: gunicorn, uvicorn, hypercorn,
	// daphne, granian, uwsgi, waitress, flask, django-runserver, fastapi,
	// celery, rq, dramatiq, sidekiq, node, bun, deno, pm2, java, dotnet,
	// php-fpm, php, apache, nginx, caddy, puma, rails, unicorn, python...
	// Empty when the command is not recognised.
	Server string
	// WorkerClass is the worker class or pool (gunicorn -k, default "sync"
	// unless a configuration file given with -c may set it;
	// hypercorn -k; celery -P, default "prefork").
	WorkerClass string
	// Workers is the worker or process count as written (-w 4, --workers,
	// celery --concurrency, pm2 -i max), "" when not set on the command line.
	Workers string
	// Threads is gunicorn's or puma's thread setting as written.
	Threads string
	// Role is "web" for HTTP servers, "worker" for background job
	// workers, "scheduler" for celery beat; "" when unknown.
	Role string
	// Launcher is the tool that starts the server when it is not the
	// server itself (npm, yarn, pnpm for `npm start`).
	Launcher string
}

// Attrs returns the FactProcess attributes for command with what was
// recognised: command, server, worker_class, workers, threads, role,
// launcher (empty ones left out).
func (p Process) Attrs(command string) map[string]string {
	m := map[string]string{"command": command}
	p.AddTo(m)
	return m
}

// AddTo sets in m the FactProcess attributes recognised (server,
// worker_class, workers, threads, role, launcher), leaving out empty ones
// and keys m already holds: a role a platform's configuration declares
// (a Procfile's process type) stays.
func (p Process) AddTo(m map[string]string) {
	set := func(k, v string) {
		if _, ok := m[k]; v != "" && !ok {
			m[k] = v
		}
	}
	set("server", p.Server)
	set("worker_class", p.WorkerClass)
	set("workers", p.Workers)
	set("threads", p.Threads)
	set("role", p.Role)
	set("launcher", p.Launcher)
}

// RecognizeShell recognises a shell-form command line ("python manage.py
// migrate && exec gunicorn -w 4 app:app"). Of commands chained with &&,
// ||, ; or |, the last one recognised wins: it is the long-running one.
func RecognizeShell(cmd string) Process {
	return recognizeShell(cmd, 0)
}

func recognizeShell(cmd string, depth int) Process {
	segs := splitShell(cmd)
	for i := len(segs) - 1; i >= 0; i-- {
		if p := recognizeArgs(segs[i], depth); p.Server != "" {
			return p
		}
	}
	return Process{}
}

// RecognizeArgs recognises an exec-form command (["gunicorn", "-w", "4",
// "app:app"]). Wrappers are looked through: environment assignments, exec,
// tini, dumb-init, gosu, su-exec, env, entrypoint scripts followed by
// arguments, `sh -c "..."`, `python -m`, `poetry run`, `uv run`,
// `bundle exec`, npx, ddtrace-run, opentelemetry-instrument.
func RecognizeArgs(args []string) Process {
	return recognizeArgs(args, 0)
}

func recognizeArgs(args []string, depth int) Process {
	if depth > 4 {
		return Process{}
	}
	i := 0
	for i < len(args) {
		a := path.Base(args[i])
		next := ""
		if i+1 < len(args) {
			next = args[i+1]
		}
		switch {
		case args[i] == "" || args[i] == "--":
			i++
		case isAssignment(args[i]):
			i++
		case a == "exec" || a == "nohup" || a == "time" || a == "ddtrace-run" || a == "opentelemetry-instrument" || a == "npx" || a == "bunx":
			i++
		case a == "tini" || a == "dumb-init" || a == "env" || a == "tini-static":
			i++
			for i < len(args) && (strings.HasPrefix(args[i], "-") || isAssignment(args[i])) {
				if args[i] == "--" {
					i++
					break
				}
				i++
			}
		case a == "gosu" || a == "su-exec" || a == "chpst":
			i += 2
		case a == "newrelic-admin" && next == "run-program":
			i += 2
		case a == "newrelic-admin" && next == "run-python":
			return recognizeProgram(append([]string{"python"}, args[i+2:]...), depth)
		case (a == "poetry" || a == "pipenv" || a == "uv" || a == "pdm" || a == "hatch" || a == "rye") && next == "run":
			i += 2
			for i < len(args) && strings.HasPrefix(args[i], "-") {
				i++
			}
		case a == "bundle" && next == "exec":
			i += 2
		case a == "sh" || a == "bash" || a == "ash" || a == "dash" || a == "zsh":
			for j := i + 1; j < len(args); j++ {
				if strings.HasPrefix(args[j], "-") && strings.Contains(args[j], "c") && j+1 < len(args) {
					return recognizeShell(args[j+1], depth+1)
				}
				if !strings.HasPrefix(args[j], "-") {
					break
				}
			}
			return Process{}
		case strings.HasSuffix(a, ".sh") && i+1 < len(args):
			// An entrypoint script that execs its arguments.
			i++
		default:
			return recognizeProgram(args[i:], depth)
		}
	}
	return Process{}
}

func isAssignment(s string) bool {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 || strings.HasPrefix(s, "-") {
		return false
	}
	for _, c := range s[:eq] {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// webServers are programs that serve HTTP, with the server name to report.
var webServers = map[string]string{
	"uvicorn": "uvicorn", "hypercorn": "hypercorn", "daphne": "daphne", "granian": "granian",
	"uwsgi": "uwsgi", "waitress-serve": "waitress",
	"php-fpm": "php-fpm", "apache2-foreground": "apache", "httpd-foreground": "apache", "apache2ctl": "apache", "httpd": "apache",
	"nginx": "nginx", "caddy": "caddy", "frankenphp": "frankenphp",
	"puma": "puma", "unicorn": "unicorn", "unicorn_rails": "unicorn", "thin": "thin", "passenger": "passenger", "falcon": "falcon",
}

func recognizeProgram(args []string, depth int) Process {
	prog := path.Base(args[0])
	rest := args[1:]
	switch {
	case prog == "gunicorn":
		p := Process{Server: "gunicorn", Role: "web", WorkerClass: "sync"}
		p.Workers = flagValue(rest, "-w", "--workers")
		if k := flagValue(rest, "-k", "--worker-class"); k != "" {
			p.WorkerClass = k
		} else if hasFlag(rest, "-c", "--config") {
			p.WorkerClass = "" // the configuration file may set it
		}
		p.Threads = flagValue(rest, "", "--threads")
		return p
	case strings.HasPrefix(prog, "python") || prog == "pypy3" || prog == "pypy":
		j := 0
		for j < len(rest) && strings.HasPrefix(rest[j], "-") && rest[j] != "-m" && rest[j] != "-c" {
			if rest[j] == "-X" || rest[j] == "-W" {
				j++
			}
			j++
		}
		if j+1 < len(rest) && rest[j] == "-m" {
			mod := rest[j+1]
			p := recognizeProgram(append([]string{mod}, rest[j+2:]...), depth)
			if p.Server != "" {
				return p
			}
			return Process{Server: "python"}
		}
		if j < len(rest) && path.Base(rest[j]) == "manage.py" && j+1 < len(rest) && rest[j+1] == "runserver" {
			return Process{Server: "django-runserver", Role: "web"}
		}
		return Process{Server: "python"}
	case prog == "flask" && len(rest) > 0 && rest[0] == "run":
		return Process{Server: "flask", Role: "web"}
	case prog == "fastapi" && len(rest) > 0 && (rest[0] == "run" || rest[0] == "dev"):
		return Process{Server: "fastapi", Role: "web", Workers: flagValue(rest, "", "--workers")}
	case prog == "celery":
		return recognizeCelery(rest)
	case prog == "rq" && len(rest) > 0 && rest[0] == "worker", prog == "rqworker":
		return Process{Server: "rq", Role: "worker"}
	case prog == "dramatiq" || prog == "huey_consumer" || prog == "huey_consumer.py" || prog == "arq":
		return Process{Server: strings.TrimSuffix(prog, ".py"), Role: "worker"}
	case prog == "sidekiq":
		return Process{Server: "sidekiq", Role: "worker", Workers: flagValue(rest, "-c", "--concurrency")}
	case prog == "rake" && len(rest) > 0 && (rest[0] == "jobs:work" || rest[0] == "resque:work" || rest[0] == "solid_queue:start"):
		return Process{Server: "rake", Role: "worker"}
	case prog == "delayed_job":
		return Process{Server: "delayed_job", Role: "worker"}
	case prog == "node" || prog == "nodejs" || prog == "nodemon" || prog == "ts-node" || prog == "tsx":
		return Process{Server: "node"}
	case prog == "npm" || prog == "yarn" || prog == "pnpm":
		if len(rest) > 0 && (isStartScript(rest[0]) || rest[0] == "run" && len(rest) > 1 && isStartScript(rest[1])) {
			return Process{Server: "node", Launcher: prog}
		}
		return Process{}
	case prog == "heroku-php-apache2" || prog == "heroku-php-nginx":
		return Process{Server: "php", Role: "web"}
	case prog == "bun":
		return Process{Server: "bun"}
	case prog == "deno":
		return Process{Server: "deno"}
	case prog == "pm2" || prog == "pm2-runtime" || prog == "pm2-docker":
		return Process{Server: "pm2", Workers: flagValue(rest, "-i", "--instances")}
	case prog == "java":
		return Process{Server: "java"}
	case prog == "dotnet":
		return Process{Server: "dotnet"}
	case strings.HasPrefix(prog, "php-fpm"):
		return Process{Server: "php-fpm", Role: "web"}
	case prog == "php" || strings.HasPrefix(prog, "php8") || strings.HasPrefix(prog, "php7"):
		if len(rest) > 1 && path.Base(rest[0]) == "artisan" && (rest[1] == "serve" || strings.HasPrefix(rest[1], "octane:")) {
			return Process{Server: "php", Role: "web"}
		}
		if len(rest) > 1 && path.Base(rest[0]) == "artisan" && (rest[1] == "queue:work" || rest[1] == "horizon") {
			return Process{Server: "php", Role: "worker"}
		}
		return Process{Server: "php"}
	case prog == "rails" && len(rest) > 0 && (rest[0] == "server" || rest[0] == "s"):
		return Process{Server: "rails", Role: "web"}
	case prog == "puma":
		return Process{Server: "puma", Role: "web", Workers: flagValue(rest, "-w", "--workers"), Threads: flagValue(rest, "-t", "--threads")}
	case prog == "mix" && len(rest) > 0 && rest[0] == "phx.server":
		return Process{Server: "phoenix", Role: "web"}
	}
	if s, ok := webServers[prog]; ok {
		p := Process{Server: s, Role: "web"}
		switch s {
		case "uvicorn", "granian":
			p.Workers = flagValue(rest, "", "--workers")
		case "hypercorn":
			p.Workers = flagValue(rest, "-w", "--workers")
			p.WorkerClass = flagValue(rest, "-k", "--worker-class")
		case "uwsgi":
			p.Workers = flagValue(rest, "-p", "--processes")
			if p.Workers == "" {
				p.Workers = flagValue(rest, "", "--workers")
			}
		}
		return p
	}
	return Process{}
}

// isStartScript reports whether a package script name starts the
// application: start, or a variant such as start:prod.
func isStartScript(s string) bool { return s == "start" || strings.HasPrefix(s, "start:") }

func recognizeCelery(rest []string) Process {
	// The subcommand is the first word that is neither a flag nor a flag's value.
	sub := ""
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if strings.HasPrefix(a, "-") {
			if !strings.Contains(a, "=") && (a == "-A" || a == "--app" || a == "-b" || a == "--broker" || a == "--workdir" || a == "--config" || a == "--result-backend") {
				j++
			}
			continue
		}
		sub = a
		break
	}
	switch sub {
	case "worker":
		p := Process{Server: "celery", Role: "worker", WorkerClass: "prefork"}
		if pool := flagValue(rest, "-P", "--pool"); pool != "" {
			p.WorkerClass = pool
		}
		p.Workers = flagValue(rest, "-c", "--concurrency")
		return p
	case "beat":
		return Process{Server: "celery", Role: "scheduler"}
	case "flower":
		return Process{Server: "celery", Role: "web"}
	}
	return Process{Server: "celery"}
}

// hasFlag reports whether a flag is given, in any of flagValue's forms.
func hasFlag(args []string, short, long string) bool {
	for _, a := range args {
		if a == long || a == short || strings.HasPrefix(a, long+"=") || len(a) > len(short) && strings.HasPrefix(a, short) && !strings.HasPrefix(a, "--") {
			return true
		}
	}
	return false
}

// flagValue returns the value of a flag written as "-w 4", "-w4",
// "--workers 4" or "--workers=4" (short may be "").
func flagValue(args []string, short, long string) string {
	for j, a := range args {
		switch {
		case a == long || (short != "" && a == short):
			if j+1 < len(args) {
				return args[j+1]
			}
		case strings.HasPrefix(a, long+"="):
			return a[len(long)+1:]
		case short != "" && len(a) > len(short) && strings.HasPrefix(a, short) && !strings.HasPrefix(a, "--"):
			v := a[len(short):]
			return strings.TrimPrefix(v, "=")
		}
	}
	return ""
}

// splitShell splits a shell command line into the words of each command,
// breaking at &&, ||, ;, |, & and newlines and honouring quotes. It does
// not expand anything.
func splitShell(s string) [][]string {
	var segs [][]string
	var words []string
	var cur strings.Builder
	inWord := false
	flushWord := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	flushSeg := func() {
		flushWord()
		if len(words) > 0 {
			segs = append(segs, words)
			words = nil
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\r':
			flushWord()
		case '\n', ';', '&', '|':
			flushSeg()
		case '\\':
			if i+1 < len(s) {
				i++
				if s[i] != '\n' {
					cur.WriteByte(s[i])
					inWord = true
				}
			}
		case '\'', '"':
			inWord = true
			j := i + 1
			for j < len(s) && s[j] != c {
				if c == '"' && s[j] == '\\' && j+1 < len(s) {
					j++
				}
				cur.WriteByte(s[j])
				j++
			}
			i = j
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	flushSeg()
	return segs
}
