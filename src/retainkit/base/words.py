"""retainkit's own words in English and Chinese, in one place.

Each table maps a key to (English, Chinese). Questionnaires and the reason taxonomy carry
their own bilingual text as data; these are the words of retainkit's screens, reports and
plans.
"""

from __future__ import annotations

from retainkit.base.vocab import MAX_CONTRIBUTING

LANGUAGES = ("en", "zh")

Table = dict[str, tuple[str, str]]

CONTACT_KIND_LABELS = {
    "exit_interview": "exit interview",
    "first": "first follow-up",
    "mid": "mid follow-up",
    "yearly_care": "yearly care",
    "rehire_check": "rehire check",
    "stay_interview": "stay interview",
}
"""What a planned contact is for, as `followup due` and the plan show it."""

INTERVIEW: Table = {
    "skip": ("Skip (prefers not to answer)", "跳过（不愿回答）"),
    "skipped": ("(skipped)", "（已跳过）"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "needed": ("An answer is needed here", "此题必须回答"),
    "optional": ("Enter to skip", "回车跳过"),
    "nps": ("a number from 0 to 10", "0 到 10 之间的数字"),
    "contributing": (
        f"Contributing reasons (up to {MAX_CONTRIBUTING}; space to mark, enter when done)",
        f"其他原因（最多 {MAX_CONTRIBUTING} 项；空格选择，回车确认）",
    ),
    "too_many": (f"Choose at most {MAX_CONTRIBUTING}", f"最多选择 {MAX_CONTRIBUTING} 项"),
    "items": ("separate items with ;", "多项请用 ; 分隔"),
    "review": ("Review the answers", "检查回答"),
    "save": ("Save and finish", "保存并完成"),
    "change": ("Change an answer", "修改回答"),
    "which": ("Which answer?", "修改哪一题？"),
}
"""The interview screens."""

REPORT: Table = {
    # report and sheet names
    "summary": ("Summary", "概览"),
    "reasons": ("Reasons", "离职原因"),
    "reasons_by_period": ("Reasons by period", "各期离职原因"),
    "reasons_by_department": ("Reasons by department", "各部门离职原因"),
    "reasons_by_manager": ("Reasons by manager", "各上级离职原因"),
    "reasons_by_level": ("Reasons by level", "各职级离职原因"),
    "voluntary": ("Voluntary and involuntary", "主动与被动离职"),
    "regrettable_sheet": ("Regrettable", "惋惜离职"),
    "turnover": ("Turnover", "离职率"),
    "cost": ("Cost", "离职成本"),
    "scores": ("Scores", "评分"),
    "interviews": ("Interviews", "访谈"),
    "interview_list": ("Interviews", "访谈明细"),
    "coverage_sheet": ("Interview coverage", "访谈覆盖"),
    "followups": ("Follow-ups", "离职回访"),
    "actions": ("Actions", "改进措施"),
    "compare": ("Stated and verified reasons", "陈述与核实原因"),
    # breakdowns
    "period": ("Period", "期间"),
    "department": ("Department", "部门"),
    "manager": ("Manager", "上级"),
    "level": ("Level", "职级"),
    "kind": ("Kind", "类型"),
    "tenure": ("Tenure", "司龄"),
    "owner": ("Owner", "负责人"),
    "under_1": ("under 1 year", "不满1年"),
    "1_3": ("1–3 years", "1–3年"),
    "3_5": ("3–5 years", "3–5年"),
    "5_plus": ("5+ years", "5年以上"),
    "unknown": ("unknown", "未知"),
    "not_set": ("(not set)", "（未填）"),
    "all": ("All", "全部"),
    # reasons
    "type": ("Type", "类别"),
    "reason": ("Reason", "原因"),
    "code": ("Code", "代码"),
    "primary": ("primary", "主要原因"),
    "contributing": ("contributing", "次要原因"),
    "controllable": ("Company-controlled", "公司可控因素"),
    "personal": ("Personal", "个人因素"),
    "not_recorded": ("Not recorded", "未记录"),
    "all_separations": ("All separations", "全部离职"),
    "all_mentions": ("All mentions", "全部提及"),
    "total": ("Total", "合计"),
    "stated": ("Stated", "陈述"),
    "verified": ("Verified", "核实"),
    "agree": ("Both agree", "一致"),
    "differ": ("Stated, verified otherwise", "陈述与核实不同"),
    # turnover and cost
    "separations": ("Separations", "离职人数"),
    "headcount": ("Average headcount", "平均在职人数"),
    "turnover_rate": ("Turnover rate %", "离职率 %"),
    "voluntary_count": ("Voluntary (resignations)", "主动离职（辞职）"),
    "voluntary_rate": ("Voluntary rate %", "主动离职率 %"),
    "involuntary_count": ("Involuntary", "被动离职"),
    "regrettable": ("Regrettable", "惋惜离职"),
    "regrettable_rate": ("Regrettable rate %", "惋惜离职率 %"),
    "first_year": ("Left in first year", "入职一年内离职"),
    "first_year_rate": ("First-year turnover %", "一年内离职占比 %"),
    "annualised_rate": ("Annualised turnover %", "年化离职率 %"),
    "ttm_rate": ("Trailing 12 months %", "近12个月离职率 %"),
    "retirements": ("Retirements", "退休"),
    "retirement_rate": ("Retirement rate %", "退休率 %"),
    "involuntary_rate": ("Involuntary rate %", "被动离职率 %"),
    "hire_date_unknown": ("Hire date unknown", "入职日期未知"),
    "hires": ("Hires", "入职人数"),
    "new_hire_turnover": ("New-hire turnover %", "新员工一年内离职率 %"),
    "retention_rate": ("12-month retention %", "12个月留任率 %"),
    "estimated": ("Salaries estimated", "估算薪资人数"),
    "total_cost": ("Turnover cost", "离职成本"),
    "cost_per_separation": ("Cost per separation", "人均离职成本"),
    # scores
    "item": ("Item", "项目"),
    "responses": ("Responses", "回答数"),
    "mean": ("Mean (0–100)", "平均分 (0–100)"),
    "change": ("Change", "变化"),
    "enps": ("eNPS", "员工净推荐值"),
    "dimension": ("dimension", "维度"),
    "question": ("question", "问题"),
    # interviews and follow-ups
    "completed": ("Completed", "已完成"),
    "declined": ("Declined", "已拒绝"),
    "drafts": ("Drafts open", "未完成草稿"),
    "not_held": ("Not held", "未进行"),
    "coverage": ("Coverage %", "覆盖率 %"),
    "rehire_yes": ("Would return: yes", "愿意回归：是"),
    "rehire_maybe": ("Would return: maybe", "愿意回归：也许"),
    "planned": ("Due", "应联系"),
    "done_on_time": ("Done on time", "按时完成"),
    "done_late": ("Done late", "逾期完成"),
    "not_done": ("Not done", "未完成"),
    "on_time_rate": ("On time %", "按时率 %"),
    # actions
    "open": ("Open", "未完成"),
    "overdue": ("Overdue", "已逾期"),
    "done": ("Done", "已完成"),
    "informed": ("Done and informed", "已完成并告知"),
    "dropped": ("Dropped", "已放弃"),
    # summary
    "measure": ("Measure", "指标"),
    "this_period": ("This period", "本期"),
    "previous_period": ("Previous period", "上期"),
    "total_separations": ("Separations", "离职人数"),
    "open_actions": ("Open actions", "未完成措施"),
    "interview_coverage": ("Exit interview coverage %", "离职访谈覆盖率 %"),
    # interview list
    "person": ("Person", "人员"),
    "employee_no": ("Employee no.", "工号"),
    "name": ("Name", "姓名"),
    "interview": ("Interview", "访谈编号"),
    "questionnaire": ("Questionnaire", "问卷"),
    "status": ("Status", "状态"),
    "mode": ("Mode", "方式"),
    "interviewer": ("Interviewer", "访谈人"),
    "held_by": ("Held by", "主持人角色"),
    "started": ("Started", "开始日期"),
    "completed_on": ("Completed", "完成日期"),
    "last_day": ("Last day", "最后工作日"),
    "separation_kind": ("Separation kind", "离职类型"),
    "retention_risk": ("Retention risk", "留任风险"),
    "note": ("Note", "说明"),
}
"""Report titles, columns and labels, and the workbook's sheet names."""


def word(table: Table, key: str, lang: str) -> str:
    """The key's word in `lang`; a key the table lacks reads as itself, spaced."""
    pair = table.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[1] if lang == "zh" else pair[0]
