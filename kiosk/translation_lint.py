"""Mechanical checks of rendered visitor text, for every kiosk language.

A translation can be complete and well formed and still read wrong. Some of what a careful
reviewer catches can be checked by a program once the text is rendered with real values (a real
date, a real time, a real offer's name): this module holds those checks as pure functions, so the
test suite, a review sheet or a staff tool can use them alike. Each check takes a rendered text
(and its language where that matters) and returns what is wrong, as short English descriptions;
an empty list means nothing was found.

- :func:`doubled_punctuation`: ".." (but not "..." or "…"), ",,", "،،", "。。", "::" …, and a
  comma or full stop set apart from its word ("Dresden ,").
- :func:`twelve_hour_times`: a time with a day period beside it ("4:00 PM", "4:00 م",
  "下午4:00", "4:00 CH"): signs and appointments in Germany use the 24-hour clock.
- :func:`lower_case_line_starts`: a line that starts with a small letter in a script that has
  case (each line of a multi-line text, each opening-hours row).
- :func:`informal_forms`: words of the informal register ("du", "tu", "ты", "bạn" …) in a
  language whose public texts address people formally (:data:`INFORMAL_FORMS`).
- :func:`easy_language_problems`: the mechanical rules of Leichte Sprache (Netzwerk Leichte
  Sprache): no passive, no long words without a hyphen or Mediopunkt, no parentheses, short
  sentences.
- :func:`number_differences`: the numbers of a translated text against those of its source
  (house numbers, postcodes, phones, times, ages), in any digits.

:class:`Finding` ties a problem to its language, the place it comes from (a msgid, an offer's
field) and the rendered text, so it can be fixed without searching.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Leichte Sprache: the kiosk's tag of the language.
EASY_GERMAN = "de-x-ls"
#: Leichte Sprache: the longest word (in letters) that may stand without a hyphen or "·".
EASY_MAX_WORD_LETTERS = 15
#: Leichte Sprache: the most words one sentence may have.
EASY_MAX_SENTENCE_WORDS = 15

# Invisible formatting characters the kiosk puts around names, phones and dates (directional
# isolates, marks, embeddings): they do not count for punctuation or case.
_FORMATTING = dict.fromkeys(
    map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"), None
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one rendered text."""

    lang: str
    where: str  # the msgid, or "offer <id> <field>", or the composing function
    check: str  # which check found it: "punctuation", "clock", "case", "register" …
    problem: str  # what is wrong, in a few words
    text: str  # the rendered text, as a visitor sees it

    def __str__(self) -> str:
        return f"[{self.lang}] {self.check}: {self.problem} — in {self.where!r}: {self.text!r}"


def findings(
    lang: str, where: str, check: str, problems: Iterable[str], text: str
) -> list[Finding]:
    """The problems of one check on one text as :class:`Finding` objects."""
    return [Finding(lang, where, check, problem, text) for problem in problems]


_ISOLATED = re.compile("[\u2066\u2067\u2068][^\u2066-\u2069]*\u2069")


def without_names(text: str, names: Collection[str] = (), stand_in: str = "Name") -> str:
    """The text with each isolated value (a name, phone or address the kiosk wraps in a
    directional isolate) and each of ``names`` replaced by a short stand-in: the
    translation's own words are judged, not the names it shows as written on the door."""
    text = _ISOLATED.sub(stand_in, text)
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = text.replace(name, stand_in)
    return text


def visible(text: str) -> str:
    """The text without the invisible direction marks and isolates around its parts."""
    return text.translate(_FORMATTING)


def ascii_digits(text: str) -> str:
    """Every decimal digit as an ASCII one ("٤:٣٠" and "۴:۳۰" → "4:30", "１２" → "12")."""
    return "".join(
        str(unicodedata.decimal(ch))
        if not ch.isascii() and unicodedata.category(ch) == "Nd"
        else ch
        for ch in text
    )


def _context(text: str, start: int, end: int, margin: int = 12) -> str:
    return text[max(0, start - margin) : end + margin].strip()


