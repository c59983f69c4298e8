import time

import pytest

from cxnlp.text.normalize import emails, normalize_text, repeated_chars, strip_accents


@pytest.mark.parametrize("text_in, text_out", [
    ("holaaa!!!", "hola!"),
    ("PÉSIMOOO", "pésimo"),
    ("q tal", "q tal"),
    ("Muy bueno 👍", "muy bueno emopos"),
    ("genial, otra vez sin luz 🙃", "genial, otra vez sin luz emosarc"),
    ("me dejaron plantado 😡😡", "me dejaron plantado emoneg emoneg"),
    ("escríbanme a ana.perez@correo.com", "escríbanme a emailx"),
    ("vean https://ejemplo.com/x?y=1 ya", "vean urlx ya"),
    ("pagué $1.500 por 2 meses", "pagué numx por numx meses"),
    ("  tabs\tand\nnewlines  ", "tabs and newlines"),  # (before a lower-case letter a line break is a wrapped line)
    ("  tabs\tand\nNewlines  ", "tabs and\nnewlines"),  # (a line break stays one: it ends a negation's scope)
    ("llegó\x00 roto\u200b", "llegó roto"),
    ("buenísimo :)", "buenísimo emopos"),
    ("nunca llegó :(:(", "nunca llegó emoneg emoneg"),  # the ')(' ... '(:' junction is no smile
    (":) :(", "emopos emoneg"),
    ("", ""),
    ("¿Recomendable? Sí", "recomendable: sí"),
    ("Gracias por nada!!", "gracias por nada emosarc !"),
    ("gracias x nada", "gracias x nada emosarc"),
    ("¿Volvería? Ni loco.", "no volvería, ni loco."),
    ("¿Lo recomiendo? Para nada", "no lo recomiendo, para nada"),
    ("¿Cómo cambio mi contraseña?", "¿cómo cambio mi contraseña?"),
    ("¿Dónde puedo descargar la factura del mes pasado? No la encuentro", "¿dónde puedo descargar la factura del mes pasado? no la encuentro"),
    # A help desk's HTML export: tags are no words, entities are their characters; '<3' and '<nombre>' stay text
    # (a '<br>' or a '</p>' is a line break: it ends a negation's scope)
    ("<p>Llevo <b>tres</b> semanas esperando.</p>", "llevo tres semanas esperando."),
    ('<div class="msg">Hola&nbsp;equipo<br/>Gracias &amp; saludos</div>', "hola equipo\ngracias & saludos"),
    ("Os quiero <3 <nombre>", "os quiero emopos <nombre>"),
    # a tag's attributes are name="value": a '<' before a tag's name and a '>' further on are no tag
    ("Tardan <a veces> una semana; a<b y c>d", "tardan <a veces> una semana; a<b y c>d"),
    ('<a href="https://x.es/?a=1&amp;b=2" target=_blank>aquí</a><td colspan=2 />', "aquí"),
    # an HTML attribute written bare (Outlook's tables) is one too: '<td nowrap>' was read as words
    ('<td nowrap>Lento</td><hr noshade><img src="x.png" alt>', "lento"),
    # only a whole entity is one: html.unescape read the start of '&notas;' as '&not' ('Q¬as;')
    ("Q&notas; y Tom&amper; sí, &para; no", "q&notas; y tom&amper; sí, ¶ no"),
    # in HTML, the commonest entities without their ';' are decoded as browsers decode them: '&nbsp' was a word
    ("<p>Hola&nbsp equipo<br>Gracias &amp saludos, &lt &gt &quot</p>", 'hola equipo\ngracias & saludos, < > "'),
    ("Hola&nbsp;equipo, &amp todo", "hola equipo, & todo"),
    # not before a letter ('&ampere'), nor in plain text ('AT&T', '&nbsp' where nothing else is HTML)
    ("<b>&ampere y AT&T</b>", "&ampere y at&t"), ("Hola&nbsp equipo", "hola&nbsp equipo"),
    # an e-mail's body as help desks keep it: its page's tags and Word's paragraph ends (Outlook's '<o:p>')
    ('<html><head><meta charset="utf-8"></head><body><p class=MsoNormal>Muy lento<o:p></o:p></p></body></html>',
     "muy lento"),
    ("<!doctype html><html><body>Muy lento</body></html>", "muy lento"),
    ("<!doctype> y <!DOCTYPE x>", "<!doctype> y <!doctype x>"),
])
def test_normalize_text(text_in, text_out):
    assert normalize_text(text_in) == text_out


@pytest.mark.parametrize("text_in, text_out", [
    ("atención", "atencion"), ("año", "año"), ("ÉXITO", "EXITO"), ("ü", "u"), ("plain", "plain"),
])
def test_strip_accents_keeps_enye(text_in, text_out):
    assert strip_accents(text_in) == text_out


def test_repeated_chars_keeps_spanish_double_letters():
    assert repeated_chars("llamé, leer, perro, accesorio") == "llamé, leer, perro, accesorio"


def test_html_markup_does_not_change_the_labels(model):
    """A Zendesk or Medallia comment keeps its formatting as HTML: '<p>' and '<b>' made this one a website comment."""
    html = model.classify("<p>Llevo <b>tres</b> semanas esperando.</p>")
    plain = model.classify("Llevo tres semanas esperando.")
    assert (html.sentiment, html.touchpoints, html.areas) == (plain.sentiment, plain.touchpoints, plain.areas)
    assert html.touchpoints == ("delivery",)


