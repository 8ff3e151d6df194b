"""Data subject rights: requests and their one-month clock, finding a person's records,
exporting them as one bundle, and redacting what is not theirs to receive."""
