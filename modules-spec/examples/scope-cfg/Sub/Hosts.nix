# Every module sees the same cfg.
cfg.server.hosts
