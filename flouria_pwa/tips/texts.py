"""The tip texts: title, advice, "why" and (for one technique) steps, keyed by text id.

The rule catalogue (`flouria_pwa/rules/*.json`) refers to these ids: every rule names its
text id, and a rule's variants name theirs (`rk4_long`, `kr1_start`, `rf4_peri`). `advice.py`
turns the engine's selection into readable tips with these texts; the page shows the source
articles' titles and publishers separately. The tips library shows each rule once, with a general
"when" line (`WHEN_TEXTS`, by rule id) in place of the personal "why".

The message ids are English (our i18n convention); the Dutch the user reads lives in
`translations/nl/LC_MESSAGES/messages.po`. How the Dutch is written (rule catalogue docs/rules.md):
- B1 Dutch, short sentences, "je", calm and never blaming.
- Paraphrase the source articles; never copy them. `tests/test_tip_texts.py` fails when a Dutch
  text shares a run of 8 words with an article (`tests/data/seed_shingles.txt`).
- No claim the cited articles do not make, and no detail they lack: no doses, amounts or
  durations, no stretch technique except the calf (RK1), no magnesium supplements, no quinine.
- Red flags: "laat dit nakijken", no diagnosis, and never explain a complaint away as hormonal.
  A red flag's own text says what and why; how soon and whom to call is said once, by the
  sentence of its urgency (`URGENCY_TEXTS`, docs/rules.md §9), which opens the card and the API
  text.
- Never reassure about a red flag (docs/rules.md §9 P10): no "no reason to worry", no "usually".
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


@dataclass(frozen=True)
class TipText:
    """One tip's text. Every field is a lazy message: str() gives the current locale's text."""

    title: LazyString  # short title, at most 6 words
    body: LazyString  # 2-4 plain sentences: the advice
    why: LazyString  # 1-2 sentences: why this tip today, or what it rests on
    steps: tuple[LazyString, ...] = ()  # ordered steps, only where the sources give a technique


TIP_TEXTS: dict[str, TipText] = {
    # Red flags (category huisarts): calm, no diagnosis, no urgency level, never 'it is hormonal'.
    "rf1": TipText(
        title=_l("Have the swelling checked"),
        body=_l(
            "Have the swelling checked by your GP. Do this even if you think you know where it "
            "comes from."
        ),
        why=_l("You said there is swelling. A swelling is always worth having checked."),
    ),
    "rf2": TipText(
        title=_l("Severe pain: have it checked"),
        body=_l(
            "Have this pain checked by your GP. Do this even if your complaint has been looked at "
            "before."
        ),
        why=_l(
            "You gave your pain a high score today. When pain is very bad, it is wise to have a "
            "doctor take a look."
        ),
    ),
    "rf3": TipText(
        title=_l("Pain that has lasted for weeks"),
        body=_l(
            "Have this pain checked by your GP or a physiotherapist. The diary in the app shows "
            "how the past weeks went. That can help during the appointment."
        ),
        why=_l(
            "In your check-ins of the past weeks you often had quite a lot of pain, and it did not "
            "ease. Complaints that have not improved after several weeks should be looked at."
        ),
    ),
    "rf4": TipText(
        title=_l("Pain that holds you back"),
        body=_l(
            "Pain is getting in the way of your sleep, work or moving about. You don't have to "
            "simply accept that. Discuss it with your GP."
        ),
        why=_l("In your recent check-ins you said more than once that pain was holding you back."),
    ),
    "rf4_peri": TipText(
        title=_l("Pain that holds you back"),
        body=_l(
            "Pain is getting in the way of your sleep, work or moving about. You don't have to "
            "simply accept that. Discuss it with your GP. Together you can talk through options, "
            "such as physiotherapy or hormone therapy (HST)."
        ),
        why=_l(
            "In your recent check-ins you said more than once that pain was holding you back. "
            "Which approach suits you is something you decide together with your GP."
        ),
    ),
    "rf5": TipText(
        title=_l("New or increasing complaints"),
        body=_l(
            "Have new or increasing complaints checked by your GP. Do this even if hormones or "
            "extra exertion seem a logical explanation. Not every complaint comes from them."
        ),
        why=_l(
            "Your check-ins show a new painful spot, or your pain or stiffness has clearly "
            "increased lately. A complaint that is new or getting worse is always worth having "
            "checked."
        ),
    ),
    "rf6": TipText(
        title=_l("Cramps that keep coming back"),
        body=_l(
            "Have cramps that keep coming back checked by your GP. Your GP can find out whether "
            "something else is behind them, such as a deficiency. You don't have to work that out "
            "yourself."
        ),
        why=_l(
            "You have had cramps regularly for a few weeks now, even while getting tips against "
            "cramps. If cramps keep coming despite such measures, it is good to have a doctor take "
            "a look."
        ),
    ),
    "rf7": TipText(
        title=_l("Tingling, numbness or loss of strength"),
        body=_l(
            "Tingling, numbness, new loss of strength or radiating pain: have this assessed by "
            "your GP or a physiotherapist. Also mention whether the pain spreads past your knee."
        ),
        why=_l(
            "You reported tingling, numbness, new loss of strength or radiating pain. A GP or "
            "physiotherapist can often assess this well with a physical examination."
        ),
    ),
    "rf7_gp": TipText(  # new loss of strength (urgency today), or next to another urgent reason
        title=_l("Tingling, numbness or loss of strength"),  # the same title as rf7
        body=_l(
            "Tingling, numbness, new loss of strength or radiating pain: have this assessed by "
            "your GP. Also mention whether the pain spreads past your knee."
        ),
        why=_l(
            "You reported tingling, numbness, new loss of strength or radiating pain. Your GP can "
            "look at this with a physical examination."
        ),
    ),
    "rf7_now": TipText(  # strength_loss "sudden": urgency now
        title=_l("Suddenly less strength"),
        body=_l(
            "You noticed today that you suddenly have less strength. Have your GP look at this. "
            "Do not wait to see whether it passes."
        ),
        why=_l(
            "You said your strength suddenly dropped today. A sudden loss of strength should "
            "always be looked at by a doctor."
        ),
    ),
    "rf8": TipText(
        title=_l("Cramps and your medicines"),
        body=_l(
            "Some medicines can trigger cramps. Discuss your cramps with your GP. Do not stop or "
            "change your medicines on your own."
        ),
        why=_l("You had cramps, and your profile lists a medicine that can trigger cramps."),
    ),
    "rf9": TipText(
        title=_l("After an injury or fall"),
        body=_l(
            "Have a new injury or fall checked by your GP. Be sure to do so if the spot swells, "
            "hurts a lot or does not get better."
        ),
        why=_l(
            "You said you had an injury or a fall. With a new injury, it is good to first have "
            "someone look at what is going on."
        ),
    ),
    "rf10": TipText(  # docs/rules.md §9 RF10, seed 003: numbness in the saddle area (urgency now)
        title=_l("Numb around buttocks or groin"),
        body=_l(
            "Numbness around your buttocks, your genitals or the inside of your thighs should be "
            "looked at by your GP. The same goes if you suddenly cannot hold your urine or stool. "
            "Also mention whether you have pain in your back or legs."
        ),
        why=_l(
            "You reported numbness in this area, or trouble holding your urine or stool. Such "
            "signs always need a check by a doctor."
        ),
    ),
    # docs/rules.md §9 RF11, seed 001: a swollen leg without an injury (urgency today)
    "rf11": TipText(
        title=_l("A swollen leg"),
        body=_l(
            "Have a swollen leg checked by your GP, also when you did not fall or hurt yourself. "
            "Mention since when the leg has been swollen."
        ),
        why=_l(
            "You reported swelling in your legs, without an injury or a fall. A swollen leg can "
            "have to do with the blood circulation; a doctor should find out."
        ),
    ),
    # Cold (kou): only for acute swelling or injury; no duration or technique (the seeds give none).
    "k1": TipText(
        title=_l("Cool the spot"),
        body=_l(
            "Cool the swollen or injured spot with a cold pack or cold water. Do not use heat for "
            "now."
        ),
        why=_l(
            "You reported swelling or an injury. Then cold works better than warmth: cold can "
            "reduce swelling and pain."
        ),
    ),
    # Warmth (warmte).
    "w1": TipText(
        title=_l("Warmth for stiffness"),
        body=_l(
            "Warmth often brings quick relief from stiffness. For example, take a warm shower "
            "after getting up, or take a hot-water bottle to bed. Warmth can also do you good "
            "after sitting for a long time."
        ),
        why=_l("You said you feel stiff. Warmth is a simple way to do something about it."),
    ),
    "w2": TipText(
        title=_l("Warmth for your legs"),
        body=_l(
            "Warmth relaxes muscles that cramp easily. In the evening, for example, have a warm "
            "footbath or put a hot-water bottle on your thighs."
        ),
        why=_l("You said you had cramps. Warmth loosens tense muscles and boosts blood flow."),
    ),
    # Stretching (rekken): firm for cramps, optional for stiffness (docs/rules.md N1).
    "rk1": TipText(
        title=_l("Stretch your calf for cramp"),
        body=_l(
            "Stretching has been shown to help against cramps. It works during a cramp, and it "
            "also helps prevent new cramps."
        ),
        why=_l(
            "You said you had a cramp in your calf. For the calf there is a simple way to stretch."
        ),
        steps=(
            _l("When the cramp comes, pull your foot up so that your toes point toward your shin."),
            _l("Do this calmly and gently. This stretches the calf muscle that has cramped."),
            _l("Often this alone makes the cramp ease."),
            _l(
                "Also stretch your calves at other times, when you have no cramp. That helps "
                "prevent cramps."
            ),
        ),
    ),
    "rk2": TipText(
        title=_l("Stretch the cramping muscle"),
        body=_l(
            "During a cramp, gently stretch the muscle that is cramping. Also stretch that muscle "
            "at other times, to help prevent new cramps."
        ),
        why=_l("You said you had a cramp. Stretching is a proven way to tackle cramps."),
    ),
    "rk3": TipText(
        title=_l("Warm up and stretch afterwards"),
        body=_l(
            "Warm up your muscles before you exercise or do something strenuous. Stretch them "
            "gently afterwards. This helps prevent injuries and overload."
        ),
        why=_l(
            "You had a cramp during or after exercise. Not warming up enough can bring on such "
            "cramps."
        ),
    ),
    "rk4": TipText(
        title=_l("Stretch only if it feels good"),
        body=_l(
            "Short stretch breaks can feel nice when you are stiff. Stretch lightly and calmly. "
            "Only do it if it feels good, and feel free to skip it if it does not."
        ),
        why=_l(
            "You said you were stiff. How stretching works out differs from person to person; pay "
            "attention above all to what you feel."
        ),
    ),
    "rk4_long": TipText(
        title=_l("Stretch only if it feels good"),
        body=_l(
            "Stretch lightly and calmly, and only if it feels good. When stiffness has been going "
            "on for a long time, stretching usually helps only briefly. Intensive stretching can "
            "then even backfire."
        ),
        why=_l(
            "Your stiffness has been going on for some time. How stretching works out differs from "
            "person to person; pay attention above all to what you feel."
        ),
    ),
    # Drinking (drinken): no amounts (the seeds give none).
    "d1": TipText(
        title=_l("Drink throughout the day"),
        body=_l(
            "Drink regularly, spread throughout the day. Preferably choose water or tea without "
            "sugar."
        ),
        why=_l(
            "You had cramps and said you drank little. Too little fluid can trigger cramps and "
            "make them worse."
        ),
    ),
    "d2": TipText(
        title=_l("Drink enough when you exercise"),
        body=_l(
            "Drink enough during and after exercise. Pay extra attention to this if you sweat a "
            "lot."
        ),
        why=_l(
            "You had a cramp during or after exercise. Sweating and drinking too little leave your "
            "body short of fluid, and then cramps come more easily."
        ),
    ),
    "d3": TipText(
        title=_l("Less alcohol and coffee"),
        body=_l("Drink less alcohol and coffee. That can lower the chance of cramps."),
        why=_l(
            "You had cramps and said you had alcohol or a lot of coffee. Alcohol and a lot of "
            "caffeine can bring on cramps."
        ),
    ),
    "d4": TipText(
        title=_l("Enough to drink through the day"),
        body=_l(
            "Drink enough, spread throughout the day. Drinking enough is part of a healthy "
            "lifestyle."
        ),
        why=_l("You said you drank little."),
    ),
    # Moving (bewegen): rest after overload, movement otherwise (docs/rules.md N5).
    "b1": TipText(
        title=_l("Keep moving gently"),
        body=_l(
            "Move regularly and gently, for example by walking, swimming or doing yoga. Such "
            "gentle movement often feels nicer than heavy, high-impact training. After moving, "
            "your muscles often feel less stiff."
        ),
        why=_l("You said you were stiff. Movement can ease stiffness and also dampens pain."),
    ),
    "b2": TipText(
        title=_l("Break up long sitting"),
        body=_l(
            "If you sit for a long time, stand up regularly and move a little. For example, walk a "
            "lap around the house or down the corridor."
        ),
        why=_l(
            "You said you sat for a long time. Sitting still for long can make stiffness, pain and "
            "cramps worse."
        ),
    ),
    "b3": TipText(
        title=_l("Rest breaks and a gradual build-up"),
        body=_l(
            "Plan enough rest breaks over the next few days. Avoid peaks: spread heavy tasks over "
            "the day. Build up new activities gradually."
        ),
        why=_l(
            "You did something new or heavier, more than you are used to, and now you have "
            "complaints. If you have done too much, a bit more rest is wise."
        ),
    ),
    "b4": TipText(
        title=_l("After a cramp: move a little"),
        body=_l(
            "Is the cramp over? Then walk a short way, or shake out your legs. Afterwards, put "
            "your legs up; that can ease the heavy feeling."
        ),
        why=_l(
            "You said you had cramps. A little movement after a cramp gets the blood flowing again."
        ),
    ),
    "b5": TipText(
        title=_l("Move calmly, within your pain limit"),
        body=_l(
            "Keep moving, but calmly and within your pain limit. A walk or a short bike ride fits "
            "well with that. For now, it is better to avoid heavy exertion, sudden forceful "
            "movements and sitting for long stretches."
        ),
        why=_l(
            "You reported tingling, numbness, loss of strength or radiating pain. Moving calmly "
            "fits with that, until your GP has looked at it."
        ),
    ),
    # Strength (kracht): build up gradually, never train through pain.
    "kr1": TipText(
        title=_l("Getting stronger with osteoarthritis"),
        body=_l(
            "Stronger muscles give your joints support when you have osteoarthritis. Build up "
            "strength training gradually, in line with what your body can handle. Preferably start "
            "with guidance from a physiotherapist, and do not train through pain."
        ),
        why=_l(
            "Your profile says you have osteoarthritis. Sitting still costs muscle strength and "
            "balance, while stronger muscles take load off your joints."
        ),
    ),
    "kr1_start": TipText(
        title=_l("Just started strength training"),
        body=_l(
            "Muscle soreness or stiffness in the first weeks is normal and passes. Build up "
            "gradually, preferably with guidance from a physiotherapist. Do not train through "
            "pain."
        ),
        why=_l(
            "You recently started strength training for your osteoarthritis. Your body is still "
            "getting used to the new load, and some muscle soreness can come with that."
        ),
    ),
    "kr2": TipText(
        title=_l("Strong muscles support your joints"),
        body=_l(
            "Even light strength training already helps. For example, practise with light weights "
            "or with a resistance band."
        ),
        why=_l(
            "You are in perimenopause and reported stiffness, pain or less strength. Strength "
            "training helps keep your muscles strong, and that protects your joints."
        ),
    ),
    "kr3": TipText(
        title=_l("Getting stronger and fitter"),
        body=_l(
            "Strength training can make you fitter and stronger. Every kind of movement counts, "
            "because movement dampens pain. Train especially if you are now doing less than your "
            "body can handle, and build up gradually."
        ),
        why=_l(
            "Your stiffness has been going on for some time. A stronger, fitter body can help with "
            "that."
        ),
    ),
    # Relaxation (ontspanning).
    "o1": TipText(
        title=_l("Relaxation for a stiff feeling"),
        body=_l(
            "Try a relaxation exercise, or take a moment to notice where in your body you feel "
            "tension. Also look at what could reduce your stress. Find out what works for you."
        ),
        why=_l(
            "You reported a lot of stress, and you are stiff or in pain. Stress can make your "
            "nervous system more sensitive, and then muscles feel stiff more easily."
        ),
    ),
    "o2": TipText(
        title=_l("Meditation for cramps"),
        body=_l(
            "Meditation can help with cramps. See whether a moment of meditation does you good. "
            "There are many ways; choose one that suits you."
        ),
        why=_l("You had cramps and reported a lot of stress."),
    ),
    # Food (voeding): food only; supplements only with a proven deficiency (docs/rules.md N3).
    "v1": TipText(
        title=_l("Mineral-rich food for cramps"),
        body=_l(
            "Eat a varied diet with foods rich in minerals. Think of leafy greens, bananas, nuts "
            "and seeds, wholegrain products and dairy. Supplements only make sense with a proven "
            "deficiency; your GP determines that."
        ),
        why=_l(
            "You said you had cramps. Your muscles need minerals to work well, and a varied diet "
            "usually provides enough of them."
        ),
    ),
    "v2": TipText(
        title=_l("Eat anti-inflammatory food"),
        body=_l(
            "Choose olive oil, oily fish, colourful vegetables, nuts and seeds more often. Eat "
            "less processed food and less sugar."
        ),
        why=_l(
            "You are in perimenopause and have stiffness or pain. This kind of food can help curb "
            "inflammation."
        ),
    ),
    "v3": TipText(
        title=_l("Healthy eating and good sleep"),
        body=_l(
            "Eat a varied, healthy diet, and try to stay at a healthy weight. Also make sure you "
            "get enough sleep. That way your body can handle more."
        ),
        why=_l(
            "Your stiffness has been going on for some time. What you eat and how you sleep affect "
            "how sensitive your body is to pain and stiffness."
        ),
    ),
    # Sleep (slaap).
    "s1": TipText(
        title=_l("A calm evening routine"),
        body=_l(
            "Take time in the evening to wind down, with a regular, calm routine. See what helps "
            "you relax before sleeping."
        ),
        why=_l(
            "You did not sleep very well and have stiffness or pain. A bad night makes you more "
            "sensitive to pain."
        ),
    ),
}


def _variant(text_id: str, body: LazyString) -> TipText:
    """A variant that only says more (or less) than its rule's text: same title and reason."""
    return replace(TIP_TEXTS[text_id], body=body)


