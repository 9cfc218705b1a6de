"""The Python code behind the course's nox sessions (see noxfile.py)."""
