"""A saved release's content, made into things to read or download.

tidy.py: the metadata, the JSON document and the tidy CSV; json_schema.py: the JSON
Schema of what the API shows; spreadsheet.py: the .xlsx; charts.py: figures as printed
and the tables' charts; dictionary.py: the data dictionary of every table.
"""
