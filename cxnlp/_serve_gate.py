"""What every request of ``cxnlp serve`` passes, and how every error is answered.

The gate (``Gate``, pure ASGI middleware) checks the API key (401), the body size (413) and the content type
of POSTs (415), in that order, before the app reads the body; the request's Host was checked before it, by
``HostCheck`` (``serve.create_app``); the cap on requests at once (503, for a request with the key) and the body's
deadline (408) are kept around it (``_serve_limits``). Every error is JSON, ``{"error": kind, "field": name,
"message": text}``: ``ApiError`` raised by a route, FastAPI's own errors (``add_error_handlers``), and an
exception no handler took (``Unexpected``, 500), whose message is logged only with ``log_texts``.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import sys
import traceback
from collections.abc import Iterable

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import PlainTextResponse

from ._serve_json import JSONAnswer, amount

#: Bodies up to this size are parsed on the event loop; bigger ones in a thread (``read_body``).
INLINE_BODY_BYTES = 64 * 1024
#: A 422 lists at most this many schema errors (``errors``), the first ones.
MAX_ERRORS = 100
JSON_ROUTES = frozenset({"/v1/classify", "/v1/summarize"})
ERROR_KINDS = {400: "client_disconnected", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
               408: "timeout", 413: "too_large", 415: "unsupported_media_type", 422: "invalid_request",
               500: "internal_error", 503: "not_ready"}

logger = logging.getLogger("cxnlp.serve")


class ApiError(Exception):
    """An error answered as JSON naming the field at fault."""

    def __init__(self, status: int, field: str | None, message: str):
        super().__init__(message)
        self.status, self.field, self.message = status, field, message


def host_name(header: str) -> str | None:
    """The name a ``Host`` header gives, as the allowed hosts are written: lowercased, without its port and one
    trailing dot (``"localhost.:8000"`` and ``"localhost:"`` -> ``"localhost"``), an IPv6 address in brackets
    (``"[::1]:8000"`` -> ``"[::1]"``); None for a header that names no host. Parsed here, not by Starlette's
    ``TrustedHostMiddleware``: the versions cxnlp allows (fastapi 0.110, starlette 0.36) took ``host.split(":")[0]``,
    ``"["`` for every IPv6 address, and compared names case by case (until starlette 1.9), so ``[::1]`` and
    ``LOCALHOST`` were refused there; starlette 1.x refuses an empty port, which HTTP allows."""
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        name, rest = header[:end + 1], header[end + 1:]
        try:
            name = f"[{ipaddress.IPv6Address(name[1:-1]).compressed}]"  # as the allowed ones are written
        except ValueError:
            return None
    else:
        name, rest = header.partition(":")[0], header[len(header.partition(":")[0]):]
    if not _PORT.fullmatch(rest):
        return None
    if name.endswith(".") and not name.startswith("["):  # 'localhost.': the fully qualified form of the same name
        name = name[:-1]
    return name or None


#: What may follow the host in a Host header: nothing, or ':' and a port of ASCII digits, none included (HTTP's
#: ``port = *DIGIT``: 'localhost:' is localhost; '²', a digit to str.isdigit, is none).
_PORT = re.compile(r"(?::[0-9]*)?")


def host_allowed(name: str | None, allowed: Iterable[str]) -> bool:
    """Whether the host ``name`` (``host_name``'s) is one of ``allowed``: a name, ``"*.example.org"`` (its
    subdomains) or ``"*"``, which takes any Host, even one ``host_name`` cannot read (None: empty, odd port)."""
    return any(pattern == "*" or (name is not None and (name == pattern or (
        pattern.startswith("*.") and name.endswith(pattern[1:])))) for pattern in allowed)


class HostCheck:
    """Pure ASGI middleware: a request whose ``Host`` is not one of ``allowed_hosts`` is answered 400 (plain text,
    "Invalid host header"), before anything else reads it: a page whose name an attacker rebinds to 127.0.0.1 (DNS
    rebinding) shares the service's origin, but its requests carry the attacker's name. A request with no ``Host``
    (HTTP/1.0: simple health checkers) is let through: a browser always sends one, so it cannot be a rebound page's."""

    def __init__(self, app, allowed_hosts: Iterable[str]):
        self.app, self.allowed = app, tuple(allowed_hosts)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket"):
            header = Headers(scope=scope).get("host")
            if header is not None and not host_allowed(host_name(header), self.allowed):
                await PlainTextResponse("Invalid host header", status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def error_response(status: int, field: str | None, message: str, headers: dict | None = None,
                    kind: str | None = None, **extra) -> JSONResponse:
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer", **(headers or {})}
    body = {"error": kind or ERROR_KINDS.get(status, "error"), "field": field, "message": message, **extra}
    return JSONAnswer(body, status_code=status, headers=headers)


async def read_body(request, schema: type[BaseModel]) -> BaseModel:
    """The request's JSON body checked as ``schema``; one over ``INLINE_BODY_BYTES`` parsed and validated in a worker
    thread. FastAPI does both on the event loop: a 4-MB body of a million wrong items held /healthz and every other
    request for seconds. A small body is read here: it takes well under a millisecond, less than two thread switches."""
    try:
        body = await request.body()
    except ClientDisconnect:  # no bug (a 500 with its stack), nor a body to blame (a 422): a 400, answered to no one
        logger.info("the client went away before the body of %s %s ended.", request.method, request.url.path)
        raise ApiError(400, "body", "the client went away before the body ended.") from None
    if len(body) <= INLINE_BODY_BYTES:
        return _validated(schema, body)
    return await run_in_threadpool(_validated, schema, body)


def _validated(schema: type[BaseModel], body: bytes) -> BaseModel:
    """``body`` as ``schema``, failing as FastAPI fails on a body it reads itself (``add_error_handlers`` answers)."""
    if not body:
        raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "empty; send a JSON object"}])
    try:
        data = json.loads(body)
    except json.JSONDecodeError as err:  # (a ValueError: caught first)
        what = err.msg.removesuffix(" at")  # "Unterminated string starting at" made "... at at line 1"
        raise _unreadable(f"not JSON ({what} at line {err.lineno}, column {err.colno})") from None
    except UnicodeDecodeError as err:  # the declared charset aside: json.loads reads the encoding from the first bytes
        raise _unreadable(_not_decoded(err, len(body))) from None
    except RecursionError:
        raise _unreadable("nested too deeply for the JSON parser") from None
    except ValueError:  # the only other: an integer too long for Python to convert
        raise _unreadable(f"a number of more than {sys.get_int_max_str_digits():,} digits") from None
    if not isinstance(data, dict):  # (pydantic's message names the schema's class: "... instance of ClassifyRequest")
        raise RequestValidationError([{"type": "dict_type", "loc": ("body",), "msg": "expected a JSON object"}])
    try:
        return schema.model_validate(_first_unknown(data, schema.model_fields))
    except ValidationError as err:
        # The first MAX_ERRORS: the answer is made on the event loop, and 300,000 unknown fields (a 4-MB body) were
        # a 19-MB answer that held it for seconds.
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])}
                                      for e in err.errors(include_url=False)[:MAX_ERRORS]]) from None


