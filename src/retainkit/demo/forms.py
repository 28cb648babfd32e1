"""Written questionnaire forms in the demo: every exit interview held in writing came back
as a form mailed a few days before. The last few leavers whose exit interview was not held
(declined, or not yet) were mailed one after their last day that has not come back, so
`followup due` has forms to remind of. Each mailing is a contact by email, as `interview
form --send` logs it."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.demo.interviews import DemoInterviews

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

OUTSTANDING = 3
"""How many recent leavers have a form still out."""
RECENT_DAYS = 40
"""Mailed within this many days: an older form would have been given up on."""


def write_forms(
    connection: Connection,
    rng: random.Random,
    made: DemoInterviews,
    leavers: list[tuple[int, int, date, str]],
    questionnaire: tuple[str, int],
    today: date,
    now: datetime,
) -> int:
    """Insert the forms and their contacts; how many forms. `leavers`: each separation's
    id, the leaver's person id, last day and language."""
    from sqlalchemy import insert

    from retainkit.storage.bulk import executemany
    from retainkit.storage.models import Contact, FormIssue, table_of

    key, version = questionnaire
    forms: list[list[Any]] = []
    exits = [i for i in made.interviews if i["kind"] == "exit" and i["completed_at"]]
    for interview in exits:
        if interview["status"] == "completed" and interview["mode"] == "written":
            held_on = interview["completed_at"].date()
            issued = held_on - timedelta(days=rng.randint(3, 12))
            forms.append([interview, issued, held_on, interview["id"]])
    interviewed = {
        i["separation_id"]
        for i in made.interviews
        if i["kind"] == "exit" and i["status"] == "completed"
    }
    recent = sorted(
        (last_day, person_id, lang)
        for separation_id, person_id, last_day, lang in leavers
        if separation_id not in interviewed and last_day <= today
    )[-OUTSTANDING:]
    for last_day, person_id, lang in recent:
        issued = max(last_day, today - timedelta(days=RECENT_DAYS)) + timedelta(rng.randint(0, 9))
        forms.append([{"person_id": person_id, "lang": lang}, min(issued, today), None, None])
    executemany(
        connection,
        insert(table_of(FormIssue)),
        ["person_id", "questionnaire_key", "questionnaire_version", "kind", "lang",
         "issued_on", "sent", "returned_on", "interview_id"],
        ([i["person_id"], key, version, "exit", i["lang"], issued, True, returned, done]
         for i, issued, returned, done in forms),
    )  # fmt: skip
    executemany(
        connection,
        insert(table_of(Contact)),
        ["person_id", "contacted_on", "outcome", "channel", "conclusion"],
        ([i["person_id"], issued, "reached", "email", "exit questionnaire form sent by email"]
         for i, issued, _, _ in forms),
        {"created_at": now},
    )  # fmt: skip
    return len(forms)
