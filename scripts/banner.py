"""Printed by `make run` before the servers start: where to go and who to log in as."""

print(
    """
  Heka resident pages:   http://127.0.0.1:8000
  Demo mailbox:          http://127.0.0.1:8000/demo/mail
  Local identity provider (strong identification): http://127.0.0.1:9400

  Demo accounts (see README.md):
    maija.lahtinen@example.fi   Asukas-2026!   lease party
    oskari.lahtinen@example.fi  Asukas-2026!   other resident of the same flat
    aino.nieminen@example.fi    Asukas-2026!   lease party of a flat in another housing company
    ville.koskinen@example.fi   Asukas-2026!   lease starts in 30 days (pages closed)
    kaupunki.kayttaja@example.fi Asukas-2026!  city account: identifies once at first login
    desk@hekaoy.fi              Toimisto-2026! asoy desk staff
    admin@hekaoy.fi             Toimisto-2026! admin
"""
)
