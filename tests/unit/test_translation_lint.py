"""Each check of :mod:`kiosk.translation_lint` catches a bad text and lets a good one pass."""

from __future__ import annotations

import pytest

from kiosk.translation_lint import (
    Finding,
    ascii_digits,
    doubled_punctuation,
    easy_language_problems,
    first_word,
    informal_forms,
    lint_text,
    long_sentences,
    long_words,
    lower_case_line_starts,
    number_differences,
    number_problems,
    numbers,
    passive_sentences,
    twelve_hour_times,
    without_names,
)

FSI, PDI, LRI, RLM = "\u2068", "\u2069", "\u2066", "\u200f"


# -- doubled punctuation -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Інформацію востаннє перевірено 12 березня 2026 р..",
        "Напечатано 12 марта 2026 г. .",
        f"Перевірено {FSI}12 березня 2026 р.{PDI}.",  # the isolate does not hide it
        "Bitte warten ….",
        "Telefon,, E-Mail",
        "الهاتف،، البريد",
        "信息已核实。。",
        "已打印。.",
        "Hinweis:: bitte",
        "Dresden , Altstadt",
        "Termin nötig .",
        "ቁጽሪ ስልኪ።።",
        "مطبوع في ، درسدن",
    ],
)
def test_doubled_punctuation_is_found(text):
    assert doubled_punctuation(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Drucken… bitte nehmen Sie Ihr Blatt.",
        "Bitte warten ...",  # an ellipsis, not a doubled full stop
        "Перевірено 12 березня 2026 р.",
        "Schreiben Sie „kiosk-admin --db data.db restore BACKUP.db“.",
        "Die Endung .de gehört zu Deutschland.",  # a domain ending, not a detached full stop
        "z. B., wenn das Amt zu ist",  # an abbreviation before a comma
        "Papier leer, Stau …): 3",
        "信息已核实。请先打电话。",
        "09:00-12:00, 13:00-15:00",
        "Termin nötig.",
    ],
)
def test_single_punctuation_passes(text):
    assert doubled_punctuation(text) == [], text


# -- 24-hour clock -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("مفتوح الآن، حتى ٤:٠٠ م", "ar"),
        ("مفتوح الآن، حتى 4:00 م", "ar"),
        ("منذ 12/03/2026، 4:30:00 م", "ar"),
        ("ክፉት ክሳብ 4:00 ድ.ቀ.", "ti"),
        ("营业至下午4:00", "zh-Hans"),
        ("Mở cửa đến 4:00 CH", "vi"),
        ("Open until 4:00 PM", "en"),
        ("Monday to Friday from 9 am to 6 pm", "en"),
        ("باز تا ۴:۰۰ ب.ظ.", "fa"),
        ("Deschis până la 4:00 p.m.", "ro"),
        ("16:00 ÖS'ye kadar", "tr"),
    ],
)
def test_twelve_hour_times_are_found(text, lang):
    assert twelve_hour_times(text, lang), text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("مفتوح الآن، حتى 16:00", "ar"),
        ("مفتوح الآن، حتى ١٦:٠٠", "ar"),
        ("تأسست عام 1991 م", "ar"),  # "AD" after a year, no time
        ("ክፉት ክሳብ 16:00", "ti"),
        ("营业至16:00", "zh-Hans"),
        ("上午和下午都开放", "zh-Hans"),  # the words without a time
        ("Mở cửa đến 16:00", "vi"),
        ("Treffen bis 12:00 am Freitag", "de"),  # German "am", not English "am"
        ("Open until 16:00", "en"),
        ("I am 18 years old, 9:00 – 12:00", "en"),
    ],
)
def test_24_hour_times_pass(text, lang):
    assert twelve_hour_times(text, lang) == [], text


# -- capital letters at line starts ---------------------------------------------------------
def test_a_row_that_starts_with_a_small_weekday_is_found():
    assert lower_case_line_starts("понеділок") == ["line starts with a small letter: 'понеділок'"]
    assert lower_case_line_starts("Montag: 9:00\nmardi : 9:00")
    assert lower_case_line_starts(f"{RLM}{FSI}poniedziałek{PDI}")


@pytest.mark.parametrize(
    "text",
    [
        "Понеділок",
        "Montag: 9:00\nDienstag: 10:00",
        "16:00 – 18:00",  # starts with a time
        "الاثنين",  # a script without case
        "星期一",
        "www.dresden.de ist die Seite der Stadt.",  # a web address as written
        "«yes» ወይ «no» ክኸውን ኣለዎ።",  # a quoted word as written
        "Sprachen bei der Beratung:\nnoch nicht bekannt.",  # continues after a colon
        "Die Geflüchteten sind zum Beispiel:\n• lesbisch\n• schwul",  # list items
    ],
)
def test_capitalised_line_starts_pass(text):
    assert lower_case_line_starts(text) == [], text


