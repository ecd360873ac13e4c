-- bylawd.lua - a starting configuration for bylawd (docs/daemon.md lists
-- every option and its default).  It is plain Lua: tokens can come from
-- the environment instead of this file.

listen = "127.0.0.1:8080"   -- put a TLS proxy in front for other hosts
db = "var/bylaw.db"
rules = "rules"
backup_dir = "var/backup"

log_level = "info"          -- debug | info | warn | error
log_format = "text"         -- text | json

-- One or more bearer tokens per pack; a pack token reads and writes its own
-- pack only.  Admin tokens may do everything (reload, backup, every pack).
tokens = {
  siwei = { os.getenv("BYLAW_TOKEN_SIWEI") or "change-me-siwei" },
}
admin_tokens = { os.getenv("BYLAW_ADMIN_TOKEN") or "change-me-admin" }

limits = {
  body_bytes = 1048576,     -- 413 above
  header_bytes = 16384,     -- 431 above
  json_depth = 32,          -- 400 above
  batch_events = 1000,      -- 413 above
  read_timeout_ms = 10000,  -- a client slower than this is disconnected
  connections = 256,        -- 429 above
}
