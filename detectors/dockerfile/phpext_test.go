package dockerfile

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestPHPExtensions(t *testing.T) {
	tests := []struct {
		run  string
		want []string
	}{
		{"docker-php-ext-install -j$(nproc) pdo_pgsql pgsql intl zip", []string{"pdo_pgsql", "pgsql", "intl", "zip"}},
		{"docker-php-ext-configure gd --with-jpeg && docker-php-ext-install gd mysqli", []string{"gd", "mysqli"}},
		{"pecl install redis-6.0.2 igbinary && docker-php-ext-enable redis igbinary", []string{"redis 6.0.2", "igbinary", "redis", "igbinary"}},
		{"pecl install -o -f amqp \\\n && rm -rf /tmp/pear", []string{"amqp"}},
		{"install-php-extensions @composer pdo_mysql mongodb-1.19.0 $EXTRA", []string{"pdo_mysql"}},
		{"apk add --no-cache php83 php83-fpm php83-pgsql php83-pdo_pgsql php83-pecl-redis", []string{"fpm", "pgsql", "pdo_pgsql", "redis"}},
		{"apt-get update; apt-get install -y --no-install-recommends php8.2-mysql php-redis=5.3.7 phpunit curl", []string{"mysql", "redis"}},
		{"sudo dnf install -y php-pgsql", []string{"pgsql"}},
		{"DEBIAN_FRONTEND=noninteractive apt-get install -y php-sqlite3", []string{"sqlite3"}},
		{"echo docker-php-ext-install redis", nil},
		{"npm install redis", nil},
		{"docker-php-ext-install \"${EXTS}\" '1bad' ok_1", []string{"ok_1"}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range phpExtensions(tt.run) {
			got = append(got, strings.TrimSpace(e.name+" "+e.version))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.run, got, tt.want)
		}
	}
}

func TestPHPExtensionSignals(t *testing.T) {
	src := `FROM php:8.3-fpm AS base
RUN docker-php-ext-install pdo_pgsql \
    && pecl install redis-6.0.2 \
    && docker-php-ext-enable redis
FROM composer:2 AS vendor
RUN docker-php-ext-install pdo_mysql
FROM base
RUN apk add php83-pecl-amqp
CMD ["php-fpm"]
`
	sigs, err := detecttest.Detect(Detector, "Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sigs {
		if s.Ecosystem == stack.EcoComposer {
			got = append(got, fmt.Sprintf("%s %s %d %s %s", s.Name, s.Version, s.Line, s.Attr("installer"), s.Scope))
		}
	}
	// The vendor stage does not ship: its pdo_mysql is not the application's.
	want := []string{"ext-pdo_pgsql  2 docker-php-ext-install ", "ext-redis 6.0.2 2 pecl ", "ext-amqp  8 apk "}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
