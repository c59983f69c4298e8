import datetime
import math

import numpy as np
import pandas as pd
import pytest

from cxnlp.text.status import coerce_text, status_of, value_status


@pytest.mark.parametrize("value, status", [
    (None, "empty"), (math.nan, "empty"), ("", "empty"), ("   \n\t", "empty"),
    ("N/A", "no_comment"), ("n/a", "no_comment"), ("-", "no_comment"), ("nada", "no_comment"),
    ("Ninguno.", "no_comment"), ("Sin comentarios", "no_comment"), ("🤷", "no_comment"), ("...", "no_comment"),
    (7, "no_comment"), ("👍", "ok"), ("😡😡", "ok"),
    ("Excelente", "ok"), ("pesimo", "ok"), ("La app no sirve", "ok"), ("q mal servicio xq nadie atiende", "ok"),
    ("The delivery was late and nobody answered my emails", "not_spanish"),
    ("O atendimento foi muito ruim e demorado, não gostei nada do produto", "not_spanish"),
    ("Le service client est vraiment nul, personne ne répond jamais", "not_spanish"),
    ("Buen servicio, muy recomendable, thank you", "ok"),
    ("Muito bom o atendimento, recomendo a todos", "not_spanish"),
    ("Che, la app anda re bien", "ok"),
    ("pesimo el delivery bro", "ok"),
    ("x" * 10 + " el servicio fue malo " * 400, "truncated"),
    # A help desk's HTML export: the tags are formatting, the answer is what they hold
    ("<p></p>", "empty"), ("<p>&nbsp;</p>", "empty"), ("<br/>", "empty"), ("<p>N/A</p>", "no_comment"),
    ("<div>Sin comentarios</div>", "no_comment"), ("<p>123</p>", "no_comment"), ("<p>Todo correcto</p>", "ok"),
    # an e-mail's body: its page's tags and Word's '<o:p>' (Outlook) were words, an empty one 'ok' or 'not_spanish'
    ("<o:p>&nbsp;</o:p>", "empty"), ("<html><body><p></p></body></html>", "empty"),
    ("<html><body>N/A</body></html>", "no_comment"),
    # and the '<!DOCTYPE html>' its page starts with was a word: an empty body read 'ok'
    ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"><html><body><p></p></body></html>', "empty"),
])
def test_status(value, status):
    assert status_of(coerce_text(value)) == status


def test_coerce_text_cleans_control_characters():
    assert coerce_text("ho\x00la") == "ho la"
    assert coerce_text(b"caf\xc3\xa9") == "café"
    assert coerce_text(12.5) == "12.5"


@pytest.mark.parametrize("text, status", [
    ("😀" * 6000, "truncated"),             # emoji-only and longer than the reading: truncated, not ok
    (":-(" * 3000, "truncated"),
    (" " * 6000 + "el servicio fue malo", "ok"),  # leading blanks do not use up the reading
    ("muy bueno " * 600, "truncated"),
    ("muy bueno" + " " * 6000, "ok"),        # only blanks after the reading: nothing was cut
])
def test_status_is_judged_on_the_part_a_model_reads(text, status):
    assert status_of(text, max_chars=5000) == status


def test_a_long_blank_opening_does_not_hide_the_comment():
    """The model reads the 5,000 characters after any leading blanks; offsets stay those of the text."""
    import cxnlp

    text = " " * 6000 + "el pedido llegó tarde"
    result = cxnlp.load().classify(text)
    assert result.status == "ok" and result.sentiment == "negative" and "delivery" in result.touchpoints
    assert [text[s.start:s.end] for s in result.segments] == ["el pedido llegó tarde"]


@pytest.mark.parametrize("text", ["#REF!", "#DIV/0!", "#NAME?", "#N/A", "#NUM!", "#VALUE!", "#NULL!", "#SPILL!",
                                  "#CALC!", "#GETTING_DATA", " #REF! ", "#¡REF!", "#¿NOMBRE?", "#¡VALOR!"])
def test_a_spreadsheet_error_value_is_no_comment(text):
    """A failed formula's value, as a workbook stores it and its CSV export writes it, is no answer."""
    assert status_of(coerce_text(text)) == "no_comment"