@pytest.mark.parametrize("text, normalised", [
    ("=)", "emopos"), ("=(", "emoneg"), (":-D", "emopos"), ("=D", "emopos"), ("♥", "emopos"),
    ("Arreglen la app 🙏", "arreglen la app"),  # 'please' as often as 'thanks': no sentiment
    ("Gracias =)", "gracias emopos"), ("x=(a)", "x=(a)"),
])
def test_common_emoticons_and_hearts_are_sentiment_words(text, normalised):
    # '=)' and '♥' were dropped: an answer of only them was no_comment while ':)' and '❤' were ok
    assert normalize_text(text) == normalised


@pytest.mark.parametrize("text, normalised", [
    ("Llegó el pedido:(", "llegó el pedido emoneg"), ("Me atendieron:)", "me atendieron emopos"),
    ("Llegó hoy;)", "llegó hoy emopos"), ("Entregado=)", "entregado emopos"),
    ("Hora:(10am)", "hora:(10am)"), ("Nota:Dios", "nota:dios"), ("ALFRED: hola", "alfred: hola"),
    # a letter for a mouth after a word is a value, not a smile
    ("Nota:D", "nota:d"), ("Calificación:D", "calificación:d"), ("Tipo=D", "tipo=d"),
    ("Buenísimo :D", "buenísimo emopos"),
])
def test_an_emoticon_typed_without_its_space_is_a_sentiment_word(text, normalised):
    # 'Llegó el pedido:(' kept ':(' as punctuation and was classified positive; with a space it was negative
    assert normalize_text(text) == normalised


@pytest.mark.parametrize("text", ["Pé\u00adsimo servicio", "Pé\u2060simo servicio"])
def test_a_soft_hyphen_or_word_joiner_inside_a_word_is_removed(text):
    # they stayed inside the word: 'pé\xadsimo' was a word no model had seen, and the comment read less negative
    assert normalize_text(text) == "pésimo servicio"


@pytest.mark.parametrize("text, normalised", [
    ("Entrega rapidísima 💨", "entrega rapidísima"), ("😮 qué precio", "qué precio"), ("😮‍💨", "emoneg"),
    ("Llegó tarde 😮‍💨", "llegó tarde emoneg"),
])
def test_the_parts_of_an_emoji_sequence_carry_no_sentiment_of_their_own(text, normalised):
    # '😮‍💨' was listed as three characters: '💨' alone was 'emoneg', and 'Entrega rapidísima 💨' scored 0.2, not 1.0
    assert normalize_text(text) == normalised


@pytest.mark.parametrize("text, normalised", [
    ("¿Volvería? Nooo", "no volvería, no"), ("¿Lo recomiendo? NOOOO!!!", "no lo recomiendo, no!"),
    ("¿Volvería? Nomás por el precio", "volvería: nomás por el precio"),
])
def test_a_no_with_letters_repeated_answers_the_question_no(text, normalised):
    # '¿Volvería? Nooo' read as 'volvería: no', a yes
    assert normalize_text(text) == normalised


@pytest.mark.parametrize("text, normalised", [
    ("¿La app? No funciona", "la app: no funciona"), ("¿El envío? Nunca llegó", "el envío: nunca llegó"),
    ("¿Volvería? No.", "no volvería, no."), ("¿Volvería? No, nunca", "no volvería, no, nunca"),
    ("¿Volvería? Nunca más", "no volvería, nunca más"), ("¿Volvería? No 😡", "no volvería, no emoneg"),
    ("¿Volvería? Ni loco vuelvo", "no volvería, ni loco vuelvo"),
])
def test_a_no_followed_by_its_own_words_does_not_answer_the_question(text, normalised):
    # '¿La app? No funciona' was 'no la app, no funciona': the 'no' of 'no funciona' negated the app
    assert normalize_text(text) == normalised


def test_an_emails_style_sheet_and_html_comments_are_no_words():
    # Outlook's CSS and '<!-- [if mso] -->' stayed as words of the comment
    from cxnlp.text.normalize import html_markup

    body = ('<html><head><STYLE type="text/css">p.MsoNormal {margin:0cm; font-family:Calibri}</style>'
            '<!-- [if gte mso 9] xml --></head><body><p>Pésimo servicio</p></body></html>')
    assert html_markup(body).split() == ["Pésimo", "servicio"]
    assert html_markup("a <!-- b <style> c") == "a <!-- b <style> c"  # never closed: as written
    start = time.process_time()
    for text in ("<!--" * 50_000, "<style>" * 50_000, "<!--<style " * 50_000):
        html_markup(text)
    assert time.process_time() - start < 1.0


def test_a_style_tag_named_in_prose_keeps_the_words_after_it():
    # the words between a literal '<style>' and '</style>' were dropped as if they were an e-mail's CSS
    from cxnlp.text.normalize import html_markup

    prose = "Usé la etiqueta <style> del blog y </style> no cerraba"
    assert html_markup(prose) == prose
    assert normalize_text(prose) == "usé la etiqueta <style> del blog y </style> no cerraba"
    assert html_markup("<style>p.x {margin:0}</style>Pésimo") == " Pésimo"  # a CSS rule: a style sheet
    assert html_markup("<p>Pésimo</p><style>sin reglas</style>").split() == ["Pésimo"]  # other tags: HTML
    start = time.process_time()
    for text in ("<style> palabras " * 6_000 + "</style>", ("a" * 50_000 + "<style>") * 2 + "</style>"):
        assert html_markup(text) == text
    assert time.process_time() - start < 1.0


