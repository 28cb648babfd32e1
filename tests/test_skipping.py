"""What the purpose statement says about skipping is what retainkit enforces: every question
may be skipped unless the questionnaire marks it `required`, which a sensitive question
never is, and then the statement names it."""

from __future__ import annotations

import pytest

from retainkit.base.errors import InputError
from retainkit.core.interviews.written import check_written_answers
from retainkit.core.library import BUILTIN_KEYS, builtin_source
from retainkit.core.questionnaires.answers import NOT_ASKED, SKIPPED
from retainkit.core.questionnaires.loading import load_text
from retainkit.core.questionnaires.model import SKIP_ANY, Questionnaire
from retainkit.core.questionnaires.problems import QuestionnaireError
from retainkit.core.reasons import LANGUAGES


def skippable(questionnaire: Questionnaire) -> set[str]:
    """The questions an answers file may leave empty, as recording it enforces."""
    try:
        answers = check_written_answers(questionnaire, {})
    except InputError as exc:
        needed = {line.split(":")[0] for line in exc.details}
        return {q.key for q in questionnaire.questions} - needed
    # a follow-up of a skipped answer is not asked: neither needed nor answered
    assert all(value is SKIPPED or value is NOT_ASKED for value in answers.values())
    return set(answers)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_a_builtin_purpose_says_any_question_may_be_skipped_and_every_one_can(
    key: str, lang: str
) -> None:
    questionnaire = load_text(builtin_source(key), f"{key}.toml")
    statement = questionnaire.purpose_statement(lang)
    assert statement is not None and SKIP_ANY[lang] in statement.lower()
    assert skippable(questionnaire) == {q.key for q in questionnaire.questions}
    assert questionnaire.required == ()


CUSTOM = """\
key = "short-exit"
version = 1
kind = "exit"
title = {{ en = "Short exit", zh = "简短离职访谈" }}
purpose = {{ en = "{purpose_en}", zh = "{purpose_zh}" }}

[[questions]]
key = "last_day_ok"
type = "yesno"
prompt = {{ en = "Is the last day agreed?", zh = "最后工作日已确认吗？" }}
required = true
{extra}

[[questions]]
key = "pay"
type = "likert"
dimension = "pay"
prompt = {{ en = "My pay was fair", zh = "我的薪酬公平" }}
"""


def custom(
    purpose_en: str = "Why we ask.", purpose_zh: str = "我们为什么问。", extra: str = ""
) -> Questionnaire:
    text = CUSTOM.format(purpose_en=purpose_en, purpose_zh=purpose_zh, extra=extra)
    return load_text(text, "short-exit.toml")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_required_question_is_named_in_the_statement_and_enforced(lang: str) -> None:
    questionnaire = custom()
    statement = questionnaire.purpose_statement(lang)
    assert statement is not None
    assert questionnaire.question("last_day_ok").text(lang) in statement  # type: ignore[union-attr]
    assert questionnaire.question("pay").text(lang) not in statement  # type: ignore[union-attr]
    assert skippable(questionnaire) == {"pay"}


@pytest.mark.parametrize(
    ("purpose_en", "purpose_zh"),
    [("You may skip any question.", "问题。"), ("Why.", "您可以跳过任何问题。")],
)
def test_a_purpose_saying_every_question_may_be_skipped_refuses_a_required_one(
    purpose_en: str, purpose_zh: str
) -> None:
    with pytest.raises(QuestionnaireError) as refused:
        custom(purpose_en, purpose_zh)
    assert "some questions are required" in str(refused.value.details)


@pytest.mark.parametrize("extra", ["sensitive = true", "optional = true"])
def test_a_sensitive_or_optional_question_is_never_required(extra: str) -> None:
    with pytest.raises(QuestionnaireError) as refused:
        custom(extra=extra)
    assert "never required" in str(refused.value.details)
