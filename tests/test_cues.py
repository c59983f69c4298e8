"""The cue lexicon (cxnlp.text.cues): what each version reads, and that a model keeps its version."""

import pytest

from cxnlp.text.cues import CUES_VERSION, VERSIONS, _phrases, cue_tokens
from cxnlp.text.features import TextFeatures
from cxnlp.text.fitted import FittedFeatures
from cxnlp.text.normalize import normalize_text
from cxnlp.text.tokenize import SpanishTokenizer


def cues(text: str, version: int = CUES_VERSION) -> set[str]:
    tokens, _ = SpanishTokenizer(antonyms=True).analyze(normalize_text(text))
    return {c.removeprefix("cue_") for c in cue_tokens(tokens, version)}


@pytest.mark.parametrize("text, label", [
    # phrases whose words the lemma table reads as other words ("estado" -> "estar", "cuenta" -> "contar")
    ("No me llega el estado de cuenta", "billing"),
    ("No puedo entrar a mi cuenta", "account"),
    ("Quiero dar de baja el servicio", "account"),
    ("Me pidieron mis datos personales", "account"),
    ("Buena relación calidad precio", "price"),
    ("Fui a la oficina de consumo", "escalation"),
])
def test_version_2_reads_phrases_through_the_lemma_table(text, label):
    assert label in cues(text)
    assert label not in cues(text, 1)  # version 1 never matched them


@pytest.mark.parametrize("text, label", [
    ("El repartidor fue puntual", "delivery"), ("Pedí el reembolso", "returns"), ("La sucursal cerró", "store"),
])
def test_words_cue_in_every_version(text, label):
    assert all(label in cues(text, version) for version in VERSIONS)


def test_a_phrase_needs_its_words_in_order():
    assert "account" not in cues("Quiero darme de baja")  # "darme" is not "dar"
    assert "billing" not in cues("El estado del producto")


def test_version_2_only_adds_phrases():
    # (word cues have one index for every version: see test_words_cue_in_every_version)
    phrases_1, _ = _phrases(1)
    phrases_2, _ = _phrases(2)
    assert set(phrases_1) < set(phrases_2)
    assert all(set(labels) <= set(phrases_2[p]) for p, labels in phrases_1.items())


def test_unknown_version_is_a_clear_error():
    with pytest.raises(ValueError, match="cue lexicon version 7"):
        cue_tokens(["hola"], 7)
    assert VERSIONS[-1] == CUES_VERSION


def test_a_model_keeps_the_cues_it_was_trained_with():
    texts = ["llegó tarde", "mi cuenta", "estado de cuenta"]
    features = TextFeatures(min_df=1).fit(texts)
    state, arrays = features.to_state()
    assert state["params"]["cues_version"] == CUES_VERSION
    assert FittedFeatures.from_state(state, arrays).cues_version == CUES_VERSION
    del state["params"]["cues_version"]  # a state saved before cue versions existed
    old = FittedFeatures.from_state(state, arrays)
    assert old.cues_version == 1 and TextFeatures.from_state(state, arrays).cues_version == 1
    new = FittedFeatures.from_state({**state, "params": {**state["params"], "cues_version": 2}}, arrays)
    markers = {f.cues_version: f.analyze(["no puedo entrar a mi cuenta"])[0][0][1] for f in (old, new)}
    assert "cue_account" in markers[2] and "cue_account" not in markers[1]
