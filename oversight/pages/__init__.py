"""The pages a public service must have: the privacy notice, the accessibility statement,
the cookies page, other ways to get in touch, an easy read start page, and the feedback
form (with the staff page that reads its answers)."""
