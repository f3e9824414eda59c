"""The OpenAPI 3.1 document, built from the contract so the two cannot disagree.

It says what the API does, refusals included: `tests/test_openapi.py` checks that every `/api/`
route is in it and runs Schemathesis against it. The date fields carry the range the server
accepts (2000-01-01 up to today in Europe/Amsterdam) as a pattern, so the document is built
afresh for each request: "today" moves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..dates import today
from ..rules import contract
from ..rules.contract import Field
from ..rules.engine import URGENCIES
from ..rules.engine import load_catalogue

ERRORS_REF = {"$ref": "#/components/schemas/Errors"}


def _digits_range(low: str, high: str) -> str:
    """A regular expression for the digit strings of `low`'s length from `low` to `high`."""
    if low == high:
        return low
    rest = len(low) - 1
    bottom, top = "0" * rest, "9" * rest
    first, last = int(low[0]), int(high[0])
    if first == last:
        return low[0] + _digits_range(low[1:], high[1:])
    parts = []
    if low[1:] != bottom:  # low[0] followed by low's rest up to 99...
        parts.append(low[0] + _digits_range(low[1:], top))
        first += 1
    upper = None
    if high[1:] != top:  # high[0] followed by 00... up to high's rest
        upper = high[0] + _digits_range(bottom, high[1:])
        last -= 1
    if first <= last:  # the digits in between, followed by anything
        parts.append((str(first) if first == last else f"[{first}-{last}]") + "[0-9]" * rest)
    if upper is not None:
        parts.append(upper)
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


MONTH = "(?:0[1-9]|1[0-2])"
DAY = "(?:0[1-9]|[12][0-9]|3[01])"


def date_pattern(first_year: int, last: date) -> str:
    """A pattern that only dates from January 1st of `first_year` to `last` (as YYYY-MM-DD)
    match; `format: date` still rules out days that do not exist, such as 2023-02-30."""
    year = f"{last.year:04d}"
    parts = []
    if first_year < last.year:
        parts.append(_digits_range(f"{first_year:04d}", f"{last.year - 1:04d}") + f"-{MONTH}-{DAY}")
    if last.month > 1:
        parts.append(f"{year}-" + _digits_range("01", f"{last.month - 1:02d}") + f"-{DAY}")
    parts.append(f"{year}-{last.month:02d}-" + _digits_range("01", f"{last.day:02d}"))
    return "^(?:" + "|".join(parts) + ")$"


def _date_schema() -> dict[str, Any]:
    last = today()
    return {
        "type": "string",
        "format": "date",
        "pattern": date_pattern(contract.EARLIEST_YEAR, last),
        "description": (
            f"A date from {contract.EARLIEST_YEAR}-01-01 up to and including today in "
            f"Europe/Amsterdam ({last.isoformat()} when this document was made); an earlier "
            "or later date is refused with a 400."
        ),
    }


_NOTES = {
    "spots": "Where exactly, her own left and right (issue 15). Each spot lies in one area "
    "(`spot_areas` of GET /api/v1/rules): the stored `areas` are the areas sent plus those of "
    "the spots.",
}


_TIME_PATTERN = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"


def _medicine_text(maximum: int, minimum: int = 0) -> dict[str, Any]:
    # No NUL: not every database can store it.
    schema: dict[str, Any] = {"type": "string", "maxLength": maximum, "pattern": "^[^\\u0000]*$"}
    if minimum:
        schema["minLength"] = minimum
    return schema


def _medicines_schema(field: Field) -> dict[str, Any]:
    """What she took (`medicines`) or her own list (`medicine_list`): never read by the rules."""
    properties: dict[str, Any] = {
        "name": _medicine_text(contract.MEDICINE_NAME_MAX, 1),
        "dose": {**_medicine_text(contract.MEDICINE_DOSE_MAX), "type": ["string", "null"]},
    }
    if field.kind == "medicines":
        description = (
            'What she took: each medicine with its dose as she writes it (e.g. "500 mg"), how '
            'many, when, whether as needed, and her answer to "Hielp het?" (0-10, null until '
            "given). Never read by the rules. A bad entry is refused at its place, such as "
            "`medicines_taken[2].count`."
        )
        properties.update(
            count={
                "type": ["integer", "null"],
                "minimum": 1,
                "maximum": contract.MEDICINE_COUNT_MAX,
                "default": 1,
            },
            time={"type": ["string", "null"], "pattern": _TIME_PATTERN},
            as_needed={"type": ["boolean", "null"], "default": False},
            effect={"type": ["integer", "null"], "minimum": 0, "maximum": contract.SCALE_MAX},
        )
    else:
        description = (
            'Her own short list of medicines with the dose she usually takes ("Mijn '
            'medicijnen"), for one-tap entries in the check-in. Never read by the rules.'
        )
    return {
        "type": "array",
        "maxItems": field.maximum,
        "items": {"type": "object", "required": ["name"], "properties": properties},
        "description": description,
    }


