"""Child process for the crash test: writes to a database and says "SQL" before each statement.

``python -m tests.soak.crash_child import DB FILE`` runs ``kiosk-admin import``;
``python -m tests.soak.crash_child save DB`` saves one staff edit that changes several fields of
an offer (the editor's use case). The parent kills this process with SIGKILL in the middle.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import sys

_real_connect = sqlite3.connect


def _traced_connect(*args, **kwargs):
    conn = _real_connect(*args, **kwargs)

    def trace(statement: str) -> None:
        sys.stdout.write("SQL\n")
        sys.stdout.flush()

    conn.set_trace_callback(trace)
    return conn


def _save_one(db: str) -> int:
    from kiosk.admin.offers import OfferEditing
    from kiosk.db.connection import open_database
    from kiosk.domain.offer_form import offer_to_form

    conn = open_database(db)
    editing = OfferEditing(conn)
    offer = editing.get("msa-caritas-prohlis")
    changed = dataclasses.replace(
        offer,
        contact=dataclasses.replace(offer.contact, phone="+49 351 4884000"),
        staff_note=offer.staff_note + " (geprüft)",
        languages=(*offer.languages, "ru"),
    )
    result = editing.save(offer_to_form(changed), original_id=offer.id)
    return 0 if result.ok else 1


def main() -> int:
    sqlite3.connect = _traced_connect
    mode, db = sys.argv[1], sys.argv[2]
    if mode == "import":
        from kiosk.cli import main as admin

        return admin(["--db", db, "import", sys.argv[3]])
    if mode == "save":
        return _save_one(db)
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main())
