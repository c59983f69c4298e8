"""The Python API as a long-running service uses it: any value, bad arguments, threads, forks, pickles.
Each case was found by a review of the API under service-like use."""

from __future__ import annotations

import decimal
import multiprocessing
import pickle
import re
import threading

import numpy as np
import pandas as pd
import pytest

import cxnlp
from cxnlp.exceptions import ConfigError, CxnlpError, DataError


class _NoText:
    def __str__(self):
        raise ValueError("no text")


def test_no_value_fails_a_batch(model):
    values = ["El envío tardó", 10**5000, decimal.Decimal("sNaN"), _NoText(), bytearray("El envío llegó tarde".encode()),
              memoryview("Muy lento el envío".encode()), 7, None]
    results = list(model.classify_many(values))
    assert [r.status for r in results] == ["ok", "no_comment", "empty", "no_comment", "ok", "ok", "no_comment", "empty"]
    assert results[4].text == "El envío llegó tarde" and results[5].text == "Muy lento el envío"
    assert model.classify(10**5000).status == "no_comment"
    framed = model.classify_frame(pd.DataFrame({"texto": pd.Series(values, dtype=object)}), text="texto")
    assert framed["cx_status"].tolist() == [r.status for r in results]


def test_an_object_with_no_text_of_its_own_is_no_comment(model):
    # its default text, '<object object at 0x7f…>' with its memory address, was read as a comment (not_spanish)
    class Survey:
        pass

    values = [object(), Survey(), lambda: None]
    assert [(r.status, r.text) for r in model.classify_many(values)] == [
        ("no_comment", "<object>"), ("no_comment", "<Survey>"), ("no_comment", "<function>")]
    assert model.classify(object()).text == "<object>"
    framed = model.classify_frame(pd.DataFrame({"texto": pd.Series(values, dtype=object)}), text="texto")
    assert framed["cx_status"].tolist() == ["no_comment"] * 3


