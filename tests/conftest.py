from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import cxnlp
from cxnlp.persist import DEFAULT_MODEL_DIR

ROOT = Path(__file__).resolve().parents[1]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`pytest -n auto` (the README's test command) starts one worker per CPU this process may use, at most four.

    pytest-xdist's own `auto` counts physical cores where psutil is installed, which can be one on a two-vCPU
    machine whose vCPUs are one core's two threads. More than four workers gain little (each trains the session's
    small model and loads the shipped one) and cost memory.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, cpus))


# A 12-row fixture: enough to overfit, small enough to read.
FEEDBACK = [
    ("El pedido llegó dos semanas tarde", "negative", "delivery", "cx"),
    ("La app se cierra cuando voy a pagar", "negative", "app", "ux"),
    ("La nueva app es preciosa, me encantan los colores", "positive", "app", "ui"),
    ("El agente fue muy amable y me lo resolvió", "positive", "support", "customer_service"),
    ("Llevo una hora en espera y nadie contesta", "negative", "support", "customer_service"),
    ("Muy caro para lo que ofrecen", "negative", "price", "cx"),
    ("¿Cómo cambio mi contraseña?", "neutral", "account", "ux"),
    ("Excelente empresa, los recomiendo", "positive", "general", "cx"),
    ("Me cobraron dos veces la factura", "negative", "billing", "cx"),
    ("El repartidor dejó el paquete en la puerta, todo bien", "positive", "delivery", "cx"),
    ("Las letras de la web son muy pequeñas", "negative", "website", "ui"),
    ("La tienda estaba limpia pero la cola era eterna", "mixed", "store", "cx"),
]


@pytest.fixture(scope="session")
def feedback() -> pd.DataFrame:
    return pd.DataFrame(FEEDBACK, columns=["text", "sentiment", "touchpoints", "areas"])


@pytest.fixture(scope="session")
def model() -> cxnlp.Model:
    """The shipped default model (trained on training_data/)."""
    return cxnlp.load()


@pytest.fixture(scope="session")
def corpus() -> pd.DataFrame:
    return cxnlp.read_training_data(ROOT / "training_data", strict=True)


@pytest.fixture(scope="session")
def common_corpus(corpus) -> pd.DataFrame:
    """Corpus rows whose labels are all common ones, for tests that train on a small sample: a sample of
    them has enough examples of every label whatever the corpus grows into."""
    return corpus[corpus["touchpoints"].map(lambda t: set(t) <= {"product", "delivery", "support", "store", "price"})
                  & corpus["areas"].map(lambda a: set(a) <= {"cx", "customer_service"})]


@pytest.fixture(scope="session")
def small_model(corpus, tmp_path_factory) -> tuple[cxnlp.Model, Path]:
    """A quick model trained on a stratified 900-row sample of the corpus, saved to a temp dir."""
    sample = corpus.groupby("sentiment", group_keys=False).sample(frac=900 / len(corpus), random_state=1)
    config = cxnlp.TrainConfig(folds=3, min_examples=5, max_features=30_000)
    trained = cxnlp.train(frame=sample.reset_index(drop=True), config=config, name="small")
    path = tmp_path_factory.mktemp("models") / "small"
    cxnlp.save(trained, path)
    return trained, path


