"""``cxnlp serve``: the classifier as an HTTP JSON service (FastAPI + uvicorn: ``pip install "cxnlp[serve]"``).

==========================  ======================================================================
``POST /v1/classify``       one text or a batch -> one result per text: the fields of ``Classification``
``POST /v1/summarize``      classified rows plus score columns -> ``cxnlp.summarize``'s theme summary
``GET /v1/model``           the model's name, versions, labels, training-data hash and scores
``GET /healthz``            200 while the process answers
``GET /readyz``             200 once the model is loaded and a warm-up call ran, 503 before
``GET /docs``               OpenAPI (Swagger UI); the schema itself at ``/openapi.json``
==========================  ======================================================================

Every request passes one gate before FastAPI reads it, in this order: the API key (401), the body
size (413), the content type of POSTs (415); FastAPI then checks the schema (422). Every error is
JSON, ``{"error": kind, "field": name, "message": text}``, an unexpected exception included (500). A text
that is not feedback (blank, "N/A", another language, a number) is not an error: its result carries its
status, as in a Python batch. NaN and infinity, which JSON cannot hold, are answered as null.

Texts are never written to the log unless ``log_texts``: the access log has paths and status codes,
and internal errors are logged without their message, which could quote a text.
"""

from __future__ import annotations

import copy
import hmac
import json
import logging
import logging.config
import math
import os
import threading
import traceback
from contextlib import asynccontextmanager
from dataclasses import fields
from functools import partial

try:
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import Headers
    from starlette.exceptions import HTTPException
except ModuleNotFoundError as err:  # the serve extra is optional; the core never imports this module
    raise ModuleNotFoundError(f'cxnlp serve needs {err.name}: pip install "cxnlp[serve]"', name=err.name) from err

from . import __version__
from ._serve_schema import (
    ClassifyRequest,
    ClassifyResponse,
    ErrorOut,
    SummarizeRequest,
    SummarizeResponse,
)
from .exceptions import ConfigError, CxnlpError
from .results import Classification, Segment
from .schema import DEFAULT_INDUSTRY, LABEL_SEP

MAX_BATCH = 1000
#: Room for a full batch of 5,000-character comments (UTF-8, with ids and JSON quoting).
MAX_BODY_BYTES = 16 * 1024 * 1024
#: How long a request waits for a worker that is still loading its model before it gets a 503.
LOAD_WAIT_S = 120.0
#: Requests with at most this many texts, of at most this many characters in all, are classified on the
#: event loop; bigger ones in a thread (a 4-MB text held /healthz up for a second).
INLINE_TEXTS, INLINE_CHARS = 4, 20_000
API_KEY_ENV, MAX_BATCH_ENV, MAX_BODY_ENV, LOG_TEXTS_ENV = ("CXNLP_API_KEY", "CXNLP_MAX_BATCH",
                                                            "CXNLP_MAX_BODY_BYTES", "CXNLP_LOG_TEXTS")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
JSON_ROUTES = frozenset({"/v1/classify", "/v1/summarize"})
WARM_UP = ("La app se cierra al pagar, pero el repartidor fue muy amable.", "Muy buen servicio, gracias",
           "N/A", "The parcel arrived two weeks late")
ERROR_KINDS = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
               415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error", 503: "not_ready"}
# The label fields of /v1/summarize's rows: each /v1/classify name, the cx_ column read in its place when the
# rows have none, and what either holds (one label, a list of labels, or a flag).
RESULT_COLUMNS = {"status": ("cx_status", "label"), "sentiment": ("cx_sentiment", "label"),
                  "touchpoints": ("cx_touchpoints", "labels"), "areas": ("cx_areas", "labels"),
                  "stages": ("cx_stage", "labels"), "effort": ("cx_effort", "label"),
                  "emotions": ("cx_emotions", "labels"), "churn_risk": ("cx_churn_risk", "flag"),
                  "escalation": ("cx_escalation", "flag")}
_EXPECTED = {"label": "a label name (a string) or null", "labels": "a list of label names (strings)",
             "flag": "true, false or null"}