def _schema(field: Field) -> dict[str, Any]:
    kind = field.kind
    if kind == "int":
        schema: dict[str, Any] = {
            "type": "integer",
            "minimum": field.minimum,
            "maximum": field.maximum,
            "description": "A JSON integer such as 3; a number written with a fraction or "
            "exponent (3.0, 3e0) is refused.",
        }
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "choice":
        schema = {"type": "string", "enum": list(field.choices)}
    elif kind == "set":
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": list(field.choices)},
            "description": "A set: order and doubles do not matter (answers list each option "
            "once, in the order of the enum).",
        }
    elif kind == "text":
        schema = {
            "type": "string",
            "maxLength": field.maximum,
            # No NUL: not every database can store it.
            "pattern": "^[^\\u0000]*$",
        }
    elif kind == "date":
        schema = _date_schema()
    elif kind == "time":
        schema = {"type": "string", "pattern": _TIME_PATTERN}
    elif kind in ("medicines", "medicine_list"):
        schema = _medicines_schema(field)
    else:
        schema = {"type": "string", "format": "uuid"}
    if field.name in _NOTES:
        schema["description"] = _NOTES[field.name] + " " + schema.get("description", "")
    if field.nullable or not field.required:
        schema["type"] = [schema["type"], "null"]
    if not field.required and field.default is not None:
        schema["default"] = list(field.default) if kind in contract.LIST_KINDS else field.default
    return schema


def _object(
    fields: tuple[Field, ...], description: str, *, optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": [f.name for f in fields if f.required and f.name not in optional],
        "properties": {f.name: _schema(f) for f in fields},
    }


def _tip_ids() -> list[str]:
    """Every tip id of the rules catalogue, in its display order."""
    return [rule_id.lower() for rule_id in load_catalogue()["order"]]


def _put_body() -> dict[str, Any]:
    """A check-in as the outbox sends it: its `id` may be left out (or null)."""
    body = _object(
        contract.CHECKIN_FIELDS,
        "A check-in as the outbox sends it. The `id` may be left out or null; when given, it "
        "must be the id in the address, or nothing is stored (400).",
        optional=("id",),
    )
    body["properties"]["id"] = {
        "anyOf": [{"type": "string", "format": "uuid"}, {"type": "null"}],
        "description": "The id in the address, or absent.",
    }
    # A stored check-in answers stiffness and pain; any other question may stay unanswered
    # (null), which the rules read as docs/rules.md's default.
    body["required"] = [*body["required"], *contract.ASKED]
    for name in contract.ASKED:
        body["properties"][name] = {**body["properties"][name], "type": "integer"}
        body["properties"][name].pop("default", None)
    return body


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _refusal(description: str) -> dict[str, Any]:
    return _json(ERRORS_REF, description)


CSRF_REFUSAL = (
    " Also when the `X-CSRFToken` header is missing or wrong, or the request came from another "
    'site: then `{"errors": {"csrf": "<Dutch message>"}}`.'
)


