"""The words of the written questionnaire form and its cover email, in English and
Chinese (a table like those of `words`, kept apart so each module stays readable)."""

from __future__ import annotations

from retainkit.base.words import Table

FORM: Table = {
    "sheet": ("Questionnaire", "问卷"),
    "title": ("{title}: written questionnaire", "{title}：书面问卷"),
    "for": (
        "For {name} ({number}); form {form}, issued {issued}",
        "填写人：{name}（{number}）；问卷编号 {form}，发出日期 {issued}",
    ),
    "purpose_exit": (
        "We ask everyone who leaves about their time here, so we can learn what to keep and "
        "what to change. Your answers are kept confidential: reports show only groups of five "
        "people or more, never you alone. You need not tell us anything about your pay or "
        "your new employer.",
        "我们会请每一位离职的同事填写这份问卷，谈谈在这里的经历，以便了解哪些做法值得保留、"
        "哪些需要改进。您的回答将被保密：报告只显示五人及以上的汇总结果，绝不会单独显示您的"
        "回答。您无需透露您的薪酬或新雇主的任何信息。",
    ),
    "purpose_stay": (
        "This questionnaire asks what keeps you here and what might make you leave, so that "
        "we can act before it is too late. Your manager and HR will read your answers and "
        "talk with you about a few actions.",
        "这份问卷想了解什么让您留下、什么可能让您离开，以便我们及早采取行动。您的上级和"
        "人力资源部会阅读您的回答，并与您商谈几项具体行动。",
    ),
    "purpose_followup": (
        "Some time has passed since you left. This questionnaire asks how you are and what "
        "we can still learn from your time with us. You need not tell us anything about your "
        "pay or your new employer.",
        "您离开已有一段时间。这份问卷想了解您的近况，以及我们还能从您在这里的经历中学到"
        "什么。您无需透露您的薪酬或新雇主的任何信息。",
    ),
    "how": (
        "How to fill it in: choose an answer from the list in each shaded cell (click the "
        "cell, then the arrow beside it), or type in the large cells. Only the answer cells "
        "can be changed.",
        "填写方法：在每个带底色的格子中从下拉列表选择答案（点击格子，再点旁边的箭头），"
        "或在较大的格子中输入文字。只有回答格可以修改。",
    ),
    "skip_any": (
        "You may leave any answer empty.",
        "任何问题都可以不回答，留空即可。",
    ),
    "skip_others": (
        "You may leave any other answer empty.",
        "其他问题都可以不回答，留空即可。",
    ),
    "return": (
        "To return it: save the file as it is (keep the .xlsx format; Excel, LibreOffice and "
        "WPS all do) and send it back to HR, for instance as a reply to the email it came "
        "with. Please do not copy the answers into another file: this file says who it is "
        "from.",
        "交回方式：直接保存本文件（保留 .xlsx 格式；Excel、LibreOffice、WPS 均可），"
        "然后交回人力资源部，例如回复发送本问卷的邮件并附上文件。请勿把回答复制到其他"
        "文件中：本文件标明了填写人。",
    ),
    "number": ("No.", "序号"),
    "question": ("Question", "问题"),
    "answer": ("Your answer", "您的回答"),
    "needed": ("(an answer is needed)", "（此题需要回答）"),
    "primary": ("Main reason", "主要原因"),
    "contributing": (
        "Other reason {n} (if any, from the same list)",
        "其他原因 {n}（如有，从同一列表中选择）",
    ),
    "answers": ("Answers: {answers}", "可选答案：{answers}"),
    "question_no": ("question", "问题"),
    "tick": ("Applies to you?", "是否符合您的情况？"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "text_hint": ("Type your answer here", "请在此输入"),
    "mail_subject": ("{title}: your written questionnaire", "{title}：您的书面问卷"),
    "mail_body": (
        "Dear {name},\n\n"
        "As you chose to answer in writing, here is the questionnaire as a spreadsheet "
        "(attached). Open it in Excel, LibreOffice or WPS, choose or type your answers, save "
        "it and send it back as a reply to this email.\n\n"
        "{skip}\n\n"
        "Thank you for your time.",
        "{name}，您好：\n\n"
        "您选择以书面方式回答，附件是电子表格形式的问卷。请用 Excel、LibreOffice 或 WPS "
        "打开，选择或输入您的回答，保存后回复本邮件并附上文件。\n\n"
        "{skip}\n\n"
        "感谢您抽出时间。",
    ),
    "mail_skip_some": (
        "The form says which questions need an answer; you may leave any other empty.",
        "问卷中注明了需要回答的问题；其他问题都可以留空。",
    ),
    "reminder": ("form not returned", "问卷未交回"),
}
"""The form a person fills in, the email it is sent with, and its reminder."""


def form_word(key: str, lang: str) -> str:
    english, chinese = FORM[key]
    return chinese if lang == "zh" else english
