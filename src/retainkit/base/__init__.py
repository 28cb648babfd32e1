"""The base layer: errors, vocabularies, file helpers and the en/zh word tables.

Nothing here imports anything else of retainkit; every other layer may import it.
"""
