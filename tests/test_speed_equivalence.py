"""The fast paths of issue 15 give exactly what the plain paths give (outputs never change for speed).

Each test runs the fast path and the plain one (scikit-learn's vectorisers, spaCy on a whole text,
spaCy's lemma ``Table``, the per-line CSV decoder) on the same few hundred texts and compares
them element for element, bytes of floats included.
"""

from __future__ import annotations

import csv
import json
import io
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp.text import tokenize as tk
from cxnlp.text._counting import CharCounter, char_wb_ngrams
from cxnlp.text.normalize import normalize_text, strip_accents

ROOT = Path(__file__).resolve().parents[1]
WEIRD = [
    "😀😃 genial 👍🏽", "😮‍💨 otra vez", "❤️❤️❤️", "🤷", ":-) bien", "muy mal :( :'(", "D: horrible", "<3 <3",
    "gracias por nada", "¿Recomendable? Sí", "¿Volvería? Ni loco", "PÉSIMO SERVICIO NUNCA MÁS",
    "holaaaaa!!!!! perfectooo???", "a" * 300, "((((" * 500, "x" * 6000, "The service was great but the app crashes",
    "Muito bom o atendimento, obrigado", "pésimo\x00servicio\x07", "muy\u200bbien\u2028 y\ufeff mal",
    "Cafe\u0301 frío pero rico", "ＬＬＥＧÓ ＴＡＲＤＥ", "https://x.com/a?b=1 no carga www.y.es", "a.a.a.a." * 200,
    "pedido ORD-88231-XK no llegó", "$1.234,56 de cobro doble el 12/03 a las 10:30, 15%", "¡¡¡Excelente!!!",
    "ñandú año niño ÑOÑO", "ǅ ǈ ﬁ ﬀ ẞ ß İ ı", "ㄱㅏ 한국어 日本語", "\t\n  \r\n", "línea1\nlínea2\r\nlínea3\rlínea4",
    "emoji🙃sarcasmo😂 y 🤡", "no me gustó nada, dejó de funcionar y tampoco contestan", "x" * 49 + "y" * 60 + " z" * 30,
    "hola : ) y :) EE. UU. a.m. 12 m. d. C. (: ok", "", " ", "a  b", " lead", "trail ",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    corpus = pd.read_csv(ROOT / "training_data" / "ecommerce_retail.csv", keep_default_na=False)["text"]
    return WEIRD + corpus.sample(300, random_state=0).tolist()


def _same_matrix(a, b) -> bool:
    return (type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
            and a.indices.dtype == b.indices.dtype and a.indptr.dtype == b.indptr.dtype
            and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and a.data.tobytes() == b.data.tobytes())


def test_counters_equal_scikit_learn_vectorizers(model, texts):
    features = model.classifier.estimator().features_
    words, chars = features.analyze(texts)
    word, char = features._counters()
    assert word is not None and char is not None
    assert _same_matrix(word.counts(words), features.word_.transform(words))
    assert _same_matrix(char.counts(chars), features.char_.transform(chars))
    assert _same_matrix(char.counts(chars), features.char_.transform(chars))  # from the word cache this time


def test_transform_equals_the_plain_path(model, texts):
    features = model.classifier.estimator().features_
    fast = features.transform(texts)
    key = (features.word_, features.word_.vocabulary_, features.char_, features.char_.vocabulary_)
    features.__dict__["_counters_cache"] = (key, None, None)  # no fast counters: scikit-learn's transform
    try:
        slow = features.transform(texts)
    finally:
        features.__dict__.pop("_counters_cache")
    assert _same_matrix(fast, slow)


def test_loaded_model_predicts_what_the_estimator_predicts(model, texts):
    """``cxnlp.load`` gives a Predictor (no scikit-learn); the estimator built from the same files
    gives the same features and the same probabilities, bit for bit."""
    from cxnlp.classify import MultiAxisClassifier
    from cxnlp.heads import Predictor, split_units

    predictor = model.classifier
    estimator = predictor.estimator()
    assert isinstance(predictor, Predictor) and isinstance(estimator, MultiAxisClassifier)
    assert _same_matrix(predictor.features_.transform(texts), estimator.features_.transform(texts))
    units, groups = split_units(texts)
    for fast, plain in zip(predictor.predict_grouped(units, groups), estimator.predict_grouped(units, groups)):
        assert fast.keys() == plain.keys()
        assert all(fast[axis].tobytes() == plain[axis].tobytes() for axis in fast)
    state, arrays = predictor.to_state()
    state2, arrays2 = estimator.to_state()
    assert state == state2 and arrays.keys() == arrays2.keys()
    assert all(np.array_equal(arrays[k], arrays2[k]) for k in arrays)


def test_probabilities_equal_each_head_on_its_own(model, texts):
    """Every head is scored in one product, the one-vs-rest heads calibrated together and the others
    when first read (``heads.Probabilities``): each head's probabilities are those its own model gives
    on its own, bit for bit, whichever head is read first."""
    from cxnlp.heads import split_units

    predictor = model.classifier
    units, groups = split_units(texts)
    X, _ = predictor.features_.transform_grouped(units, groups, None)
    heads = {"sentiment": predictor.sentiment_, "segment_sentiment": predictor.segment_sentiment_,
             **predictor.labels_, **predictor.signals_}
    for order in (list(heads), list(heads)[::-1]):
        proba = predictor._predict(X)
        assert list(proba) == list(heads) and len(proba) == len(heads)
        for axis in order:
            assert proba[axis].tobytes() == heads[axis].predict_proba(X).tobytes(), axis
        with pytest.raises(KeyError):
            proba["no_such_axis"]


def test_row_counts_are_the_same_below_and_above_the_unique_switch():
    """``_counted`` counts short rows in a dict and long ones (character n-grams) with ``np.unique``: both give
    the sorted distinct columns and their float32 counts, as the sparse counters do."""
    from collections import Counter

    from cxnlp.text._rows import UNIQUE_FROM as _UNIQUE_FROM, counted as _counted

    rng = np.random.default_rng(3)
    for n in (0, 1, 7, _UNIQUE_FROM - 1, _UNIQUE_FROM, _UNIQUE_FROM + 1, 450):
        ids = rng.integers(0, 80 if n < 50 else 5000, n).tolist()
        columns, counts = _counted(ids)
        expected = sorted(Counter(ids).items())
        assert columns.dtype == np.intp and counts.dtype == np.float32
        assert columns.tolist() == [c for c, _ in expected] and counts.tolist() == [float(k) for _, k in expected]


def test_small_batches_score_as_the_sparse_product(model, texts, monkeypatch):
    """Up to ``SMALL_BATCH_UNITS`` units a batch is scored from plain rows (no SciPy matrices): the
    probabilities are the sparse product's bit for bit, whether a comment has one unit or several,
    no known term, or repeats; and so are the results of ``classify`` and ``classify_many``."""
    import cxnlp.heads as heads
    from cxnlp.heads import split_units

    predictor = model.classifier
    many = [t for t in texts if len(split_units([t])[0]) >= 3][:20]
    assert many, "the sample has comments of several units"
    batches = [[t] for t in texts] + [texts[i:i + 3] for i in range(0, 120, 3)] + [many[:2], ["", "hola"] + many[:1]]
    rows_used = 0
    for batch in batches:
        units, groups = split_units(batch)
        if len(units) > heads.SMALL_BATCH_UNITS:
            continue
        rows_used += 1
        small = predictor.predict_grouped(units, groups)
        sparse = [predictor._predict(X) for X in predictor.features_.transform_grouped(units, groups)]
        for got, want in zip(small, sparse):
            assert got.keys() == want.keys()
            assert all(got[axis].tobytes() == want[axis].tobytes() for axis in got), batch
    assert rows_used > len(texts) // 2
    one_by_one = [model.classify(t) for t in texts[:150]]
    monkeypatch.setattr(heads, "SMALL_BATCH_UNITS", -1)  # every batch through SciPy
    assert one_by_one == list(model.classify_many(texts[:150]))
    assert one_by_one == [model.classify(t) for t in texts[:150]]


def test_loading_and_classifying_never_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys, cxnlp; m = cxnlp.load(); m.classify('El pedido llegó tarde'); "
            "cxnlp.summarize; print(sorted(k for k in sys.modules if k.split('.')[0] == 'sklearn'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_one_comment_needs_neither_pandas_nor_scipy():
    """Start-up (issue 15): loading a model and classifying a comment import neither pandas (0.3 s) nor SciPy
    (0.1 s); a batch large enough for sparse matrices imports SciPy, and the result is the same."""
    import subprocess
    import sys

    code = ("import sys, cxnlp; m = cxnlp.load(); r = m.classify('El pedido llegó tarde, pero el chat bien'); "
            "print(sorted({k.split('.')[0] for k in sys.modules} & {'pandas', 'scipy'})); "
            "b = list(m.classify_many(['El pedido llegó tarde, pero el chat bien'] + ['Todo bien'] * 20))[0]; "
            "print('scipy' in sys.modules, b == r)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "True True"]


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (1, 3), (2, 3), (3, 3)])
def test_word_counter_counts_as_the_joined_ngrams(ngram_range):
    """``WordCounter`` numbers words and looks n-gram keys up in NumPy; it counts what looking up each joined
    n-gram string counts (``TermCounter``), on documents of every length, unknown words, markers, and terms the
    vocabulary holds in other lengths than the range's."""
    import functools

    from cxnlp.text._counting import TermCounter, WordCounter
    from cxnlp.text.fitted import _doc_features

    rng = random.Random(5)
    words = [f"w{i}" for i in range(30)] + ["neg_w1", "lexpos", "cue_app"]
    vocabulary: dict[str, int] = {}
    for n in range(1, 5):
        for _ in range(60):
            vocabulary.setdefault(" ".join(rng.choice(words) for _ in range(n)), len(vocabulary))
    vocabulary.setdefault("w1  w2", len(vocabulary))  # no document of tokens makes it
    analyzer = functools.partial(_doc_features, ngram_range=ngram_range)
    docs = [([rng.choice(words + ["unseen", "otra"]) for _ in range(rng.randrange(0, 9))],
             rng.sample(["lexpos", "lexneg", "cue_app", "shout"], rng.randrange(0, 3))) for _ in range(400)]
    docs[:3] = [([], []), ([], ["lexpos"]), (["w1"], [])]
    fast = WordCounter(vocabulary, ngram_range, analyzer, dtype=np.float32)
    plain = TermCounter(vocabulary, analyzer, dtype=np.float32)
    assert fast._built()
    assert _same_matrix(fast.counts(docs), plain.counts(docs))
    assert _same_matrix(fast.counts(iter(docs[:1])), plain.counts(docs[:1]))
    assert _same_matrix(fast.counts([]), plain.counts([]))
    assert sorted(fast.ids(docs[5])) == sorted(plain.ids(docs[5]))


