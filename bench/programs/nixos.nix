# A NixOS-like configuration through lib.evalModules: 400 service modules
# reached through a tree of `imports` (some imported twice, deduplicated
# by `key`), a base module declaring shared options (`listOf`, `attrsOf`
# of submodules), each service declaring its own options and contributing
# through `mkIf`/`mkMerge`, and a host module enabling most services and
# overriding values with `mkDefault`, `mkForce`, `mkOverride`, `mkBefore`
# and `mkAfter`. The whole config is forced (deepSeq), a summary printed.
#
# `lib` is nixpkgs' lib, passed by the harness as
# `--arg lib 'import .../nixpkgs-lib/lib'` (never copied into the repo).
{ lib }:
let
  inherit (lib)
    mkOption
    mkEnableOption
    mkIf
    mkMerge
    mkDefault
    mkForce
    mkOverride
    mkBefore
    mkAfter
    types
    ;
  count = 400;
  fanout = 4;
  svc = i: "svc${toString i}";
  parent = i: (i - 1) / fanout;
  upTo = n: builtins.genList (i: i) n;
  children = i: builtins.filter (c: c < count) (builtins.genList (k: fanout * i + k + 1) fanout);
  every = k: builtins.filter (i: lib.mod i k == 0) (upTo count);
  namesOf = is: map svc is;

  user = types.submodule (
    { name, ... }:
    {
      options = {
        name = mkOption {
          type = types.str;
          default = name;
        };
        uid = mkOption {
          type = types.nullOr types.int;
          default = null;
        };
        groups = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        home = mkOption {
          type = types.str;
          default = "/var/lib/${name}";
        };
        shell = mkOption {
          type = types.str;
          default = "/bin/sh";
        };
      };
    }
  );

  unit = types.submodule (
    { name, config, ... }:
    {
      options = {
        enable = mkOption {
          type = types.bool;
          default = true;
        };
        description = mkOption {
          type = types.str;
          default = "service ${name}";
        };
        wantedBy = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        after = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        environment = mkOption {
          type = types.attrsOf types.str;
          default = { };
        };
        serviceConfig = mkOption {
          type = types.attrsOf (
            types.oneOf [
              types.str
              types.int
              types.bool
            ]
          );
          default = { };
        };
        script = mkOption {
          type = types.lines;
          default = "";
        };
      };
      config.environment.UNIT = name;
    }
  );

  base = {
    key = "base";
    options = {
      environment.packages = mkOption {
        type = types.listOf types.str;
        default = [ ];
      };
      networking.firewall.allowedTCPPorts = mkOption {
        type = types.listOf types.port;
        default = [ ];
      };
      users.users = mkOption {
        type = types.attrsOf user;
        default = { };
      };
      systemd.services = mkOption {
        type = types.attrsOf unit;
        default = { };
      };
    };
  };

  service =
    i:
    { config, ... }:
    let
      name = svc i;
      cfg = config.services.${name};
    in
    {
      key = "service-${toString i}";
      imports = map service (children i);
      options.services.${name} = {
        enable = mkEnableOption "service ${toString i}";
        port = mkOption {
          type = types.port;
          default = 1000 + i;
        };
        extraGroups = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        settings = mkOption {
          type = types.attrsOf types.str;
          default = { };
        };
      };
      config = mkIf cfg.enable (mkMerge [
        {
          environment.packages = [ "pkg-${name}" ];
          users.users.${name} = {
            uid = 1000 + i;
            groups = [ "services" ] ++ cfg.extraGroups;
          };
          systemd.services.${name} = {
            wantedBy = [ "multi-user.target" ];
            after = lib.optional (i > 0) "${svc (parent i)}.service";
            environment = cfg.settings // {
              PORT = toString cfg.port;
            };
            serviceConfig = {
              User = name;
              Restart = mkDefault "always";
              RestartSec = mkDefault 5;
            };
            script = "exec ${name} --port ${toString cfg.port}";
          };
        }
        (mkIf (lib.mod i 3 == 0) { networking.firewall.allowedTCPPorts = [ cfg.port ]; })
        (mkIf (lib.mod i 5 == 0) { environment.packages = mkBefore [ "early-${name}" ]; })
        (mkIf (lib.mod i 8 == 0) { environment.packages = mkAfter [ "late-${name}" ]; })
      ]);
    };

  host = {
    key = "host";
    # Imported again here: deduplicated by key.
    imports = map service [
      5
      17
      123
    ];
    config = mkMerge [
      {
        services = lib.genAttrs (namesOf (builtins.filter (i: lib.mod i 7 != 6) (upTo count))) (name: {
          enable = true;
          settings.LEVEL = "info";
        });
      }
      { services.svc10.port = mkForce 8080; }
      { services = lib.genAttrs (namesOf (every 13)) (name: { extraGroups = [ "wheel" ]; }); }
      {
        systemd.services = lib.genAttrs (namesOf (every 4)) (name: {
          serviceConfig.Restart = "on-failure";
        });
      }
      {
        systemd.services = lib.genAttrs (namesOf (every 9)) (name: {
          description = mkOverride 90 "custom ${name}";
          script = mkAfter "echo started";
        });
      }
      { users.users = lib.genAttrs (namesOf (every 11)) (name: { shell = mkForce "/bin/bash"; }); }
      { environment.packages = mkBefore [ "coreutils" ]; }
    ];
  };

  evaluated = lib.evalModules {
    modules = [
      base
      (service 0)
      host
    ];
  };
  c = evaluated.config;
  units = c.systemd.services;
  users = c.users.users;
  sum = builtins.foldl' (a: b: a + b) 0;
in
builtins.deepSeq c {
  packages = builtins.length c.environment.packages;
  firstPackages = lib.take 4 c.environment.packages;
  lastPackages = lib.drop (builtins.length c.environment.packages - 3) c.environment.packages;
  ports = sum c.networking.firewall.allowedTCPPorts;
  userCount = builtins.length (builtins.attrNames users);
  uidSum = sum (map (u: if u.uid == null then 0 else u.uid) (builtins.attrValues users));
  bashUsers = builtins.length (builtins.filter (u: u.shell == "/bin/bash") (builtins.attrValues users));
  wheel = builtins.length (builtins.filter (u: builtins.elem "wheel" u.groups) (builtins.attrValues users));
  unitCount = builtins.length (builtins.attrNames units);
  onFailure = builtins.length (
    builtins.filter (u: u.serviceConfig.Restart or null == "on-failure") (builtins.attrValues units)
  );
  scriptBytes = sum (map (u: builtins.stringLength u.script) (builtins.attrValues units));
  sample = units.svc36;
  svc10 = units.svc10.environment;
}
