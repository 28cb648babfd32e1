"""SQLAlchemy 2 models, one module per area. Every change here needs a migration in
storage/migrations/versions.

Import models from this package (`from retainkit.storage.models import Person`): importing
it registers every table on `Base.metadata`, which migrations and relationships need.
"""

from retainkit.storage.models.actions import ActionItem, HandoverItem, VerifiedReason
from retainkit.storage.models.admin import AuditEvent, Setting
from retainkit.storage.models.base import (
    NAMING_CONVENTION,
    NOW_OPTION,
    Base,
    UTCDateTime,
    table_of,
    utcnow,
)
from retainkit.storage.models.followups import Contact, FollowUp
from retainkit.storage.models.forms import FormIssue
from retainkit.storage.models.interviews import (
    Answer,
    Interview,
    InterviewNote,
    InterviewScore,
    QuestionnaireVersion,
    StatedReason,
)
from retainkit.storage.models.people import Person, RecordedReason, Separation

__all__ = [
    "NAMING_CONVENTION",
    "NOW_OPTION",
    "ActionItem",
    "Answer",
    "AuditEvent",
    "Base",
    "Contact",
    "FollowUp",
    "FormIssue",
    "HandoverItem",
    "Interview",
    "InterviewNote",
    "InterviewScore",
    "Person",
    "QuestionnaireVersion",
    "RecordedReason",
    "Separation",
    "Setting",
    "StatedReason",
    "UTCDateTime",
    "VerifiedReason",
    "table_of",
    "utcnow",
]
