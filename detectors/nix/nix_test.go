package nix

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

func TestNix(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{"NixOS module", "nixos/configuration.nix", `{ config, lib, pkgs, ... }:
let
  cfg = config.services.ledger;
in {
  # services.mysql.enable = true;
  services.postgresql = {
    enable = true;
    package = pkgs.postgresql_16;
  };
  services.redis.servers.cache.enable = true;
  services = {
    nginx.enable = true;
    grafana.enable = false;
  };
  virtualisation.docker.enable = true;
  config = lib.mkIf cfg.enable {
    services.rabbitmq.enable = true;
  };
  environment.etc."x".text = ''
    services.mongodb.enable = true; ${"x"}
  '';
}
`, []string{"nix services.postgresql 16 7 ", "nix services.redis  10 ", "nix services.nginx  12 ", "nix virtualisation.docker  15 ", "nix services.rabbitmq  17 ", "tool nixos  7 "}},
		{"flake dev shell and builder", "flake.nix", `{
  description = "ledger";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
  outputs = { self, nixpkgs }: let
    pkgs = nixpkgs.legacyPackages.x86_64-linux;
  in {
    packages.x86_64-linux.default = pkgs.buildGoModule {
      pname = "ledger";
      src = ./.;
    };
    devShells.x86_64-linux.default = pkgs.mkShell {
      packages = with pkgs; [ go_1_22 postgresql_16 (python3.withPackages (ps: [ ps.requests ])) nodejs_20 ];
    };
  };
}
`, []string{"tool nix  1 ", "nix builder:buildGoModule  7 ", "nix pkgs.go 1.22 12 dev", "nix pkgs.postgresql 16 12 dev", "nix pkgs.nodejs 20 12 dev"}},
		// makeplane/plane: Project IDX's workspace file starts services on
		// the developer's workstation; it is no NixOS machine.
		{"IDX workspace", ".idx/dev.nix", `{ pkgs, ... }: {
  channel = "stable-23.11";
  packages = [ pkgs.nodejs_20 pkgs.python3 ];
  services.docker.enable = true;
  services.postgres.enable = true;
}
`, []string{"nix services.docker  4 dev", "nix services.postgres  5 dev"}},
		{"devenv", "tools/devenv.nix", `{ pkgs, ... }: {
  services.redis.enable = true;
}
`, []string{"nix services.redis  2 dev"}},
		{"unterminated", "default.nix", "{ services.postgresql.enable = true; x = \"abc", []string{"nix services.postgresql  1 ", "tool nixos  1 "}},
		{"deep", "deep.nix", strings.Repeat("{ a = ", 1000) + "1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Detector, tt.path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range sigs {
				got = append(got, fmt.Sprintf("%s %s %s %d %s", s.Ecosystem, s.Name, s.Version, s.Line, s.Scope))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestPkgVersion(t *testing.T) {
	for in, want := range map[string]string{"postgresql_16": "postgresql 16", "go_1_22": "go 1.22", "nodejs": "nodejs ", "mariadb_110": "mariadb ", "python3": "python3 ", "jdk21_headless": "jdk21_headless "} {
		n, v := pkgVersion(in)
		if got := n + " " + v; got != want {
			t.Errorf("pkgVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNix(f *testing.F) {
	for _, s := range []string{"{ services.postgresql = { enable = true; package = pkgs.postgresql_15; }; }", "''${", "\"${\"", "/*", "{ devShell = mkShell { buildInputs = [ a.b_1 ]; }; }", "{{{{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Detector, "flake.nix", data)
		if err != nil {
			t.Fatalf("the lexical reader never fails: %v", err)
		}
		for _, s := range sigs {
			if s.Name == "" || s.Line < 1 {
				t.Fatalf("signal without name or line: %+v", s)
			}
		}
	})
}