_FIELDS = tuple(f.name for f in fields(Classification))
_SEGMENT_FIELDS = tuple(f.name for f in fields(Segment))

logger = logging.getLogger("cxnlp.serve")


_ERRORS = {code: {"model": ErrorOut} for code in (401, 413, 415, 422, 500, 503)}


class ApiError(Exception):
    """An error answered as JSON naming the field at fault."""

    def __init__(self, status: int, field: str | None, message: str):
        super().__init__(message)
        self.status, self.field, self.message = status, field, message


class _JSON(JSONResponse):
    """JSON with NaN and infinity as null: JSON has neither, and Starlette refuses them (a plain-text 500)."""

    def render(self, content) -> bytes:
        try:
            return super().render(content)
        except ValueError:  # walk the content only then: most answers hold no NaN
            return super().render(_finite(content))


def _finite(value):
    """``value`` with every NaN and infinity in it made None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _error_response(status: int, field: str | None, message: str, headers: dict | None = None,
                    **extra) -> JSONResponse:
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer", **(headers or {})}
    body = {"error": ERROR_KINDS.get(status, "error"), "field": field, "message": message, **extra}
    return _JSON(body, status_code=status, headers=headers)


def _field_name(loc) -> str:
    """``("body", "texts", 2)`` -> ``"texts[2]"``."""
    parts = list(loc[1:] if loc and loc[0] == "body" else loc)
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


# -- the gate: API key, body size, content type ---------------------------------------------------
class _Gate:
    """Pure ASGI middleware: checks the API key, the body size and the content type, in that order,
    before anything reads the body; then hands the app a body it has already read in full."""

    def __init__(self, app, *, api_key: str | None, max_body_bytes: int):
        self.app = app
        self.key = api_key.encode("utf-8") if api_key else None
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        error = self._check(scope, headers)
        if error is None and scope["method"] in ("POST", "PUT", "PATCH"):
            messages = await self._read(receive)
            if messages is None:
                error = self._too_large()
            else:
                receive = _replay(messages, receive)
        if error is not None:
            return await error(scope, receive, send)
        await self.app(scope, receive, send)

    def _check(self, scope, headers: Headers) -> JSONResponse | None:
        if self.key is not None and not self._authorized(headers):
            return _error_response(401, "X-API-Key", "missing or wrong API key: send it in the X-API-Key header "
                                                     "or as 'Authorization: Bearer KEY'.")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            return self._too_large()
        if scope["method"] == "POST" and _route(scope) in JSON_ROUTES:
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type != "application/json" and not media_type.endswith("+json"):
                return _error_response(415, "Content-Type", f"expected 'application/json', got "
                                                            f"{media_type or 'no Content-Type'!r}.")
        return None

    def _authorized(self, headers: Headers) -> bool:
        given = headers.get("x-api-key") or None
        if given is None:
            scheme, _, token = headers.get("authorization", "").partition(" ")
            given = token.strip() if scheme.lower() == "bearer" else None
        # Headers arrive as bytes decoded latin-1; encoding back gives the bytes the client sent.
        return given is not None and hmac.compare_digest(given.encode("latin-1", "replace"), self.key)

    async def _read(self, receive) -> list[dict] | None:
        """The request's messages up to the end of the body; None as soon as the body passes the limit."""
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_body_bytes:
                return None
            if message["type"] != "http.request" or not message.get("more_body", False):
                return messages

    def _too_large(self) -> JSONResponse:
        return _error_response(413, "body", f"the request body is over the limit of {self.max_body_bytes:,} bytes.")


def _route(scope) -> str:
    """The request's path below the app's root path (``--root-path``, or where the app is mounted): the path
    includes it."""
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def _replay(messages: list[dict], receive):
    pending = list(messages)

    async def replayed():
        return pending.pop(0) if pending else await receive()

    return replayed