def test_names_written_small_may_start_a_line():
    assert lower_case_line_starts("mbeon berät online.", keep={"mbeon"}) == []
    assert lower_case_line_starts("mbeon berät online.")


def test_first_word_skips_bullets_and_isolates():
    assert first_word(f"• {FSI}montag{PDI}") == "montag"
    assert first_word("12 березня") == ""


# -- register ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kannst du mir helfen?", "de"),
        ("Wähle deine Sprache.", "de"),
        ("Wir helfen dir.", "de-x-ls"),
        ("Choisis ta langue.", "fr"),
        ("Nous pouvons t’aider.", "fr"),
        ("Tu peux appeler.", "fr"),
        ("Wybierz swój język, a my ci pomożemy. Możesz zadzwonić.", "pl"),
        ("Doradcy chodzą z tobą do urzędów.", "pl"),
        ("Te rog să suni.", "ro"),
        ("Adresează-te biroului.", "ro"),
        ("Alege limba ta.", "ro"),
        ("Ты можешь позвонить.", "ru"),
        ("Выбери твой язык.", "ru"),
        ("Ти можеш зателефонувати.", "uk"),
        ("Tu dikarî telefon bikî.", "kmr"),
        ("Em dikarin alîkariya te bikin.", "kmr"),
        ("Bạn có thể gọi điện.", "vi"),
        ("Sen arayabilirsin.", "tr"),
        ("تو می‌توانی زنگ بزنی.", "fa"),
        ("你可以打电话。", "zh-Hans"),
        ("ንስኻ ክትድውል ትኽእል ኢኻ።", "ti"),
    ],
)
def test_informal_forms_are_found(text, lang):
    assert informal_forms(text, lang), text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Können Sie mir helfen? Wählen Sie Ihre Sprache.", "de"),
        ("Das Angebot ist für Sie und Ihr Kind.", "de-x-ls"),
        ("Choisissez votre langue. Nous pouvons vous aider.", "fr"),
        ("Elle a un ton calme.", "en"),  # no list for English
        ("Doradcy towarzyszą w urzędach. Można napisać e-mail.", "pl"),
        ("Proszę wybrać język. Ci doradcy pomagają.", "pl"),  # "ci" = these
        ("Vă rugăm să sunați. Adresați-vă biroului.", "ro"),
        ("Alegeți limba dumneavoastră.", "ro"),
        ("Вы можете позвонить. Выберите ваш язык.", "ru"),
        ("Ви можете зателефонувати.", "uk"),
        ("Hûn dikarin telefon bikin.", "kmr"),
        ("Refugee Law Clinic Dresden girêdayî TU Dresden e.", "kmr"),  # TU = university
        ("La Refugee Law Clinic fait partie de la TU Dresden.", "fr"),
        ("Quý vị có thể gọi điện. Gặp gỡ bạn bè mới.", "vi"),  # "bạn bè" = friends
        ("Arayabilirsiniz. Senioren", "tr"),
        ("شما می‌توانید زنگ بزنید.", "fa"),
        ("您可以打电话。你们好。", "zh-Hans"),
        ("ንስኹም ክትድውሉ ትኽእሉ ኢኹም።", "ti"),
    ],
)
def test_formal_texts_pass(text, lang):
    assert informal_forms(text, lang) == [], text


def test_names_do_not_count_for_the_register():
    text = f"Online: {FSI}Du und Dein Verein{PDI}."
    assert informal_forms(text, "de")
    assert informal_forms(without_names(text), "de") == []


# -- Leichte Sprache ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Das Blatt wird gedruckt.",
        "Sie werden gefragt, ob Sie einen Termin haben.",
        "Der Termin wird Ihnen per E-Mail geschickt.",
        "Das Formular muss ausgefüllt werden.",
        "Ich weiß, dass es gedruckt wird.",
        "An dem Angebot wurde nichts geändert.",
        "Das Kind ist geboren worden.",
    ],
)
def test_passive_sentences_are_found(text):
    assert passive_sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Der Kiosk druckt jetzt das Blatt.",
        "Sie werden gesund.",
        "Sie werden gegen Mittag kommen.",  # future: werden + infinitive
        "Wir werden gemeinsam einen Termin finden.",
        "Für die gesetzlichen Regeln werden Sie beraten.",  # an adjective inside the clause
        "Gebühren werden fällig.",
        "Sie werden gehen.",
    ],
)
def test_active_sentences_pass(text):
    assert passive_sentences(text) == [], text


