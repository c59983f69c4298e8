import pickle

import pytest
from sklearn.base import clone

from cxnlp.text.features import TextFeatures
from cxnlp.text.fitted import shouting, word_ngrams
from cxnlp.text.normalize import normalize_text
from cxnlp.text.tokenize import SpanishTokenizer, mark_negation


@pytest.mark.parametrize("text, expected", [
    ("no me gustó", ["no", "neg_me", "neg_gustar"]),
    ("nunca falla, es rápido", ["nunca", "neg_fallo", "ser", "rapido"]),
    ("no tuve ningún problema", ["no", "neg_tener", "ningun", "neg_problema"]),
    ("no llegó pero funciona bien", ["no", "neg_llegar", "pero", "funcionar", "bien"]),
])
def test_tokenizer_lemmas_and_negation(text, expected):
    assert SpanishTokenizer()(normalize_text(text)) == expected


def test_negation_stops_at_punctuation():
    assert mark_negation(["no", "llegó", ",", "bien"]) == ["no", "neg_llegó", "bien"]


def test_negation_stops_at_a_line_break_as_at_a_period():
    """'.', '!', '?', ';' and ',' end a negation's scope (they are tokens), but a line break was gone: ``whitespace``
    made it a space, and 'No me gustó\\nBueno el precio' negated 'bueno' on the next line. It is kept as '\\n', and
    the tokenizer reads the scope line by line; the words themselves are those of the text on one line."""
    tok = SpanishTokenizer()
    assert normalize_text("No me gustó \r\n\n  Bueno el precio\n") == "no me gustó\nbueno el precio"
    for end in ("\n", "\r\n", "\n\n", "\u2028", ". ", "! ", "? ", "; ", ", "):
        assert "neg_bueno" not in tok(normalize_text(f"No me gustó{end}Bueno el precio")), repr(end)
    assert tok(normalize_text("No me gustó\nBueno el precio")) == ["no", "neg_me", "neg_gustar", "bueno", "el",
                                                                     "preciar"]
    # (a line that ends on the negator is a phrase wrapped by its end: test_a_negation_wrapped_at_a_line_end_goes_on)
    assert tok(normalize_text("Nada\nbueno")) == tok(normalize_text("Nada bueno")) == ["nada", "neg_bueno"]
    assert tok(normalize_text("No llegó nada bueno")) == tok(normalize_text("No llegó\tnada  bueno"))
    assert tok.analyze(normalize_text("Muy\nbien el envío"))[1] == tok.analyze(normalize_text("Muy bien el envío"))[1]


def test_negation_stops_at_an_html_line_or_paragraph_end():
    """A help desk's '<br>' or '</p>' ends a line as a line break does (``segment`` cuts units there), but the tag
    was made a space: 'No me gustó<br>Bueno el precio' negated 'bueno'. Other tags are still spaces."""
    tok = SpanishTokenizer()
    for tag in ("<br>", "<BR />", "</p><p>", "</div>", "</li><li>", "</h2>", "<p>", "</br>", "<hr>", "</td><td>",
                "</tr><tr>", '<br class="x">', "</p >", "</blockquote>", "</ul>", "</dt><dd>", "</table>"):
        assert tok(normalize_text(f"No me gustó{tag}Bueno el precio"))[3] == "bueno", tag
    assert normalize_text("<p>No me gustó</p><p>Bueno el <b>precio</b></p>") == "no me gustó\nbueno el precio"
    assert tok(normalize_text("No <b>me</b> gustó")) == ["no", "neg_me", "neg_gustar"]
    # a '<p>' never closed, as help desks export a comment, ends its line too
    assert normalize_text("Hola<p>No me gustó<p>Bueno el precio") == "hola\nno me gustó\nbueno el precio"


def test_accents_do_not_matter():
    tok = SpanishTokenizer()
    assert tok(normalize_text("La aplicación está lentísima")) == tok(normalize_text("la aplicacion esta lentisima"))


def test_tokenizer_pickles_small_and_clones():
    assert len(pickle.dumps(SpanishTokenizer())) < 200
    features = TextFeatures(min_df=1)
    assert clone(features).get_params() == features.get_params()


def test_shouting_and_ngrams():
    assert shouting("NO FUNCIONA NADA") and not shouting("No funciona") and not shouting("OK")
    assert word_ngrams(["a", "b", "c"]) == ["a", "b", "c", "a b", "b c"]


