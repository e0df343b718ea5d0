"""When a package's releases removed or added a name: read from the packages' own files on the user's index.

PYTEST_DONT_REWRITE
"""
