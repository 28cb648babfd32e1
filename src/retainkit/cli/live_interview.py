"""A live interview in the terminal: the header, each question in turn, the review screen
where any answer can be changed, and what completing it recorded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from retainkit.base.errors import DatabaseError
from retainkit.cli.asking import word
from retainkit.cli.output import Col, Output

if TYPE_CHECKING:
    from retainkit.core.interviews.completion import Completion
    from retainkit.core.interviews.planning import InterviewPlan
    from retainkit.core.questionnaires.model import Question
    from retainkit.storage.database import Database


STORAGE_ERRORS = (DatabaseError, SQLAlchemyError)
"""What the database may answer instead of saving: the interview goes on."""


def converse(
    db: Database, plan: InterviewPlan, today: date, out: Output, holder: str | None = None
) -> Completion:
    """Ask each unanswered question, then review until the answers are saved as they are.

    Every answer is saved the moment it is given; an answer the database does not take
    (locked, full) stays on the screen and is saved with the next one. Ctrl-C or Ctrl-D
    (KeyboardInterrupt, EOFError, for the caller to handle) leaves a draft with all of
    them and the text being typed. PageUp goes to the previous question, Ctrl-N opens the
    interviewer's note at the question (saved at once, like an answer). With a `holder`,
    the draft is this terminal's alone while it runs (a lease, renewed in the background).
    """
    from retainkit.cli.interview_header import show_header

    show_header(plan, today)
    with _renewed(db, plan.interview_id, holder):
        return _talk(db, plan, today, out, holder)


def _talk(
    db: Database, plan: InterviewPlan, today: date, out: Output, holder: str | None
) -> Completion:
    from retainkit.cli.asking import choose_to_change
    from retainkit.core.interviews.completion import complete

    talk = _Talk(db, plan, out, holder)
    if plan.resumed and talk.answers:
        _review_table(plan, _answer_labels(plan, talk.answers), out)
    position = talk.next_open(0)
    while position is not None:
        position = talk.ask_at(position)
    count = len(talk.questions)
    while True:
        saved = talk.saver.retry()
        _review_table(plan, talk.review_labels(), out)
        talk.show_notes()
        number = choose_to_change(count, plan.lang)
        if number is None and saved:
            try:
                completion = complete(db, plan.interview_id, today, holder)
            except STORAGE_ERRORS as exc:
                out.message(word("not_finished", plan.lang).format(why=brief(exc)))
                continue
            break
        if number:
            talk.ask_at(number - 1, reviewing=True)
            position = talk.next_open(0)  # a follow-up the changed answer now calls for
            while position is not None:
                position = talk.ask_at(position, walk=False)
    report_completion(completion, out, plan.lang)
    return completion


class _Talk:
    """The questions of one live interview, where it stands, and what was typed."""

    def __init__(self, db: Database, plan: InterviewPlan, out: Output, holder: str | None) -> None:
        self.db = db
        self.plan = plan
        self.out = out
        self.questions = list(plan.questionnaire.questions)
        self.answers = dict(plan.answers)
        self.typed: dict[str, str] = dict([plan.unsaved]) if plan.unsaved else {}
        """Text in a box left with PageUp or kept from an interruption, offered again."""
        self.saver = _Saver(db, plan.interview_id, out, holder, plan.lang)
        self.holder = holder
        self.notes = dict(plan.notes)
        """The interviewer's notes, by question key, as last saved."""
        self.unsaved_notes: dict[str, str] = {}
        """A note the database did not take, offered again at the next Ctrl-N."""

    def next_open(self, start: int) -> int | None:
        """The first question from `start` on that is asked (its condition holds) and not
        answered yet; None when there is none."""
        from retainkit.core.questionnaires.conditions import next_question

        return next_question(self.plan.questionnaire, self.answers, start)

    def ask_at(self, index: int, *, reviewing: bool = False, walk: bool = True) -> int | None:
        """Ask question `index`; the index to ask next: the previous one after PageUp, else
        the next one asked (`walk`) or the next one still open. Ctrl-N opens the note at
        this question, then asks it again."""
        from retainkit.cli.asking import GoBack, TakeNote, Where, ask
        from retainkit.core.questionnaires.conditions import (
            no_longer_asked,
            not_asked,
            previous_question,
        )

        question = self.questions[index]
        if question.key in not_asked(self.plan.questionnaire, self.answers):
            self.out.message(word("not_applicable", self.plan.lang).format(n=index + 1))
            return None if reviewing else self.next_open(index + 1)
        while True:
            where = Where(
                index + 1, len(self.questions), self.plan.lang, question.key in self.notes
            )
            current = self.typed.get(question.key, self.answers.get(question.key))
            try:
                value = ask(question, where, current)
            except TakeNote as take:
                if take.typed.strip():
                    self.typed[question.key] = take.typed
                self.take_note(index)
                continue
            except GoBack as back:
                if back.typed.strip():
                    self.typed[question.key] = back.typed
                return (
                    None
                    if reviewing
                    else previous_question(self.plan.questionnaire, self.answers, index)
                )
            except (KeyboardInterrupt, EOFError) as stop:
                self._keep_typed(question, getattr(stop, "typed", ""))
                raise
            break
        self.typed.pop(question.key, None)
        self.answers[question.key] = value
        self.saver.save(question, value)  # also removes the answers it makes irrelevant
        dropped = no_longer_asked(self.plan.questionnaire, self.answers)
        if dropped:
            for key in dropped:
                self.answers.pop(key)
            self.out.message(
                word("dropped", self.plan.lang).format(
                    questions=("；" if self.plan.lang == "zh" else "; ").join(
                        q.text(self.plan.lang) for q in self.questions if q.key in dropped
                    )
                )
            )
        return self.next_asked(index + 1) if walk else self.next_open(index + 1)

    def next_asked(self, start: int) -> int | None:
        """The first question from `start` on that is asked, answered or not: after going
        back with PageUp, Enter walks forward one question at a time (each showing its
        answer) rather than jumping to the first one still open."""
        from retainkit.core.questionnaires.conditions import not_asked

        passed = set(not_asked(self.plan.questionnaire, self.answers))
        return next(
            (n for n in range(start, len(self.questions)) if self.questions[n].key not in passed),
            None,
        )

    def take_note(self, index: int) -> None:
        """The interviewer's note at question `index`, written and saved at once; on Ctrl-C
        the note typed so far is kept too, with the answer being typed."""
        from retainkit.cli.asking import GoBack
        from retainkit.cli.notes_prompt import ask_note
        from retainkit.core.interviews.notes import rescue_note

        question = self.questions[index]
        lang = self.plan.lang
        try:
            current = self.unsaved_notes.get(question.key, self.notes.get(question.key, ""))
            text = ask_note(index + 1, lang, current)
        except GoBack:
            return
        except (KeyboardInterrupt, EOFError) as stop:
            kept, cut = rescue_note(getattr(stop, "typed", ""))
            if kept and self._save_note(question.key, kept):
                said = "note_rescued_cut" if cut else "note_rescued"
                self.out.message(word(said, lang).format(n=len(kept)))
            self._keep_typed(question, self.typed.get(question.key, ""))
            raise
        if self._save_note(question.key, text):
            said = "note_saved" if question.key in self.notes else "note_removed"
            self.out.message(word(said, lang).format(n=index + 1))

    def _save_note(self, key: str, text: str) -> bool:
        from retainkit.core.interviews.notes import save_note

        try:
            stored = save_note(self.db, self.plan.interview_id, key, text, self.holder)
        except (*STORAGE_ERRORS, ValueError) as exc:
            self.out.message(word("note_not_saved", self.plan.lang).format(why=brief(exc)))
            self.unsaved_notes[key] = text
            return False
        self.unsaved_notes.pop(key, None)
        if stored is None:
            self.notes.pop(key, None)
        else:
            self.notes[key] = stored
        return True

    def show_notes(self) -> None:
        """Under the review: the questions the interviewer took notes at."""
        if self.notes:
            numbers = [str(n) for n, q in enumerate(self.questions, start=1) if q.key in self.notes]
            sep = "、" if self.plan.lang == "zh" else ", "
            self.out.message(word("notes_at", self.plan.lang).format(numbers=sep.join(numbers)))

    def _keep_typed(self, question: Question, typed: str) -> None:
        """On an interruption: the text in the box, kept with the draft for --resume."""
        from retainkit.core.interviews.answering import keep_unsaved_text

        try:
            if keep_unsaved_text(self.db, self.plan.interview_id, question, typed):
                self.out.message(word("kept_typed", self.plan.lang))
        except STORAGE_ERRORS as exc:
            self.out.message(word("not_kept_typed", self.plan.lang).format(why=brief(exc)))
        if self.saver.waiting:
            self.saver.retry()

    def review_labels(self) -> dict[str, str]:
        """What the database holds, as the review shows it; an answer it has not taken
        yet is marked so."""
        from retainkit.core.interviews.answering import stored_answers

        try:
            stored = stored_answers(self.db, self.plan.interview_id)
        except STORAGE_ERRORS:
            stored = dict(self.plan.answers)
        labels = _answer_labels(self.plan, stored)
        waiting = _answer_labels(self.plan, {k: v for k, (_, v) in self.saver.waiting.items()})
        for key, label in waiting.items():
            labels[key] = f"{label} {word('not_saved', self.plan.lang)}"
        return labels


