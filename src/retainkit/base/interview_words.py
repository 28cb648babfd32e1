"""The interview screens' words for the interviewer's notes, the briefing in the header and
the messages around a live interview, in English and Chinese. `words.INTERVIEW` includes
them: look words up there."""

from __future__ import annotations

CONVERSATION: dict[str, tuple[str, str]] = {
    # the interviewer's notes
    "note_key": ("Ctrl-N: note", "Ctrl-N：备注"),
    "note_edit": ("Ctrl-N: edit the note", "Ctrl-N：修改备注"),
    "note_title": (
        "Interviewer's note at question {n} (private: not read out, not in anonymised exports)",
        "第 {n} 题的访谈人备注（仅供访谈人：不读给对方，不进入匿名导出）",
    ),
    "note_word": ("The note", "备注"),
    "note_empty": ("empty removes it", "留空即删除"),
    "note_back": ("PgUp: back, unchanged", "PgUp：返回，不作修改"),
    "note_saved": ("note kept at question {n}", "第 {n} 题的备注已保存"),
    "note_removed": ("note at question {n} removed", "第 {n} 题的备注已删除"),
    "note_not_saved": (
        "the note could not be saved ({why}); Ctrl-N opens it again to save",
        "备注未能保存（{why}）；按 Ctrl-N 可重新打开并保存",
    ),
    "note_rescued": ("the note being typed is kept with the draft", "正在输入的备注已随草稿保存"),
    "note_rescued_cut": (
        "the note being typed is kept with the draft, cut to {n} characters",
        "正在输入的备注已随草稿保存，截为 {n} 个字符",
    ),
    "none_marked": ("none marked", "未选择"),
    "notes_at": ("Interviewer's notes at questions {numbers}", "访谈人备注：第 {numbers} 题"),
    # what is wrong with a text typed in a box (core.text.TextProblem)
    "text_too_long": (
        "is {n:,} characters long; at most {limit:,} fit",
        "共 {n:,} 个字符；最多 {limit:,} 个",
    ),
    "text_control": (
        "contains control characters (such as an escape sequence); remove them",
        "含有控制字符（如转义序列）；请删除",
    ),
    "text_formula": (
        "looks like a spreadsheet formula; enter the value itself",
        "看起来像电子表格公式；请输入内容本身",
    ),
    "text_not_utf8": (
        "is not valid text; enter it again as UTF-8",
        "不是有效的文本；请以 UTF-8 重新输入",
    ),
    # the briefing
    "earlier_more": ("and {n} more", "另有 {n} 条"),
    "earlier_reasons": ("reasons: {reasons}", "原因：{reasons}"),
    "primary_mark": ("{reason} (primary)", "{reason}（主要）"),
    "hr_recorded": ("recorded by HR: {reasons}", "人事系统记录：{reasons}"),
    "last_followup": ("Last follow-up {day}: {conclusion}", "最近一次回访 {day}：{conclusion}"),
    "actions_heading": ("Actions promised", "已承诺的行动"),
    "action_line_open": ("{id} {title}: {status}, due {due}", "{id} {title}：{status}，截止 {due}"),
    "action_line_undated": ("{id} {title}: {status}", "{id} {title}：{status}"),
    "action_line_closed": ("{id} {title}: {status} {day}", "{id} {title}：{status} {day}"),
    "action_outcome": ("; outcome: {outcome}", "；结果：{outcome}"),
    "action_status_open": ("open", "未完成"),
    "action_status_in_progress": ("in progress", "进行中"),
    "action_status_done": ("done", "已完成"),
    "action_status_dropped": ("dropped", "已放弃"),
    "hr_notes": ("HR notes: {notes}", "人事备注：{notes}"),
    # why an interviewer is suggested (the settings' terms)
    "why_high_performer": ("a high performer", "高绩效员工"),
    "why_performance": ("performance {n}", "绩效 {n}"),
    "why_level": ("{level} level", "职级：{level}"),
    "title_version": ("{label} · {key} v{version}", "{label} · {key} 第 {version} 版"),
    "title_builtin": ("{label} · {key} v{version}", "{label} · 第 {version} 版"),
    # messages around the interview
    "late_exit": (
        "warning: this exit interview is held {months} months after the last day ({day}); "
        "memories fade and the answers may say more about the new job. A follow-up interview "
        "may fit better: retainkit interview followup {person}",
        "注意：本次离职访谈距最后工作日（{day}）已 {months} 个月；记忆会淡化，回答可能更多反映"
        "新工作的情况。回访可能更合适：retainkit interview followup {person}",
    ),
    "held_elsewhere": (
        "draft {id} is open in another terminal ({where}, last active {seen} UTC); finish it "
        "there, or if that terminal was closed, try again in {seconds} s",
        "草稿 {id} 正在另一个终端中打开（{where}，最后活动 {seen} UTC）；请在那里完成，"
        "如果那个终端已关闭，请 {seconds} 秒后重试",
    ),
    "taken_over": (
        "draft {id} was taken over in another terminal ({where}); nothing more is saved "
        "from this one",
        "草稿 {id} 已在另一个终端中接管（{where}）；本终端不再保存任何内容",
    ),
    "no_terminal": (
        "no terminal to ask the questions on; record a written questionnaire with "
        "--answers FILE (a template: retainkit questionnaire template {kind})",
        "没有可以提问的终端；请用 --answers FILE 记录书面问卷（模板：retainkit questionnaire "
        "template {kind} --lang zh）",
    ),
    "has_draft": (
        "{person} has a draft {kind} interview ({id}); {then}: retainkit interview discard {id}",
        "{person} 有一份{kind}访谈草稿（{id}）；{then}：retainkit interview discard {id}",
    ),
    "draft_resume_or_discard": (
        "continue it with --resume, or discard it",
        "用 --resume 继续，或删除它",
    ),
    "draft_discard_first": ("discard it first", "请先删除它"),
    "no_owner": (
        "no one to own the action items this interview raises: give --interviewer NAME, or "
        'set a default owner: retainkit config set actions.default_owner "Head of People"',
        "本次访谈产生的行动项无人负责：请用 --interviewer 指定访谈人，或设置默认负责人："
        'retainkit config set actions.default_owner "人力资源负责人"',
    ),
    "no_hr_owner": (
        "the leaver complains about their manager, and no one else can own the action items: "
        'set HR or leadership: retainkit config set actions.hr_owner "Head of People"',
        "离职者投诉其直属上级，且没有其他人可以负责这些行动项：请设置人力资源或管理层负责人："
        'retainkit config set actions.hr_owner "人力资源负责人"',
    ),
    "owner_unset": (
        "note: an urgent item these answers may raise has no one to own it yet: give "
        "--interviewer NAME, or set retainkit config set actions.default_owner NAME before "
        "finishing",
        "提示：这些回答可能产生的紧急事项目前无人负责：请用 --interviewer 指定访谈人，或在完成前"
        "设置 retainkit config set actions.default_owner 姓名",
    ),
    "draft_kept": (
        "{because}; every answer is kept in the draft: finish it with retainkit interview "
        "{command} {person} --resume",
        "{because}；所有回答都保留在草稿中：请用 retainkit interview {command} {person} --resume "
        "完成",
    ),
    "draft_finish_before_form": (
        "finish it with --resume or discard it before recording the form",
        "请先用 --resume 完成或删除它，再记录表单",
    ),
    "draft_finish_before_issue": (
        "finish it with --resume or discard it before issuing a form",
        "请先用 --resume 完成或删除它，再发出表单",
    ),
    "draft_finish_or_discard": (
        "finish it with --resume or discard it",
        "用 --resume 完成，或删除它",
    ),
    "no_draft": (
        "{person} has no draft {kind} interview to resume",
        "{person} 没有可继续的{kind}访谈草稿",
    ),
    "has_left": (
        "{person} has left; stay interviews are for active people (for a former employee: "
        "retainkit interview followup {person})",
        "{person} 已离职；留任访谈只适用于在职员工（前员工请用：retainkit interview followup "
        "{person}）",
    ),
    "no_separation": (
        "{person} has no separation; record it first: retainkit depart {person} --last-day "
        "YYYY-MM-DD --kind voluntary",
        "{person} 没有离职记录；请先记录：retainkit depart {person} --last-day YYYY-MM-DD "
        "--kind voluntary",
    ),
    "exit_done": (
        "the exit interview for separation {separation} is done already (interview {id}); "
        "see: retainkit interview show {id}",
        "离职记录 {separation} 的离职访谈已完成（访谈 {id}）；查看：retainkit interview show {id}",
    ),
    "discard_ask": (
        "Discard draft interview {id} ({kind}, {person}, {n} answers)? The answers cannot be "
        "brought back.",
        "删除草稿访谈 {id}（{kind}，{person}，{n} 个回答）？回答删除后无法恢复。",
    ),
    "discard_ask_one": (
        "Discard draft interview {id} ({kind}, {person}, 1 answer)? The answers cannot be "
        "brought back.",
        "删除草稿访谈 {id}（{kind}，{person}，1 个回答）？回答删除后无法恢复。",
    ),
    "confirm_with_yes": (
        "Give --yes to confirm; nothing was changed",
        "请加 --yes 确认；未作任何更改",
    ),
    "not_confirmed": ("not confirmed; nothing was changed", "未确认；未作任何更改"),
    "discarded": ("discarded draft interview {id}", "已删除草稿访谈 {id}"),
    "declined_recorded": (
        "recorded that {person} declined the {kind} interview ({id})",
        "已记录 {person} 拒绝{kind}访谈（{id}）",
    ),
    "offer_written": (
        "offer the written questionnaire, a form to fill in a spreadsheet: retainkit "
        "interview form exit {person} --send (or -o FILE to hand it over)",
        "请提供书面问卷（在电子表格中填写的表单）：retainkit interview form exit {person} "
        "--lang zh --send（或用 -o 文件 交给本人）",
    ),
}
"""Merged into words.INTERVIEW."""