# -- doubled punctuation -------------------------------------------------------------------
#: Marks that end a sentence, and commas, in the kiosk's scripts (Latin/Cyrillic, Arabic script,
#: Chinese, Ethiopic): two of one kind in a row are a typing or composing error.
_FULL_STOPS = ".。۔።｡"
_COMMAS = ",،，、፣"
_DOUBLED = re.compile(
    r"(?<!\.)\.\.(?!\.)"  # two full stops, but not "..." (an ellipsis)
    r"|…\."  # an ellipsis and a full stop
    rf"|[{_FULL_STOPS[1:]}]\s*[{_FULL_STOPS}]|[{_FULL_STOPS}]\s*[{_FULL_STOPS[1:]}]"
    r"|(?<!\.)\.\s+\.(?!\.)"  # "р. ." (a date's own full stop and the sentence's)
    rf"|[{_COMMAS}]\s*[{_COMMAS}]"
    r"|::|;;|!!|\?\?|؟؟|።።"
)
# A comma or full stop set apart from the word before it ("Dresden ," / "Termin ."), but not an
# ellipsis after a space ("bitte warten ...") nor a file ending or domain (" .de").
_DETACHED = re.compile(r"(?<=\w)[ \t\u00a0\u202f]+([,،]|\.(?![.\w]))")


def doubled_punctuation(text: str) -> list[str]:
    """Punctuation written twice, or a comma/full stop set apart from its word."""
    shown = visible(text)
    problems = [
        f"doubled punctuation {m.group()!r} in …{_context(shown, m.start(), m.end())}…"
        for m in _DOUBLED.finditer(shown)
    ]
    problems += [
        f"space before {m.group(1)!r} in …{_context(shown, m.start(), m.end())}…"
        for m in _DETACHED.finditer(shown)
    ]
    return problems


# -- 24-hour clock -------------------------------------------------------------------------
#: Day-period words of 12-hour clocks that must never stand beside a time, by CLDR's data and
#: by what translators write by hand. Short or ambiguous marks (Arabic "م" is also "AD" after a
#: year, Vietnamese "SA") count only right after a time with minutes.
_PERIODS_WITH_OR_WITHOUT_MINUTES = (
    "AM",
    "PM",
    "a.m.",
    "p.m.",
    "ድ.ቀ.",
    "ቅ.ቀ.",
    "ق.ظ.",
    "ب.ظ.",
    "قبل\u200cازظهر",
    "بعدازظهر",
    "غ.م",
    "غ.و.",
    "ع.م",
    "صباحًا",
    "مساءً",
    "صباحا",
    "مساء",
)
_PERIODS_AFTER_MINUTES = ("م", "ص", "SA", "CH", "BN", "PN", "ÖÖ", "ÖS", "дп", "пп")
#: Written before the time (Chinese: "下午4:00").
_PERIODS_BEFORE = ("上午", "下午", "中午", "晚上", "凌晨", "早上")


@lru_cache(maxsize=32)
def _cldr_periods(cldr: str) -> frozenset[str]:
    """The am/pm words of a CLDR locale that are at least two characters long."""
    try:
        from babel import Locale

        periods = Locale.parse(cldr).day_periods
    except (ValueError, LookupError, ImportError):
        return frozenset()
    words = set()
    for widths in periods.values():
        for names in widths.values():
            words.update(names[key] for key in ("am", "pm") if key in names)
    return frozenset(word for word in words if len(word) >= 2)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_SPACE = r"[ \u00a0\u202f]?"
_MINUTES = r"[:.٫]\d{2}(?:[:.٫]\d{2})?"  # with seconds too: "4:30:00 م"
_TIME = rf"\d{{1,2}}{_MINUTES}"