class _Saver:
    """Answers on their way to the database: one the database refuses waits here."""

    def __init__(
        self, db: Database, interview_id: int, out: Output, holder: str | None, lang: str
    ) -> None:
        self.db = db
        self.interview_id = interview_id
        self.out = out
        self.holder = holder
        self.lang = lang
        self.waiting: dict[str, tuple[Question, Any]] = {}

    def save(self, question: Question, value: Any) -> None:
        self.waiting[question.key] = (question, value)
        self.retry()

    def retry(self) -> bool:
        """Save every waiting answer; False, with a message, when the database refuses."""
        from retainkit.core.interviews.answering import save_answer

        for key, (question, value) in list(self.waiting.items()):
            try:
                save_answer(self.db, self.interview_id, question, value, self.holder)
            except STORAGE_ERRORS as exc:
                self.out.message(
                    word("waiting", self.lang).format(n=len(self.waiting), why=brief(exc))
                )
                return False
            del self.waiting[key]
        return True


def terminal_holder() -> str:
    """This terminal, as a draft's lease names it: host, process and a token."""
    import os
    import secrets
    import socket

    return f"{socket.gethostname()[:80]} pid {os.getpid()} {secrets.token_hex(4)}"


def holder_alive(holder: str) -> bool:
    """Whether the terminal holding a lease may still be there: on this machine, whether
    its process runs; on another, it is taken to be there until its lease runs out."""
    import os
    import socket

    host, _, rest = holder.rpartition(" pid ")
    pid = rest.split(" ")[0]
    if host != socket.gethostname()[:80] or not pid.isdecimal():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def let_go(db: Database, interview_id: int, holder: str) -> None:
    """Release the draft for another terminal (on an interruption); best effort."""
    from retainkit.core.interviews.lease import release

    with suppress(*STORAGE_ERRORS):  # the lease then runs out by itself
        release(db, interview_id, holder)


