"""POST /api/v1/tips and the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import contract_checkin
from helpers import rows

from flouria_pwa.dates import today
from flouria_pwa.rules.engine import load_catalogue

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI

CATEGORIES = {
    "huisarts",
    "kou",
    "warmte",
    "rekken",
    "drinken",
    "bewegen",
    "kracht",
    "ontspanning",
    "voeding",
    "slaap",
}


def tips(client: FlaskClient, body: Any) -> Any:
    return client.post("/api/v1/tips", json=body)


def test_tips_for_a_calf_cramp_at_night(client: FlaskClient) -> None:
    checkin = contract_checkin(cramp=True, cramp_when=["night"], cramp_where=["calf"], fluid="low")
    response = tips(client, {"checkin": checkin, "profile": {}, "history": []})
    assert response.status_code == 200
    result = response.get_json()["tips"]
    assert [t["id"] for t in result] == ["rk1", "w2", "d1", "v1", "b4"]
    for tip in result:
        assert set(tip) == {"id", "category", "title", "text", "sources"}
        assert tip["category"] in CATEGORIES
        assert tip["title"] and tip["text"]
        assert all(s.endswith(".txt") for s in tip["sources"])
    calf = next(t for t in result if t["id"] == "rk1")
    assert "1." in calf["text"]  # the calf stretch gives its steps


def test_red_flags_come_first_and_acute_suppresses(client: FlaskClient) -> None:
    checkin = contract_checkin(swelling=True, injury=True, stiffness=6, pain=8)
    result = tips(client, {"checkin": checkin}).get_json()["tips"]
    categories = [t["category"] for t in result]
    assert categories[:3] == ["huisarts"] * 3
    assert [t["id"] for t in result][:4] == ["rf1", "rf2", "rf9", "k1"]
    assert not {"warmte", "rekken", "bewegen", "kracht"} & set(categories)


def test_the_api_is_stateless(app: Flask, client: FlaskClient) -> None:
    tips(client, {"checkin": contract_checkin(stiffness=5)})
    assert rows(app) == []


def test_history_counts(client: FlaskClient) -> None:
    history = [contract_checkin(days_ago=n, limits=["sleep"]) for n in (1, 2)]
    result = tips(client, {"checkin": contract_checkin(), "history": history}).get_json()["tips"]
    assert "rf4" in [t["id"] for t in result]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"checkin": contract_checkin(pain=11)}, "pain"),
        ({"checkin": contract_checkin(pain="3")}, "pain"),
        ({"checkin": contract_checkin(pain=True)}, "pain"),
        ({"checkin": contract_checkin(cramp=1)}, "cramp"),
        ({"checkin": contract_checkin(areas=["elbow"])}, "areas"),
        ({"checkin": contract_checkin(areas="back")}, "areas"),
        ({"checkin": contract_checkin(sleep="great")}, "sleep"),
        ({"checkin": contract_checkin(stiffness_minutes=721)}, "stiffness_minutes"),
        ({"checkin": contract_checkin(cramp_count=21)}, "cramp_count"),
        ({"checkin": contract_checkin(coffee=-1)}, "coffee"),
        ({"checkin": contract_checkin(note="x" * 2001)}, "note"),
        ({"checkin": contract_checkin(time="25:00")}, "time"),
        ({"checkin": contract_checkin(id="not-a-uuid")}, "id"),
        ({"checkin": {"date": today().isoformat()}}, "id"),
        ({"checkin": contract_checkin(date=(today() + timedelta(days=1)).isoformat())}, "date"),
        ({"checkin": contract_checkin(date="1999-12-31")}, "date"),
        ({"checkin": contract_checkin(date="2024-02-30")}, "date"),
        (
            {"checkin": contract_checkin(), "profile": {"medication": ["aspirin"]}},
            "profile.medication",
        ),
        (
            {"checkin": contract_checkin(), "profile": {"strength_training_since": "soon"}},
            "profile.strength_training_since",
        ),
        (
            {"checkin": contract_checkin(), "history": [contract_checkin(pain=12)]},
            "history[0].pain",
        ),
        ({"checkin": contract_checkin(), "history": {"a": 1}}, "history"),
        ({"profile": {}}, "checkin"),
        ([], "body"),
    ],
)
def test_invalid_input_gives_400_with_a_dutch_message(
    client: FlaskClient, body: Any, field: str
) -> None:
    response = tips(client, body)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in errors
    assert errors[field] and not errors[field].startswith(("Choose", "Enter", "This", "Send"))


def test_malformed_json_gives_400(client: FlaskClient) -> None:
    response = client.post("/api/v1/tips", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["errors"]["body"] == "Het verzoek is geen geldige JSON."
    response = client.post("/api/v1/tips", data="checkin=1")
    assert response.status_code == 400


def test_openapi_document_describes_the_tips_endpoint(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    operation = doc["paths"]["/api/v1/tips"]["post"]
    assert set(operation["responses"]) == {"200", "400"}
    checkin = doc["components"]["schemas"]["CheckIn"]
    assert checkin["required"] == ["id", "date"]
    assert checkin["properties"]["pain"]["maximum"] == 10
    assert checkin["properties"]["areas"]["items"]["enum"][0] == "neck_shoulders"
    categories = doc["components"]["schemas"]["Tip"]["properties"]["category"]["enum"]
    assert set(categories) == set(load_catalogue()["categories"])


def test_a_valid_check_in_is_one_frozen_value_with_real_dates(app: Flask) -> None:
    import dataclasses
    from datetime import date

    from flouria_pwa.rules import facts
    from flouria_pwa.validation import validate_checkin
    from flouria_pwa.validation import validate_profile

    raw = contract_checkin(days_ago=1, areas=["knees", "back"], cramp_when=["night"], pain=5)
    with app.test_request_context():
        value, errors = validate_checkin(raw, stored=True)
        profile, _errors = validate_profile({"strength_training_since": "2025-03-01"})
        earlier, _errors = validate_checkin(contract_checkin(days_ago=3, stiffness=6))
    assert errors == {} and value is not None and profile is not None and earlier is not None
    assert isinstance(value.date, date) and profile.strength_training_since == date(2025, 3, 1)
    assert value.areas == ("back", "knees")  # contract order
    assert value.cramp_when == ()  # no cramp: its details are cleared
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.pain = 1  # type: ignore[misc]
    # The JSON edge gives back what the API sends, and the rules read the value and its JSON alike.
    assert value.to_json()["date"] == raw["date"] and value.to_json()["areas"] == ["back", "knees"]
    assert facts.build_env(value, profile, [earlier]) == facts.build_env(
        value.to_json(), profile.to_json(), [earlier.to_json()]
    )
