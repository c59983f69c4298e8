"""``cxnlp serve``: a real uvicorn process on a free port, called with httpx (one server for the module),
plus in-process checks of what a running server cannot show (log_texts, a model that fails to load)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

import cxnlp
from cxnlp.results import Classification, Segment

API_KEY = "k3y-for-tests"
MAX_BATCH, MAX_BODY = 60, 64_000
# Starlette's TestClient runs the app's lifespan in this process; newer Starlette warns that it wants httpx2.
in_process = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
MARKER = "Texto-centinela-7Q: el repartidor tiró el paquete por encima de la valla"

TEXTS = [
    "La app es muy bonita pero se cierra al pagar, y en el chat nadie contesta",
    "El pedido llegó dos semanas tarde y nadie me avisó",
    "Excelente atención en la tienda, muy amables",
    "¿Cómo cambio mi contraseña?",
    "",
    "N/A",
    "The parcel arrived two weeks late and support never answered",
    None,
    7,
    True,
    "😡😡😡",
    "Me cobraron dos veces\x00 la factura",
    "muy caro " * 700,  # over 5,000 characters: truncated
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _plain(result: Classification, id_=None) -> dict:
    """What the service should answer for ``result``: its fields as JSON, plus the id."""
    return {"id": id_, **json.loads(json.dumps(dataclasses.asdict(result)))}


@pytest.fixture(scope="module", autouse=True)
def testserver_allowed():
    """Starlette's TestClient sends ``Host: testserver``, a name the service answers to only when told (QA X 5):
    the apps made in this process are told so, as a deployment names its own hosts."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CXNLP_ALLOWED_HOSTS", "testserver")
        yield


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``cxnlp serve`` with an API key and small limits, ready (model loaded and warmed up)."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CXNLP_API_KEY", None)
    env.pop("CXNLP_ALLOWED_HOSTS", None)  # the server's own defaults: localhost and the address it binds
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "cxnlp", "serve", "--port", str(port), "--api-key", API_KEY,
                                 "--max-batch", str(MAX_BATCH), "--max-body-bytes", str(MAX_BODY)],
                                stdout=log, stderr=subprocess.STDOUT, env=env)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": API_KEY}, timeout=120)
    try:
        deadline = time.monotonic() + 240
        while True:
            if proc.poll() is not None:
                pytest.fail(f"cxnlp serve exited with {proc.returncode}:\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"cxnlp serve not ready after 240 s:\n{log_path.read_text()}")
            try:
                ready = client.get("/readyz")
                if ready.status_code == 200:
                    break
                if "could not be loaded" in ready.json()["message"]:
                    pytest.fail(ready.json()["message"])
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        yield client, log_path
    finally:
        client.close()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def client(server):
    return server[0]


def _error(response, status: int, field: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["field"] == field, body
    assert body["error"] and body["message"]
    return body


# -- answers ------------------------------------------------------------------------------------------
def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_batch_equals_classify_many(client, model):
    ids = [f"r{i}" for i in range(len(TEXTS))]
    response = client.post("/v1/classify", json={"texts": TEXTS, "ids": ids})
    assert response.status_code == 200, response.text
    expected = [_plain(r, i) for r, i in zip(model.classify_many(TEXTS), ids)]
    assert response.json()["results"] == expected
    # Texts that are not feedback get their status, not an error.
    statuses = {r["text"]: r["status"] for r in response.json()["results"]}
    assert statuses[""] == "empty" and statuses["N/A"] == "no_comment" and statuses[None] == "empty"
    assert statuses["7"] == "no_comment" and statuses[TEXTS[6]] == "not_spanish"
    assert statuses[TEXTS[-1]] == "truncated"
    # docs/service.md section 2: no labels, empty lists, and null signals (emotions too, as in Python)
    empty = response.json()["results"][4]
    assert (empty["sentiment"], empty["touchpoints"], empty["segments"], empty["effort"], empty["emotions"]) == (
        None, [], [], None, None)


def test_results_have_exactly_the_python_fields(client):
    result = client.post("/v1/classify", json={"text": TEXTS[0]}).json()["results"][0]
    assert set(result) == {"id"} | {f.name for f in dataclasses.fields(Classification)}
    assert all(set(s) == {f.name for f in dataclasses.fields(Segment)} for s in result["segments"])
    assert [result["text"][s["start"]:s["end"]] for s in result["segments"]] == [s["text"] for s in result["segments"]]


def test_one_text_with_id(client, model):
    body = client.post("/v1/classify", json={"text": TEXTS[1], "id": 42}).json()
    assert body["model"] == model.meta["name"]
    assert body["results"] == [_plain(model.classify(TEXTS[1]), 42)]


def test_a_null_field_reads_as_left_out_as_typed_clients_send_it(client, model):
    """Found by QA: a null 'ids', 'texts' or 'id' beside the other form was a 422, so clients that write every
    field, null where unset (pydantic's model_dump, Jackson), failed, even with the service's own model."""
    from cxnlp._serve_schema import ClassifyRequest

    expected = [_plain(model.classify(TEXTS[1]), 42)]
    for body in (ClassifyRequest(text=TEXTS[1], id=42).model_dump(mode="json"),
                 ClassifyRequest(texts=[TEXTS[1]], ids=[42]).model_dump(mode="json"),
                 {"text": TEXTS[1], "id": 42, "texts": None, "ids": None},
                 {"texts": [TEXTS[1]], "ids": [42], "text": None, "id": None}):
        answer = client.post("/v1/classify", json=body)
        assert answer.status_code == 200 and answer.json()["results"] == expected, (body, answer.text)
    # Without 'texts', a 'text' sent as null is a comment (status empty), as it always was; so it is for
    # ClassifyRequest(text=None), whose dump also has 'texts': null. Beside a list of texts, a null 'text'
    # can only mean the batch (a typed client's batch request carries it).
    for body in ({"text": None}, {"text": None, "texts": None, "ids": None}):
        assert [r["status"] for r in client.post("/v1/classify", json=body).json()["results"]] == ["empty"]
    _error(client.post("/v1/classify", json={"texts": None}), 422, "text")  # neither form
    _error(client.post("/v1/classify", json={"text": "hola", "texts": None, "industries": ["auto"]}), 422,
           "industries")


def test_bearer_token_works_too(client):
    with httpx.Client(base_url=client.base_url, headers={"Authorization": f"Bearer {API_KEY}"}) as bearer:
        assert bearer.post("/v1/classify", json={"text": "Todo perfecto"}).status_code == 200


def test_fifty_concurrent_requests_all_answered(client, model):
    texts = [f"{TEXTS[k % 4]} (pedido {k})" for k in range(50)]

    def ask(text):
        return client.post("/v1/classify", json={"text": text})

    with ThreadPoolExecutor(max_workers=50) as pool:
        responses = list(pool.map(ask, texts))
    assert [r.status_code for r in responses] == [200] * 50
    assert [r.json()["results"][0] for r in responses] == [_plain(r) for r in model.classify_many(texts)]


def test_summarize_equals_python(client, model):
    frame = pd.DataFrame({"comentario": TEXTS[:7], "nps": [3, 6, 10, 8, 9, "", 2]})
    classified = model.classify_frame(frame, text="comentario")
    expected = cxnlp.summarize(classified, by="touchpoints", nps="nps", min_n=1)
    # Rows as `cxnlp classify` writes them (cx_ columns)...
    rows = json.loads(classified.to_json(orient="records"))
    served = client.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1})
    assert served.status_code == 200, served.text
    # every float as Python computed it (pandas' own JSON rounds to 10 decimals); NaN as null
    want = [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
            for row in json.loads(expected.to_json(orient="records"))]
    got = served.json()["summary"]
    assert [list(row) for row in got] == [list(row) for row in want]
    for row, wanted in zip(got, want):
        for key, value in wanted.items():
            number = isinstance(value, float) and not isinstance(row[key], bool)
            assert row[key] == (pytest.approx(value, rel=1e-9, abs=1e-9) if number else value), key
    assert served.json()["attrs"]["metrics"]["nps"]["valid"] == 6
    # ...or the results of /v1/classify with the scores added.
    results = client.post("/v1/classify", json={"texts": TEXTS[:7]}).json()["results"]
    rows = [{**r, "nps": n} for r, n in zip(results, frame["nps"])]
    again = client.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1})
    assert again.json()["summary"] == served.json()["summary"]


@pytest.mark.parametrize("labels", [[5], [["delivery"]], ["delivery", {"x": 1}], [None, True]])
@pytest.mark.parametrize("field", ["touchpoints", "cx_touchpoints"])
def test_summarize_labels_that_are_not_names_are_a_json_422(client, labels, field):
    """A list of labels holding a number, a list or an object answered a plain-text 500."""
    rows = [{"status": "ok", "sentiment": "negative", field: labels, "nps": 3}]
    answer = client.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1})
    assert answer.status_code == 422 and answer.json()["field"] == f"rows.{field}"


@pytest.mark.parametrize("field", ["touchpoints", "cx_touchpoints"])
def test_summarize_skips_null_items_of_label_lists(client, field):
    """Arrow gives a list column's null items as None ("delivery", null): cxnlp.summarize skips them, and the
    service answered 422 (and a plain-text 500 before that, joining them into a cell)."""
    def rows(*labels):
        return [{"status": "ok", "sentiment": "negative", field: labels[0], "nps": 3},
                {"status": "ok", "sentiment": "positive", field: labels[1], "nps": 9},
                {"status": "ok", "sentiment": "positive", field: ["app"], "nps": 10}]

    answer = client.post("/v1/summarize", json={"rows": rows(["delivery", None], [None]), "nps": "nps", "min_n": 1})
    assert answer.status_code == 200, answer.text
    assert [(t["theme"], t["n"]) for t in answer.json()["summary"]] == [("app", 1), ("delivery", 1)]
    without = client.post("/v1/summarize", json={"rows": rows(["delivery"], []), "nps": "nps", "min_n": 1})
    assert answer.json() == without.json()


@pytest.mark.parametrize("field, value", [
    ("sentiment", {"label": "negative", "score": -0.9}), ("sentiment", ["negative"]), ("status", ["ok"]),
    ("effort", {"label": "high"}), ("emotions", {"anger": 0.9}), ("churn_risk", [True]),
    ("cx_sentiment", {"label": "negative"}), ("cx_effort", ["high"]), ("cx_touchpoints", {"delivery": 1}),
])
def test_summarize_label_fields_holding_objects_are_a_422_naming_them(client, field, value):
    """Found by QA: an object where a label goes answered {"field": "nps", "message": "unhashable type:
    'dict'"}; a list where one label goes was read as its labels joined (status ["ok"] as "ok")."""
    rows = [{"status": "ok", "sentiment": "negative", "touchpoints": ["delivery"], "nps": 3},
            {"status": "ok", "sentiment": "positive", "touchpoints": ["app"], "nps": 9}]
    rows[1][field] = value
    body = _error(client.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1}), 422, f"rows.{field}")
    assert "row 1 holds" in body["message"] and "unhashable" not in body["message"]


def test_summarize_keeps_every_by_dimension_under_its_own_name(client):
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "n": n, "by_n": b} for n, b in (("a", "p"), ("b", "q"), ("a", "q"))]
    out = client.post("/v1/summarize", json={"rows": rows, "by": ["n", "by_n"], "min_n": 1}).json()
    assert out["attrs"]["by"] == ["by_by_n", "by_n"]
    assert sorted((s["by_by_n"], s["by_n"]) for s in out["summary"]) == [("a", "p"), ("a", "q"), ("b", "q")]


@pytest.fixture(scope="module")
def summarizer():
    """The app in process, its model never loaded: /v1/summarize needs none."""
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    return TestClient(create_app(api_key=""))


@in_process
@pytest.mark.parametrize("depth", [98, 600, 980])
def test_summarize_refuses_cells_nested_too_deeply(summarizer, depth, caplog):
    """Found by QA: a cell nested 500 to 980 levels deep (under the JSON parser's limit) was a 500, a
    RecursionError in the walk that reads the rows, and logged some 3,000 lines of stack."""
    body = ('{"rows": [{"cx_status": "ok", "cx_touchpoints": "app", "note": ' + "[" * depth + "]" * depth + '}], '
            '"min_n": 1}')
    with caplog.at_level("ERROR", "cxnlp.serve"):
        answer = summarizer.post("/v1/summarize", content=body, headers={"Content-Type": "application/json"})
    if depth < 100:  # a row's own level, and 99 of lists: within the limit
        assert answer.status_code == 200, answer.text
    else:  # the parser's own limit ("body") depends on how deep its caller's stack already is
        assert answer.status_code == 422 and answer.json()["field"] in ("rows", "body"), answer.text
        assert "nested too deeply" in answer.json()["message"]
    assert not caplog.records


@in_process
def test_summarize_reads_each_row_in_its_own_form(summarizer):
    """Found by QA: with one row in the cx_ form among rows in the /v1/classify form, the form was chosen per
    column, and the labels of the other 40 rows were dropped (a 200 with one theme)."""
    plain = [{"status": "ok", "sentiment": "negative", "touchpoints": ["delivery"], "nps": 2}] * 40
    cx = [{"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app", "nps": 10}]
    answer = summarizer.post("/v1/summarize", json={"rows": plain + cx, "nps": "nps", "min_n": 1}).json()
    assert [(s["theme"], s["n"], s["nps"]) for s in answer["summary"]] == [("delivery", 40, -100), ("app", 1, 100)]
    assert answer["attrs"]["themed_rows"] == 41
    # a row with any cx_ key is in the cx_ form, its cx_ cells null or not: its plain fields are columns of its own
    both = [{"cx_status": "ok", "status": "empty", "cx_touchpoints": "app", "touchpoints": ["delivery"]},
            {"cx_status": None, "status": "ok", "cx_touchpoints": None, "touchpoints": ["delivery"]}]
    answer = summarizer.post("/v1/summarize", json={"rows": both, "min_n": 1}).json()
    assert [(s["theme"], s["n"]) for s in answer["summary"]] == [("app", 1)]


@in_process
def test_summarize_reads_a_cx_row_with_empty_labels_as_python_does(summarizer):
    """Found by review: a null cx_ cell fell back to the row's field named as in /v1/classify; but `cxnlp classify`
    leaves cx_stage empty on a row without a stage (and every label on a row that is not feedback), so a survey
    column of its own named 'stages' or 'sentiment' was read as labels, unlike cxnlp.summarize on the frame."""
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "cx_stage": "after", "stages": "Postventa", "nps": 9},
            {"cx_status": "ok", "cx_touchpoints": "app", "cx_stage": None, "stages": "Postventa", "nps": 2},
            {"cx_status": "empty", "cx_sentiment": None, "cx_touchpoints": None, "sentiment": "positivo", "nps": 9}]
    for by in ("stage", "touchpoints"):
        answer = summarizer.post("/v1/summarize", json={"rows": rows, "nps": "nps", "by": by, "min_n": 1}).json()
        python = cxnlp.summarize(pd.DataFrame(rows), nps="nps", by=by, min_n=1)
        assert [(s["theme"], s["n"]) for s in answer["summary"]] == list(zip(python["theme"], python["n"]))
        assert answer["attrs"]["themed_rows"] == python.attrs["themed_rows"]
        assert answer["attrs"].get("own_sentiments") is None


@in_process
def test_summarize_excludes_dates_that_are_objects_or_lists(summarizer):
    """Found by QA: one object or list in the date column was a 422 on 'period' with Python's message
    ("unhashable type: 'dict'"); such a cell is an unreadable date, excluded and counted, as text that is none."""
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "nps": 5, "fecha": "2024-01-15"} for _ in range(4)]
    for row, cell in zip(rows, ({"d": 1}, [2024, 1], "not a date")):
        row["fecha"] = cell
    answer = summarizer.post("/v1/summarize", json={"rows": rows, "period": "month", "nps": "nps", "min_n": 1})
    assert answer.status_code == 200, answer.text
    assert answer.json()["attrs"]["date_excluded"] == 3 and answer.json()["summary"][0]["n"] == 1


@in_process
def test_summarize_counts_rows_that_are_empty_objects(summarizer):
    """Found by QA: rows that were all {} (every field null, left out by a client that omits nulls) made a frame of
    no rows: the overall summary was empty, with attrs.rows 0 for three responses; cxnlp.summarize counts them."""
    answer = summarizer.post("/v1/summarize", json={"rows": [{}, {}, {}], "by": None, "min_n": 1})
    assert answer.status_code == 200, answer.text
    assert [(s["theme"], s["n"]) for s in answer.json()["summary"]] == [("all", 3)]
    assert answer.json()["attrs"]["rows"] == 3


@in_process
@pytest.mark.parametrize("option, value, field", [("min_n", True, "min_n"), ("min_n", "5", "min_n"),
                                                  ("dayfirst", "yes", "dayfirst"), ("dayfirst", 1, "dayfirst"),
                                                  ("alpha", "0.1", "alpha"), ("csat_cutoff", "3", "csat_cutoff"),
                                                  ("csat_scale", [True, 5], "csat_scale[0]"),
                                                  ("ces_scale", [1, "7"], "ces_scale[1]")])
def test_summarize_options_are_read_as_typed(summarizer, option, value, field):
    """Found by review: the options were read loosely, min_n true as 1, "5" as 5, dayfirst "yes" as true, where
    cxnlp.summarize refuses min_n=True; a wrong type is a 422 naming the option."""
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "csat": 4}]
    answer = summarizer.post("/v1/summarize", json={"rows": rows, "csat": "csat", "min_n": 1, option: value})
    _error(answer, 422, field)


