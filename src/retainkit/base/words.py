"""retainkit's own words in English and Chinese, in one place.

Each table maps a key to (English, Chinese). Questionnaires and the reason taxonomy carry
their own bilingual text as data; these are the words of retainkit's screens, reports and
plans.
"""

from __future__ import annotations

from retainkit.base.chat_words import CHAT as CHAT
from retainkit.base.interview_words import CONVERSATION
from retainkit.base.vocab import MAX_CONTRIBUTING
from retainkit.base.workbook_words import WORKBOOK

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
    "not_asked": ("(not asked)", "（未询问）"),
    "dropped": (
        "no longer asked after this answer, so its answer was removed: {questions}",
        "根据此回答不再询问以下问题，其回答已删除：{questions}",
    ),
    "not_applicable": (
        "question {n} is not asked after the answers before it",
        "根据之前的回答，第 {n} 题不需询问",
    ),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "needed": ("An answer is needed here", "此题必须回答"),
    "progress": ("{n} of {total}", "第 {n}/{total} 题"),
    "pick": ("press its key or use the arrows, then Enter", "按对应键或方向键选择，回车确认"),
    "mark": ("space to mark, Enter when done", "空格选择，回车确认"),
    "none_skips": ("none marked skips it", "不选即跳过"),
    "empty_skips": ("empty skips it", "留空即跳过"),
    "enter_saves": ("Enter saves", "回车保存"),
    "new_line": ("Alt+Enter or Esc, Enter: new line", "Alt+回车 或 Esc 再回车：换行"),
    "back": ("PgUp: previous question", "PgUp：上一题"),
    "answer": ("The answer", "回答"),
    "nps": ("a number from 0 to 10", "0 到 10 之间的数字"),
    "contributing": (
        f"Contributing reasons (up to {MAX_CONTRIBUTING})",
        f"其他原因（最多 {MAX_CONTRIBUTING} 项）",
    ),
    "too_many": (f"Choose at most {MAX_CONTRIBUTING}", f"最多选择 {MAX_CONTRIBUTING} 项"),
    "items": ("one item per line or separated by ;", "每行一项，或用 ; 或 ； 分隔"),
    "review": ("Review the answers", "检查回答"),
    "save": ("Save and finish", "保存并完成"),
    "change": ("Change an answer", "修改回答"),
    "which": (
        "Number of the answer to change (1-{count}; empty: back)",
        "要修改第几题（1-{count}；留空返回）",
    ),
    "not_saved": ("(not saved yet)", "（尚未保存）"),
    "tenure": ("tenure {tenure}", "司龄 {tenure}"),
    "years_months": ("{y} y {m} m", "{y} 年 {m} 个月"),
    "months": ("{m} m", "{m} 个月"),
    "unknown": ("unknown", "未知"),
    "last_day": ("last day {day}", "最后工作日 {day}"),
    "suggested": ("Suggested interviewer: {who}", "建议访谈人：{who}"),
    "earlier": ("Earlier", "过往记录"),
    "purpose": ("Purpose", "访谈目的"),
    "resuming": ("Resuming draft {id}: {n} answers kept.", "继续草稿 {id}：已保留 {n} 个回答。"),
    "resuming_one": ("Resuming draft {id}: 1 answer kept.", "继续草稿 {id}：已保留 1 个回答。"),
    "typed_back": (
        "The text being typed at question {n} is back in its answer box.",
        "第 {n} 题中断时正在输入的文字已放回输入框。",
    ),
    "interview": ("Interview {id}", "访谈 {id}"),
    "question": ("question", "问题"),
    "answer_column": ("answer", "回答"),
    "completed": ("interview {id} completed", "访谈 {id} 已完成"),
    "scores": ("scores: {scores}", "评分：{scores}"),
    "risk": ("retention risk: {risk}", "留任风险：{risk}"),
    "action": ("action item {id}: {title}", "行动项 {id}：{title}"),
    "earlier_interview": (
        "{day}: {kind} interview {id}, {status}",
        "{day}：{kind}访谈 {id}，{status}",
    ),
    "earlier_risk": (", retention risk {risk}", "，留任风险 {risk}"),
    "earlier_separation": (
        "{day}: separation {id}, {kind}, {status}",
        "{day}：离职 {id}，{kind}，{status}",
    ),
    "suggested_why": ("{role} ({why})", "{role}（{why}）"),
    "the default": ("the default", "默认"),
    # interview kinds and statuses, separation kinds and statuses, interviewer roles
    "exit": ("exit", "离职"),
    "stay": ("stay", "留任"),
    "followup": ("follow-up", "回访"),
    "draft": ("draft", "草稿"),
    "completed_status": ("completed", "已完成"),
    "declined": ("declined", "已拒绝"),
    "voluntary": ("voluntary", "主动离职"),
    "involuntary": ("involuntary", "被动离职"),
    "retirement": ("retirement", "退休"),
    "end_of_contract": ("end of contract", "合同到期"),
    "layoff": ("layoff", "裁员"),
    "open": ("open", "进行中"),
    "cancelled": ("cancelled", "已取消"),
    "rehired": ("rehired", "已返聘"),
    "withdrawn": ("withdrawn: stayed", "已撤回（留任）"),
    "manager": ("manager", "直属上级"),
    "hr": ("hr", "人力资源"),
    "leadership": ("leadership", "领导层"),
    "saved_draft": (
        "saved as draft {id}; continue with: retainkit interview {kind} {person} --resume",
        "已存为草稿 {id}；继续访谈：retainkit interview {kind} {person} --resume",
    ),
    "kept_typed": ("the text being typed is kept with the draft", "正在输入的文字已随草稿保存"),
    "not_kept_typed": (
        "the text being typed could not be kept ({why})",
        "正在输入的文字未能保存（{why}）",
    ),
    "waiting": (
        "{n} answer(s) not saved yet ({why}); they are kept here and saved with the next "
        "answer, or at the review",
        "{n} 个回答尚未保存（{why}）；它们保留在此，将随下一个回答或在检查时保存",
    ),
    "not_finished": (
        "the interview could not be finished ({why}); every answer is kept in the draft: "
        "choose Save and finish again",
        "访谈未能完成（{why}）；所有回答都保留在草稿中：请再次选择“保存并完成”",
    ),
    **CONVERSATION,  # notes, the briefing, the messages around an interview
}
"""The interview screens."""

