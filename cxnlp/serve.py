"""``cxnlp serve``: the classifier as an HTTP JSON service (FastAPI + uvicorn: ``pip install "cxnlp[serve]"``).

==========================  ======================================================================
``POST /v1/classify``       one text or a batch -> one result per text: the fields of ``Classification``
``POST /v1/summarize``      classified rows plus score columns -> ``cxnlp.summarize``'s theme summary
``GET /v1/model``           the model's name, versions, labels, training-data hash and scores
``GET /healthz``            200 while the process answers (every GET route answers HEAD too, without a body)
``GET /readyz``             200 once the model is loaded and a warm-up call ran, 503 before
``GET /docs``               OpenAPI (Swagger UI); the schema itself at ``/openapi.json``
==========================  ======================================================================

Every request passes one gate before FastAPI reads it, in this order: its ``Host`` (without an API key, or with
names given: 400, ``HostCheck``, which parses it itself, IPv6 addresses and any case included, whatever the
Starlette version: a name this service answers to, so that a page whose name was rebound to 127.0.0.1 (DNS
rebinding) gets nothing), the API key (401), the cap on requests at once (``max_concurrent``: 503, the probes aside;
a request without the key takes no place), the body size (413) and its deadline (408: 60 s to end it, more while it
keeps arriving), the content type and encoding of POSTs (415: a compressed body is not read); the route then checks
the schema (422: ``read_body``, in a worker thread for a large body). Every error but the Host's plain-text 400 (and
uvicorn's plain-text 503 at its cap on connections) is JSON, ``{"error": kind, "field": name, "message": text}``, an
unexpected exception included (500). A text that is not feedback (blank, "N/A", another language, a number) is not
an error: its result carries its status, as in a Python batch. NaN and infinity, which JSON cannot hold, are
answered as null.

Texts are never written to the log unless ``log_texts``: the access log has paths and status codes,
and internal errors are logged without their message, which could quote a text.
"""

from __future__ import annotations

import copy
import logging
import logging.config
import os
from collections.abc import Iterable
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING


def _missing_extra(err: ModuleNotFoundError) -> ModuleNotFoundError:
    """The error for a module of the serve extra that is not installed, naming what to install."""
    return ModuleNotFoundError(f'cxnlp serve needs {err.name}: pip install "cxnlp[serve]"', name=err.name)


try:
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse, Response
    from fastapi.routing import APIRoute
    from starlette.concurrency import run_in_threadpool
except ModuleNotFoundError as err:  # the serve extra is optional; the core never imports this module
    raise _missing_extra(err) from err

from . import __version__
from ._serve_gate import ApiError, Gate, HostCheck, Unexpected, add_error_handlers, error_response, read_body
from ._serve_json import JSONAnswer
from ._serve_limits import BodyDeadline, Capacity, connection_cap
from ._serve_loader import Loader
from ._serve_requests import classify_answer, request_industry, texts_and_ids, while_connected
from ._serve_rows import summarize_rows
from ._serve_schema import ClassifyRequest, ClassifyResponse, ErrorOut, SummarizeRequest, SummarizeResponse
from ._serve_settings import (LOCAL_HOSTS, allowed_host_names, check_limits, checked_key, checked_switch, env_setting,
                              env_switch, given_names, limit_text, read_limit)
from .exceptions import ConfigError, CxnlpError

if TYPE_CHECKING:
    from .model import Model

MAX_BATCH = 1000
#: Room for a full batch of 5,000-character comments (UTF-8, with ids and JSON quoting).
MAX_BODY_BYTES = 16 * 1024 * 1024
#: Requests with at most this many texts, of at most this many characters in all, are classified on the
#: event loop, in a few milliseconds; bigger ones in a thread (a 4-MB text held /healthz up for a second, and four
#: texts of 5,000 characters, 20,000 in all, held the event loop, and so every request, for 50 ms).
INLINE_TEXTS, INLINE_CHARS = 4, 2_000
API_KEY_ENV, MAX_BATCH_ENV, MAX_BODY_ENV, LOG_TEXTS_ENV = ("CXNLP_API_KEY", "CXNLP_MAX_BATCH",
                                                            "CXNLP_MAX_BODY_BYTES", "CXNLP_LOG_TEXTS")
ALLOWED_HOSTS_ENV, MAX_CONCURRENT_ENV = "CXNLP_ALLOWED_HOSTS", "CXNLP_MAX_CONCURRENT"
#: The addresses that bind every network: no name a client sends, so not added to the allowed hosts.
ANY_ADDRESS = ("0.0.0.0", "::", "")