def test_fullwidth_letters_are_read_as_their_ascii_forms():
    # 'ＬＬＥＧÓ ＴＡＲＤＥ' was read as the unseen words 'ｌｌｅｇó ｔａｒｄｅ' (touchpoint 'product', not 'delivery')
    from cxnlp.text.normalize import fullwidth, normalize_many

    assert normalize_text("ＬＬＥＧÓ ＴＡＲＤＥ，ｐéｓｉｍｏ！ １０") == normalize_text("LLEGÓ TARDE,pésimo! 10") == \
        "llegó tarde,pésimo! numx"
    assert normalize_many(["ＬＬＥＧÓ ＴＡＲＤＥ"] * 2_000)[0] == "llegó tarde"
    assert len(fullwidth("ＬＬＥＧÓ")) == 5 and fullwidth("ｶﾀｶﾅ　año") == "ｶﾀｶﾅ　año"  # one for one; no other forms


def test_a_combining_accent_after_a_fullwidth_letter_composes_with_its_ascii_form():
    # 'ｐｅ\u0301ｓｉｍｏ' was read 'pe\u0301simo', a word no model has seen: NFC ran before the fullwidth forms were
    # ASCII, and 'ｅ' + U+0301 has no composed form
    from cxnlp.text import segment
    from cxnlp.text.normalize import normalize_many
    from cxnlp.text.status import coerce_text
    from cxnlp.text.tokenize import SpanishTokenizer

    assert normalize_text("ｐｅ\u0301ｓｉｍｏ") == normalize_text("ＰＥ\u0301ＳＩＭＯ") == "pésimo"
    assert normalize_text("ｐe\u0301ｓｉｍｏ") == normalize_text("ｐéｓｉｍｏ") == "pésimo"
    assert normalize_many(["ｐｅ\u0301ｓｉｍｏ"] * 2_000)[0] == "pésimo"
    given = "Ｅｌ ｓｅｒｖｉｃｉｏ ｐｅ\u0301ｓｉｍｏ. Ｐｅｒｏ la app bien."
    assert coerce_text(given) == "El servicio pésimo. Pero la app bien."
    units = segment.align(segment.split(coerce_text(given)), given)  # offsets into the text as given
    assert [(u.start, u.end) for u in units] == [(0, 20), (21, 38)] and units[0].text == given[:20]

@pytest.mark.parametrize("html, typed", [
    ("<p>pé&shy;simo</p>", "pésimo"), ("<p>pe&#769;simo</p>", "pésimo"), ("<p>p&eacute;&#8203;simo</p>", "pésimo"),
    ("<p>Hola&#8203;mundo</p>", "Hola mundo"), ("<p>&#xFF30;&#xFF25;&#xFF33;&#xFF29;&#xFF2D;&#xFF2F;</p>", "PESIMO"),
    ("<b>mal</b>&#xfeff;", "mal"), ("Servicio pé&shy;si&shy;mo &amp; lento", "Servicio pésimo & lento"),
])
def test_a_character_an_html_entity_decodes_to_is_read_as_the_same_character_typed(html, typed):
    # the entities were decoded after the steps that read those characters: '&shy;' (a soft hyphen, common in web
    # text) stayed inside 'pé\xadsimo', '&#8203;' glued 'hola\u200bmundo', '&#769;' left 'pe\u0301simo' uncomposed
    from cxnlp.text.normalize import normalize_many

    assert normalize_text(html) == normalize_text(typed)
    assert normalize_many([html] * 1_000)[0] == normalize_text(typed)

def test_a_combining_accent_after_an_invisible_character_composes_with_the_letter_before_it():
    # 'pe\u00ad\u0301simo' (a soft hyphen between the letter and its accent) looks like 'pésimo' but was read
    # 'pe\u0301simo': NFC ran before the invisible character was removed
    for invisible in ("\u00ad", "\u200b", "\u2060", "\u200c"):
        assert normalize_text(f"Servicio pe{invisible}\u0301simo") == "servicio pésimo"

def test_fullwidth_forms_are_replaced_one_pass_in_c_per_form():
    # str.translate looks each character up in a dict: on a 16-million-character comment with one fullwidth letter
    # it held the interpreter, and the service's other threads, for a second
    from cxnlp.text.normalize import fullwidth

    class NoTranslate(str):
        def translate(self, table):
            raise AssertionError("a look-up per character")

    every_form = "".join(map(chr, range(0xFF01, 0xFF5F)))
    assert fullwidth(NoTranslate(every_form + " año ｶﾀ")) == "".join(map(chr, range(0x21, 0x7F))) + " año ｶﾀ"
    assert fullwidth(NoTranslate("ＬＬＥＧÓ ＴＡＲＤＥ\n" * 1_000)) == "LLEGÓ TARDE\n" * 1_000

@pytest.mark.parametrize("text", ["Qué bien, otra vez tarde", "¿Volvería? Ni loco", "¿Volvería? No lo creo",
                                  "¿Volvería? Para nada", "¿Rápido? No del todo", "¿Volvería? Ni de broma"])
@pytest.mark.parametrize("space", ["\u00a0", "  ", "\u202f"])
def test_a_phrase_reads_the_same_whatever_the_space_between_its_words(text, space):
    # 'Qué\u00a0bien, otra\u00a0vez' (a no-break space, as web forms and Word leave) lost its sarcasm and
    # '¿Volvería? Ni\u00a0loco' was read as a yes: the phrases were written with one plain space
    assert normalize_text(text.replace(" ", space)) == normalize_text(text)