def _sync_paths() -> dict[str, Any]:
    """The offline outbox's API. Every change needs the CSRF token in `X-CSRFToken`."""
    # Imported here: both import the api module, which imports this one.
    from ..accounts.throttle import NEW_DIARIES_PER_ADDRESS
    from ..dates import FUTURE_MARGIN
    from ..store.queries import MAX_CHECKINS_PER_DIARY
    from .sync import PAGE_SIZE

    margin = int(FUTURE_MARGIN.total_seconds() // 60)
    stored = {"$ref": "#/components/schemas/StoredCheckIn"}
    one = {"type": "object", "required": ["checkin"], "properties": {"checkin": stored}}
    csrf = {
        "name": "X-CSRFToken",
        "in": "header",
        "required": True,
        "description": "The `csrf_token` of `GET /api/v1/session`, sent with that answer's "
        "session cookie.",
        "schema": {"type": "string"},
    }
    checkin_id = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }
    by_id = {"id": "$response.body#/checkin/id"}
    stored_links = {
        "DeleteCheckIn": {"operationId": "deleteCheckIn", "parameters": by_id},
        "PutCheckInAgain": {"operationId": "putCheckIn", "parameters": by_id},
    }
    not_found = _refusal(
        'No check-in with this id in this diary (also when it is somebody else\'s): `{"errors": '
        '{"id": "<Dutch message>"}}`.'
    )
    return {
        "/api/v1/checkins/{id}": {
            "put": {
                "operationId": "putCheckIn",
                "summary": "Store one check-in: an idempotent upsert; a later updated_at wins",
                "description": (
                    "The same id never makes a second row, also when two saves arrive at "
                    "once. When the server already holds this id, the version with the later "
                    "`updated_at` is kept (without `updated_at` "
                    "the server's receive time counts). An `updated_at` later than the server's "
                    f"receive time plus {margin} minutes is treated as the receive time, so a "
                    "clock that runs ahead cannot freeze an entry. The first write of a browser "
                    "without a diary starts its anonymous diary (a cookie)."
                ),
                "parameters": [checkin_id, csrf],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/PutCheckIn"}}
                    },
                },
                "responses": {
                    "201": {**_json(one, "Created."), "links": stored_links},
                    "200": {
                        **_json(
                            one,
                            "Already held: updated, or unchanged because the stored version is "
                            "the same or has a later updated_at. The answer holds the stored "
                            "version.",
                        ),
                        "links": stored_links,
                    },
                    "400": _refusal(
                        "Invalid check-in, or an id in the body that differs from the one in "
                        "the address; nothing was stored. One Dutch message per wrong field."
                        + CSRF_REFUSAL
                    ),
                    "404": not_found,
                    "409": _refusal(
                        "This diary already holds its maximum of "
                        f"{MAX_CHECKINS_PER_DIARY:,} check-ins; nothing was stored: "
                        '`{"errors": {"diary": "<Dutch message>"}}`.'
                    ),
                    "410": _refusal(
                        "This check-in was deleted (by this diary, perhaps on another device); "
                        'it is never created again: `{"errors": {"id": "<Dutch message>"}}`.'
                    ),
                    "429": {
                        **_refusal(
                            "This browser had no diary yet, and too many new anonymous diaries "
                            f"({NEW_DIARIES_PER_ADDRESS} an hour) were started from its network "
                            'address; nothing was stored: `{"errors": {"diary": "<Dutch '
                            'message>"}}`. Try again later, or sign in.'
                        ),
                        "headers": {
                            "Retry-After": {
                                "description": "Seconds to wait.",
                                "schema": {"type": "integer", "minimum": 0},
                            }
                        },
                    },
                },
            },
            "delete": {
                "operationId": "deleteCheckIn",
                "summary": "Delete one check-in",
                "description": (
                    "The deletion is kept (a tombstone): `GET /api/v1/checkins?since=` reports it "
                    "under `deleted`, and a later PUT of this id is refused with a 410."
                ),
                "parameters": [checkin_id, csrf],
                "responses": {
                    "204": {"description": "Deleted, or already deleted by this diary."},
                    "400": _refusal("Nothing was deleted." + CSRF_REFUSAL),
                    "404": not_found,
                },
            },
        },
        "/api/v1/checkins": {
            "get": {
                "operationId": "listCheckIns",
                "summary": "This diary's check-ins, newest first, a page at a time",
                "parameters": [
                    {
                        "name": "since",
                        "in": "query",
                        "required": False,
                        "description": (
                            "Only what changed after this instant (ISO 8601 with a zone, such as "
                            "the `server_time` of an earlier answer)."
                        ),
                        "schema": {"type": "string", "format": "date-time"},
                    },
                    {
                        "name": "cursor",
                        "in": "query",
                        "required": False,
                        "description": "The `next` of the page before: opaque and signed by "
                        "the server; any other value is refused with a 400.",
                        "schema": {"type": "string", "minLength": 1},
                    },
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["checkins", "deleted", "server_time", "next"],
                            "properties": {
                                "checkins": {
                                    "type": "array",
                                    "maxItems": PAGE_SIZE,
                                    "description": f"Newest first, at most {PAGE_SIZE} a page.",
                                    "items": stored,
                                },
                                "deleted": {
                                    "type": "array",
                                    "description": "Check-ins deleted (after `since`); a "
                                    "device drops its copies of them. Only on the first page "
                                    "(without `cursor`), empty on the pages after it.",
                                    "items": {
                                        "type": "object",
                                        "required": ["id", "deleted_at"],
                                        "properties": {
                                            "id": {"type": "string", "format": "uuid"},
                                            "deleted_at": {"type": "string", "format": "date-time"},
                                        },
                                    },
                                },
                                "server_time": {
                                    "type": "string",
                                    "format": "date-time",
                                    "description": "Send this as `since` next time.",
                                },
                                "next": {
                                    "type": ["string", "null"],
                                    "description": "The `cursor` of the next page; null on the "
                                    "last page.",
                                },
                            },
                        },
                        "One page of the list.",
                    )
                    | {
                        "links": {
                            "NextPage": {
                                "operationId": "listCheckIns",
                                "parameters": {"cursor": "$response.body#/next"},
                            }
                        }
                    },
                    "400": _refusal(
                        'An unreadable `since` or `cursor`: `{"errors": {"since": "<Dutch '
                        'message>"}}` (or `cursor`).'
                    ),
                },
            }
        },
        "/api/v1/profile": {
            "get": {
                "operationId": "getProfile",
                "summary": 'This diary\'s profile ("Over mij"); the defaults before it was filled',
                "responses": {
                    "200": _json(
                        {
                            "allOf": [{"$ref": "#/components/schemas/Profile"}],
                            "required": [f.name for f in contract.PROFILE_FIELDS],
                        },
                        "The profile.",
                    )
                },
            }
        },
        "/api/v1/session": {
            "get": {
                "operationId": "getSession",
                "summary": "A fresh CSRF token for the outbox, and the tag of this browser's diary",
                "description": "Sets the session cookie the token belongs to.",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["csrf_token", "diary"],
                            "properties": {
                                "csrf_token": {"type": "string"},
                                "diary": {
                                    "type": ["string", "null"],
                                    "description": "Opaque; changes when another diary "
                                    "(sign-in, sign-out, erase) is behind this browser. Null "
                                    "before the first save.",
                                },
                            },
                        },
                        "The token and the diary tag.",
                    )
                },
            }
        },
    }


