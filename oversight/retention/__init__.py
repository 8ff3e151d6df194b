"""How long the register keeps each kind of record, and the run that applies it.

schedule.py is the one schedule (set in configuration); erasure.py removes each kind of
record from a case.
"""