TIP_TEXTS.update(
    {
        # docs/rules.md §9 P10: next to an urgent reason, the GP only.
        "rf3_gp": _variant(
            "rf3",
            _l(
                "Have this pain checked by your GP. The diary in the app shows how the past "
                "weeks went. That can help during the appointment."
            ),
        ),
        # docs/rules.md §9 P12: with a water pill, the drinking tips point to her doctor's advice.
        "d1_fluid_limit": _variant(
            "d1",
            _l(
                "Drink regularly, spread throughout the day. Preferably choose water or tea "
                "without sugar. Did your doctor give you a fluid restriction? Then follow that "
                "advice."
            ),
        ),
        "d2_fluid_limit": _variant(
            "d2",
            _l(
                "Drink enough during and after exercise. Pay extra attention to this if you sweat "
                "a lot. Did your doctor give you a fluid restriction? Then follow that advice."
            ),
        ),
        "d4_fluid_limit": _variant(
            "d4",
            _l(
                "Drink enough, spread throughout the day. Drinking enough is part of a healthy "
                "lifestyle. Did your doctor give you a fluid restriction? Then follow that advice."
            ),
        ),
    }
)


@dataclass(frozen=True)
class UrgencyText:
    """How soon, and whom, to call (docs/rules.md §9): the card's heading and its first sentence,
    which also opens the API text of every red flag of this urgency."""

    heading: LazyString
    sentence: LazyString