def twelve_hour_times(text: str, lang: str = "") -> list[str]:
    """Times shown with a 12-hour day period ("4:00 PM", "٤:٠٠ م", "下午4:00", "4:00 CH")."""
    from kiosk.i18n import cldr_tag  # no Babel needed for the tag itself

    shown = ascii_digits(visible(text))
    free = set(_PERIODS_WITH_OR_WITHOUT_MINUTES)
    # The language's own CLDR words (English "am"/"pm", Turkish "ÖS" …) count after a time with
    # minutes: German "bis 12:00 am Freitag" is no English "am".
    cldr = _cldr_periods(cldr_tag(lang)) if lang else frozenset()
    after_minutes = (set(_PERIODS_AFTER_MINUTES) | cldr) - free
    if lang.split("-")[0] == "en":  # "from 9 am to 6 pm": in English always a time
        free |= {"am", "pm"}
    # A period word ends where no letter follows (Arabic "م" must not be the start of a word).
    end = r"(?![^\W\d_])"
    patterns = (
        rf"{_TIME}{_SPACE}(?:{_alternation(after_minutes)}){end}",
        rf"\d{{1,2}}(?:{_MINUTES})?{_SPACE}(?:{_alternation(free)}){end}",
        rf"(?:{_alternation(_PERIODS_BEFORE)}){_SPACE}\d{{1,2}}(?:{_MINUTES})?",
    )
    problems = []
    for pattern in patterns:
        for m in re.finditer(pattern, shown):
            problems.append(f"12-hour time {m.group()!r}")
    return problems


# -- capital letters at line starts ---------------------------------------------------------
# What may come before a line's first word: spaces, bullets, quotes, brackets, dashes.
_LEAD = re.compile(r"^[\s\"'“”„«»‹›‚‘’(\[{•·\-–—*]*")
_WEB = re.compile(r"^(?:\S+@\S+|\S*://\S*|www\.\S*|\S+\.(?:de|com|org|net|eu|info)\b\S*)")


def first_word(line: str) -> str:
    """The first word of a line, after bullets and brackets (empty when the line does not
    start with a letter: a number, a time, a placeholder's value, a quotation)."""
    shown = visible(line)
    lead = _LEAD.match(shown).group()
    rest = shown[len(lead) :]
    if not rest or not rest[0].isalpha() or _WEB.match(rest):
        return ""
    if any(mark in lead for mark in "\"'“”„«»‹›‚‘’"):
        return ""  # a quoted word is cited as written: «yes» ወይ «no» …
    return re.match(r"[\w’'\-.]+", rest).group()


def starts_lower_case(line: str, keep: Collection[str] = ()) -> bool:
    """True when a line starts with a small letter of a script that has case ("понеділок"),
    unless its first word is one of ``keep`` (names written small: "mbeon", "jmd4you")."""
    word = first_word(line)
    if not word or not word[0].islower():
        return False
    bare = word.rstrip(".,:;’'")
    return bare not in keep and word not in keep


_BULLET = re.compile(r"^\s*[•·\-–—*▪‣◦]\s")


def lower_case_line_starts(text: str, keep: Collection[str] = ()) -> list[str]:
    """Each line of ``text`` that starts with a small letter (see :func:`starts_lower_case`).

    A line that continues a sentence is left alone: the items of a list ("• lesbisch") and a
    line after one that ends with a colon or comma ("Sprachen:" / "noch nicht bekannt."),
    where the language writes small letters as in running text."""
    problems = []
    previous = ""
    for line in text.split("\n"):
        after = visible(previous).rstrip().endswith((":", ",", "،"))
        if not (after or _BULLET.match(line)) and starts_lower_case(line, keep):
            problems.append(f"line starts with a small letter: {line.strip()[:40]!r}")
        previous = line
    return problems


