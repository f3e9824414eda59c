"""The pages a person uses: welcome, check-in, tips, diary, edit and delete."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from flask import Flask
from flask import render_template
from flask import render_template_string
from flask.testing import FlaskClient
from helpers import checkin_form
from helpers import csrf_token
from helpers import rows

from flouria_pwa.dates import today
from flouria_pwa.forms import CheckInForm
from flouria_pwa.store import queries

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI


def test_first_visit_opens_with_the_welcome(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200  # never a redirect: the offline shell caches this page
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Welkom bij Flouria" in page and 'href="/welkom"' in page
    assert "Welkom bij Flouria" in client.get("/welkom").get_data(as_text=True)


def test_the_welcome_can_be_skipped(client: FlaskClient) -> None:
    response = client.post("/welkom", data={})
    assert response.headers["Location"].endswith("/")
    assert "Welkom bij Flouria" not in client.get("/").get_data(as_text=True)


def test_welcome_saves_the_profile_and_opens_the_check_in(client: FlaskClient) -> None:
    response = client.post("/welkom", data={"perimenopause": "y", "osteoarthritis": ["knees"]})
    assert response.headers["Location"].endswith("/")
    page = client.get("/").get_data(as_text=True)
    assert "Goedemorgen" in page
    profile = client.get("/profiel").get_data(as_text=True)
    assert '<input checked id="perimenopause" name="perimenopause"' in profile


def test_check_in_form_uses_the_contract_names(profiled: FlaskClient) -> None:
    page = profiled.get("/").get_data(as_text=True)
    for name in (
        "id",
        "date",
        "time",
        "stiffness",
        "stiffness_minutes",
        "areas",
        "pain",
        "cramp",
        "cramp_when",
        "cramp_where",
        "cramp_count",
        "swelling",
        "injury",
        "limits",
        "numbness",
        "strength_loss",
        "radiating",
        "fluid",
        "sleep",
        "long_sitting",
        "activity",
        "stress",
        "alcohol",
        "coffee",
        "note",
    ):
        assert f'name="{name}"' in page, name


def test_saving_a_check_in_shows_todays_tips(app: Flask, profiled: FlaskClient) -> None:
    form = checkin_form(stiffness="6", areas=["back"], pain="3")
    response = profiled.post("/", data=form)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/tips/{form['id']}")
    page = profiled.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vandaag voor jou" in page
    assert 'class="tip cat-warmte"' in page  # W1: stiffness 6 asks for warmth
    [stored] = rows(app)
    assert stored.stiffness == 6 and stored.areas == ["back"] and stored.pain == 3


def test_red_flag_puts_the_gp_card_first(profiled: FlaskClient) -> None:
    response = profiled.post("/", data=checkin_form(pain="8", stiffness="5"), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert page.index("gp-card") < page.index('class="tip ')


def test_the_same_form_posted_twice_stores_one_entry(app: Flask, profiled: FlaskClient) -> None:
    form = checkin_form(stiffness="4")
    profiled.post("/", data=form)
    profiled.post("/", data=form)
    assert len(rows(app)) == 1


def test_several_check_ins_on_one_day_are_allowed(app: Flask, profiled: FlaskClient) -> None:
    profiled.post("/", data=checkin_form(time="07:30"))
    profiled.post("/", data=checkin_form(time="21:00", cramp="y", cramp_when=["night"]))
    assert len(rows(app)) == 2


def test_bad_input_is_refused_with_dutch_messages_and_nothing_stored(
    app: Flask, profiled: FlaskClient
) -> None:
    future = (today() + timedelta(days=1)).isoformat()
    response = profiled.post(
        "/",
        data=checkin_form(stiffness="11", date=future, areas=["elbow"], note="x" * 2001),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Deze datum ligt in de toekomst." in page
    assert "Houd dit onder 2000 tekens." in page
    assert "Een van deze keuzes kennen we niet." in page
    assert 'id="stiffness-error"' in page
    assert rows(app) == []


def test_cramp_details_are_cleared_without_a_cramp(app: Flask, profiled: FlaskClient) -> None:
    profiled.post("/", data=checkin_form(cramp_when=["night"], cramp_where=["calf"]))
    [stored] = rows(app)
    assert stored.cramp is False and stored.cramp_when == [] and stored.cramp_where == []


def test_edit_and_delete_a_check_in(app: Flask, profiled: FlaskClient) -> None:
    form = checkin_form(stiffness="2")
    profiled.post("/", data=form)
    edit_url = f"/checkin/{form['id']}"
    assert 'checked class="visually-hidden" id="stiffness-2"' in profiled.get(edit_url).get_data(
        as_text=True
    )
    profiled.post(edit_url, data=checkin_form(id=form["id"], stiffness="7"))
    assert rows(app)[0].stiffness == 7
    confirm = profiled.get(f"{edit_url}/verwijderen").get_data(as_text=True)
    assert "Ja, verwijderen" in confirm
    assert len(rows(app)) == 1  # asking is not deleting
    response = profiled.post(f"{edit_url}/verwijderen")
    assert response.headers["Location"].endswith("/dagboek/")
    assert rows(app) == []


def test_diary_groups_by_week_newest_first_with_a_chart(profiled: FlaskClient) -> None:
    day = today()
    older = day - timedelta(days=8)
    profiled.post(
        "/", data=checkin_form(date=older.isoformat(), stiffness="3", note="eerste-notitie")
    )
    profiled.post(
        "/",
        data=checkin_form(
            stiffness="5", pain="2", note="tweede-notitie", cramp="y", cramp_when=["night"]
        ),
    )
    page = profiled.get("/dagboek/").get_data(as_text=True)
    assert page.index("tweede-notitie") < page.index("eerste-notitie")
    assert page.count('class="week"') == 2
    assert "<svg" in page and 'role="img"' in page
    assert "Nachten met kramp: 1" in page


def test_two_browsers_never_see_each_others_entries(app: Flask) -> None:
    anna, bea = app.test_client(), app.test_client()
    for browser in (anna, bea):
        browser.post("/welkom", data={})
    form = checkin_form(note="alleen van Anna")
    anna.post("/", data=form)
    assert "alleen van Anna" in anna.get("/dagboek/").get_data(as_text=True)
    assert "alleen van Anna" not in bea.get("/dagboek/").get_data(as_text=True)
    for url in (
        f"/tips/{form['id']}",
        f"/checkin/{form['id']}",
        f"/checkin/{form['id']}/verwijderen",
    ):
        assert bea.get(url).status_code == 404
    assert bea.post(f"/checkin/{form['id']}/verwijderen").status_code == 404
    assert len(rows(app)) == 1


def test_diary_cookie_is_signed_and_http_only(client: FlaskClient) -> None:
    response = client.post("/welkom", data={})
    cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("flouria_diary=")
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    client.set_cookie("flouria_diary", "forged-value")
    assert "Welkom bij Flouria" in client.get("/").get_data(as_text=True)


def test_tips_library_lists_every_category(client: FlaskClient) -> None:
    page = client.get("/tips/alle").get_data(as_text=True)
    for heading in (
        "Warmte",
        "Kou",
        "Rekken",
        "Drinken",
        "Bewegen",
        "Kracht",
        "Ontspanning",
        "Voeding",
        "Slaap",
        "Huisarts",
    ):
        assert f">{heading}</h2>" in page, heading


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/welkom")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Permissions-Policy" in response.headers


def test_csrf_is_enforced_when_on(csrf_app: Flask) -> None:
    app = csrf_app
    client = app.test_client()
    assert client.post("/welkom", data={}).status_code == 400
    token = csrf_token(client.get("/welkom").get_data(as_text=True))
    assert client.post("/welkom", data={"csrf_token": token}).status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert client.post("/", data=checkin_form()).status_code == 400
    assert rows(app) == []
    response = client.post("/", data=checkin_form(csrf_token=csrf_token(page)))
    assert response.status_code == 303
    assert len(rows(app)) == 1


def test_tips_use_the_diary_history(profiled: FlaskClient) -> None:
    """Pain limiting sleep on two check-in days of the last seven fires RF4 (docs/rules.md §5)."""
    yesterday = (today() - timedelta(days=1)).isoformat()
    profiled.post("/", data=checkin_form(date=yesterday, pain="4", limits=["sleep"]))
    first = profiled.post("/", data=checkin_form(pain="4"), follow_redirects=True)
    assert "Pijn die je beperkt" not in first.get_data(as_text=True)
    second = profiled.post("/", data=checkin_form(pain="4", limits=["work"]), follow_redirects=True)
    page = second.get_data(as_text=True)
    assert "Maak een afspraak met je huisarts" in page
    assert "Pijn die je beperkt" in page


def test_the_reused_blank_form_never_carries_answers(app: Flask) -> None:
    """The blank answers are rendered once and reused: they must equal a fresh render, and one
    person's refused answers never show up in another person's new form."""
    anna, bea = app.test_client(), app.test_client()
    bea.get("/")  # the blank answers are now cached
    refused = anna.post("/", data=checkin_form(stiffness="7", note="geheim", coffee="99"))
    assert refused.status_code == 400 and "geheim" in refused.get_data(as_text=True)
    page = bea.get("/").get_data(as_text=True)
    assert "geheim" not in page and 'value="7" checked' not in page
    with app.test_request_context("/"):
        fresh = render_template("checkin/_answers.html", form=CheckInForm())
    assert fresh.strip() in page


@pytest.mark.parametrize("field", ["coffee", "stiffness_minutes", "cramp_count"])
def test_a_300_digit_number_is_a_dutch_refusal(
    app: Flask, profiled: FlaskClient, field: str
) -> None:
    response = profiled.post("/", data=checkin_form(cramp="y", **{field: "9" * 309}))
    assert response.status_code == 400
    assert "Kies een heel getal van 0 tot en met" in response.get_data(as_text=True)
    assert rows(app) == []


def test_a_form_sent_again_after_its_check_in_was_deleted_stores_nothing(
    app: Flask, profiled: FlaskClient
) -> None:
    form = checkin_form(stiffness="3")
    assert profiled.post("/", data=form).status_code == 303
    entry_id = form["id"]
    assert profiled.post(f"/checkin/{entry_id}/verwijderen", data={}).status_code == 303
    again = profiled.post("/", data=form, follow_redirects=True)  # Back, then Save once more
    assert "Deze check-in is verwijderd. Hij komt niet terug." in again.get_data(as_text=True)
    assert rows(app) == []


def test_a_full_diary_says_so_and_stores_nothing(
    app: Flask, profiled: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(queries, "MAX_CHECKINS_PER_DIARY", 1)
    assert profiled.post("/", data=checkin_form()).status_code == 303
    refused = profiled.post("/", data=checkin_form(note="nog een"))
    assert refused.status_code == 409
    assert "Meer bewaart Flouria niet in één dagboek" in refused.get_data(as_text=True)
    assert len(rows(app)) == 1


def test_tips_of_an_older_day_say_which_day(app: Flask, profiled: FlaskClient) -> None:
    """The heading says "Vandaag voor jou" only for a check-in of today; an older day names it."""
    if "today" not in app.jinja_env.globals:
        pytest.skip("needs the template global `today` (flouria_pwa/filters.py)")
    old = checkin_form(date=(today() - timedelta(days=3)).isoformat(), stiffness="5")
    profiled.post("/", data=old)
    page = profiled.get(f"/tips/{old['id']}").get_data(as_text=True)
    with app.test_request_context():
        day = render_template_string("{{ d | long_date }}", d=today() - timedelta(days=3))
    assert f"<h1>Je tips van {day}</h1>" in page
    assert f"<title>Je tips van {day} – Flouria</title>" in page
    assert "Vandaag voor jou" not in page and "voor vandaag" not in page
    new = checkin_form(stiffness="5")
    profiled.post("/", data=new)
    page = profiled.get(f"/tips/{new['id']}").get_data(as_text=True)
    assert "<h1>Vandaag voor jou</h1>" in page and "Je tips van" not in page
    assert "<h1>Vandaag voor jou</h1>" in profiled.get("/tips/").get_data(as_text=True)


def test_the_main_button_to_keep_the_diary_is_the_primary_action(client: FlaskClient) -> None:
    page = client.get("/account/bewaren").get_data(as_text=True)
    assert '<button type="submit" class="primary">Bewaar mijn dagboek</button>' in page


def test_the_day_table_scrolls_in_its_own_labelled_box(profiled: FlaskClient) -> None:
    """At large text the table scrolls sideways in a box she can reach with the keyboard,
    named by its title, instead of breaking "Stijfheid" and the dates mid-word."""
    profiled.post("/", data=checkin_form(stiffness="4"))
    page = profiled.get("/dagboek/").get_data(as_text=True)
    box = re.search(r'<div class="table-scroll" role="region" ([^>]*)>\s*<table', page)
    assert box and 'tabindex="0"' in box.group(1)
    label = re.search(r'aria-labelledby="([^"]+)"', box.group(1))
    assert label and f'id="{label.group(1)}">Je scores per dag' in page


def test_no_answer_is_chosen_for_her(app: Flask, client: FlaskClient) -> None:
    """Issue 11: a hurried tap on save must not record a perfect day."""
    page = client.get("/").get_data(as_text=True)
    for name in ("stiffness", "pain", "sleep", "fluid", "activity", "stress", "strength_loss"):
        radios = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert radios and not any("checked" in r for r in radios), name
    assert not re.search(r'name="coffee"[^>]*value="0"', page)
    hurried = client.post("/", data={"id": str(uuid.uuid4()), "date": today().isoformat()})
    assert hurried.status_code == 400
    text = hurried.get_data(as_text=True)
    assert "Kies hoe stijf je je voelt (0 is niet stijf)." in text
    assert "Kies hoeveel pijn je hebt (0 is geen pijn)." in text
    assert rows(app) == []


def test_an_unanswered_question_is_stored_as_not_answered(app: Flask, client: FlaskClient) -> None:
    entry_id = str(uuid.uuid4())
    answered = {"id": entry_id, "date": today().isoformat(), "stiffness": "4", "pain": "2"}
    assert client.post("/", data=answered).status_code == 303
    (row,) = rows(app)
    assert (row.stiffness, row.pain) == (4, 2)
    assert (row.sleep, row.fluid, row.activity, row.stress, row.strength_loss, row.coffee) == (
        None,
        None,
        None,
        None,
        None,
        None,
    )
    tips = client.get(f"/tips/{entry_id}").get_data(as_text=True)
    assert "Drinken" not in tips and "Slaap" not in tips  # the rules read docs/rules.md's defaults
    edit = client.get(f"/checkin/{entry_id}").get_data(as_text=True)
    assert not re.findall(r'<input[^>]*name="sleep"[^>]*checked', edit)
    assert re.findall(r'<input[^>]*name="stiffness"[^>]*value="4"[^>]*checked', edit) or re.findall(
        r'<input[^>]*checked[^>]*name="stiffness"[^>]*value="4"', edit
    )
    table = client.get("/gegevens/flouria.csv").get_data(as_text=True).lstrip("\ufeff")
    header, line = [r.split(";") for r in table.splitlines()[:2]]
    assert line[header.index("Slaap")] == "" and line[header.index("Koppen koffie")] == ""


def test_a_field_the_form_cannot_read_shows_one_message(app: Flask, profiled: FlaskClient) -> None:
    """WTForms' own message for an unreadable date; the contract adds no second one for it."""
    response = profiled.post("/", data=checkin_form(date="gisteren", note="x" * 2001))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Houd dit onder 2000 tekens." in page  # the contract still checks the rest
    assert "Dit veld is verplicht." not in page
    assert rows(app) == []