@contextmanager
def _renewed(db: Database, interview_id: int, holder: str | None) -> Iterator[None]:
    """Renew the draft's lease in the background while the interview waits for answers."""
    if holder is None:
        yield
        return
    import threading

    from retainkit.core.interviews.lease import RENEW_SECONDS, renew

    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(RENEW_SECONDS):
            with suppress(*STORAGE_ERRORS):  # the next answer saved says what it answers
                renew(db, interview_id, holder)

    thread = threading.Thread(target=beat, name="lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()


def brief(exc: BaseException) -> str:
    """A storage error in one line, without the SQL statement or any value."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0][:160] if lines else 'no detail'}"


def _answer_labels(plan: InterviewPlan, answers: dict[str, Any]) -> dict[str, str]:
    from retainkit.core.questionnaires.answers import SKIPPED
    from retainkit.core.questionnaires.conditions import not_asked

    labels = {}
    skipped_over = not_asked(plan.questionnaire, answers)
    for question in plan.questionnaire.questions:
        value = answers.get(question.key)
        if question.key in skipped_over and all(c.question in answers for c in question.when):
            labels[question.key] = word("not_asked", plan.lang)  # its answers are given
        elif value is SKIPPED:
            labels[question.key] = word("skipped", plan.lang)
        elif value is not None:
            labels[question.key] = question.describe(value, plan.lang)
    return labels


def _review_table(plan: InterviewPlan, labels: dict[str, str], out: Output) -> None:
    lang = plan.lang
    columns = (
        Col("number", "#", numeric=True, keep=None),
        Col("question", word("question", lang), keep=None),
        Col("answer", word("answer_column", lang), keep=None),
    )
    rows = [
        {
            "number": number,
            "question": question.text(lang),
            "answer": labels.get(question.key, ""),
        }
        for number, question in enumerate(plan.questionnaire.questions, start=1)
    ]
    out.rows(rows, table=columns, title=word("interview", lang).format(id=plan.interview_id))


def report_completion(completion: Completion, out: Output, lang: str = "en") -> None:
    from retainkit.base.words import code_word
    from retainkit.cli.interview_header import risk_word

    scores = ("、" if lang == "zh" else ", ").join(
        f"{code_word(d, lang)} {s:.0f}" for d, s in sorted(completion.scores.items())
    )
    done = word("completed", lang).format(id=completion.interview_id)
    sep = "；" if lang == "zh" else "; "
    out.message(done + (sep + word("scores", lang).format(scores=scores) if scores else ""))
    if completion.retention_risk:
        out.message(word("risk", lang).format(risk=risk_word(completion.retention_risk, lang)))
    for action in completion.actions:
        out.message(word("action", lang).format(id=action.id, title=action.title))
