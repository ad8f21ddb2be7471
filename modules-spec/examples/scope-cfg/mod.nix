{
  Port = cfg.server.port;
  Label = "${cfg.atom.id}-${cfg.atom.version}";
}
