"""A ``POST /v1/classify`` request read into what the model takes (its texts, ids and industry) and its results
into the answer's JSON: kept apart from ``serve``, which routes requests, so that the rules for which fields go
together are read in one place."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import fields
from itertools import islice

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ._serve_gate import ApiError
from ._serve_json import json_bytes
from ._serve_schema import ClassifyRequest
from .exceptions import ConfigError
from .results import Classification, Segment
from .schema import DEFAULT_INDUSTRY

#: Texts classified and written to JSON at a time (``classify_answer``).
SLICE = 128
_FIELDS = tuple(f.name for f in fields(Classification))
_SEGMENT_FIELDS = tuple(f.name for f in fields(Segment))

logger = logging.getLogger("cxnlp.serve")


def request_industry(request: ClassifyRequest, n_texts: int, classifier) -> str | list | None:
    """The request's industry (one for every text) or industries (one per text), each checked by the model
    (``check_industry``: a name it knows, 'auto' if it recognises industries, 'default' or 'none')."""
    sent = request.model_fields_set
    if "industries" in sent and request.industries is not None:
        # '' and ' Default ' are the industry left out, as for one text: no second choice beside 'industries'
        if "industry" in sent and not (isinstance(request.industry, str)
                                       and request.industry.strip().lower() in ("", DEFAULT_INDUSTRY)):
            raise ApiError(422, "industries", "send either 'industry' (every text) or 'industries' (one per text), "
                                              "not both.")
        if request.texts is None:  # null: left out, as texts_and_ids reads it
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
        except ConfigError as err:  # in a list, its first wrong item is named, as a schema error names it
            at = f"industries[{names.index(name)}]" if field == "industries" else field
            raise ApiError(422, at, str(err)) from None
    return names if field == "industries" else request.industry


def classify_answer(model, texts: list, ids: list, industry: str | list | None = None,
                    gone: threading.Event | None = None) -> Response:
    """The answer to a classify request: one result per text, in order, each with its id.

    Classified and written to JSON ``SLICE`` texts at a time, each slice's objects dropped once written: the results
    of 1,000 long texts, kept as objects and written at once, held the interpreter lock for half a second at a time
    (the JSON encoder, and full garbage collections over them), and so /healthz and every other request. Once
    ``gone`` is set (the client closed the connection: ``while_connected``), no further slice is classified."""
    results = zip(model.classify_many(texts, industry=industry, batch_size=SLICE), ids)
    written = []
    while chunk := list(islice(results, SLICE)):
        written.append(json_bytes([_result(r, i) for r, i in chunk])[1:-1])  # the items, without the list's brackets
        if gone is not None and gone.is_set() and len(written) * SLICE < len(texts):
            logger.info("the client went away before its answer was ready: %d of %d texts classified.",
                        len(written) * SLICE, len(texts))
            raise ApiError(400, None, "the client went away before its answer was ready.")
    opening = json_bytes({"model": model.meta.get("name"), "results": []})[:-2]  # '{"model":...,"results":['
    return Response(opening + b",".join(written) + b"]}", media_type="application/json")


async def while_connected(receive, work):
    """``work(gone)`` run in a worker thread, ``gone`` set once the client closes the connection (``receive`` says
    so): a batch classified to its end for a client that had given up (timed out, then retried) kept a worker busy for
    no one, and a client that sent large batches and left at once queued up as many as it liked."""
    gone = threading.Event()

    async def watch():
        while (await receive())["type"] != "http.disconnect":
            pass
        gone.set()

    watcher = asyncio.ensure_future(watch())
    watcher.add_done_callback(lambda task: task.cancelled() or task.exception())  # a failed receive: no client news
    try:
        return await run_in_threadpool(work, gone)
    finally:
        watcher.cancel()


def texts_and_ids(request: ClassifyRequest) -> tuple[list, list]:
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