def _push_paths() -> dict[str, Any]:
    """The daily reminder's Web Push subscription (issue 13)."""
    from ..reminders.subscriptions import MAX_ENDPOINT
    from ..reminders.subscriptions import MAX_TEXT

    csrf = {
        "name": "X-CSRFToken",
        "in": "header",
        "required": True,
        "description": "The `csrf_token` of `GET /api/v1/session`.",
        "schema": {"type": "string"},
    }
    subscription = {
        "type": "object",
        "description": "`PushSubscription.toJSON()` of the browser. In production the endpoint "
        "must be an `https:` address whose host resolves to public addresses only.",
        "required": ["endpoint", "keys"],
        "properties": {
            "endpoint": {"type": "string", "format": "uri", "maxLength": MAX_ENDPOINT},
            "expirationTime": {"type": ["number", "null"]},
            "keys": {
                "type": "object",
                "required": ["p256dh", "auth"],
                "properties": {
                    "p256dh": {
                        "type": "string",
                        "description": "The browser's P-256 public key (base64url, 65 bytes).",
                        "pattern": "^B[A-P][A-Za-z0-9_-]{85}$",
                    },
                    "auth": {
                        "type": "string",
                        "description": "The auth secret (base64url, 16 bytes).",
                        "pattern": "^[A-Za-z0-9_-]{21}[AQgw]$",
                    },
                },
            },
        },
    }
    reminder = {
        "type": "object",
        "required": ["endpoint", "time", "timezone", "days", "text"],
        "properties": {
            "endpoint": {"type": "string"},
            "time": {"type": "string"},
            "timezone": {"type": "string"},
            "days": {"type": "array", "items": {"type": "integer"}},
            "text": {"type": "string"},
        },
    }
    answer = {"type": "object", "required": ["reminder"], "properties": {"reminder": reminder}}
    return {
        "/api/v1/push/key": {
            "get": {
                "operationId": "getPushKey",
                "summary": "The VAPID application server key to subscribe with",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["publicKey"],
                            "properties": {
                                "publicKey": {
                                    "type": "string",
                                    "description": "An uncompressed P-256 point, base64url.",
                                }
                            },
                        },
                        "The key.",
                    )
                },
            }
        },
        "/api/v1/push/subscription": {
            "put": {
                "operationId": "putPushSubscription",
                "summary": "Turn on or change this browser's daily reminder",
                "description": (
                    "The reminder comes as a Web Push at `time` in `timezone` on the chosen ISO "
                    "weekdays (1 is Monday; all seven when absent), only when the diary has no "
                    "check-in dated that day, and at most 3 hours late. `text` is what the lock "
                    'screen shows ("Tijd voor je check-in" when empty). The subscription '
                    "belongs to the diary behind this browser; an endpoint stored before moves "
                    "to it."
                ),
                "parameters": [csrf],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["subscription", "timezone"],
                                "properties": {
                                    "subscription": subscription,
                                    "time": {
                                        "type": "string",
                                        "pattern": "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$",
                                        "default": "08:00",
                                    },
                                    "timezone": {
                                        "type": "string",
                                        "description": "An IANA time zone name.",
                                        "examples": ["Europe/Amsterdam"],
                                    },
                                    "days": {
                                        "type": "array",
                                        "minItems": 1,
                                        "items": {"type": "integer", "minimum": 1, "maximum": 7},
                                    },
                                    "text": {"type": ["string", "null"], "maxLength": MAX_TEXT},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": _json(answer, "Turned on."),
                    "200": _json(answer, "Changed."),
                    "400": _refusal(
                        "Invalid input (a time zone that does not exist, say), or an endpoint "
                        "Flouria does not send to; nothing was stored." + CSRF_REFUSAL
                    ),
                    "409": _refusal(
                        "This browser's diary has no check-in yet: "
                        '`{"errors": {"diary": "<Dutch message>"}}`.'
                    ),
                },
            },
            "delete": {
                "operationId": "deletePushSubscription",
                "summary": "Turn off this browser's reminder",
                "parameters": [csrf],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["endpoint"],
                                "properties": {
                                    "endpoint": {
                                        "type": "string",
                                        "minLength": 1,
                                        "maxLength": MAX_ENDPOINT,
                                    }
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "204": {"description": "Off (also when it was not on)."},
                    "400": _refusal("No endpoint was sent." + CSRF_REFUSAL),
                },
            },
        },
    }


