"""The links between complaints and the deployments they concern.

- `enums` and `models`: a link and its state (named by the complainant, confirmed, rejected);
- `suggestions`: which deployments a complaint may be about, and reading its links;
- `services`: a caseworker's changes to the links (confirm, reject, unlink, link by number);
- `case_page`: the case page's deployments section and its forms (registered with
  oversight.casework.page in create_app);
- `views`: the actions on that section and the page to find a deployment by hand.
"""
