"""Questionnaires as data: built-ins, validation, versions, templates, and the fuzzed loader."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retainkit.core.library import BUILTIN_KEYS, builtin_source
from retainkit.core.questionnaires.answers import answers_template, check_answer
from retainkit.core.questionnaires.loading import from_data, load_text
from retainkit.core.questionnaires.problems import QuestionnaireError
from retainkit.core.reasons import LANGUAGES, taxonomy
from tests.conftest import EXAMPLES, Run

CUSTOM = EXAMPLES / "questionnaires" / "custom-exit.toml"
BROKEN = """\
key = "Custom Exit"
version = 0
kind = "exit"
title.en = "Custom"
colour = "blue"

[[questions]]
key = "q1"
type = "likert5"
prompt.en = "Hi"
prompt.zh = "你好"

[[questions]]
key = "q2"
type = "likert"
prompt.en = "Only English"

[[questions]]
key = "q2"
type = "choice"
prompt = { en = "Pick", zh = "选" }
optional = "yes"

[[questions]]
key = "q4"
type = "yesno"
prompt = { en = "Safe?", zh = "安全？" }
flag = { kind = "escalate", when = ["yes"] }
"""


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_every_builtin_questionnaire_validates_in_both_languages(key: str) -> None:
    questionnaire = load_text(builtin_source(key), f"{key}.toml")
    assert questionnaire.key == key
    for lang in LANGUAGES:
        assert questionnaire.label(lang)
        assert questionnaire.purpose is not None and questionnaire.purpose[lang]
        for question in questionnaire.questions:
            assert question.prompt[lang].strip()
            assert all(choice.labels[lang] for choice in question.choices)
            assert all(label[lang] for label in question.labels)
        template = tomllib.loads(answers_template(questionnaire, lang))
        assert list(template) == [q.key for q in questionnaire.questions]
    kinds = {"exit": "exit", "stay": "stay"}.get(key, "followup")
    assert questionnaire.kind == kinds


def test_builtins_ask_what_hr_practice_asks() -> None:
    exit_q = load_text(builtin_source("exit"))
    dimensions = {q.dimension for q in exit_q.questions if q.dimension}
    assert {
        "manager",
        "pay",
        "growth",
        "workload",
        "flexibility",
        "conditions",
        "overall",
    } <= dimensions
    types = {q.type for q in exit_q.questions}
    assert {"reasons", "text", "likert", "nps", "yesno", "choice"} <= types
    assert any(q.flag and q.flag.kind == "retention_chance" for q in exit_q.questions)
    assert {
        q.flag.escalation for q in exit_q.questions if q.flag and q.flag.kind == "escalate"
    } == {"safety", "legal"}
    stay = load_text(builtin_source("stay"))
    assert any(q.records == "retention_risk" for q in stay.questions)
    assert any(q.action_items for q in stay.questions)


def test_validate_names_the_line_and_key_of_every_problem(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    result = cli("questionnaire", "validate", str(path), expect=2)
    assert result.stderr.strip().splitlines() == [
        "error: broken.toml: 11 problems in the questionnaire; fix them and try again "
        "(docs/questionnaires.md has the format)",
        "  line 1: key: give a key of lowercase letters, digits, - or _",
        "  line 2: version: give a whole number from 1",
        '  line 4: title: needs text in both languages: en = "…" and zh = "…"',
        "  line 5: colour: is not a questionnaire field",
        "  line 9: question 'q1': type must be one of likert, nps, choice, multi, yesno, "
        "reasons, text",
        "  line 13: question 'q2': a likert question is scored: give it a dimension",
        '  line 16: question \'q2\' prompt: needs text in both languages: en = "…" and zh = "…"',
        "  line 18: question 'q2': give at least two [[questions.choices]]",
        "  line 19: question 'q2': the key is used twice",
        "  line 22: question 'q2': optional must be true or false",
        "  line 28: question 'q4': flag when: 'yes' is not a possible answer",
    ]


def test_validate_accepts_the_example(cli: Run) -> None:
    result = cli("questionnaire", "validate", str(CUSTOM))
    assert "ok: warehouse-exit version 1, for exit interviews, 9 questions" in result.stderr


def test_a_toml_syntax_error_names_its_line(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "syntax.toml"
    path.write_text('key = "x"\nversion = 1\nkind = \n', encoding="utf-8")
    result = cli("questionnaire", "validate", str(path), expect=2)
    assert "line 3: not valid TOML" in result.stderr


def test_add_stores_versions_and_interviews_keep_theirs(
    cli: Run, tmp_path: Path, typed: Any
) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    cli("depart", "E1", "--last-day", "2026-10-31", "--kind", "voluntary")
    assert "stored warehouse-exit version 1" in cli("questionnaire", "add", str(CUSTOM)).stderr
    assert "stored already" in cli("questionnaire", "add", str(CUSTOM)).stderr
    typed(cli, "\x03", "interview", "exit", "E1", "--questionnaire", "warehouse-exit", expect=130)
    changed = tmp_path / "changed.toml"
    changed.write_text(
        CUSTOM.read_text(encoding="utf-8").replace(
            "If you could change one thing here", "What one thing would you change"
        ),
        encoding="utf-8",
    )
    result = cli("questionnaire", "add", str(changed))
    assert "stored warehouse-exit as version 2" in result.stderr
    newest = json.loads(cli("questionnaire", "show", "warehouse-exit", "-f", "json").stdout)
    oldest = json.loads(
        cli("questionnaire", "show", "warehouse-exit", "--version", "1", "-f", "json").stdout
    )
    assert newest["version"] == 2
    assert newest["questions"][-1]["prompt"].startswith("What one thing")
    assert oldest["questions"][-1]["prompt"].startswith("If you could change")
    [draft] = json.loads(cli("interview", "list", "-f", "json").stdout)
    assert (draft["questionnaire"], draft["version"]) == ("warehouse-exit", 1)
    listed = {q["key"]: q for q in json.loads(cli("questionnaire", "list", "-f", "json").stdout)}
    assert listed["warehouse-exit"]["versions"] == 2
    assert listed["exit"]["builtin"] is True


def test_a_new_version_cannot_change_the_kind(cli: Run, tmp_path: Path) -> None:
    cli("questionnaire", "add", str(CUSTOM))
    other = tmp_path / "other.toml"
    other.write_text(
        CUSTOM.read_text(encoding="utf-8").replace('kind = "exit"', 'kind = "stay"'),
        encoding="utf-8",
    )
    assert "cannot be stay" in cli("questionnaire", "add", str(other), expect=2).stderr


def test_show_json_has_the_documented_shape(cli: Run) -> None:
    shown = json.loads(cli("questionnaire", "show", "exit", "--format", "json").stdout)
    assert {"key", "version", "kind", "questions"} <= set(shown)
    question = shown["questions"][4]
    assert question["key"] == "manager_support"
    assert {"key", "type", "optional", "prompt", "choices", "scale"} <= set(question)
    assert question["scale"][0] == {"value": 1, "label": "Strongly disagree"}
    choice = next(q for q in shown["questions"] if q["key"] == "would_return")
    assert choice["choices"] == [
        {"value": "yes", "label": "Yes"},
        {"value": "maybe", "label": "Maybe"},
        {"value": "no", "label": "No"},
    ]
    chinese = json.loads(cli("questionnaire", "show", "exit", "--lang", "zh", "-f", "json").stdout)
    assert chinese["questions"][0]["prompt"] == "您决定离职的主要原因是什么？"


def test_unknown_questionnaire_and_version(cli: Run) -> None:
    assert "no questionnaire 'nope'" in cli("questionnaire", "show", "nope", expect=2).stderr
    assert (
        "has no version 7"
        in cli("questionnaire", "show", "exit", "--version", "7", expect=2).stderr
    )


def test_template_is_an_answers_file_with_every_key(cli: Run, tmp_path: Path) -> None:
    text = cli("questionnaire", "template", "exit").stdout
    parsed = tomllib.loads(text)
    shown = json.loads(cli("questionnaire", "show", "exit", "-f", "json").stdout)
    assert list(parsed) == [q["key"] for q in shown["questions"]]
    assert "# My manager supported me and gave me useful feedback." in text
    assert all(value in ("", [], {"primary": "", "contributing": []}) for value in parsed.values())
    chinese = cli("questionnaire", "template", "stay", "--lang", "zh").stdout
    assert "# 您最喜欢这里工作的哪些方面？" in chinese


def test_reasons_list_json(cli: Run) -> None:
    reasons = json.loads(cli("reasons", "list", "--format", "json").stdout)
    assert len(reasons) == 19
    assert reasons[0] == {
        "code": "compensation",
        "label": "Compensation and benefits",
        "group": "pay_and_benefits",
        "controllable": True,
    }
    codes = {r["code"] for r in reasons}
    assert {
        "manager",
        "career_growth",
        "workload",
        "flexibility",
        "working_conditions",
        "health_and_safety",
        "team_and_culture",
        "training",
        "performance_appraisal",
        "relocation",
        "family",
        "study",
        "health",
        "retirement",
        "involuntary_performance",
        "involuntary_restructuring",
        "end_of_contract",
        "other",
    } <= codes
    chinese = json.loads(cli("reasons", "list", "--lang", "zh", "-f", "json").stdout)
    assert chinese[0]["label"] == "薪酬福利"
    assert not any(r["controllable"] for r in reasons if r["group"] == "personal")


def test_config_lang_setting(cli: Run) -> None:
    assert cli("config", "get", "lang").stdout.strip() == "en"
    cli("config", "set", "lang", "ZH")
    assert cli("config", "get", "lang").stdout.strip() == "zh"
    assert "must be one of en, zh" in cli("config", "set", "lang", "fr", expect=2).stderr
    assert "unknown setting" in cli("config", "get", "colour", expect=2).stderr
    listed = json.loads(cli("config", "list", "-f", "json").stdout)
    assert {"key": "lang", "value": "zh", "default": "en", "set": True}.items() <= listed[0].items()


def test_answer_checks() -> None:
    exit_q = load_text(builtin_source("exit"))
    reasons = exit_q.question("reasons")
    assert reasons is not None
    assert check_answer(reasons, "family") == {"primary": "family", "contributing": []}
    with pytest.raises(ValueError, match="at most 3"):
        check_answer(reasons, {"primary": "family", "contributing": list(taxonomy())[:5]})
    likert = exit_q.question("manager_support")
    assert likert is not None
    assert check_answer(likert, "4") == 4
    with pytest.raises(ValueError):
        check_answer(likert, True)


# -- fuzzing: any input is a questionnaire or a clear error, never a traceback -------------

_texts = st.fixed_dictionaries({"en": st.text(max_size=8), "zh": st.text(max_size=8)})
_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.text(max_size=10) | _texts,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_question = st.dictionaries(
    st.sampled_from(
        [
            "key",
            "type",
            "prompt",
            "help",
            "optional",
            "sensitive",
            "dimension",
            "reverse",
            "choices",
            "labels",
            "flag",
            "action_items",
            "records",
            "x",
        ]
    ),
    _values
    | st.sampled_from(
        ["likert", "nps", "choice", "multi", "yesno", "reasons", "text", "q1", "overall"]
    ),
    max_size=8,
)
_questionnaire = st.fixed_dictionaries(
    {},
    optional={
        "key": st.sampled_from(["exit", "Bad Key", ""]) | _values,
        "version": st.integers(-1, 3) | _values,
        "kind": st.sampled_from(["exit", "stay", "followup", "other"]),
        "title": _texts | _values,
        "purpose": _texts | _values,
        "questions": st.lists(_question | _values, max_size=4),
        "extra": _values,
    },
)


@settings(max_examples=400, deadline=None)
@given(_questionnaire)
def test_fuzzed_questionnaire_data_is_valid_or_a_clear_error(data: dict[str, Any]) -> None:
    try:
        questionnaire = from_data(data)
    except QuestionnaireError as exc:
        assert exc.problems
        assert all(str(p).startswith("line ") for p in exc.problems)
        return
    for lang in LANGUAGES:
        tomllib.loads(answers_template(questionnaire, lang))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fuzzed_questionnaire_text_is_valid_or_a_clear_error(text: str) -> None:
    try:
        load_text(text)
    except QuestionnaireError as exc:
        assert exc.problems


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(BROKEN.splitlines()), max_size=30))
def test_fuzzed_questionnaire_lines_are_valid_or_a_clear_error(lines: list[str]) -> None:
    try:
        load_text("\n".join(lines))
    except QuestionnaireError as exc:
        assert exc.problems
