"""One module per benchmark scenario of bench/run.py: startup, import, separations,
followup, export, privacy. Each has `bench(folder, options)` returning (label, figure) rows,
and PREPARE: the steps run.py runs in a process of their own (`python bench/run.py _prepare
STEP ...`)."""
