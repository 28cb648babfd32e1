"""What is wrong with a questionnaire file, each problem with the line it stands on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retainkit.base.errors import InputError


@dataclass(frozen=True)
class Problem:
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return (
            f"line {self.line}: {self.where}: {self.message}"
            if self.where
            else (f"line {self.line}: {self.message}")
        )


class Problems(list[Problem]):
    """The problems found so far. `intake`: the file is new, so LIMITS apply to it."""

    def __init__(self, *, intake: bool = False) -> None:
        super().__init__()
        self.intake = intake

    def add(self, line: int, where: str, message: str) -> None:
        self.append(Problem(line, where, message))


class QuestionnaireError(InputError):
    def __init__(self, name: str, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(
            f"{name}: {count} problem{'s' if count != 1 else ''} in the questionnaire; "
            "fix them and try again (docs/questionnaires.md has the format)",
            details=[str(p) for p in problems],
        )
        self.problems = problems


class Locator:
    """Finds the line a key or a question's field stands on in the TOML text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.question_starts = [
            n for n, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*questions\s*\]\]", line)
        ]

    def _find(self, name: str, start: int, end: int) -> int | None:
        pattern = re.compile(
            rf"\s*({re.escape(name)}\s*[=.]|\[+\s*questions\s*\.\s*{re.escape(name)}\s*[\].])"
        )
        for n in range(start, end):
            if pattern.match(self.lines[n]):
                return n + 1
        return None

    def top(self, name: str) -> int:
        end = self.question_starts[0] if self.question_starts else len(self.lines)
        return self._find(name, 0, end) or 1

    def question(self, index: int, name: str | None = None) -> int:
        if index >= len(self.question_starts):
            return self.top("questions")
        start = self.question_starts[index]
        end = (
            self.question_starts[index + 1]
            if index + 1 < len(self.question_starts)
            else len(self.lines)
        )
        found = self._find(name, start + 1, end) if name else None
        return found or start + 1