@pytest.mark.parametrize("text", ["La fórmula daba #REF! en la factura", "Me sale #NAME? al pagar en la app"])
def test_a_comment_that_mentions_an_error_value_is_a_comment(text):
    assert status_of(coerce_text(text)) == "ok"


@pytest.mark.parametrize("text", [
    "nada que comentar", "Nada que comentar.", "NADA QUE COMENTAR", "no tengo nada que agregar",
    "No tengo ningún comentario", "Sin sugerencias", "Ninguna observación", "No comments", "Nothing",
])
def test_a_non_answer_written_as_a_phrase_is_no_comment(text):
    # 'nada que comentar' was a neutral 'ok' comment, counted in every theme's base; 'No comments' was
    # 'not_spanish' while 'no comment' was 'no_comment'
    assert status_of(coerce_text(text)) == "no_comment"


@pytest.mark.parametrize("text", ["Nel", "No hay comentarios", "N/A, no aplica"])
def test_more_non_answers_are_no_comment(text):
    # Mexican 'nel' ('no') was read as the Italian 'nel' and was not_spanish; 'No hay comentarios' and 'N/A, no
    # aplica' were ok comments, while 'no hay', 'sin comentarios', 'N/A' and 'no aplica' were no_comment
    assert status_of(coerce_text(text)) == "no_comment"


@pytest.mark.parametrize("text", ["No aplica, N/A", "no aplica - n/a", "No aplica (NA)"])
def test_no_aplica_and_n_a_in_either_order_is_no_comment(text):
    # 'N/A, no aplica' was made a non-answer, but the same two written the other way round stayed an ok comment
    assert status_of(coerce_text(text)) == "no_comment"


@pytest.mark.parametrize("text", ["Noooo", "nadaaa", "Ningunoooo!!", "N/AAA", "sin comentariosss"])
def test_a_non_answer_with_letters_repeated_is_no_comment(text):
    # 'Noooo' and 'nadaaa' were 'ok' comments, classified as negative, while 'No' and 'nada' were no_comment
    assert status_of(coerce_text(text)) == "no_comment"


@pytest.mark.parametrize("text", ["N/D", "n/d.", "NS/NC", "ns/nc", "N/C", "No sé", "No sabe, no contesta"])
def test_a_survey_non_answer_code_is_no_comment(text):
    # 'N/D' was a comment while 'ND' and 'N D' were no_comment; 'NS/NC' (no sabe, no contesta) was classified negative
    assert status_of(coerce_text(text)) == "no_comment"


@pytest.mark.parametrize("text", ["Sin respuesta", "No contesta", "Sin datos"])
def test_a_complaint_that_reads_like_a_non_answer_is_a_comment(text):
    assert status_of(coerce_text(text)) == "ok"  # the company gave no answer; the mobile data did not work


@pytest.mark.parametrize("text", ["=)", "=(", "♥"])
def test_an_answer_of_one_common_emoticon_is_ok(text):
    assert status_of(coerce_text(text)) == "ok"  # was no_comment, while ':)' and '❤' were ok


@pytest.mark.parametrize("text, status", [("VERDADERO", "no_comment"), ("FALSO", "no_comment"), ("Falso", "ok")])
def test_spanish_excels_flags_saved_to_csv_are_no_comment(text, status):
    # 'TRUE' was no_comment but Spanish Excel's 'VERDADERO' was classified as a comment
    assert status_of(coerce_text(text)) == status


@pytest.mark.parametrize("text, status", [
    ("Nada, gracias", "no_comment"), ("No, muchas gracias.", "no_comment"), ("Ninguno gracias", "no_comment"),
    ("Sin comentarios, gracias!", "no_comment"),
    ("Gracias", "ok"), ("Muchas gracias", "ok"), ("Todo bien, gracias", "ok"),
])
def test_a_non_answer_with_thanks_is_no_comment(text, status):
    # 'Nada, gracias' was an 'ok' comment read as positive, while 'Nada' was no_comment
    assert status_of(coerce_text(text)) == status


