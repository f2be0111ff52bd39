-- Staff mode: the staff PIN (salted scrypt hash, never the PIN), the lockout after wrong tries,
-- the audit log of every change, and default values of the staff settings.

-- At most one PIN; the scheme text records the hash parameters so they can change later.
CREATE TABLE staff_pin (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    scheme      TEXT NOT NULL CHECK (scheme LIKE 'scrypt$%'),
    salt        BLOB NOT NULL CHECK (length(salt) >= 16),
    digest      BLOB NOT NULL CHECK (length(digest) >= 32),
    set_at      TEXT NOT NULL
);

-- Wrong PIN tries in a row and until when the pad is locked (UTC, ISO 8601); survives restarts.
CREATE TABLE pin_lockout (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    failures    INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until TEXT
);
INSERT INTO pin_lockout (id, failures, locked_until) VALUES (1, 0, NULL);

-- One row per changed field. No foreign key: the history stays when an offer goes away.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,                  -- UTC, ISO 8601
    actor       TEXT NOT NULL,                  -- staff, import, restore, kiosk-admin
    offer_id    TEXT,                           -- NULL for settings and the PIN
    field       TEXT NOT NULL,
    old_value   TEXT NOT NULL DEFAULT '',
    new_value   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_offer ON audit_log(offer_id, id);

INSERT OR IGNORE INTO setting (key, value) VALUES ('verify_after_months', '6');
INSERT OR IGNORE INTO setting (key, value) VALUES ('staff_idle_timeout_seconds', '120');
INSERT OR IGNORE INTO setting (key, value) VALUES ('printer', '');
INSERT OR IGNORE INTO setting (key, value) VALUES ('kiosk_location', '');