@pytest.mark.parametrize("text", ["¿Volvería? Ni_loco", "¿Volvería? No lo_creo", "¿Volvería? Para_nada",
                                  "¿Rápido? No del_todo", "¿Volvería? Ni de_broma", "¿Volvería? De ninguna_manera"])
@pytest.mark.parametrize("line_end", ["\n", "\n\n", "\r\n", "\u2028", " \n "])
def test_a_phrase_does_not_run_across_a_line_end(text, line_end):
    # with any run of spaces between its words, a phrase ran across lines, where a line end ends a unit:
    # '¿Volvería? Ni\nloco' was read as a refusal, 'Qué\n\nbien, otra vez' as sarcasm
    assert normalize_text(text.replace("_", " ")).startswith("no volvería" if "Volvería" in text else "no rápido")
    assert not normalize_text(text.replace("_", line_end)).startswith("no ")
    assert "emosarc" in normalize_text("Qué\u00a0bien, otra vez") and "emosarc" not in normalize_text(
        f"Qué{line_end}bien, otra vez") and "emosarc" not in normalize_text(f"Qué bien, otra{line_end}vez")


@pytest.mark.parametrize("line_end", ["\n", "\n\n", "\r\n", "\u2028", " \n "])
def test_the_other_fixed_phrases_do_not_run_across_a_line_end_either(line_end):
    # 'Gracias\npor\nnada' was sarcasm and 'Nunca\nmás vuelvo' one phrase, where the other fixed phrases had stopped
    # at a line end; and a 'No' or 'Nunca' that ends its line negated the next line's first word, not the question
    assert "emosarc" in normalize_text("Gracias\u00a0por  nada")
    assert "emosarc" not in normalize_text(f"Gracias{line_end}por{line_end}nada")
    assert "emosarc" not in normalize_text(f"Gracias por{line_end}nada")
    assert normalize_text(f"¿Volvería? No{line_end}La app falla").startswith("no volvería, ")
    assert normalize_text(f"¿Volvería? Nunca{line_end}más vuelvo").startswith("no volvería, ")
    assert normalize_text("¿Volvería? Nunca más vuelvo").startswith("volvería: ")
    assert normalize_text("¿Volvería? No la app falla").startswith("volvería: ")


def test_latin_ligatures_are_read_as_their_letters():
    # 'conﬁrmado' (U+FB01, as a PDF or a word processor exports 'fi') was a word no model has seen
    from cxnlp.text.normalize import normalize_many

    typed = normalize_text("Pedido confirmado, muy eficiente, sin fallos")
    assert normalize_text("Pedido conﬁrmado, muy eﬁciente, sin fallos") == typed
    assert normalize_text("Pedido con&#64257;rmado, muy e&#xFB01;ciente, sin fallos") == typed
    assert normalize_many(["Pedido conﬁrmado, muy eﬁciente, sin fallos"] * 1_000)[0] == typed
    assert normalize_text("ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ") == "ff fi fl ffi ffl st st"

def test_an_empty_style_block_is_markup():
    # '<style></style>' (an editor's empty style sheet) was read as the word 'style' and classified as a comment,
    # where '<p></p>' is empty; '<style type="text/css">' gave the words 'style type text css'
    from cxnlp.text.normalize import html_markup
    from cxnlp.text.status import coerce_text, status_of

    assert status_of(coerce_text("<style></style>")) == "empty"
    assert status_of(coerce_text("<style>\n</style>")) == "empty"
    assert normalize_text('<style type="text/css">\n</style>Pésimo servicio') == "pésimo servicio"
    assert html_markup("Uso <style></style> y nada") == "Uso   y nada"
    prose = "Usé la etiqueta <style> del blog y </style> no cerraba"  # words inside: prose, kept
    assert html_markup(prose) == prose
    start = time.process_time()
    for text in ("<style></style>" * 7_000, "<style>" + " " * 100_000 + "</style>", "<style>>" * 12_500 + "</style>"):
        assert html_markup(text).strip() == "" or html_markup(text) == text
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize("text, expected", [
    ("Escribí a @TiendaX y a soporte@tienda.es", "Escribí a @TiendaX y a  emailx "),
    ("@TiendaX no contesta", "@TiendaX no contesta"),  # a mention: no domain after its '@'
    ("Gracias @Banco.", "Gracias @Banco."),
])
def test_emails_beside_mentions(text, expected):
    assert emails(text) == expected


@pytest.mark.parametrize("text, normalised", [
    ("¿Volvería? Nunca jamás", "no volvería, nunca jamás"), ("¿Volvería? No no no", "no volvería, no no no"),
    ("¿Volvería? NO NUNCA", "no volvería, no nunca"), ("¿Volvería? No gracias", "no volvería, no gracias"),
    ("¿Volvería? No lo creo", "no volvería, no lo creo"), ("¿Volvería? No ni loco", "no volvería, no ni loco"),
    ("¿Volvería? Nunca jamás volveré", "no volvería, nunca jamás volveré"), ("¿Rápido? No mucho", "no rápido, no mucho"),
    ("¿Soporte? No hay", "no soporte, no hay"), ("¿Lo recomiendo? No lo sé", "lo recomiendo: no lo sé"),
])
def test_a_no_followed_by_another_refusal_or_a_degree_still_answers_the_question(text, normalised):
    # once a bare 'no' alone answered, '¿Volvería? Nunca jamás' and '¿Volvería? No no no' were read as a yes
    assert normalize_text(text) == normalised