def test_word_counter_falls_back_where_keys_would_not_fit(monkeypatch):
    """A vocabulary whose n-gram keys would not fit 63 bits is counted string by string, the same."""
    import functools

    from cxnlp.text._counting import TermCounter, WordCounter
    from cxnlp.text.fitted import _doc_features

    words = [f"w{i}" for i in range(2000)]
    vocabulary = {" ".join(words[i:i + 6]): i for i in range(0, 1990)}
    vocabulary.update({w: len(vocabulary) + k for k, w in enumerate(words)})
    analyzer = functools.partial(_doc_features, ngram_range=(1, 6))
    docs = [(words[i:i + 8], []) for i in range(0, 1990, 7)]
    fast = WordCounter(vocabulary, (1, 6), analyzer, dtype=np.float32)
    assert fast._built() is False
    assert _same_matrix(fast.counts(docs), TermCounter(vocabulary, analyzer, dtype=np.float32).counts(docs))


def test_int_table_finds_each_key_and_nothing_else():
    from cxnlp.text._counting import _IntTable

    rng = np.random.default_rng(4)
    keys = np.unique(rng.integers(0, 2 ** 40, 5000))
    table = _IntTable(keys, np.arange(len(keys)))
    assert table.get(keys).tolist() == list(range(len(keys)))
    others = np.setdiff1d(rng.integers(0, 2 ** 40, 5000), keys)
    assert (table.get(others) == -1).all()
    assert table.get(np.array([], dtype=np.int64)).tolist() == []
    assert _IntTable(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).get(keys[:3]).tolist() == [-1] * 3


