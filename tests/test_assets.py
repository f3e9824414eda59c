"""Static files: content-hashed names, gzip, far-future caching, and one list for the worker."""

from __future__ import annotations

import gzip
import json
import os
import re

from flask.testing import FlaskClient
from helpers import with_test_folders

from flouria_pwa import assets
from flouria_pwa import create_app
from flouria_pwa.assets import STATIC
from flouria_pwa.pwa import PAGE_SCRIPTS

HASHED = re.compile(r"/static/([\w/.-]+\.[0-9a-f]{12}\.\w+)")


def test_pages_name_hashed_files_that_are_cached_for_a_year(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    names = set(HASHED.findall(page))
    assert {n.split(".")[0] for n in names} >= {
        "app",
        "js/page",
        "js/engine",
        "js/outbox",
        "js/start",
    }
    for name in names:
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
        assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache)[1]) >= 31536000
        original = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", name)
        assert response.get_data() == assets.served(original, (STATIC / original).read_bytes())
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()


def test_static_files_are_served_gzipped(client: FlaskClient) -> None:
    css = re.search(r"/static/(app\.[0-9a-f]{12}\.css)", client.get("/").get_data(as_text=True))[1]
    response = client.get(f"/static/{css}", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.get_data()) == (STATIC / "app.css").read_bytes()
    response.close()


def test_unhashed_names_still_answer_but_briefly_cached(client: FlaskClient) -> None:
    response = client.get("/static/app.css")
    assert response.status_code == 200 and "immutable" not in response.headers["Cache-Control"]
    response.close()


def test_the_worker_precaches_exactly_what_the_pages_use(client: FlaskClient) -> None:
    worker = client.get("/sw.js").get_data(as_text=True)
    precached = set(HASHED.findall(worker))
    page = client.get("/").get_data(as_text=True)
    assert set(HASHED.findall(page)) <= precached
    assert re.search(r'importScripts\("/static/js/outbox\.[0-9a-f]{12}\.js"\)', worker)
    manifest = client.get("/manifest.webmanifest").get_json()
    for icon in manifest["icons"]:
        assert HASHED.search(icon["src"]), icon
    assert "/static/app.css" not in worker


def test_the_previous_builds_stay_served_and_older_ones_go(tmp_path) -> None:
    """After a deploy, a page or worker of the previous one still finds its files."""
    builds = tmp_path / "builds"
    for n in range(4):
        old = builds / f"old{n}"
        (old / "js").mkdir(parents=True)
        (old / "js" / f"app.{n:012d}.js").write_text("old")
        os.utime(old, (1000 + n, 1000 + n))
    current, names = assets.build(builds)
    kept = assets._recent_builds(builds, current)
    assert kept == [current, builds / "old3", builds / "old2"]
    assert not (builds / "old1").exists() and not (builds / "old0").exists()
    assert names["js/start.js"].startswith("js/start.") and names["js/start.js"].endswith(".js")
    assert assets.hashed_name("a.b/c", b"x").startswith("a.b/c.")


def test_an_old_hashed_name_of_the_last_deploy_is_still_served(tmp_path) -> None:
    builds = tmp_path / "b"
    previous = builds / "previous"
    previous.mkdir(parents=True)
    (previous / "app.0123456789ab.css").write_text("body{}")
    os.utime(previous, (1000, 1000))
    config = {
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "STATIC_BUILD_FOLDER": builds,
    }
    fresh = create_app(with_test_folders(**config))
    response = fresh.test_client().get("/static/app.0123456789ab.css")
    assert response.status_code == 200 and response.get_data() == b"body{}"
    response.close()


def test_scripts_are_served_minified_and_stay_whole(client: FlaskClient) -> None:
    """Comments and spare whitespace go; strings and template literals stay as they are."""
    source = (STATIC / "js" / "engine.js").read_text(encoding="utf-8")
    served = assets.served("js/engine.js", source.encode()).decode()
    assert len(served) < 0.8 * len(source)
    assert "/* Flouria's rule engine" not in served
    assert "`'${op}' cannot take ${show(arg)}`" in served
    assert assets.served("app.css", b"a  {  }") == b"a  {  }"


def test_pages_load_every_script_once_in_order_after_their_config(client: FlaskClient) -> None:
    """base.html loads pwa.PAGE_SCRIPTS, page.js first; the config it reads comes before it."""
    page = client.get("/").get_data(as_text=True)
    loaded = re.findall(
        r'<script src="/static/(js/[\w-]+)\.[0-9a-f]{12}\.js" defer></script>', page
    )
    assert loaded == [name.removesuffix(".js") for name in PAGE_SCRIPTS]
    assert page.index('name="flouria-config"') < page.index("/static/js/page.")
    assert set(STATIC.joinpath("js").glob("*.js")) == {
        STATIC / name for name in (*PAGE_SCRIPTS, "js/report.js")
    }


CONFIG = re.compile(r"<meta name=\"flouria-config\" content='([^']*)'>")


def test_the_scripts_get_their_urls_and_words_from_flask(client: FlaskClient) -> None:
    """One config for the pages and the worker; no script spells a path of ours or a word."""
    config = json.loads(CONFIG.search(client.get("/").get_data(as_text=True))[1])
    urls = config["urls"]
    assert client.get(urls["rules"]).status_code == 200
    assert urls["tipsFor"].replace("__id__", "x") == "/tips/x"
    assert config["words"] == {"pageUpdated": "Deze pagina is bijgewerkt.", "refresh": "Vernieuwen"}
    worker = client.get("/sw.js").get_data(as_text=True)
    assert f"self.Flouria = {{ urls: {json.dumps(urls)} }};" in worker
    for path in STATIC.joinpath("js").glob("*.js"):
        if path.name == "engine.js":
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(
            r"""['"`]/(?:api|static|tips|dagboek|checkin|offline|sw\.js)""", source
        ), path
        assert not re.search(r"\b(?:niet|verstuurd|pagina|kramp|pijn|Stijfheid)\b", source), path
