"""The statistics pages, each module with its own blueprint: public.py (published
releases), downloads.py (their files), trends.py (every release's main figures side by
side, and the forces compared) and staff.py (preparing, approving, revising); forms.py
holds the staff pages' forms."""