def test_no_home_folder_means_no_lemma_cache(monkeypatch):
    # a container's user id without a passwd entry and no $HOME: every classify raised RuntimeError
    from pathlib import Path

    from cxnlp.text import _lemmas

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    for name in ("CXNLP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert _lemmas.cache_dir() is None


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch, tmp_path):
    # the XDG spec calls a relative XDG_CACHE_HOME invalid; it put a 7 MB copy of the lemma table in the working folder
    from cxnlp.text import _lemmas

    monkeypatch.delenv("CXNLP_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    assert _lemmas.cache_dir() == tmp_path / ".cache" / "cxnlp"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _lemmas.cache_dir() == tmp_path / "xdg" / "cxnlp"


@pytest.mark.parametrize("call, error", [
    (lambda m: cxnlp.TrainConfig(word_ngrams=(3,)), ConfigError),
    (lambda m: cxnlp.TrainConfig(min_df="a"), ConfigError),
    (lambda m: cxnlp.TrainConfig(C_labels=float("nan")), ConfigError),
    (lambda m: cxnlp.load(max_chars="abc"), ConfigError),
    (lambda m: cxnlp.load(review_confidence="x"), ConfigError),
    # a text one failed in NumPy at the first comment of several units; a negative one added every unit's labels
    (lambda m: cxnlp.Model(m.classifier, unit_label_probability="0.8"), ConfigError),
    (lambda m: cxnlp.Model(m.classifier, unit_label_probability=-1), ConfigError),
    (lambda m: cxnlp.Model(m.classifier, unit_label_probability=float("nan")), ConfigError),
    (lambda m: cxnlp.load(5), ConfigError),
    (lambda m: cxnlp.save(object(), "no-se-escribe"), ConfigError),
    (lambda m: m.classify_many(None), DataError),
    (lambda m: m.classify_many(5), DataError),
    (lambda m: cxnlp.nps(None), DataError),
    (lambda m: cxnlp.nps(pd.DataFrame({"nps": [9, 10]})), DataError),  # it scored the column names
    (lambda m: cxnlp.review_queue(m, "La app se cierra al pagar"), DataError),  # it classified the characters
    (lambda m: cxnlp.evaluate(m, pd.DataFrame({"comentario": ["a"], "sentiment": ["positive"]})), DataError),
])
def test_bad_arguments_are_cxnlp_errors_that_name_them(model, call, error):
    with pytest.raises(error) as raised:
        call(model)
    assert isinstance(raised.value, CxnlpError) and str(raised.value)


def test_a_dict_is_refused_where_its_keys_would_be_read_as_texts_or_scores(model):
    """A dict of id -> comment was classified (and redacted) by its ids, a dict of id -> score scored its ids, and
    a bytearray of scores scored its byte values: bytearray([9, 10]) was NPS 100 from two promoters."""
    from cxnlp.pii import redact_many

    answers = {"r1": "La app se cierra al pagar", "r2": "El envío llegó tarde"}
    advice = re.escape("whose keys would be read as the texts; pass its values (.values()).")
    with pytest.raises(DataError, match="^classify_many expects an iterable of texts, got a dict, " + advice + "$"):
        list(model.classify_many(answers))
    with pytest.raises(DataError, match="^review_queue expects an iterable of texts, got a dict, " + advice + "$"):
        cxnlp.review_queue(model, answers)
    with pytest.raises(DataError, match="^redact_many expects an iterable of texts, got a dict, " + advice + "$"):
        redact_many(answers)
    with pytest.raises(DataError, match=r"^Expected an iterable of scores, got a dict, whose keys would be read as the "
                                        r"scores; pass its values \(\.values\(\)\)\.$"):
        cxnlp.nps({9: "r1", 10: "r2"})
    for raw in (bytearray([9, 10]), memoryview(bytes([9, 10])), bytes([9, 10])):  # (a memoryview scored NPS 100 too)
        with pytest.raises(DataError) as raised:
            cxnlp.nps(raw)
        assert str(raised.value) == (f"Expected an iterable of scores, got {type(raw).__name__} b'\\t\\n', whose bytes "
                                     f"would be read as the scores; pass a list of numbers.")
    with pytest.raises(DataError, match="^Iterable over raw text documents expected, string object received"):
        list(model.classify_many(bytearray("La app se cierra".encode())))  # (one comment: classify reads it)
    assert [r.text for r in model.classify_many(answers.values())] == list(answers.values())


def test_a_frame_with_two_rows_of_column_names_is_refused_by_every_analysis_as_by_classify_frame(tmp_path):
    """With a pd.MultiIndex header, summarize said 'NPS column not found' (nps=(a, b): pandas' TypeError), and so
    did drivers, changes and the report; discover said it found no comment column. The report is named as such:
    build_report's and make_report's frame was said to be write_report's."""
    from cxnlp.report.build import build_report

    flat = pd.DataFrame({"comentario": ["La app falla"] * 4, "nps": [9, 3, 10, 6], "fecha": ["2024-01-05"] * 4,
                         "cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": "app"})
    two = flat.set_axis(pd.MultiIndex.from_product([["encuesta"], flat.columns]), axis=1)
    calls = {"summarize": lambda: cxnlp.summarize(two, nps="nps"),
             "drivers": lambda: cxnlp.drivers(two, "nps"),
             "changes": lambda: cxnlp.changes(two, "quarter", nps="nps"),
             "discover": lambda: cxnlp.discover(two),
             "the report": lambda: cxnlp.write_report(two, tmp_path / "informe.html", nps="nps")}
    for caller, call in [*calls.items(), ("the report", lambda: build_report(two, nps="nps"))]:
        with pytest.raises(DataError) as raised:
            call()
        assert str(raised.value) == (f"{caller} expects one row of column names; this frame has 2 levels. Join them "
                                     f"first, e.g. frame.columns = [' '.join(map(str, c)).strip() for c in "
                                     f"frame.columns].")
    assert not (tmp_path / "informe.html").exists()


def test_a_misspelt_report_keyword_names_the_report_and_the_keywords_it_takes(tmp_path):
    # write_report(..., npss=...) said "build_report() got unexpected keyword arguments", a function not called
    frame = pd.DataFrame({"comentario": ["La app falla"], "nps": [3], "cx_status": "ok", "cx_sentiment": "negative",
                          "cx_touchpoints": "app"})
    with pytest.raises(TypeError) as raised:
        cxnlp.write_report(frame, tmp_path / "informe.html", npss="nps")
    assert str(raised.value) == ("the report got unexpected keyword arguments ['npss']; its score keywords are nps, "
                                 "csat, ces, csat_scale, csat_cutoff, csat_method, ces_scale, ces_method, ces_cutoff.")


def test_numpy_integers_and_lists_are_accepted_where_python_ones_are(model):
    import numpy as np

    assert len(list(model.classify_many(["a", "b"], batch_size=np.int64(8)))) == 2
    assert cxnlp.TrainConfig(word_ngrams=[1, 2]).word_ngrams == (1, 2)


def test_a_numpy_float_weight_is_a_number(model):
    # np.float32(2) was refused: "weight=np.float32(2.0): expected a positive number"
    import numpy as np

    from cxnlp.training import gather

    rows = pd.DataFrame({"text": ["La app se cierra", "Muy buena atención"], "sentiment": ["negative", "positive"],
                         "weight": [3, None]})
    assert gather(frame=rows, weight=np.float32(2))["weight"].tolist() == [3.0, 2.0]


def test_overlapping_drivers_calls_set_the_blas_limit_once_and_restore_it_once(monkeypatch):
    # threadpoolctl's limit is process-wide: two drivers calls at once each saved the setting and restored it, and
    # the second saved the first's limit of one thread, which it then left for the rest of the process
    import importlib

    drivers_fit = importlib.import_module("cxnlp.insights._drivers_fit")  # where drivers limits BLAS

    events = []

    class Limit:
        def __init__(self, limits, user_api):
            events.append(("limit", limits))

        def restore_original_limits(self):
            events.append(("restore",))

    monkeypatch.setattr(drivers_fit, "threadpool_limits", Limit)
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first():
        with drivers_fit._one_blas_thread():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second():
        first_in.wait(10)
        with drivers_fit._one_blas_thread():
            second_in.set()
            first_out.wait(10)
            events.append(("second still running",))

    workers = [threading.Thread(target=first), threading.Thread(target=second)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert events == [("limit", 1), ("second still running",), ("restore",)]


def _classify_in_child(queue):
    queue.put(cxnlp.load().classify("El pedido llegó tarde").sentiment)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_process_forked_while_a_lock_is_held_still_classifies(model):
    # a thread inside the tokenizer or language identification at the moment of a fork left its lock held in the
    # child, which hung at its first comment
    from cxnlp.text import status, tokenize

    model.classify("Llegó tarde")  # warm: both locks in use from now on
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    with tokenize._lock, status._lock:
        child = context.Process(target=_classify_in_child, args=(queue,))
        child.start()
    child.join(120)
    alive = child.is_alive()
    if alive:
        child.kill()
    assert not alive and child.exitcode == 0 and queue.get(timeout=5) == "negative"


def test_a_pickled_model_leaves_its_caches_behind():
    texts = [f"El pedido {i} llegó tarde y el repartidor zq{i}x fue grosero" for i in range(2000)]
    model = cxnlp.load()
    fresh = len(pickle.dumps(model))
    list(model.classify_many(texts))
    assert len(pickle.dumps(model)) < fresh + 1_000_000  # 20 MB more (stacked weights, word n-gram ids) before
    again = pickle.loads(pickle.dumps(model))
    assert [r.to_dict() for r in again.classify_many(texts[:50])] == [r.to_dict() for r in model.classify_many(texts[:50])]


def test_unit_label_probability_is_checked_as_review_confidence_is(model):
    with pytest.raises(ConfigError, match=r"^unit_label_probability='x': expected a value in \[0, 1\]\.$"):
        cxnlp.Model(model.classifier, unit_label_probability="x")
    assert cxnlp.Model(model.classifier, unit_label_probability=None).unit_label_probability is None
    assert cxnlp.Model(model.classifier, unit_label_probability=1).unit_label_probability == 1.0


@pytest.mark.parametrize("call, caller", [
    (lambda data: cxnlp.evaluate("models/default", data), "evaluate"),
    (lambda data: cxnlp.compare("models/default", cxnlp.load(), data), "compare (model_a)"),
    (lambda data: cxnlp.review_queue("models/default", ["La app se cierra"]), "review_queue"),
])
def test_a_model_folder_given_for_a_model_is_a_config_error_that_says_to_load_it(call, caller):
    # each raised AttributeError: 'str' object has no attribute 'labels' (or 'classifier')
    data = pd.DataFrame({"text": ["La app se cierra"], "sentiment": ["negative"]})
    with pytest.raises(ConfigError) as raised:
        call(data)
    assert str(raised.value) == (f"{caller} expects a cxnlp.Model (cxnlp.train or cxnlp.load gives one), got str. "
                                 f"Load it first: cxnlp.load('models/default').")


def test_evaluate_worst_is_a_count_of_examples(model):
    # worst=-1 listed all but the last example (rows[:-1]); worst="5" was a TypeError from slicing
    data = pd.DataFrame({"text": ["Pésimo, la app se cierra", "Me encantó la atención", "Nunca llegó el pedido"],
                         "sentiment": ["positive", "negative", "positive"]})
    assert len(cxnlp.evaluate(model, data, worst=0)["worst"]) == 0
    for worst in (-1, "5", 2.5):
        with pytest.raises(ConfigError, match=rf"^worst={worst!r}: expected a whole number of examples, 0 or more\.$"):
            cxnlp.evaluate(model, data, worst=worst)


@pytest.mark.parametrize("seed", [-1, "x", 1.5])
def test_compare_seed_is_checked_as_drivers_checks_it(model, seed):
    # NumPy's bare ValueError ('expected non-negative integer') or TypeError, naming no setting
    data = pd.DataFrame({"text": ["La app se cierra"], "sentiment": ["negative"]})
    with pytest.raises(ConfigError) as raised:
        cxnlp.compare(model, model, data, seed=seed)
    assert str(raised.value) == f"seed must be a whole number >= 0, got {seed!r}."


@pytest.mark.parametrize("seed", [3.0, True])
def test_drivers_seed_is_an_integer_as_compares_is(seed):
    # drivers(seed=3.0) was taken while compare(seed=3.0) and discover(seed=3.0) were refused
    frame = pd.DataFrame({"nps": [9, 3] * 20, "cx_touchpoints": ["app", "delivery"] * 20})
    with pytest.raises(ConfigError, match=rf"^seed must be a whole number >= 0, got {seed!r}\.$"):
        cxnlp.drivers(frame, "nps", seed=seed)


def test_save_promote_and_rollback_name_a_folder_that_is_no_path(model):
    # pathlib's TypeError ('expected str, bytes or os.PathLike object, not NoneType') before
    with pytest.raises(ConfigError) as raised:
        cxnlp.save(model, None)
    assert str(raised.value) == "a model is saved to a folder: expected a path (str or Path), got NoneType: 'None'."
    for call in (lambda: cxnlp.promote("default", 5), lambda: cxnlp.rollback(5)):
        with pytest.raises(ConfigError) as raised:
            call()
        assert str(raised.value) == "project: expected a path (str or Path), got int: '5'."


def test_every_argument_that_must_be_a_path_says_so_in_one_wording(model, tmp_path):
    # four wordings before: 'a model directory is a path (str or Path), got int: 5.', 'project: expected a path
    # (str or Path)...', 'a table is read from a file's path (str or Path), got int.', 'an HTML report's path is text
    # or a Path...'
    frame = pd.DataFrame({"cx_status": ["ok"]})
    calls = {"model directory": lambda: cxnlp.load(5), "table": lambda: cxnlp.read_table(5),
             "HTML report": lambda: cxnlp.write_report(frame, 5), "project": lambda: cxnlp.rollback(5)}
    for what, call in calls.items():
        with pytest.raises(ConfigError) as raised:
            call()
        assert str(raised.value) == f"{what}: expected a path (str or Path), got int: '5'."


def test_promote_refuses_no_candidate(tmp_path, monkeypatch):
    # None was read as $CXNLP_MODEL, else the shipped model, and promoted into the project without a word
    monkeypatch.delenv("CXNLP_MODEL", raising=False)
    for candidate in (None, "", "  "):
        with pytest.raises(ConfigError) as raised:
            cxnlp.promote(candidate, tmp_path / "proyecto")
        assert str(raised.value) == (f"promote needs the candidate model's folder ('default' for the shipped model), "
                                     f"got {candidate!r}.")
    assert not (tmp_path / "proyecto").exists()


@pytest.mark.parametrize("value", [5000.0, 5000.5, 0, True])
def test_max_chars_is_an_integer_as_every_other_count_of_the_api(model, value):
    # Model(max_chars=5000.0) was accepted while drivers(n_boot=20.0), summarize(min_n=30.0) and
    # classify_many(batch_size=8.0) were refused: one rule for counts, an integer
    with pytest.raises(ConfigError, match=rf"^max_chars={re.escape(repr(value))}: expected an integer of at least 1 "
                                          r"\(characters\)\.$"):
        cxnlp.Model(model.classifier, max_chars=value)
    assert cxnlp.Model(model.classifier, max_chars=np.int64(300)).max_chars == 300


def test_evaluate_worst_counts_rows_by_position_in_a_frame_with_a_row_column_of_its_own(model):
    # a frame's own 'row' column (an id, a code) was read as the row number: 'R-7' raised a ValueError from int()
    data = pd.DataFrame({"text": ["Pésimo, la app se cierra", "Nunca llegó el pedido"],
                         "sentiment": ["positive", "positive"], "row": ["R-7", "12"]})
    assert sorted(w["row"] for w in cxnlp.evaluate(model, data)["worst"]) == [1, 2]
