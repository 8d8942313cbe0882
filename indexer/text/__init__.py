"""Words: text in, the terms that search and indexing share out (stemming, compounds, the
English–Danish bridge).
"""
