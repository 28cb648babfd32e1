"""Questionnaires as data: the model, loading a TOML file with every problem named, answers.

A questionnaire file names its `key`, `version`, `kind`, `title`, an optional `purpose`
read out at the start, and its `[[questions]]`. Every text has English and Chinese side by
side (`en`, `zh`). docs/questionnaires.md is the authoring guide.

- `model`: Questionnaire, Question, Choice, Flag; scoring an answer, a dimension's score.
- `loading`: `load_text` and `from_data`, a Questionnaire or a QuestionnaireError.
- `validation`: the checks of one `[[questions]]` table.
- `problems`: what loading found wrong, with the line it stands on.
- `answers`: an answer checked into its stored form, SKIPPED, the answers-file template.
"""