def test_a_long_chain_of_refusals_is_read_in_linear_time():
    import time

    text = "¿Volvería? " + "no, " * 50_000 + "volveré"
    started = time.process_time()
    normalize_text(text)
    assert time.process_time() - started < 2


@pytest.mark.parametrize("text, normalised", [
    ("escribe a juan\u200bperez@gmail.com ya", "escribe a emailx ya"),
    ("ver https://example.com/pa\u200bgina ok", "ver urlx ok"), ("www.tienda\u200bonline.com", "urlx"),
    ("10\u200b000 pesos", "numx pesos"), ("Hola\u200bmundo", "hola mundo"),
])
def test_a_zero_width_space_in_a_link_or_a_number_cuts_neither(text, normalised):
    # 'juan\u200bperez@gmail.com' became 'juan emailx' and 'https://example.com/pa\u200bgina' 'urlx gina'
    assert normalize_text(text) == normalised


def test_control_characters_are_replaced_one_pass_in_c_per_character(monkeypatch):
    # two regex substitutions over a 16-million-character comment full of '\r\n' or NUL held the interpreter, and the
    # service's other threads, for seconds: each character is now one str.replace, and the regex only finds the first
    from cxnlp.text import normalize

    class SearchOnly:
        search = normalize._RE_CONTROL.search

        def sub(self, *args):
            raise AssertionError("a regex substitution over the whole text")

    monkeypatch.setattr(normalize, "_RE_CONTROL", SearchOnly())
    # (not U+200E, U+200F: bidirectional marks, removed by ``invisible_chars``, as made spaces they cut the word they
    # were in; see the next test)
    line_ends, others = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\x00\x07\x1f\x7f\x9f\ufeff"
    assert normalize.control_chars(f"a{line_ends}b{others}c\td\n") == f"a{chr(10) * 9}b{' ' * 6}c\td\n"
    assert normalize.control_chars("línea\r\n" * 100_000) == "línea \n" * 100_000
    assert normalize.control_chars("Hola\u200bmundo\x00") == "Hola mundo "
    assert normalize.control_chars("sin control\n") == "sin control\n"


def test_a_left_to_right_or_right_to_left_mark_inside_a_word_is_removed_not_made_a_space():
    """U+200E and U+200F were control characters made spaces (the test of ``control_chars`` above listed them):
    'aten\u200fción' was 'aten ción', read as 'atar' and 'cion'. They are bidirectional marks, no separators, shown as
    nothing: removed like the others (U+2066–2069, the Arabic letter mark), so between two words with no space they
    join them as a reader sees them, and beside a space they leave it."""
    from cxnlp.text import normalize
    from cxnlp.text.tokenize import SpanishTokenizer

    assert normalize_text("Aten\u200fción pé\u200esima") == "atención pésima"
    assert SpanishTokenizer()(normalize_text("aten\u200fción")) == SpanishTokenizer()("atención")
    assert normalize_text("atención\u200ffue") == normalize_text("atención\u2069fue") == "atenciónfue"
    assert normalize_text("\u200fmuy \u200ebien\u200f") == "muy bien"
    assert normalize.control_chars("aten\u200fción") == "aten\u200fción"  # (offsets kept: removed where none are)


def test_variation_selectors_and_the_grapheme_joiner_are_removed_from_words():
    """A variation selector (U+FE00–FE0F, U+E0100–E01EF) or the combining grapheme joiner U+034F after a letter stayed
    on the word: 'pésimo\ufe0e' was a token no model has seen ('pesimo\ufe0e'), 'pé\u034fsimo' another. They are
    printable marks, so the early return of ``invisible_chars`` on printable text skipped them too."""
    from cxnlp.text.normalize import invisible_chars
    from cxnlp.text.tokenize import SpanishTokenizer

    tokens = SpanishTokenizer()(normalize_text("Pésimo servicio"))
    for mark in ("\ufe00", "\ufe0e", "\ufe0f", "\U000e0100", "\U000e01ef", "\u034f"):
        assert normalize_text(f"Pésimo{mark} servicio") == "pésimo servicio", ascii(mark)
        assert SpanishTokenizer()(normalize_text(f"Pé{mark}simo servicio{mark}")) == tokens, ascii(mark)
    assert invisible_chars("pe\u034f\u0301simo") == "pésimo"  # (the joiner blocked the accent's composition)
    assert normalize_text("❤\ufe0f genial") == "emopos genial"


def test_a_latin_1_text_is_not_searched_for_variation_selectors(monkeypatch):
    """None of the marks is Latin-1, so a Latin-1 text (most Spanish comments) is returned without a search for them:
    the search, run twice for each row's status, made ``status_of`` about 10% slower on long comments."""
    from cxnlp.text import normalize

    searched = []
    monkeypatch.setattr(normalize, "_RE_MARKS", type("Marks", (), {"search": lambda self, t: searched.append(t)})())
    latin_1 = "Pésimo servicio, ¿qué pasó? Atención «mala»"
    assert normalize.invisible_chars(latin_1) == latin_1
    assert searched == []
    assert normalize.invisible_chars("Pésimo servicio 😡") == "Pésimo servicio 😡"  # (not Latin-1: searched)
    assert searched == ["Pésimo servicio 😡"]


