"""What people read: ``inspect`` of one PDF (with page images), the ``diff`` of years, the HTML
report."""
