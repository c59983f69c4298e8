"""What bounds the time a request may hold one of a worker's places: the deadline on reading its body
(``BodyDeadline``, 408). uvicorn times out a connection only after a response (its keep-alive timeout), so a
client that sent its headers and then part of a body, or none of it, held the request, its memory and the body
read so far, for as long as it kept the connection open. Headers never finished stay uvicorn's business: the app is
not called before they end."""

from __future__ import annotations

import asyncio

from ._serve_gate import error_response

#: Seconds a request may take to send its whole body, from its first read: 16 MiB in 60 s is about 2.2 Mbit/s.
BODY_TIMEOUT = 60.0


class _BodyLate(Exception):
    """The body did not end before the deadline (raised by the ``receive`` that ``BodyDeadline`` hands on)."""


class BodyDeadline:
    """Pure ASGI middleware: a request whose body has not ended ``BODY_TIMEOUT`` seconds after the app first asked
    for it is answered 408 (JSON, ``field`` "body") and its connection closed. Only the body is timed: once it ended,
    ``receive`` waits as long as the app likes (for the client's disconnect, ``while_connected``)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        loop, deadline, ended, started = asyncio.get_running_loop(), None, False, False

        async def timed():
            nonlocal deadline, ended
            if ended:
                return await receive()
            deadline = deadline or loop.time() + BODY_TIMEOUT
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0))
            except asyncio.TimeoutError:
                raise _BodyLate from None
            ended = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, timed, watched)
        except _BodyLate:
            if started:  # too late to answer: the server drops the connection
                raise
            await error_response(408, "body", f"the request body did not end within {BODY_TIMEOUT:g} s of the "
                                              f"request; send it whole, at once.",
                                 headers={"Connection": "close"})(scope, receive, send)