@in_process
@pytest.mark.parametrize("option, value", [("alpha", "NaN"), ("alpha", "Infinity"), ("csat_cutoff", "NaN"),
                                           ("ces_cutoff", "-Infinity")])
def test_summarize_options_that_are_not_finite_say_so(summarizer, option, value):
    """Round serve6: "alpha": NaN (Python's JSON parser reads NaN and Infinity) was answered "alpha: Input should be
    less than 1", and a NaN cutoff "expected low < cutoff <= high": neither says what is wrong with it."""
    body = f'{{"rows": [{{"cx_status": "ok", "cx_touchpoints": "app", "nps": 4}}], "csat": "nps", "ces": "nps", ' \
           f'"min_n": 1, "{option}": {value}}}'
    answer = summarizer.post("/v1/summarize", content=body, headers={"Content-Type": "application/json"})
    assert _error(answer, 422, option)["message"] == f"{option}: Input should be a finite number"


@in_process
def test_summarize_options_take_whole_numbers_as_the_library_does(summarizer):
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "csat": 4}]
    request = {"rows": rows, "csat": "csat", "min_n": 1, "csat_scale": [1.0, 5.0], "csat_cutoff": 3, "alpha": 0,
               "dayfirst": False}
    _error(summarizer.post("/v1/summarize", json=request), 422, "alpha")
    answer = summarizer.post("/v1/summarize", json={**request, "alpha": 0.1})
    assert answer.status_code == 200, answer.text
    assert answer.json()["attrs"]["alpha"] == 0.1 and answer.json()["attrs"]["dayfirst"] is False


@in_process
def test_a_scale_bound_written_as_a_large_whole_float_is_read_as_the_library_reads_it(summarizer):
    """Round serve7: a bound of 1e20 (a whole number, which cxnlp.summarize takes) was a 422 saying "Unable to parse
    input string as an integer", though no string was sent; 1e20 and 100000000000000000000 are the same scale."""
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "ces": 3}]
    request = {"rows": rows, "ces": "ces", "min_n": 1}
    written = summarizer.post("/v1/summarize", json={**request, "ces_scale": [1, 10**20]})
    answer = summarizer.post("/v1/summarize", json={**request, "ces_scale": [1.0, 1e20]})
    assert answer.status_code == 200, answer.text
    assert answer.json() == written.json()
    assert answer.json()["attrs"]["metrics"]["ces"]["scale"] == [1, 10**20]


@in_process
@pytest.mark.parametrize("options, field", [({"period": "month", "date": "nps"}, "date"),
                                            ({"period": "year", "date": "d"}, "period"),
                                            ({"period": "month"}, "period")])
def test_summarize_blames_the_date_named_for_a_date_column_it_cannot_read(summarizer, options, field):
    """Round serve7: "date": "nps" (a column of scores) with a known period was blamed on 'period', the probe of the
    period alone failing for want of a date column, where the message was about the date column named."""
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "nps": n, "d": "2024-01-05"} for n in (3, 9)]
    _error(summarizer.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1, **options}), 422, field)


@in_process
@pytest.mark.parametrize("dates, period", [(["2024-T3", "2024-T4"], "month"), (["2024-T3", "2024-T4"], "week"),
                                           (["2024-05", "2024-06"], "week")])
def test_summarize_blames_the_period_for_dates_that_read_by_another_period(summarizer, dates, period):
    """Review of serve7: quarter labels by month (or month labels by week), whose message says "use period 'quarter'",
    were blamed on 'date' once the period alone was no longer blamed; the column reads by quarter: the period is
    wrong."""
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "nps": n, "d": d} for n, d in zip((3, 9), dates)]
    body = _error(summarizer.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1, "period": period,
                                                         "date": "d"}), 422, "period")
    assert "use period" in body["message"]


@in_process
def test_summarize_takes_dayfirst_for_dates_that_read_either_way(summarizer):
    """Found by QA: /v1/summarize had no 'dayfirst' (a 422, "Extra inputs are not permitted"), so a US export of
    1-10 July (07/01/2024 ... 07/10/2024) was read day first as ten months, January to October, with no way to
    say otherwise; cxnlp.summarize and the CLI (--monthfirst) take the order."""
    rows = [{"cx_status": "ok", "cx_touchpoints": "app", "nps": 9, "fecha": f"07/{day:02d}/2024"}
            for day in range(1, 11)]
    request = {"rows": rows, "nps": "nps", "period": "month", "min_n": 1}
    guessed = summarizer.post("/v1/summarize", json=request).json()
    assert len(guessed["summary"]) == 10 and guessed["attrs"]["dayfirst"] is True
    answer = summarizer.post("/v1/summarize", json={**request, "dayfirst": False})
    assert answer.status_code == 200, answer.text
    assert [(s["period"], s["n"]) for s in answer.json()["summary"]] == [("2024-07", 10)]
    assert answer.json()["attrs"]["dayfirst"] is False


@in_process
@pytest.mark.parametrize("by, cell, kind", [("region", ["S", "E"], "a list"), ("region", {"S": 1}, "an object")])
def test_summarize_refuses_lists_and_objects_in_a_theme_column(summarizer, by, cell, kind):
    """Found by QA: a list in a by column was one theme named as Python writes a tuple ("('S', 'E')"), and an
    object a 422 with Python's message ("unhashable type: 'dict'"). cxnlp.summarize splits only the labels of the
    multi-label axes (touchpoints, areas, stage), so any other column holds one value a row."""
    rows = [{"status": "ok", "sentiment": "negative", "touchpoints": ["app", "delivery"], "region": "N"}
            for _ in range(3)]
    rows[2][by] = cell
    body = _error(summarizer.post("/v1/summarize", json={"rows": rows, "by": by, "min_n": 1}), 422, "rows")
    assert f"{by!r} (by) holds {kind} in row 2" in body["message"] and "unhashable" not in body["message"]
    # the axes' lists of labels are themes label by label
    answer = summarizer.post("/v1/summarize", json={"rows": rows, "by": "touchpoints", "min_n": 1})
    assert [(s["theme"], s["n"]) for s in answer.json()["summary"]] == [("app", 3), ("delivery", 3)]


@in_process
@pytest.mark.parametrize("form", ["cx_", ""])
def test_summarize_themes_a_list_of_emotions_by_cx_emotions_in_either_form(summarizer, form):
    """Found by review: a cx_emotions list (a form the label fields accept) with "by": "cx_emotions" was a 422,
    while an emotions list of the /v1/classify form was the theme 'anger|worry'."""
    rows = [{f"{form}status": "ok", f"{form}touchpoints": ["app"], f"{form}emotions": emotions, "nps": 3}
            for emotions in (["anger", "worry"], ["anger", "worry"], ["worry", None], [])]
    answer = summarizer.post("/v1/summarize", json={"rows": rows, "by": "cx_emotions", "nps": "nps", "min_n": 1})
    assert answer.status_code == 200, answer.text
    assert [(s["theme"], s["n"]) for s in answer.json()["summary"]] == [("anger|worry", 2), ("worry", 1)]
    assert answer.json()["attrs"]["signals"]["emotions"]["counts"]["worry"] == 3


def test_summarize_blames_the_rows_when_they_fail_without_any_option(client):
    # found by QA: an error of the rows themselves was put on the first option given (here 'nps')
    rows = [{"status": "ok", "sentiment": f"etiqueta-{k}", "touchpoints": ["app"], "nps": 9} for k in range(60)]
    body = _error(client.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1}), 422, "rows")
    assert "cx_sentiment" in body["message"]


def test_summarize_answers_what_it_cannot_compute_as_null(client, model):
    """Found by QA: with three CES answers the effort-CES correlation has no interval (NaN in attrs), which
    Starlette's JSON refuses: a plain-text 500. NaN is null in attrs, as in the summary."""
    texts = ["El pedido llegó tarde", "Muy buena atención en la tienda", "La app se cierra al pagar"]
    results = client.post("/v1/classify", json={"texts": texts}).json()["results"]
    answer = client.post("/v1/summarize", json={"rows": [{**r, "ces": s} for r, s in zip(results, [6, 2, 5])],
                                                "ces": "ces"})
    assert answer.status_code == 200, answer.text
    classified = model.classify_frame(pd.DataFrame({"text": texts, "ces": [6, 2, 5]}), text="text")
    expected = cxnlp.summarize(classified, ces="ces").attrs["signals"]["effort_ces"]
    assert expected["low"] != expected["low"]  # NaN: the case at issue
    assert answer.json()["attrs"]["signals"]["effort_ces"] == {
        k: None if isinstance(v, float) and v != v else v for k, v in expected.items()}


def test_model_info(client, model):
    info = client.get("/v1/model").json()
    assert info["labels"] == model.labels
    assert info["data_sha256"] == model.meta["data_sha256"]
    assert info["scores"] == model.meta["scores"]
    assert info["server"]["max_batch"] == MAX_BATCH


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/classify", "/v1/summarize", "/v1/model", "/healthz", "/readyz"} <= set(paths)


@in_process
def test_openapi_lists_the_errors_each_route_answers(summarizer):
    # found by QA: the GET routes listed no 401, which they answer with a key set; /v1/summarize listed a 503,
    # which it never answers (it needs no model)
    # (found by review: nor the 413 they answer for a body over --max-body-bytes)
    paths = summarizer.get("/openapi.json").json()["paths"]
    listed = {path: set(next(iter(paths[path].values()))["responses"]) for path in paths}
    assert listed == {"/healthz": {"200", "401", "413", "500"}, "/readyz": {"200", "401", "413", "500", "503"},
                      "/v1/model": {"200", "401", "413", "500", "503"},
                      "/v1/classify": {"200", "401", "408", "413", "415", "422", "500", "503"},
                      "/v1/summarize": {"200", "401", "408", "413", "415", "422", "500"}}


@in_process
def test_openapi_lists_the_408_of_a_late_body_and_the_503_of_max_concurrent(model):
    """The POST routes answer 408 for a body that does not end in time, and with ``max_concurrent`` every route but
    the probes answers 503: /v1/summarize, which needs no model, listed neither."""
    from fastapi.testclient import TestClient

    import cxnlp.serve as serve

    with TestClient(serve.create_app(model, max_concurrent=2), base_url="http://localhost") as client:
        paths = client.get("/openapi.json").json()["paths"]
    summarize = set(paths["/v1/summarize"]["post"]["responses"])
    assert {"408", "503"} <= summarize and "503" not in paths["/healthz"]["get"]["responses"]


# -- errors -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": API_KEY + "x"},
                                     {"Authorization": "Bearer wrong"}, {"Authorization": API_KEY}])
def test_401_without_the_right_key(client, headers):
    with httpx.Client(base_url=client.base_url, headers=headers) as other:
        _error(other.post("/v1/classify", json={"text": "hola"}), 401, "X-API-Key")
        _error(other.get("/readyz"), 401, "X-API-Key")


def test_405_says_which_methods_the_path_takes(client):
    # found by QA: the JSON 405 was built anew without Starlette's Allow header, which RFC 9110 requires
    for method, path, allowed in (("GET", "/v1/classify", "POST"), ("POST", "/healthz", "GET, HEAD")):
        answer = client.request(method, path)
        assert allowed == answer.headers["allow"]
        # Round serve6: the message was Starlette's "Method Not Allowed", naming neither the path nor what it takes
        assert _error(answer, 405, "method")["message"] == f"{method} {path}: the path takes {allowed}, not {method}."
    assert _error(client.get("/v1/clasify"), 404, "path")["message"] == (
        "GET /v1/clasify: no such path; the service answers /healthz, /readyz, /v1/classify, /v1/model, /v1/summarize.")
    # the path as sent: a decoded "%0A" put a line break in the message, and a long path was quoted whole
    assert _error(client.get("/v1/a%0Ab"), 404, "path")["message"].startswith("GET /v1/a%0Ab: no such path;")
    assert _error(client.get("/" + "x" * 500), 404, "path")["message"].startswith(f"GET /{'x' * 199}…: no such path;")
    with httpx.Client(base_url=client.base_url) as stranger:  # the key is checked first, and 401 keeps its header
        answer = stranger.get("/v1/classify")
        _error(answer, 401, "X-API-Key")
        assert answer.headers["www-authenticate"] == "Bearer" and "allow" not in answer.headers


def test_413_batch_over_the_limit(client):
    body = _error(client.post("/v1/classify", json={"texts": ["hola"] * (MAX_BATCH + 1)}), 413, "texts")
    assert str(MAX_BATCH) in body["message"]
    # the batch size is checked after the schema (docs/service.md, section 5): ids of another length first
    _error(client.post("/v1/classify", json={"texts": ["hola"] * (MAX_BATCH + 1), "ids": [1]}), 422, "ids")


def test_413_body_over_the_limit(client):
    _error(client.post("/v1/classify", json={"text": "x" * MAX_BODY}), 413, "body")

    def chunks():  # no Content-Length: the limit holds while the body streams in
        for _ in range(MAX_BODY // 1000 + 2):
            yield b" " * 1000

    _error(client.post("/v1/classify", content=chunks(), headers={"Content-Type": "application/json"}), 413, "body")


def test_a_content_length_of_non_ascii_digits_is_read_as_any_unreadable_length():
    """'²' (byte 0xB2 read as latin-1) is a digit to str.isdigit, and int() of it raised: a 500 instead of the
    answer any unreadable Content-Length ('abc') gets, the body read and checked as it comes."""
    import asyncio

    from cxnlp._serve_gate import Gate

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def status(length: bytes, body: bytes) -> int:
        sent = []

        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/v1/summarize", "query_string": b"",
                 "headers": [(b"content-length", length), (b"content-type", b"application/json")]}
        asyncio.run(Gate(app, api_key=None, max_body_bytes=10)(scope, receive, send))
        return sent[0]["status"]

    for length in (b"abc", b"\xb2", b"1\xb3"):  # '²' and '1³': digits to str.isdigit, none to int()
        assert (status(length, b"{}"), status(length, b"x" * 11)) == (204, 413), length
    assert status(b"99", b"{}") == 413
    # Round serve7: int() of over 4,300 digits raises (a 500 under a server that passes such a header on); a length of
    # more digits than the limit has is over it, leading zeros aside
    assert status(b"9" * 5000, b"{}") == 413 and status(b"0" * 5000 + b"2", b"{}") == 204


def test_a_content_length_is_read_under_a_limit_of_over_4300_digits():
    """Review of serve7: the check wrote the limit out with str(), which raises past 4,300 digits: with
    max_body_bytes=10**5000 every POST was a 500 (before, int(length) > limit answered it)."""
    import asyncio

    from cxnlp._serve_gate import Gate

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def status(length: bytes) -> int:
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"{}", "more_body": False}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/v1/summarize", "query_string": b"",
                 "headers": [(b"content-length", length), (b"content-type", b"application/json")]}
        asyncio.run(Gate(app, api_key=None, max_body_bytes=10**5000)(scope, receive, send))
        return sent[0]["status"]

    assert [status(length) for length in (b"2", b"9" * 5000, b"0" * 6000 + b"2", b"")] == [204] * 4


@in_process
def test_a_limit_of_over_4300_digits_is_written_in_the_413_and_in_v1_model(model):
    """Round serve8: the 413's message and /v1/model's JSON wrote max_body_bytes=10**5000 out with str(), which
    raises past 4,300 digits: both were a 500 (internal_error, ValueError)."""
    import asyncio

    from cxnlp.serve import create_app

    app = create_app(model, api_key="", max_body_bytes=10**5000, max_batch=10**5000)

    def answer(method: str, path: str, length: bytes) -> tuple[int, dict]:
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"{}", "more_body": False}

        async def send(message):
            sent.append(message)

        headers = [(b"host", b"localhost"), (b"content-type", b"application/json"), (b"content-length", length)]
        scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "root_path": "",
                 "query_string": b"", "headers": headers, "scheme": "http", "http_version": "1.1",
                 "server": ("localhost", 80), "client": ("127.0.0.1", 1), "asgi": {"version": "3.0"}}
        asyncio.run(app(scope, receive, send))
        return sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))

    status, body = answer("POST", "/v1/summarize", b"9" * 6000)
    assert (status, body["error"]) == (413, "too_large")
    assert body["message"] == "the request body is over the limit of about 1.000E+5000 bytes."
    status, body = answer("GET", "/v1/model", b"0")
    assert (status, body["server"]["max_body_bytes"], body["server"]["max_batch"]) == (200, None, None)


@in_process
def test_413_before_415_for_a_body_sent_in_chunks():
    """Found by QA: a body over the limit sent in chunks (no Content-Length) with a wrong Content-Type was a 415:
    the type was checked before the body was read, where docs/service.md has 413 first."""
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    def chunks():
        for _ in range(3):
            yield b" " * 1000

    local = TestClient(create_app(api_key="", max_body_bytes=2000))
    for content_type in ("text/plain", "application/json"):
        _error(local.post("/v1/summarize", content=chunks(), headers={"Content-Type": content_type}), 413, "body")
    _error(local.post("/v1/summarize", content=b'{"rows": []}', headers={"Content-Type": "text/plain"}), 415,
           "Content-Type")


