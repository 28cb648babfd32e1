"""The workbook's own words (its title, the Dashboard's, the charts'), added to
`words.REPORT`; among them what the Comments sheet says where it leaves hidden rows out,
and how the workbook names a questionnaire."""

from __future__ import annotations

WORKBOOK: dict[str, tuple[str, str]] = {
    "workbook_title": ("Attrition and retention report", "离职与留任分析报告"),
    "chart_hidden": ("* some values hidden: gaps", "* 部分数值已隐藏，显示为空缺"),
    "dashboard": ("Dashboard", "总览"),
    "made_on": ("made on", "制作日期"),
    "against": ("against", "对比"),
    "key_figures": ("Key figures", "关键指标"),
    "top_reasons": (
        "Top five reasons for leaving (resignations, the range)",
        "前五大离职原因（主动离职，整个范围）",
    ),
    "share": ("Share of recorded reasons %", "占已记录原因 %"),
    "of_count": (" ({n} of {base})", "（{base} 人中 {n} 人）"),
    "provisional": (
        "† provisional: the period is not over, and leavers of its last weeks may still be "
        "interviewed",
        "† 暂定：本期尚未结束，最后几周的离职者可能仍会接受访谈",
    ),
    "definitions": ("Definitions", "定义"),
    "hidden_meaning": (
        "* = hidden to protect people: a group of fewer than {n}, or a value from which a "
        "hidden one could be worked out (report.min_group)",
        "* = 为保护个人而隐藏：不足 {n} 人的组，"
        "或可由其推算出隐藏值的数值（设置 report.min_group）",
    ),
    "sheets_index": ("Sheets in this workbook", "本工作簿包含的工作表"),
    "trend": ("Turnover by month, the last twelve months", "近十二个月各月离职率"),
    "monthly_annualised": ("Month, annualised %", "当月年化 %"),
    "annualised": ("Annualised %", "年化 %"),
    "trend_chart": ("Turnover, annualised %", "离职率（年化）%"),
    "organisation_of": ("Organisation of", "下属组织"),
    "by_kind": (
        "Voluntary, involuntary and regrettable turnover, annualised %",
        "主动、被动与惋惜离职率（年化）%",
    ),
    "annualised_note": (
        "Rates per year (annualised), so a partial period compares with a whole one; "
        "changes in percentage points",
        "比率均为年化值，不完整的期间也可与完整期间比较；变化以百分点表示",
    ),
    "none_shown": (
        "None to show: every reason's count in the range is hidden (under {n} leavers, or it "
        "would reveal one that is); subtotals on {sheet}",
        "无可显示：范围内各原因的人数均已隐藏（不足 {n} 人，或可推算出隐藏值）；小计见“{sheet}”",
    ),
    "themes_hidden": (
        "{n} themes, each hidden (comments from too few leavers)",
        "{n} 个主题，均已隐藏（评论的离职者过少）",
    ),
    "groups_left_out": (
        "Not shown, every count hidden (comments from fewer than report.min_comments leavers)",
        "未列出（所有计数均已隐藏：评论的离职者少于 report.min_comments）",
    ),
    "kind_resignations": ("Resignations (voluntary)", "辞职（主动离职）"),
    "kind_retirements": ("Retirements", "退休"),
    "kind_involuntary": ("Involuntary, all", "被动离职合计"),
    "kind_dismissal": ("   Dismissal", "   辞退"),
    "kind_end_of_contract": ("   End of contract", "   合同到期"),
    "kind_layoff": ("   Layoff", "   裁员"),
    "items_hidden": (
        "{n} items, each hidden (too few interviews)",
        "{n} 个项目，均已隐藏（面谈过少）",
    ),
    "nothing_to_chart": (
        "Nothing to chart: every value is hidden (*)",
        "无可绘制的数据：所有数值均已隐藏（*）",
    ),
    "most_bars_hidden": (
        "{hidden} of {all} bars hidden",
        "{all} 项中 {hidden} 项已隐藏",
    ),
    "none_in_range": ("None in the range", "范围内没有"),
    "reasons_hidden": (
        "Every reason, each hidden (fewer than report.min_group leavers)",
        "各项原因均已隐藏（离职人数少于 report.min_group）",
    ),
    "questionnaire_version": ("{title} (version {version})", "{title}（第 {version} 版）"),
}


def questionnaire_label(title: str, version: int, lang: str) -> str:
    """A questionnaire as the workbook names it: its title in `lang` with its version
    ("Exit interview (version 2)", "离职面谈（第 2 版）"), never its key ("exit v2")."""
    pair = WORKBOOK["questionnaire_version"]
    return (pair[1] if lang == "zh" else pair[0]).format(title=title, version=version)
