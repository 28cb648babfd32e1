"""The synthetic organisation of `retainkit demo`, also used by bench/ and the tests.

Above core and storage, below the CLI, beside reports (neither imports the other):
organisation.py generates people and separations from the tables in workforce.py;
interviews.py (with answers.py), plan.py and loop.py add what happened since; writer.py
writes all of it in one transaction.
"""
