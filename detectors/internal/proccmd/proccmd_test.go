package proccmd

import "testing"

func TestRecognize(t *testing.T) {
	tests := []struct {
		args  []string
		shell string
		want  Process
	}{
		{args: []string{"gunicorn", "-w", "4", "app:app"}, want: Process{Server: "gunicorn", WorkerClass: "sync", Workers: "4", Role: "web"}},
		{args: []string{"gunicorn", "--workers=3", "-k", "uvicorn.workers.UvicornWorker", "main:app"}, want: Process{Server: "gunicorn", WorkerClass: "uvicorn.workers.UvicornWorker", Workers: "3", Role: "web"}},
		{args: []string{"gunicorn", "-w2", "--worker-class=gevent", "--threads", "4", "app"}, want: Process{Server: "gunicorn", WorkerClass: "gevent", Workers: "2", Threads: "4", Role: "web"}},
		{shell: "python manage.py migrate && exec gunicorn app.wsgi", want: Process{Server: "gunicorn", WorkerClass: "sync", Role: "web"}},
		{shell: "python -m gunicorn -c gunicorn.conf.py app:app", want: Process{Server: "gunicorn", Role: "web"}},
		{args: []string{"uvicorn", "main:app", "--host", "0.0.0.0", "--workers", "2"}, want: Process{Server: "uvicorn", Workers: "2", Role: "web"}},
		{args: []string{"poetry", "run", "uvicorn", "main:app"}, want: Process{Server: "uvicorn", Role: "web"}},
		{args: []string{"uv", "run", "--frozen", "hypercorn", "-w", "2", "app:app"}, want: Process{Server: "hypercorn", Workers: "2", Role: "web"}},
		{args: []string{"daphne", "proj.asgi:application"}, want: Process{Server: "daphne", Role: "web"}},
		{args: []string{"python", "manage.py", "runserver", "0.0.0.0:8000"}, want: Process{Server: "django-runserver", Role: "web"}},
		{args: []string{"python3", "-u", "main.py"}, want: Process{Server: "python"}},
		{args: []string{"node", "dist/main.js"}, want: Process{Server: "node"}},
		{shell: "npm start", want: Process{Server: "node", Launcher: "npm"}},
		{shell: "yarn run start", want: Process{Server: "node", Launcher: "yarn"}},
		{args: []string{"npm", "install"}, want: Process{}},
		{args: []string{"pm2-runtime", "start", "ecosystem.config.js", "-i", "max"}, want: Process{Server: "pm2", Workers: "max"}},
		{args: []string{"java", "-jar", "/app/app.jar"}, want: Process{Server: "java"}},
		{args: []string{"dotnet", "Api.dll"}, want: Process{Server: "dotnet"}},
		{args: []string{"php-fpm"}, want: Process{Server: "php-fpm", Role: "web"}},
		{args: []string{"php-fpm8.3", "-F"}, want: Process{Server: "php-fpm", Role: "web"}},
		{args: []string{"apache2-foreground"}, want: Process{Server: "apache", Role: "web"}},
		{args: []string{"bundle", "exec", "puma", "-C", "config/puma.rb", "-w", "3"}, want: Process{Server: "puma", Workers: "3", Role: "web"}},
		{shell: "bundle exec rails server -b 0.0.0.0", want: Process{Server: "rails", Role: "web"}},
		{args: []string{"bin/rails", "s"}, want: Process{Server: "rails", Role: "web"}},
		{args: []string{"unicorn", "-c", "config/unicorn.rb"}, want: Process{Server: "unicorn", Role: "web"}},
		{args: []string{"celery", "-A", "proj", "worker", "-l", "info", "-c", "4"}, want: Process{Server: "celery", WorkerClass: "prefork", Workers: "4", Role: "worker"}},
		{args: []string{"celery", "--app=proj", "beat"}, want: Process{Server: "celery", Role: "scheduler"}},
		{args: []string{"bundle", "exec", "sidekiq", "-c", "10"}, want: Process{Server: "sidekiq", Workers: "10", Role: "worker"}},
		{args: []string{"/bin/sh", "-c", "FOO=1 exec uvicorn app:app"}, want: Process{Server: "uvicorn", Role: "web"}},
		{args: []string{"bash", "-lc", "gunicorn 'app:create_app()'"}, want: Process{Server: "gunicorn", WorkerClass: "sync", Role: "web"}},
		{args: []string{"/docker-entrypoint.sh", "nginx", "-g", "daemon off;"}, want: Process{Server: "nginx", Role: "web"}},
		{args: []string{"tini", "-s", "--", "node", "server.js"}, want: Process{Server: "node"}},
		{args: []string{"dumb-init", "gosu", "app", "gunicorn"}, want: Process{Server: "gunicorn", WorkerClass: "sync", Role: "web"}},
		{args: []string{"ddtrace-run", "gunicorn", "-k", "gevent", "app"}, want: Process{Server: "gunicorn", WorkerClass: "gevent", Role: "web"}},
		{args: []string{"/entrypoint.sh"}, want: Process{}},
		{args: []string{"/server"}, want: Process{}},
		{args: []string{"sh", "start.sh"}, want: Process{}},
		{args: nil, want: Process{}},
		{shell: "", want: Process{}},
		{shell: `"unterminated`, want: Process{}},
		{shell: `gunicorn \`, want: Process{Server: "gunicorn", WorkerClass: "sync", Role: "web"}},
	}
	for _, tt := range tests {
		got := RecognizeArgs(tt.args)
		if tt.shell != "" {
			got = RecognizeShell(tt.shell)
		}
		if got != tt.want {
			t.Errorf("recognise(%q %q) = %+v, want %+v", tt.args, tt.shell, got, tt.want)
		}
	}
}

func TestProcessAttrs(t *testing.T) {
	a := Process{Server: "gunicorn", WorkerClass: "sync"}.Attrs("gunicorn app")
	if a["command"] != "gunicorn app" || a["server"] != "gunicorn" || a["worker_class"] != "sync" {
		t.Errorf("attrs = %v", a)
	}
	if _, ok := a["workers"]; ok {
		t.Errorf("empty workers should be left out: %v", a)
	}
}

// TestSharedCommandLines: the detectors that read start commands
// (Dockerfile CMD and ENTRYPOINT, Compose and Kubernetes commands, a
// Procfile, fly.toml, app.yaml) all recognise through this package, so
// each of these lines names one program wherever it is written. A Procfile
// used to take the first program of a chain and a Dockerfile the last;
// the last one recognised is the long-running one.
func TestSharedCommandLines(t *testing.T) {
	for _, c := range []struct {
		line string
		want Process
	}{
		{"bundle exec puma -C config/puma.rb", Process{Server: "puma", Role: "web"}},
		{`sh -c "python manage.py migrate && gunicorn app:app"`, Process{Server: "gunicorn", WorkerClass: "sync", Role: "web"}},
		{"python manage.py migrate && gunicorn app:app", Process{Server: "gunicorn", WorkerClass: "sync", Role: "web"}},
		{"node --require ./tracing.js dist/main.js", Process{Server: "node"}},
		{"cd app && exec gunicorn -w 4 app:app", Process{Server: "gunicorn", WorkerClass: "sync", Workers: "4", Role: "web"}},
		{"newrelic-admin run-python manage.py runserver", Process{Server: "django-runserver", Role: "web"}},
		{"npm run start:prod", Process{Server: "node", Launcher: "npm"}},
		{"nodemon src/index.ts", Process{Server: "node"}},
		{"heroku-php-apache2 public/", Process{Server: "php", Role: "web"}},
		{"celery -A proj worker --concurrency 4", Process{Server: "celery", WorkerClass: "prefork", Workers: "4", Role: "worker"}},
		{"npm run build", Process{}},
	} {
		if got := RecognizeShell(c.line); got != c.want {
			t.Errorf("RecognizeShell(%q) = %+v, want %+v", c.line, got, c.want)
		}
		// The exec form of the same words, as a Compose or Kubernetes
		// command list or a Dockerfile JSON array writes it, agrees.
		if words := splitShell(c.line); len(words) == 1 {
			if got := RecognizeArgs(words[0]); got != c.want {
				t.Errorf("RecognizeArgs(%q) = %+v, want %+v", words[0], got, c.want)
			}
		}
	}
}

func TestAddToKeepsDeclaredRole(t *testing.T) {
	m := map[string]string{"name": "worker", "role": "worker", "command": "gunicorn app"}
	RecognizeShell("gunicorn app").AddTo(m)
	if m["role"] != "worker" || m["server"] != "gunicorn" || m["command"] != "gunicorn app" {
		t.Errorf("AddTo = %v, want the declared role kept and the server added", m)
	}
}

// FuzzRecognize: any command line is recognised without panicking, in
// shell and exec form, and a recognised process names its server.
func FuzzRecognize(f *testing.F) {
	for _, s := range []string{"gunicorn -w 4 app:app", `sh -c "a && b"`, "bundle exec puma", `bash -lc 'sh -c "sh -c x"'`, "celery -A", "npm run", `"`, `\`, "a=b c=d", "-w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		p := RecognizeShell(line)
		if p.Server == "" && (p.Role != "" || p.Workers != "" || p.WorkerClass != "" || p.Launcher != "") {
			t.Fatalf("%q: settings without a server: %+v", line, p)
		}
		for _, words := range splitShell(line) {
			RecognizeArgs(words)
		}
	})
}