# -- register --------------------------------------------------------------------------------
#: Informal forms of address, per language, that a public office does not use towards the
#: people it serves. Kept short and unambiguous: each entry is a whole word (or, for Chinese, a
#: character) that only the informal register uses. Where a word also has a formal or unrelated
#: meaning it is left out (Polish "ci" is also "these", Pashto "ته" is also "to") or narrowed by
#: a pattern (Vietnamese "bạn bè" means "friends").
INFORMAL_FORMS: dict[str, tuple[str, ...]] = {
    "de": (
        "du",
        "dich",
        "dir",
        "dein",
        "deine",
        "deinen",
        "deinem",
        "deiner",
        "deines",
        "euch",
        "euer",
        "eure",
        "euren",
        "eurem",
        "eurer",
    ),
    # French: "vous" is formal; "tu", "te", "toi" and the possessives only informal.
    "fr": ("tu", "te", "toi", "ton", "ta", "tes", "tien", "tienne", "t'", "t’"),
    # Polish: the formal register is "Pan/Pani/Państwo" or impersonal; "ty" and its forms, and
    # the second person singular of common verbs, are informal.
    "pl": (
        "ty",
        "cię",
        "ciebie",
        "tobie",
        "tobą",
        "twój",
        "twoja",
        "twoje",
        "twojego",
        "twojej",
        "twoim",
        "twoich",
        "twoją",
        "możesz",
        "masz",
        "chcesz",
        "jesteś",
        "potrzebujesz",
    ),
    # Romanian: formal is "dumneavoastră" with the clitic "vă" ("vă rugăm", "adresați-vă");
    # "te", "îți"/"ți" are the informal clitics ("te rog", "adresează-te"), "tu", "tău", "ta",
    # "tale", "tăi" the informal pronoun and possessives; "poți", "ești", "vrei" informal verbs.
    "ro": ("tu", "te", "îți", "ți", "tău", "ta", "tale", "tăi", "poți", "ești", "vrei"),
    "ru": (
        "ты",
        "тебя",
        "тебе",
        "тобой",
        "твой",
        "твоя",
        "твоё",
        "твое",
        "твои",
        "твоего",
        "твоей",
        "твоим",
        "твоих",
    ),
    "uk": (
        "ти",
        "тебе",
        "тобі",
        "тобою",
        "твій",
        "твоя",
        "твоє",
        "твої",
        "твого",
        "твоєї",
        "твоїм",
        "твоїх",
    ),
    # Kurmanji: formal address is "hûn"/"we"; "tu" and its oblique "te" ("ji te", "ya te") are
    # informal.
    "kmr": ("tu", "te"),
    # Vietnamese: "bạn" (friend) as "you" is informal; "quý vị", "ông/bà" are polite. "bạn bè"
    # (friends) is a noun, not an address.
    "vi": (r"bạn(?!\s+bè)",),
    "tr": ("sen", "seni", "senin", "sana", "sende", "senden", "seninle"),
    # Persian and Dari: "تو" is the informal "you" ("شما" is polite).
    "fa": ("تو",),
    "fa-AF": ("تو",),
    # Tigrinya: the singular pronouns and possessives (the polite form is plural: ንስኹም).
    "ti": ("ንስኻ", "ንስኺ", "ናትካ", "ናትኪ"),
}
INFORMAL_FORMS["de-x-ls"] = INFORMAL_FORMS["de"]
#: Chinese: 你 (informal) instead of 您; 你们 (plural "you") is neutral.
_CHINESE_INFORMAL = re.compile("你(?!们)")


@lru_cache(maxsize=32)
def _informal_pattern(lang: str) -> re.Pattern[str] | None:
    forms = INFORMAL_FORMS.get(lang)
    if not forms:
        return None
    words = []
    for form in forms:
        if form.endswith(("'", "’")):  # an elided form: "t'aider"
            words.append(re.escape(form) + r"(?=\w)")
        elif "(" in form:  # already a pattern
            words.append(form)
        else:
            words.append(re.escape(form) + r"(?![\w’'])")
    # A word starts where no letter, digit or apostrophe comes before it ("l'ta" is no "ta").
    return re.compile(r"(?<![\w’'])(?:" + "|".join(words) + ")", re.IGNORECASE)


def informal_forms(text: str, lang: str) -> list[str]:
    """Informal forms of address in a language whose public texts address people formally."""
    shown = unicodedata.normalize("NFC", visible(text))
    if lang == "zh-Hans":
        matches = list(_CHINESE_INFORMAL.finditer(shown))
    else:
        pattern = _informal_pattern(lang)
        matches = list(pattern.finditer(shown)) if pattern else []
    return [
        f"informal {m.group()!r} in …{_context(shown, m.start(), m.end())}…"
        for m in matches
        # An abbreviation in capitals is no pronoun: "TU Dresden" (Technische Universität).
        if not (len(m.group()) >= 2 and m.group().isupper())
    ]


