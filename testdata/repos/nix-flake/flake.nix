{
  description = "ledger: a small double-entry bookkeeping service";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";

  outputs = { self, nixpkgs }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
    in {
      packages.x86_64-linux.default = pkgs.buildGoModule {
        pname = "ledger";
        version = "0.1.0";
        src = ./.;
        vendorHash = null;
      };

      nixosModules.default = import ./nixos/module.nix;

      devShells.x86_64-linux.default = pkgs.mkShell {
        packages = with pkgs; [ go_1_23 gopls postgresql_16 ];
      };
    };
}
