"""From a PDF file to the Document model: validate, parse words, OCR, lines, layout (blocks,
columns, reading order, headings, furniture), tables, and the document's metadata."""