def _through_gate(pieces, limit, tail=None):
    """The status the body gate answers for a body sent as ``pieces`` (then ``tail``, a disconnect), and the
    messages the app behind it received: one, or two where the first says more body follows."""
    import asyncio

    from cxnlp._serve_gate import Gate

    messages = [{"type": "http.request", "body": p, "more_body": tail is not None or k < len(pieces) - 1}
                for k, p in enumerate(pieces)] + ([tail] if tail else [])
    received, sent = [], []

    async def app(scope, receive, send):
        received.append(await receive())
        if received[0]["more_body"]:
            received.append(await receive())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/summarize", "root_path": "",
             "headers": [(b"content-type", b"application/json")]}
    asyncio.run(Gate(app, api_key=None, max_body_bytes=limit)(scope, receive, send))
    return sent[0]["status"], received


def test_a_body_sent_a_byte_at_a_time_reaches_the_app_as_one_message():
    """Hunt conc3: the gate kept a body's messages as they came and replayed them one list.pop(0) at a time: a body
    sent a byte at a time (a slow client) held some 200 bytes of objects per byte, and its replay took time quadratic
    in their number, on the event loop (a million bytes: 40 s). The body is joined as it is read."""
    body = json.dumps({"rows": [{"text": "hola"}] * 1000}).encode()
    status, received = _through_gate([body[k:k + 1] for k in range(len(body))], len(body))
    assert status == 200
    assert received == [{"type": "http.request", "body": body, "more_body": False}]


def test_a_body_in_one_message_reaches_the_app_as_sent_and_pieces_are_joined_exactly():
    """Review of conc3: the gate that joins a body's pieces copied a body sent in one message (the common case) into
    a buffer and that buffer again: one at the 16-MiB limit took 32 MiB more to read. It is passed on as sent; pieces
    (an empty one among them) are joined, the limit counted over all of them, and a disconnect still ends the body."""
    body = b'{"rows": []}' * 1000
    status, received = _through_gate([body], len(body))
    assert status == 200 and received[0]["body"] is body  # not a copy
    assert _through_gate([b"", body[:5], b"", body[5:]], len(body))[1] == [
        {"type": "http.request", "body": body, "more_body": False}]
    assert _through_gate([body[:5], body[5:]], len(body) - 1)[0] == 413
    assert _through_gate([b"", b""], 10)[1] == [{"type": "http.request", "body": b"", "more_body": False}]
    gone = {"type": "http.disconnect"}
    assert _through_gate([body[:5], body[5:9]], len(body), gone)[1] == [
        {"type": "http.request", "body": body[:9], "more_body": True}, gone]


@in_process
def test_415_for_a_compressed_body(summarizer):
    """Found by QA: a gzip body (Content-Encoding: gzip, as clients with request compression send it) was a 422,
    "body: not readable as JSON in UTF-8 (not UTF-8, not JSON, or nested too deeply...)", about a body that was
    all three."""
    import gzip

    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    answer = summarizer.post("/v1/summarize", content=gzip.compress(b'{"rows": []}'), headers=headers)
    body = _error(answer, 415, "Content-Encoding")
    assert body["message"] == "the body is compressed ('gzip'), which this server does not read; send it uncompressed."
    plain = summarizer.post("/v1/summarize", content=b'{"rows": [], "by": null}',
                            headers={"Content-Type": "application/json", "Content-Encoding": "identity"})
    assert plain.status_code == 200, plain.text


@in_process
@pytest.mark.parametrize("encodings, sent", [(["identity, identity"], None), ([" Identity "], None), (["", "identity"], None),
                                             (["identity", "gzip"], "identity, gzip"), (["GZIP"], "GZIP"),
                                             (["identity, br"], "identity, br")])
def test_every_content_encoding_is_read(summarizer, encodings, sent):
    """Found by review: only the first Content-Encoding line was read, so a gzip body in a second one got the 422
    about its JSON, and 'identity, identity' (a body sent as it is) was called compressed."""
    headers = [("content-type", "application/json"), *(("content-encoding", value) for value in encodings)]
    answer = summarizer.post("/v1/summarize", content=b'{"rows": [], "by": null}', headers=headers)
    if sent is None:
        assert answer.status_code == 200, answer.text
    else:
        assert _error(answer, 415, "Content-Encoding")["message"] == (
            f"the body is compressed ({sent!r}), which this server does not read; send it uncompressed.")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_415_wrong_content_type(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    _error(client.post("/v1/classify", content=b'{"text": "hola"}', headers=headers), 415, "Content-Type")


@pytest.mark.parametrize("body, field", [
    ({"texts": "una sola cadena"}, "texts"),
    ({"texts": ["bien", {"text": "anidado"}]}, "texts[1]"),
    ({"textos": ["hola"]}, "textos"),
    ({}, "text"),
    ({"text": "hola", "texts": ["hola"]}, "texts"),
    ({"texts": ["a", "b"], "ids": ["1"]}, "ids"),
    ({"texts": ["a"], "ids": [[1]]}, "ids[0]"),
    ({"text": "a", "ids": [1]}, "ids"),
])
def test_422_names_the_field(client, body, field):
    _error(client.post("/v1/classify", json=body), 422, field)


@in_process
@pytest.mark.parametrize("options", [{}, {"by": "region"}, {"by": None, "nps": "nps"}])
def test_summarize_of_no_rows_says_there_are_none(summarizer, options):
    """Found by review: an empty 'rows' (a day without responses) was told "by='touchpoints' needs the classified
    column 'cx_touchpoints'; classify the comments first", or that the table has no column 'region'."""
    body = _error(summarizer.post("/v1/summarize", json={"rows": [], **options}), 422, "rows")
    assert body["message"] == ("rows is empty, so it has no column for by, nps, csat, ces or date to name; send one "
                               "object per response (or by: null for an empty summary).")
    assert summarizer.post("/v1/summarize", json={"rows": [], "by": None}).json()["summary"] == []


@in_process
@pytest.mark.parametrize("by, fields", [(5, ["by", "by"]), (["region", 5], ["by", "by[1]"])])
def test_422_names_a_union_field_without_pydantics_member_tags(summarizer, by, fields):
    # found by QA: the fields were 'by.str' and 'by.list[str][1]', the member types pydantic tried
    body = _error(summarizer.post("/v1/summarize", json={"rows": [], "by": by}), 422, "by")
    assert [e["field"] for e in body["errors"]] == fields


def test_422_bad_json_and_bad_summary_options(client):
    _error(client.post("/v1/classify", content=b'{"texts": ["a"', headers={"Content-Type": "application/json"}),
           422, "body")
    for body in (b'{"text": "\xff\xfe caf\xe9"}', b'{"text": ' + b"9" * 5000 + b"}"):  # not UTF-8; a number too long
        _error(client.post("/v1/classify", content=body, headers={"Content-Type": "application/json"}), 422, "body")
    rows = [{"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app", "nps": 9}]
    _error(client.post("/v1/summarize", json={"rows": rows, "nps": "recomendacion"}), 422, "nps")
    _error(client.post("/v1/summarize", json={"rows": rows, "by": "region"}), 422, "by")
    _error(client.post("/v1/summarize", json={"rows": rows, "csat": "nps", "csat_scale": [5, 1]}), 422, "csat_scale")
    _error(client.post("/v1/summarize", json={"rows": rows, "period": "decade"}), 422, "period")
    # A date column named and not in the rows is the date's fault, with or without a period (docs/service.md).
    for extra in ({}, {"period": "month"}):
        _error(client.post("/v1/summarize", json={"rows": rows, "date": "fech", **extra}), 422, "date")
    # A bound beyond a float was a 500 (OverflowError in the library).
    for extra, field in (({"csat_scale": [1, 10**400]}, "csat_scale"), ({"csat_scale": [1, 10**400], "csat_cutoff": 1e308},
                                                                         "csat_scale")):
        _error(client.post("/v1/summarize", json={"rows": rows, "csat": "nps", **extra}), 422, field)
    _error(client.post("/v1/summarize", json={"rows": rows, "ces": "nps", "ces_scale": [-10**400, 7]}), 422, "ces_scale")


@in_process
@pytest.mark.parametrize("body, says", [
    (b'{"rows": [{"x": "lleg\xf3"}]}', "not UTF-8 (byte 0xf3 at position 21); send the JSON in UTF-8, whatever the "
                                       "charset of its Content-Type"),
    # review serve6: after a byte-order mark the position was counted without it (15, not 18)
    (b'\xef\xbb\xbf{"rows": ["lleg\xf3"]}', "not UTF-8 (byte 0xf3 at position 18); send the JSON in UTF-8, "
                                           "whatever the charset of its Content-Type"),
    ('{"rows": []}'.encode("utf-16-le")[:-1], "not valid UTF-16-LE, the encoding its first bytes show (byte 0x7d "
                                                "at position 22: truncated data); send the JSON in UTF-8, whatever the "
                                                "charset of its Content-Type"),
    (b"\x00\x00\x00{\xff\xff\xff\xff", "not valid UTF-32-BE, the encoding its first bytes show (byte 0xff at position "
                                      "4: code point not in range(0x110000)); send the JSON in UTF-8, whatever the "
                                      "charset of its Content-Type"),
    (b'{"rows": [', "not JSON (Expecting value at line 1, column 11)"),
    (b'{"rows": "abc', "not JSON (Unterminated string starting at line 1, column 10)"),
    (b'{"rows": "a\tb"}', "not JSON (Invalid control character at line 1, column 12)"),
    (b'{"rows": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply for the JSON parser"),
    (b'{"rows": [], "min_n": ' + b"9" * 5000 + b"}", "a number of more than 4,300 digits")])
def test_a_body_that_cannot_be_read_says_why(summarizer, body, says):
    """Round serve5: a latin-1 body (`charset=latin-1`, as some clients declare), a number too long and a body
    nested too deeply all got "not readable as JSON in UTF-8 (not UTF-8, not JSON, or nested too deeply; There was
    an error parsing the body)", and malformed JSON "JSON decode error": each says what is wrong now."""
    answer = summarizer.post("/v1/summarize", content=body,
                             headers={"Content-Type": "application/json; charset=latin-1"})
    assert _error(answer, 422, "body")["message"] == f"body: {says}"


@in_process
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-le"])
def test_a_body_in_utf16_or_utf32_is_read_as_its_first_bytes_show(summarizer, encoding):
    """Round serve6: a UTF-16 body cut short was answered "not UTF-8", though UTF-16 and UTF-32 bodies are read
    (json.loads tells them by their first bytes): docs/service.md now says so, and the message names the encoding."""
    body = json.dumps({"rows": [{"nps": 9, "región": "Año"}], "nps": "nps", "by": "región", "min_n": 1},
                      ensure_ascii=False).encode(encoding)
    answer = summarizer.post("/v1/summarize", content=body,
                             headers={"Content-Type": f"application/json; charset={encoding}"})
    assert answer.status_code == 200, answer.text
    assert [row["región"] for row in answer.json()["summary"]] == ["Año"]


@in_process
@pytest.mark.parametrize("path, body, field", [
    ("/v1/classify", {"texts": ["a", "b"], "ids": [1]}, "ids"),
    ("/v1/classify", {}, "text"),
    ("/v1/summarize", {"rows": [{"nps": 9}], "by": "region"}, "by"),
    ("/v1/summarize", {"rows": [{"sentiment": {}}]}, "rows.sentiment"),
    ("/v1/summarize", {"rows": [{"nps": 9, "region": {}}], "by": "region"}, "rows")])
def test_every_422_lists_its_errors(summarizer, path, body, field):
    """Round serve5: a 422 of the schema listed `errors`, one raised after it (ids of another length, neither text
    nor texts, a summary column not in the rows) had no `errors` at all: a client reading them got a KeyError.
    Review: their message repeated the field where the 422's message begins with it ("rows.sentiment: rows.sentiment:
    expected..." shown by a client that writes field and message); a schema error's does not."""
    answer = _error(summarizer.post(path, json=body), 422, field)
    assert answer["errors"] == [{"field": field, "message": answer["message"].removeprefix(f"{field}: ")}]
    assert not answer["errors"][0]["message"].startswith(f"{field}:")


def test_texts_are_not_logged(server):
    client, log_path = server
    assert client.post("/v1/classify", json={"texts": [MARKER], "ids": ["m"]}).status_code == 200
    time.sleep(0.5)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert '"POST /v1/classify HTTP/1.1" 200' in log  # the log is captured...
    assert "centinela" not in log and "valla" not in log  # ...and holds no text


# -- in process -----------------------------------------------------------------------------------------


@in_process
def test_log_texts_writes_them(model, caplog):
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    with TestClient(create_app(model, api_key="", log_texts=True)) as local, caplog.at_level("INFO", "cxnlp.serve"):
        assert local.post("/v1/classify", json={"text": MARKER}).status_code == 200
    assert MARKER in caplog.text


@in_process
def test_log_texts_of_a_large_batch_are_logged_off_the_event_loop(model):
    """Round serve5: with log_texts, the repr of a batch (as large as its body) was made and written on the event
    loop, holding /healthz and every other request; it is logged in the worker thread that classifies the batch."""
    import asyncio
    import logging

    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    logged_on_loop = []

    class Where(logging.Handler):
        def emit(self, record):
            if record.getMessage().startswith("classify "):
                try:
                    asyncio.get_running_loop()
                    logged_on_loop.append(True)
                except RuntimeError:
                    logged_on_loop.append(False)

    handler = Where(level=logging.INFO)
    serve_logger = logging.getLogger("cxnlp.serve")
    serve_logger.addHandler(handler)
    try:
        with TestClient(create_app(model, api_key="", log_texts=True)) as local:
            assert local.post("/v1/classify", json={"texts": [MARKER] * 10}).status_code == 200
    finally:
        serve_logger.removeHandler(handler)
    assert logged_on_loop == [False]


@in_process
def test_a_model_that_cannot_load_is_not_ready(tmp_path):
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    with TestClient(create_app(tmp_path / "missing", api_key="")) as local:
        app = local.app
        assert app.state.loader.done.wait(30)
        body = _error(local.get("/readyz"), 503, "model")
        assert "not a model directory" in body["message"]
        _error(local.post("/v1/classify", json={"text": "hola"}), 503, "model")
        assert local.get("/healthz").status_code == 200


@in_process
def test_requests_waiting_for_the_model_leave_the_thread_pool_free(monkeypatch):
    """Round serve5: a request that reached a worker still loading its model waited in a worker thread; 40 of them
    took the whole pool, and /v1/summarize, which needs no model, stalled until the model loaded (up to 120 s)."""
    import asyncio

    from cxnlp import serve

    monkeypatch.setattr(serve.Loader, "_run", lambda self: None)  # a model that takes its time to load
    app = serve.create_app(api_key="", allowed_hosts="localhost")

    async def scenario():
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://localhost") as local:
            waiting = [asyncio.create_task(local.post("/v1/classify", json={"text": "hola"})) for _ in range(30)]
            waiting += [asyncio.create_task(local.get("/v1/model")) for _ in range(15)]
            await asyncio.sleep(0.3)
            try:
                summary = await asyncio.wait_for(local.post("/v1/summarize", json={"rows": [], "by": None}), 10)
            finally:  # the model fails to load, and the requests waiting for it are answered
                app.state.loader.error = "ValueError: no model here"
                app.state.loader.done.set()
            return summary, await asyncio.gather(*waiting)

    summary, waited = asyncio.run(scenario())
    assert summary.status_code == 200
    assert {(r.status_code, r.json()["message"]) for r in waited} == {
        (503, "the model could not be loaded: ValueError: no model here")}


@in_process
def test_requests_waiting_for_the_model_share_one_wait(monkeypatch):
    """Review of round serve5: each request waiting for the model looked 20 times a second whether it had loaded, so
    5,000 of them held the event loop, and the interpreter lock the load needs. They share one wait now; one that
    stops waiting (its client left, its 120 s are up) stops no other."""
    import asyncio

    from cxnlp import _serve_loader
    from cxnlp._serve_gate import ApiError

    sleep, looks = asyncio.sleep, []

    async def counted(delay, *args):
        looks.append(delay)
        return await sleep(delay, *args)

    monkeypatch.setattr(asyncio, "sleep", counted)
    monkeypatch.setattr(_serve_loader.Loader, "_run", lambda self: None)  # a model that takes its time to load
    loader = _serve_loader.Loader(None)

    async def scenario():
        waiting = [asyncio.create_task(loader.ready()) for _ in range(1000)]
        await sleep(0.3)
        waiting[0].cancel()  # its client went away
        monkeypatch.setattr(_serve_loader, "LOAD_WAIT_S", 0.2)
        late = await asyncio.gather(loader.ready(), return_exceptions=True)
        loader.error = "ValueError: no model here"
        loader.done.set()
        return late + await asyncio.gather(*waiting[1:], return_exceptions=True)

    answers = asyncio.run(scenario())
    assert all(isinstance(a, ApiError) and a.status == 503 for a in answers)
    assert answers[0].message == "the model is still loading; retry in a few seconds."
    assert {a.message for a in answers[1:]} == {"the model could not be loaded: ValueError: no model here"}
    assert len(looks) < 100  # 20 a second for 0.5 s, not 20 a second for each of 1,000 requests


@in_process
def test_settings_from_the_environment(monkeypatch):
    from fastapi.testclient import TestClient

    from cxnlp.serve import app_from_env

    monkeypatch.setenv("CXNLP_API_KEY", "from-env")
    monkeypatch.setenv("CXNLP_MAX_BATCH", "3")
    local = TestClient(app_from_env())  # no lifespan: the first request that needs the model starts loading it
    _error(local.post("/v1/classify", json={"texts": ["a"]}), 401, "X-API-Key")
    _error(local.post("/v1/classify", json={"texts": ["a"] * 4}, headers={"X-API-Key": "from-env"}), 413, "texts")
    _error(local.get("/readyz", headers={"X-API-Key": "from-env"}), 503, "model")


@pytest.mark.parametrize("name, raw", [("CXNLP_MAX_BATCH", "0"), ("CXNLP_MAX_BATCH", "abc"),
                                       ("CXNLP_MAX_BODY_BYTES", "-1")])
def test_a_wrong_limit_in_the_environment_names_the_variable(monkeypatch, name, raw):
    """Found by QA: CXNLP_MAX_BATCH=0 was refused as "max_batch must be a whole number >= 1", naming create_app's
    parameter, which a user of `uvicorn --factory cxnlp.serve:app_from_env` never typed ('abc' named the variable)."""
    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import app_from_env

    monkeypatch.setenv(name, raw)
    with pytest.raises(ConfigError) as error:
        app_from_env()
    assert str(error.value) == f"${name} must be a whole number >= 1, got {raw!r}."


def test_a_server_that_cannot_start_points_to_uvicorns_error_line(monkeypatch):
    """Found by QA: "(see the line above)" pointed to "INFO: Application shutdown complete.", the last of the lines
    uvicorn logs after the one that says why ("ERROR: [Errno 98] ... address already in use")."""
    import logging.config

    import uvicorn

    from cxnlp.exceptions import CxnlpError
    from cxnlp.serve import run

    def cannot_bind(*args, **kwargs):
        raise SystemExit(3)

    monkeypatch.setattr(uvicorn, "run", cannot_bind)
    # run() passes its settings to the workers in the environment and sets up logging: neither may outlast the test
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k != "CXNLP_API_KEY"})
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    with pytest.raises(CxnlpError) as error:
        run(port=8000)
    assert str(error.value) == "the server could not start on 127.0.0.1:8000 (uvicorn's ERROR line above says why)."


