"""Visitor-facing names for the fixed vocabulary: needs, kinds of offer, age bands, opening,
and the lines that describe an offer's address, contacts, languages and weekly hours.

The strings are marked with ``N_`` so Babel extracts them; they are translated through a
:class:`~kiosk.i18n.Catalogue` where they are shown (screens, handouts, read-aloud). The screen
and the printed handout build their lines here so both say the same thing the same way.
"""

from __future__ import annotations

import datetime as dt

from kiosk.domain.choices import AgeBand
from kiosk.domain.hours import OpeningStatus, OpenState
from kiosk.domain.models import Address, Contact, DayStatus, Offer, OfferKind
from kiosk.domain.ranking import Hint, is_online_service
from kiosk.domain.texts import ShownText
from kiosk.domain.verification import is_outdated
from kiosk.i18n import N_, Catalogue

NEED_LABELS: dict[str, str] = {
    # TRANSLATORS: a need a visitor can choose: residence permits, offices, official letters
    "papers": N_("Residence, offices and letters"),
    # TRANSLATORS: a need: learning German, integration course
    "language": N_("Learning German"),
    # TRANSLATORS: a need: finding work, recognition of qualifications
    "work": N_("Work and job"),
    # TRANSLATORS: a need: school, vocational training, university
    "education": N_("School, training and studies"),
    # TRANSLATORS: a need: questions about the asylum procedure
    "asylum": N_("Asylum and refuge"),
    # TRANSLATORS: a need: family, children and everyday life
    "family": N_("Family and everyday life"),
    # TRANSLATORS: a need: finding a flat, living in the neighbourhood
    "housing": N_("Housing"),
    # TRANSLATORS: a need: meeting people, clubs and communities of migrants
    "community": N_("Meeting people and communities"),
}

KIND_LABELS: dict[OfferKind, str] = {
    OfferKind.MBE: N_("Migration counselling for adults"),
    OfferKind.JMD: N_("Youth migration service"),
    OfferKind.ASSOCIATION: N_("Counselling association"),
    OfferKind.REFUGEE_SOCIAL_WORK: N_("Social work for refugees"),
    OfferKind.SELF_ORGANISATION: N_("Migrant organisation"),
    OfferKind.INTEGRATION_COURSE: N_("Integration course"),
    OfferKind.CITY_OFFICE: N_("City office"),
    OfferKind.ONLINE_SERVICE: N_("Online counselling"),
}


def need_label(cat: Catalogue, need_id: str) -> str:
    source = NEED_LABELS.get(need_id)
    return cat._(source) if source else need_id


def kind_label(cat: Catalogue, kind: OfferKind) -> str:
    return cat._(KIND_LABELS[kind])


def age_band_label(cat: Catalogue, band: AgeBand) -> str:
    """ "Under 12", "12 to 17 years", "27 years and older" — built from the band's numbers."""
    low, high = band.min_age, band.max_age
    if low is None and high is None:
        # TRANSLATORS: age band without limits
        return cat._("Any age")
    if low is None or low == 0:
        # TRANSLATORS: age band, e.g. "Under 12"; {age} is the first age not included
        return cat._("Under {age}", age=(high or 0) + 1)
    if high is None:
        # TRANSLATORS: age band, e.g. "27 years and older"
        return cat._("{age} years and older", age=low)
    # TRANSLATORS: age band, e.g. "12 to 17 years"
    return cat._("{low} to {high} years", low=low, high=high)


def offer_age_label(cat: Catalogue, min_age: int | None, max_age: int | None) -> str:
    """Who an offer is for by age, for cards and the detail screen."""
    if min_age is None and max_age is None:
        # TRANSLATORS: an offer without an age limit
        return cat._("For all ages")
    if min_age is None:
        # TRANSLATORS: who an offer is for, e.g. "For people under 18" (17 and younger);
        # {age} is the first age not included, as in the age bands ("Under 12")
        return cat._("For people under {age}", age=max_age + 1)
    if max_age is None:
        return cat._("For people from {age} years", age=min_age)
    return cat._("For people from {low} to {high} years", low=min_age, high=max_age)


def _day_phrase(cat: Catalogue, moment: dt.datetime, today: dt.date) -> str:
    if moment.date() == today:
        # TRANSLATORS: e.g. "today 14:00"
        return cat._("today {time}", time=cat.time(moment))
    if moment.date() == today + dt.timedelta(days=1):
        return cat._("tomorrow {time}", time=cat.time(moment))
    # TRANSLATORS: e.g. "Tuesday 9:00"
    return cat._("{weekday} {time}", weekday=cat.weekday(moment.weekday()), time=cat.time(moment))


