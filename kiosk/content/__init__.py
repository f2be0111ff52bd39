"""Content releases: the offers of every kiosk from one central database.

A *content release* is one JSON document (``wegweiser-content/1``, canonical: sorted keys, UTF-8,
no spaces) holding the content a visitor sees and nothing else:

- ``offers``: every offer in the JSON exchange format of ``kiosk-admin export --format json``
  (all fields, texts per language, weekly hours with slots, dated exceptions, needs, languages
  spoken, verification date); read and checked by the very code of ``kiosk-admin import``;
- ``languages`` (code, endonym, order and whether the central office shows it), ``age_bands``
  (id, minimum and maximum age, order) and ``needs`` (id, pictogram, order);
- ``version`` (a whole number that only grows) and ``published`` (UTC).

Never in a release: the staff PIN and its lockout, the local settings (``setting``, and which
languages this kiosk shows), usage statistics, the audit log, the content follower's own state.
The offers' staff notes do travel with them (staff at every kiosk see them): a release is as
readable as the web server that serves it lets it be, so they hold nothing confidential.

:mod:`kiosk.content.release` builds, parses (with full validation) and compares releases;
:mod:`kiosk.content.store` applies one to a kiosk's database in one transaction, keeps the
previous content for a staff rollback and records how the last check for a release went.
Transport and signatures (TUF) are not here: they live in the follower built on this package.
"""
