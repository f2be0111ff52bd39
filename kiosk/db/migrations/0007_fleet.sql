-- Statistics and fleet status back to the centre (kiosk/fleet/). Every database gets all four
-- tables; a kiosk fills fleet_upload, the central database the other three.

-- Kiosk side: where this kiosk sends (kiosk-admin fleet configure); no row: it sends nothing.
-- The secret is not here: it stays in the credential file (mode 0600) this row names.
CREATE TABLE fleet_config (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    url             TEXT NOT NULL,
    kiosk_id        TEXT NOT NULL,
    credential_file TEXT NOT NULL
);

-- Kiosk side: the days whose statistics batch the centre has confirmed (an HTTP PUT answered
-- 2xx), with a digest of exactly what was sent. A day is sent again while its rows differ from
-- the confirmed ones (today, every hour) and never again once they match.
CREATE TABLE fleet_upload (
    day          TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    digest       TEXT NOT NULL,
    rows         INTEGER NOT NULL CHECK (rows >= 0),
    confirmed_at TEXT NOT NULL
) WITHOUT ROWID;

-- Centre: the enrolled kiosks and their office (Bürgerbüro). A revoked kiosk keeps its row
-- (its statistics stay counted) with the time of the revocation.
CREATE TABLE fleet_kiosk (
    kiosk_id    TEXT PRIMARY KEY CHECK (kiosk_id GLOB '[a-z0-9]*' AND length(kiosk_id) BETWEEN 2 AND 63),
    office      TEXT NOT NULL CHECK (length(office) BETWEEN 1 AND 200),
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT
) WITHOUT ROWID;

-- Centre: every kiosk's anonymous hourly counts, as its daily batches say. A batch replaces
-- all rows of its kiosk and day in one transaction, so a resent day is counted once. The key
-- starts with the day: reports over a period and the replacement of one kiosk's day both
-- use it, and a night's import writes next to itself.
CREATE TABLE fleet_usage (
    kiosk_id    TEXT NOT NULL,
    day         TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    hour        TEXT NOT NULL CHECK (hour GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]'
                    AND substr(hour, 1, 10) = day),
    event       TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT '',
    age_band    TEXT NOT NULL DEFAULT '',
    need        TEXT NOT NULL DEFAULT '',
    offer_id    TEXT NOT NULL DEFAULT '',
    count       INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, kiosk_id, hour, event, language, age_band, need, offer_id)
) WITHOUT ROWID;

-- Centre: which file each kiosk/day was last imported from (its SHA-256), so an unchanged
-- batch is not read into the database again.
CREATE TABLE fleet_import (
    kiosk_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, day)
) WITHOUT ROWID;