def test_run_passes_a_limit_of_over_4300_digits_to_its_workers(monkeypatch):
    """Round serve8: run(max_body_bytes=10**5000) wrote the limit into the workers' environment with str(), a
    ValueError traceback past 4,300 digits; and app_from_env read such a variable as "must be a whole number >= 1"."""
    import logging.config

    import uvicorn

    import cxnlp.serve as serve

    environ = {k: v for k, v in os.environ.items() if k != "CXNLP_API_KEY"}
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(environ))
    monkeypatch.setattr(os, "environ", environ)
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    serve.run(max_body_bytes=10**5000, max_batch=10**4400)
    assert seen["CXNLP_MAX_BODY_BYTES"] == "1" + "0" * 5000
    environ.update({name: seen[name] for name in ("CXNLP_MAX_BODY_BYTES", "CXNLP_MAX_BATCH")})
    made = {}
    monkeypatch.setattr(serve, "create_app", lambda **settings: made.update(settings))
    serve.app_from_env()
    assert (made["max_body_bytes"], made["max_batch"]) == (10**5000, 10**4400)
    for wrong in ("1" + "0" * 5000 + "x", "-" + "1" * 5000):
        environ["CXNLP_MAX_BODY_BYTES"] = wrong
        with pytest.raises(serve.ConfigError, match=r"^\$CXNLP_MAX_BODY_BYTES must be a whole number >= 1"):
            serve.app_from_env()


def test_run_reads_the_log_level_in_any_case_and_refuses_an_unknown_one_at_once(monkeypatch):
    """Round serve7: run(log_level="DEBUG"), as logging writes the level, was a KeyError traceback from uvicorn, raised
    once the workers' settings were already in the environment; "loud" too."""
    import logging.config

    import uvicorn

    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import run

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: started.append(kwargs["log_level"]))
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k != "CXNLP_API_KEY"})
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    run(log_level="DEBUG")
    run(log_level=" Warning ")
    run(log_level=10)
    assert started == ["debug", "warning", 10]
    before = dict(os.environ)
    for level in ("loud", None, True):
        with pytest.raises(ConfigError, match=r"^log_level=.*: expected one of critical, error, warning, info, debug"):
            run(log_level=level)
    assert started == ["debug", "warning", 10] and dict(os.environ) == before


def test_run_refuses_a_wrong_port_before_it_sets_anything(monkeypatch):
    """Round serve7: port=70000 was refused only once run() had put the workers' settings (the API key among them)
    in the environment, set up logging and logged its warnings: a caller that caught the error kept all three."""
    import logging.config

    import uvicorn

    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import run

    configured = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("uvicorn started"))
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("CXNLP_")})
    monkeypatch.setattr(logging.config, "dictConfig", configured.append)
    before = dict(os.environ)
    for port in (70000, -1, "8000", True):
        with pytest.raises(ConfigError, match="expected a port number from 0 to 65535"):
            run(port=port, api_key="k3y")
    assert dict(os.environ) == before and configured == []


def test_run_checks_the_host_it_binds(monkeypatch):
    """Round serve7: run(host=None) was an AttributeError traceback, and run(host=" 10.1.2.3 ") allowed the name
    without its spaces but gave uvicorn the address with them, which it cannot bind."""
    import logging.config

    import uvicorn

    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import run

    bound, hosts = [], []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: (bound.append(kwargs["host"]),
                                                                  hosts.append(os.environ["CXNLP_ALLOWED_HOSTS"])))
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("CXNLP_")})
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    for host in (None, 8000):
        with pytest.raises(ConfigError, match=r"^host=.*: expected an address to bind"):
            run(host=host)
    run(host=" 10.1.2.3 ", api_key="k3y", allowed_hosts="cx.example.org")
    assert bound == ["10.1.2.3"]
    assert hosts[0].split(",")[-1] == "10.1.2.3"


def test_run_puts_the_callers_environment_back_once_the_server_stops(monkeypatch):
    """Hunt env1: run() set $CXNLP_MODEL, $CXNLP_API_KEY and the rest for its workers and left them set once it
    returned or failed: the served model became what cxnlp.load() loaded, the key went to every process started later,
    and run(api_key="") left $CXNLP_API_KEY empty, so that a later create_app() checked no key."""
    import logging.config

    import uvicorn

    from cxnlp.exceptions import CxnlpError
    from cxnlp.serve import run

    environ = {k: v for k, v in os.environ.items() if not k.startswith("CXNLP_")}
    environ.update(CXNLP_API_KEY="s3cret", CXNLP_ALLOWED_HOSTS="cx.example.org")
    monkeypatch.setattr(os, "environ", environ)
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    before, seen = dict(environ), []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.append(os.environ["CXNLP_API_KEY"]))
    run(api_key="other", allowed_hosts="")
    assert seen == ["other"] and dict(os.environ) == before

    def cannot_bind(*args, **kwargs):
        raise SystemExit(3)

    monkeypatch.setattr(uvicorn, "run", cannot_bind)
    with pytest.raises(CxnlpError):
        run(api_key="")
    assert dict(os.environ) == before


def test_run_refuses_a_blank_host_rather_than_binding_every_network(monkeypatch):
    """Review of serve7: run(host=" ") was stripped to "", which binds every network (before, it failed to bind); a
    host of only spaces (an empty $HOST) is refused, and nothing is bound or set."""
    import logging.config

    import uvicorn

    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import run

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail(f"bound {kwargs['host']!r}"))
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("CXNLP_")})
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: pytest.fail("logging set up"))
    before = dict(os.environ)
    for host in (" ", "\t", " \n "):
        with pytest.raises(ConfigError, match=r"^host=.*: expected an address to bind, such as '127.0.0.1'"):
            run(host=host, api_key="k3y")
    assert dict(os.environ) == before


def test_an_unknown_log_texts_switch_in_the_environment_is_an_error(monkeypatch):
    """Found by QA: CXNLP_LOG_TEXTS=on (or any value but 1, true, yes) silently turned the logging of texts off."""
    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import app_from_env

    monkeypatch.setenv("CXNLP_LOG_TEXTS", "si")
    with pytest.raises(ConfigError, match=r"^\$CXNLP_LOG_TEXTS must be 1 or 0 \(or true/yes/on, false/no/off\), got 'si'\.$"):
        app_from_env()


def test_log_texts_given_in_python_is_true_or_false(monkeypatch, caplog):
    """Round serve7: create_app(log_texts="false"), a setting read from a config file, was true: every text received
    was logged. A string is refused, in create_app and in run, before anything is set."""
    import numpy as np
    import uvicorn

    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import create_app, run

    for value in ("false", "0", None):
        with pytest.raises(ConfigError, match=r"^log_texts must be True or False, got .*\.$"):
            create_app(api_key="", log_texts=value)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("uvicorn started"))
    with pytest.raises(ConfigError, match="^log_texts must be True or False, got 'no'"):
        run(log_texts="no")
    with caplog.at_level("WARNING", "cxnlp.serve"):
        create_app(api_key="", log_texts=np.False_)
    assert "log_texts is on" not in caplog.text


@in_process
def test_a_mounted_app_loads_its_model_and_checks_its_own_routes(model):
    # found by review: a server sends start-up events only to the outer app, so a mounted cxnlp app never
    # loaded its model (503, or a 120 s wait, for ever), and its content-type check compared the full path
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    outer = FastAPI()
    outer.mount("/cx", create_app(model, api_key=""))
    with TestClient(outer) as local:
        answer = local.post("/cx/v1/classify", json={"text": "El pedido llegó tarde"})
        assert answer.status_code == 200 and answer.json()["results"][0]["sentiment"] == "negative"
        assert local.get("/cx/readyz").json()["status"] == "ready"
        _error(local.post("/cx/v1/classify", content='{"text": "hola"}', headers={"Content-Type": "text/plain"}),
               415, "Content-Type")
        assert _error(local.get("/cx/v1/clasify"), 404, "path")["message"] == (
            "GET /cx/v1/clasify: no such path; the service answers /cx/healthz, /cx/readyz, /cx/v1/classify, "
            "/cx/v1/model, /cx/v1/summarize.")


@in_process
def test_lone_surrogates_and_odd_scores_in_any_field_are_answered(model):
    # found by review: "\ud800" in an id or a summarize row was a 500 (plain text on /v1/summarize); an NPS of
    # 2**64 or [9] failed the whole summary, where the docs say unreadable scores are excluded and counted
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    with TestClient(create_app(model, api_key="")) as local:
        body = '{"texts": ["hola", "El pedido llegó tarde"], "ids": ["a\\ud800", 2]}'
        answer = local.post("/v1/classify", content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 200 and [r["id"] for r in answer.json()["results"]] == ["a\ufffd", 2]
        rows = ('[{"status": "ok", "sentiment": "negative", "touchpoints": ["delivery", "\\udc00"], "region": "\\ud800",'
                ' "nps": 18446744073709551616}, {"status": "ok", "sentiment": "positive", "touchpoints": ["app"],'
                ' "region": "Sur", "nps": [9]}, {"status": "ok", "sentiment": "positive", "touchpoints": ["app"],'
                ' "region": "Sur", "nps": 10}]')
        answer = local.post("/v1/summarize", content=f'{{"rows": {rows}, "by": "region", "nps": "nps", "min_n": 1}}',
                            headers={"Content-Type": "application/json"})
        assert answer.status_code == 200, answer.text
        assert {r["theme"] for r in answer.json()["summary"]} == {"\ufffd", "Sur"}
        assert answer.json()["attrs"]["metrics"]["nps"]["out_of_range"] == 1
        assert answer.json()["attrs"]["metrics"]["nps"]["non_numeric"] == 1


@in_process
def test_any_unexpected_error_is_a_json_500_and_any_nan_a_null(model, monkeypatch, caplog):
    # found by QA: an exception outside the two routes' own work (the answer's JSON above all: a NaN in it)
    # was Starlette's plain-text 500, and the server logged its message, which could quote a text
    from fastapi.testclient import TestClient

    from cxnlp import serve

    def fail(*args, **kwargs):
        raise RuntimeError(MARKER)

    with TestClient(serve.create_app(model, api_key="")) as local:
        monkeypatch.setattr(local.app.state.loader, "ready", fail)  # in the route that only reads the model
        monkeypatch.setattr(serve, "texts_and_ids", fail)  # in one run on the event loop
        with caplog.at_level("ERROR", "cxnlp.serve"):
            for answer in (local.get("/v1/model"), local.post("/v1/classify", json={"text": "hola"})):
                body = _error(answer, 500, None)
                assert body["error"] == "internal_error" and "RuntimeError" in body["message"]
        assert "RuntimeError" in caplog.text and MARKER not in caplog.text
        odd = {"summary": [{"nps": float("nan")}], "attrs": {"ces": (float("inf"), -float("inf"), 1.5)}}
        monkeypatch.setattr(serve, "summarize_rows", lambda *args: odd)
        answer = local.post("/v1/summarize", json={"rows": []})
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"summary": [{"nps": None}], "attrs": {"ces": [None, None, 1.5]}}


@in_process
def test_industries_are_read_as_python_reads_them(model):
    # a blank entry was a 422 where classify_many reads it by default; ' Telecom ' is telecom
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    texts = ["No tengo señal en casa desde hace una semana"] * 3
    with TestClient(create_app(model, api_key="")) as local:
        answer = local.post("/v1/classify", json={"texts": texts, "industries": ["", " Telecom ", None]})
        assert answer.status_code == 200, answer.text
        got = [r["industry"] for r in answer.json()["results"]]
    assert got == [r.industry for r in model.classify_many(texts, industry=["", "telecom", None])]


@in_process
@pytest.mark.parametrize("industry", ["", "  ", "Default"])
def test_an_industry_that_reads_as_left_out_goes_with_industries(model, industry):
    """Found by QA: '' (or ' Default ') is the industry left out for one text, but beside 'industries' it was a 422,
    "send either 'industry' ... or 'industries' ..., not both": a typed client with '' as its default could not
    send industries at all."""
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    texts = ["No tengo señal en casa desde hace una semana"] * 2
    with TestClient(create_app(model, api_key="")) as local:
        request = {"texts": texts, "industry": industry, "industries": ["telecom", None]}
        answer = local.post("/v1/classify", json=request)
        assert answer.status_code == 200, answer.text
        assert [r["industry"] for r in answer.json()["results"]] == ["telecom", None]
        both = local.post("/v1/classify", json={"texts": texts, "industry": "auto", "industries": ["telecom", None]})
        _error(both, 422, "industries")


def test_an_api_key_is_read_without_surrounding_whitespace(model, monkeypatch):
    # a key read from a secrets file ends in a newline: no header can carry it, so every request was refused
    from fastapi.testclient import TestClient

    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import create_app

    monkeypatch.setenv("CXNLP_API_KEY", "k3y\n")
    local = TestClient(create_app(model))
    assert local.get("/healthz", headers={"X-API-Key": "k3y"}).status_code == 200
    assert local.get("/healthz", headers={"Authorization": "Bearer k3y"}).status_code == 200
    _error(local.get("/healthz", headers={"X-API-Key": "k3"}), 401, "X-API-Key")
    with pytest.raises(ConfigError, match="only whitespace"):
        create_app(model, api_key=" ")


def test_an_api_key_that_is_not_text_is_refused_without_showing_it():
    """Round serve7: api_key=b"k3y" (a secrets file opened in binary) made an app that answered every request with a
    plain-text 500; api_key=123 was an AttributeError traceback."""
    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import create_app

    for key in (b"s3cret-k3y", 123456789, b""):
        with pytest.raises(ConfigError, match=r"^the API key must be text \(str\), got (bytes|int); ") as error:
            create_app(api_key=key)
        assert "s3cret" not in str(error.value) and "123456789" not in str(error.value)


def test_bad_limits_are_refused():
    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import create_app

    with pytest.raises(ConfigError, match="max_batch"):
        create_app(max_batch=0)
    with pytest.raises(ConfigError, match="max_body_bytes"):
        create_app(max_body_bytes=-1)


@in_process
def test_numpy_integer_limits_are_whole_numbers(model):
    # 'max_batch must be a whole number >= 1, got np.int64(2)'; /v1/model's JSON then shows them as numbers
    import numpy as np
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    with TestClient(create_app(model, max_batch=np.int64(2), max_body_bytes=np.int32(10_000), api_key=""),
                    base_url="http://localhost") as local:
        assert local.get("/v1/model").json()["server"]["max_batch"] == 2
        _error(local.post("/v1/classify", json={"texts": ["a", "b", "c"]}), 413, "texts")


# -- the Host header (QA X 5: DNS rebinding) -----------------------------------------------------------------
def test_a_request_for_another_host_is_refused(client, monkeypatch):
    """A page whose name an attacker rebinds to 127.0.0.1 shares the service's origin, so it can send JSON without a
    CORS preflight: its requests carry the attacker's name as their Host, which a service without an API key does not
    answer to. With a key (this server's), the page cannot authenticate: any Host is answered, a probe by IP too
    (review C 4)."""
    from cxnlp.serve import create_app

    assert client.get("/healthz", headers={"Host": "10.0.0.9:8000"}).status_code == 200
    monkeypatch.delenv("CXNLP_ALLOWED_HOSTS")
    app = create_app(api_key="")
    for path in ("/healthz", "/v1/model"):
        assert _asgi_get(app, "rebind.attacker.example", path) == 400
    assert _asgi_get(app, "rebind.attacker.example:8000", "/v1/classify") == 400
    assert _asgi_get(app, "localhost") == 200