class _Unexpected:
    """Pure ASGI middleware: answers an exception no handler took with the JSON 500 of ``_internal``, in any
    route. Starlette's own 500 is plain text, and it raises the exception on to the server, which logs its
    message: that could quote a text."""

    def __init__(self, app, *, log_texts: bool):
        self.app = app
        self.log_texts = log_texts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as err:
            if started:  # too late to answer (the client went away mid-answer): the server drops the connection
                raise
            error = _internal(err, self.log_texts)
            await _error_response(error.status, error.field, error.message)(scope, receive, send)


# -- the model, loaded in the background -------------------------------------------------------------
class _Loader:
    """Loads the model and warms it up in a thread, so /healthz answers at once and /readyz says when it is ready."""

    def __init__(self, source):
        self.source = source
        self.model = None
        self.error: str | None = None
        self.done = threading.Event()
        self._started = threading.Lock()

    def start(self) -> None:
        """Start loading, once: at the app's start-up, or at its first request where the server sends start-up
        events only to an outer app (an app mounted in another gets none)."""
        if self._started.acquire(blocking=False):
            threading.Thread(target=self._run, name="cxnlp-load", daemon=True).start()

    def _run(self) -> None:
        from .model import Model
        from .persist import load

        try:
            model = self.source if isinstance(self.source, Model) else load(self.source)
            warm_up(model)
            self.model = model
            logger.info("model %r loaded and warmed up", model.meta.get("name"))
        except Exception as err:  # noqa: BLE001  (a worker that cannot load says why on /readyz)
            self.error = f"{type(err).__name__}: {err}"
            logger.error("the model could not be loaded: %s", self.error)
        finally:
            self.done.set()

    def get(self, wait: float = LOAD_WAIT_S):
        """The loaded model; a request that reaches a worker still loading waits for it."""
        self.start()
        if not self.done.wait(wait):
            raise ApiError(503, "model", "the model is still loading; retry in a few seconds.")
        if self.model is None:
            raise ApiError(503, "model", f"the model could not be loaded: {self.error}")
        return self.model


def warm_up(model) -> None:
    """Run every code path once (language identification, segmentation, summaries) so the first request is fast."""
    import pandas as pd

    from . import summarize

    frame = model.classify_frame(pd.DataFrame({"text": WARM_UP, "nps": [3, 9, None, 10]}), text="text")
    summarize(frame, by="touchpoints", nps="nps", min_n=1)