def _not_decoded(err: UnicodeDecodeError, size: int) -> str:
    """Why a body of ``size`` bytes could not be decoded, naming the encoding json.loads read it in (UTF-8, or UTF-16
    or UTF-32 as its first bytes show): a UTF-16 body cut short was called "not UTF-8". The position is in the body:
    the UTF-8 decoder sees it without its byte-order mark, and a body with one was told a position 3 bytes short."""
    where = f"byte 0x{err.object[err.start]:02x} at position {err.start + size - len(err.object)}"
    send = "send the JSON in UTF-8, whatever the charset of its Content-Type"
    if err.encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig"):
        return f"not UTF-8 ({where}); {send}"
    return f"not valid {err.encoding.upper()}, the encoding its first bytes show ({where}: {err.reason}); {send}"


def _unreadable(why: str) -> RequestValidationError:
    """The 422 of a body that cannot be read as JSON, saying ``why``: one message for every cause ("not UTF-8, not
    JSON, or nested too deeply") left a client sending latin-1 looking at its JSON."""
    return RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": why}])


def _first_unknown(data: dict, known) -> dict:
    """``data`` without its unknown fields after the first ``MAX_ERRORS`` (each is an error): pydantic lists the
    errors of 300,000 in 1.5 s, holding the GIL, and so the event loop, even from a worker thread."""
    unknown = [name for name in data if name not in known][MAX_ERRORS:]
    if not unknown:
        return data
    dropped = set(unknown)
    return {name: value for name, value in data.items() if name not in dropped}


def _field_name(loc) -> str:
    """``("body", "texts", 2)`` -> ``"texts[2]"``; ``("body", "by", "list[str]", 1)`` -> ``"by[1]"``: the tag
    pydantic puts after a union field names the member type tried, no part of the request."""
    parts = list(loc[1:] if loc and loc[0] == "body" else loc)
    name = ""
    for part in parts:
        if name and isinstance(part, str) and _UNION_TAG.fullmatch(part):
            continue
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


