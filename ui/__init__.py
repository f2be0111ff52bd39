"""Everything Qt: the touchscreen application built on the Qt-free core in ``kiosk``."""
