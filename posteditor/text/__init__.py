"""Text and edits: the Edit record, applying and replaying edits, spans a fixer must not
touch (URLs, placeholders, inline tags), and plain-text files read and written byte for byte."""
