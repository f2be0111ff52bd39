"""Where the kiosk works around a cost of its Qt binding (PySide6), in one place.

**The per-import source read.** PySide's optional ``__feature__`` switches (``snake_case``,
``true_property``) are chosen per module, so after PySide is imported every ``import``
statement tells it which module was imported, and PySide asks whether that module uses PySide
at all: it reads the module's whole source with :func:`inspect.getsource`, through
:mod:`linecache`, which keeps it. At the kiosk's start that was about 90 modules and 17–20 ms
before the first frame, and 2.6 MB of source text held in memory for the rest of the day.
The kiosk uses no ``__feature__`` switch. :func:`lighten_feature_checks` gives PySide the same
answer (the source names ``PySide6``) from the file's bytes, kept nowhere. Should PySide no
longer have the hook, nothing is changed and PySide's own check stays.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

#: Where PySide keeps the hook (the embedded ``shibokensupport`` package, loaded with PySide).
_FEATURE_MODULE = "shibokensupport.feature"
_HOOK = "_mod_uses_pyside"
#: Python's standard library (where ``os`` is), whose modules never use PySide; packages
#: installed below it (``site-packages``, ``dist-packages``) are read like any other.
_STANDARD_LIBRARY = os.path.dirname(os.path.abspath(os.__file__)) + os.sep
_INSTALLED = (f"{os.sep}site-packages{os.sep}", f"{os.sep}dist-packages{os.sep}")


def mentions_pyside(module: ModuleType) -> bool:
    """Whether the module's source file names PySide6 (what PySide's own check decides):
    modules without a Python source file (built-in, compiled, namespace packages) and those
    of the standard library do not (about half of those imported at the kiosk's start)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    if path.startswith(_STANDARD_LIBRARY) and not any(part in path for part in _INSTALLED):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def lighten_feature_checks() -> bool:
    """Answer PySide's per-import question with :func:`mentions_pyside`; True when done."""
    import PySide6  # noqa: F401  (loads shibokensupport)

    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _HOOK, None)):
        return False
    setattr(feature, _HOOK, mentions_pyside)
    return True


# The Qt programs (``kiosk``, ``kiosk-editor``) import this module first of all.
lighten_feature_checks()