# The tags of a union's member types in pydantic's error locations: 'str', 'list[str]', 'function-after[...]'.
_UNION_TAG = re.compile(r"(?:str|int|float|bool|none|list|dict|tuple|set|function-[a-z]+)(?:\[.*\])?")


# -- the gate: API key, body size, content type ---------------------------------------------------
class Gate:
    """Pure ASGI middleware: checks the API key, the body size (reading a body sent in chunks up to the limit)
    and the content type, in that order; then hands the app the body it has read in full."""

    def __init__(self, app, *, api_key: str | None, max_body_bytes: int):
        self.app = app
        self.key = api_key.encode("utf-8") if api_key else None
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        error = self._check_key(headers) or self._check_length(headers)
        if error is None and scope["method"] in ("POST", "PUT", "PATCH"):
            # Read before the content type is checked: a body sent in chunks (no Content-Length) over the limit
            # is a 413 whatever its type, as one that declares its length.
            messages = await self._read(receive)
            if messages is None:
                error = self._too_large()
            else:
                receive = _replay(messages, receive)
        error = error or self._check_type(scope, headers)
        if error is not None:
            return await error(scope, receive, send)
        await self.app(scope, receive, send)

    def _check_key(self, headers: Headers) -> JSONResponse | None:
        if self.key is not None and not self._authorized(headers):
            return error_response(401, "X-API-Key", "missing or wrong API key: send it in the X-API-Key header "
                                                     "or as 'Authorization: Bearer KEY'.")
        return None

    def _check_length(self, headers: Headers) -> JSONResponse | None:
        # ASCII digits only ('²' is one to str.isdigit); int() reads 640 digits whatever its limit (4,300: a 500)
        length, most = headers.get("content-length", "").lstrip("0") or "0", self.max_body_bytes
        n = len(length) if re.fullmatch(r"[0-9]+", length) else 0  # longer: over a limit of fewer bits (2**3.3 < 10)
        return self._too_large() if n and (int(length) > most if n < 640 else most.bit_length() < 3.3 * n - 4) else None

    def _check_type(self, scope, headers: Headers) -> JSONResponse | None:
        if scope["method"] == "POST" and app_path(scope) in JSON_ROUTES:
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type != "application/json" and not media_type.endswith("+json"):
                return error_response(415, "Content-Type", f"expected 'application/json', got "
                                                            f"{media_type or 'no Content-Type'!r}.")
            # A compressed body was answered "not readable as JSON in UTF-8", which sent clients looking at their JSON.
            # Every coding of every Content-Encoding line: a gzip in a second line got through; 'identity, identity'
            # was called compressed.
            sent = ", ".join(value.strip() for value in headers.getlist("content-encoding"))
            if any(coding.strip().lower() not in ("", "identity") for coding in sent.split(",")):
                return error_response(415, "Content-Encoding", f"the body is compressed ({sent!r}), which this "
                                                                f"server does not read; send it uncompressed.")
        return None

    def _authorized(self, headers: Headers) -> bool:
        return key_given(headers, self.key)

    async def _read(self, receive) -> list[dict] | None:
        """The body up to its end as one message (then the message that cut it short: a disconnect); None as soon as
        it passes the limit. Joined as it comes: a body sent a few bytes at a time arrives in as many messages, and
        kept as they came, 200 bytes of objects each, they held 200 times the limit, and their replay took time
        quadratic in their number, on the event loop (a million: 40 s). A body in one message (the common case) is
        passed on as sent: copied into a buffer, and that copied again, one at the limit took 32 MiB more to read."""
        body, joined = b"", False
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return [{"type": "http.request", "body": bytes(body), "more_body": True}, message]
            piece = message.get("body", b"")
            if piece and body:  # a second piece: the pieces joined in a buffer of the gate's own
                if not joined:
                    body, joined = bytearray(body), True
                body += piece
            elif piece:
                body = piece
            if len(body) > self.max_body_bytes:
                return None
            if not message.get("more_body", False):
                return [{"type": "http.request", "body": bytes(body), "more_body": False}]

    def _too_large(self) -> JSONResponse:
        limit = amount(self.max_body_bytes)
        return error_response(413, "body", f"the request body is over the limit of {limit} bytes.")


