"""The knowledge the fixers read: word frequencies, the gazetteer of people, places and
organisations, and name matching against it and the user's glossaries."""
