"""Danish language helpers: strings in, values out (sentences, lemmas, dehyphenation, dates,
periods, numbers, districts and municipalities, categories, actors). They import nothing of the
pipeline above ``datafiles``."""
