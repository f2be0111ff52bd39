-- Usage statistics also count print requests that gave no sheet ('handout_failed': no printer,
-- paper out, jam, offline, queue stopped, a stuck job). SQLite cannot change a CHECK constraint,
-- so usage_hourly is rebuilt with the wider list and its rows copied over.

CREATE TABLE usage_hourly_new (
    hour        TEXT NOT NULL CHECK (hour GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]'),
    event       TEXT NOT NULL CHECK (event IN ('session_started', 'language_chosen', 'age_chosen',
                    'need_chosen', 'offer_viewed', 'qr_shown', 'handout_printed',
                    'handout_failed', 'read_aloud_used', 'session_ended_home',
                    'session_ended_timeout')),
    language    TEXT NOT NULL DEFAULT '',
    age_band    TEXT NOT NULL DEFAULT '',
    need        TEXT NOT NULL DEFAULT '',
    offer_id    TEXT NOT NULL DEFAULT '',
    count       INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (hour, event, language, age_band, need, offer_id)
) WITHOUT ROWID;

INSERT INTO usage_hourly_new (hour, event, language, age_band, need, offer_id, count)
    SELECT hour, event, language, age_band, need, offer_id, count FROM usage_hourly;

DROP TABLE usage_hourly;

ALTER TABLE usage_hourly_new RENAME TO usage_hourly;
