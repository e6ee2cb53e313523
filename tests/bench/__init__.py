"""``make bench``: wall time and peak memory of the ETL, dashboard, planner (not tests)."""