REPORT: Table = {
    # report and sheet names
    "summary": ("Summary", "关键指标对比"),
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
    "comments_sheet": ("Comments", "留言"),
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
    "said": ("Said in comments", "留言中提到"),
    # comments
    "comments": ("Comment themes", "留言主题"),
    "commenters": ("Leavers who commented", "留言的离职者"),
    "theme": ("Theme", "主题"),
    "quotes": ("Quotes", "原话摘录"),
    "quote": ("Quote", "原话"),
    "asked": ("Question", "问题"),
    "a_name": ("[name]", "[姓名]"),
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
    "first_year_rate": ("First-year share of leavers %", "一年内离职占比 %"),
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
    # saves
    "saves": ("Saves", "成功挽留"),
    "chances": ("Retention chances", "挽留机会"),
    "decided": ("Decided", "已有结果"),
    "exits_confirmed": ("Exits confirmed", "确认离职"),
    "save_rate": ("Save rate %", "挽留成功率 %"),
    "cost_avoided": ("Turnover cost avoided", "避免的离职成本"),
    # scores
    "item": ("Item", "项目"),
    "responses": ("Responses", "回答数"),
    "mean": ("Mean (0–100)", "平均分 (0–100)"),
    "change": ("Change", "变化"),
    "enps": ("eNPS", "员工净推荐值"),
    "dimension": ("Dimension", "维度"),
    "question": ("Question", "问题"),
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
    "range": ("Range", "范围"),
    "interview_coverage": ("Exit interview coverage %", "离职访谈覆盖率 %"),
    "voluntary_annualised": ("Annualised voluntary %", "年化主动离职率 %"),
    "involuntary_annualised": ("Annualised involuntary %", "年化被动离职率 %"),
    "regrettable_annualised": ("Annualised regrettable %", "年化惋惜离职率 %"),
    "overdue_actions": ("Overdue actions", "逾期措施"),
    "year_ago": ("A year before", "去年同期"),
    "change_year": ("Change from a year before", "同比变化"),
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
REPORT |= WORKBOOK


CODES: Table = {
    # kinds of separation
    "voluntary": ("voluntary", "主动离职"),
    "involuntary": ("dismissal", "辞退"),
    "retirement": ("retirement", "退休"),
    "end_of_contract": ("end of contract", "合同到期"),
    "layoff": ("layoff", "裁员"),
    # levels
    "staff": ("staff", "普通员工"),
    "middle": ("middle management", "中层管理"),
    "senior": ("senior management", "高层管理"),
    "core": ("core role", "核心岗位"),
    # interviews: kind, status, mode, who held it, retention risk
    "exit": ("exit", "离职访谈"),
    "stay": ("stay", "留任访谈"),
    "followup": ("follow-up", "回访"),
    "draft": ("draft", "草稿"),
    "completed": ("completed", "已完成"),
    "declined": ("declined", "已拒绝"),
    "in_person": ("in person", "面谈"),
    "phone": ("phone", "电话"),
    "video": ("video", "视频"),
    "written": ("written", "书面"),
    "email": ("email", "电子邮件"),
    "chat": ("chat", "即时消息"),
    "manager": ("manager", "直属上级"),
    "hr": ("HR", "人力资源"),
    "leadership": ("leadership", "管理层"),
    "green": ("low (green)", "低（绿）"),
    "yellow": ("medium (yellow)", "中（黄）"),
    "red": ("high (red)", "高（红）"),
    # action items
    "remedial": ("remedial", "纠正措施"),
    "preventive": ("preventive", "预防措施"),
    "strategic": ("strategic", "战略措施"),
    # planned contacts
    "exit_interview": ("exit interview", "离职访谈"),
    "first": ("first follow-up", "首次回访"),
    "mid": ("mid follow-up", "中期回访"),
    "yearly_care": ("yearly care", "年度关怀"),
    "rehire_check": ("rehire check", "返聘评估"),
    "stay_interview": ("stay interview", "留任访谈"),
    # scored dimensions
    "pay": ("pay and benefits", "薪酬福利"),
    "growth": ("career growth", "职业发展"),
    "workload": ("workload", "工作负荷"),
    "flexibility": ("flexibility", "工作灵活性"),
    "culture": ("team and culture", "团队文化"),
    "conditions": ("working conditions", "工作条件"),
    "training": ("training", "培训"),
    "appraisal": ("appraisal and recognition", "绩效评估"),
    "overall": ("overall", "总体"),
    # kinds of score row
    "dimension": ("Dimension", "维度"),
    "question": ("Question", "问题"),
    "enps": ("eNPS", "员工净推荐值"),
}
"""The codes retainkit stores (kinds, levels, statuses, modes, dimensions...) as the
workbook shows them. Where a code means one thing in one place and another elsewhere
("manager" as who held an interview is the person's manager), the workbook's meaning."""


def code_word(code: str, lang: str) -> str:
    """A stored code as a reader reads it; an unknown code (a department, a name) as is."""
    pair = CODES.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "zh" else pair[0]


def word(table: Table, key: str, lang: str) -> str:
    """The key's word in `lang`; a key the table lacks reads as itself, spaced."""
    pair = table.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[1] if lang == "zh" else pair[0]
