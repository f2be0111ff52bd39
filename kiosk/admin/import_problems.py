"""Problems found in an import file, each with where it is (row and column, or offer and field)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.domain.offer_form import OfferForm
from kiosk.domain.validation import FieldPath

#: Maps where a validation problem is (``("phone",)``, ``("texts", "de", "summary")``) to
#: (row, column) in the file.
Locator = Callable[[FieldPath], tuple[int | None, str | None]]


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem; ``unit`` says what ``row`` counts: a CSV row, a JSON offer, a text line."""

    message: str
    row: int | None = None
    column: str | None = None
    unit: str = "row"  # row (CSV, header = row 1), offer (JSON, first = 1), line, file
    offer_id: str | None = None

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"{self.unit} {self.row}")
            if self.offer_id:
                place[-1] += f" ({self.offer_id})"
        if self.column:
            place.append(f"{'field' if self.unit == 'offer' else 'column'} {self.column}")
        return f"{', '.join(place)}: {self.message}" if place else self.message


@dataclass
class FormInFile:
    """An offer read from a file, not yet checked, and how to point at its cells."""

    form: OfferForm
    locate: Locator
    row: int  # where the offer starts (CSV row or JSON offer number)