def opening_label(cat: Catalogue, status: OpeningStatus, now: dt.datetime) -> str:
    """One line for a card: "Open now, until 16:00", "Next opening: Tuesday 9:00" …"""
    match status.state:
        case OpenState.OPEN_NOW:
            return cat._("Open now, until {time}", time=cat.time(status.until))
        case OpenState.OPENS_LATER:
            return cat._("Next opening: {when}", when=_day_phrase(cat, status.at, now.date()))
        case OpenState.APPOINTMENT_ONLY:
            return cat._("By appointment only")
        case OpenState.CLOSED_FOR_NOW:
            return cat._("Closed at the moment")
        case _:
            return cat._("Opening hours not known – please ask")


def languages_line(cat: Catalogue, offer: Offer) -> str:
    """ "Languages spoken: Arabic, German" in the catalogue's language."""
    if not offer.languages:
        return cat._("Languages spoken: not known yet")
    names = cat.join([cat.language_name(code) for code in offer.languages])
    return cat._("Languages spoken: {languages}", languages=names)


def is_online_any_time(offer: Offer) -> bool:
    """An online service with a web address and no office hours: one writes to it any time."""
    return is_online_service(offer) and offer.hours is None


def access_line(cat: Catalogue, offer: Offer) -> str:
    """Whether a visitor can walk in or needs an appointment."""
    if is_online_any_time(offer):
        # TRANSLATORS: how to reach an online counselling service: through its website
        return cat._("Through their website, no appointment needed")
    if offer.appointment_only or (offer.hours is not None and not offer.hours.has_walk_in):
        return cat._("Appointment needed")
    if offer.hours is not None and offer.hours.has_walk_in:
        return cat._("Walk in during opening hours, no appointment needed")
    return cat._("Please contact them first")


def weekly_hours_lines(cat: Catalogue, offer: Offer) -> list[tuple[str, str]]:
    """(weekday, hours) rows, Monday first; empty when the hours are not known."""
    if offer.hours is None:
        return []
    rows = []
    for index, day in enumerate(offer.hours.days):
        if day.status is DayStatus.OPEN:
            ranges = [
                cat._("{start} – {end}", start=cat.time(s.start), end=cat.time(s.end))
                for s in day.slots
            ]
            value = ranges[0] if ranges else ""
            for more in ranges[1:]:
                # TRANSLATORS: two time ranges of one day, e.g. "9:00 – 12:00, 13:00 – 16:00":
                # the comma of your script ("،" in Arabic, Persian and Pashto, "፣" in
                # Tigrinya, "，" in Chinese)
                value = cat.p_("time ranges", "{first}, {second}", first=value, second=more)
        elif day.status is DayStatus.APPOINTMENT:
            value = cat._("by appointment")
        else:
            value = cat._("closed")
        rows.append((cat.weekday(index, line_start=True), value))
    return rows


def address_lines(cat: Catalogue, address: Address) -> list[str]:
    """Street, postcode and city, district, nearest stop — or a note that it is not known.

    Names stay as written (German) and are isolated so right-to-left text cannot reorder them.
    """
    if not address.is_known:
        return [cat._("No address known – please use the contact details.")]
    place = " ".join(p for p in (address.postcode, address.city) if p)
    lines = [cat.isolate(address.street), cat.isolate(place)]
    if address.district:
        lines.append(cat._("District: {district}", district=cat.isolate(address.district)))
    if address.stop:
        lines.append(cat._("Nearest stop: {stop}", stop=cat.isolate(address.stop)))
    return [line for line in lines if line]


def contact_lines(cat: Catalogue, contact: Contact) -> list[str]:
    """Phone, e-mail and website as written in the data, each kept left-to-right."""
    lines = []
    if contact.phone:
        lines.append(cat._("Phone: {phone}", phone=cat.ltr(contact.phone)))
    if contact.email:
        lines.append(cat._("E-mail: {email}", email=cat.ltr(contact.email)))
    if contact.web:
        lines.append(cat._("Web: {web}", web=cat.ltr(contact.web)))
    return lines or [cat._("No phone, e-mail or website known.")]


def checked_line(cat: Catalogue, offer: Offer) -> str:
    """ "Information last checked on 12 March 2026." (or that it has not been checked)."""
    if offer.verified_on:
        return cat._("Information last checked on {date}.", date=cat.date(offer.verified_on))
    return cat._("This information has not been checked yet.")


