"""The reports' notes in the workbook's language. The reports write their notes in English;
a Chinese workbook shows each in Chinese, its figures carried over. A note this table does
not know stays English (tests/test_workbook_words.py finds it)."""

from __future__ import annotations

import re

from retainkit.base.words import code_word

NUMBER = r"[\d.,]+"
ZH_NOTES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"\* hidden: fewer than (?P<n>{NUMBER}) people, or a value that would let a hidden "
            r"one be worked out from the totals \(report\.min_group\)"
        ),
        "* 已隐藏：不足 {n} 人，或可由合计推算出其他隐藏值的数值（设置 report.min_group）",
    ),
    (
        re.compile(
            r"Primary reasons \((?P<source>stated|verified)\) count each separation once; "
            r"contributing reasons are counted separately, a separation may give several\."
        ),
        "主要原因（{source}）每次离职只计一次；次要原因另行统计，一次离职可有多项。",
    ),
    (
        re.compile(
            r"Rates are compared annualised \(the period's rate × the days of a year / the days "
            r"of the period\), so a partial period stands beside a whole one; separations and "
            r"cost are compared only between periods of the same length\. Changes of rates are "
            r"in percentage points\."
        ),
        "比率按年化值比较（该期比率 × 一年的天数 / 该期的天数），因此不完整的期间也可与完整期间"
        "对比；离职人数与成本只在天数相同的期间之间比较。比率的变化以百分点表示。",
    ),
    (
        re.compile(
            r"Where this period's value is hidden, the twelve months to its last day and its "
            r"year to that day are shown, unless they too would reveal it\."
        ),
        "本期数值被隐藏时，显示截至期末的 12 个月及本年截至该日的数值，除非它们也会泄露隐藏值。",
    ),
    (
        re.compile(r"By kind, every rate is over the whole headcount\."),
        "按类型统计时，各比率均以全部在职人数为分母。",
    ),
    (
        re.compile(
            r"Average headcount = the mean of the daily headcount over the period\. Turnover "
            r"rate = separations / average headcount × 100 for the period; annualised = that "
            r"rate × the days of a year / the days of the period; trailing 12 months = "
            r"separations in the 12 months to the period's last day / their average headcount "
            r"× 100\."
        ),
        "平均在职人数 = 期内每日在职人数的平均值。离职率 = 离职人数 / 平均在职人数 × 100（按期）；"
        "年化 = 该比率 × 一年的天数 / 该期的天数；近 12 个月 = 截至期末 12 个月内的离职人数 / "
        "这 12 个月的平均在职人数 × 100。",
    ),
    (
        re.compile(
            r"Voluntary = resignations; retirements and involuntary separations \(dismissal, "
            r"end of contract, layoff\) are counted apart\. First-year share = leavers with "
            r"under a year of service / leavers whose hire date is known × 100\. New-hire "
            r"turnover = hires of the period who left within 12 months / those hires × 100, "
            r"once 12 months have passed\. 12-month retention = employed a year before the "
            r"period's last day and still employed on it / employed a year before × 100\."
        ),
        "主动离职 = 辞职；退休与被动离职（辞退、合同到期、裁员）分开统计。一年内离职占比 = "
        "司龄不满一年的离职人数 / 入职日期已知的离职人数 × 100。新员工离职率 = 本期入职者中"
        " 12 个月内离职的人数 / 本期入职人数 × 100（满 12 个月后计算）。12 个月留任率 = "
        "期末一年前在职且期末仍在职的人数 / 期末一年前在职人数 × 100。",
    ),
    (
        re.compile(
            r"By the period the item was raised\. Overdue = open past its due date; done and "
            r"informed = the people who raised it were told\."
        ),
        "按措施提出的期间统计。已逾期 = 超过截止日期仍未完成；已完成并告知 = 已告知提出人。",
    ),
    (
        re.compile(
            rf"Cost per separation = yearly salary × replacement factor by level \((?P<f>[^)]*)\) "
            rf"\+ (?P<hire>{NUMBER}) per hire; settings cost\.factor\.\*, cost\.per_hire\."
        ),
        "每次离职成本 = 年薪 × 按职级的替换系数（{f}）+ 每次招聘 {hire}；"
        "设置 cost.factor.*、cost.per_hire。",
    ),
    (
        re.compile(
            rf"(?P<a>{NUMBER}) of (?P<b>{NUMBER}) salaries were not known and estimated from "
            r"cost\.salary\.<level>\."
        ),
        "{b} 人中有 {a} 人薪资未知，按 cost.salary.<职级> 估算。",
    ),
    (
        re.compile(
            rf"(?P<n>{NUMBER}) salaries were imported as monthly pay and made yearly "
            r"\((?P<times>[^;]*); setting salary\.months_per_year\)\."
        ),
        "{n} 人的薪资以月薪导入并折算为年薪（{times}；设置 salary.months_per_year）。",
    ),
    (
        re.compile(
            rf"(?P<n>{NUMBER}) leavers have no hire date: first-year figures leave them out, and "
            r"are blank where no leaver's hire date is known\."
        ),
        "{n} 名离职人员没有入职日期：一年内离职的数字不计入他们；"
        "若所有离职人员的入职日期都未知，则留空。",
    ),
    (
        re.compile(
            r"By the period of the last day\. Coverage = completed exit interviews / separations "
            r"× 100\. Follow-ups: contacts after leaving whose window closed in the period; on "
            r"time = logged by the window's last day\. Would return: the latest answer, from a "
            r"follow-up contact or else the exit interview\."
        ),
        "按最后工作日所在期间统计。覆盖率 = 已完成的离职访谈 / 离职人数 × 100。"
        "回访：联系窗口在本期结束的离职后联系；按时 = 在窗口最后一天前记录。"
        "愿意回归：最近一次回答，来自回访，否则来自离职访谈。",
    ),
    (
        re.compile(
            r"Contacts after leaving whose window closed in the period, or which were done; "
            r"on time = logged by the window's last day\."
        ),
        "联系窗口在本期结束或已完成的离职后联系；按时 = 在窗口最后一天前记录。",
    ),
    (
        re.compile(
            r"Completed (?P<kind>\w+) interviews by the day they were finished\. Scores 0–100 "
            r"\(likert 1→0, 5→100; yes/no 0 or 100; reversed where the question says so\)\. "
            r"eNPS = % answering 9–10 − % answering 0–6\. Change: from the previous period\."
        ),
        "已完成的{kind}，按完成日期统计。评分 0–100（量表 1→0，5→100；是/否为 0 或 100；"
        "题目注明时反向计分）。员工净推荐值 = 回答 9–10 的占比 − 回答 0–6 的占比。"
        "变化：与上期相比。",
    ),
    (
        re.compile(
            rf"(?P<n>{NUMBER}) verified separations from (?P<a>\S+) to (?P<b>\S+); the stated and "
            rf"verified primary reasons agree for (?P<k>{NUMBER}) \((?P<p>{NUMBER})%\)\."
        ),
        "{a} 至 {b} 共 {n} 次离职已核实原因；陈述与核实的主要原因一致 {k} 次（{p}%）。",
    ),
    (
        re.compile(rf"(?P<n>{NUMBER}) verified separations from (?P<a>\S+) to (?P<b>\S+)\."),
        "{a} 至 {b} 共 {n} 次离职已核实原因。",
    ),
    (
        re.compile(
            r"By the period of the last day\. A retention chance: a separation with a retention "
            r"action item or a recorded decision\. Save: retained \(separation withdraw\); "
            r"save rate = saves / chances decided × 100\. Cost avoided: what the saved "
            r"separations would have cost, as report cost computes it \(settings cost\.\*\)\."
        ),
        "按最后工作日所在期间统计。挽留机会：有挽留行动项或已记录结果的离职记录。成功挽留："
        "已留下（以命令 retainkit separation withdraw 记录）；挽留成功率 = 成功挽留 / "
        "已有结果的挽留机会 × 100。避免的离职成本：被挽留者若离职将产生的成本，"
        "算法与命令 retainkit report cost 相同（设置 cost.*）。",
    ),
    (
        re.compile(
            r"Counts are leavers whose exit-interview comments touch a theme; one leaver may "
            r"touch several\. Themes are read from every open answer but the praise questions "
            r"\(what leavers valued\), as report reasons --compare reads them; leavers who "
            r"commented count those who only praised too\. Sensitive answers are never read\."
        ),
        "数字为离职面谈留言涉及该主题的离职者人数；一人可涉及多个主题。主题从除表扬类问题（离职者"
        "认可的方面）以外的所有开放回答中读取，与命令 retainkit report reasons --compare "
        "的读法相同；留言者人数也包括只写了认可之处的人。敏感回答从不读取。",
    ),
    (
        re.compile(
            rf"\* hidden: comments from fewer than (?P<n>{NUMBER}) leavers in a group, or a "
            r"value that would let a hidden one be worked out \(report\.min_comments\)"
        ),
        "* 已隐藏：留言者不足 {n} 人的组，或可由此推算出隐藏值的数值（设置 report.min_comments）",
    ),
    (
        re.compile(
            rf"Quotes: (?P<n>{NUMBER}) comments, names \(first or last names alone too\), "
            rf"employee numbers, emails and phones replaced by pseudonyms; sensitive answers "
            rf"never shown; (?P<m>{NUMBER}) comments "
            r"of departments under report\.min_comments left out\."
        ),
        "原话摘录：{n} 条留言，其中的姓名（包括单独出现的名或姓）、工号、邮箱和电话均已替换为"
        "化名；敏感回答从不显示；"
        "留言者不足 report.min_comments 的部门的 {m} 条留言未列出。",
    ),
]
"""Each English note (as a whole) and its Chinese, `{name}` taking the note's figures."""

ZH_VALUES = {
    "stated": "陈述",
    "verified": "核实",
    "exit": "离职访谈",
    "stay": "留任访谈",
    "followup": "回访",
}
"""Words inside a note that are themselves translated."""


def in_language(note: str, lang: str) -> str:
    """`note` as the workbook in `lang` shows it."""
    if lang != "zh":
        return note
    for pattern, chinese in ZH_NOTES:
        found = pattern.fullmatch(note)
        if found:
            values = {k: ZH_VALUES.get(v, v) for k, v in found.groupdict().items()}
            if "times" in values:  # "3 × 12 months"
                values["times"] = values["times"].replace(" months", " 个月").replace(", ", "，")
            if "f" in values:  # "staff 0.4, middle 0.8": the levels in words
                values["f"] = re.sub(r"[a-z_]+", lambda m: code_word(m[0], "zh"), values["f"])
                values["f"] = values["f"].replace(", ", "，")
            return chinese.format(**values)
    return note
