"""Language identification on a hand-written set: Spanish and Spanish–English comments are never dropped.

``tests/data/langid.csv`` holds short answers, neutral phrases, regional slang, typos and code-switching
that must come out ``ok``, and English, Portuguese, Italian, French, Catalan and Galician comments (short ones,
and English ones naming a Spanish brand or place) that must come out ``not_spanish``.
"""

import csv
import threading
from pathlib import Path
from unittest import mock

import pytest

from cxnlp.text import status
from cxnlp.text.status import is_spanish, status_of

ROWS = list(csv.DictReader(open(Path(__file__).parent / "data" / "langid.csv", encoding="utf-8")))


def test_set_is_large_and_balanced_enough():
    counts = {"ok": 0, "not_spanish": 0}
    for row in ROWS:
        counts[row["expected"]] += 1
    assert counts["ok"] >= 220 and counts["not_spanish"] >= 120, counts
    assert len({row["text"] for row in ROWS}) == len(ROWS), "duplicate texts"


def test_every_row_gets_its_expected_status():
    wrong = [f"{row['text']!r}: expected {row['expected']}, got {got}"
             for row in ROWS if (got := status_of(row["text"])) != row["expected"]]
    assert not wrong, f"{len(wrong)} of {len(ROWS)} rows wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize("text", [
    "El pedido llegó tarde y nadie me avisó, pésima atención",
    "Muy buen servicio pero el envío tardó una semana",
    "Me cobraron dos veces la anualidad y en la sucursal no me resolvieron nada",
    "Todo perfecto", "Lento", "Impuntuales", "Ok gracias",
    "Producto OK but delivery was late", "Very good service", "Muito bom", "Très bien",
])
def test_words_decide_without_the_detector(text):
    # The common case, and short answers, never reach the fastText model.
    with mock.patch.object(status, "_language_model", side_effect=AssertionError("detector called")):
        is_spanish(text)


def test_word_lists_do_not_overlap():
    from cxnlp.text._language_words import (_CATALAN, _ENGLISH, _FRENCH, _GALICIAN, _ITALIAN, _PORTUGUESE, _SHARED,
                                            _SPANISH_ONLY)

    foreign = {w for words in (_ENGLISH, _PORTUGUESE, _ITALIAN, _FRENCH, _CATALAN, _GALICIAN) for w in words.split()}
    shared = [w for words in _SHARED.values() for w in words.split()]
    assert len(shared) == len(set(shared))
    assert not _SPANISH_ONLY & foreign
    assert not _SPANISH_ONLY & set(shared)
    assert not foreign & set(shared)


@pytest.mark.parametrize("text", [
    "We stayed at Hotel Playa Blanca and the room was great",
    "Playa del Carmen resort was beautiful but overpriced",
])
def test_spanish_names_in_english_text_are_not_spanish_evidence(text):
    assert not is_spanish(text)


@pytest.mark.parametrize("text", [
    "La tienda de Playa del Carmen muy bonita",  # the same name inside Spanish text changes nothing
    "Producto OK but delivery was late",         # one Spanish word in four is a code-switched comment
    "Excelente Servicio, Thank You",             # a text in Title Case has no names to set aside
])
def test_spanish_names_and_code_switching_in_spanish_text(text):
    assert is_spanish(text)


@pytest.mark.parametrize("text", [
    "Der Service war sehr gut und schnell",      # no lexicon evidence either way: the detector decides
    "The delivery was late and the box was damaged " * 3,
])
def test_other_languages_still_rejected(text):
    assert not is_spanish(text)


def test_is_thread_safe():
    texts = [row["text"] for row in ROWS]
    expected = [row["expected"] for row in ROWS]
    results = [None] * 4

    def work(i):
        results[i] = [status_of(text) for text in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)