def test_a_word_cut_into_more_than_five_pieces_by_zero_width_spaces_is_joined():
    # only four pieces after the first were read: 'per\u200bso\u200bna\u200bli\u200bza\u200bda' was 'personaliza da'
    from cxnlp.text.status import coerce_text
    from cxnlp.text.tokenize import SpanishTokenizer

    assert normalize_text("Aten\u200bción per\u200bso\u200bna\u200bli\u200bza\u200bda") == "atención personalizada"
    assert normalize_text("de\u200bsa\u200bgra\u200bde\u200bci\u200bdo") == "desagradecido"
    assert normalize_text("PER\u200bSO\u200bNA\u200bLI\u200bZA\u200bDA") == "personalizada"
    assert normalize_text("per\u200bso\u200bna\u200bli\u200bza\u200bda\u200bservicio") == "personalizada servicio"
    assert coerce_text("per\u200bso\u200bna\u200bli\u200bza\u200bda") == "per\u200bso\u200bna\u200bli\u200bza\u200bda"


def test_a_run_cut_at_every_letter_is_judged_with_a_few_look_ups_per_zero_width_space():
    # any number of pieces is read, but past the fourth only while their first letters start a word: 'a\u200ba\u200b…'
    # would otherwise look up 31 words at each zero-width space
    from cxnlp.text import _zero_width

    normalize_text("pé\u200bsimo")  # the lemma table is read
    alphabet = "\u200b".join("abcdefghijklmnopqrstuvwxyz" * 100)
    for hostile in ("a\u200b" * 3_000, alphabet, "c\u200ba\u200bs\u200ba\u200b" * 500):
        _zero_width._is_a_word.cache_clear()
        normalize_text(hostile)
        looked_up = _zero_width._is_a_word.cache_info()
        assert looked_up.hits + looked_up.misses <= 5 * hostile.count("\u200b")


def test_an_adverb_in_mente_cut_by_zero_width_spaces_is_joined():
    # the lemma table lists no adverb in '-mente': 're\u200bco\u200bmen\u200bda\u200bble\u200bmente' was read
    # 'recomendable mente' and 'cla\u200bra\u200bmen\u200bte' 'clara mente'
    assert normalize_text("re\u200bco\u200bmen\u200bda\u200bble\u200bmente") == "recomendablemente"
    assert normalize_text("Lle\u200bgó rá\u200bpi\u200bda\u200bmen\u200bte") == "llegó rápidamente"
    assert normalize_text("cla\u200bra\u200bmen\u200bte") == "claramente"
    assert normalize_text("la\u200bmente") == "la mente" and normalize_text("una\u200bmente") == "una mente"


@pytest.mark.parametrize("text", [
    "\u202bLa atención fue pésima\u202c", "\u2067La atención fue pésima\u2069", "La aten\u2068ción fue pésima",
    "La atención\u061c fue pésima", "La aten\u180eción fue pé\u2062sima", "La atención fue pésima\U000e0067",
])
def test_bidirectional_and_other_format_characters_are_removed_like_a_soft_hyphen(text):
    # the marks of right-to-left embeddings and isolates, the Arabic letter mark, the invisible operators, the
    # Mongolian vowel separator and emoji tags stayed in the words: 'pésima\u2069' was no word a model has seen
    assert normalize_text(text) == "la atención fue pésima"


def test_the_invisible_separator_between_two_words_is_a_space():
    # U+2063 separates by definition: removed as the other format characters are, it glued 'pésimoservicio'
    assert normalize_text("pésimo\u2063servicio") == "pésimo servicio"
    assert normalize_text("La atención\u2063fue pésima") == "la atención fue pésima"
    # a bidirectional mark is no separator: removed, inside a word as between two (docs/labels.md says so)
    assert normalize_text("La aten\u2068ción\u2069fue") == "la atenciónfue"


def test_the_word_starts_are_built_only_for_a_word_cut_into_more_than_five_pieces(monkeypatch):
    # they were built with the lemma table, on any zero-width space between two letters: a tenth of a second more at
    # the first 'pé\u200bsimo' of each process (the service, every Dask or Spark worker) that never needs them
    from cxnlp.text import _zero_width

    def build_the_starts():
        raise AssertionError("the word starts were built")

    _zero_width._starts_a_word.cache_clear()
    monkeypatch.setattr(_zero_width, "_word_starts", build_the_starts)
    assert normalize_text("Pé\u200bsi\u200bmo aten\u200bción, no\u200bfunciona") == "pésimo atención, no funciona"
    monkeypatch.undo()
    assert normalize_text("per\u200bso\u200bna\u200bli\u200bza\u200bda") == "personalizada"


def test_a_long_run_of_pieces_that_start_words_is_read_no_further_than_the_longest_word():
    # past the fourth piece, pieces are read while their first letters start a word ('desde', 'des…'): only the
    # 32-letter bound keeps that reading from going on to the end of the run, 1,000 pieces here (hundreds of look-ups
    # at each zero-width space, quadratic); at most one look-up per letter that may join, whatever the run's length
    from cxnlp.text import _zero_width

    normalize_text("pé\u200bsimo")  # the lemma table is read
    for hostile in ("des\u200b" * 1_000, "\u200b".join("desde" * 400), "\u200b".join("DESDE" * 400),
                    "\u200b".join("desagradecido" * 200)):
        _zero_width._is_a_word.cache_clear()
        normalize_text(hostile)
        looked_up = _zero_width._is_a_word.cache_info()
        assert looked_up.hits + looked_up.misses <= _zero_width._LONGEST_WORD * hostile.count("\u200b")