URGENCY_TEXTS: dict[str, UrgencyText] = {
    "now": UrgencyText(
        heading=_l("Call your GP now"),
        sentence=_l(
            "Call your GP now. Outside office hours, call the out-of-hours GP service. Did you "
            "suddenly lose strength in your face, arm or leg, or is speaking hard? Then call 112."
        ),
    ),
    "today": UrgencyText(
        heading=_l("Call your GP today"),
        sentence=_l(
            "Call your GP today. Is the practice closed? Then call the out-of-hours GP service."
        ),
    ),
    "soon": UrgencyText(
        heading=_l("Make an appointment with your GP"),
        sentence=_l(
            "In the coming days, make an appointment with your GP to have this checked. Is it "
            "getting worse? Then call sooner."
        ),
    ),
}

# docs/rules.md §9 P13: on every tips page, the offline tips and the report.
SAFETY_LINE = _l(
    "Flouria gives general tips and makes no diagnosis. In doubt, or is it getting worse? Call "
    "your GP. In an emergency: call 112."
)


# The tips library (`/tips/alle`) shows each rule once, with when Flouria gives it: a general line
# written from the rule's condition (rules/catalogue.json, docs/rules.md), never a personal reason.
# Keyed by rule id. The same guards as the tips hold (`tests/test_library.py`): no numbers, no
# copied article text, no reassurance. A variant's extra wording is named in a second sentence.
WHEN_TEXTS: dict[str, LazyString] = {
    "RF1": _l("When you report a swelling."),
    "RF2": _l("When you give your pain a very high score."),
    "RF3": _l(
        "When your check-ins show a lot of pain for weeks that does not ease, and your complaint "
        "has not been examined yet."
    ),
    "RF4": _l(
        "When you say more than once in your recent check-ins that pain gets in the way of "
        "sleeping, working or moving. If you are in perimenopause, the tip also names options to "
        "discuss with your GP."
    ),
    "RF5": _l(
        "When a new painful spot keeps showing up in your check-ins, or your pain or stiffness "
        "has clearly increased lately."
    ),
    "RF6": _l(
        "When cramps keep coming back, even though you have had tips against cramps for weeks."
    ),
    "RF7": _l(
        "When you report tingling, numbness or radiating pain, or that your strength has dropped "
        "lately or suddenly. With a sudden loss of strength, the tip says to call your GP now."
    ),
    "RF8": _l("When you have cramps and your profile lists a medicine that can trigger cramps."),
    "RF9": _l("When you report an injury or a fall."),
    "RF10": _l(
        "When you report numbness around your buttocks, your genitals or the inside of your "
        "thighs, or trouble holding your urine or stool."
    ),
    "RF11": _l("When you report swelling in your legs without an injury or a fall."),
    "K1": _l("When you report a swelling or an injury."),
    "W1": _l("When you feel stiff."),
    "W2": _l("When you had cramps."),
    "RK1": _l("When you had a cramp in your calf."),
    "RK2": _l(
        "When you had a cramp in the back of your thigh, your foot or somewhere else, or did not "
        "say where."
    ),
    "RK3": _l("When you had a cramp during or after exercise."),
    "RK4": _l(
        "When you feel stiff. If your stiffness has been going on for a long time, the tip also "
        "says that stretching then often helps only briefly."
    ),
    "D1": _l(
        "When you had cramps and drank little. "
        "If you take a water pill, the tip also asks you to keep to any fluid restriction from "
        "your doctor."
    ),
    "D2": _l(
        "When you had a cramp during or after exercise. "
        "If you take a water pill, the tip also asks you to keep to any fluid restriction from "
        "your doctor."
    ),
    "D3": _l("When you had cramps and drank alcohol or a lot of coffee."),
    "D4": _l(
        "When you drank little and had no cramps. "
        "If you take a water pill, the tip also asks you to keep to any fluid restriction from "
        "your doctor."
    ),
    "B1": _l("When you feel stiff, without tingling, numbness or radiating pain."),
    "B2": _l("When you sat for a long time and feel stiff, have pain or had cramps."),
    "B3": _l(
        "When you did something new or heavier than you are used to, and now have cramps, "
        "stiffness or pain."
    ),
    "B4": _l("When you had cramps."),
    "B5": _l("When you report tingling, numbness, loss of strength or radiating pain."),
    "KR1": _l(
        "When you have osteoarthritis and feel stiff, have pain or started something new. If you "
        "recently started strength training, the tip says what you may notice at the start."
    ),
    "KR2": _l("When you are in perimenopause and feel stiff, have pain or slowly lose strength."),
    "KR3": _l("When your stiffness has been going on for a long time."),
    "O1": _l("When you feel a lot of stress and feel stiff or have pain."),
    "O2": _l("When you had cramps and feel a lot of stress."),
    "V1": _l("When you had cramps."),
    "V2": _l("When you are in perimenopause and feel stiff or have pain."),
    "V3": _l("When your stiffness has been going on for a long time."),
    "S1": _l("When you did not sleep very well and feel stiff or have pain."),
}
