"""Domain logic: knows nothing of the terminal (no typer, rich or questionary here)."""
