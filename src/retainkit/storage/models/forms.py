"""Written questionnaires sent out as spreadsheet forms: which form went to whom, and
whether it came back."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from retainkit.base.vocab import INTERVIEW_KINDS
from retainkit.storage.models.base import Base, one_of


class FormIssue(Base):
    """A form issued to one person for one questionnaire version. Its id is the form's
    number, signed into the file; `returned_on` and `interview_id` are set when it is
    recorded. Holds ids and dates only: the answers are the interview's."""

    __tablename__ = "form_issue"
    __table_args__ = (
        CheckConstraint(one_of("kind", INTERVIEW_KINDS), name="kind"),
        Index("ix_form_issue_person_id", "person_id"),
        Index("ix_form_issue_returned_on", "returned_on"),
        {"sqlite_autoincrement": True},  # a form's number is never given to another form
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    questionnaire_key: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    issued_on: Mapped[date]
    sent: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    returned_on: Mapped[date | None]
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interview.id"))
