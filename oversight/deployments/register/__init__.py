"""The public register: its pages (`views`), their filters (`forms`) and CSV downloads
(`downloads`)."""
