"""The statistics pages, each module with its own blueprint: public.py (published
releases), downloads.py (their files) and staff.py (preparing, approving, revising);
forms.py holds the staff pages' forms."""