def test_normalize_many_equals_normalize_text_one_by_one(texts):
    """``normalize_many`` looks for repeated letters in the whole batch at once; it gives what ``normalize_text``
    gives each text, in batches over and under its NumPy threshold, including a repeat that only NFC makes."""
    from cxnlp.text.normalize import normalize_many

    cases = texts + ["ááa\u0301", "holaaa", "pésimooo!!!", "ÁÁÁ", "xx\x00x", "a\u0301a\u0301a\u0301", "", "aa"]
    assert normalize_many(cases) == [normalize_text(t) for t in cases]
    for text in cases:
        assert normalize_many([text]) == [normalize_text(text)]
    assert normalize_many([]) == []


def test_char_cache_is_bounded():
    vocabulary = {" ab": 0, "ab ": 1, " ab ": 2}
    counter = CharCounter(vocabulary, (3, 5), cache_size=10)
    for i in range(25):
        counter.counts([f"ab w{i}"])
    assert len(counter._ids) <= 10
    assert counter.counts(["ab ab"]).toarray().tolist() == [[2, 2, 2]]
    assert char_wb_ngrams("a", 3, 5) == [" a "]


def test_run_cache_tokenizes_as_spacy_whole(texts):
    nlp = tk.load_nlp()
    normalised = [tk._RE_LONG_RUN.sub(r"\g<0> ", strip_accents(normalize_text(t))) for t in texts]
    raw = [tk._RE_LONG_RUN.sub(r"\g<0> ", t) for t in texts]
    for text in normalised + raw:
        assert tk.tokenize(text) == [t.text for t in nlp.tokenizer(text) if not t.is_space], text


