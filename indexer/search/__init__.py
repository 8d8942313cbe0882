"""Searching an index: a question in, ranked `Hit`s with facets out (`archive.Archive`), and the
evaluation of retrieval on labelled questions.
"""
