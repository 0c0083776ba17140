"""Translation file formats: reading units from plain text, TSV, JSON Lines, XLIFF, PO, TMX
and SRT, locating a span in the file, and writing only the targets that changed, atomically."""