@pytest.fixture
def partly_classified_months() -> pd.DataFrame:
    """October to December 2024 with 60 answers a month, all classified, and January 2025 with 60 answers of
    which 2 comments are classified so far."""
    n = 60

    def month(m, themed):
        return pd.DataFrame({"fecha": [f"{m}-15"] * n, "nps": [2, 9, 10] * (n // 3),
                             "cx_status": ["ok"] * themed + ["empty"] * (n - themed),
                             "cx_sentiment": (["negative", "positive", "positive"] * n)[:themed] + [None] * (n - themed),
                             "cx_touchpoints": (["delivery", "app", "app"] * n)[:themed] + [None] * (n - themed)})

    return pd.concat([month("2024-10", n), month("2024-11", n), month("2024-12", n), month("2025-01", 2)],
                     ignore_index=True)


@pytest.fixture
def blank_store_december() -> pd.DataFrame:
    """October to December 2024 with 60 classified answers a month and a store column ('tienda') blank in every
    row of December."""
    n = 60
    return pd.DataFrame({"fecha": ["2024-10-15"] * n + ["2024-11-15"] * n + ["2024-12-15"] * n,
                         "nps": [2, 9, 10] * n, "cx_status": "ok",
                         "cx_sentiment": ["negative", "positive", "positive"] * n,
                         "cx_touchpoints": ["delivery", "app", "app"] * n,
                         "tienda": ["A", "B", "C"] * (2 * n // 3) + [None] * n})


@pytest.fixture
def no_hang():
    """``with no_hang(what):`` turns a wait of over 10 s into a ``TimeoutError(what)``: a test of code that must
    refuse a pipe without waiting on it fails instead of holding the suite for ever."""
    import contextlib
    import signal

    @contextlib.contextmanager
    def guard(what: str, seconds: int = 10):
        def hung(*_):
            raise TimeoutError(what)

        previous = signal.signal(signal.SIGALRM, hung)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    return guard


@pytest.fixture
def threads_in_turn(monkeypatch):
    """``turns = threads_in_turn(module, name)`` patches ``module.name`` so that two threads are inside it at once,
    the first having gone in first, and the second goes on only once the first is done: ``turns.run(target)`` runs
    ``target(name)`` in a thread of each of ``names`` (by default "first" and "second"), waits for both and raises
    a target's error. Code
    that swaps process-wide state (``warnings.catch_warnings``) around the call is caught putting back the wrong
    state. A first thread that never calls ``module.name`` lets the second start once it is done."""
    import threading

    class Turns:
        def __init__(self, names):
            self.names = names
            self.first_inside, self.both_inside = threading.Event(), threading.Barrier(2, timeout=10)
            self.first_out = threading.Event()

        def wrap(self, function):
            def in_turn(*args, **kwargs):
                if threading.current_thread().name == self.names[0]:
                    self.first_inside.set()  # (the second thread starts only now: the first is inside first)
                self.both_inside.wait()
                if threading.current_thread().name == self.names[1]:
                    self.first_out.wait(10)
                return function(*args, **kwargs)

            return in_turn

        def run(self, target):
            failed = []

            def caught(name):
                try:
                    target(name)
                except BaseException as err:  # (raised in the test's thread once both are joined)
                    failed.append(err)

            def first(name):
                try:
                    caught(name)
                finally:  # (raised or not: the second is not left waiting 10 s, past no_hang, into later tests)
                    self.first_inside.set()  # (where it never went in: the second starts once the first is done)
                    self.first_out.set()

            threads = [threading.Thread(target=go, args=(name,), name=name)
                       for go, name in zip((first, caught), self.names)]
            threads[0].start()
            self.first_inside.wait(10)
            threads[1].start()
            for thread in threads:
                thread.join()
            if failed:
                raise failed[0]

    def patch(module, name: str, names: tuple[str, str] = ("first", "second")) -> Turns:
        turns = Turns(names)
        monkeypatch.setattr(module, name, turns.wrap(getattr(module, name)))
        return turns

    return patch


@pytest.fixture
def disk_full_for(monkeypatch):
    """``disk_full_for(name)``: from then on, writing the output called ``name`` (its temporary file, as a text or as
    a table) fails as on a full disk, the other outputs being written as usual."""
    import errno
    import os

    import cxnlp.io as cio

    full: set[str] = set()

    def failing(write):
        def write_unless_full(self, *args, **kwargs):
            path = self if isinstance(self, Path) else self.path
            if any(path.name.startswith(f".{name}.") for name in full):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return write(self, *args, **kwargs)
        return write_unless_full

    monkeypatch.setattr(Path, "write_text", failing(Path.write_text))
    monkeypatch.setattr(cio.TableWriter, "write", failing(cio.TableWriter.write))
    return full.add


def pytest_report_header(config):
    return f"cxnlp {cxnlp.__version__}; default model at {DEFAULT_MODEL_DIR}"
