"""The offers in open formats: Open Referral HSDS 3 (out and in) and schema.org JSON-LD (out).

- :mod:`kiosk.opendata.hsds` writes every offer as an HSDS 3.0.1 *service* (with its
  organization, location, address, schedules, languages, phone and attributes), checks the
  document against the official JSON schema kept in ``schemas/``, and reads HSDS back into the
  kiosk's offer form, which then goes through the import's own checks.
- :mod:`kiosk.opendata.jsonld` writes the offers shown to visitors as one schema.org JSON-LD
  document (``@graph``) for the city's website.

Neither knows about the database or the command line.
"""
