"""How many photos a fault form and a report may carry.

One place for the limits, so the forms, the services and their messages never disagree.
"""

from __future__ import annotations

#: Photos one fault form may carry (the resident's and the public form alike).
MAX_PHOTOS = 5
#: Photos one report may hold in all, those added with comments included.
MAX_REPORT_PHOTOS = MAX_PHOTOS * 2