# -- the app --------------------------------------------------------------------------------------
def create_app(model=None, *, max_batch: int = MAX_BATCH, api_key: str | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, log_texts: bool = False) -> FastAPI:
    """The HTTP service as a FastAPI app (an ASGI app: serve it with uvicorn or any ASGI server).

    Parameters
    ----------
    model : a loaded ``cxnlp.Model``, a model directory, or None for ``$CXNLP_MODEL`` or the shipped
        model (``cxnlp.load`` decides). A directory is loaded in the background once the app starts.
    max_batch : most texts in one /v1/classify request (413 above it).
    api_key : when set, every request needs it (``X-API-Key`` or ``Authorization: Bearer``). None reads
        ``$CXNLP_API_KEY``; ``""`` turns the check off.
    max_body_bytes : largest request body (413 above it).
    log_texts : log every text received (off by default: texts are personal data).

    >>> from fastapi.testclient import TestClient       # doctest: +SKIP
    >>> with TestClient(create_app()) as client:         # doctest: +SKIP
    ...     client.post("/v1/classify", json={"text": "El pedido llegó tarde"}).json()["results"][0]["sentiment"]
    'negative'
    """
    _check_limits(max_batch=max_batch, max_body_bytes=max_body_bytes)
    api_key = _checked_key(os.environ.get(API_KEY_ENV) if api_key is None else api_key)
    loader = _Loader(model)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        loader.start()
        yield

    app = FastAPI(title="cxnlp", redoc_url=None, version=__version__, lifespan=lifespan, default_response_class=_JSON,
                  description="Spanish customer-feedback classification (sentiment, touchpoints, CX/UX/UI/service "
                              "areas) and NPS/CSAT/CES by theme.")
    app.state.loader = loader
    app.add_middleware(_Gate, api_key=api_key, max_body_bytes=max_body_bytes)
    app.add_middleware(_Unexpected, log_texts=log_texts)  # added last: the outer one, around the gate too
    _add_error_handlers(app, log_texts)
    if log_texts:
        _log_to_stderr()
        logger.warning("log_texts is on: every text received is written to the log.")

    @app.get("/healthz")
    async def healthz() -> dict:
        """The process is up (it may still be loading the model: see /readyz)."""
        return {"status": "ok"}

    @app.get("/readyz", responses={503: {"model": ErrorOut}})
    async def readyz():
        """200 once the model is loaded and a warm-up call ran; 503 before, or when it could not be loaded."""
        loader.start()
        if loader.model is not None:
            return {"status": "ready", "model": loader.model.meta.get("name")}
        message = f"the model could not be loaded: {loader.error}" if loader.error else "the model is loading."
        return _error_response(503, "model", message)

    @app.get("/v1/model", responses={503: {"model": ErrorOut}})
    def model_info() -> dict:
        """The model's name, the cxnlp version that trained it, labels, training-data hash and scores."""
        loaded = loader.get()
        meta = loaded.meta
        return {"name": meta.get("name"), "cxnlp": meta.get("cxnlp"), "format_version": meta.get("format_version"),
                "created": meta.get("created"), "data_sha256": meta.get("data_sha256"), "rows": meta.get("rows"),
                "labels": loaded.labels, "industries": list(loaded.industries),
                "recognises_industries": loaded.classifier.recognises_industries, "scores": meta.get("scores"),
                "stage_map": loaded.stage_map,
                "review_confidence": loaded.review_confidence,
                "server": {"cxnlp": __version__, "max_batch": max_batch, "max_body_bytes": max_body_bytes}}

    @app.post("/v1/classify", response_model=ClassifyResponse, responses=_ERRORS)
    async def classify(request: ClassifyRequest):
        """Classify one text or a batch. Every text gets a result, in order; texts that are not feedback get
        their status (empty, no_comment, not_spanish) and no labels, never an error."""
        texts, ids = _batch(request)
        if len(texts) > max_batch:  # after the schema, before the model (docs/service.md, section 5)
            raise ApiError(413, "texts", f"{len(texts):,} texts in one request; the limit is {max_batch:,}. "
                                         f"Split the batch.")
        loaded = loader.model if loader.model is not None else await run_in_threadpool(loader.get)
        industry = _industry(request, len(texts), loaded.classifier)  # the names the loaded model knows
        if log_texts:
            logger.info("classify %d texts: %r", len(texts), texts)
        work = partial(_classify, loaded, texts, ids, industry)
        # A few texts take a millisecond or two: running them here saves two thread switches per request.
        # Bigger batches go to the thread pool, so that the event loop keeps answering meanwhile.
        small = len(texts) <= INLINE_TEXTS and sum(len(t) for t in texts if isinstance(t, str)) <= INLINE_CHARS
        return work() if small else await run_in_threadpool(work)

    @app.post("/v1/summarize", response_model=SummarizeResponse, responses=_ERRORS)
    def summarize(request: SummarizeRequest):
        """NPS/CSAT/CES and sentiment per theme (``cxnlp.summarize``) from classified rows and their scores."""
        if log_texts:
            logger.info("summarize %d rows: %r", len(request.rows), request.rows)
        return _JSON(_summarize(request))

    return app


def _checked_key(key: str | None) -> str | None:
    """The API key without surrounding whitespace (a key read from a secrets file ends in a newline, which no
    header can carry: every request was refused); None or "" for no key; one of only spaces is an error."""
    if not key:
        return None
    if not key.strip():
        raise ConfigError("the API key is only whitespace; give a real key, or none to turn the check off.")
    return key.strip()


def _log_to_stderr() -> None:
    """Make the ``cxnlp`` logger write INFO to stderr when nothing would show it (an app made by a factory
    under a server that configures only its own loggers): with ``log_texts`` the texts must reach the log."""
    root = logging.getLogger("cxnlp")
    if not root.isEnabledFor(logging.INFO):
        root.setLevel(logging.INFO)
    if not root.hasHandlers():
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        root.addHandler(handler)


