"""The browser's rule engine (static/js/engine.js) against the Python one (`rules.engine`).

The offline PWA must pick the same tips, in the same order, with the same texts and sources,
from the same catalogue. Both engines run the shared cases of tests/cases/engine_cases.json and
a few hundred seeded random (but contract-valid) requests; all JavaScript calls of a group go
into one `page.evaluate`.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from typing import Any

import pytest
from engine_answers import ANSWERS_JS
from engine_answers import CASES
from engine_answers import ENGINE_JS
from engine_answers import case_request
from engine_answers import js_payload
from engine_answers import python_answer
from playwright.sync_api import Browser
from playwright.sync_api import Page

from flouria_pwa.rules import contract
from flouria_pwa.rules import engine

pytestmark = pytest.mark.e2e

RANDOM_COUNT = 500
# tests/js/answers.js, the Node runner's too: each request is [checkin, profile, history];
# each answer {tips, facts, display, urgency} or {error}. JSON text both ways: Playwright's own
# serialisation of megabytes is slow.
RUN_JS = ANSWERS_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engine_page(browser: Browser) -> Iterator[Page]:
    """A blank page with engine.js loaded: no server, no network."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.set_content("<!doctype html><title>t</title>")
    page.add_script_tag(path=str(ENGINE_JS))
    yield page
    context.close()


def js_answers(page: Page, requests: list[list[Any]]) -> list[dict[str, Any]]:
    """engine.js's answers on the rules bundle the browser gets (rules_bundle)."""
    return json.loads(page.evaluate(RUN_JS, js_payload(requests)))


# ---------------------------------------------------------------------------- (a) shared cases


@pytest.fixture(scope="module")
def case_answers(engine_page: Page) -> list[dict[str, Any]]:
    return js_answers(engine_page, [case_request(c) for c in CASES])


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_shared_case(index: int, case_answers: list[dict[str, Any]]) -> None:
    case = CASES[index]
    assert case_answers[index] == python_answer(case_request(case))
    assert [tip["tip_id"] for tip in case_answers[index]["tips"]] == case["expected"]


# ---------------------------------------------------------------------------- (b) random requests


