"""What bounds a worker's requests: how many it works on at once (``Capacity``, 503 with ``Retry-After``), and the
time each may take to send its body (``BodyDeadline``, 408).

The cap on requests is the service's own, so that its 503 is JSON like every other error and the probes stay
answered at the cap; uvicorn's cap on connections (``connection_cap``) stays behind it as the guard of the
connections that hold no request (idle keep-alive ones, headers not finished), answered in uvicorn's plain text.
uvicorn times out a connection only after a response (its keep-alive timeout), so a client that sent its headers and
then part of a body, or none of it, held the request, its memory and the body read so far, for as long as it kept
the connection open: the deadline ends that. Headers never finished stay uvicorn's business: the app is not called
before they end."""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers

from ._serve_gate import app_path, error_response, key_given
from ._serve_json import amount

#: Answered at the cap, and not counted: each is answered at once, without a body or the model.
PROBES = frozenset({"/healthz", "/readyz"})
#: The seconds a client refused at the cap is told to wait (``Retry-After``).
RETRY_AFTER = 1
#: Seconds a request may take to send its whole body, from its first read, besides the time its bytes earn.
BODY_TIMEOUT = 60.0
#: Bytes a second a body must keep up on average to earn more time: each such amount received adds a second, so a slow
#: but steady upload (16 MiB at 1 Mbit/s: 134 s) ends, while one that stops or trickles is answered 408.
MIN_BODY_RATE = 32 * 1024
#: Connections open beyond the requests' cap (at least), so that a burst of that many clients at once gets the JSON
#: ``busy`` with ``Retry-After``, not uvicorn's plain text. Their cost is small: uvicorn refuses no connection at
#: its cap, only the requests on those past it, so idle ones are held anyway (200 cost 0.8 MiB, measured, at either
#: cap); a request refused at the app's cap holds at most what uvicorn buffered of its body before pausing the
#: reading (its ``HIGH_WATER_LIMIT``, 64 KiB, plus one read of asyncio's, up to 256 KiB), so 64 such hold 4 MiB,
#: 20 MiB at worst, beside the N bodies of up to ``--max-body-bytes`` the app admits.
BURST_CONNECTIONS = 64


class BodyDeadline:
    """Pure ASGI middleware: a request whose body has not ended ``BODY_TIMEOUT`` seconds after the app first asked
    for it, plus a second per ``MIN_BODY_RATE`` bytes received, is answered 408 (JSON, ``field`` "body") and its
    connection closed. Only the body is timed: once it ended, ``receive`` waits as long as the app likes (for the
    client's disconnect, ``while_connected``)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        # One timer for the body, started at its first read, stopped at its end (or at the answer): wait_for made a
        # task and a timer for each message of the body, 6 times the cost of each on the event loop.
        loop, timer, timing, ended, started = asyncio.get_running_loop(), asyncio.timeout(None), False, False, False
        earned = 0  # bytes received not yet turned into time (the timer moved once a second earned, not per message)

        async def timed():
            nonlocal timing, ended, earned
            if ended:
                return await receive()
            if not timing:
                timing = True
                timer.reschedule(loop.time() + BODY_TIMEOUT)
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                ended = True
                timer.reschedule(None)
            elif (earned := earned + len(message.get("body", b""))) >= MIN_BODY_RATE:
                timer.reschedule(timer.when() + earned / MIN_BODY_RATE)  # a body still arriving at the rate
                earned = 0
            return message

        async def watched(message):
            nonlocal started
            if not started and message["type"] == "http.response.start":
                started = True
                timer.reschedule(None)  # answered: the rest of the body no longer matters
            await send(message)

        try:
            async with timer:
                await self.app(scope, timed, watched)
        except TimeoutError:
            if started or not timer.expired():  # not the body's: someone else's error
                raise
            await error_response(408, "body", f"the request body did not end within {BODY_TIMEOUT:g} s of the "
                                              f"request plus 1 s per {amount(MIN_BODY_RATE)} bytes received; send it "
                                              f"whole, at once.",
                                 headers={"Connection": "close"})(scope, receive, send)


class Capacity:
    """Pure ASGI middleware: at most ``most`` requests in the app at once, the probes (a GET or HEAD of theirs) aside;
    one more is answered 503 (JSON, ``error`` "busy", with ``Retry-After``) before its body is read, so that a worker
    holds at most ``most`` bodies. uvicorn's own 503 at its ``limit_concurrency`` was plain text, to the probes too.
    With ``api_key``, a request without it is not counted, and gets the gate's 401 whatever the load: it learns
    nothing, not even that."""

    def __init__(self, app, *, most: int, api_key: str | None = None):
        self.app, self.most, self.open = app, most, 0
        self.key = api_key.encode("utf-8") if api_key else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or (app_path(scope) in PROBES and scope["method"] in ("GET", "HEAD")):
            # a probe's GET only: the gate reads the body of a POST to any path, so a POST /healthz held it uncounted
            return await self.app(scope, receive, send)
        if self.key is not None and not key_given(Headers(scope=scope), self.key):
            # The gate's 401, before any body is read: no place taken, and nothing told (not even that it is busy)
            return await self.app(scope, receive, send)
        if self.open >= self.most:
            busy = error_response(503, None, f"the service is busy: it works on at most {amount(self.most)} at once "
                                             f"(--max-concurrent); retry in {RETRY_AFTER} s.", kind="busy",
                                  headers={"Retry-After": str(RETRY_AFTER)})
            return await busy(scope, receive, send)
        self.open += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.open -= 1


def connection_cap(max_concurrent: int) -> int:
    """uvicorn's ``limit_concurrency`` beside a cap of ``max_concurrent`` requests: room for as many connections again
    or ``BURST_CONNECTIONS``, whichever is more, plus one, as uvicorn counts the arriving connection among those open.
    It must be well above the requests' cap: a request on a connection past it gets uvicorn's plain-text 503 (or a
    reset, when its body was large) before the app can answer its JSON ``busy``, so at 2N + 1 a burst of over 2N
    clients at once was answered in plain text nearly whole (44 to 50 of 50 with N = 4)."""
    return int(max_concurrent) + max(int(max_concurrent), BURST_CONNECTIONS) + 1