@pytest.mark.parametrize("text, spanish", [
    ("Очень плохо", False), ("很好", False), ("服务很差，再也不来了", False), ("とても良い", False), ("جيد جدا", False),
    ("סרוויס טוב", False), ("Ελληνικά καλό", False),
    ("Excelente servicio, спасибо", True), ("Atendió Иван, excelente", True),  # a word in another script
    ("𝐁𝐮𝐞𝐧 𝐬𝐞𝐫𝐯𝐢𝐜𝐢𝐨", True), ("ＭＡＬＯ　ＳＥＲＶＩＣＩＯ", True),  # Latin letters in other forms
])
def test_a_short_text_in_another_script_is_not_spanish(text, spanish):
    # a short answer without Spanish or foreign words got the benefit of the doubt: 'Очень плохо' and '很好' were ok
    assert is_spanish(text) == spanish


@pytest.mark.parametrize("text, spanish", [
    ("Ver https://bit.ly/3abc", True), ("juan.perez@gmail.com", True), ("Escríbanme a john.smith@gmail.com", True),
    ("See https://www.tienda.com/ofertas for the details", False),
])
def test_web_and_email_addresses_are_no_evidence_of_a_language(text, spanish):
    # the letters of an address were read as words: 'Ver https://bit.ly/3abc' was not_spanish ('ly' read as English)
    assert is_spanish(text) == spanish


@pytest.mark.parametrize("text", [
    "Pé\u00adsi\u00admo ser\u00advi\u00adcio", "Ho\u2060rri\u2060ble la a\u2060ten\u2060ción",
])
def test_a_soft_hyphen_or_word_joiner_cuts_no_word(text):
    # the model read 'pésimo servicio', but language identification read 'pé', 'si', 'mo'...: not_spanish
    assert is_spanish(text)


@pytest.mark.parametrize("text", ["Atendió Олег", "Compré ソニー", "Pedí 寿司", "Pésimo 三星 y 东芝", "10 Ω", "π"])
def test_a_name_or_symbol_in_another_script_beside_spanish_is_spanish(text):
    # a brand or a name in another script outweighed a short Spanish answer ('Compré ソニー' was not_spanish), and a
    # Greek letter used as a symbol ('10 Ω') was a foreign word
    assert is_spanish(text)


@pytest.mark.parametrize("text", [
    "Ver bit.ly/3abc", "Reclamé en amazon.com/gp/help/customer y nada", "Escribí en t.co/xYz",
])
def test_a_web_address_without_its_scheme_is_no_evidence_of_a_language(text):
    # only 'https://' and 'www.' addresses were set aside: 'Ver bit.ly/3abc' was not_spanish ('ly' read as English)
    assert is_spanish(text)


@pytest.mark.parametrize("text, spanish", [
    ("Good job muchachos", True), ("Qué lata la espera", True),
    ("Pedido veio errado", False), ("Achei meio caro", False), ("J'adore", False),
])
def test_cue_words_of_short_answers(text, spanish):
    # 'muchachos' was no evidence and 'Qué' only a word Portuguese and French share ('Qué lata la espera' went to
    # the detector, which read Polish); 'veio', 'achei', 'meio' and 'adore' were unknown, so these short answers
    # got Spanish's benefit of the doubt
    assert is_spanish(text) == spanish


@pytest.mark.parametrize("text", ["Mi iPhone 15 Pro Max no conecta al WiFi", "Mi Samsung no conecta al internet"])
def test_the_detector_reading_esperanto_is_no_evidence_of_a_foreign_language(text):
    # only shared and neutral words, so the detector decides; it read Esperanto (0.78, 0.62) and the comment was
    # not_spanish
    assert is_spanish(text)


@pytest.mark.parametrize("text, spanish", [
    ("El paquet ha arribat tard", False), ("No m'han tornat els diners", False), ("Estic molt content", False),
    ("Tardaron moito en chegar", False), ("A aplicación non funciona", False),
    ("Pésimo servizo, non o recomendo", False),
    ("Molt bé, el servicio excelente", True),  # a Catalan phrase in a Spanish comment
    ("El envío a Sant Cugat tardó mucho", True), ("La tienda de Vigo muy bien", True),
])
def test_catalan_and_galician_are_not_spanish(text, spanish):
    # their words Spanish also has ('el', 'han', 'pésimo', -ción, -aron) counted as Spanish, so Catalan and Galician
    # comments were ok and classified as if they were Spanish
    assert is_spanish(text) == spanish


