{ config, lib, pkgs, ... }:
let
  cfg = config.services.ledger;
in {
  options.services.ledger.enable = lib.mkEnableOption "the ledger service";

  config = lib.mkIf cfg.enable {
    services.postgresql = {
      enable = true;
      package = pkgs.postgresql_16;
      ensureDatabases = [ "ledger" ];
    };
    services.nginx.enable = true;
    systemd.services.ledger = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.ledger}/bin/ledger";
    };
  };
}
