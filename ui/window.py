"""Builds the kiosk window: the navigator with its localizer, handout printer and reading marker.

Used by the ``kiosk`` command (:mod:`ui.app`), the tour and the tests alike, so every kiosk
window is put together the same way.
"""

from __future__ import annotations

import datetime as dt

from kiosk.visitor import VisitorCatalogue

DEFAULT_LANGUAGE = "de"


def build_window(
    data: VisitorCatalogue,
    metrics,
    clock=None,
    settings=None,
    printer=None,
    staff=None,
    usage=None,
    speech=None,
    defer: bool = False,
):
    """The navigator with its localizer and handout printer, ready to show.

    ``printer`` defaults to the CUPS queue named in the settings (none: printing says so).
    With ``defer`` only the start screen is built; ``window.complete()`` builds the rest.
    """
    from ui.localizer import Localizer
    from ui.navigator import Navigator

    localizer = Localizer(DEFAULT_LANGUAGE)
    localizer.set_language(DEFAULT_LANGUAGE)
    settings = settings or data.settings()
    window = Navigator(
        data,
        localizer,
        metrics,
        settings,
        clock or dt.datetime.now,
        printer=printer,  # None: the CUPS queue of the settings
        staff=staff,  # a kiosk.admin.desk.StaffDesk opens staff mode; None: no staff mode
        usage=usage,  # a kiosk.stats.UsageRecorder counts anonymous events; None: no counting
        speech=speech,  # a ui.speech.ReadAloud or a function making one; None: no read-aloud
        defer=defer,
    )
    window.setWindowTitle("Wegweiser")
    from ui.widgets.reading_marker import attach_reading_marker

    attach_reading_marker(window, localizer, metrics)  # the sentence being read aloud
    return window
