"""Interviews: planned, answered question by question, completed, declined, or written.

Nothing here waits for a person: the terminal layer asks, and calls `save_answer` after
each answer, so every answer is committed the moment it is given and a transaction is
never open while someone types. Every service returns frozen values built inside its
transaction.

- `planning`: who the interview is with, whether it may be held, which questionnaire;
  a new draft, or the person's draft resumed (`start`).
- `subject`: the interviewee as the interview's header shows them.
- `answering`: saving one answer (or a skip) to a draft; finding a draft.
- `completion`: finishing: scores, stated reasons, retention risk, the action items the
  answers' flags and a stay plan call for.
- `written`: a written questionnaire recorded from an answers file; a declined interview.
- `records`: the interviews on record: list, show, discard a draft.
"""
