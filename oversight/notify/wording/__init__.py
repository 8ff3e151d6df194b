"""The wording of every message and letter to a complainant or requester: the shipped
defaults in English and Welsh (defaults.py, defaults_cy.py), the versions senior staff
save in the browser (models.py, store.py), and the one way text is filled in (render.py)."""
