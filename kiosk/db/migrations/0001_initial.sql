-- Initial schema: languages, age bands, needs, offers with texts, hours and languages spoken.

CREATE TABLE language (
    code        TEXT PRIMARY KEY,               -- BCP 47 tag: de, en, ar, fa-AF, zh-Hans
    endonym     TEXT NOT NULL CHECK (length(endonym) BETWEEN 1 AND 60),
    position    INTEGER NOT NULL,
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
);

CREATE TABLE age_band (
    id          TEXT PRIMARY KEY,
    min_age     INTEGER CHECK (min_age IS NULL OR min_age BETWEEN 0 AND 130),
    max_age     INTEGER CHECK (max_age IS NULL OR max_age BETWEEN 0 AND 130),
    position    INTEGER NOT NULL,
    CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
);

CREATE TABLE need (
    id          TEXT PRIMARY KEY,
    icon        TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL
);

CREATE TABLE offer (
    id              TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND length(id) <= 80),
    kind            TEXT NOT NULL CHECK (kind IN ('mbe', 'jmd', 'association', 'refugee_social_work',
                        'self_organisation', 'integration_course', 'city_office', 'online_service')),
    provider        TEXT NOT NULL,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    min_age         INTEGER CHECK (min_age IS NULL OR min_age BETWEEN 0 AND 130),
    max_age         INTEGER CHECK (max_age IS NULL OR max_age BETWEEN 0 AND 130),
    street          TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    district        TEXT NOT NULL DEFAULT '',
    lat             REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon             REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    stop            TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    web             TEXT NOT NULL DEFAULT '',
    hours_known     INTEGER NOT NULL DEFAULT 0 CHECK (hours_known IN (0, 1)),
    appointment_only INTEGER NOT NULL DEFAULT 0 CHECK (appointment_only IN (0, 1)),
    accessibility   TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    verified_on     TEXT CHECK (verified_on IS NULL OR date(verified_on) = verified_on),
    active          INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    staff_note      TEXT NOT NULL DEFAULT '',
    CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age),
    CHECK (active = 0 OR (source <> '' AND verified_on IS NOT NULL))
);

CREATE TABLE offer_text (
    offer_id    TEXT NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    audience    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('missing', 'machine', 'reviewed')),
    PRIMARY KEY (offer_id, lang)
);

CREATE TABLE offer_need (
    offer_id    TEXT NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
    need_id     TEXT NOT NULL REFERENCES need(id),
    PRIMARY KEY (offer_id, need_id)
);
CREATE INDEX offer_need_by_need ON offer_need(need_id);

CREATE TABLE offer_language (
    offer_id    TEXT NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (offer_id, lang)
);

-- Weekly hours: one row per weekday (0 = Monday) when hours are known.
CREATE TABLE offer_day (
    offer_id    TEXT NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    status      TEXT NOT NULL CHECK (status IN ('open', 'appointment', 'closed')),
    PRIMARY KEY (offer_id, weekday)
);

CREATE TABLE offer_slot (
    offer_id    TEXT NOT NULL,
    weekday     INTEGER NOT NULL,
    start_time  TEXT NOT NULL CHECK (time(start_time) = start_time || ':00'),
    end_time    TEXT NOT NULL CHECK (time(end_time) = end_time || ':00'),
    PRIMARY KEY (offer_id, weekday, start_time),
    FOREIGN KEY (offer_id, weekday) REFERENCES offer_day(offer_id, weekday) ON DELETE CASCADE,
    CHECK (start_time < end_time)
);

-- Dated deviations: holidays, closures, special hours.
CREATE TABLE offer_exception (
    offer_id    TEXT NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
    day         TEXT NOT NULL CHECK (date(day) = day),
    status      TEXT NOT NULL CHECK (status IN ('open', 'appointment', 'closed')),
    slots       TEXT NOT NULL DEFAULT '',       -- "09:00-12:00,13:00-15:00" when open
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (offer_id, day)
);

CREATE TABLE setting (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
