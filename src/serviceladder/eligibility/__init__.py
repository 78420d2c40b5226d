"""The eligibility engine: facts about a person and a policy in, decisions with structured explanations out.

Pure Python: nothing in this package imports Django except `loading.py`, the adapter that reads the database,
and `simulation.py`, the what-if selector built on it (whatif.py, the comparison itself, is pure).
"""
