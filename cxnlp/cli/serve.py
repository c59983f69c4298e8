"""``cxnlp serve``: the model as an HTTP JSON API."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import app
from .options import ModelOpt

#: The help panel of who may call the service: its own table, so that at 80 columns the env var names beside them
#: are not cut by the wide columns of the other options ('--no-log-texts', '<int range> [0<=x<=65535]').
ACCESS = "Access"


@app.command()
def serve(
    ctx: typer.Context,
    model: ModelOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 exposes the service beyond this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes, each with its own copy of the model.")] = 1,
    api_key: Annotated[Optional[str], typer.Option(envvar="CXNLP_API_KEY", rich_help_panel=ACCESS, help=(
        "Key every request must send (X-API-Key or Authorization: Bearer)."))] = None,
    max_batch: Annotated[int, typer.Option(min=1, help="Most texts in one /v1/classify request.")] = 1000,
    max_body_bytes: Annotated[int, typer.Option(min=1, help="Largest request body in bytes.")] = 16 * 1024 * 1024,
    max_concurrent: Annotated[Optional[int], typer.Option(min=1, help=(
        "Most requests one worker works on at once (/healthz and /readyz aside), each holding up to a whole request "
        "body: one more gets a JSON 503 with Retry-After. Default: no cap."))] = None,
    log_texts: Annotated[bool, typer.Option(help="Write the texts received to the log (off: they are personal data).")] = False,
    allowed_hosts: Annotated[Optional[str], typer.Option(envvar="CXNLP_ALLOWED_HOSTS", rich_help_panel=ACCESS, help=(
        "Host names the service answers to besides localhost and the address bound, separated by commas "
        "('*.example.org' takes subdomains, '*' any name); other Host headers get 400."))] = None,
) -> None:
    """Serve the model as an HTTP JSON API (needs: pip install "cxnlp\\[serve]"); OpenAPI docs at /docs."""
    from ..serve import run  # ImportError names the extra to install

    # a value from $CXNLP_API_KEY or $CXNLP_ALLOWED_HOSTS is left for run to read, so that its errors name the variable
    # (typer's own click: its ParameterSource is compared by name)
    api_key, allowed_hosts = (None if getattr(ctx.get_parameter_source(name), "name", None) == "ENVIRONMENT" else value
                              for name, value in (("api_key", api_key), ("allowed_hosts", allowed_hosts)))
    run(model, host=host, port=port, workers=workers, api_key=api_key, max_batch=max_batch,
        max_body_bytes=max_body_bytes, log_texts=log_texts, allowed_hosts=allowed_hosts,
        max_concurrent=max_concurrent)
