"""The model of ``cxnlp serve``, loaded and warmed up in a thread while the service answers: ``/healthz`` at once,
``/readyz`` once it is ready, and a request that needs it waits for it on the event loop (``Loader.ready``)."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading

from ._serve_gate import ApiError

#: How long a request waits for a worker that is still loading its model before it gets a 503.
LOAD_WAIT_S = 120.0
#: How often the requests waiting for the model look whether it has loaded.
POLL_S = 0.05
WARM_UP = ("La app se cierra al pagar, pero el repartidor fue muy amable.", "Muy buen servicio, gracias",
           "N/A", "The parcel arrived two weeks late")

logger = logging.getLogger("cxnlp.serve")


class Loader:
    """Loads the model and warms it up in a thread, so /healthz answers at once and /readyz says when it is ready."""

    def __init__(self, source):
        self.source = source
        self.model = None
        self.error: str | None = None
        self.done = threading.Event()
        self._started = threading.Lock()
        self._poll: asyncio.Task | None = None

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
            freeze_long_lived()
            self.model = model
            logger.info("model %r loaded and warmed up", model.meta.get("name"))
        except Exception as err:  # noqa: BLE001  (a worker that cannot load says why on /readyz)
            self.error = f"{type(err).__name__}: {err}"
            logger.error("the model could not be loaded: %s", self.error)
        finally:
            self.done.set()

    async def ready(self):
        """The loaded model; a request that reaches a worker still loading waits for it, on the event loop: waiting in
        a worker thread held one of the pool's 40, and 40 such requests stalled /v1/summarize, which needs no model."""
        self.start()
        if not self.done.is_set():
            try:  # shielded: a request that stops waiting (its time is up, its client left) stops no other
                await asyncio.wait_for(asyncio.shield(self._loaded()), LOAD_WAIT_S)
            except asyncio.TimeoutError:
                raise ApiError(503, "model", "the model is still loading; retry in a few seconds.") from None
        if self.model is None:
            raise ApiError(503, "model", f"the model could not be loaded: {self.error}")
        return self.model

    def _loaded(self) -> asyncio.Task:
        """The one task of this event loop that waits for the model, for every request waiting for it: 5,000
        requests each looking 20 times a second held the event loop, and the interpreter lock the load needs."""
        loop = asyncio.get_running_loop()
        if self._poll is None or self._poll.done() or self._poll.get_loop() is not loop:
            self._poll = loop.create_task(self._wait())
        return self._poll

    async def _wait(self) -> None:
        while not self.done.is_set():
            await asyncio.sleep(POLL_S)


def freeze_long_lived() -> None:
    """Leave the objects alive now, the model's and the modules', out of every later garbage collection (``gc.freeze``):
    a full collection walks every object, and the model's made each one, run while a large batch was classified, hold
    the interpreter lock, and so /healthz and every other request, for a quarter of a second more. Garbage is
    collected first: what is frozen is never collected.

    Once per process, for the first model loaded: freezing at every load kept every app made in a process (a test
    suite's, one per test) and every model it had loaded alive for good, though dropped."""
    global _frozen
    with _freezing:
        if _frozen:
            return
        _frozen = True
    gc.collect()
    gc.freeze()


_freezing = threading.Lock()
_frozen = False


def warm_up(model) -> None:
    """Run every code path once (language identification, segmentation, summaries) so the first request is fast."""
    import pandas as pd

    from . import summarize

    frame = model.classify_frame(pd.DataFrame({"text": WARM_UP, "nps": [3, 9, None, 10]}), text="text")
    summarize(frame, by="touchpoints", nps="nps", min_n=1)