def _rules_paths() -> dict[str, Any]:
    text = {
        "type": "object",
        "required": ["title", "body", "why", "steps"],
        "properties": {
            "title": {"type": "string"},
            "body": {"type": "string"},
            "why": {"type": "string"},
            "steps": {"type": "array", "items": {"type": "string"}},
        },
    }
    field = {
        "type": "object",
        "required": ["name", "kind", "default", "engine_default", "choices"],
        "properties": {
            "name": {"type": "string"},
            "kind": {"enum": sorted({f.kind for f in contract.RULES_CHECKIN_FIELDS})},
            "default": {"description": "What is stored when the question is not answered."},
            "engine_default": {"description": "What the rules read then (docs/rules.md §1)."},
            "choices": {"type": "array", "items": {"type": "string"}},
        },
    }
    bundle = {
        "type": "object",
        "required": [
            "version",
            "catalogue",
            "parameters",
            "contract",
            "texts",
            "sources",
            "categories",
        ],
        "properties": {
            "version": {"type": "integer"},
            "catalogue": {
                "type": "object",
                "description": "The rules catalogue (flouria_pwa/rules/catalogue.json) as is.",
            },
            "parameters": {
                "type": "object",
                "description": "The [P] parameters the facts read (docs/rules.md §8.1), by name: "
                "whole numbers, or lists of answer values.",
                "additionalProperties": {
                    "oneOf": [
                        {"type": "integer"},
                        {"type": "array", "items": {"type": "string"}},
                    ]
                },
            },
            "contract": {
                "type": "object",
                "description": "The check-in and profile fields the engine normalises with, "
                "and the area of each spot.",
                "required": ["checkin", "profile", "spot_areas"],
                "properties": {
                    "checkin": {"type": "array", "items": field},
                    "profile": {"type": "array", "items": field},
                    "spot_areas": {
                        "type": "object",
                        "description": "Each spot of `spots` and the area of `areas` it lies "
                        "in: a check-in's areas are those given plus those of its spots.",
                        "properties": {
                            spot: {"const": area} for spot, area in contract.SPOT_AREA.items()
                        },
                        "required": list(contract.SPOTS),
                        "additionalProperties": False,
                    },
                },
            },
            "texts": {
                "type": "object",
                "description": "Every tip text in Dutch, by text id.",
                "additionalProperties": text,
            },
            "sources": {
                "type": "object",
                "description": "The seed articles, by source id.",
                "additionalProperties": {
                    "type": "object",
                    "required": ["file", "title"],
                    "properties": {"file": {"type": "string"}, "title": {"type": "string"}},
                },
            },
            "categories": {
                "type": "object",
                "description": "The Dutch label of each category.",
                "additionalProperties": {"type": "string"},
            },
        },
    }
    return {
        "/api/v1/insights": {
            "get": {
                "operationId": "getInsights",
                "summary": "What this diary's last year shows: the habits that go with better "
                "or worse mornings (no login; this browser's or account's diary)",
                "description": "Only the last 365 days count. Below `days_needed` check-in days "
                "`insights` is empty. The method: docs/insights.md.",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["days_logged", "days_needed", "insights"],
                            "properties": {
                                "days_logged": {
                                    "type": "integer",
                                    "minimum": 0,
                                    "description": "Check-in days in the last 365 days.",
                                },
                                "days_needed": {
                                    "type": "integer",
                                    "const": 14,
                                    "description": "The threshold (not the days still to go).",
                                },
                                "insights": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "required": [
                                            "factor",
                                            "outcome",
                                            "lag_days",
                                            "days_with",
                                            "days_without",
                                            "with",
                                            "without",
                                            "direction",
                                            "certainty",
                                        ],
                                        "properties": {
                                            "factor": {
                                                "enum": [
                                                    "sleep",
                                                    "long_sitting",
                                                    "activity",
                                                    "stress",
                                                    "fluid",
                                                    "alcohol",
                                                    "coffee",
                                                ]
                                            },
                                            "outcome": {
                                                "enum": [
                                                    "stiffness",
                                                    "stiffness_minutes",
                                                    "pain",
                                                    "cramp",
                                                ]
                                            },
                                            "lag_days": {
                                                "enum": [0, 1],
                                                "description": "1: the factor as answered the "
                                                "calendar day before.",
                                            },
                                            "days_with": {"type": "integer", "minimum": 5},
                                            "days_without": {"type": "integer", "minimum": 5},
                                            "with": {
                                                "type": "number",
                                                "description": "The median of the outcome on "
                                                "days with the factor (cramp: the share of days "
                                                "with cramp, 0 to 1).",
                                            },
                                            "without": {
                                                "type": "number",
                                                "description": "The same on days without.",
                                            },
                                            "direction": {"enum": ["higher", "lower"]},
                                            "certainty": {"enum": ["hint", "likely"]},
                                        },
                                    },
                                },
                            },
                        },
                        "The insights.",
                    )
                },
            }
        },
        "/api/v1/rules": {
            "get": {
                "operationId": "getRules",
                "summary": "The rules and tip texts the offline app evaluates (no login)",
                "responses": {"200": _json(bundle, "The catalogue and its texts.")},
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenAPI",
                "summary": "This document",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document.")},
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Flouria API",
            "version": "1.0.0",
            "description": (
                "Rule-based tips for a morning check-in of stiffness, pain and cramps, and the "
                'sync API of the offline diary. Every refusal is `{"errors": {"<field>": '
                '"<Dutch message>"}}`.'
            ),
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/tips": {
                "post": {
                    "operationId": "selectTips",
                    "summary": "Tips for one check-in, chosen by the rules (stateless, no login)",
                    "description": (
                        "Returns every selected tip after suppression, in display order, before "
                        "any display cap. Red flags (category huisarts) come first. Stores "
                        "nothing, so it needs no CSRF token."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/TipsRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The selected tips.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/TipsResponse"}
                                }
                            },
                        },
                        "400": _refusal(
                            "Invalid input; nothing was done. One Dutch message per wrong field."
                        ),
                    },
                }
            },
            **_sync_paths(),
            **_push_paths(),
            **_rules_paths(),
        },
        "components": {
            "schemas": {
                "CheckIn": _object(
                    contract.CHECKIN_FIELDS,
                    "A morning check-in. Absent or null fields take their default; keys outside "
                    f"these are ignored. The date lies from {contract.EARLIEST_YEAR}-01-01 up to "
                    "today (Europe/Amsterdam). Without a cramp, the cramp details are cleared.",
                ),
                "PutCheckIn": {
                    "allOf": [
                        _put_body(),
                        {
                            "type": "object",
                            "properties": {
                                "updated_at": {
                                    "anyOf": [
                                        {"type": "string", "format": "date-time"},
                                        {"type": "null"},
                                    ],
                                    "description": "Last edit (ISO 8601 with a zone); absent "
                                    "or null: the server's receive time. A time more than 5 "
                                    "minutes past the server's receive time counts as the "
                                    "receive time.",
                                },
                                "tips": {
                                    "anyOf": [
                                        {
                                            "type": "array",
                                            "uniqueItems": True,
                                            "items": {"type": "string", "enum": _tip_ids()},
                                        },
                                        {"type": "null"},
                                    ],
                                    "description": "The ids of the tips the phone showed for "
                                    "this check-in (offline, with its own copy of the rules). "
                                    "The check-in keeps them: its tips page and the report show "
                                    "them later, whatever is entered after it. The server works "
                                    "out each one's text variant and urgency from the same "
                                    "facts. Absent or null: the check-in keeps the tips the "
                                    "server's rules give it now. Each save (an edit too) "
                                    "replaces the kept tips. An id outside the catalogue, or "
                                    "one sent twice: 400 with `errors.tips`.",
                                },
                            },
                        },
                    ]
                },
                "StoredCheckIn": {
                    "allOf": [
                        {"$ref": "#/components/schemas/CheckIn"},
                        {
                            "type": "object",
                            "required": ["updated_at"],
                            "properties": {
                                "updated_at": {
                                    "type": "string",
                                    "format": "date-time",
                                    "description": "Last edit (ISO 8601 in UTC).",
                                }
                            },
                        },
                    ]
                },
                "Profile": _object(contract.PROFILE_FIELDS, "What the person told about herself."),
                "TipsRequest": {
                    "type": "object",
                    "required": ["checkin"],
                    "properties": {
                        "checkin": {"$ref": "#/components/schemas/CheckIn"},
                        "profile": {
                            "anyOf": [{"$ref": "#/components/schemas/Profile"}, {"type": "null"}]
                        },
                        "history": {
                            "type": ["array", "null"],
                            "maxItems": contract.HISTORY_MAX,
                            "description": "Earlier check-ins (at least the 90 days before).",
                            "items": {"$ref": "#/components/schemas/CheckIn"},
                        },
                    },
                },
                "Tip": {
                    "type": "object",
                    "required": ["id", "category", "title", "text", "sources"],
                    "properties": {
                        "id": {"type": "string"},
                        "category": {"type": "string", "enum": load_catalogue()["categories"]},
                        "title": {"type": "string"},
                        "text": {
                            "type": "string",
                            "description": "The advice, then numbered steps. A huisarts tip's "
                            "text opens with the sentence of its urgency (whom to call, how "
                            "soon).",
                        },
                        "sources": {
                            "type": "array",
                            "description": "The seed articles (file names) the tip rests on.",
                            "items": {"type": "string"},
                        },
                        "urgency": {
                            "type": "string",
                            "enum": list(URGENCIES),
                            "description": "Only on huisarts tips: now (call the GP now, the "
                            "huisartsenpost out of hours, 112 for sudden weakness or trouble "
                            "speaking), today (call the GP today) or soon (make an appointment).",
                        },
                    },
                },
                "TipsResponse": {
                    "type": "object",
                    "required": ["urgency", "tips"],
                    "properties": {
                        "urgency": {
                            "type": ["string", "null"],
                            "enum": [*URGENCIES, None],
                            "description": "The highest urgency of the huisarts tips (now > "
                            "today > soon), or null without any. With now or today only the "
                            "huisarts tips are given, and cold (K1) after a swelling or injury.",
                        },
                        "tips": {"type": "array", "items": {"$ref": "#/components/schemas/Tip"}},
                    },
                },
                "Errors": {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {
                        "errors": {
                            "type": "object",
                            "description": "Field (e.g. pain, profile.medication, history[2].date,"
                            " csrf, body) to a Dutch message.",
                            "additionalProperties": {"type": "string"},
                        }
                    },
                },
            }
        },
    }
