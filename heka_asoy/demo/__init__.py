"""Demo and benchmark data.

``data.load_demo_data`` fills a development database with a small, realistic Helsinki data set
and the documented demo accounts, so the portal can be tried (and its access rules seen) without
real personal data. ``idp`` runs the local OpenID Connect provider whose predefined people match
the demo register, so strong identification works end to end on a laptop. ``generator`` bulk
creates a stock the size of Heka's (50,000 flats) for load and query-plan benchmarks, and
``smtp`` is the local mail sink of the embedded default.

Every identity code here is synthetic and every e-mail address is on an ``example.*`` domain,
so nothing in the demo can reach or resemble a real person.
"""
