"""The data model, declared once: vocabularies, the graph schema and the import batch."""
