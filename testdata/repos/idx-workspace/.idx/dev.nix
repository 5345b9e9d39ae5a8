# Project IDX (Firebase Studio) workspace: what the cloud workstation runs
# while someone develops here.
{ pkgs, ... }: {
  channel = "stable-23.11";
  packages = [ pkgs.nodejs_20 ];
  services.docker.enable = true;
  services.postgres.enable = true;
  services.redis.enable = true;
}
