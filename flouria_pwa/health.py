"""`GET /healthz`: a bare "ok" for load balancers and for the benchmarks' baseline.

It touches no database and no template, so it measures what the server itself costs.
"""

from __future__ import annotations

from flask import Blueprint
from flask import Response

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return Response("ok", mimetype="text/plain")
