"""Scripts behind `make bench`; see `benchmarks/web.py`."""