@in_process
@pytest.mark.parametrize("host, status", [("testserver", 400), ("rebind.attacker.example", 400), ("localhost", 200),
                                          ("localhost:8000", 200), ("127.0.0.1:8000", 200), ("[::1]:8000", 200),
                                          ("LOCALHOST", 200), ("localhost.attacker.example", 400),
                                          ("127.0.0.1.nip.io", 400)])
def test_the_service_answers_only_local_names_by_default(monkeypatch, host, status):
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    monkeypatch.delenv("CXNLP_ALLOWED_HOSTS")
    local = TestClient(create_app(api_key=""))
    assert local.get("/healthz", headers={"Host": host}).status_code == status
    summary = local.post("/v1/summarize", json={"rows": [{"cx_sentiment": "positive"}]}, headers={"Host": host})
    assert (summary.status_code == 400) == (status == 400)


@in_process
def test_more_hosts_are_allowed_by_option_or_environment(monkeypatch):
    from fastapi.testclient import TestClient

    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import app_from_env, create_app

    local = TestClient(create_app(api_key="", allowed_hosts=["cx.example.org", "*.interno.example"]))
    for host, status in (("cx.example.org", 200), ("a.interno.example:443", 200), ("interno.example", 400),
                         ("testserver", 400), ("localhost", 200)):
        assert local.get("/healthz", headers={"Host": host}).status_code == status, host
    monkeypatch.setenv("CXNLP_ALLOWED_HOSTS", " cx.example.org , 10.0.0.7,")
    local = TestClient(app_from_env())
    assert [local.get("/healthz", headers={"Host": h}).status_code for h in ("cx.example.org", "10.0.0.7:8000",
                                                                            "testserver")] == [200, 200, 400]
    assert TestClient(create_app(api_key="", allowed_hosts="*")).get("/healthz").status_code == 200
    with pytest.raises(ConfigError, match="a wildcard is"):
        create_app(api_key="", allowed_hosts=["cx.*.example"])


@pytest.mark.parametrize("host, allowed, added", [("127.0.0.1", None, []), ("10.1.2.3", None, ["10.1.2.3"]),
                                                  ("0.0.0.0", "cx.example.org", ["cx.example.org"]),
                                                  ("fd00::5", None, ["[fd00::5]"])])
def test_run_allows_the_address_it_binds(monkeypatch, host, allowed, added):
    import uvicorn

    from cxnlp import serve

    for name in ("CXNLP_MODEL", "CXNLP_API_KEY", "CXNLP_MAX_BATCH", "CXNLP_MAX_BODY_BYTES", "CXNLP_LOG_TEXTS",
                 "CXNLP_ALLOWED_HOSTS"):
        monkeypatch.setenv(name, "")  # run writes them for its workers: put back after the test
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(hosts=os.environ["CXNLP_ALLOWED_HOSTS"]))
    serve.run(host=host, port=_free_port(), api_key="", allowed_hosts=allowed)
    assert seen["hosts"].split(",") == ["127.0.0.1", "localhost", "[::1]", *added]
    serve.run(host=host, port=_free_port(), api_key="k", allowed_hosts=allowed)  # with a key, names given only
    assert seen["hosts"].split(",") == (["127.0.0.1", "localhost", "[::1]", *added] if allowed else [""])


def _asgi_get(app, host: str | None, path: str = "/healthz", headers=()) -> int:
    """The status ``app`` answers a GET of ``path`` sent as raw ASGI, with ``host`` as its Host header (None: no
    Host, as an HTTP/1.0 client sends it)."""
    import asyncio

    sent = []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.0" if host is None else "1.1",
             "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"", "scheme": "http",
             "headers": ([] if host is None else [(b"host", host.encode())]) + [(k.encode(), v.encode()) for k, v in
                                                                                headers],
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5555), "root_path": ""}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"]


@in_process
def test_local_forms_and_requests_without_a_host_are_answered(monkeypatch):
    """Review C 8: 'localhost.' (the fully qualified form of an allowed name) and an HTTP/1.0 request with no Host
    (a simple health checker; a browser always sends one) were answered 400."""
    from cxnlp.serve import create_app

    monkeypatch.delenv("CXNLP_ALLOWED_HOSTS")
    app = create_app(api_key="")
    assert [_asgi_get(app, host) for host in ("localhost.:8000", "LOCALHOST.", None, "evil.example.", "localhost..")
            ] == [200, 200, 200, 400, 400]


@in_process
def test_with_an_api_key_the_host_is_checked_only_against_names_given(monkeypatch):
    """Review C 4: with an API key, a rebound page cannot authenticate, yet the Host check refused a mounted app
    (its outer app's name), a proxied one and a probe by IP, key or not. With a key and no names, any Host is
    answered (the key still checked); names given are always checked."""
    from fastapi import FastAPI

    from cxnlp.serve import create_app

    monkeypatch.delenv("CXNLP_ALLOWED_HOSTS")
    portal = FastAPI()
    portal.mount("/cx", create_app(api_key="s3cret"))
    key = [("x-api-key", "s3cret")]
    assert _asgi_get(portal, "intranet.example.org", "/cx/healthz", key) == 200
    assert _asgi_get(portal, "10.1.2.3:8000", "/cx/healthz", key) == 200
    assert _asgi_get(portal, "intranet.example.org", "/cx/healthz") == 401
    named = create_app(api_key="s3cret", allowed_hosts="cx.example.org")
    assert [_asgi_get(named, host, headers=key) for host in ("cx.example.org", "localhost", "other.example")] == [
        200, 200, 400]


@in_process
def test_the_factory_warns_when_it_answers_only_local_names(monkeypatch, caplog):
    """Review C 3: `uvicorn --factory cxnlp.serve:app_from_env --host ADDR` answered 400 to every client of ADDR
    with nothing in the log: the factory cannot know the address bound. Without a key and names, it says so."""
    import logging

    from cxnlp.serve import app_from_env

    monkeypatch.delenv("CXNLP_ALLOWED_HOSTS")
    monkeypatch.delenv("CXNLP_API_KEY", raising=False)
    with caplog.at_level(logging.WARNING, logger="cxnlp.serve"):
        app_from_env()
    warned = [r.getMessage() for r in caplog.records if r.name == "cxnlp.serve"]
    assert len(warned) == 1 and "CXNLP_ALLOWED_HOSTS" in warned[0], warned
    for name, value in (("CXNLP_ALLOWED_HOSTS", "cx.example.org"), ("CXNLP_API_KEY", "k")):
        caplog.clear()
        with monkeypatch.context() as patch, caplog.at_level(logging.WARNING, logger="cxnlp.serve"):
            patch.setenv(name, value)
            app_from_env()
        assert not [r for r in caplog.records if r.name == "cxnlp.serve"]


def test_cli_fails_at_once_on_a_wrong_model(tmp_path):
    from typer.testing import CliRunner

    from cxnlp.cli import app

    result = CliRunner().invoke(app, ["serve", "--model", str(tmp_path / "nope"), "--port", str(_free_port())])
    assert result.exit_code == 1
    assert "not a model directory" in result.output


def test_cli_says_how_to_install_the_extra(monkeypatch):
    from typer.testing import CliRunner

    from cxnlp.cli import app

    monkeypatch.setitem(sys.modules, "fastapi", None)  # as if the serve extra were not installed
    monkeypatch.delitem(sys.modules, "cxnlp.serve", raising=False)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert 'pip install "cxnlp[serve]"' in result.output


def test_cli_says_how_to_install_the_extra_when_only_uvicorn_is_missing(monkeypatch):
    """QA: with FastAPI installed (served by another ASGI server) and no uvicorn, `cxnlp serve` said only "No module
    named 'uvicorn'"; it names the extra, as for FastAPI."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert result.output.strip() == 'error: cxnlp serve needs uvicorn: pip install "cxnlp[serve]"'


def test_classify_reads_the_industry(client, model):
    assert client.get("/v1/model").json()["industries"] == list(model.industries)
    industry = model.industries[0]
    answer = client.post("/v1/classify", json={"texts": TEXTS[:4], "industry": industry}).json()
    assert answer["results"] == [_plain(r) for r in model.classify_many(TEXTS[:4], industry=industry)]
    error = _error(client.post("/v1/classify", json={"text": "hola", "industry": "no-such-industry"}), 422, "industry")
    assert "no-such-industry" in error["message"] and industry in error["message"]


def test_classify_reads_the_models_default_industry_unless_told_otherwise(client, model):
    """Left out, 'industry' is the model's default reading ('auto' for the shipped model); null or 'none'
    reads every text without one."""
    assert client.get("/v1/model").json()["recognises_industries"] is True
    default = client.post("/v1/classify", json={"texts": TEXTS[:4]}).json()["results"]
    assert default == [_plain(r) for r in model.classify_many(TEXTS[:4], industry="auto")]
    assert any(r["industry"] for r in default)  # the industry each text was read as
    for none in (None, "none"):
        plain = client.post("/v1/classify", json={"texts": TEXTS[:4], "industry": none}).json()["results"]
        assert plain == [_plain(r) for r in model.classify_many(TEXTS[:4], industry=None)]


def test_classify_reads_one_industry_per_text(client, model):
    """A batch that mixes industries names each text's; null reads a text without one."""
    auto = client.post("/v1/classify", json={"texts": TEXTS[:4], "industry": "auto"}).json()
    assert auto["results"] == [_plain(r) for r in model.classify_many(TEXTS[:4], industry="auto")]
    names = [model.industries[0], None, model.industries[-1], "auto"]
    answer = client.post("/v1/classify", json={"texts": TEXTS[:4], "industries": names}).json()
    assert answer["results"] == [_plain(r) for r in model.classify_many(TEXTS[:4], industry=names)]
    alone = [_plain(model.classify(t, industry=n)) for t, n in zip(TEXTS[:4], names)]
    assert [r["touchpoints"] for r in answer["results"]] == [r["touchpoints"] for r in alone]
    for body, message in (({"texts": TEXTS[:2], "industries": names}, "4 industries for 2 texts"),
                          ({"texts": TEXTS[:2], "industries": names[:2], "industry": names[0]}, "not both"),
                          ({"text": "hola", "industries": names[:1]}, "goes with 'texts'")):
        assert message in _error(client.post("/v1/classify", json=body), 422, "industries")["message"]
    unknown = {"texts": TEXTS[:3], "industries": [None, "no-such-industry", "no-such-industry"]}
    assert "no-such-industry" in _error(client.post("/v1/classify", json=unknown), 422, "industries[1]")["message"]


@pytest.mark.parametrize("cell", ["['\\U00110000']", "['\\ud800x']"])
def test_summarize_reads_escapes_that_write_no_character(client, cell):
    """Found by QA: a theme cell '['\\U00110000']' (past the last character) or '['\\ud800x']' (a lone surrogate)
    answered 422 naming the option 'by'; both read as U+FFFD, as the classifier reads lone surrogates."""
    rows = [{"cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": cell, "nps": 3},
            {"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "['app']", "nps": 9}]
    answer = client.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1})
    assert answer.status_code == 200, answer.text
    assert sorted(t["theme"] for t in answer.json()["summary"]) == sorted(["app", cell[2:-2].replace(
        "\\U00110000", "\ufffd").replace("\\ud800", "\ufffd")])


def test_summarize_blames_the_rows_for_a_theme_cell_that_fails(monkeypatch):
    """A failure in the cells of an existing theme column is the rows', not the option 'by''s."""
    import pandas as pd

    import cxnlp
    from cxnlp import _serve_rows
    from cxnlp.exceptions import DataError

    real = cxnlp.summarize

    def summarize(frame, **options):
        if len(frame) and options.get("by"):
            raise DataError("a cell of cx_touchpoints cannot be read")
        return real(frame, **options)
    monkeypatch.setattr(cxnlp, "summarize", summarize)
    frame = pd.DataFrame({"cx_status": ["ok"], "cx_touchpoints": ["app"], "nps": [3]})
    options = {name: None for probe in _serve_rows.PROBES for name in probe}
    assert _serve_rows.blame(frame, {**options, "by": "touchpoints"}) == "rows"
    assert _serve_rows.blame(frame, {**options, "by": "nope"}) == "by"


@pytest.mark.parametrize("header, name", [("[::1]:8000", "[::1]"), ("[::1]", "[::1]"), ("LOCALHOST:8000", "localhost"),
                                          ("[FD00::2]:8765", "[fd00::2]"), ("cx.example.org", "cx.example.org"),
                                          ("[zz]:80", None), ("localhost:80x", None), ("", None)])
def test_the_host_is_parsed_by_cxnlp_whatever_the_starlette_version(header, name):
    """Review C 5: Starlette's TrustedHostMiddleware, on the versions pyproject.toml allows (0.36), read "[" as the
    host of every IPv6 address and compared names case by case: [::1], LOCALHOST and an IPv6 --host were refused.
    cxnlp parses the Host itself."""
    from cxnlp._serve_gate import host_allowed, host_name

    assert host_name(header) == name
    assert host_allowed(host_name(header), ["127.0.0.1", "localhost", "[::1]", "[fd00::2]", "*.example.org"]) == (
        name is not None)


@pytest.mark.parametrize("given, says", [("cx.example.org:8443", "'cx.example.org'"), ("10.0.0.7:8000", "'10.0.0.7'"),
                                         ("http://cx.example.org/", "'cx.example.org'")])
def test_an_allowed_host_with_a_port_or_scheme_is_refused(given, says):
    """Review C 7: 'cx.example.org:8443' was made the "IPv6 literal" '[cx.example.org:8443]', which no Host matches:
    its clients got 400 with nothing said. It is a ConfigError naming the name to give; an IPv6 address is kept."""
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import allowed_host_names

    with pytest.raises(ConfigError, match=f"without a port or scheme \\({re.escape(says)}\\)"):
        allowed_host_names(f"ok.example.org,{given}")
    assert allowed_host_names("fd00::5,[FD00:0::2]", local=False) == ["[fd00::5]", "[fd00::2]"]
    result = CliRunner().invoke(app, ["serve", "--allowed-hosts", given, "--port", str(_free_port())])
    assert result.exit_code == 1 and "without a port or scheme" in result.output, result.output


def test_a_wrong_key_or_host_names_from_the_environment_name_the_variable(monkeypatch):
    """Hunt env1: CXNLP_ALLOWED_HOSTS=cx.example.org:8443 or a CXNLP_API_KEY of only spaces (an empty secret) was
    refused without a word of the variable, by `cxnlp serve` as by create_app and app_from_env: the operator looked
    for an option never typed. The variable is named, a key never shown; a value typed is said as before."""
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import app_from_env, create_app

    monkeypatch.setenv("CXNLP_API_KEY", "")
    monkeypatch.setenv("CXNLP_ALLOWED_HOSTS", "ok.example.org,cx.example.org:8443")
    for make in (create_app, app_from_env):
        with pytest.raises(ConfigError, match=r"^\$CXNLP_ALLOWED_HOSTS: allowed host 'cx.example.org:8443': give"):
            make()
    with pytest.raises(ConfigError, match=r"^allowed host 'a:1'"):
        create_app(allowed_hosts="a:1")
    result = CliRunner().invoke(app, ["serve", "--port", str(_free_port())])
    assert result.exit_code == 1 and result.output.startswith("error: $CXNLP_ALLOWED_HOSTS: allowed host"), \
        result.output
    monkeypatch.setenv("CXNLP_ALLOWED_HOSTS", "")
    monkeypatch.setenv("CXNLP_API_KEY", " \n")
    for make in (create_app, app_from_env):
        with pytest.raises(ConfigError, match=r"^\$CXNLP_API_KEY: the API key is only whitespace"):
            make()
    result = CliRunner().invoke(app, ["serve", "--port", str(_free_port())])
    assert result.exit_code == 1 and result.output.startswith("error: $CXNLP_API_KEY: the API key is only"), \
        result.output
    result = CliRunner().invoke(app, ["serve", "--api-key", " ", "--port", str(_free_port())])
    assert result.exit_code == 1 and result.output.startswith("error: the API key is only whitespace"), result.output


@pytest.mark.parametrize("given, kind", [(123, "int"), (b"cx.example.org", "bytes")])
def test_allowed_hosts_that_are_not_names_are_refused(given, kind):
    """Round serve7: create_app(allowed_hosts=123) was a TypeError traceback ('int' object is not iterable), and bytes
    were read as their byte values ("got int: 99")."""
    from cxnlp.exceptions import ConfigError
    from cxnlp.serve import create_app

    with pytest.raises(ConfigError, match=f"^allowed hosts are names \\(str\\), or names separated by commas; "
                                          f"got {kind}: "):
        create_app(api_key="", allowed_hosts=given)


@in_process
def test_allowed_hosts_given_as_a_generator_are_checked(monkeypatch):
    """Review of serve7: names given as a generator were read once per check, so the second read found none and an
    app with a key answered any Host (200 for evil.example.com) though names were given."""
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    monkeypatch.delenv("CXNLP_ALLOWED_HOSTS", raising=False)
    for host, status in (("evil.example.com", 400), ("cx.example.org", 200)):
        app = create_app(api_key="k3y", allowed_hosts=(name for name in ["cx.example.org"]))
        answer = TestClient(app, base_url=f"http://{host}").get("/healthz", headers={"X-API-Key": "k3y"})
        assert answer.status_code == status, (host, answer.text)


