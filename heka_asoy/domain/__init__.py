"""Pure Finnish rules the resident portal relies on.

Everything here is plain Python (no Flask, no database, nothing else from heka_asoy) so that the
rules can be tested exhaustively on their own and reused by views, jobs and demo data alike.
"""
