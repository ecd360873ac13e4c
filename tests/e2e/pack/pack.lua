-- The rule pack the daemon's end-to-end tests run: small, stable, and
-- covering each family the API exposes (classes, follow-up tasks with
-- overdue escalation, approvals).  The tests copy it twice, as "e2e" and
-- as "other", to check that tokens keep packs apart.
pack { title = "bylawd end-to-end tests", timezone = "+08:00" }
