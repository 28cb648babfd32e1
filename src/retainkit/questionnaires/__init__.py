"""Built-in questionnaires, shipped as data files."""