logger = logging.getLogger("cxnlp.serve")


def _errors(*codes: int) -> dict:
    """A route's error answers for OpenAPI: its own ``codes``, plus the 401 of a missing key, the 413 of a body over
    --max-body-bytes (the gate reads a GET's body too) and the 500 of a bug, which every route may answer."""
    return {code: {"model": ErrorOut} for code in sorted({401, 413, *codes, 500})}


def _body(schema) -> dict:
    """A route's JSON request body for OpenAPI: the routes read it themselves (``read_body``), off the event loop, so
    FastAPI does not describe it; the schema itself is among the document's (``_describe_bodies``)."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema.__name__}"}}}}}


def _describe_bodies(app: FastAPI, *schemas) -> None:
    """Put ``schemas``, the request bodies the routes read themselves, among the OpenAPI document's schemas, where
    FastAPI put them when it read the bodies: clients generated from the document name their classes after them."""
    build = app.openapi

    def openapi() -> dict:
        document = build()  # built once, then FastAPI's copy
        named = document.setdefault("components", {}).setdefault("schemas", {})
        if any(schema.__name__ not in named for schema in schemas):
            for schema in schemas:
                named[schema.__name__] = schema.model_json_schema(ref_template="#/components/schemas/{model}")
            document["components"]["schemas"] = dict(sorted(named.items()))
        return document

    app.openapi = openapi


# -- the app --------------------------------------------------------------------------------------
def create_app(model: Model | str | Path | None = None, *, max_batch: int = MAX_BATCH, api_key: str | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, log_texts: bool = False,
               allowed_hosts: Iterable[str] | str | None = None, max_concurrent: int | None = None) -> FastAPI:
    """The HTTP service as a FastAPI app (an ASGI app: serve it with uvicorn or any ASGI server).

    Parameters
    ----------
    model : a loaded ``cxnlp.Model``, a model directory, or None for ``$CXNLP_MODEL`` or the shipped
        model (``cxnlp.load`` decides). A directory is loaded in the background once the app starts; once the
        process's first model is warmed up, the objects alive then are frozen out of garbage collection
        (``gc.freeze``).
    max_batch : most texts in one /v1/classify request (413 above it).
    api_key : when set, every request needs it (``X-API-Key`` or ``Authorization: Bearer``). None reads
        ``$CXNLP_API_KEY``; ``""`` turns the check off.
    max_body_bytes : largest request body (413 above it).
    log_texts : log every text received (off by default: texts are personal data).
    allowed_hosts : names the service answers to (the request's ``Host``, without its port), besides localhost,
        127.0.0.1 and [::1]; ``"*.example.org"`` takes its subdomains, ``"*"`` any name. None reads
        ``$CXNLP_ALLOWED_HOSTS`` (names separated by commas). Any other Host is answered 400: without the check, a
        page whose name an attacker rebinds to 127.0.0.1 could use a service on its visitor's machine. Without an
        API key and without names, only the local names are answered (a mounted or proxied app, or one served at
        another address, needs its names here). With a key and no names, any Host is answered: a rebound page
        cannot send the key, so the check would gain nothing (and it refused mounted apps and probes by IP).
        Names given are always checked.
    max_concurrent : most requests worked on at once, ``/healthz`` and ``/readyz`` aside; one more is answered 503
        (JSON, with ``Retry-After``) before its body is read. None: no cap.

    >>> from fastapi.testclient import TestClient       # doctest: +SKIP
    >>> with TestClient(create_app(), base_url="http://localhost") as client:  # doctest: +SKIP
    ...     client.post("/v1/classify", json={"text": "El pedido llegó tarde"}).json()["results"][0]["sentiment"]
    'negative'
    """
    check_limits(max_batch=max_batch, max_body_bytes=max_body_bytes)
    if max_concurrent is not None:
        check_limits(max_concurrent=max_concurrent)
    max_batch, max_body_bytes = int(max_batch), int(max_body_bytes)  # (shown in /v1/info's JSON)
    log_texts = checked_switch("log_texts", log_texts)
    api_key = checked_key(env_setting(API_KEY_ENV, checked_key) if api_key is None else api_key)
    named = env_setting(ALLOWED_HOSTS_ENV, allowed_host_names) if allowed_hosts is None else given_names(allowed_hosts)
    hosts = allowed_host_names(named)
    check_hosts = not api_key or bool(allowed_host_names(named, local=False))
    loader = Loader(model)
    busy = () if max_concurrent is None else (503,)  # the cap's answer, in the routes' OpenAPI errors

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        loader.start()
        yield

    app = FastAPI(title="cxnlp", redoc_url=None, version=__version__, lifespan=lifespan, default_response_class=JSONAnswer,
                  description="Spanish customer-feedback classification (sentiment, touchpoints, CX/UX/UI/service "
                              "areas) and NPS/CSAT/CES by theme.")
    app.state.loader = loader
    app.add_middleware(Gate, api_key=api_key, max_body_bytes=max_body_bytes)
    app.add_middleware(BodyDeadline)  # around the gate, which reads the body
    if max_concurrent is not None:
        app.add_middleware(Capacity, most=int(max_concurrent), api_key=api_key)  # after the key, before the body
    if check_hosts:
        app.add_middleware(HostCheck, allowed_hosts=hosts)  # outside the gate: first
    app.add_middleware(Unexpected, log_texts=log_texts)  # added last: the outer one, around the gate too
    add_error_handlers(app, log_texts)
    if log_texts:
        _log_to_stderr()
        logger.warning("log_texts is on: every text received is written to the log.")

    @app.get("/healthz", responses=_errors())
    async def healthz() -> dict:
        """The process is up (it may still be loading the model: see /readyz)."""
        return {"status": "ok"}

    @app.get("/readyz", responses=_errors(503))
    async def readyz():
        """200 once the model is loaded and a warm-up call ran; 503 before, or when it could not be loaded."""
        loader.start()
        if loader.model is not None:
            return {"status": "ready", "model": loader.model.meta.get("name")}
        message = f"the model could not be loaded: {loader.error}" if loader.error else "the model is loading."
        return error_response(503, "model", message)

    @app.get("/v1/model", responses=_errors(503))
    async def model_info() -> dict:
        """The model's name, the cxnlp version that trained it, labels, training-data hash and scores."""
        loaded = await loader.ready()
        meta = loaded.meta
        return {"name": meta.get("name"), "cxnlp": meta.get("cxnlp"), "format_version": meta.get("format_version"),
                "created": meta.get("created"), "data_sha256": meta.get("data_sha256"), "rows": meta.get("rows"),
                "labels": loaded.labels, "industries": list(loaded.industries),
                "recognises_industries": loaded.classifier.recognises_industries, "scores": meta.get("scores"),
                "stage_map": loaded.stage_map,
                "review_confidence": loaded.review_confidence,
                "server": {"cxnlp": __version__, "max_batch": max_batch, "max_body_bytes": max_body_bytes}}

    @app.post("/v1/classify", response_model=ClassifyResponse, responses=_errors(408, 415, 422, 503),
              openapi_extra=_body(ClassifyRequest))
    async def classify(raw: Request):
        """Classify one text or a batch. Every text gets a result, in order; texts that are not feedback get
        their status (empty, no_comment, not_spanish) and no labels, never an error."""
        request = await read_body(raw, ClassifyRequest)
        texts, ids = texts_and_ids(request)
        if len(texts) > max_batch:  # after the schema, before the model (docs/service.md, section 5)
            raise ApiError(413, "texts", f"{len(texts):,} texts in one request; the limit is {max_batch:,}. "
                                         f"Split the batch.")
        loaded = await loader.ready()
        industry = request_industry(request, len(texts), loaded.classifier)  # the names the loaded model knows
        work = partial(_classify, loaded, texts, ids, industry, log_texts)
        # A few texts take a millisecond or two: running them here saves two thread switches per request.
        # Bigger batches go to the thread pool, so that the event loop keeps answering meanwhile, and stop at their
        # next slice if the client goes away.
        small = len(texts) <= INLINE_TEXTS and sum(len(t) for t in texts if isinstance(t, str)) <= INLINE_CHARS
        return work() if small else await while_connected(raw.receive, work)

    # No 503 but at --max-concurrent: summarize needs no model.
    @app.post("/v1/summarize", response_model=SummarizeResponse, responses=_errors(408, 415, 422, *busy),
              openapi_extra=_body(SummarizeRequest))
    async def summarize(raw: Request):
        """NPS/CSAT/CES and sentiment per theme (``cxnlp.summarize``) from classified rows and their scores."""
        request = await read_body(raw, SummarizeRequest)
        return await run_in_threadpool(_summarize, request, log_texts)

    _answer_head(app)
    _describe_bodies(app, ClassifyRequest, SummarizeRequest)
    return app


def _answer_head(app: FastAPI) -> None:
    """Answer HEAD wherever GET is answered, as HTTP asks (RFC 9110, 9.3.2): health probes send HEAD, and FastAPI's
    routes answered it 405. The server sends the headers of the GET without its body."""
    for route in list(app.routes):
        if isinstance(route, APIRoute) and "GET" in route.methods and "HEAD" not in route.methods:
            app.add_api_route(route.path, route.endpoint, methods=["HEAD"], include_in_schema=False,
                              response_class=route.response_class)


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


def _classify(model, texts: list, ids: list, industry, log_texts: bool, gone=None) -> Response:
    """The classify answer, with ``log_texts`` logged in the same worker thread for a large batch: the repr of 1,000
    comments is as large as the body, and made on the event loop it held /healthz and every other request."""
    if log_texts:
        logger.info("classify %d texts: %r", len(texts), texts)
    return classify_answer(model, texts, ids, industry, gone)


def _summarize(request: SummarizeRequest, log_texts: bool) -> JSONResponse:
    """The summary's answer, logged and rendered in a worker thread, as the summary is computed: a theme per row
    (by an id column) makes a large JSON, and with ``log_texts`` the rows' repr is as large as the body."""
    if log_texts:
        logger.info("summarize %d rows: %r", len(request.rows), request.rows)
    return JSONAnswer(summarize_rows(request))


# -- running it ---------------------------------------------------------------------------------------
def app_from_env() -> FastAPI:
    """The app of one worker, configured by environment variables: ``CXNLP_MODEL``, ``CXNLP_API_KEY``,
    ``CXNLP_MAX_BATCH``, ``CXNLP_MAX_BODY_BYTES``, ``CXNLP_LOG_TEXTS`` (1/0), ``CXNLP_ALLOWED_HOSTS``,
    ``CXNLP_MAX_CONCURRENT`` (unset or empty: no cap).

    uvicorn starts each of several workers by importing the app by name, so ``run`` passes its settings
    this way; so can any ASGI server: ``uvicorn --factory cxnlp.serve:app_from_env``. The factory cannot know the
    address the server binds: without an API key, ``$CXNLP_ALLOWED_HOSTS`` must name it (and the names clients
    use), or only local requests are answered; it logs a warning then.
    """
    if not checked_key(env_setting(API_KEY_ENV, checked_key)) and \
            not allowed_host_names(env_setting(ALLOWED_HOSTS_ENV, allowed_host_names), local=False):
        logger.warning("no API key and no $%s: answering only requests for localhost, 127.0.0.1 and [::1]. Served at "
                       "another address (--host), name it and the names clients use in $%s.", ALLOWED_HOSTS_ENV,
                       ALLOWED_HOSTS_ENV)

    def number(name: str, default: int) -> int:
        # Checked here, not by create_app, so that the message names the variable set, not create_app's parameter.
        raw = os.environ.get(name, "")
        value = read_limit(raw) if raw.strip() else default
        if value < 1:
            raise ConfigError(f"${name} must be a whole number >= 1, got {raw!r}.")
        return value

    capped = number(MAX_CONCURRENT_ENV, 1) if os.environ.get(MAX_CONCURRENT_ENV, "").strip() else None
    return create_app(max_batch=number(MAX_BATCH_ENV, MAX_BATCH), max_body_bytes=number(MAX_BODY_ENV, MAX_BODY_BYTES),
                      log_texts=env_switch(LOG_TEXTS_ENV), max_concurrent=capped)


def run(model: str | Path | None = None, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
        api_key: str | None = None, max_batch: int = MAX_BATCH, max_body_bytes: int = MAX_BODY_BYTES,
        log_texts: bool = False, log_level: str = "info", allowed_hosts: Iterable[str] | str | None = None,
        max_concurrent: int | None = None) -> None:
    """Serve a model over HTTP with uvicorn until interrupted (``cxnlp serve``).

    ``model`` is a model directory (None: ``$CXNLP_MODEL``, else the shipped model); it is checked here, so a wrong path
    fails at once, then each of the ``workers`` processes loads it. ``api_key`` None reads ``$CXNLP_API_KEY``,
    ``allowed_hosts`` None ``$CXNLP_ALLOWED_HOSTS``; the address bound (``host``, unless it is every network's) is
    allowed too. With an API key and no names, any Host is answered (``create_app``). ``log_level`` is uvicorn's, a
    name in any case (``"debug"``, ``"WARNING"``) or a number. ``max_concurrent`` caps the requests each worker
    works on at once (``create_app``'s: one more is answered a JSON 503), and so its memory, as each request may
    hold a body of up to ``max_body_bytes``; uvicorn's cap on connections is set above it (``connection_cap``:
    N + max(N, 64) + 1). None: no cap. The other parameters are those of ``create_app``.
    """
    try:  # imported here: create_app needs no uvicorn (any ASGI server can serve it)
        import uvicorn
        from uvicorn.config import LOG_LEVELS, LOGGING_CONFIG
    except ModuleNotFoundError as err:
        raise _missing_extra(err) from err

    from .persist import MODEL_ENV, read_meta, resolve_model_dir

    directory = resolve_model_dir(model)
    read_meta(directory)
    check_limits(workers=workers, max_batch=max_batch, max_body_bytes=max_body_bytes)
    if max_concurrent is not None:
        check_limits(max_concurrent=max_concurrent)
    log_level, log_texts = _checked_level(log_level, LOG_LEVELS), checked_switch("log_texts", log_texts)
    # before the workers' settings go into the environment and logging is set up: a wrong port changes neither
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ConfigError(f"port={port!r}: expected a port number from 0 to 65535.")
    if not isinstance(host, str):  # (None or a number was an AttributeError traceback)
        raise ConfigError(f"host={host!r}: expected an address to bind, such as '127.0.0.1' or '0.0.0.0'.")
    if host and not host.strip():  # stripped to "", it would bind every network: a blank host is a mistake
        raise ConfigError(f"host={host!r}: expected an address to bind, such as '127.0.0.1' or '0.0.0.0'.")
    host = host.strip()  # ' 10.0.0.7' was allowed as a name without its space, and bound with it
    api_key = checked_key(api_key if api_key is not None else env_setting(API_KEY_ENV, checked_key))
    named = env_setting(ALLOWED_HOSTS_ENV, allowed_host_names) if allowed_hosts is None else given_names(allowed_hosts)
    given = bool(allowed_host_names(named, local=False))
    hosts = allowed_host_names(named)
    if host not in ANY_ADDRESS:
        hosts = allowed_host_names([*hosts, host])
    if api_key and not given:  # any Host, as create_app answers with a key and no names (an empty list says so)
        hosts = []
    settings = {MODEL_ENV: str(directory.resolve()), API_KEY_ENV: api_key or "",
                MAX_BATCH_ENV: limit_text(max_batch), MAX_BODY_ENV: limit_text(max_body_bytes),
                LOG_TEXTS_ENV: "1" if log_texts else "0", ALLOWED_HOSTS_ENV: ",".join(hosts),
                MAX_CONCURRENT_ENV: "" if max_concurrent is None else limit_text(max_concurrent)}
    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["loggers"]["cxnlp"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    logging.config.dictConfig(log_config)
    if not api_key and host not in LOCAL_HOSTS:
        logger.warning("serving on %s without an API key: anyone who reaches this address can use it "
                       "(set --api-key or $%s).", host, API_KEY_ENV)
    if host in ANY_ADDRESS and not api_key and not given:
        logger.warning("serving on every network, but answering only requests for localhost: give the names "
                       "clients use with --allowed-hosts or $%s.", ALLOWED_HOSTS_ENV)
    # the caller's own values come back once the server stops: they were left set (the served model became what
    # cxnlp.load() loaded, the key was passed to every process started later, run(api_key="") removed a key)
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        uvicorn.run("cxnlp.serve:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_config=log_config, log_level=log_level,
                    # the app caps the requests (a JSON 503); uvicorn's cap, above it, the connections
                    limit_concurrency=None if max_concurrent is None else connection_cap(max_concurrent))
    except SystemExit as stop:  # uvicorn logs why it could not start (port in use, unknown host), then exits 3
        if stop.code not in (0, None):
            # uvicorn logs two lines of its shutdown after the reason: "the line above" was one of them
            raise CxnlpError(f"the server could not start on {host}:{port} (uvicorn's ERROR line above says why).") \
                from None
        raise
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _checked_level(level, levels: dict):
    """uvicorn's log level, a name in any case ('DEBUG', as logging writes it) or a number: uvicorn takes only its
    lower-case names, and any other was a KeyError traceback once the workers' environment was already set."""
    if isinstance(level, int) and not isinstance(level, bool):
        return level
    name = level.strip().lower() if isinstance(level, str) else level
    if not isinstance(name, str) or name not in levels:
        raise ConfigError(f"log_level={level!r}: expected one of {', '.join(levels)} (or a logging level number).")
    return name