class Generator:
    """Contract-valid requests, rich in boundary values, from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def subset(self, choices: tuple[str, ...], chance: float) -> list[str]:
        return [c for c in choices if self.rng.random() < chance]

    def maybe(self, entry: dict[str, Any], name: str, value: Any) -> None:
        """Set a field; now and then leave it out or send null (both mean the default)."""
        chance = self.rng.random()
        if chance >= 0.2:
            entry[name] = value
        elif chance >= 0.17:
            entry[name] = None

    def scale(self, level: float, style: dict[str, Any]) -> int:
        return max(0, min(10, round(level + self.rng.choice(style["noise"]))))

    def checkin(self, day: date, style: dict[str, Any], level: float) -> dict[str, Any]:
        rng = self.rng
        c: dict[str, Any] = {"id": self.uid(), "date": day.isoformat()}
        self.maybe(c, "time", rng.choice((None, "07:00", "23:59")))
        self.maybe(c, "stiffness", self.scale(level + style["stiff_offset"], style))
        self.maybe(c, "stiffness_minutes", rng.choice(style["minutes"]))
        chance = 1.0 if day in style["area_days"] else style["area_chance"]
        areas = [a for a in style["areas"] if rng.random() < chance]
        self.maybe(c, "areas", areas + self.subset(contract.AREAS, 0.04))
        self.maybe(c, "pain", self.scale(level, style))
        cramp = day in style["cramp_days"] or rng.random() < style["cramp_chance"]
        self.maybe(c, "cramp", cramp)
        # Details are sent even without a cramp now and then: they must not count.
        if cramp or rng.random() < 0.3:
            self.maybe(c, "cramp_when", self.subset(contract.CRAMP_WHEN, 0.4))
            self.maybe(c, "cramp_where", self.subset(contract.CRAMP_WHERE, 0.35))
            self.maybe(c, "cramp_count", rng.choice((None, 0, 1, 3, 20)))
        for name in ("swelling", "injury", "numbness", "radiating", "saddle_numbness"):
            self.maybe(c, name, rng.random() < style["alarm_chance"])
        self.maybe(c, "limits", self.subset(contract.LIMITS, style["limit_chance"]))
        self.maybe(c, "strength_loss", rng.choice(("none",) * 4 + ("gradual", "new", "sudden")))
        self.maybe(c, "fluid", rng.choice(contract.FLUID))
        self.maybe(c, "sleep", rng.choice(contract.SLEEP))
        self.maybe(c, "long_sitting", rng.random() < 0.4)
        self.maybe(c, "activity", rng.choice(("usual", "usual", "new", "heavier")))
        self.maybe(c, "stress", rng.choice(contract.STRESS))
        self.maybe(c, "alcohol", rng.random() < 0.2)
        self.maybe(c, "coffee", rng.choice((0, 1, 3, 3, 4, 4, 5, 20)))
        self.maybe(c, "note", rng.choice(("", "slecht geslapen", "ß ü é 😀")))
        return c

    def profile(self, today: date, style: dict[str, Any]) -> dict[str, Any] | None:
        rng = self.rng
        if rng.random() < 0.15:
            return rng.choice((None, {}))
        p: dict[str, Any] = {}
        self.maybe(p, "perimenopause", rng.random() < 0.5)
        oa = self.subset(contract.AREAS, 0.1)
        if rng.random() < 0.4:
            oa = sorted(set(oa) | set(style["areas"]))
        self.maybe(p, "osteoarthritis", oa)
        self.maybe(p, "medication", self.subset(contract.MEDICATION, 0.25))
        self.maybe(p, "assessed", rng.random() < 0.15)
        self.maybe(p, "long_standing", rng.random() < 0.15)
        since = rng.choice((None, -1, 0, 1, 14, 27, 28, 29, 30, 60))  # days before D
        if since is not None:
            since = (today - timedelta(since)).isoformat()
        self.maybe(p, "strength_training_since", since)
        return p

    def request(self) -> list[Any]:
        rng = self.rng
        today = date(2023, 1, 1) + timedelta(rng.randrange(1000))  # leap day and DST included
        style = {
            "areas": rng.sample(contract.AREAS, rng.choice((0, 1, 1, 2, 3))),
            "area_chance": rng.choice((0.3, 0.7, 0.95, 1.0)),
            "cramp_chance": rng.choice((0.0, 0.0, 0.1, 0.3, 0.6, 0.9)),
            "cramp_days": set(),
            "area_days": set(),
            "alarm_chance": rng.choice((0.0, 0.02, 0.1)),
            "limit_chance": rng.choice((0.0, 0.1, 0.4)),
            "stiff_offset": rng.choice((-3, -1, 0, 1)),
            "minutes": (None, None, 0, 5, 29, 30, 31, 90, 720),
            "noise": (-2, -1, 0, 0, 0, 1, 2),
        }
        base, slope = rng.uniform(0, 8), rng.choice((0.0, 0.0, 0.05, 0.15, 0.3, -0.1))
        fixed: dict[int, float] = {}  # days before D -> level, in the share mode below

        def level(days_ago: int) -> float:  # a trend, so `increasing` and RF3 can fire
            return fixed.get(days_ago, base - slope * days_ago)

        # Which days before D have check-ins: dense streaks, sparse scatter, or a mix.
        span = rng.choice((7, 14, 20, 27, 28, 29, 30, 41, 42, 45, 60, 90))
        size = rng.randint(0, 70)
        offsets = [rng.randint(0, span) for _ in range(size)]
        if rng.random() < 0.5:  # the oldest day exactly at D - span
            offsets.append(span)
        if rng.random() < 0.4:  # a daily streak, so the six-week blocks are all covered
            offsets = list(range(rng.randint(0, 2), span + 1, rng.choice((1, 1, 2, 3))))[:60]
        if rng.random() < 0.2:  # W of 10-40 days, about 70 % of them high: the share's boundary
            whole = rng.choice((10, 20, 30, 40))
            offsets = [rng.randrange(7 * k, 7 * k + 7) for k in range(1, 6)]  # D covers B_0
            offsets += rng.sample(sorted(set(range(1, 42)) - set(offsets)), whole - 6)
            high = set(rng.sample([0, *offsets], whole * 7 // 10 + rng.choice((-1, 0, 0, 1))))
            if rng.random() < 0.4:  # only B_1-B_4 have low days, so mean(B_0) == mean(B_5)
                middle = [n for n in offsets if 7 <= n <= 34]
                low = rng.sample(middle, min(len(middle), whole - len(high)))
                high = {0, *offsets} - set(low)
            fixed.update({n: 7 if n in high else 0 for n in [0, *offsets]})
            outside = rng.choice(((), (42,), (42, 43)))  # just before W
            fixed.update({n: rng.choice((0, 7)) for n in outside})
            offsets += outside
            style.update(stiff_offset=0, minutes=(None, 0, 29), noise=rng.choice(((0,), (-1, 1))))
        if rng.random() < 0.3:  # cramp days with gaps at the 14- and 28-day boundaries
            chain = [rng.choice((0, 0, 1, 2, 3))]
            for _ in range(rng.randint(1, 4)):
                chain.append(chain[-1] + rng.choice((1, 6, 13, 14, 15, 27, 28, 29, 30)))
            style["cramp_days"] = {today - timedelta(n) for n in chain}
            offsets += [n for n in chain if n]
        if style["areas"] and rng.random() < 0.25:  # a new area: a run, and 27-29 days before
            run = rng.randint(1, 4)  # D-0 .. D-(run-1) show the area, maybe one older day too
            shown = [*range(run)] + [run - 1 + rng.choice((27, 28, 29))] * rng.randint(0, 1)
            style.update(area_chance=rng.choice((0.0, 0.05)))
            style["area_days"] = {today - timedelta(n) for n in shown}
            oldest = run - 1 + rng.choice((28, 29, 40))
            offsets += [n for n in shown if n] + [oldest]
            if rng.random() < 0.5:  # nothing older: `reaches_back` hangs on that one day
                offsets = [n for n in offsets if n <= oldest]
        history = [self.checkin(today - timedelta(n), style, level(n)) for n in offsets]
        current = self.checkin(today, style, level(0))
        for _ in range(rng.choice((0, 0, 1, 3))):  # dated after D: ignored
            history.insert(
                rng.randrange(len(history) + 1),
                self.checkin(today + timedelta(rng.randint(1, 10)), style, level(0)),
            )
        if history and rng.random() < 0.3:  # repeated ids: only the first position counts
            for _ in range(rng.randint(1, 4)):
                twin = self.checkin(
                    today - timedelta(rng.randint(-3, span)), style, rng.uniform(0, 10)
                )
                twin["id"] = rng.choice(history)["id"]
                history.insert(rng.randrange(len(history) + 1), twin)
        if rng.random() < 0.1:  # an earlier version of the current check-in itself
            twin = self.checkin(today - timedelta(rng.randint(0, 2)), style, 9)
            twin["id"] = current["id"]
            history.insert(rng.randrange(len(history) + 1), twin)
        history = history[:70]
        if rng.random() < 0.5:
            rng.shuffle(history)
        return [current, self.profile(today, style), history]


_generator = Generator(2026)
RANDOM_REQUESTS = [_generator.request() for _ in range(RANDOM_COUNT)]


@pytest.fixture(scope="module")
def random_answers(engine_page: Page) -> list[dict[str, Any]]:
    return js_answers(engine_page, RANDOM_REQUESTS)


def test_random_requests_agree(random_answers: list[dict[str, Any]]) -> None:
    assert len(RANDOM_REQUESTS) >= 400
    differ = []
    for index, (request, answer) in enumerate(zip(RANDOM_REQUESTS, random_answers, strict=True)):
        expected = python_answer(request)
        if answer != expected:
            differ.append((index, request, answer, expected))
    assert not differ, f"{len(differ)} requests differ; the first: {json.dumps(differ[0])}"


def test_random_requests_reach_every_rule(random_answers: list[dict[str, Any]]) -> None:
    """The random requests are only worth something if they fire every rule and fact."""
    fired = {tip["rule_id"] for answer in random_answers for tip in answer.get("tips", ())}
    assert fired == set(engine.load_catalogue()["order"])
    for name, value in random_answers[0]["facts"].items():
        seen = {answer["facts"][name] for answer in random_answers if "facts" in answer}
        assert len(seen) > 1, f"fact {name} is always {value}"


# ---------------------------------------------------------------------------- (c) bad conditions


def test_js_throws_on_an_unknown_operator_or_name(engine_page: Page) -> None:
    errors = engine_page.evaluate(
        """() => [{"xor": []}, {"fact": "no_such_fact"}, {"cmp": ["c.pain", "=>", 1]}, {}]
          .map((cond) => {
            try { FlouriaEngine.evaluate(cond, {"c.pain": 3}); return null; }
            catch (error) { return String(error); }
          })"""
    )
    assert errors[0] == 'CatalogueError: unknown operator "xor"'
    assert errors[1] == 'CatalogueError: unknown name "no_such_fact"'
    assert all(errors), errors
    with pytest.raises(engine.CatalogueError):
        engine.evaluate({"xor": []}, {"c.pain": 3})


# ---------------------------------------------------------------------------- (d) in a worker


def test_engine_loads_with_import_scripts_in_a_worker(engine_page: Page) -> None:
    """The service worker loads engine.js with importScripts: no window, no document."""
    keys = engine_page.evaluate(
        """(source) => new Promise((resolve, reject) => {
          const url = (text) => URL.createObjectURL(new Blob([text], {type: "text/javascript"}));
          const worker = new Worker(url(`importScripts(${JSON.stringify(url(source))});
            postMessage(Object.keys(self.FlouriaEngine));`));
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
        })""",
        ENGINE_JS.read_text(encoding="utf-8"),
    )
    assert keys == ["selectTips", "displaySelection", "mostUrgent", "computeFacts", "evaluate"]
