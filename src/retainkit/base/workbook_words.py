"""The workbook's words added to `words.REPORT` (that module is full): what the Comments
sheet says where it leaves hidden rows out, and how the workbook names a questionnaire."""

from __future__ import annotations

WORKBOOK: dict[str, tuple[str, str]] = {
    "themes_hidden": (
        "{n} themes, each hidden (comments from too few leavers)",
        "{n} 个主题，均已隐藏（评论的离职者过少）",
    ),
    "groups_left_out": (
        "Not shown, every count hidden (comments from fewer than report.min_comments leavers)",
        "未列出（所有计数均已隐藏：评论的离职者少于 report.min_comments）",
    ),
    "questionnaire_version": ("{title} (version {version})", "{title}（第 {version} 版）"),
}


def questionnaire_label(title: str, version: int, lang: str) -> str:
    """A questionnaire as the workbook names it: its title in `lang` with its version
    ("Exit interview (version 2)", "离职面谈（第 2 版）"), never its key ("exit v2")."""
    pair = WORKBOOK["questionnaire_version"]
    return (pair[1] if lang == "zh" else pair[0]).format(title=title, version=version)