def test_text_features_shape_is_stable():
    features = TextFeatures(min_df=1).fit(["la app es lenta", "el envío llegó roto"])
    assert features.transform(["app lenta", "envío"]).shape[0] == 2
    assert features.transform(["app lenta"]).shape[1] == features.transform(["xyz"]).shape[1]


def test_fast_tfidf_matches_scikit_learn():
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    from cxnlp.text._rows import tfidf as _tfidf

    counts = sp.random(40, 25, density=0.2, format="lil", random_state=0)
    counts[3] = 0
    counts[39] = 0  # empty rows, also the last one
    counts = counts.tocsr()
    counts.data = np.ceil(counts.data * 5)
    counts.eliminate_zeros()
    reference = TfidfTransformer(sublinear_tf=True).fit(counts)
    assert np.allclose(reference.transform(counts).toarray(), _tfidf(counts, reference.idf_).toarray(), atol=1e-6)


@pytest.mark.parametrize("text, expected", [
    # A prefixed antonym reads as its stem under negation, like "no cómodo", in every gender and number.
    ("asientos incómodos", ["asiento", "neg_comodos"]),
    ("Técnicos IMPUNTUALES", ["tecnicos", "neg_puntual"]),
    ("quedé insatisfecha", ["quedar", "neg_satisfacer"]),
    # A negation before it cancels it.
    ("no fue nada incómodo", ["no", "neg_ser", "nada", "comodo"]),
    # Words that only start like one keep their meaning.
    ("increíble e impecable", ["increible", "e", "impecable"]),
    ("un bar informal", ["un", "bar", "informal"]),
])
def test_antonyms_read_as_negated_stems(text, expected):
    tokens = SpanishTokenizer(antonyms=True)(normalize_text(text))
    assert [t.lower() for t in tokens] == expected


def test_antonyms_negate_the_character_text_too_and_are_off_by_default():
    words, chars = SpanishTokenizer(antonyms=True).analyze(normalize_text("personal desatento"))
    assert chars == "personal ATENTO"
    assert SpanishTokenizer().analyze(normalize_text("personal desatento"))[1] == "personal desatento"
    # 'cortés' loses its accent to become 'cortes' (power cuts): 'descortés' is left whole.
    assert SpanishTokenizer(antonyms=True)(normalize_text("descortés")) == ["descortes"]


def test_models_saved_before_antonyms_read_without_them():
    features = TextFeatures(min_df=1).fit(["personal desatento", "personal atento"])
    state, arrays = features.to_state()
    assert state["params"]["antonyms"] is True
    del state["params"]["antonyms"]
    from cxnlp.text.fitted import FittedFeatures

    assert FittedFeatures.from_state(state, arrays).antonyms is False
    assert TextFeatures.from_state(state, arrays).antonyms is False


def test_a_negation_wrapped_at_a_line_end_goes_on():
    """Each line was read on its own: a negator ending a line negated nothing ('No\\nme gustó nada', a cell's
    wrapped phrase, read 'me gustó' and came out positive), nor did 'no me' or 'no estoy' before the break. A line
    break ends a scope once it has read a word other than a pronoun or an auxiliary."""
    tok = SpanishTokenizer()
    for text in ("No\nMe gustó", "No\r\nMe gustó", "No<br>Me gustó", "No me\nGustó", "no nos lo\u2028Gustó",
                 "No\nme gustó"):
        assert "neg_gustar" in tok(normalize_text(text)), repr(text)
    assert tok(normalize_text("No estoy\nSatisfecho")) == tok(normalize_text("No estoy satisfecho"))
    assert tok(normalize_text("Dejó de\nFuncionar")) == tok(normalize_text("Dejó de funcionar"))
    assert tok(normalize_text("No me gustó\nBueno el precio"))[3:] == ["bueno", "el", "preciar"]
    assert tok(normalize_text("Nunca\nMe gustó\nBueno"))[-1] == "bueno"


def test_a_text_with_a_line_break_and_a_negation_is_tokenised_once(monkeypatch):
    """The scope read line by line tokenised such a text twice, whole and then each line (a third slower on long
    multi-line reviews); the line each word is on is found in the text instead."""
    from cxnlp.text import tokenize as module

    calls = []
    real = module.tokenize
    monkeypatch.setattr(module, "tokenize", lambda text: calls.append(text) or real(text))
    words = SpanishTokenizer()(normalize_text("No me gustó\nBueno el precio\nNo volveré, de verdad\nNada más"))
    assert len(calls) == 1
    assert words == ["no", "neg_me", "neg_gustar", "bueno", "el", "preciar", "no", "neg_volvere", "de", "verdad",
                     "nada", "mas"]