@in_process
def test_an_allowed_name_with_its_trailing_dot_and_the_star_match_as_documented(monkeypatch):
    """Review D 3: 'cx.example.org.' as an allowed name kept its dot while the Host lost it, so nothing matched (400,
    silently); and '*' refused a Host that host_name cannot read (empty, 'name:', 'name:80:80'), though it is
    documented as any Host."""
    from cxnlp.serve import allowed_host_names, create_app

    monkeypatch.delenv("CXNLP_ALLOWED_HOSTS")
    assert allowed_host_names("CX.Example.org.,*.example.net.", local=False) == ["cx.example.org", "*.example.net"]
    app = create_app(api_key="", allowed_hosts="cx.example.org.,*.example.net.")
    assert [_asgi_get(app, h) for h in ("cx.example.org.", "cx.example.org.:8443", "CX.example.org", "a.example.net.",
                                        "evil.example.")] == [200, 200, 200, 200, 400]
    anyhost = create_app(api_key="", allowed_hosts="*")
    assert [_asgi_get(anyhost, h) for h in ("", "cx.example.org:", "localhost:80:80", "[zz]:80", "evil.example")
            ] == [200] * 5
    assert _asgi_get(create_app(api_key="k" * 20, allowed_hosts="*"), "", headers=[("x-api-key", "k" * 20)]) == 200


@in_process
def test_bodies_are_parsed_and_checked_off_the_event_loop(model, monkeypatch):
    """Round serve4: FastAPI parsed and validated a body on the event loop: a 15-MB body of millions of wrong
    texts held /healthz (and every request) for 100 s. The routes read their bodies in a worker thread now."""
    import asyncio

    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    parsed_on_loop = []
    real_loads = json.loads

    def loads(raw, *args, **kwargs):
        if b"parse-me-off-the-loop" in (raw if isinstance(raw, bytes) else raw.encode()):
            try:
                asyncio.get_running_loop()
                parsed_on_loop.append(True)
            except RuntimeError:
                parsed_on_loop.append(False)
        return real_loads(raw, *args, **kwargs)

    monkeypatch.setattr(json, "loads", loads)
    with TestClient(create_app(model, api_key="")) as local:
        big = "parse-me-off-the-loop " * 4000  # over 64 KiB: smaller bodies are parsed on the loop, in under 1 ms
        assert local.post("/v1/classify", json={"text": big}).status_code == 200
        assert local.post("/v1/summarize", json={"rows": [{"x": big}], "by": "x"}).status_code == 200
    assert parsed_on_loop and not any(parsed_on_loop)  # (the client reads the answer in its own thread too)


@in_process
def test_a_list_of_many_wrong_items_is_answered_at_once_naming_the_first(summarizer):
    """Round serve4: each of 300,000 wrong items got its own error (4 MB of JSON, seconds of CPU on the event
    loop); a list names its first wrong item only."""
    started = time.perf_counter()
    body = _error(summarizer.post("/v1/classify", json={"texts": ["ok", {}] + [[]] * 300_000}), 422, "texts[1]")
    assert body["errors"] == [{"field": "texts[1]", "message": "expected a string (or null), got a JSON object"}]
    body = _error(summarizer.post("/v1/summarize", json={"rows": [{}, 5] + [[]] * 300_000}), 422, "rows[1]")
    assert [e["field"] for e in body["errors"]] == ["rows[1]"]
    assert time.perf_counter() - started < 5


@in_process
def test_an_unknown_industry_in_a_list_names_its_item(model):
    """Round serve5: an unknown name among `industries` was blamed on `industries` as a whole, while a name too long
    was `industries[1]`: in a batch of 1,000 the client could not tell which text's industry to fix."""
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    with TestClient(create_app(model, api_key="")) as local:
        body = {"texts": ["a", "b", "c"], "industries": [model.industries[0], "no-such", "no-such"]}
        answer = _error(local.post("/v1/classify", json=body), 422, "industries[1]")
        assert answer["message"].startswith("industry='no-such': this model knows the industries ")


@in_process
def test_a_lone_surrogate_in_an_industry_or_a_field_name_gets_the_usual_message(model):
    """Round serve4: "\\ud800" in `industry`, `industries` or a field's name was pydantic's "unable to parse raw
    data as a unicode string"; it is U+FFFD, as in a text or an id, and gets the message any wrong value gets."""
    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    json_type = {"Content-Type": "application/json"}
    with TestClient(create_app(model, api_key="")) as local:
        for body, field in (('{"text": "hola", "industry": "\\ud800"}', "industry"),
                            ('{"texts": ["hola"], "industries": ["x\\udc00"]}', "industries[0]")):
            answer = _error(local.post("/v1/classify", content=body, headers=json_type), 422, field)
            assert answer["message"].startswith("industry='" + ("\ufffd" if field == "industry" else "x\ufffd")
                                                + "': this model knows the industries ")
        for path, sent in (("/v1/classify", '"text": "a"'), ("/v1/summarize", '"rows": []')):
            answer = _error(local.post(path, content=f'{{{sent}, "\\ud800x": 1}}', headers=json_type), 422, "\ufffdx")
            assert answer["message"] == "\ufffdx: Extra inputs are not permitted"


@in_process
def test_head_is_answered_wherever_get_is(summarizer):
    """Round serve4: health probes often send HEAD, and `HEAD /healthz` was a 405."""
    for path, status in (("/healthz", 200), ("/openapi.json", 200)):
        answer = summarizer.head(path)
        assert (answer.status_code, answer.content) == (status, b""), path
    answer = summarizer.delete("/healthz")
    assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD"
    assert summarizer.head("/v1/classify").headers["allow"] == "POST"
    assert list(summarizer.get("/openapi.json").json()["paths"]["/healthz"]) == ["get"]


@in_process
def test_a_host_with_an_empty_port_is_its_name(monkeypatch):
    """Round serve4: `Host: localhost:` (HTTP's port is *DIGIT, so empty is allowed) was a 400, and a port of
    digits str.isdigit reads as such but no client sends ('²', from the header's latin-1) passed."""
    from cxnlp._serve_gate import host_name
    from cxnlp.serve import create_app

    monkeypatch.delenv("CXNLP_ALLOWED_HOSTS")
    assert [host_name(header) for header in ("localhost:", "[::1]:", "LOCALHOST.:", "localhost:\xb2", "localhost::")
            ] == ["localhost", "[::1]", "localhost", None, None]
    app = create_app(api_key="")
    assert [_asgi_get(app, host) for host in ("localhost:", "127.0.0.1:", "evil.example:", "localhost:\xb2")
            ] == [200, 200, 400, 400]


@pytest.mark.parametrize("body, says", [(b"null", "expected a JSON object"), (b"[]", "expected a JSON object"),
                                        (b'"texto"', "expected a JSON object"), (b"1", "expected a JSON object"),
                                        (b"", "empty; send a JSON object")])
def test_a_body_that_is_not_an_object_says_so(client, body, says):
    """Round serve4: once the routes read their bodies, pydantic's message named the schema's class; an empty body
    was "body: Field required", which says neither what is wrong nor what to send."""
    for path in ("/v1/classify", "/v1/summarize"):
        answer = _error(client.post(path, content=body, headers={"Content-Type": "application/json"}), 422, "body")
        assert answer["message"] == f"body: {says}"


@in_process
def test_a_client_that_leaves_mid_body_is_no_internal_error(caplog):
    """Round serve4: once the routes read their bodies, a client gone mid-body was logged as an internal error
    (ClientDisconnect, with its stack) and answered 500. Round serve5: it was then a 422 blaming the body ("not
    readable as JSON in UTF-8"); it is a 400 saying the client went away, logged as such at INFO."""
    import asyncio
    import logging

    from cxnlp.serve import create_app

    app = create_app(api_key="", allowed_hosts="localhost")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "path": "/v1/summarize", "raw_path": b"/v1/summarize", "query_string": b"", "scheme": "http",
             "headers": [(b"host", b"localhost"), (b"content-type", b"application/json")], "root_path": "",
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5555)}
    messages = [{"type": "http.request", "body": b'{"rows": [', "more_body": True}]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    with caplog.at_level(logging.INFO, "cxnlp.serve"):
        asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"]) == {"error": "client_disconnected", "field": "body",
                                           "message": "the client went away before the body ended."}
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("INFO", "the client went away before the body of POST /v1/summarize ended.")]


def test_a_batch_stops_at_its_next_slice_once_its_client_goes_away(model, monkeypatch, caplog):
    """Hunt conc3: a large batch was classified to its end after its client had closed the connection (timed out,
    then retried), keeping a worker busy for no one. The route listens for the disconnect while the batch is
    classified, and the batch stops after the slice it is in."""
    import asyncio
    import logging
    import threading

    from cxnlp import _serve_requests
    from cxnlp.serve import create_app

    app = create_app(model, api_key="", allowed_hosts="localhost")
    app.state.loader.start()
    assert app.state.loader.done.wait(120)
    texts = [f"El pedido {n} llegó tarde" for n in range(_serve_requests.SLICE * 3)]
    started, left, pulled = threading.Event(), threading.Event(), []
    classify_many = model.classify_many

    def spy(texts, **options):
        for result in classify_many(texts, **options):
            started.set()
            assert left.wait(10)  # the first slice is classified once the client has gone
            pulled.append(result)
            yield result

    monkeypatch.setattr(model, "classify_many", spy)
    body = json.dumps({"texts": texts}).encode()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "path": "/v1/classify", "raw_path": b"/v1/classify", "query_string": b"", "scheme": "http",
             "headers": [(b"host", b"localhost"), (b"content-type", b"application/json")], "root_path": "",
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5555)}
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
        asyncio.get_running_loop().call_soon(left.set)  # once the route has read the message below
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    caplog.clear()  # (the model's loading)
    with caplog.at_level(logging.INFO, "cxnlp.serve"):
        asyncio.run(app(scope, receive, send))
    assert len(pulled) == _serve_requests.SLICE  # not the 384 texts
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"]) == {"error": "client_disconnected", "field": None,
                                           "message": "the client went away before its answer was ready."}
    assert [r.getMessage() for r in caplog.records] == [
        f"the client went away before its answer was ready: 128 of {len(texts)} texts classified."]


@in_process
def test_the_summary_is_rendered_off_the_event_loop(summarizer, monkeypatch):
    """Round serve4: once /v1/summarize read its own body (an async route), its answer, a theme per row by an id
    column, was rendered on the event loop; it is rendered in the thread that computes it, as before."""
    import asyncio

    from cxnlp import _serve_gate

    rendered_on_loop = []
    real_render = _serve_gate.JSONAnswer.render

    def render(self, content):
        if isinstance(content, dict) and "summary" in content:
            try:
                asyncio.get_running_loop()
                rendered_on_loop.append(True)
            except RuntimeError:
                rendered_on_loop.append(False)
        return real_render(self, content)

    monkeypatch.setattr(_serve_gate.JSONAnswer, "render", render)
    rows = [{"cx_status": "ok", "cx_sentiment": "positive", "id": i} for i in range(50)]
    assert summarizer.post("/v1/summarize", json={"rows": rows, "by": "id", "min_n": 1}).status_code == 200
    assert rendered_on_loop == [False]


@in_process
def test_an_industry_name_too_long_says_characters(summarizer):
    """Review serve4: once `industry` and `industries` read lone surrogates, a name over 100 characters was
    "Value should have at most 100 items after validation, not 101"; it is "at most 100 characters", as before."""
    for body, field in (({"text": "a", "industry": "x" * 101}, "industry"),
                        ({"texts": ["a"], "industries": ["x" * 101]}, "industries[0]")):
        answer = _error(summarizer.post("/v1/classify", json=body), 422, field)
        assert answer["message"] == f"{field}: String should have at most 100 characters"


@in_process
def test_a_by_list_of_many_wrong_items_names_the_first(summarizer):
    """Review serve4: `by` (a column or a list of columns) was the one list left to name every wrong item: 300,000
    of them were a 20-MB answer, listed on the event loop for seconds."""
    body = _error(summarizer.post("/v1/summarize", json={"rows": [], "by": ["a", {}] + [[]] * 300_000}), 422, "by")
    assert [e["field"] for e in body["errors"]] == ["by", "by[1]"]


@in_process
def test_many_unknown_fields_are_answered_at_once_with_the_first_errors(summarizer):
    """Review serve4: pydantic has no fail_fast for unknown fields: 300,000 of them (a 4-MB body) got an error each,
    a 19-MB answer made on the event loop, which held /healthz for seconds; a 422 lists the first 100 errors."""
    body = {"rows": [], **{f"k{i}": 0 for i in range(300_000)}}
    started = time.perf_counter()
    answer = _error(summarizer.post("/v1/summarize", json=body), 422, "k0")
    assert [e["field"] for e in answer["errors"]] == [f"k{i}" for i in range(100)]
    assert answer["message"] == "k0: Extra inputs are not permitted" and time.perf_counter() - started < 5


@in_process
def test_openapi_names_the_request_schemas(summarizer):
    """Review serve4: once the routes read their bodies, /openapi.json described each body inline and lost the
    ClassifyRequest and SummarizeRequest schemas, after which generated clients name their request classes."""
    from cxnlp._serve_schema import ClassifyRequest, SummarizeRequest

    document = summarizer.get("/openapi.json").json()
    for path, schema in (("/v1/classify", ClassifyRequest), ("/v1/summarize", SummarizeRequest)):
        body = document["paths"][path]["post"]["requestBody"]
        assert body == {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema.__name__}"}}}}
        assert document["components"]["schemas"][schema.__name__] == schema.model_json_schema()
    assert summarizer.get("/openapi.json").json() == document



def test_openapi_describes_date_as_the_cli_does(summarizer):
    """The service's `date` said "Date column for `period`" where the CLI's --date says "Date column the periods are
    read from": one description of one option."""
    from cxnlp.cli.options import DateOpt

    schema = summarizer.get("/openapi.json").json()["components"]["schemas"]["SummarizeRequest"]
    said = schema["properties"]["date"]["description"]
    assert said == "Date column the periods are read from (detected when null)."
    assert said.split(" (")[0] == DateOpt.__metadata__[0].help.split(" (")[0]


def test_openapi_describes_the_period_auto_the_service_takes(summarizer):
    """`period` was described as "week, month or quarter", as if "auto" (by quarter for a column of quarter labels,
    else by month), which the service takes as cxnlp.summarize and the CLI's --period do, were refused."""
    schema = summarizer.get("/openapi.json").json()["components"]["schemas"]["SummarizeRequest"]
    assert "auto: by quarter where the date column holds quarters" in schema["properties"]["period"]["description"]
    rows = [{"status": "ok", "touchpoints": ["delivery"], "nps": 9, "fecha": f"T{q} 2024"} for q in (1, 1, 2, 2)]
    answer = summarizer.post("/v1/summarize", json={"rows": rows, "nps": "nps", "period": "auto", "date": "fecha",
                                                    "by": None, "min_n": 1})
    assert answer.status_code == 200 and [s["period"] for s in answer.json()["summary"]] == ["2024-Q1", "2024-Q2"]

@in_process
def test_pydantic_sees_only_the_first_unknown_fields(monkeypatch):
    """Review serve4: pydantic makes an error of each unknown field, and listed 300,000 in 1.5 s holding the GIL
    (so the event loop, from a worker thread too); it is given the known fields and the first 100 unknown ones."""
    from fastapi.exceptions import RequestValidationError

    from cxnlp import _serve_gate
    from cxnlp._serve_schema import SummarizeRequest

    seen = []
    real = SummarizeRequest.model_validate

    def model_validate(data, **kwargs):
        seen.append(list(data))
        return real(data, **kwargs)

    monkeypatch.setattr(SummarizeRequest, "model_validate", model_validate)
    body = json.dumps({"k0": 0, "rows": [], **{f"k{i}": 0 for i in range(1, 1000)}, "min_n": 0}).encode()
    with pytest.raises(RequestValidationError) as caught:
        _serve_gate._validated(SummarizeRequest, body)
    assert seen == [["k0", "rows", *(f"k{i}" for i in range(1, 100)), "min_n"]]
    assert [e["loc"][1] for e in caught.value.errors()] == ["min_n", *(f"k{i}" for i in range(99))]


@in_process
def test_a_large_batch_is_classified_and_written_in_slices(model, monkeypatch):
    """Round serve6: the results of 1,000 long texts were kept as objects and written to JSON at once, holding the
    interpreter lock (the encoder, and full garbage collections over them) for half a second at a time: /healthz
    waited behind them. They are written a slice at a time now, and the answer is the same."""
    from fastapi.testclient import TestClient

    from cxnlp import _serve_requests
    from cxnlp.serve import create_app

    written = []

    def spy(content):
        written.append(len(content["results"]) if isinstance(content, dict) else len(content))
        return json_bytes(content)

    json_bytes = _serve_requests.json_bytes
    monkeypatch.setattr(_serve_requests, "json_bytes", spy)
    texts = [f"El pedido {n} llegó tarde" for n in range(_serve_requests.SLICE * 2 + 5)] + [None]
    with TestClient(create_app(model, api_key="")) as local:
        answer = local.post("/v1/classify", json={"texts": texts, "ids": list(range(len(texts)))})
    assert answer.status_code == 200, answer.text
    assert written == [_serve_requests.SLICE, _serve_requests.SLICE, 6, 0]  # the slices, then the answer's opening
    expected = [_plain(r, n) for n, r in enumerate(model.classify_many(texts))]
    assert answer.json() == {"model": model.meta.get("name"), "results": expected}


