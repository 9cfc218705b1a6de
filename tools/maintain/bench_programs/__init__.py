"""Programs the bench runs in other processes (each with its own jxl_demo)."""