def test_pieces_past_the_fourth_are_read_only_where_the_first_letters_start_a_word(monkeypatch):
    # 31 pieces were read at each zero-width space of 'a\u200ba\u200b…' to use 4 of them (half as fast as before)
    from cxnlp.text import _zero_width

    read_on = []

    class Counted:
        def match(self, text, pos):
            read_on.append(pos)
            return more.match(text, pos)

    more = _zero_width._RE_MORE_PIECES
    monkeypatch.setattr(_zero_width, "_RE_MORE_PIECES", Counted())
    assert normalize_text("a\u200b" * 3_000) == "a " * 2_999 + "a"
    assert normalize_text("\u200b".join("xyzwq" * 200)) == " ".join("xyzwq" * 200)
    assert not read_on
    assert normalize_text("per\u200bso\u200bna\u200bli\u200bza\u200bda") == "personalizada" and read_on


def test_an_adverb_in_mente_after_a_word_or_cut_at_every_letter_is_joined():
    # a '-mente' adverb that only the joining makes ('rectamente': 'recta' + 'mente') counted as a word standing on its
    # own, so after another one it stayed cut: 'di\u200brectamente' was 'di rectamente'; and past the fourth piece the
    # first five letters must start a word, and 'solam' started none: 'sola' + 'mente' was read 'sol amen te'
    assert normalize_text("Lo en\u200bvia\u200bron di\u200brectamente") == "lo enviaron directamente"
    assert normalize_text("s\u200bolamente") == "solamente"
    assert normalize_text("s\u200bo\u200bl\u200ba\u200bm\u200be\u200bn\u200bt\u200be") == "solamente"
    assert normalize_text("M\u200bA\u200bL\u200bA\u200bM\u200bE\u200bN\u200bT\u200bE") == "malamente"
    assert normalize_text("sola\u200bmente") == "sola mente" and normalize_text("muy\u200bclaramente") == "muy claramente"


def test_a_line_break_before_a_lower_case_letter_is_a_wrapped_line():
    """A line break was kept as one to end a negation's scope, but a phrase wrapped by its line's end (an e-mail's
    plain text, a cell's fixed width) was cut: 'el producto no funciona\\nbien' read 'bien' as not negated. A break
    before a lower-case letter is a space; before a capital, a mark or a blank line it stays one."""
    assert normalize_text("El producto no funciona\r\nbien, la verdad") == "el producto no funciona bien, la verdad"
    assert normalize_text("no me provoca<br> volver") == "no me provoca volver"
    assert normalize_text("No me gustó\n  Bueno el precio") == "no me gustó\nbueno el precio"
    assert normalize_text("No me gustó\n¡bueno el precio!") == "no me gustó\n¡bueno el precio!"
    assert normalize_text("No me gustó\n\nBueno\r\nel precio\u2028") == "no me gustó\nbueno el precio"
    assert normalize_text(" \n" * 50_000 + "a") == normalize_text("\n" * 100_000 + "a") == "a"


@pytest.mark.parametrize("blank", ["\n\n", "\r\n\r\n", "\r\r", "\n \n", "\u2028\u2028", "\u2029", " \r\n\t\r\n "])
def test_a_blank_line_ends_a_paragraph_whatever_case_follows(blank):
    """'\\r\\n' was two line breaks, a blank line, and a blank line before a lower-case word was read as a wrapped
    line: 'No me gustó\\n\\nbueno el precio' negated 'bueno'. A blank line (U+2029, a paragraph separator, too) ends
    the paragraph; one line end, Windows' '\\r\\n' too, before a lower-case word is still a wrapped line."""
    from cxnlp.text.segment import split
    from cxnlp.text.status import coerce_text
    from cxnlp.text.tokenize import SpanishTokenizer

    tok = SpanishTokenizer()
    text = f"No me gustó{blank}bueno el precio"
    assert normalize_text(text) == "no me gustó\nbueno el precio"
    assert tok(normalize_text(text))[3:] == ["bueno", "el", "preciar"]
    assert [unit.text for unit in split(coerce_text(text))] == ["No me gustó", "bueno el precio"]
    for line_end in ("\n", "\r\n", "\r", "\u2028", " \n "):
        assert normalize_text(f"El producto no funciona{line_end}bien") == "el producto no funciona bien"


@pytest.mark.parametrize("escaped", ["&lt;br&gt;", "&lt;br/&gt;", "&LT;BR /&GT;", "&amp;lt;br&amp;gt;",
                                     "&lt;/p&gt;&lt;p&gt;", "&amp;amp;lt;br&amp;amp;gt;"])
def test_an_escaped_break_tag_is_a_line_break_not_words(escaped):
    # a survey tool that escapes its input exported '<br>' as '&lt;br&gt;': decoded, it was the word 'br' (and
    # '&amp;lt;br&amp;gt;' the words 'lt', 'br', 'gt'), and 'No me gustó&lt;br&gt;Bueno' negated 'bueno'
    from cxnlp.text.normalize import html_markup

    assert normalize_text(f"No me gustó{escaped}Bueno el precio") == normalize_text("No me gustó<br>Bueno el precio")
    unescaped = escaped.replace("amp;", "").replace("&lt;", "<").replace("&gt;", ">")
    read = normalize_text(f"Mala atención{escaped}buen precio")
    assert read == normalize_text(f"Mala atención{unescaped}buen precio") and "br" not in read
    for prose in ("a &lt; b y c &gt; d", "a &lt;b y c&gt; d", "&lt;3 gracias&gt;", "&lt;nombre&gt;", "&lt;br"):
        assert html_markup(prose) == html_markup(prose.replace("&lt;", "<").replace("&gt;", ">"))


