"""The Taiga wire check: fill a database through the Taiga API with a fixed workload (`fill`), record
what a catalog of Taiga GETs answers on it (`snapshot`), and compare two records (`compare`).

The same database must give the same bytes whatever build serves it; `bench/wire_snapshot.py` is the
command line, `tests/db/test_existing_database.py` the CI check on a committed database."""
