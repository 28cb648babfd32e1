"""What demo leavers write in the open questions of an exit interview: mostly about the
reason they stated, sometimes about something else (the words point elsewhere), in the
interview's language, so that `report comments` and `reasons --compare` have something to
read at 2,000 people."""

from __future__ import annotations

import random

WHY: dict[str, dict[str, tuple[str, ...]]] = {
    "compensation": {
        "en": (
            "My salary fell behind what the market pays for the same job.",
            "The bonus was cut again while the targets went up.",
            "A competitor offered twenty percent more pay.",
            "Pay rises were smaller than inflation for three years.",
        ),
        "zh": (
            "工资和市场水平差距越来越大。",
            "年终奖又缩水了，指标却在涨。",
            "别的公司开的薪资高了两成。",
            "连续三年调薪跑不赢物价。",
        ),
    },
    "manager": {
        "en": (
            "My manager cancelled our one-to-ones for months.",
            "I could not work with my supervisor any more.",
            "My boss took credit for the team's work.",
        ),
        "zh": (
            "直属领导几个月都没跟我谈过一次。",
            "和主管实在合不来。",
            "上级把团队的成果都算在自己头上。",
        ),
    },
    "career_growth": {
        "en": (
            "There was no clear next step in my career here.",
            "I was passed over for promotion twice.",
            "I could not see any room to grow into a senior role.",
        ),
        "zh": ("看不到职业发展的下一步。", "晋升两次都没有轮到我。", "没有上升空间。"),
    },
    "workload": {
        "en": (
            "Too many late evenings and weekends on releases.",
            "The team was understaffed and the workload never went down.",
            "I was burned out after a year of overtime.",
        ),
        "zh": (
            "经常加班到很晚，周末也要工作。",
            "人手不足，工作量一直降不下来。",
            "一年的加班让我身心俱疲。",
        ),
    },
    "flexibility": {
        "en": (
            "Working from home was taken away.",
            "I needed flexible hours and they were refused.",
            "Five days a week in the office did not work for me.",
        ),
        "zh": ("取消了居家办公。", "申请弹性工作时间被拒绝了。", "每周五天坐班对我来说太难了。"),
    },
    "working_conditions": {
        "en": (
            "The equipment was old and broke down all the time.",
            "The noise and heat in the workshop were hard to bear.",
        ),
        "zh": ("设备太旧，经常坏。", "车间噪音大，夏天又热。"),
    },
    "health_and_safety": {
        "en": (
            "Safety rules on the floor were ignored and I saw two accidents.",
            "Protective equipment was often missing.",
        ),
        "zh": ("现场安全规定形同虚设，我见过两次事故。", "防护用品经常缺。"),
    },
    "team_and_culture": {
        "en": (
            "The atmosphere in the team turned toxic after the merger of two groups.",
            "People were afraid to speak up; there was a blame culture.",
        ),
        "zh": ("团队氛围越来越差。", "出了问题大家互相甩锅，风气不好。"),
    },
    "training": {
        "en": (
            "There was no training budget, so my skills were going stale.",
            "Nobody mentored me after onboarding.",
        ),
        "zh": ("没有培训预算，技能一直没有提升。", "入职以后没有导师带。"),
    },
    "performance_appraisal": {
        "en": (
            "My last performance review felt unfair.",
            "Good work went unnoticed; there was no recognition.",
        ),
        "zh": ("上一次绩效考核很不公平。", "做得好也得不到认可。"),
    },
    "relocation": {
        "en": ("We are moving to another city.", "I am relocating back to my hometown."),
        "zh": ("我们要搬去外地。", "准备回老家。"),
    },
    "family": {
        "en": ("I need to look after my parents.", "My children need me at home."),
        "zh": ("需要照顾父母。", "孩子需要人照顾。"),
    },
    "study": {
        "en": ("I am starting a master's degree.", "I am going back to university."),
        "zh": ("准备去读研究生。", "要出国留学。"),
    },
    "health": {
        "en": ("My health needs me to stop for a while.", "I am leaving on my doctor's advice."),
        "zh": ("身体需要休养一段时间。", "医生建议我先停下来治疗。"),
    },
}
FIX = {
    "en": {
        "compensation": "A pay review a year earlier.",
        "manager": "A different manager, or a real conversation with mine.",
        "career_growth": "A real career conversation and a promotion path.",
        "workload": "More people on the team when we were short-staffed.",
        "flexibility": "Let me work from home two days a week.",
        "working_conditions": "Replace the broken equipment.",
        "health_and_safety": "Take the safety reports seriously.",
        "team_and_culture": "Deal with the toxic behaviour in the team.",
        "training": "A training budget and a mentor.",
        "performance_appraisal": "A fair review with clear targets.",
    },
    "zh": {
        "compensation": "早一年调薪。",
        "manager": "换一位领导，或者认真谈一次。",
        "career_growth": "认真谈一次职业发展和晋升路径。",
        "workload": "人手不够的时候及时补人。",
        "flexibility": "允许每周两天在家办公。",
        "working_conditions": "把坏掉的设备换掉。",
        "health_and_safety": "认真对待安全隐患报告。",
        "team_and_culture": "管一管团队里的不良风气。",
        "training": "给培训预算，安排导师。",
        "performance_appraisal": "公平的考核和清楚的目标。",
    },
}
NOTHING = {
    "en": ("Nothing, it was the right time.", "Nothing really, thank you for everything."),
    "zh": ("没什么，时机到了。", "没有什么，谢谢大家。"),
}
ELSEWHERE = 0.15
"""How often a leaver's words point to something other than the reason they stated."""


def reason_written(rng: random.Random, primary: str, contributing: list[str]) -> str | None:
    """The reason a leaver's words are about: mostly the primary one, sometimes a
    contributing one, sometimes another (the words point elsewhere); None for nothing."""
    roll = rng.random()
    if roll < ELSEWHERE:
        return rng.choice(list(FIX["en"]))
    if contributing and roll < ELSEWHERE + 0.15:
        return rng.choice(contributing)
    return primary if primary in WHY else None


def comment(rng: random.Random, key: str, about: str | None, lang: str) -> str | None:
    """The text of an open question about that reason (or about nothing in particular), or
    None where the demo has no words of its own for the question."""
    if key in ("what_did_not", "decision_moment"):
        return rng.choice(WHY[about][lang] if about in WHY else NOTHING[lang])
    if key == "could_have_done":
        fix = FIX[lang].get(about or "")
        return fix if fix is not None else rng.choice(NOTHING[lang])
    return None
