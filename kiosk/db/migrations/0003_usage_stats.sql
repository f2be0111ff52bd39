-- Anonymous usage statistics: counts per hour and per combination of language, age band, need
-- and offer. No visitor or session identifier, nothing typed, nothing finer than an hour.
-- An empty string means "not chosen (yet)". Older hours are folded into monthly totals.

CREATE TABLE usage_hourly (
    hour        TEXT NOT NULL CHECK (hour GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]'),
    event       TEXT NOT NULL CHECK (event IN ('session_started', 'language_chosen', 'age_chosen',
                    'need_chosen', 'offer_viewed', 'qr_shown', 'handout_printed',
                    'read_aloud_used', 'session_ended_home', 'session_ended_timeout')),
    language    TEXT NOT NULL DEFAULT '',
    age_band    TEXT NOT NULL DEFAULT '',
    need        TEXT NOT NULL DEFAULT '',
    offer_id    TEXT NOT NULL DEFAULT '',
    count       INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (hour, event, language, age_band, need, offer_id)
) WITHOUT ROWID;

CREATE TABLE usage_monthly (
    month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    event       TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT '',
    age_band    TEXT NOT NULL DEFAULT '',
    need        TEXT NOT NULL DEFAULT '',
    offer_id    TEXT NOT NULL DEFAULT '',
    count       INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (month, event, language, age_band, need, offer_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO setting (key, value) VALUES ('stats_retention_months', '24');