def outdated_note(cat: Catalogue, offer: Offer, today: dt.date, months: int) -> str:
    """What a visitor should know when an offer's information is old; empty when it is not.

    Says from when the information is and what to do: call first where a phone is known,
    otherwise ask at the counter.
    """
    if not is_outdated(offer, today, months):
        return ""
    phone = bool(offer.contact.phone)
    if offer.verified_on is None:
        if phone:
            # TRANSLATORS: offer card, detail screen and handout: nobody has checked the
            # information yet; the visitor should phone the offer before going there
            return cat._("This information has not been checked yet. Please call before you go.")
        # TRANSLATORS: as above, but the offer has no phone number: ask the office's staff
        return cat._("This information has not been checked yet. Please ask at the counter.")
    year = cat.date(offer.verified_on, format="y")
    if phone:
        # TRANSLATORS: offer card, detail screen and handout: the information was last
        # checked in {year} (e.g. 2017) and may be out of date; phone before going there
        return cat._(
            "Information from {year}. It may have changed: please call before you go.", year=year
        )
    # TRANSLATORS: as above, but the offer has no phone number: ask the office's staff
    return cat._(
        "Information from {year}. It may have changed: please ask at the counter.", year=year
    )


def fallback_note(cat: Catalogue, shown: ShownText) -> str:
    """The note that an offer text is shown in another language; empty when it is not."""
    if not shown.is_fallback or shown.text is None:
        return ""
    return cat._(
        "This text is not yet available in your language. It is shown in {language}.",
        language=cat.language_name(shown.text.lang),
    )


# -- what to do, and what helps when no one speaks the visitor's language ------------------
def hint_line(cat: Catalogue, offer: Offer, hint: Hint, today: dt.date, months: int) -> str:
    """The card's "what to do" line for a :class:`~kiosk.domain.ranking.Hint`; empty for none."""
    match hint:
        case Hint.ASK_AT_COUNTER:
            # TRANSLATORS: offer card: neither a street address nor a phone number of the
            # offer is known; the staff of the office where the kiosk stands can help
            return cat._("No address or phone number is known. Please ask at the counter.")
        case Hint.OUTDATED:
            return outdated_note(cat, offer, today, months)
        case Hint.CALL_NO_ADDRESS:
            # TRANSLATORS: offer card: a phone number is known but no street address
            return cat._("No address is known. Please call before you go.")
        case Hint.CALL_HOURS_UNKNOWN:
            # TRANSLATORS: offer card: the address and phone are known, the opening hours not
            return cat._("Opening hours are not known. Please call before you go.")
        case Hint.ASK_HOURS_UNKNOWN:
            # TRANSLATORS: offer card: the address is known, but no phone and no opening hours
            return cat._("Opening hours are not known. Please ask at the counter before you go.")
        case _:
            return ""


def no_language_lines(
    cat: Catalogue,
    language: str,
    related: list[str],
    general: bool,
    interpreting: list[str],
) -> list[str]:
    """What the results say when no offer lists the visitor's language, and what helps.

    ``related``: codes of languages the visitor may also read that some shown offer lists;
    ``general``: some shown offer lists English or German; ``interpreting``: names of shown
    offers whose own description says they work with interpreters.
    """
    lines = [
        # TRANSLATORS: results screen, when no offer lists the visitor's language; {language}
        # is the visitor's language in that language (e.g. "ትግርኛ" → "Tigrinya")
        cat._(
            "No offer here says that its counsellors speak {language}.",
            language=cat.language_name(language),
        )
    ]
    if related:
        # TRANSLATORS: results screen, after the line above: offers in languages the visitor
        # may also know are listed first; {languages} e.g. "Russian" or "Turkish and Arabic"
        lines.append(
            cat._(
                "First come offers in other languages you may know: {languages}.",
                languages=cat.join([cat.language_name(code) for code in related]),
            )
        )
    if general:
        # TRANSLATORS: results screen, after the line above: the offer cards list the
        # languages each offer's counsellors speak
        lines.append(cat._("Some offers name English or German: see the languages on each card."))
    if interpreting:
        # TRANSLATORS: results screen: these offers' own descriptions say they work with
        # interpreters; {names} are the offers' German names
        lines.append(
            cat._(
                "These offers say they work with interpreters: {names}.",
                names=cat.join([cat.isolate(name) for name in interpreting]),
            )
        )
    # TRANSLATORS: results screen, the last line of the notice above
    lines.append(cat._("You can also ask at the counter whether an interpreter can help."))
    return lines


def online_caption(cat: Catalogue, name: str, closed: bool) -> str:
    """The caption under the QR code of an online counselling (mbeon, jmd4you)."""
    if closed:
        # TRANSLATORS: results screen, caption of a QR code: the matching offices are closed
        # now; {name} is an online counselling service (e.g. mbeon); scanning opens its website
        return cat._(
            "The offices are closed now. Online counselling: {name}. "
            "Scan the code to open its website on your phone.",
            name=cat.isolate(name),
        )
    # TRANSLATORS: results screen, caption of a QR code of an online counselling service
    return cat._(
        "Online counselling: {name}. Scan the code to open its website on your phone.",
        name=cat.isolate(name),
    )