// TestProcfileCommands are start commands as Procfiles write them. The
// Procfile reader had its own recogniser; since it uses this package,
// celery workers report their default pool (prefork) and heroku-php-*
// scripts and gunicorn report their role.
func TestProcfileCommands(t *testing.T) {
	cases := []struct{ cmd, server, class, workers string }{
		{"gunicorn app:app", "gunicorn", "sync", ""},
		{"gunicorn -w 4 -k gevent app:app", "gunicorn", "gevent", "4"},
		{"gunicorn --worker-class=uvicorn.workers.UvicornWorker --workers=2 main:app", "gunicorn", "uvicorn.workers.UvicornWorker", "2"},
		{"gunicorn -c gunicorn.conf.py app:app", "gunicorn", "", ""},
		{"gunicorn -w4 app:app", "gunicorn", "sync", "4"},
		{"newrelic-admin run-program gunicorn app:app", "gunicorn", "sync", ""},
		{"poetry run uvicorn main:app --workers 2", "uvicorn", "", "2"},
		{"python -m uvicorn main:app", "uvicorn", "", ""},
		{"bundle exec puma -C config/puma.rb", "puma", "", ""},
		{"bin/rails server -p $PORT", "rails", "", ""},
		{"bundle exec sidekiq -C config/sidekiq.yml", "sidekiq", "", ""},
		{"celery -A proj worker -l info", "celery", "prefork", ""},
		{"node dist/server.js", "node", "", ""},
		{"npm start", "node", "", ""},
		{"java -Dserver.port=$PORT -jar target/app.jar", "java", "", ""},
		{"dotnet Api.dll", "dotnet", "", ""},
		{"vendor/bin/heroku-php-apache2 public/", "php", "", ""},
		{"cd backend && gunicorn app:app", "gunicorn", "sync", ""},
		{"NODE_ENV=production node index.js", "node", "", ""},
		{"sh -c 'uvicorn app:app'", "uvicorn", "", ""},
		{"bin/server", "", "", ""},
		{"", "", "", ""},
		{"gunicorn -k", "gunicorn", "sync", ""},
	}
	for _, c := range cases {
		p := RecognizeShell(c.cmd)
		if p.Server != c.server || p.WorkerClass != c.class || p.Workers != c.workers {
			t.Errorf("recognise(%q) = %+v, want %s %s %s", c.cmd, p, c.server, c.class, c.workers)
		}
	}
}
