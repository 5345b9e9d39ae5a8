package paas

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

// summary renders signals as "kind name version line attrs" lines.
func summary(sigs []stack.Signal, attrs ...string) []string {
	var out []string
	for _, s := range sigs {
		line := fmt.Sprintf("%s %s %s %d", s.Kind, s.Name, s.Version, s.Line)
		for _, a := range attrs {
			if v := s.Attr(a); v != "" {
				line += " " + a + "=" + v
			}
		}
		out = append(out, line)
	}
	return out
}

func TestKamal(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{"rails 8 default", "config/deploy.yml", `service: campfire
image: basecamp/campfire
servers:
  web:
    - 192.168.0.1
    - 192.168.0.2
  job:
    hosts:
      - 192.168.0.3
    cmd: bin/jobs
proxy:
  ssl: true
  host: app.example.com
accessories:
  db:
    image: postgres:16.4
    host: 192.168.0.4
  cache:
    image: <%= ENV["CACHE_IMAGE"] %>
`, []string{
			"tool kamal  1",
			"fact service  4 name=campfire-web", "fact replicas  4 count=2",
			"fact service  7 name=campfire-job", "fact replicas  7 count=1", "fact process  10 name=campfire-job command=bin/jobs",
			"image postgres 16.4 16 accessory=db",
			"tool kamal-proxy  11",
		}},
		{"hosts as a list", "config/deploy.yml", "service: app\nimage: a/app\nservers:\n  - 10.0.0.1\n  - 10.0.0.2\n  - 10.0.0.3\n",
			[]string{"tool kamal  1", "fact service  3 name=app-web", "fact replicas  3 count=3"}},
		{"ERB destination", "config/deploy.staging.yml", "<%\n  hosts = %w[a b]\n%>\nservers:\n  web:\n    hosts:\n      - <%= hosts[0] %>: x\n      - <%= hosts[1] %>\n",
			[]string{"tool kamal  4", "fact service  5 name=web", "fact replicas  5 count=2"}},
		{"not kamal", "config/deploy.yml", "production:\n  branch: main\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !Kamal.Match(tt.path) {
				t.Fatalf("%s not matched", tt.path)
			}
			sigs, err := detecttest.Detect(Kamal, tt.path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range summary(sigs, "name", "count", "command", "accessory") {
				if !strings.Contains(s, "unpinned") {
					got = append(got, s)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
	for p, want := range map[string]bool{"config/deploy.yml": true, "app/config/deploy.production.yml": true, "deploy.yml": false,
		"config/deploy.a.b.yml": false, ".github/deploy.yml": false, "config/deployment.yml": false} {
		if Kamal.Match(p) != want {
			t.Errorf("Match(%q) = %v", p, !want)
		}
	}
	if _, err := detecttest.Detect(Kamal, "config/deploy.yml", []byte("service: a\nservers: [\n")); err == nil {
		t.Error("broken YAML without ERB: no error")
	} else {
		detecttest.ParseErrors(t, err)
	}
}

func TestStripERB(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a: 1\n", "a: 1\n"},
		{"a: <%= x %>\n", "a: ${ERB}\n"},
		{"<% if x\n  y\n%>\nb: 2", "\n\n\nb: 2"},
		{"a: <%= unclosed\nb", "a: ${ERB}\n"},
		{"<%%>", ""},
	}
	for _, tt := range tests {
		got, _ := stripERB([]byte(tt.in))
		if string(got) != tt.want {
			t.Errorf("stripERB(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.Count(string(got), "\n") != strings.Count(tt.in, "\n") {
			t.Errorf("stripERB(%q) moved lines", tt.in)
		}
	}
}

func TestCloudFoundry(t *testing.T) {
	src := `---
applications:
- name: orders
  instances: 3
  memory: 512M
  buildpacks:
    - https://github.com/cloudfoundry/python-buildpack.git#v1.8.20
  command: gunicorn -w 4 orders.wsgi
  services:
    - orders-postgres
    - name: redis-cache
    - audit-log
  processes:
    - type: worker
      instances: 2
      command: celery -A orders worker
- name: web
  buildpack: nodejs_buildpack
- name: legacy
  docker:
    image: acme/legacy:2.1
`
	sigs, err := detecttest.Detect(CloudFoundry, "manifest.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := summary(sigs, "workload", "count", "server", "service")
	want := []string{
		"tool cloud-foundry  2",
		"fact service  3", "fact replicas  4 workload=orders count=3", "fact process  8 server=gunicorn",
		"fact replicas  15 workload=orders-worker count=2", "fact process  16 server=celery",
		"runtime python  7",
		"datastore postgresql  10 service=orders-postgres", "datastore redis  11 service=redis-cache",
		"fact service  17", "fact replicas  17 workload=web count=1", "runtime nodejs  18",
		"fact service  19", "fact replicas  19 workload=legacy count=1", "image acme/legacy 2.1 21 service=legacy",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	for _, src := range []string{"", "applications: x\n", "name: not cf\n", "applications:\n- 1\n- [a]\n"} {
		if sigs, err := detecttest.Detect(CloudFoundry, "manifest.yml", []byte(src)); err != nil || len(sigs) > 1 {
			t.Errorf("%q: %v %v", src, sigs, err)
		}
	}
}

func FuzzDeploy(f *testing.F) {
	for _, s := range []string{
		"service: a\nimage: b\nservers:\n  web: [h]\naccessories:\n  db: {image: postgres:16}\n", "<% x %>\nservers: [<%= a %>]\n", "<%= ",
		"applications:\n- name: a\n  instances: 2\n  services: [pg-db]\n  buildpacks: [go_buildpack]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range []struct {
			name string
			det  func([]byte) ([]stack.Signal, error)
		}{
			{"kamal", func(b []byte) ([]stack.Signal, error) { return detecttest.Detect(Kamal, "config/deploy.yml", b) }},
			{"cf", func(b []byte) ([]stack.Signal, error) { return detecttest.Detect(CloudFoundry, "manifest.yml", b) }},
		} {
			_, err := d.det(data)
			detecttest.ParseErrors(t, err)
		}
		if out, _ := stripERB(data); strings.Count(string(out), "\n") != strings.Count(string(data), "\n") {
			t.Fatalf("stripERB moved lines")
		}
	})
}
