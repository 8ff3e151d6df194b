"""Drafts of long text staff were typing (a case note, a decision's summary), kept so
that a session ending does not lose them (WCAG 2.2.1). Each draft is its owner's alone.
"""