def test_the_loaded_model_is_left_out_of_garbage_collections(model):
    """Round serve6: each full garbage collection during a large batch walked the model's objects too, holding the
    interpreter lock a quarter of a second more; the loader freezes them (gc.freeze) once the model is warmed up."""
    import gc

    from cxnlp import _serve_loader
    from cxnlp._serve_loader import Loader

    gc.unfreeze()
    _serve_loader._frozen = False  # the process's first model: only it is frozen
    try:
        loader = Loader(model)
        loader.start()
        assert loader.done.wait(120) and loader.model is model
        assert gc.get_freeze_count() > 0 and gc.is_tracked(model.meta)
        assert not any(item is model.meta for item in gc.get_objects())  # frozen: no generation holds it
    finally:
        gc.unfreeze()


@in_process
def test_only_a_few_short_texts_are_classified_on_the_event_loop(model, monkeypatch):
    """Round serve6: up to four texts of 20,000 characters in all were classified on the event loop, which then
    answered nothing else, /healthz included, for 50 ms (four comments of 5,000 characters); now only what takes a
    few milliseconds is (2,000 characters)."""
    import asyncio

    from fastapi.testclient import TestClient

    from cxnlp import _serve_requests
    from cxnlp.serve import create_app

    on_loop = []
    classify_answer = _serve_requests.classify_answer

    def spy(model, texts, *args):
        try:
            asyncio.get_running_loop()
            on_loop.append(len(texts))
        except RuntimeError:
            pass
        return classify_answer(model, texts, *args)

    monkeypatch.setattr("cxnlp.serve.classify_answer", spy)
    with TestClient(create_app(model, api_key="")) as local:
        for texts in (["El pedido llegó tarde"] * 4, ["El pedido llegó tarde. " * 213] * 4, ["a" * 2_001]):
            assert local.post("/v1/classify", json={"texts": texts}).status_code == 200
    assert on_loop == [4]


@in_process
def test_only_the_first_model_of_the_process_is_frozen(model):
    """Review serve6: every app froze the objects alive once its model was warmed up, itself included, so no app made
    in a process (one per test in a test suite) was ever freed, nor any model it had loaded from a directory."""
    import gc
    import weakref

    from fastapi.testclient import TestClient

    from cxnlp.serve import create_app

    apps, frozen = [], []
    for _ in range(2):
        app = create_app(model, api_key="", allowed_hosts="testserver")
        with TestClient(app) as local:
            assert local.post("/v1/classify", json={"text": "hola"}).status_code == 200
        apps.append(weakref.ref(app))
        frozen.append(gc.get_freeze_count())
        del app, local
    gc.collect()
    assert apps[1]() is None and frozen[1] == frozen[0]



@contextlib.contextmanager
def _capped_server(monkeypatch, app, max_concurrent: int, **config):
    """A uvicorn server of ``app`` in a thread, with the connection cap ``run(max_concurrent=...)`` gives uvicorn
    (uvicorn.run stubbed to read it): yields the free port it listens on and that cap; stopped and joined on leaving."""
    import logging.config
    import threading

    import uvicorn

    import cxnlp.serve as serve

    settings = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: settings.update(kwargs))
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("CXNLP_")})
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    serve.run(max_concurrent=max_concurrent)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, limit_concurrency=settings["limit_concurrency"],
                                           **{"log_level": "error", **config}))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        deadline = time.monotonic() + 120  # the model's warm-up follows the start (4 s alone, more on a loaded machine)
        # 503 until it ran (a service with a key answers 401 to this keyless probe: ready too, as far as it tells)
        while httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=120).status_code == 503 and \
                time.monotonic() < deadline:
            time.sleep(0.1)
        yield port, settings["limit_concurrency"]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_max_concurrent_leaves_uvicorn_a_cap_on_connections_with_room_for_bursts(monkeypatch, model):
    """Nothing capped the requests open at once, so nor the memory they hold (each up to --max-body-bytes). The app
    caps the requests (``test_max_concurrent_refuses_one_request_more...``); uvicorn's ``limit_concurrency``
    N + max(N, 64) + 1 caps the connections behind it: N + max(N, 64) served (idle keep-alive ones hold no request),
    a request on the next answered 503 (uvicorn counts the arriving connection among those open)."""
    import logging.config

    import uvicorn

    import cxnlp.serve as serve
    from cxnlp.exceptions import ConfigError

    settings = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: settings.update(kwargs))
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if not k.startswith("CXNLP_")})
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    serve.run(max_concurrent=2)
    for wrong in (0, -1, 1.5, True):
        with pytest.raises(ConfigError, match=r"^max_concurrent must be a whole number >= 1"):
            serve.run(max_concurrent=wrong)
    serve.run()
    assert settings["limit_concurrency"] is None  # no cap unless asked
    app = serve.create_app(model, allowed_hosts=["127.0.0.1"], max_concurrent=2)
    with _capped_server(monkeypatch, app, 2) as (port, limit):
        assert limit == 2 + 64 + 1
        with contextlib.ExitStack() as stack:
            url = f"http://127.0.0.1:{port}"
            held = [stack.enter_context(httpx.Client(base_url=url, timeout=60)) for _ in range(4)]
            for client in held:  # (each client keeps its connection open)
                assert client.get("/v1/model").status_code == 200
            for _ in range(limit - 2 - len(held)):  # the rest of the room but one, idle
                stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
            last = stack.enter_context(httpx.Client(base_url=url, timeout=60))
            deadline = time.monotonic() + 10  # (until the server has seen the closed connections of the start close)
            while (status := last.get("/v1/model").status_code) == 503 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert status == 200  # the connection N + max(N, 64) is served, and kept open
            with httpx.Client(base_url=f"http://127.0.0.1:{port}") as fifth:
                refused = fifth.get("/healthz")
                assert (refused.status_code, refused.text) == (503, "Service Unavailable")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as later:  # the others closed
            deadline = time.monotonic() + 10
            while (status := later.get("/healthz").status_code) == 503 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert status == 200


def test_the_503_at_max_concurrent_is_json_after_the_key_and_documented(monkeypatch, model):
    """At ``--max-concurrent`` requests, a served worker answers the app's JSON 503 (``busy``, ``Retry-After``), after
    the API key is checked, as docs/service.md section 5 lists it: a request without the key got the 503 first, which
    told it the load and the cap ("at most 1 at once") where the docs promise it "learns nothing else", and it took a
    place. uvicorn's plain-text 503 is left to its cap on connections, which the docs and README name as the one
    plain-text error besides the Host 400."""
    from pathlib import Path

    import cxnlp.serve as serve

    root = Path(__file__).resolve().parents[1]
    service = (root / "docs" / "service.md").read_text(encoding="utf-8")
    intro = service.split("## 5. Errors", 1)[1].split("```json", 1)[0]
    assert "503 Service Unavailable" in intro and "cap on connections" in intro and "is JSON" in intro
    table = service.split("## 5. Errors", 1)[1].split("## 6.", 1)[0]
    assert table.index("| 401 | `unauthorized`") < table.index("| 503 | `busy` | null |")
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    assert "every error but that 400 (and uvicorn's plain-text 503 of a worker at its cap on connections" in readme

    with _capped_server(monkeypatch, serve.create_app(model, api_key="k3y", max_concurrent=1), 1) as (port, _):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
            slow.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: k3y\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\"")  # half a body
            deadline = time.monotonic() + 10
            key = {"X-API-Key": "k3y"}
            while (refused := httpx.get(f"http://127.0.0.1:{port}/v1/model", headers=key)).status_code == 200 and \
                    time.monotonic() < deadline:  # until the server has read the headers of the slow one
                time.sleep(0.05)
            assert (refused.status_code, refused.json()["error"], refused.headers["retry-after"]) == (503, "busy", "1")
            keyless = httpx.get(f"http://127.0.0.1:{port}/v1/model")  # at the cap: still only told it has no key
            assert (keyless.status_code, keyless.json()["error"], "retry-after" in keyless.headers) == \
                (401, "unauthorized", False)
            assert httpx.get(f"http://127.0.0.1:{port}/healthz", headers={"X-API-Key": "k3y"}).status_code == 200


def test_docs_say_how_factory_users_cap_connections_and_what_probes_see_at_the_cap(monkeypatch, model, caplog):
    """``--max-concurrent`` had no word for ``uvicorn --factory`` users (uvicorn's ``--limit-concurrency``, given
    N + 1), nor for probes, refused at the cap like any request (a liveness probe failing restarts the pod under load):
    docs/service.md now says both, that a ``tcpSocket`` probe is not refused, and that each refusal logs one line."""
    import logging
    from pathlib import Path

    service = (Path(__file__).resolve().parents[1] / "docs" / "service.md").read_text(encoding="utf-8")
    running = " ".join(service.split("## 1. Running it", 1)[1].split("**Several workers.**", 1)[0].split())
    for said in ("`--limit-concurrency` N + max(N, 64) + 1", "`CXNLP_MAX_CONCURRENT=N`", "liveness probe",
                 "`tcpSocket`", "`Exceeded concurrency limit.`"):
        assert said in running

    import cxnlp.serve as serve

    app = serve.create_app(model, allowed_hosts=["127.0.0.1"], max_concurrent=1)
    with _capped_server(monkeypatch, app, 1, log_config=None, log_level="warning") as (port, limit):
        assert limit == 1 + 64 + 1  # what the docs tell factory users to give --limit-concurrency
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as first, \
                httpx.Client(base_url=f"http://127.0.0.1:{port}") as second, \
                httpx.Client(base_url=f"http://127.0.0.1:{port}") as probe, contextlib.ExitStack() as idle:
            assert first.get("/healthz").status_code == 200  # their connections stay open: uvicorn's cap is reached
            assert second.get("/healthz").status_code == 200
            for _ in range(limit - 3):  # with the rest of the room, idle
                idle.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
            with caplog.at_level(logging.WARNING, logger="uvicorn.error"):
                assert probe.get("/healthz").status_code == 503  # an HTTP probe is refused
            assert [r.getMessage() for r in caplog.records if r.name == "uvicorn.error"] == \
                ["Exceeded concurrency limit."]
            with socket.create_connection(("127.0.0.1", port), timeout=5):  # a tcpSocket probe connects
                pass


def test_docs_warn_that_connections_sending_nothing_hold_max_concurrent_for_ever(monkeypatch, model):
    """With ``--max-concurrent N``, N + max(N, 64) connections that send nothing (or half their headers), uvicorn's
    cap on connections, lock every client out of the worker, and one fewer do not: uvicorn times them out never (its
    keep-alive timeout starts after a response). docs/service.md said nothing of it, and it is what anyone reaching the
    port can do: it now says so, with that number, and to put a proxy in front."""
    from pathlib import Path

    import cxnlp.serve as serve

    service = (Path(__file__).resolve().parents[1] / "docs" / "service.md").read_text(encoding="utf-8")
    running = " ".join(service.split("## 1. Running it", 1)[1].split("**Several workers.**", 1)[0].split())
    assert "uvicorn times out none that has sent no request yet, or only part of its headers" in running
    assert "N + max(N, 64) such connections" in running and "behind a proxy that reads whole requests" in running

    app = serve.create_app(model, allowed_hosts=["127.0.0.1"], max_concurrent=1)
    with _capped_server(monkeypatch, app, 1, timeout_keep_alive=1) as (port, limit):
        url = f"http://127.0.0.1:{port}/healthz"
        assert limit - 1 == 1 + max(1, 64)  # the number the docs give, with N = 1
        with contextlib.ExitStack() as stack:
            def silent():  # half a request, then nothing: headers never finished
                each = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
                each.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")

            for _ in range(limit - 2):  # N + max(N, 64) - 1 of them
                silent()
            time.sleep(2.5)  # past the keep-alive timeout of 1 s: still open, still counted
            assert httpx.get(url, timeout=60).status_code == 200  # one fewer than the docs say: still served
            silent()
            time.sleep(0.5)
            assert httpx.get(url, timeout=60).status_code == 503
        deadline = time.monotonic() + 10
        while (status := httpx.get(url).status_code) == 503 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert status == 200  # its slot is freed only when it closes


@pytest.mark.parametrize("option, value", [("csat_method", "mean"), ("ces_scale", [1, 5])])
def test_summarize_refuses_a_score_option_without_its_column(summarizer, option, value):
    """``"csat_method": "mean"`` with no ``csat`` was a 200 that computed no CSAT at all, where the command line
    refuses ``--csat-method mean`` without ``--csat``: a 422 naming the option."""
    rows = [{"status": "ok", "sentiment": "negative", "touchpoints": ["delivery"], "nps": 3}]
    answer = summarizer.post("/v1/summarize", json={"rows": rows, "nps": "nps", "min_n": 1, option: value})
    score = option.split("_")[0]
    assert answer.status_code == 422 and answer.json()["field"] == option
    assert answer.json()["message"].endswith(f"needs {score} (the column of those answers); give {score}=COLUMN, "
                                             f"or leave {option} out.")


@pytest.mark.parametrize("flag", ["churn_risk", "escalation"])
def test_summarize_by_a_flag_of_the_classify_form_reads_it_as_its_cx_column(summarizer, flag):
    """Rows in the /v1/classify form summarised "by": "churn_risk" had the themes 'True' and 'False', where the same
    rows by "cx_churn_risk" (and a classified file) have 'yes' and 'no': the field is read as its cx_ column."""
    rows = [{"status": "ok", "sentiment": "negative", "touchpoints": ["billing"], flag: value, "nps": score}
            for value, score in ((True, 2), (False, 9), (False, 8), (None, 5))]
    by_field = summarizer.post("/v1/summarize", json={"rows": rows, "by": flag, "nps": "nps", "min_n": 1}).json()
    by_cx = summarizer.post("/v1/summarize", json={"rows": rows, "by": f"cx_{flag}", "nps": "nps", "min_n": 1}).json()
    assert [(row["theme"], row["n"]) for row in by_field["summary"]] == [("no", 2), ("yes", 1)]
    assert [(row["theme"], row["n"], row["nps"]) for row in by_field["summary"]] == \
           [(row["theme"], row["n"], row["nps"]) for row in by_cx["summary"]]


@pytest.mark.parametrize("option, value, field", [("csat_method", "mean", "by"), ("csat_scale", [1, 10], "by"),
                                                  ("ces_method", "agree", "date")])
def test_summarize_blames_the_wrong_option_not_a_score_setting_given_with_its_column(summarizer, option, value, field):
    """Review of parity1: a csat_/ces_ setting with its column made every later error (a 'by' or 'date' not in the
    rows) a 422 on that setting, its probe run without the column; the field is the option at fault again."""
    score = option.split("_")[0]
    rows = [{"status": "ok", "sentiment": "negative", "touchpoints": ["delivery"], "csat": 4, "ces": 5}]
    extra = {"by": "nope"} if field == "by" else {"date": "nope", "period": "month"}
    answer = summarizer.post("/v1/summarize", json={"rows": rows, score: score, option: value, "min_n": 1, **extra})
    assert answer.status_code == 422 and answer.json()["field"] == field
    assert "'nope'" in answer.json()["message"]


@pytest.mark.parametrize("flag", ["churn_risk", "escalation"])
def test_summarize_by_a_flag_of_the_classify_form_reads_its_words_as_its_cx_column(summarizer, flag):
    """Review of parity1: only booleans of a flag field were read as yes/no, so "Yes", "sí", "true" and 1 (which
    cx_churn_risk's themes and the signal counts read as yes) stayed themes of their own beside 'yes'."""
    rows = [{"status": "ok", "sentiment": "negative", "touchpoints": ["billing"], flag: value, "nps": score}
            for value, score in ((True, 2), ("Yes", 9), ("sí", 8), (1, 5), ("No", 3), (0, 7), ("quizás", 6))]
    by_field = summarizer.post("/v1/summarize", json={"rows": rows, "by": flag, "nps": "nps", "min_n": 1}).json()
    by_cx = summarizer.post("/v1/summarize", json={"rows": rows, "by": f"cx_{flag}", "nps": "nps", "min_n": 1}).json()
    assert [(row["theme"], row["n"]) for row in by_field["summary"]] == [("yes", 4), ("no", 2), ("quizás", 1)]
    assert [(row["theme"], row["n"], row["nps"]) for row in by_field["summary"]] == \
           [(row["theme"], row["n"], row["nps"]) for row in by_cx["summary"]]


@pytest.mark.parametrize("body, field", [({"nps": "nope", "csat_method": "mean"}, "csat_method"),
                                         ({"csat": "nope", "ces_method": "agree"}, "ces_method")])
def test_summarize_names_the_score_setting_its_message_is_about(summarizer, body, field):
    """Review of parity1: with a score column not in the rows as well, the 422 said "csat_method='mean' needs csat"
    with the field 'nps' (the setting's probe came after the columns'); the field is the setting the message names."""
    rows = [{"status": "ok", "sentiment": "negative", "touchpoints": ["delivery"], "csat": 4}]
    answer = summarizer.post("/v1/summarize", json={"rows": rows, "min_n": 1, **body})
    assert answer.status_code == 422 and answer.json()["field"] == field
    assert answer.json()["message"].startswith(f"{field}=")