def test_run_cache_special_cases_across_runs():
    """Special cases with punctuation (':)', 'EE. UU.') can span runs: random texts built from their
    pieces tokenise as spaCy tokenises them whole. Cutting at spaces alone gets some of them wrong."""
    nlp = tk.load_nlp()
    rules = list(nlp.tokenizer.rules)
    pieces = [p for r in rules for p in (r, r[:1], r[1:], r[:-1], r[-1:]) if p and not any(c.isspace() for c in p)]
    pieces += ["hola", "a", "m", "12", "UU", "bien"]
    rng = random.Random(15)
    naive_wrong = 0
    for _ in range(20_000):
        n = rng.randint(1, 5)
        text = "".join(rng.choice(pieces) + (rng.choice([" ", " ", ""]) if i < n - 1 else "") for i in range(n))
        whole = [t.text for t in nlp.tokenizer(text) if not t.is_space]
        assert tk.tokenize(text) == whole, text
        naive_wrong += [t.text for run in text.split(" ") for t in nlp.tokenizer(run)] != whole
    assert naive_wrong  # the pieces do exercise the cross-run cases


def test_run_cache_and_vocabulary_are_bounded(monkeypatch):
    monkeypatch.setattr(tk, "_RUN_CACHE_SIZE", 50)
    monkeypatch.setattr(tk, "_MAX_LEXEMES", len(tk.load_nlp().vocab) + 40)
    before = tk.load_nlp()
    for i in range(200):
        assert tk.tokenize(f"pedido ORD{i}X llegó") == ["pedido", f"ORD{i}X", "llegó"]
    assert len(tk._TOKENIZER.runs) <= 50
    assert tk.load_nlp() is not before and len(tk.load_nlp().vocab) <= tk._MAX_LEXEMES + 3


def test_remembered_readings_equal_reading_and_are_bounded(texts, monkeypatch):
    """The tokenizer remembers each token's reading: the same tokens as ``reading`` gives word by word (what
    the tokenizer computed before), and a bounded memory on text full of never-seen words."""
    monkeypatch.setattr(tk, "_READINGS", {})
    monkeypatch.setattr(tk, "_READINGS_SIZE", 60)
    tokenizer = tk.SpanishTokenizer()
    for text in texts + [f"pedido ORD{i}X llegó roto" for i in range(200)]:
        words = tk.tokenize(strip_accents(normalize_text(text)))
        plain = tk.mark_negation([tk.reading(w) if w[0].isalnum() else w for w in words], tk.negation_scope(words))
        assert tokenizer(normalize_text(text)) == plain
        assert len(tk._READINGS) <= 60


@pytest.mark.slow
def test_lemma_dict_equals_spacy_table():
    from spacy.lookups import load_lookups

    from cxnlp.text._lemmas import lemma_table

    table = load_lookups("es", ["lemma_lookup"]).get_table("lemma_lookup")
    ours = lemma_table()
    assert len(ours) == len(table)
    assert all(table.get(word) == value for word, value in ours.items())


def _plain_path_lemma(table, word):
    """``tokenize.lemma`` as it was: the table's lemma (or the word), accent-free."""
    found = table.get(word)
    return strip_accents(found if isinstance(found, str) else word)


def test_lemma_equals_the_table_lookup():
    from cxnlp.text._lemmas import lemma_table

    table = lemma_table()
    words = list(table)[::50] + ["xyzzy", "Llegaron", "LLEGAR", "está", "Está", "ñandu", "ñandú", "años", "123", "",
                                 "numx", "qx3f9z", "ǅemo", "straße", "İ", "ı", "neg_llegar"]
    assert [tk.lemma(w) for w in words] == [_plain_path_lemma(table, w) for w in words]


@pytest.mark.slow
def test_lemma_equals_the_table_lookup_for_every_word():
    from cxnlp.text._lemmas import lemma_table

    table = lemma_table()
    assert all(tk.lemma(w) == _plain_path_lemma(table, w) for w in table)


