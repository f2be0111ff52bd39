-- Usage statistics also count the answers to "Did this help?" on an offer's detail screen
-- ('feedback_helped', 'feedback_not_helped'), per offer and hour only. SQLite cannot change a
-- CHECK constraint, so usage_hourly is rebuilt with the wider list and its rows copied over.
-- usage_monthly has no list of events and stays as it is.

CREATE TABLE usage_hourly_new (
    hour        TEXT NOT NULL CHECK (hour GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]'),
    event       TEXT NOT NULL CHECK (event IN ('session_started', 'language_chosen', 'age_chosen',
                    'need_chosen', 'offer_viewed', 'qr_shown', 'handout_printed',
                    'handout_failed', 'read_aloud_used', 'feedback_helped',
                    'feedback_not_helped', 'session_ended_home', 'session_ended_timeout')),
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
