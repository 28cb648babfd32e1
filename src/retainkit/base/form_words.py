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
    "contributing": ("Other reason {n} (if any)", "其他原因 {n}（如有）"),
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