def test_lemma_copy_roundtrip(tmp_path, monkeypatch):
    from cxnlp.text import _lemmas

    monkeypatch.setenv("CXNLP_CACHE_DIR", str(tmp_path))
    first = _lemmas.plain_lemmas()  # writes the copy
    copies = list(tmp_path.glob("lemma_lookup_es-*.txt"))
    assert len(copies) == 1
    assert _lemmas._read_copy(copies[0]) == first == _lemmas.derive_plain(_lemmas.lemma_table())
    copies[0].write_bytes(b"broken")  # a damaged copy is derived from the source again
    assert _lemmas.plain_lemmas() == first
    monkeypatch.setenv("CXNLP_CACHE_DIR", "")
    assert _lemmas.cache_dir() is None and _lemmas.plain_lemmas() == first


def test_the_cache_dir_variable_as_operators_set_it(tmp_path, monkeypatch):
    """Hunt env1: CXNLP_CACHE_DIR=~/.cache/cxnlp, set where no shell expands the ~ (Docker, systemd, Kubernetes),
    made a folder named '~' in the working directory; a value read from a file (a trailing newline) named a folder
    ending in one, and one of only spaces a folder named so."""
    from pathlib import Path

    from cxnlp.text import _lemmas

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CXNLP_CACHE_DIR", "~/.cache/cxnlp\n")
    assert _lemmas.cache_dir() == tmp_path / ".cache" / "cxnlp"
    monkeypatch.setenv("CXNLP_CACHE_DIR", f" {tmp_path / 'cache'} ")
    assert _lemmas.cache_dir() == tmp_path / "cache"
    monkeypatch.setenv("CXNLP_CACHE_DIR", "  ")
    assert _lemmas.cache_dir() is None
    monkeypatch.setenv("CXNLP_CACHE_DIR", "~nadie_que_exista_env1/cache")
    assert _lemmas.cache_dir() is None
    monkeypatch.setenv("CXNLP_CACHE_DIR", "cache")  # a relative path is still the working directory's
    assert _lemmas.cache_dir() == Path("cache")


def test_writing_a_lemma_copy_keeps_only_the_most_recently_used_copies(tmp_path, monkeypatch):
    """Each environment (or spacy-lookups-data version) writes its own copy: the cache keeps the
    ``KEEP_COPIES`` most recently used, so reinstalls do not pile up 7 MB each, and two environments used in
    turn keep both (deleting every other copy made each rebuild its own at every start)."""
    import os
    from pathlib import Path

    from cxnlp.text import _lemmas

    monkeypatch.setenv("CXNLP_CACHE_DIR", str(tmp_path))
    copies = [tmp_path / f"lemma_lookup_es-{i:016x}.txt" for i in range(_lemmas.KEEP_COPIES + 1)]
    for age, path in enumerate(copies):  # copies[0] the least recently used
        path.write_text("casas\tcasa")
        os.utime(path, ns=(age * 10**9, age * 10**9))
    kept = [tmp_path / "notas.txt", tmp_path / "lemma_lookup_en-0123456789abcdef.txt"]
    for path in kept:
        path.write_text("x")
    assert _lemmas._read_copy(copies[0]) is not None  # read now: the most recently used
    new = tmp_path / "lemma_lookup_es-1111111111111111.txt"
    _lemmas._write_copy(new, {"casas": "casa"})
    left = sorted(p for p in tmp_path.iterdir() if p.name.startswith("lemma_lookup_es-"))
    assert len(left) == _lemmas.KEEP_COPIES and new in left and copies[0] in left
    assert not copies[1].exists() and not copies[2].exists()  # the least recently used go
    assert all(path.exists() for path in kept)
    # one that cannot be deleted (permissions, another process) is left, silently
    real_unlink = Path.unlink
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: (_ for _ in ()).throw(PermissionError(self)))
    _lemmas._write_copy(tmp_path / "lemma_lookup_es-2222222222222222.txt", {"casas": "casa"})
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert new.exists()
    _lemmas._remove_other_copies(tmp_path / "gone" / "lemma_lookup_es-3333333333333333.txt")  # no folder: nothing


# -- CSV reading: blocks of lines equal the plain line-by-line reader -----------------------------
_CSV_ATOMS = ["a", "b", "hola", "ñandú", "é", "€", '"', '""', ",", ";", "\t", " ", "\n", "\r\n", "\r", '"x"',
              '"a,b"', '"a\nb"', 'x"y', '""""', "😀", "1,5"]


