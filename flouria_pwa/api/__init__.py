"""The JSON API v1 under `/api/v1`, one blueprint: stateless tips, the rules bundle and the
session token (`views`), the offline sync of check-ins and the profile (`sync`), and the OpenAPI
document that describes them all (`openapi`). The reminders' subscription API has its own
blueprint (`reminders.views`)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import sync  # noqa: E402, F401  (the routes attach themselves to bp)
from . import views  # noqa: E402, F401