def _check_limits(**limits) -> None:
    for name, value in limits.items():
        if not (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            raise ConfigError(f"{name} must be a whole number >= 1, got {value!r}.")


def _add_error_handlers(app: FastAPI, log_texts: bool) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request, err: ApiError):
        return _error_response(err.status, err.field, err.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request, err: RequestValidationError):
        # Pydantic's own report echoes the input; this one names the field and never quotes a text.
        errors = [{"field": "body" if e["type"] == "json_invalid" else _field_name(e["loc"]), "message": e["msg"]}
                  for e in err.errors()]
        first = errors[0] if errors else {"field": "body", "message": "invalid request"}
        return _error_response(422, first["field"], f"{first['field']}: {first['message']}", errors=errors)

    @app.exception_handler(HTTPException)
    async def http_error(request, err: HTTPException):
        if err.status_code == 400:  # FastAPI's answer to a body it cannot decode (not UTF-8, or not JSON at all)
            return _error_response(422, "body", f"body: not readable as JSON in UTF-8 (not UTF-8, not JSON, or nested "
                                                f"too deeply; {err.detail}).")
        field = {404: "path", 405: "method"}.get(err.status_code)
        # err.headers carries what the status needs, as a 405's Allow (RFC 9110: the methods the path takes)
        return _error_response(err.status_code, field, str(err.detail), headers=err.headers)


def _internal(err: Exception, log_texts: bool) -> ApiError:
    """Log an unexpected error (its message only with ``log_texts``: it could quote a text) and answer 500."""
    if log_texts:
        logger.error("internal error:\n%s", "".join(traceback.format_exception(err)))
    else:
        logger.error("internal error %s:\n%s", type(err).__name__, "".join(traceback.format_tb(err.__traceback__)))
    return ApiError(500, None, f"internal error ({type(err).__name__}); see the server log.")


def _industry(request: ClassifyRequest, n_texts: int, classifier) -> str | list | None:
    """The request's industry (one for every text) or industries (one per text), each checked by the model
    (``check_industry``: a name it knows, 'auto' if it recognises industries, 'default' or 'none')."""
    sent = request.model_fields_set
    if "industries" in sent and request.industries is not None:
        if "industry" in sent and request.industry != DEFAULT_INDUSTRY:
            raise ApiError(422, "industries", "send either 'industry' (every text) or 'industries' (one per text), "
                                              "not both.")
        if request.texts is None:  # null: left out, as _batch reads it
            raise ApiError(422, "industries", "'industries' goes with 'texts'; with one 'text', send its 'industry'.")
        if len(request.industries) != n_texts:
            raise ApiError(422, "industries", f"{len(request.industries)} industries for {n_texts} texts; "
                                              f"send one per text (null for a text without one).")
        # a blank entry is the default reading, as in Python's classify_many and a blank cell of an industry column
        field, names = "industries", [DEFAULT_INDUSTRY if isinstance(n, str) and not n.strip() else n
                                      for n in request.industries]
    else:
        field, names = "industry", [request.industry]
    for name in dict.fromkeys(names):
        try:
            classifier.check_industry(name)
        except ConfigError as err:
            raise ApiError(422, field, str(err)) from None
    return names if field == "industries" else request.industry


def _classify(model, texts: list, ids: list, industry: str | list | None = None) -> JSONResponse:
    results = [_result(r, i) for r, i in zip(model.classify_many(texts, industry=industry), ids)]
    return _JSON({"model": model.meta.get("name"), "results": results})


