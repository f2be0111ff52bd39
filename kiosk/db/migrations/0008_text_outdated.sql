-- Translations know when they are outdated (issue 19): an offer text may now have the status
-- 'outdated' (written for an earlier German text). SQLite cannot change a CHECK constraint in
-- place, so the table is rebuilt with the same columns and rows (nothing refers to it).

CREATE TABLE offer_text_v8 (
    offer_id    TEXT NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    audience    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('missing', 'machine', 'outdated', 'reviewed')),
    PRIMARY KEY (offer_id, lang)
);

INSERT INTO offer_text_v8 (offer_id, lang, summary, description, audience, status)
    SELECT offer_id, lang, summary, description, audience, status FROM offer_text;

DROP TABLE offer_text;

ALTER TABLE offer_text_v8 RENAME TO offer_text;
