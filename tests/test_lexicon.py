"""The polarity lexicon (cxnlp.text.lexicon): what each version reads, and that a model keeps its version."""

import pytest

from cxnlp.text import _polarity_words as W
from cxnlp.text.features import TextFeatures
from cxnlp.text.fitted import FittedFeatures
from cxnlp.text.lexicon import LEXICON_VERSION, VERSIONS, _entries, lexicon_tokens, polarity
from cxnlp.text.normalize import normalize_text
from cxnlp.text.tokenize import SpanishTokenizer, reading


def markers(text: str, version: int = LEXICON_VERSION) -> list[str]:
    tokens, _ = SpanishTokenizer(antonyms=True).analyze(normalize_text(text))
    return lexicon_tokens(tokens, version)


@pytest.mark.parametrize("text, expected", [
    # first-list words the lemma table reads as another word: version 1 never matched them
    ("Estoy harto de llamar", ["lexneg"]),
    ("Llegó roto", ["lexneg"]),
    ("Quedé satisfecho con la compra", ["lexpos"]),
    ("Me engañaron con la oferta", ["lexneg"]),
    # words added in version 2
    ("Se rompió a la semana", ["lexneg"]),
    ("Un trato impecable y servicial", ["lexpos", "lexpos"]),
    ("La app se congela y tiene bugs", ["lexneg"]),
    # negation flips the sign
    ("No estoy satisfecho", ["lexneg"]),
    ("No fue un fiasco", ["lexpos"]),
])
def test_version_2_reads_forms_through_the_lemma_table(text, expected):
    assert markers(text) == expected


@pytest.mark.parametrize("text", [
    "Se me enganchó la manga", "El timón del barco", "La funda del móvil", "Un vaso de agua",
    "El borde de la mesa", "Lo mandaron por correos", "Me sorprendió el tamaño",
])
def test_version_2_leaves_neutral_words_alone(text):
    assert markers(text) == []


def test_version_1_is_the_first_list_as_written():
    # a saved model reads the list it was trained with, faults included
    assert polarity("enganchar", 1) == -1 and polarity("enganchar", 2) == 0
    assert polarity("hartar", 1) == 0 and polarity("hartar", 2) == -1
    assert markers("Estoy harto", 1) == []
    positive, negative, positive_prefixes, negative_prefixes = _entries(1)
    assert (positive, negative) == (W.POSITIVE_WORDS, W.NEGATIVE_WORDS)
    assert (positive_prefixes, negative_prefixes) == (W.POSITIVE_PREFIXES, W.NEGATIVE_PREFIXES)


def test_entries_are_consistent():
    for version in VERSIONS[1:]:  # version 1 stays as it was ("timo", a four-letter prefix, caught "timón")
        positive, negative, positive_prefixes, negative_prefixes = _entries(version)
        assert all(len(p) >= 5 for p in positive_prefixes + negative_prefixes)
        assert not positive & negative
        assert not {w for w in positive if w.startswith(negative_prefixes)}
        assert not {w for w in negative if w.startswith(positive_prefixes)}


def test_reading_is_what_the_tokenizer_gives_each_entry():
    for words in (W.POSITIVE_WORDS, W.NEGATIVE_WORDS, W.ADDED_POSITIVE_WORDS, W.ADDED_NEGATIVE_WORDS):
        for word in words:
            tokens, _ = SpanishTokenizer(negation=False).analyze(word)
            assert tokens == [reading(word)], word


def test_unknown_version_is_a_clear_error():
    with pytest.raises(ValueError, match="lexicon version 9"):
        polarity("bueno", 9)


def test_a_model_keeps_the_lexicon_it_was_trained_with():
    texts = ["estoy harto del servicio", "todo bien, muy satisfecho", "llegó roto"]
    features = TextFeatures(min_df=1).fit(texts)
    assert features.lexicon_version == LEXICON_VERSION
    state, arrays = features.to_state()
    assert state["params"]["lexicon_version"] == LEXICON_VERSION
    fitted = FittedFeatures.from_state(state, arrays)
    assert fitted.lexicon_version == LEXICON_VERSION
    assert (fitted.transform(texts) != features.transform(texts)).nnz == 0

    # a state saved before lexicon versions existed reads version 1
    del state["params"]["lexicon_version"]
    old = FittedFeatures.from_state(state, arrays)
    assert old.lexicon_version == 1
    assert old.to_state()[0]["params"]["lexicon_version"] == 1
    assert TextFeatures.from_state(state, arrays).lexicon_version == 1
    words_now, _ = fitted.analyze(["estoy harto"])
    words_before, _ = old.analyze(["estoy harto"])
    assert "lexneg" in words_now[0][1] and "lexneg" not in words_before[0][1]