def test_fullwidth_text_gets_the_status_and_units_of_its_ascii_form():
    # 'Ｎ/Ａ' was an 'ok' comment, and 'ｐｅｒｏ' opened no unit: statuses and units were read on the fullwidth forms
    import cxnlp.text.segment as segment

    assert status_of(coerce_text("Ｎ/Ａ")) == "no_comment"
    text = "Ｅｌ ｓｅｒｖｉｃｉｏ ｅｘｃｅｌｅｎｔｅ ｐｅｒｏ ｅｌ ｅｎｖíｏ ｌｅｎｔｏ"
    units = segment.align(segment.split(coerce_text(text)), text)
    assert [u.text for u in units] == ["Ｅｌ ｓｅｒｖｉｃｉｏ ｅｘｃｅｌｅｎｔｅ", "ｐｅｒｏ ｅｌ ｅｎｖíｏ ｌｅｎｔｏ"]
    assert [text[u.start:u.end] for u in units] == [u.text for u in units]


@pytest.mark.parametrize("text, status", [
    ("Nada más que agregar", "no_comment"), ("nada mas que decir.", "no_comment"),
    ("Nada más que comentar, gracias", "no_comment"), ("Nada que agregar", "no_comment"),
    ("No tengo nada más que agregar", "no_comment"), ("Nada para agregar", "no_comment"),
    ("Todo bien nada más", "ok"), ("Nada más que agregar: excelente servicio", "ok"),
])
def test_nada_mas_que_agregar_is_no_comment(text, status):
    # 'Nada que agregar' and 'Nada más' were no_comment, 'Nada más que agregar' an 'ok' comment given labels
    assert status_of(coerce_text(text)) == status


def test_an_emoji_sequence_alone_is_an_answer():
    # the cleaning made the joiner of '😮‍💨' a space: its two halves carry no sentiment, and it was no_comment
    assert status_of(coerce_text("😮\u200d💨")) == "ok"


@pytest.mark.parametrize("text, status", [
    ("No muchas", "ok"), ("Ninguna, muchas", "ok"),
    ("No, muchas gracias", "no_comment"), ("Nada gracias", "no_comment"),
])
def test_only_thanks_are_taken_off_a_non_answer(text, status):
    # 'muchas' was taken off without 'gracias': 'No muchas' (how many problems?) was read as 'No', a non-answer
    assert status_of(coerce_text(text)) == status


def test_a_zero_width_space_inside_a_non_answer_cuts_no_word():
    # 'N\u200b/A' was 'N /A', read as a comment
    from cxnlp.text.normalize import normalize_text
    from cxnlp.text.status import coerce_text, status_of

    assert status_of(coerce_text("N\u200b/A")) == "no_comment"
    assert status_of(coerce_text("\u200b")) == "empty"
    assert len(coerce_text("pé\u00adsimo")) == 7  # the cleaned text keeps the offsets of the given one
    assert normalize_text("pé\u00adsimo") == normalize_text("pésimo")


def test_a_zero_width_space_between_words_is_a_space():
    # 'Hola\u200bmundo' was read as the one word 'holamundo'; web text puts one where a line may break
    from cxnlp.text.normalize import normalize_text
    from cxnlp.text.status import coerce_text

    assert normalize_text("Hola\u200bmundo") == "hola mundo"
    assert normalize_text("La app\u200b\u200bfalla") == "la app falla"
    assert coerce_text("Hola\u200bmundo") == "Hola mundo"  # offsets kept: one space for one character
    assert coerce_text("N\u200b/A") == "N\u200b/A" and normalize_text("N\u200b/A") == "n/a"


def test_a_zero_width_space_inside_a_word_joins_its_letters():
    # 'pé\u200bsimo' was read 'pé simo', two words no model has seen; between two known words it is still a space
    import time

    from cxnlp.text.normalize import normalize_text
    from cxnlp.text.status import coerce_text

    assert normalize_text("Servicio pé\u200bsimo, aten\u200bción lenta") == "servicio pésimo, atención lenta"
    assert coerce_text("pé\u200bsimo") == "pé\u200bsimo"  # offsets kept: removed only where none are
    assert normalize_text("muy\u200bbien") == "muy bien" and normalize_text("servicio\u200bpésimo") == "servicio pésimo"
    assert normalize_text("Hola\u200bMundo") == "hola mundo"  # before a capital: a break
    # in capitals too ('PÉ\u200bSIMO' was 'pé simo')
    assert normalize_text("SERVICIO PÉ\u200bSIMO") == "servicio pésimo"
    assert normalize_text("MUY\u200bBIEN") == "muy bien"
    for hostile in ("a\u200b" * 50_000, "pe\u200b" * 33_000 + "é"):
        started = time.perf_counter()
        normalize_text(hostile)
        assert time.perf_counter() - started < 10  # 0.4 s quiet; quadratic would take minutes


