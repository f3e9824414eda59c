"""The check-in and profile contract shared by the form, the database, the rule engine and the API.

Field names and allowed values are fixed by the product contract: the same payload flows from the
form to the offline outbox to the API, so every limit lives here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

AREAS = ("neck_shoulders", "back", "hips", "knees", "hands_wrists", "legs", "feet", "other")
CRAMP_WHEN = ("night", "exercise", "rest")
CRAMP_WHERE = ("calf", "hamstring", "foot", "other")
LIMITS = ("sleep", "work", "move")
STRENGTH_LOSS = ("none", "gradual", "new", "sudden")  # docs/rules.md §9: "new" = days or weeks
FLUID = ("low", "normal", "high")
SLEEP = ("good", "fair", "poor")
ACTIVITY = ("usual", "new", "heavier")
STRESS = ("low", "medium", "high")
MEDICATION = ("diuretic", "statin", "beta_blocker", "ranitidine", "other")

# Where exactly (issue 15): each spot on the body outline and the one area of AREAS it lies in.
# Left and right are HER left and right. `areas` stays what the rules read: a check-in's areas
# are the areas she chose directly united with the areas of her spots (`areas_with_spots`), in
# validation and in both engines' normalising (the browser gets this table in the rules bundle).
# The order (head to feet, left before right) is the order in which forms and reports list them.
SPOT_AREA: dict[str, str] = {
    "neck": "neck_shoulders",
    "shoulder_left": "neck_shoulders",
    "shoulder_right": "neck_shoulders",
    "upper_back": "back",
    "lower_back": "back",
    "wrist_left": "hands_wrists",
    "wrist_right": "hands_wrists",
    "hand_left": "hands_wrists",
    "hand_right": "hands_wrists",
    "hip_left": "hips",
    "hip_right": "hips",
    "thigh_left": "legs",
    "thigh_right": "legs",
    "knee_left": "knees",
    "knee_right": "knees",
    "calf_left": "legs",
    "calf_right": "legs",
    "ankle_left": "feet",
    "ankle_right": "feet",
    "foot_left": "feet",
    "foot_right": "feet",
}
SPOTS = tuple(SPOT_AREA)

SCALE_MAX = 10
STIFFNESS_MINUTES_MAX = 720
CRAMP_COUNT_MAX = 20
COFFEE_MAX = 20
NOTE_MAX = 2000
EARLIEST_YEAR = 2000
HISTORY_MAX = 2000  # generous: 90 days with several check-ins a day fits easily
# What she took (issue 15): never read by the rules, so neither engine sees these fields.
MEDICINES_TAKEN_MAX = 12
MEDICINE_NAME_MAX = 80
MEDICINE_DOSE_MAX = 40
MEDICINE_COUNT_MAX = 20
MY_MEDICINES_MAX = 20


@dataclass(frozen=True)
class Field:
    """One contract field: its kind, its limits and its default."""

    name: str
    # "int", "bool", "choice", "set", "text", "date", "time", "uuid"; and two the rules never
    # read: "medicines" (what she took: `MedicineTaken` entries) and "medicine_list" (her own
    # short list in the profile: `MyMedicine` entries).
    kind: str
    default: Any = None
    minimum: int = 0
    maximum: int = 0
    choices: tuple[str, ...] = ()
    nullable: bool = False
    required: bool = False
    # What the rules read when she left the question unanswered (docs/rules.md §1's default); the
    # database keeps `default` (None: not answered), so charts and averages leave it out.
    engine_default: Any = None


CHECKIN_FIELDS: tuple[Field, ...] = (
    Field("id", "uuid", required=True),
    Field("date", "date", required=True),
    Field("time", "time", default=None, nullable=True),
    Field("stiffness", "int", 0, 0, SCALE_MAX),
    Field("stiffness_minutes", "int", None, 0, STIFFNESS_MINUTES_MAX, nullable=True),
    Field("areas", "set", (), choices=AREAS),
    Field("spots", "set", (), choices=SPOTS),  # issue 15: areas_with_spots adds their areas
    Field("pain", "int", 0, 0, SCALE_MAX),
    Field("cramp", "bool", False),
    Field("cramp_when", "set", (), choices=CRAMP_WHEN),
    Field("cramp_where", "set", (), choices=CRAMP_WHERE),
    Field("cramp_count", "int", None, 0, CRAMP_COUNT_MAX, nullable=True),
    Field("swelling", "bool", False),
    Field("injury", "bool", False),
    Field("limits", "set", (), choices=LIMITS),
    Field("numbness", "bool", False),
    Field(
        "strength_loss", "choice", None, choices=STRENGTH_LOSS, nullable=True, engine_default="none"
    ),
    Field("radiating", "bool", False),
    # docs/rules.md §9: numb in the saddle area, or continence
    Field("saddle_numbness", "bool", False),
    Field("fluid", "choice", None, choices=FLUID, nullable=True, engine_default="normal"),
    Field("sleep", "choice", None, choices=SLEEP, nullable=True, engine_default="good"),
    Field("long_sitting", "bool", False),
    Field("activity", "choice", None, choices=ACTIVITY, nullable=True, engine_default="usual"),
    Field("stress", "choice", None, choices=STRESS, nullable=True, engine_default="low"),
    Field("alcohol", "bool", False),
    Field("coffee", "int", None, 0, COFFEE_MAX, nullable=True, engine_default=0),
    Field("note", "text", "", maximum=NOTE_MAX),
    Field("medicines_taken", "medicines", (), maximum=MEDICINES_TAKEN_MAX),
)

PROFILE_FIELDS: tuple[Field, ...] = (
    Field("perimenopause", "bool", False),
    Field("osteoarthritis", "set", (), choices=AREAS),
    Field("medication", "set", (), choices=MEDICATION),
    Field("assessed", "bool", False),
    Field("long_standing", "bool", False),
    Field("strength_training_since", "date", None, nullable=True),
    Field("my_medicines", "medicine_list", (), maximum=MY_MEDICINES_MAX),
)

# Kinds whose value is a list of entries (tuples in a value, lists in JSON).
LIST_KINDS = frozenset({"set", "medicines", "medicine_list"})
# Kinds the rules never read: what she took and her list of medicines are only for her and
# her GP, so they stay out of the facts, the catalogue's names and the browser's bundle.
NOT_FOR_RULES = frozenset({"medicines", "medicine_list"})
RULES_CHECKIN_FIELDS = tuple(f for f in CHECKIN_FIELDS if f.kind not in NOT_FOR_RULES)
RULES_PROFILE_FIELDS = tuple(f for f in PROFILE_FIELDS if f.kind not in NOT_FOR_RULES)

CHECKIN_FIELD = {f.name: f for f in CHECKIN_FIELDS}
# A stored check-in must answer these (the form asks for them; the tips API takes 0 for them).
ASKED = ("stiffness", "pain")
PROFILE_FIELD = {f.name: f for f in PROFILE_FIELDS}


def areas_with_spots(areas: Iterable[str], spots: Iterable[str]) -> tuple[str, ...]:
    """The areas the rules read: those chosen directly plus those of the spots, in contract
    order. An unknown spot adds nothing (validation refuses one before it gets here)."""
    chosen = set(areas) | {SPOT_AREA[s] for s in spots if s in SPOT_AREA}
    return tuple(a for a in AREAS if a in chosen)


def default_profile() -> dict[str, Any]:
    """The profile of someone who has told us nothing yet."""
    return {f.name: list(f.default) if f.kind in LIST_KINDS else f.default for f in PROFILE_FIELDS}