# -- Leichte Sprache ------------------------------------------------------------------------
_PASSIVE_AUX = re.compile(r"\b(?:wird|wurde|werden|wurden|worden|würde|würden)\b", re.IGNORECASE)
# Separable prefixes before "ge-" in a participle ("ausgefüllt", "angeboten").
_PREFIXES = (
    "ab|an|auf|aus|bei|dar|ein|fest|fort|frei|her|hin|los|mit|nach|vor|weg|weiter|zu|zurück|"
    "zusammen|um|durch|über|unter|wieder|hoch|heraus|herunter|hinein"
)
_PARTICIPLE = re.compile(rf"^(?:{_PREFIXES})?ge[a-zäöüß]{{2,}}(?:t|en)$")
#: Words that look like participles and are not (infinitives of ge- verbs and other words).
_NOT_PARTICIPLES = frozenset(
    "gegen gehen geben gelten gehören gewinnen genießen gestalten gebrauchen gefallen gewöhnen "
    "gerecht gesamt gerade gestern genügen gefährden gestatten geraten gelingen geschehen "
    "gedenken gebären genesen gewähren".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_][\w·\-’']*")


def sentences(text: str) -> list[str]:
    """The sentences of a text: split after ". ! ?" and at line breaks."""
    return [s.strip() for s in _SENTENCE_END.split(visible(text)) if s.strip()]


def _participle(word: str) -> bool:
    """A past participle made with "ge-" ("gedruckt", "geschrieben", "ausgefüllt"), written
    small (a capital "Gebühren" is a noun)."""
    word = word.strip("-·’'")
    return (
        bool(word)
        and not word[0].isupper()
        and word not in _NOT_PARTICIPLES
        and bool(_PARTICIPLE.match(word))
    )


def passive_sentences(text: str) -> list[str]:
    """Sentences with "wird/wurde/werden … ge…t/en" (a passive: "Das Blatt wird gedruckt.").

    The participle of a passive closes its clause ("Das Blatt wird gedruckt.", "Sie werden
    gefragt, ob …") or stands right before the auxiliary ("…, weil es gedruckt wird"); an
    adjective that starts with "ge-" inside a clause ("werden die gesetzlichen Regeln …") is
    no passive."""
    found = []
    for sentence in sentences(text):
        for clause in re.split(r"[,;:–—()]", sentence):
            words = re.findall(r"[\w·\-’']+", clause)
            aux = [i for i, w in enumerate(words) if _PASSIVE_AUX.fullmatch(w)]
            if not aux:
                continue
            candidates = {len(words) - 1} | {i - 1 for i in aux if i > 0}
            if any(_participle(words[i]) for i in candidates if i not in aux):
                found.append(sentence)
                break
    return found


def _is_web(token: str) -> bool:
    return (
        "@" in token
        or "://" in token
        or token.lower().startswith("www.")
        or bool(re.search(r"[^\W\d_]\.[^\W\d_]", token))
    )


def long_words(text: str, limit: int = EASY_MAX_WORD_LETTERS) -> list[str]:
    """Words with more than ``limit`` letters and neither a hyphen nor a Mediopunkt ("·")."""
    found = []
    for token in visible(text).split():
        if _is_web(token) or "-" in token or "·" in token:
            continue
        word = token.strip(".,:;!?\"'“”„()[]«»…")
        letters = sum(ch.isalpha() for ch in word)
        if letters > limit and word not in found:
            found.append(word)
    return found


def long_sentences(text: str, limit: int = EASY_MAX_SENTENCE_WORDS) -> list[str]:
    """Sentences with more than ``limit`` words (words with letters or digits)."""
    return [
        s
        for s in sentences(text)
        if sum(1 for t in s.split() if any(c.isalnum() for c in t)) > limit
    ]


def easy_language_problems(text: str) -> list[str]:
    """The mechanical rules of Leichte Sprache, applied to one text."""
    problems = [f"passive: {s!r}" for s in passive_sentences(text)]
    problems += [
        f"long word without hyphen or Mediopunkt (·): {w!r} ({sum(c.isalpha() for c in w)} letters)"
        for w in long_words(text)
    ]
    if re.search(r"[()\[\]（）]", text):
        problems.append("parentheses (say it in a sentence of its own)")
    problems += [
        f"sentence of {sum(1 for t in s.split() if any(c.isalnum() for c in t))} words"
        f" (at most {EASY_MAX_SENTENCE_WORDS}): {s!r}"
        for s in long_sentences(text)
    ]
    return problems


# -- the same numbers in every language ----------------------------------------------------
#: German words for numbers a translation may give in digits ("in den ersten drei Jahren" →
#: "in the first 3 years", "seit November 2022" → "2022年11月"). "ein/eine" is left out: it is
#: also the article.
GERMAN_NUMBER_WORDS: dict[str, str] = {
    **{
        word: str(i)
        for i, word in enumerate(
            "eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split(), start=1
        )
    },
    "zwanzig": "20",
    "dreißig": "30",
    "vierzig": "40",
    "fünfzig": "50",
    "hundert": "100",
    "tausend": "1000",
    **{
        month: str(i)
        for i, month in enumerate(
            "Januar Februar März April Mai Juni Juli August September Oktober November "
            "Dezember".split(),
            start=1,
        )
    },
}


def number_words(text: str, words: dict[str, str] = GERMAN_NUMBER_WORDS) -> set[str]:
    """The numbers a text writes as words (whole words, any case)."""
    table = {k.lower(): v for k, v in words.items()}
    return {table[w.lower()] for w in re.findall(r"[^\W\d_]+", text) if w.lower() in table}


def numbers(text: str) -> set[str]:
    """The digit groups of a text, in ASCII digits and without leading zeros: "Kreuzstraße 7,
    01067" → {"7", "1067"}; "9:00–12:30" → {"9", "12", "30"} ("00" alone says nothing: "9 Uhr"
    and "9:00" are the same time). Separators do not matter: "+49 351 4886009" is {"49", "351",
    "4886009"} however it is spaced."""
    groups = re.findall(r"\d+", ascii_digits(visible(text)))
    return {g.lstrip("0") for g in groups if g.strip("0")}


def number_differences(source: str, translation: str) -> tuple[list[str], list[str]]:
    """(numbers of the source missing in the translation, numbers only in the translation).

    The source is German: a number it writes as a word ("drei", "November") may stand in
    digits in the translation."""
    want, have = numbers(source), numbers(translation)
    extra = have - want - number_words(source)
    key = lambda n: (len(n), n)  # noqa: E731
    return sorted(want - have, key=key), sorted(extra, key=key)


def number_problems(source: str, translation: str) -> list[str]:
    """:func:`number_differences` as descriptions (empty when both have the same numbers)."""
    missing, extra = number_differences(source, translation)
    problems = []
    if missing:
        problems.append("numbers of the German text missing: " + ", ".join(missing))
    if extra:
        problems.append("numbers not in the German text: " + ", ".join(extra))
    return problems


# -- all checks on one text ----------------------------------------------------------------
def lint_text(
    lang: str,
    where: str,
    text: str,
    *,
    capital_start: bool = False,
    keep: Collection[str] = (),
    easy: bool = True,
    names: Collection[str] = (),
) -> list[Finding]:
    """Every check that applies to one rendered text of a language.

    ``capital_start``: the text stands on its own (a heading, a sentence, an opening-hours row),
    so its first line starts with a capital letter where the script has case; the lines after
    a line break always do. ``keep``: names that are written small ("mbeon"). Leichte Sprache
    gets its own rules as well (``easy``), on the text's own words: names shown as written (in
    an isolate, or one of ``names``: a provider, a CLDR language name) are left out."""
    found = findings(lang, where, "punctuation", doubled_punctuation(text), text)
    found += findings(lang, where, "clock", twelve_hour_times(text, lang), text)
    lines = text.split("\n")
    starts = lines if capital_start else lines[1:]
    found += findings(lang, where, "case", lower_case_line_starts("\n".join(starts), keep), text)
    own_words = without_names(text, names)
    found += findings(lang, where, "register", informal_forms(own_words, lang), text)
    if lang == EASY_GERMAN and easy:
        found += findings(lang, where, "Leichte Sprache", easy_language_problems(own_words), text)
    return found