def key_given(headers: Headers, key: bytes) -> bool:
    """Whether the request carries ``key`` (``X-API-Key``, or ``Authorization: Bearer``), compared in constant time."""
    given = headers.get("x-api-key") or None
    if given is None:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        given = token.strip() if scheme.lower() == "bearer" else None
    # Headers arrive as bytes decoded latin-1; encoding back gives the bytes the client sent.
    return given is not None and hmac.compare_digest(given.encode("latin-1", "replace"), key)


def app_path(scope) -> str:
    """The request's path below the app's root path (``--root-path``, or where the app is mounted): the path
    includes it."""
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def _replay(messages: list[dict], receive):
    pending = list(messages)

    async def replayed():
        return pending.pop(0) if pending else await receive()

    return replayed


class Unexpected:
    """Pure ASGI middleware: answers an exception no handler took with the JSON 500 of ``internal_error``, in any
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
            error = internal_error(err, self.log_texts)
            await error_response(error.status, error.field, error.message)(scope, receive, send)


def add_error_handlers(app: FastAPI, log_texts: bool) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request, err: ApiError):
        # Every 422 lists its errors, as a schema error does: a client reading `errors` found none for `ids` of
        # another length or an unknown industry. Its message, as a schema error's, does not repeat the field.
        entry = {"field": err.field, "message": err.message.removeprefix(f"{err.field}: ")}
        extra = {"errors": [entry]} if err.status == 422 else {}
        return error_response(err.status, err.field, err.message, **extra)

    @app.exception_handler(RequestValidationError)
    async def invalid(request, err: RequestValidationError):
        # Pydantic's own report echoes the input; this one names the field and never quotes a text.
        errors = [{"field": "body" if e["type"] == "json_invalid" else _field_name(e["loc"]), "message": e["msg"]}
                  for e in err.errors()]
        first = errors[0] if errors else {"field": "body", "message": "invalid request"}
        return error_response(422, first["field"], f"{first['field']}: {first['message']}", errors=errors)

    @app.exception_handler(HTTPException)
    async def http_error(request, err: HTTPException):
        if err.status_code == 400:  # FastAPI's answer to a body it cannot decode (not UTF-8, or not JSON at all)
            return error_response(422, "body", f"body: not readable as JSON in UTF-8 (not UTF-8, not JSON, or nested "
                                                f"too deeply; {err.detail}).")
        field = {404: "path", 405: "method"}.get(err.status_code)
        # err.headers carries what the status needs, as a 405's Allow (RFC 9110: the methods the path takes)
        headers = _with_head(err.headers)
        return error_response(err.status_code, field, _routing_message(request, err, headers), headers=headers)


def _routing_message(request, err: HTTPException, headers: dict | None) -> str:
    """A 404's or 405's message naming the path as sent (percent-encoded: a decoded '%0A' broke the line; cut at 200
    characters) and what to send: Starlette's ("Not Found") named neither."""
    path = raw.decode("latin-1") if isinstance(raw := request.scope.get("raw_path"), bytes) else request.url.path
    asked = f"{request.method} {path if len(path) <= 200 else path[:200] + '…'}"
    if err.status_code == 404:
        root = request.scope.get("root_path", "")  # where the app is mounted, or --root-path
        paths = sorted({root + route.path for route in request.app.routes
                        if getattr(route, "include_in_schema", False)})
        return f"{asked}: no such path; the service answers {', '.join(paths)}."
    if err.status_code == 405 and headers and headers.get("Allow"):
        return f"{asked}: the path takes {headers['Allow']}, not {request.method}."
    return str(err.detail)


def _with_head(headers: dict | None) -> dict | None:
    """A 405's headers with HEAD in ``Allow`` where GET is: every GET route answers HEAD too (``serve._answer_head``,
    a route of its own, so Starlette's Allow names only the GET route's method)."""
    allow = [method.strip() for method in (headers or {}).get("Allow", "").split(",") if method.strip()]
    if "GET" not in allow or "HEAD" in allow:
        return headers
    return {**headers, "Allow": ", ".join([*allow, "HEAD"])}


def internal_error(err: Exception, log_texts: bool) -> ApiError:
    """Log an unexpected error (its message only with ``log_texts``: it could quote a text) and answer 500."""
    if log_texts:
        logger.error("internal error:\n%s", "".join(traceback.format_exception(err)))
    else:
        logger.error("internal error %s:\n%s", type(err).__name__, "".join(traceback.format_tb(err.__traceback__)))
    return ApiError(500, None, f"internal error ({type(err).__name__}); see the server log.")