@pytest.mark.parametrize("text, spanish", [
    ("Thanks a lot amigos", True), ("Great job team, felicidades", True), ("Order incompleta", True),
    ("Perfeito", False), ("Beleza", False), ("Consigliato", False), ("Nickel", False), ("Todo ben", False),
])
def test_cue_words_of_code_switched_and_one_word_answers(text, spanish):
    # 'amigos', 'felicidades' and 'incompleta' were no evidence of Spanish beside English words, so the comment was
    # not_spanish; 'perfeito', 'beleza', 'consigliato', 'nickel' and 'ben' were unknown, so the answer was ok
    assert is_spanish(text) == spanish


@pytest.mark.parametrize("text", [
    "Worst bank ever, ladrones", "Super friendly, súper amables", "Nobody answers my quejas", "My hijo loved it",
])
def test_a_spanish_word_of_everyday_feedback_in_an_english_sentence_is_a_code_switch(text):
    # 'ladrones', 'amables', 'quejas', 'hijo' (and 'súper' with its accent) were no evidence of Spanish, so one
    # Spanish word in four beside English ones did not make the comment Spanish–English: it was not_spanish
    assert is_spanish(text)


@pytest.mark.parametrize("text", ["Satisfeito", "Comprarei novamente", "Reso facile", "Emballage soigné", "Encantat"])
def test_short_portuguese_italian_french_and_catalan_answers_are_not_spanish(text):
    # no word was known, so these short answers got Spanish's benefit of the doubt and were ok
    assert not is_spanish(text)


@pytest.mark.parametrize("text, spanish", [
    ("Todo perfecto, grazas", False), ("Servizo rápido", False), ("Entrega rápida, grazas", False),
    ("Moi recomendable", False), ("Ben me atendió muy bien", True),  # 'Ben', a name
])
def test_galician_short_answers_are_not_spanish(text, spanish):
    # beside one Galician word, a word Spanish shares with Portuguese ('entrega', 'rápida') or one Galician writes
    # as Spanish does ('perfecto', 'recomendable') counted as Spanish: half the words, so the answer was ok
    assert is_spanish(text) == spanish


@pytest.mark.parametrize("text", ["Nmms", "Uff", "Pfff, otra vez"])
def test_interjections_and_chat_slang_are_not_foreign_spellings(text):
    # their double consonants ('mm', 'ff') were read as English, Italian or French spelling: not_spanish
    assert is_spanish(text)


@pytest.mark.parametrize("text", ["Molt amables, moi bo", "Molt bon servei, moi amables"])
def test_a_word_catalan_and_galician_both_write_is_set_aside_once(text):
    # 'amables', which both write as Spanish does, was taken off the Spanish count twice: the count went below zero
    # and the detector was asked, while the words, all Catalan or Galician, settle it
    with mock.patch.object(status, "_language_model", side_effect=AssertionError("detector called")):
        assert not is_spanish(text)


def test_a_catalan_word_in_a_name_is_set_aside_once():
    # 'El' of 'El Corte Inglés' was set aside as Catalan, then again as part of a name: the Spanish count went below
    # zero and the detector, asked, read Spanish
    with mock.patch.object(status, "_language_model", side_effect=AssertionError("detector called")):
        assert not is_spanish("El servei de El Corte Inglés molt bo")


@pytest.mark.parametrize("text", [
    "Atendido por Ben, excelente", "Me atendió Ben, excelente", "Atención de Ben: excelente",
    "Excelente atención por parte de Joan y Ben", "Excelente atención de Bo", "Atendido por Bo, excelente",
    "Excelente la atención de Non Stop", "Compré en Ben & Jerry's", "Excelente atención, Moi", "Entrega rápida, Ben",
])
def test_a_catalan_or_galician_word_in_a_name_is_no_evidence_of_either(text):
    # 'Ben' and 'Bo' (Galician 'well', 'good') named the clerk: the Galician word set aside 'por', 'excelente' and
    # 'atención' as Galician too, and a Spanish comment was not_spanish
    assert is_spanish(text)


def test_the_readme_gives_the_sets_size():
    import re

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    said = re.search(r"\(([\d,]+) hand-written cases in `tests/data/langid.csv`\)", readme).group(1)
    assert int(said.replace(",", "")) == len(ROWS)
