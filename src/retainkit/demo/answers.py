"""How a demo person answers a question: a voluntary leaver's reasons lower the matching
scores (someone who left over pay rates pay low), free text comes from a bank of phrases in
the interview's language."""

from __future__ import annotations

import random
from typing import Any

from retainkit.core.questionnaires.model import Question
from retainkit.demo.comments import comment, reason_written

REASON_DIMENSION = {
    "compensation": "pay", "manager": "manager", "career_growth": "growth",
    "workload": "workload", "flexibility": "flexibility", "working_conditions": "conditions",
    "health_and_safety": "conditions", "team_and_culture": "culture", "training": "training",
    "performance_appraisal": "appraisal",
}  # fmt: skip
PHRASES = {
    "en": {
        "what_worked": [
            "The people in my team.",
            "Interesting customers and projects.",
            "Flexible hours.",
            "Learning from senior colleagues.",
        ],
        "what_did_not": [
            "Pay did not keep up with the market.",
            "No clear next step for me.",
            "Too many late evenings.",
            "Decisions were made without us.",
            "Little feedback from my manager.",
        ],
        "could_have_done": [
            "A pay review a year earlier.",
            "A real career conversation.",
            "More help when the team was short-staffed.",
            "Let me work from home two days a week.",
        ],
        "decision_moment": [
            "After my last review.",
            "When the reorganisation was announced.",
            "After a long project with a lot of overtime.",
        ],
        "like_most": ["Ownership of my work.", "My team.", "The customers."],
        "frustrations": ["Slow decisions.", "Old tools.", "Meetings."],
        "leave_trigger": ["A clearly better offer.", "Losing my manager.", "No growth."],
        "keep_you": ["A lead role.", "Working on the new product.", "A training budget."],
        "stay_plan": [
            "Agree a development plan; Check pay against the market",
            "Discuss a lead role by next quarter",
            "Fund a certification course",
        ],
    },
    "zh": {
        "what_worked": ["团队里的同事。", "有意思的客户和项目。", "灵活的工作时间。"],
        "what_did_not": [
            "薪酬没有跟上市场。",
            "看不到下一步的发展。",
            "加班太多。",
            "上级给的反馈太少。",
        ],
        "could_have_done": ["早一年调薪。", "认真谈一次职业发展。", "允许每周两天在家办公。"],
        "decision_moment": ["上一次绩效评估之后。", "宣布组织调整的时候。"],
        "like_most": ["工作的自主权。", "我的团队。"],
        "frustrations": ["决策太慢。", "工具陈旧。"],
        "leave_trigger": ["明显更好的机会。", "没有成长空间。"],
        "keep_you": ["担任组长。", "参与新产品。"],
        "stay_plan": ["制定发展计划; 对照市场检查薪酬", "下季度讨论组长职位"],
    },
}


def _likert(rng: random.Random, mood: float, low: bool, reverse: bool) -> int:
    value = rng.gauss(mood - (1.6 if low else 0.0), 0.8)
    if reverse:
        value = 6 - value
    return max(1, min(5, round(value)))


def answer(
    rng: random.Random,
    question: Question,
    *,
    mood: float,
    primary: str,
    contributing: list[str],
    lang: str,
    would_stay: bool,
    regrettable: bool,
) -> Any:
    key, kind = question.key, question.type
    if kind == "reasons":
        return {"primary": primary, "contributing": contributing}
    if kind == "likert":
        weak = {REASON_DIMENSION.get(code) for code in [primary, *contributing]}
        return _likert(rng, mood, question.dimension in weak, question.reverse)
    if kind == "nps":
        return max(0, min(10, round(rng.gauss(mood * 2 - 0.5, 1.6))))
    if kind == "yesno":
        if key == "would_stay":
            return would_stay
        if key == "safety_concern":
            return primary == "health_and_safety" or rng.random() < 0.015
        if key == "legal_concern":
            return rng.random() < 0.008
        return rng.random() < 0.7
    if kind == "choice":
        if key == "would_return":
            return rng.choices(["yes", "maybe", "no"], [4, 4, 2] if regrettable else [2, 4, 4])[0]
        if key == "handover":
            return rng.choices(["on_track", "some_gaps", "at_risk"], [70, 25, 5])[0]
        if key == "retention_risk":
            return rng.choices(["green", "yellow", "red"], [65, 25, 10])[0]
        return rng.choice(question.choices).value
    if kind == "multi":
        return [c.value for c in question.choices if rng.random() < 0.4] or None
    bank = PHRASES[lang].get(key) or PHRASES["en"].get(key)
    if question.optional and (bank is None or rng.random() < 0.5):
        return None
    assert bank is not None, f"the demo needs phrases for the required question {key!r}"
    text = rng.choice(bank)
    if primary:  # an exit interview: words about a reason, the same one in every answer
        own = random.Random(f"{mood!r}:{primary}")
        themed = comment(own, key, reason_written(own, primary, contributing), lang)
        return themed or text
    return text