def test_long_words_without_hyphen_or_mediopunkt():
    assert long_words("Der Jugendmigrationsdienst hilft.") == ["Jugendmigrationsdienst"]
    assert long_words("Der Jugend·migrations·dienst hilft.") == []
    assert long_words("Der Jugend-Migrations-Dienst hilft.") == []
    assert long_words("Die Internetseite ist www.jugendmigrationsdienste.de.") == []
    assert long_words("Das Amt heißt: Ausländerbehörde.") == ["Ausländerbehörde"]
    assert long_words("Das Amt heißt: Ausländer·behörde.") == []


def test_long_sentences():
    short = "Sie bekommen Hilfe beim Amt."
    long = (
        "Sie bekommen Hilfe beim Amt und beim Arzt und bei der Schule und bei der Arbeit und mehr."
    )
    assert long_sentences(short) == []
    assert long_sentences(f"{short}\n{long}") == [long]
    assert long_sentences(long.replace(" und", ".\nUnd")) == []


def test_easy_language_rules_together():
    bad = "Das Blatt wird gedruckt. Der Jugendmigrationsdienst (JMD) hilft."
    problems = easy_language_problems(bad)
    assert any(p.startswith("passive") for p in problems)
    assert any("Jugendmigrationsdienst" in p for p in problems)
    assert any("parentheses" in p for p in problems)
    assert easy_language_problems("Der Kiosk druckt das Blatt.\nBitte nehmen Sie es mit.") == []


# -- numbers ---------------------------------------------------------------------------------
def test_numbers_are_compared_in_any_digits():
    assert ascii_digits("٤:٣٠ و ۱۲") == "4:30 و 12"
    assert numbers("Kreuzstraße 7, 01067 Dresden, 9:00 bis 12:30 Uhr") == {
        "7",
        "1067",
        "9",
        "12",
        "30",
    }
    german = "Die Adresse ist Kreuzstraße 7. Telefon +49 351 4886009, 9 bis 18 Uhr."
    assert number_differences(
        german, "العنوان Kreuzstraße ٧. الهاتف +49 351 4886009، ٩:٠٠–١٨:٠٠"
    ) == (
        [],
        [],
    )
    assert number_differences(german, "Adresa: Kreuzstraße 7, telefon +49 351 4886009, 9–16.") == (
        ["18"],
        ["16"],
    )


def test_numbers_german_writes_as_words_may_be_digits():
    german = "In den ersten drei Jahren, seit November 2022."
    assert number_problems(german, "在最初3年内，自2022年11月起。") == []
    assert number_problems(german, "W pierwszych 4 latach, od listopada 2022.") == [
        "numbers not in the German text: 4"
    ]
    assert number_problems("Ab 27 Jahren.", "From 26 years.") == [
        "numbers of the German text missing: 27",
        "numbers not in the German text: 26",
    ]


# -- everything on one text ------------------------------------------------------------------
def test_lint_text_names_language_place_and_text():
    found = lint_text(
        "uk", "Printed on {date}.", "надруковано 12 березня 2026 р..", capital_start=True
    )
    assert {f.check for f in found} == {"punctuation", "case"}
    assert all(isinstance(f, Finding) and f.lang == "uk" for f in found)
    line = str(found[0])
    assert "[uk]" in line and "Printed on {date}." in line and "2026 р.." in line


def test_lint_text_checks_leichte_sprache_only_where_asked():
    text = "Das Blatt wird gedruckt."
    assert [f.check for f in lint_text("de-x-ls", "m", text)] == ["Leichte Sprache"]
    assert lint_text("de-x-ls", "m", text, easy=False) == []
    assert lint_text("de", "m", text) == []


def test_lint_text_leaves_code_filled_names_out_of_the_easy_rules():
    text = "Amt der Stadt – Landeshauptstadt Dresden"
    assert lint_text("de-x-ls", "kind", text)
    assert lint_text("de-x-ls", "kind", text, names={"Landeshauptstadt Dresden"}) == []


def test_a_clean_line_has_no_findings():
    assert lint_text("ar", "m", f"مفتوح الآن، حتى 16:00. الهاتف: {LRI}+49 351 4886009{PDI}") == []
    assert lint_text("pl", "m", "Poniedziałek: 9:00 – 12:00", capital_start=True) == []
