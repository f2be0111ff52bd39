"""What tests that build a handout pass besides the offer: the kiosk's settings and names."""

from __future__ import annotations

from kiosk.visitor import VisitorCatalogue


def handout_options(catalogue: VisitorCatalogue, months: int | None = None) -> dict:
    """Keyword arguments of :func:`kiosk.handout.build_handout` as the kiosk passes them: the
    ``verify_after_months`` setting (or ``months``) and the languages' own names."""
    return {
        "verify_after_months": (
            catalogue.settings().verify_after_months if months is None else months
        ),
        "language_names": {lang.code: lang.endonym for lang in catalogue.languages()},
    }