def _random_csv(rng: random.Random) -> bytes:
    if rng.random() < 0.5:  # mostly well-formed tables, some ragged or blank rows
        width = rng.randint(1, 4)
        rows = [",".join(f"c{j}" for j in range(width))]
        for r in range(rng.randint(0, 40)):
            cells = rng.choices(["v", '"q,1"', '"a""b"', "", "ñ", '"l\nl"', "  "], k=width + (rng.random() < 0.05))
            rows.append(",".join(cells) if rng.random() > 0.03 else "")
        text = rng.choice(["\n", "\r\n"]).join(rows) + rng.choice(["", "\n"])
    else:
        text = "".join(rng.choice(_CSV_ATOMS) for _ in range(rng.randint(0, 80)))
    how = rng.choice(["utf-8", "utf-8-sig", "cp1252", "mixed"])
    if how != "mixed":
        return text.encode(how, errors="replace")
    return b"\n".join(line.encode("cp1252", errors="replace") if rng.random() < 0.3 else line.encode("utf-8")
                      for line in text.split("\n"))


def _read(path, monkeypatch, block_bytes):
    from cxnlp.io import iter_table

    monkeypatch.setattr("cxnlp.io._records.BLOCK_BYTES", block_bytes)
    try:
        return [(c.index.tolist(), list(c.columns), {k: c[k].tolist() for k in c.columns}, list(map(str, c.dtypes)))
                for c in iter_table(path, chunk_rows=7)]
    except Exception as err:  # the same error, on the same line, either way
        return (type(err).__name__, str(err))


def test_block_reader_equals_the_line_reader(tmp_path, monkeypatch):
    rng = random.Random(15)
    for i in range(400):
        path = tmp_path / f"f{i}.csv"
        path.write_bytes(_random_csv(rng))
        plain = _read(path, monkeypatch, 0)
        for block_bytes in (1 << 16, 64, 5):
            assert _read(path, monkeypatch, block_bytes) == plain, path.read_bytes()


def test_block_records_equal_line_records(monkeypatch):
    import io

    from cxnlp.io import _records

    def run(data, sep, cap, tighten):
        out, limit = [], [16384]
        try:
            for k, record in enumerate(_records.records(_records.text_pieces(io.BytesIO(data)), sep, cap, limit)):
                out.append(record)
                if k == 0 and tighten:
                    limit[0] = tighten  # as the table reader does once it has the header
        except _records.CsvSyntaxError as err:
            out.append((err.line, str(err)))
        return out

    rng = random.Random(16)
    for _ in range(1500):
        data, sep = _random_csv(rng), rng.choice([",", ";", None])
        cap, tighten = rng.choice([1_000_000, 5, 20]), rng.choice([None, 2])
        for block_bytes, piece_bytes in ((1 << 16, 1 << 20), (8, 1 << 20), (64, 7), (5, 3)):
            monkeypatch.setattr(_records, "PIECE_BYTES", piece_bytes)  # long lines cut alike in both
            monkeypatch.setattr(_records, "BLOCK_BYTES", 0)
            plain = run(data, sep, cap, tighten)
            monkeypatch.setattr(_records, "BLOCK_BYTES", block_bytes)
            assert run(data, sep, cap, tighten) == plain, data


# -- whole CSV through Arrow (read_table's fast path) ---------------------------------------------
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxnlp.exceptions import DataError
from cxnlp.io import MAX_CELL_CHARS, iter_table, read_table
from cxnlp.io.delimited import read_csv_whole

_CSV_CELL = st.lists(st.sampled_from(["a", "bé", " ", "ok", "4,5", ";", '"', "😀", "x\ty", "=1", "'", "Ñ", "-",
                                      "\n", "\r"]), max_size=3).map("".join)


def _streamed(path: Path) -> pd.DataFrame | Exception:
    try:
        chunks = list(iter_table(path))
    except DataError as err:
        return err
    return pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()


@settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sep=st.sampled_from(",;"), width=st.integers(2, 4), data=st.data(), ending=st.sampled_from(["\n", "\r\n"]),
       last=st.booleans(), bom=st.booleans(), damage=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(
           ['"', "\n", "\r", "\n\n", ",", ";", "\xe9"])), max_size=2) | st.just([]))