@pytest.mark.parametrize("written, line_end", [("\\n", "\n"), ("\\r\\n", "\r\n"), ("_x000D_\n", "\r\n"),
                                                ("_x000D_", "\r"), ("_x000A_", "\n"), ("\\n\\n", "\n\n"),
                                                ("_x000D__x000A__x000D__x000A_", "\r\n\r\n")])
def test_a_line_end_an_export_wrote_as_text_is_a_line_end(written, line_end):
    # a JSON string's '\n' written out (a comment encoded twice) and Excel XML's '_x000D_' (as pandas and openpyxl
    # hand it over) were words: 'No me gustó\nBueno' was the one word 'gustó\nbueno', '_x000D_' the word 'x0d'
    from cxnlp.text.normalize import control_chars
    from cxnlp.text.segment import split
    from cxnlp.text.status import coerce_text

    for text in ("No me gustó{}Bueno el precio", "El producto no funciona{}bien", "No me gustó{}bueno el precio"):
        assert normalize_text(text.format(written)) == normalize_text(text.format(line_end)), text
        assert [unit.text.split() for unit in split(coerce_text(text.format(written)))] == [
            unit.text.split() for unit in split(coerce_text(text.format(line_end)))], text
    assert len(control_chars(f"Hola{written}equipo")) == len(f"Hola{written}equipo")  # offsets are kept
    assert control_chars("C:\\ruta y x000D y _x000B_") == "C:\\ruta y x000D y _x000B_"


def test_an_excel_escape_inside_a_code_is_no_line_end():
    # a product code that holds the text '_x000D_' between a capital or a digit and a digit was split in two words
    from cxnlp.text.normalize import control_chars

    assert control_chars("el código ABC_x000D_123 no llega") == "el código ABC_x000D_123 no llega"
    assert normalize_text("el código ABC_x000D_123 no llega").split()[2].startswith("abc_x")  # (one word)
    assert control_chars("Hola_x000D_123 pesos") == "Hola      \n123 pesos"  # (after a word, a line end)


@pytest.mark.parametrize("source_line_end", ["\n", "\r\n", "  \r\n  ", "\r"])
def test_a_break_tag_and_the_source_line_end_after_it_are_one_line_break(source_line_end):
    # review of text7: '<br>\r\n' (a help desk's HTML, one line in a browser) was two line breaks, a blank line that
    # ends a paragraph, so 'No funciona<br>\r\nbien' no longer read 'bien' as a wrapped line, as '<br>' alone does
    text = f"No funciona<br>{source_line_end}bien el producto"
    assert normalize_text(text) == normalize_text("No funciona<br>bien el producto") == "no funciona bien el producto"
    assert normalize_text(f"No me gustó<br>{source_line_end}<br>bueno el precio") == "no me gustó\nbueno el precio"
    assert normalize_text(f"No me gustó</p>{source_line_end}<p>bueno") == "no me gustó\nbueno"
    assert normalize_text(f"Mal<b>x</b>{source_line_end}Bueno") == "mal x\nbueno"


@pytest.mark.parametrize("written", ["C:\\nuevo\\archivo no abre", "C:\\nuevo no abre", "Servicio malo \\\\nuevo intento",
                                     "el filtro \\d+\\n no sirve"])
def test_a_backslash_n_of_a_path_or_code_is_no_line_end(written):
    # review of text7: a JSON string's '\\n' written out is a line end, but a Windows path's was one too, and cut a
    # word: 'C:\\nuevo\\archivo' was 'c: uevo\\archivo'; so was the 'n' after an escaped backslash ('\\\\nuevo')
    assert normalize_text(written) == written.lower()
    assert normalize_text("No me gustó\\nbueno") == "no me gustó bueno"
    assert normalize_text("No me gustó\\r\\nBueno el precio") == "no me gustó\nbueno el precio"


@pytest.mark.parametrize("written", ["usa \\n para saltar de línea", "pon \\r\\n al final y no sirve"])
def test_a_backslash_n_typed_alone_between_spaces_is_no_line_end(written):
    # a user writing about '\\n' in prose lost it: an export glues a written-out line end to a line's text
    assert normalize_text(written) == written.lower()
    assert normalize_text("No me gustó \\nBueno el precio") == "no me gustó\nbueno el precio"
    assert normalize_text("No me gustó\\n Bueno el precio") == "no me gustó\nbueno el precio"


def test_a_line_end_written_in_text_mode_on_windows_is_one_line_end():
    # review of text7: '\r\n' became one line end, but '\r\r\n' (a '\r\n' that Python's csv module wrote in text mode
    # on Windows, without newline='') was two, a blank line that ends a paragraph: 'no funciona\r\r\nbien' lost its
    # wrapped line; offsets are kept (one character for one)
    assert normalize_text("No funciona\r\r\nbien el cargador") == "no funciona bien el cargador"
    from cxnlp.text.normalize import control_chars

    assert len(control_chars("No funciona\r\r\nbien")) == len("No funciona\r\r\nbien")
    assert normalize_text("No me gustó\r\r\n\r\r\nbueno el precio") == "no me gustó\nbueno el precio"