def test_a_zero_width_space_between_two_words_that_are_not_one_is_a_space():
    # 'cobro\u200bindebido' was glued into 'cobroindebido' (neither side is a word language identification lists):
    # joined letters must be a word, and not one made of two words
    from cxnlp.text.normalize import normalize_text

    assert normalize_text("cobro\u200bindebido") == "cobro indebido"
    assert coerce_text("Cobro\u200bindebido") == "Cobro indebido"  # offsets kept
    assert normalize_text("PÉ\u200bSIMO aten\u200bción") == "pésimo atención"
    assert normalize_text("que\u200bmar") == "que mar"  # 'quemar', but 'que' and 'mar' are words
    assert normalize_text("sin\u200bvergüenza") == "sinvergüenza"  # neither list has 'sin'


def test_several_zero_width_spaces_inside_one_word_join_its_letters():
    # 'pé\u200bsi\u200bmo' (a word processor's break at each syllable) was read 'pé si mo': each zero-width space
    # looked only at the letters up to the next one ('pési', 'simo'), none of them a word
    from cxnlp.text.normalize import normalize_text

    assert normalize_text("Servicio pé\u200bsi\u200bmo") == normalize_text("Servicio pésimo") == "servicio pésimo"
    assert normalize_text("PÉ\u200bSI\u200bMO") == "pésimo" and normalize_text("pe\u0301\u200bsi\u200bmo") == "pésimo"
    assert normalize_text("de\u200bvo\u200blu\u200bción, re\u200bco\u200bmen\u200bda\u200bble") == "devolución, recomendable"
    assert coerce_text("pé\u200bsi\u200bmo") == "pé\u200bsi\u200bmo"  # offsets kept
    assert normalize_text("pé\u200bsi\u200bmo\u200bservicio") == "pésimo servicio"  # the word ends where a word does
    assert normalize_text("muy\u200bbien\u200bhecho") == "muy bien hecho"  # words side by side stay apart

def test_a_word_cut_by_zero_width_spaces_after_punctuation_is_joined_too():
    # after a word found across zero-width spaces, the next zero-width space was taken for the end of that word,
    # wherever it was: 'pé\u200bsimo,pé\u200bsimo' was 'pésimo,pé simo' (it was 'pésimo,pésimo' before)
    from cxnlp.text.normalize import normalize_text

    for sign in (",", ".", "/", "-", "2"):
        assert normalize_text(f"pé\u200bsimo{sign}pé\u200bsimo") == f"pésimo{sign}pésimo"
    assert normalize_text("pé\u200bsimo.re\u200bco\u200bmen\u200bda\u200bble") == "pésimo.recomendable"
    assert coerce_text("pé\u200bsimo,pé\u200bsimo") == "pé\u200bsimo,pé\u200bsimo"
    assert normalize_text("pé\u200bsi\u200bmo\u200bservicio") == "pésimo servicio"  # still ends where a word does


def test_a_prefix_that_is_only_an_english_word_joins_the_word_after_a_zero_width_space():
    # 'in\u200bsa\u200btis\u200bfe\u200bcho' (cut at each syllable) was read 'in satisfecho', satisfied: 'in' and
    # 'satisfecho' were both taken for words, though 'in' is a word only in English ('in\u200bsatisfecho' too)
    from cxnlp.text.normalize import normalize_text

    assert normalize_text("in\u200bsa\u200btis\u200bfe\u200bcho") == "insatisfecho"
    assert normalize_text("in\u200bsatisfecho") == "insatisfecho"
    assert normalize_text("Cliente IN\u200bSA\u200bTIS\u200bFE\u200bCHO") == "cliente insatisfecho"
    assert normalize_text("cobro\u200bindebido") == "cobro indebido" and normalize_text("que\u200bmar") == "que mar"
    assert normalize_text("the\u200bservice") == "the service"  # no Spanish word joined: a break as before