def test_arrow_fast_path_gives_the_streamed_frame_or_steps_aside(tmp_path, sep, width, data, ending, last, bom, damage):
    """Well-formed files (csv.writer) with up to two bytes of damage put anywhere after the header:
    where the fast path reads a file, it gives exactly the streamed frame, and it never reads one
    that the streaming reader refuses."""
    rows = data.draw(st.lists(st.lists(_CSV_CELL, min_size=width, max_size=width), max_size=6))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=ending).writerows([[f"c{i}" for i in range(width)], *rows])
    text = buffer.getvalue() if last else buffer.getvalue().removesuffix(ending)
    raw = text.encode()
    header = raw.find(b"\n") + 1 or len(raw)
    for at, piece in damage:
        at = header + at % (len(raw) - header + 1)
        raw = raw[:at] + (piece.encode("latin-1") if piece == "\xe9" else piece.encode()) + raw[at:]
    path = tmp_path / "f.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw)
    try:
        fast = read_csv_whole(path, max_cell_chars=MAX_CELL_CHARS)
    except DataError as err:  # refused before either reads it (no row as wide as the header): the same refusal
        assert str(_streamed(path)) == str(err)
        return
    if fast is None:
        return
    streamed = _streamed(path)
    assert not isinstance(streamed, Exception), f"the fast path read a file the reader refuses: {streamed}"
    pd.testing.assert_frame_equal(fast, streamed)


def test_arrow_fast_path_reads_plain_exports(tmp_path):
    """The fast path is not a dead branch: an ordinary export (quoted cells, CRLF, BOM) goes through it."""
    path = tmp_path / "f.csv"
    path.write_bytes("\ufeffid;comentario;nps\r\n1;\"Llegó tarde; caja rota\";3\r\n2;Todo \"bien\";9\r\n".encode())
    fast = read_csv_whole(path, max_cell_chars=MAX_CELL_CHARS)
    assert fast is not None and fast["comentario"].tolist() == ["Llegó tarde; caja rota", 'Todo "bien"']
    pd.testing.assert_frame_equal(fast, _streamed(path))


@pytest.mark.parametrize("content", [
    b"id,comentario,nps\n1,bien,9\n5,\"El pedido llego roto,5\n6,Todo bien,9\n7,\"otro\",3\n",  # unbalanced quote
    b"id;c\n1;a\r2;b\n",                 # lone carriage return
    b"id;c\n1;a\n\n2;b\n",               # blank line
    b"id;c\n1;caf\xe9\n",                # Windows-1252
    b"Encuesta Q3\n\nid;c;d\n1;a;b\n",   # title lines above the header
    b"id;c\n1;\"dos\nlineas\"\n",        # a quoted line break
    b"id;c\n1;a;\n",                     # a trailing separator
    b"comentario\nhola, que tal\n",      # one column
])
def test_arrow_fast_path_steps_aside_on_files_it_cannot_vouch_for(tmp_path, content):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert read_csv_whole(path, max_cell_chars=MAX_CELL_CHARS) is None
    streamed = _streamed(path)
    if isinstance(streamed, Exception):
        with pytest.raises(DataError):
            read_table(path)
    else:
        pd.testing.assert_frame_equal(read_table(path), streamed)


def test_read_table_keeps_the_columns_asked_for_on_both_paths(tmp_path):
    good, damaged = tmp_path / "good.csv", tmp_path / "damaged.csv"
    good.write_text("id;comentario;nps\n1;hola;9\n2;\"a;b\";3\n", encoding="utf-8")
    damaged.write_text("id;comentario;nps\n1;hola;9\n\n2;\"a;b\";3\n", encoding="utf-8")  # blank line: streamed
    assert read_csv_whole(damaged, max_cell_chars=MAX_CELL_CHARS) is None
    keep = lambda names: [n for n in names if n != "comentario"]
    for path in (good, damaged):
        frame = read_table(path, columns=keep)
        assert list(frame.columns) == ["id", "nps"] and frame["nps"].tolist() == ["9", "3"]


def test_summaries_without_a_report_skip_only_comments_and_segments():
    from cxnlp._batch_inputs import summary_columns

    names = ["ID", "Comentario", "canal", "nps", "cx_status", "cx_touchpoints", "cx_segments"]
    assert summary_columns(None, {"nps": "nps"})(names) == ["ID", "canal", "nps", "cx_status", "cx_touchpoints"]
    assert "Comentario" in summary_columns(None, {"by": ["comentario", "touchpoints"]})(names)
    assert "cx_segments" in summary_columns(None, {"by": "cx_segments×sentiment"})(names)
    assert summary_columns(None, {})(["a", "b"]) == ["a", "b"]  # no comment column: nothing skipped


