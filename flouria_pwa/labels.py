"""Dutch words for the contract's values, shared by forms, diary and tips pages."""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from .rules.contract import SPOT_AREA

AREA_LABELS = {
    "neck_shoulders": _l("Neck and shoulders"),
    "back": _l("Back"),
    "hips": _l("Hips"),
    "knees": _l("Knees"),
    "hands_wrists": _l("Hands and wrists"),
    "legs": _l("Legs"),
    "feet": _l("Feet"),
    "other": _l("Somewhere else"),
}
# The spots of the body outline (issue 15), her own left and right: "knie links".
SPOT_LABELS = {
    "neck": _l("neck"),
    "shoulder_left": _l("left shoulder"),
    "shoulder_right": _l("right shoulder"),
    "upper_back": _l("upper back"),
    "lower_back": _l("lower back"),
    "hip_left": _l("left hip"),
    "hip_right": _l("right hip"),
    "knee_left": _l("left knee"),
    "knee_right": _l("right knee"),
    "wrist_left": _l("left wrist"),
    "wrist_right": _l("right wrist"),
    "hand_left": _l("left hand"),
    "hand_right": _l("right hand"),
    "thigh_left": _l("left thigh"),
    "thigh_right": _l("right thigh"),
    "calf_left": _l("left calf"),
    "calf_right": _l("right calf"),
    "ankle_left": _l("left ankle"),
    "ankle_right": _l("right ankle"),
    "foot_left": _l("left foot"),
    "foot_right": _l("right foot"),
}


def where_words(areas: Iterable[str], spots: Iterable[str]) -> list[str]:
    """Where it hurt in words: each spot ("knie links"), then each area that none of the spots
    lies in ("rug", lower case after a spot); without spots, the areas as the chips name them
    ("Knieën"). The areas hold the spots' areas already."""
    spots = list(spots)
    if not spots:
        return [str(AREA_LABELS[a]) for a in areas]
    covered = {SPOT_AREA[s] for s in spots}
    return [str(SPOT_LABELS[s]) for s in spots] + [
        str(AREA_LABELS[a]).lower() for a in areas if a not in covered
    ]


CRAMP_WHEN_LABELS = {
    "night": _l("At night"),
    "exercise": _l("During or after exercise"),
    "rest": _l("At rest"),
}
CRAMP_WHERE_LABELS = {
    "calf": _l("Calf"),
    "hamstring": _l("Back of the thigh"),
    "foot": _l("Foot"),
    "other": _l("Somewhere else"),
}
LIMITS_LABELS = {
    "sleep": _l("sleep"),
    "work": _l("work"),
    "move": _l("move about"),
}
STRENGTH_LOSS_LABELS = {
    "none": _l("No"),
    "gradual": _l("Yes, slowly less (grip, strength)"),
    "new": _l("Yes, over the last days or weeks"),
    "sudden": _l("Yes, suddenly (today)"),
}
FLUID_LABELS = {"low": _l("Too little"), "normal": _l("Normal"), "high": _l("A lot")}
SLEEP_LABELS = {"good": _l("Good"), "fair": _l("So-so"), "poor": _l("Bad")}
ACTIVITY_LABELS = {
    "usual": _l("As usual"),
    "new": _l("Something new"),
    "heavier": _l("Heavier or longer"),
}
STRESS_LABELS = {"low": _l("Little"), "medium": _l("Some"), "high": _l("A lot")}
MEDICATION_LABELS = {
    "diuretic": _l("Water pill (diuretic)"),
    "statin": _l("Cholesterol lowerer (statin)"),
    "beta_blocker": _l("Beta blocker"),
    "ranitidine": _l("Ranitidine (stomach acid)"),
    "other": _l("Other medicine"),
}
CATEGORY_LABELS = {
    "warmte": _l("Warmth"),
    "kou": _l("Cold"),
    "rekken": _l("Stretching"),
    "drinken": _l("Drinking"),
    "bewegen": _l("Moving"),
    "kracht": _l("Strength"),
    "ontspanning": _l("Relaxation"),
    "voeding": _l("Food"),
    "slaap": _l("Sleep"),
    "huisarts": _l("GP"),
}