async def _asgi_request(app, method: str, path: str, receive, into: list, headers=()) -> list:
    """``into`` with the messages ``app`` sends for one request, called as a server calls it (no TestClient: its
    transport sends the whole body at once, and a test needs a client that stops half-way)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "path": path,
             "raw_path": path.encode(), "root_path": "", "scheme": "http", "query_string": b"",
             "headers": [(b"host", b"127.0.0.1"), *headers], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}

    async def send(message):
        into.append(message)

    await app(scope, receive, send)
    return into


def _asgi_call(app, method: str, path: str, receive, headers=()) -> list:
    """``_asgi_request`` run to its end (10 s at most)."""
    import asyncio

    return asyncio.run(asyncio.wait_for(_asgi_request(app, method, path, receive, [], headers), 10))


def _answer(sent: list) -> tuple[int, dict, dict]:
    """The status, headers and JSON body of the messages ``_asgi_call`` collected."""
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, json.loads(body)


def test_a_body_that_never_ends_is_answered_408_json_at_the_body_deadline(model, monkeypatch):
    """A client that sent its headers and half a body held the request (and its place under --max-concurrent) for as
    long as it kept the connection open: uvicorn's keep-alive timeout starts only after a response. The body now
    has ``BODY_TIMEOUT`` seconds to end: then a JSON 408 naming the body, and the connection is closed."""
    import asyncio

    import cxnlp._serve_limits as limits
    import cxnlp.serve as serve

    monkeypatch.setattr(limits, "BODY_TIMEOUT", 0.2)
    app = serve.create_app(model, allowed_hosts=["127.0.0.1"])
    first = True

    async def half_a_body():
        nonlocal first
        if first:
            first = False
            return {"type": "http.request", "body": b'{"text": "el pedi', "more_body": True}
        await asyncio.sleep(3600)  # the client sends nothing more, and keeps the connection open

    status, headers, body = _answer(_asgi_call(app, "POST", "/v1/classify", half_a_body,
                                               [(b"content-type", b"application/json")]))
    assert status == 408 and headers["connection"] == "close"
    assert (body["error"], body["field"]) == ("timeout", "body") and "0.2 s" in body["message"]

    async def whole():  # a body that ends in time is not timed any further (the app waits for a disconnect)
        return {"type": "http.request", "body": '{"text": "El pedido llegó tarde"}'.encode(), "more_body": False}

    status, _, body = _answer(_asgi_call(app, "POST", "/v1/classify", whole, [(b"content-type", b"application/json")]))
    assert status in (200, 503) and body.get("error") != "timeout"


def test_max_concurrent_refuses_one_request_more_with_json_503_and_retry_after_but_not_the_probes(model):
    """At ``--max-concurrent`` the client got uvicorn's plain-text "Service Unavailable", unlike every other error of
    the service, and so did /healthz and /readyz. The app now caps the requests it works on itself: one more is a JSON
    503 (``busy``, with ``Retry-After``) answered before its body is read, the probes are answered, and the place is
    freed when the request ends."""
    import asyncio

    import cxnlp.serve as serve

    app = serve.create_app(model, allowed_hosts=["127.0.0.1"], max_concurrent=1)
    json_type = [(b"content-type", b"application/json")]

    async def scenario():
        release, sent = asyncio.Event(), []

        async def slow():  # the one request allowed, still sending its body
            await release.wait()
            return {"type": "http.request", "body": b'{"text": "hola"}', "more_body": False}

        async def whole():
            return {"type": "http.request", "body": b'{"text": "hola"}', "more_body": False}

        def call(method, path, receive, into, headers=()):
            return _asgi_request(app, method, path, receive, into, headers)

        held = asyncio.ensure_future(call("POST", "/v1/classify", slow, sent, json_type))
        await asyncio.sleep(0.05)
        answers = {path: _answer(await call(method, path, whole, [], json_type))
                   for method, path in (("POST", "/v1/classify"), ("GET", "/v1/model"), ("GET", "/healthz"),
                                        ("GET", "/readyz"))}
        release.set()
        await asyncio.wait_for(held, 30)
        answers["after"] = _answer(await call("GET", "/v1/model", whole, []))
        return answers, _answer(sent)

    answers, first = asyncio.run(scenario())
    for path in ("/v1/classify", "/v1/model"):
        status, headers, body = answers[path]
        assert (status, body["error"], body["field"], headers["retry-after"]) == (503, "busy", None, "1")
        assert body["message"] == "the service is busy: it works on at most 1 at once (--max-concurrent); retry in 1 s."
    assert answers["/healthz"][0] == 200  # the probes are answered at the cap (/readyz: ready, or the model's 503)
    assert answers["/readyz"][0] == 200 or answers["/readyz"][2]["error"] == "not_ready"
    assert first[0] == 200 and answers["after"][0] == 200  # the request held ends, and frees its place


def test_a_burst_past_twice_max_concurrent_gets_the_json_busy_not_uvicorns_plain_text(monkeypatch, model):
    """uvicorn's cap on connections was 2N + 1: a burst of more than 2N clients at once got its plain-text "Service
    Unavailable" (44 to 50 of 50 with N = 4), never the JSON ``busy`` with ``Retry-After``. It now has room for 64
    connections beyond N (``BURST_CONNECTIONS``): 3N + 1 clients, all connected before any sends its request, each
    get a 200 or the JSON 503."""
    import http.client
    import threading

    import cxnlp.serve as serve

    app = serve.create_app(model, allowed_hosts=["127.0.0.1"], max_concurrent=2)
    with _capped_server(monkeypatch, app, 2) as (port, _), contextlib.ExitStack() as stack:
        clients = []
        for _ in range(3 * 2 + 1):  # every connection open before the first request
            client = stack.enter_context(contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=120)))
            client.connect()
            clients.append(client)
        answers, start = [], threading.Barrier(len(clients))

        def ask(client):
            start.wait()
            client.request("POST", "/v1/classify", body=json.dumps({"texts": ["El pedido llegó tarde"] * 50}),
                           headers={"Content-Type": "application/json"})
            response = client.getresponse()
            answers.append((response.status, response.getheader("Content-Type"), response.getheader("Retry-After"),
                            response.read()))

        threads = [threading.Thread(target=ask, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
    assert len(answers) == 7
    for status, kind, retry, body in answers:
        assert status in (200, 503) and kind == "application/json", (status, body[:40])
        if status == 503:
            assert (json.loads(body)["error"], retry) == ("busy", "1")
    assert any(status == 200 for status, *_ in answers)


def test_max_concurrent_counts_a_post_to_a_probe_path_whose_body_the_gate_reads(model):
    """The cap let the probes' paths through uncounted whatever the method, and the gate reads the body of every POST:
    ``POST /healthz`` with a body of up to --max-body-bytes was held uncounted, on each connection uvicorn's cap
    allowed (N + max(N, 64): 40 such bodies of 4 MiB took 335 MiB at N = 1). Only a probe's GET (or HEAD) is let
    through now: the POST is counted, so at the cap it gets the JSON busy, its body unread."""
    import asyncio

    import cxnlp.serve as serve

    app = serve.create_app(model, allowed_hosts=["127.0.0.1"], max_concurrent=1)
    json_type = [(b"content-type", b"application/json")]

    async def scenario():
        release, read = asyncio.Event(), []

        async def slow():
            await release.wait()
            return {"type": "http.request", "body": b'{"text": "hola"}', "more_body": False}

        async def whole():
            read.append(True)
            return {"type": "http.request", "body": b"x" * 1000, "more_body": False}

        def call(method, path, receive, into):
            return _asgi_request(app, method, path, receive, into, json_type)

        held = asyncio.ensure_future(call("POST", "/v1/classify", slow, []))
        await asyncio.sleep(0.05)
        answers = {(method, path): _answer(await call(method, path, whole, []))
                   for method, path in (("POST", "/healthz"), ("POST", "/readyz"), ("GET", "/healthz"))}
        release.set()
        await asyncio.wait_for(held, 30)
        return answers, read

    answers, read = asyncio.run(scenario())
    for probe in (("POST", "/healthz"), ("POST", "/readyz")):
        status, headers, body = answers[probe]
        assert (status, body["error"], headers["retry-after"]) == (503, "busy", "1"), probe
    assert answers[("GET", "/healthz")][0] == 200  # the probe itself is still answered at the cap
    assert read == []  # no body was read at the cap


def test_max_concurrent_reaches_the_workers_through_the_environment(monkeypatch):
    """``run(max_concurrent=N)`` passes the cap to its workers (``$CXNLP_MAX_CONCURRENT``), which ``app_from_env``
    reads, as every other setting: the app caps the requests, uvicorn only the connections (N + max(N, 64) + 1)."""
    import logging.config

    import uvicorn

    import cxnlp.serve as serve

    environ = {k: v for k, v in os.environ.items() if not k.startswith("CXNLP_")}
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(environ, limit=kwargs["limit_concurrency"]))
    monkeypatch.setattr(os, "environ", environ)
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    made = {}
    monkeypatch.setattr(serve, "create_app", lambda **settings: made.update(settings))
    for given, sent, cap in ((3, "3", 3 + 64 + 1), (None, "", None)):
        serve.run(max_concurrent=given)
        assert (seen["CXNLP_MAX_CONCURRENT"], seen["limit"]) == (sent, cap)
        environ["CXNLP_MAX_CONCURRENT"] = seen["CXNLP_MAX_CONCURRENT"]
        serve.app_from_env()
        assert made["max_concurrent"] == given
    environ["CXNLP_MAX_CONCURRENT"] = "0"
    with pytest.raises(serve.ConfigError, match=r"^\$CXNLP_MAX_CONCURRENT must be a whole number >= 1"):
        serve.app_from_env()


def test_the_body_deadline_keeps_one_timer_per_body_not_one_per_message(model):
    """``BodyDeadline`` waited for each message of the body with ``asyncio.wait_for``: a task and a timer per message,
    which made a body sent in small pieces 6 times as costly on the event loop (200,000 pieces: 1 s -> 6 s). One timer
    per body now, and the body is still read whole and answered."""
    import asyncio

    import cxnlp.serve as serve

    app, pieces, timers = serve.create_app(model, allowed_hosts=["127.0.0.1"]), 1_000, []

    async def scenario():
        loop, count = asyncio.get_running_loop(), 0
        call_at = loop.call_at
        loop.call_at = lambda *args, **kwargs: timers.append(args[0]) or call_at(*args, **kwargs)

        async def piece_by_piece():
            nonlocal count
            count += 1
            await asyncio.sleep(0)
            return {"type": "http.request", "body": b'{"rows": []}' if count == 1 else b" ",
                    "more_body": count < pieces}

        sent = []

        async def send(message):
            sent.append(message)

        path = "/v1/summarize"
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "path": path,
                 "raw_path": path.encode(), "root_path": "", "scheme": "http", "query_string": b"",
                 "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")],
                 "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
        try:
            await app(scope, piece_by_piece, send)
        finally:
            loop.call_at = call_at
        return sent, count

    sent, count = asyncio.run(scenario())
    assert count == pieces and _answer(sent)[0] == 422  # read to its end ({"rows": []} summarises nothing)
    assert len(timers) <= 2, f"{len(timers)} timers for one body of {pieces} messages"


def test_a_slow_but_steady_body_is_not_cut_off_at_the_body_deadline_but_a_trickle_is(model, monkeypatch):
    """The body had ``BODY_TIMEOUT`` (60 s) in all from its first read: a 16 MiB body at 2 Mbit/s, or 8 MiB at 1 Mbit/s,
    served before the deadline came, kept arriving and was answered 408, with or without --max-concurrent. Each
    ``MIN_BODY_RATE`` bytes received now earn a second more: a body that keeps coming ends; one that trickles does
    not."""
    import asyncio
    import time

    import cxnlp._serve_limits as limits
    import cxnlp.serve as serve

    monkeypatch.setattr(limits, "BODY_TIMEOUT", 0.3)
    monkeypatch.setattr(limits, "MIN_BODY_RATE", 200, raising=False)
    app = serve.create_app(model, allowed_hosts=["127.0.0.1"])

    def client(piece: bytes, pieces: int):
        sent = 0

        async def receive():
            nonlocal sent
            await asyncio.sleep(0.05)
            sent += 1
            body = b'{"rows": []' if sent == 1 else (b"}" if sent == pieces else piece)
            return {"type": "http.request", "body": body, "more_body": sent < pieces}
        return receive

    began = time.monotonic()  # 24 pieces of 200 bytes, one each 0.05 s: 1.2 s, 4 times the deadline, at 4,000 B/s
    status, _, body = _answer(_asgi_call(app, "POST", "/v1/summarize", client(b" " * 200, 24),
                                         [(b"content-type", b"application/json")]))
    assert time.monotonic() - began > 0.3 and (status, body["error"]) == (422, "invalid_request")  # read whole
    status, headers, body = _answer(_asgi_call(app, "POST", "/v1/summarize", client(b" ", 200),  # 20 B/s
                                               [(b"content-type", b"application/json")]))
    assert (status, body["error"], headers["connection"]) == (408, "timeout", "close")
    assert "0.3 s of the request plus 1 s per 200 bytes received" in body["message"]


def test_max_concurrent_neither_counts_nor_tells_a_request_without_the_api_key(model):
    """``Capacity`` ran before the key was checked: at the cap a request without the key got the 503 ``busy``, which
    names the cap, and below it each one took a place. It now gets the gate's 401 whatever the load, uncounted."""
    import asyncio

    import cxnlp.serve as serve

    app = serve.create_app(model, api_key="k3y", max_concurrent=1)

    async def scenario():
        release, sent = asyncio.Event(), []

        async def slow():  # the one request allowed, with the key, still sending its body
            await release.wait()
            return {"type": "http.request", "body": b'{"rows": []}', "more_body": False}

        def call(receive, into, key: bool):
            headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")]
            scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                     "path": "/v1/summarize", "raw_path": b"/v1/summarize", "root_path": "", "scheme": "http",
                     "query_string": b"", "headers": headers + [(b"x-api-key", b"k3y")] * key,
                     "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}

            async def send(message):
                into.append(message)
            return app(scope, receive, send)

        held = asyncio.ensure_future(call(slow, sent, key=True))
        await asyncio.sleep(0.05)
        keyless, keyed = [], []
        await call(slow, keyless, key=False)
        await call(slow, keyed, key=True)
        release.set()
        await asyncio.wait_for(held, 30)
        return _answer(keyless), _answer(keyed)

    keyless, keyed = asyncio.run(scenario())
    assert (keyless[0], keyless[2]["error"], "retry-after" in keyless[1]) == (401, "unauthorized", False)
    assert (keyed[0], keyed[2]["error"]) == (503, "busy")


@pytest.mark.parametrize("field", ["effort", "status", "emotions"])
def test_summarize_by_a_label_field_of_the_classify_form_reads_it_as_its_cx_column(summarizer, field):
    """Rows in the /v1/classify form summarised "by": "effort" or "status" were read as a column of the user's: the
    labels as written and the statuses of comments without labels ('empty') as themes, where "by": "cx_effort" and
    "cx_status" read them as a classified file's; "emotions" was a 422 on its lists. Each field is its cx_ column."""
    rows = [{"status": status, "sentiment": "negative", "touchpoints": ["billing"], "effort": effort,
             "emotions": emotions, "nps": score}
            for status, effort, emotions, score in (("ok", "high", ["anger"], 2), ("ok", "low", [], 9),
                                                    ("ok", "high", ["anger", "worry"], 4),
                                                    ("empty", None, [], 7), ("ok", "low", ["worry"], 10))]
    by_field = summarizer.post("/v1/summarize", json={"rows": rows, "by": field, "nps": "nps", "min_n": 1})
    by_cx = summarizer.post("/v1/summarize", json={"rows": rows, "by": f"cx_{field}", "nps": "nps", "min_n": 1})
    assert by_field.status_code == 200, by_field.json()
    assert [(row["theme"], row["label"], row["n"], row["nps"]) for row in by_field.json()["summary"]] == \
           [(row["theme"], row["label"], row["n"], row["nps"]) for row in by_cx.json()["summary"]]


@pytest.mark.parametrize("by, keys", [("churn_risk", ["by_churn_risk"]), ("status", ["status"]),
                                      ("effort", ["by_effort"]),
                                      ("touchpoints×churn_risk", ["touchpoints", "by_churn_risk"])])
def test_summarize_by_a_label_field_of_the_classify_form_keeps_the_key_the_client_asked_for(summarizer, by, keys):
    """Review of left3: reading "by": "churn_risk" (or "status", "effort") as its cx_ column renamed the answer's key
    and attrs.by to "cx_churn_risk", where clients read "by_churn_risk" (as summarize names a field named like a
    column of the answer); the themes are the cx_ column's, the key the one the field always had."""
    rows = [{"status": "ok", "sentiment": "negative", "touchpoints": ["billing"], "churn_risk": flag, "effort": effort,
             "nps": score} for flag, effort, score in ((True, "high", 2), (False, "low", 9), (None, None, 5))]
    answer = summarizer.post("/v1/summarize", json={"rows": rows, "by": by, "nps": "nps", "min_n": 1}).json()
    assert answer["attrs"]["by"] == keys
    assert all(set(keys) <= set(row) and not any(k.startswith("cx_") for k in row) for row in answer["summary"])
    both = summarizer.post("/v1/summarize", json={"rows": rows, "by": ["churn_risk", "cx_churn_risk"], "nps": "nps",
                                                  "min_n": 1})
    assert both.status_code == 200 and both.json()["attrs"]["by"] == ["by_churn_risk", "cx_churn_risk"]
    twice = summarizer.post("/v1/summarize", json={"rows": rows, "by": ["effort", "effort"], "nps": "nps"})
    assert twice.json()["message"] == "by names 'effort' 2 times; give it once: by='effort'."  # not 'cx_effort'