def _batch(request: ClassifyRequest) -> tuple[list, list]:
    """The texts and ids of a classify request, checked against each other.

    A null ``texts``, ``ids`` or ``id`` is read as left out, and so is a null ``text`` beside ``texts``: typed
    clients (pydantic's ``model_dump``, Jackson) send every field, null where unset. Without ``texts``, a
    ``text`` sent as null is one comment, answered with the status ``empty``.
    """
    texts = request.texts
    if texts is None:
        if "text" not in request.model_fields_set:
            raise ApiError(422, "text", "send 'text' (one comment) or 'texts' (a list of comments).")
        if request.ids is not None:
            raise ApiError(422, "ids", "'ids' goes with 'texts'; with one 'text', send its 'id'.")
        return [request.text], [request.id]
    if request.text is not None:
        raise ApiError(422, "texts", "send either 'text' (one comment) or 'texts' (a list), not both.")
    if request.id is not None:
        raise ApiError(422, "id", "'id' goes with 'text'; with 'texts', send 'ids'.")
    ids = request.ids if request.ids is not None else [None] * len(texts)
    if len(ids) != len(texts):
        raise ApiError(422, "ids", f"{len(ids)} ids for {len(texts)} texts; send one id per text.")
    return texts, ids


def _result(r: Classification, id_) -> dict:
    # Built field by field: dataclasses.asdict deep-copies and costs more than the classification.
    out = {"id": id_}
    for name in _FIELDS:
        out[name] = getattr(r, name)
    out["segments"] = [{name: getattr(s, name) for name in _SEGMENT_FIELDS} for s in r.segments]
    return out


def _label_cell(value, field: str, kind: str, row: int):
    """``value`` if the label field ``field`` can hold it (a list of labels without its null items), else a 422
    naming the field: summarize fails on an object with Python's own message ("unhashable type: 'dict'", which
    _blame put on a score option) and misreads a list where one label goes."""
    if kind == "labels" and isinstance(value, list):
        # Null items are no label, as cxnlp.summarize reads them: Arrow gives list columns with null items.
        labels = [v for v in value if v is not None]
        wrong = [v for v in labels if not isinstance(v, str)]
        if not wrong:
            return labels
        got = f"a list with {_json_kind(wrong[0])} in it"
    elif isinstance(value, (dict, list)):
        got = _json_kind(value)
    else:
        return value
    raise ApiError(422, f"rows.{field}", f"rows.{field}: expected {_EXPECTED[kind]}; row {row} holds {got}.")


def _json_kind(value) -> str:
    kinds = {dict: "an object", list: "a list", type(None): "null", bool: "a boolean", str: "a string"}
    return kinds.get(type(value), "a number")


def _as_cell(value):
    """A checked /v1/classify field as its cx_ column holds it: labels joined by '|', flags as yes/no."""
    if isinstance(value, list):
        return LABEL_SEP.join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _summarize(request: SummarizeRequest) -> dict:
    import pandas as pd

    from . import summarize

    from .io.columnar import whole_characters

    # Lone surrogates ("\\ud800" is valid JSON) made U+FFFD: no encoder, Arrow's or the answer's, takes them.
    frame = pd.DataFrame.from_records(whole_characters(request.rows)) if request.rows else pd.DataFrame()
    for plain, (column, kind) in RESULT_COLUMNS.items():
        field = column if column in frame else plain if plain in frame else None
        if field is not None:
            cells = [_label_cell(v, field, kind, row) for row, v in enumerate(frame[field])]
            if field == plain:
                frame[column] = [_as_cell(v) for v in cells]
    options = whole_characters(request.model_dump(exclude={"rows"}))
    try:
        summary = summarize(frame, **options)
    except (CxnlpError, ValueError, TypeError) as err:  # TypeError: e.g. a theme column holding objects
        raise ApiError(422, _blame(frame, options), str(err)) from err
    # Floats as they are (pandas' own JSON wrote a p-value of 6.6e-15 as 0); NaN as null, here by json_records
    # and in attrs (the effort-CES rho of three answers) by the answer itself.
    from .io.columnar import json_records

    return {"summary": json_records(summary),
            "attrs": json.loads(json.dumps(summary.attrs, default=_plain))}


# Options added one group at a time, to find which one a summarize error is about.
_PROBES = (("nps",), ("csat",), ("csat", "csat_scale"), ("csat", "csat_scale", "csat_cutoff"), ("csat", "csat_method"),
           ("ces",), ("ces", "ces_scale"), ("ces", "ces_scale", "ces_cutoff"), ("ces", "ces_method"), ("by",),
           ("period",), ("period", "date"), ("min_n",), ("alpha",))


