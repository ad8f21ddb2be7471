{
  Beds = std.genList (i: "bed ${std.toString i}: ${deps.from.local.palette.pick i}") 4;
  About = "${cfg.package.label} ${cfg.package.version}, planted from ${std.toString (std.length deps.from.local.palette.colours)} colours";
}