def test_the_lemma_table_is_read_only_for_a_zero_width_space_between_two_letters(monkeypatch):
    # the status and the PII redaction never classify: reading the table (half a second) is for text that needs it
    from cxnlp.pii import redact
    from cxnlp.text import _zero_width

    def read_the_table():
        raise AssertionError("the lemma table was read")

    monkeypatch.setattr(_zero_width, "_lemma_words", read_the_table)
    assert redact("hola, soy Ana").text == "hola, soy [NOMBRE]"
    assert coerce_text("N\u200b/A, Hola\u200bMundo, 10\u200b000") == "N\u200b/A, Hola Mundo, 10\u200b000"


def test_a_zero_width_space_after_a_long_run_of_letters_is_judged_in_linear_time():
    # the letters before each zero-width space were searched from every letter of the run, up to a digit or a hyphen
    # ('aaa…a1b\u200bc'): a 20,000-character cell took seconds
    import time

    coerce_text("pé\u200bsimo")  # the lemma table is read once, before the clock starts
    for hostile in ("a" * 100_000 + "1b\u200bc", ("a" * 50_000 + "-b\u200bc") * 2):
        started = time.perf_counter()
        assert coerce_text(hostile) == hostile.replace("\u200b", " ")  # 'bc' is no word
        assert time.perf_counter() - started < 1
    assert coerce_text("x" * 20 + "1pé\u200bsimo") == "x" * 20 + "1pé\u200bsimo"
    assert coerce_text("x" * 20 + "1muy\u200bbien") == "x" * 20 + "1muy bien"


@pytest.mark.parametrize("text, status", [
    ("No tengo nada que comentaaar, muchas graciaaas", "no_comment"),  # the longest non-answer, with its thanks
    ("No tengo nada que comentar, muchas gracias, la verdad", "ok"),
])
def test_repeats_are_shortened_in_answers_as_long_as_a_non_answer(text, status):
    # repeated letters are shortened only in texts of a non-answer's length (their words counted first): the
    # longest, 'no tengo nada que comentar' with 'muchas gracias', is still one
    assert status_of(coerce_text(text)) == status


@pytest.mark.parametrize("value", [pd.Timedelta(1), pd.Timedelta(days=3), datetime.timedelta(days=1),
                                   np.timedelta64(1, "ns"), np.datetime64(1, "ns"), pd.Timestamp(1),
                                   datetime.date(2024, 1, 1), datetime.time(10, 30)])
def test_a_date_time_or_duration_cell_is_no_comment(value):
    # a duration's printed form, "0 days 00:00:00.000000001", was read as English (not_spanish), and a datetime64's,
    # "1970-01-01T00:00:00.000000001", as a comment (its 'T' a letter): a cell of either is no comment, as a number
    assert value_status(value) == "no_comment"


@pytest.mark.parametrize("text, status", [
    ("2024-07-01T10:00:00.000", "no_comment"), ("2024-07-01T10:00:00Z", "no_comment"), ("0 days 00:10:00", "no_comment"),
    ("-1 days +23:59:59.500000", "no_comment"), ("P0DT0H10M0S", "no_comment"), ("PT10M", "no_comment"),
    ("10 minutos esperando y nadie me atendió", "ok"), ("2 días tarde", "ok"), ("15/03 llegó roto", "ok"),
    ("2024-07-01T10:00 llegó roto", "ok"), ("P2 no funciona", "ok"), ("10 days 10:00:00 esperando", "ok")])
def test_a_date_time_or_duration_written_as_text_is_no_comment_as_its_cell_is(text, status):
    # a date-time or duration cell was no_comment, but the same cell as cxnlp's JSON writer writes it
    # ('2024-07-01T10:00:00.000', 'P0DT0H10M0S') was classified as a comment, and as its CSV writer does
    # ('0 days 00:10:00') read as English; a comment that starts with or holds one is still a comment
    assert status_of(coerce_text(text)) == status
