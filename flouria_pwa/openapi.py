"""The OpenAPI 3.1 document, built from the contract so the two cannot disagree."""

from __future__ import annotations

from typing import Any

from . import contract
from .contract import Field
from .engine import load_catalogue


def _schema(field: Field) -> dict[str, Any]:
    kind = field.kind
    if kind == "int":
        schema: dict[str, Any] = {
            "type": "integer",
            "minimum": field.minimum,
            "maximum": field.maximum,
        }
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "choice":
        schema = {"type": "string", "enum": list(field.choices)}
    elif kind == "set":
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": list(field.choices)},
            "uniqueItems": True,
        }
    elif kind == "text":
        schema = {"type": "string", "maxLength": field.maximum}
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "time":
        schema = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}
    else:
        schema = {"type": "string", "format": "uuid"}
    if field.nullable or not field.required:
        schema["type"] = [schema["type"], "null"]
    if not field.required and field.default is not None:
        schema["default"] = list(field.default) if kind == "set" else field.default
    return schema


def _object(fields: tuple[Field, ...], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _schema(f) for f in fields},
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _sync_paths(errors: dict[str, Any]) -> dict[str, Any]:
    """The offline outbox's API. Every change needs the CSRF token in `X-CSRFToken`."""
    stored = {"$ref": "#/components/schemas/StoredCheckIn"}
    one = {"type": "object", "required": ["checkin"], "properties": {"checkin": stored}}
    csrf = {"name": "X-CSRFToken", "in": "header", "required": True, "schema": {"type": "string"}}
    checkin_id = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }
    not_found = _json(
        {"$ref": "#/components/schemas/Errors"},
        "No check-in with this id in this diary (also when it is somebody else's).",
    )
    return {
        "/api/v1/checkins/{id}": {
            "put": {
                "operationId": "putCheckIn",
                "summary": "Store one check-in: an idempotent upsert; a later updated_at wins",
                "parameters": [checkin_id, csrf],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": stored}},
                },
                "responses": {
                    "201": _json(one, "Created."),
                    "200": _json(
                        one,
                        "Already held: the same id never makes a second row. "
                        "An older updated_at keeps the stored version.",
                    ),
                    "400": errors,
                    "404": not_found,
                },
            },
            "delete": {
                "operationId": "deleteCheckIn",
                "summary": "Delete one check-in",
                "parameters": [checkin_id, csrf],
                "responses": {"204": {"description": "Deleted."}, "404": not_found},
            },
        },
        "/api/v1/checkins": {
            "get": {
                "operationId": "listCheckIns",
                "summary": "This diary's check-ins, newest first",
                "parameters": [
                    {
                        "name": "since",
                        "in": "query",
                        "required": False,
                        "description": "Only check-ins changed after this instant.",
                        "schema": {"type": "string", "format": "date-time"},
                    }
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "checkins": {"type": "array", "items": stored},
                                "server_time": {"type": "string", "format": "date-time"},
                            },
                        },
                        "The list.",
                    ),
                    "400": errors,
                },
            }
        },
        "/api/v1/session": {
            "get": {
                "operationId": "getSession",
                "summary": "A fresh CSRF token for the outbox, and the tag of this browser's diary",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "csrf_token": {"type": "string"},
                                "diary": {
                                    "type": ["string", "null"],
                                    "description": "Opaque; changes when another diary "
                                    "(sign-in, sign-out, erase) is behind this browser.",
                                },
                            },
                        },
                        "The token and the diary tag.",
                    )
                },
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    errors = {
        "description": "Invalid input; nothing was done. One Dutch message per wrong field.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Flouria API",
            "version": "1.0.0",
            "description": "Rule-based tips for a morning check-in of stiffness, pain and cramps.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/tips": {
                "post": {
                    "operationId": "selectTips",
                    "summary": "Tips for one check-in, chosen by the rules (stateless, no login)",
                    "description": (
                        "Returns every selected tip after suppression, in display order, before "
                        "any display cap. Red flags (category huisarts) come first."
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
                        "400": errors,
                    },
                }
            },
            **_sync_paths(errors),
        },
        "components": {
            "schemas": {
                "CheckIn": _object(
                    contract.CHECKIN_FIELDS,
                    "A morning check-in. Absent or null fields take their default; the date may "
                    "not lie in the future (Europe/Amsterdam) or before 2000.",
                ),
                "StoredCheckIn": {
                    "allOf": [
                        {"$ref": "#/components/schemas/CheckIn"},
                        {
                            "type": "object",
                            "properties": {
                                "updated_at": {
                                    "type": "string",
                                    "format": "date-time",
                                    "description": "Last edit (ISO 8601 with zone).",
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
                        "profile": {"$ref": "#/components/schemas/Profile"},
                        "history": {
                            "type": "array",
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
                        "text": {"type": "string"},
                        "sources": {
                            "type": "array",
                            "description": "The seed articles (file names) the tip rests on.",
                            "items": {"type": "string"},
                        },
                    },
                },
                "TipsResponse": {
                    "type": "object",
                    "required": ["tips"],
                    "properties": {
                        "tips": {"type": "array", "items": {"$ref": "#/components/schemas/Tip"}}
                    },
                },
                "Errors": {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {
                        "errors": {
                            "type": "object",
                            "description": "Field (e.g. pain, profile.medication, history[2].date)"
                            " to a Dutch message.",
                            "additionalProperties": {"type": "string"},
                        }
                    },
                },
            }
        },
    }
