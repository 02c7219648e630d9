"""From a Document to fact rows: the outline, focus areas with status and category, deadlines,
figures (the plan stage, ``plan.py``), minutes and handleplaner (``minutes/``), the documents and
pages rows, and the schema check every row passes when it is made (``records.py``)."""
