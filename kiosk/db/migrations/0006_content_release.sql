-- Content releases (kiosk.content): which release the content tables hold, the content before
-- it for a staff rollback, and the state of the follower that fetches releases. All local: a
-- release never writes these rows itself, and they never go into a release.

-- slot 'current': the release the content tables hold now (no row: the kiosk's own content).
-- slot 'previous': the content before it, as a release document (body), for a rollback;
-- version 0 there means the kiosk's own content from before its first release.
CREATE TABLE content_release (
    slot        TEXT PRIMARY KEY CHECK (slot IN ('current', 'previous')),
    version     INTEGER NOT NULL CHECK (version >= 0),
    published   TEXT NOT NULL,                  -- UTC, ISO 8601
    applied_at  TEXT NOT NULL,                  -- UTC, ISO 8601
    digest      TEXT NOT NULL CHECK (length(digest) = 64),   -- SHA-256 (hex) of the release bytes
    source      TEXT NOT NULL DEFAULT '',       -- where it came from (URL, file name)
    body        BLOB,                           -- 'previous' only: the content to roll back to
    CHECK ((slot = 'previous') = (body IS NOT NULL))
);

-- The follower: the content URL (NULL: a standalone kiosk edited in staff mode), the version
-- a staff rollback left behind (releases up to it are not applied again), the last check.
CREATE TABLE content_follow (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    url             TEXT,
    pinned_version  INTEGER NOT NULL DEFAULT 0 CHECK (pinned_version >= 0),
    last_attempt    TEXT,                       -- UTC, ISO 8601
    last_ok         INTEGER CHECK (last_ok IS NULL OR last_ok IN (0, 1)),
    last_success    TEXT,                       -- UTC, ISO 8601
    expires         TEXT,                       -- when the trusted metadata expires (UTC)
    message         TEXT NOT NULL DEFAULT ''
);
INSERT INTO content_follow (id) VALUES (1);
