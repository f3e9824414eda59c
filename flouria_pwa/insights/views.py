"""The page "Wat je dagboek laat zien" (`/inzichten`) and the same data as JSON
(`GET /api/v1/insights`): the pairs of `stats.PAIRS` her diary shows, in words that never claim a
cause (docs/insights.md). Whose diary it is comes from the cookie or the session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint
from flask import Response
from flask import jsonify
from flask import render_template
from flask import url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..dates import today
from ..identity import diary_owner
from ..store import days
from . import stats

bp = Blueprint("insights", __name__)

WHEN = {  # (factor, lag_days): the days "with" the factor
    ("sleep", 0): _l("On days after a so-so or bad night"),
    ("long_sitting", 0): _l("On mornings after a day of sitting still for long stretches"),
    ("activity", 0): _l("On mornings after a day with new or heavier exercise"),
    ("stress", 0): _l("On mornings after a day with a lot of stress"),
    ("fluid", 0): _l("On mornings after a day on which you drank too little"),
    ("alcohol", 0): _l("On mornings after a day with alcohol"),
    ("coffee", 0): _l("On mornings after a day with 4 or more cups of coffee"),
    ("activity", 1): _l("On the second morning after a day with new or heavier exercise"),
    ("fluid", 1): _l("On the second morning after a day on which you drank too little"),
    ("alcohol", 1): _l("On the second morning after a day with alcohol"),
    ("coffee", 1): _l("On the second morning after a day with 4 or more cups of coffee"),
}
CLAUSE = {  # (outcome, direction)
    ("stiffness", "higher"): _l("your stiffness was usually higher"),
    ("stiffness", "lower"): _l("your stiffness was usually lower"),
    ("pain", "higher"): _l("your pain was usually higher"),
    ("pain", "lower"): _l("your pain was usually lower"),
    ("stiffness_minutes", "higher"): _l("your stiffness usually lasted longer"),
    ("stiffness_minutes", "lower"): _l("your stiffness usually lasted shorter"),
    ("cramp", "higher"): _l("you had cramp more often"),
    ("cramp", "lower"): _l("you had cramp less often"),
}
TIPS = {  # factor: (the subject's anchor in the tips library, the link's words)
    "sleep": ("slaap", _l("Tips about sleep")),
    "long_sitting": ("bewegen", _l("Tips about moving")),
    "activity": ("bewegen", _l("Tips about moving")),
    "stress": ("ontspanning", _l("Tips about relaxation")),
    "fluid": ("drinken", _l("Tips about drinking")),
    "alcohol": ("drinken", _l("Tips about drinking")),
    "coffee": ("drinken", _l("Tips about drinking")),
}


def _number(value: float) -> str:
    return format_decimal(value, format="0.#")


def sentence(insight: stats.Insight) -> str:
    """What the pair shows, in her words, without claiming a cause."""
    words = {
        "when": WHEN[(insight.factor, insight.lag_days)],
        "clause": CLAUSE[(insight.outcome, insight.direction)],
        "days_with": insight.days_with,
        "days_without": insight.days_without,
    }
    if insight.outcome in stats.SHARE_OUTCOMES:
        return _(
            "%(when)s, %(clause)s (%(cases_with)s of %(days_with)s days, against "
            "%(cases_without)s of %(days_without)s days).",
            cases_with=insight.cases_with,
            cases_without=insight.cases_without,
            **words,
        )
    numbers = {"with": _number(insight.with_), "without": _number(insight.without)}
    if insight.outcome == "stiffness_minutes":
        return _(
            "%(when)s, %(clause)s (%(with)s against %(without)s minutes, %(days_with)s and "
            "%(days_without)s days).",
            **numbers,
            **words,
        )
    return _(
        "%(when)s, %(clause)s (%(with)s against %(without)s, %(days_with)s and "
        "%(days_without)s days).",
        **numbers,
        **words,
    )


def certainty_sentence(insight: stats.Insight) -> str:
    if insight.certainty == "likely":
        return _("This shows often in your diary, but it is still no proof.")
    return _("That is a hint, not proof.")


def summary() -> stats.Summary:
    """Her diary's insights: the last year of check-ins (and the day before, for lag 1)."""
    last = today()
    since = last - timedelta(days=stats.WINDOW_DAYS)
    rows = days.insight_rows(diary_owner(), stats.COLUMNS, since)
    return stats.compare(stats.day_records(rows), last)


@bp.get("/inzichten")
def index() -> str:
    result = summary()
    items: list[dict[str, Any]] = []
    for insight in result.insights:
        anchor, label = TIPS[insight.factor]
        items.append(
            {
                "certainty": insight.certainty,
                "sentence": sentence(insight),
                "certainty_sentence": certainty_sentence(insight),
                "tip_url": url_for("tips.library") + "#" + anchor,
                "tip_label": label,
            }
        )
    return render_template("insights/index.html", summary=result, items=items)


@bp.get("/api/v1/insights")
def api() -> Response:
    """The same as the page, as JSON (the shape of issue 14)."""
    return jsonify(summary().to_json())
