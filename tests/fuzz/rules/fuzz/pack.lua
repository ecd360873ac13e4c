-- The rule pack of the fuzz targets (a copy of tests/reliability/pack): small, stable, and touching
-- every kind of write a kill could tear apart: customer facts and their
-- class, follow-up tasks the clock later marks overdue and escalates, and a
-- penalty ladder that fines staff in fen.  The test copies it as several
-- packs so the store holds more than one tenant.
pack { title = "bylaw reliability suite", timezone = "+08:00" }