def _blame(frame, options: dict) -> str:
    """The request field a summarize error is about: "rows" when they fail with no option, else the last
    option of the first probe that fails on its own (summarize's messages name columns and values, not
    request fields). Runs only after an error."""
    from . import summarize

    for probe in ((), *_PROBES):
        if probe and options[probe[0]] is None:
            continue
        try:
            summarize(frame, **{"by": None, **{name: options[name] for name in probe}})
        except (CxnlpError, ValueError, TypeError):
            if probe == ("by",) and _reads_no_rows(frame, options["by"]):
                return "rows"  # the by columns exist, and what fails is a cell of theirs
            return probe[-1] if probe else "rows"
    return "rows"


def _reads_no_rows(frame, by) -> bool:
    """Whether summarize takes ``by`` on ``frame``'s columns without its rows."""
    from . import summarize

    try:
        summarize(frame.iloc[:0], by=by)
    except (CxnlpError, ValueError, TypeError):
        return False
    return True


def _plain(value):
    return value.item() if hasattr(value, "item") else str(value)


# -- running it ---------------------------------------------------------------------------------------
def app_from_env() -> FastAPI:
    """The app of one worker, configured by environment variables: ``CXNLP_MODEL``, ``CXNLP_API_KEY``,
    ``CXNLP_MAX_BATCH``, ``CXNLP_MAX_BODY_BYTES``, ``CXNLP_LOG_TEXTS`` (1/0).

    uvicorn starts each of several workers by importing the app by name, so ``run`` passes its settings
    this way; so can any ASGI server: ``uvicorn --factory cxnlp.serve:app_from_env``.
    """
    def number(name: str, default: int) -> int:
        raw = os.environ.get(name, "")
        try:
            return int(raw) if raw.strip() else default
        except ValueError:
            raise ConfigError(f"${name} must be a whole number, got {raw!r}.") from None

    return create_app(max_batch=number(MAX_BATCH_ENV, MAX_BATCH), max_body_bytes=number(MAX_BODY_ENV, MAX_BODY_BYTES),
                      log_texts=os.environ.get(LOG_TEXTS_ENV, "").strip().lower() in ("1", "true", "yes"))


def run(model=None, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, api_key: str | None = None,
        max_batch: int = MAX_BATCH, max_body_bytes: int = MAX_BODY_BYTES, log_texts: bool = False,
        log_level: str = "info") -> None:
    """Serve a model over HTTP with uvicorn until interrupted (``cxnlp serve``).

    ``model`` is a model directory (None: ``$CXNLP_MODEL``, else the shipped model); it is checked here,
    so a wrong path fails at once, then each of the ``workers`` processes loads it. ``api_key`` None
    reads ``$CXNLP_API_KEY``. The other parameters are those of ``create_app``.
    """
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from .persist import MODEL_ENV, read_meta, resolve_model_dir

    directory = resolve_model_dir(model)
    read_meta(directory)
    _check_limits(workers=workers, max_batch=max_batch, max_body_bytes=max_body_bytes)
    api_key = _checked_key(api_key if api_key is not None else os.environ.get(API_KEY_ENV))
    os.environ.update({MODEL_ENV: str(directory.resolve()), API_KEY_ENV: api_key or "",
                       MAX_BATCH_ENV: str(max_batch), MAX_BODY_ENV: str(max_body_bytes),
                       LOG_TEXTS_ENV: "1" if log_texts else "0"})
    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["loggers"]["cxnlp"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    logging.config.dictConfig(log_config)
    if not api_key and host not in LOCAL_HOSTS:
        logger.warning("serving on %s without an API key: anyone who reaches this address can use it "
                       "(set --api-key or $%s).", host, API_KEY_ENV)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ConfigError(f"port={port!r}: expected a port number from 0 to 65535.")
    try:
        uvicorn.run("cxnlp.serve:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_config=log_config, log_level=log_level)
    except SystemExit as stop:  # uvicorn logs why it could not start (port in use, unknown host), then exits 3
        if stop.code not in (0, None):
            raise CxnlpError(f"the server could not start on {host}:{port} (see the line above).") from None
        raise