def test_runs_of_letters_tokenise_without_spacy_as_spacy_does():
    """``_RunTokenizer.plain`` (letters, alone or before one mark) gives spaCy's tokens: every word of a
    corpus file, as written and accent-free, bare and before each mark, plus special cases and odd letters."""
    nlp = tk.load_nlp()
    runner = tk._RunTokenizer()
    runner._nlp()
    corpus = pd.read_csv(ROOT / "training_data" / "ecommerce_retail.csv", keep_default_na=False)["text"]
    words = {w.rstrip(".,;:!?¡¿()\"'") for t in corpus for w in (*t.split(), *strip_accents(t).split())}
    words |= set(nlp.tokenizer.rules) | {"Q", "kJ", "dB", "eV", "nº", "ª", "º", "ǅ", "ﬁn", "ß", "İ", "EEUU", "Ñ"}
    checked = 0
    for word in words:
        for run in (word, *(word + mark for mark in ",;:!?.")):
            plain = runner.plain(run)
            if plain is not None:
                checked += 1
                assert plain == [t.text for t in nlp.tokenizer(run)], run
    assert checked > 20_000
    assert runner.plain("pal") is None and runner.plain("Q.") is None and runner.plain("bien...") is None


def test_output_columns_without_result_objects_equal_the_results(model, texts):
    """Files and frames get their ``cx_`` columns from each batch's decisions (``Model._column_lists``),
    without building a ``Classification`` per comment: the columns must be those of the results, for
    values of every status, units across batches, NFD text, signals, and one industry per text."""
    from cxnlp.model import column_series, results_to_columns

    values = [*texts, None, float("nan"), 42, b"bytes con \xc3\xb1", "Muy bien. " * 800] * 2
    industries = [("none", "auto", None, "hotels_restaurants")[i % 4] for i in range(len(values))]
    for industry in ("default", None, "telecom", industries):
        fast = model._column_lists(values, industry)
        plain = results_to_columns(list(model.classify_many(values, industry=industry)))
        assert len(fast["cx_status"]) == len(values) > 512  # two batches
        for name, series in column_series(fast).items():
            pd.testing.assert_series_equal(series, plain[name], check_exact=True, obj=name)
    assert {"ok", "empty", "no_comment", "not_spanish", "truncated"} <= set(fast["cx_status"])
    assert any(json.loads(s)[0].get("emotions") is not None for s in fast["cx_segments"] if s)


def test_char_counts_from_threads_sharing_a_counter_are_each_their_own():
    """Threads of a service share a model: one emptying the store of word ids while another gathers from it
    must not change the other's rows (a small cache empties it on nearly every call)."""
    import threading

    vocabulary = {gram: i for i, gram in enumerate(sorted({g for w in ("abc", "bcd", "cde", "xyz", "wxy")
                                                           for g in char_wb_ngrams(w, 3, 5)}))}
    docs = [[f"abc w{i} bcd{i % 7} cde", f"xyz{i} wxy abc"] for i in range(60)]
    alone = CharCounter(vocabulary, (3, 5), cache_size=6)
    expected = [alone.counts(d).toarray().tolist() for d in docs]
    shared = CharCounter(vocabulary, (3, 5), cache_size=6)
    results: dict[int, list] = {}

    def work(k):
        for _ in range(80):
            for i in range(k, len(docs), 4):
                got = shared.counts(docs[i]).toarray().tolist()
                if got != expected[i]:
                    results[i] = got

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {}


@pytest.mark.parametrize("fail_on", ["_new_ids", "_room"])
def test_char_store_stays_consistent_when_an_update_is_interrupted(monkeypatch, fail_on):
    """A KeyboardInterrupt or a signal handler's exception may stop the store's update anywhere: the next batch,
    of words already seen, failed with IndexError (a stale array of starts)."""
    from cxnlp.text import _counting

    vocabulary = {gram: i for i, gram in enumerate(sorted({g for w in ("abc", "bcd", "cde", "xyz")
                                                           for g in char_wb_ngrams(w, 3, 5)}))}
    counter = CharCounter(vocabulary, (3, 5))
    counter.counts(["abc bcd", "cde"])
    calls = [0]
    real = getattr(_counting, fail_on) if fail_on == "_room" else CharCounter._new_ids

    def failing(*args, **kwargs):
        calls[0] += 1
        if calls[0] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    if fail_on == "_room":
        monkeypatch.setattr(_counting, "_room", failing)
    else:
        monkeypatch.setattr(CharCounter, "_new_ids", failing)
    with pytest.raises(KeyboardInterrupt):
        counter.counts(["xyz abcd bcde", "cde xyz"])
    monkeypatch.undo()
    for docs in (["abc cde bcd"], ["xyz abcd bcde", "cde xyz abc"]):
        assert counter.counts(docs).toarray().tolist() == CharCounter(vocabulary, (3, 5)).counts(docs).toarray().tolist()
