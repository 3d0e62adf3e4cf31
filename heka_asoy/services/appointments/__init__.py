"""Office appointments handled by e-mail (issue 11 §1).

A person asks for a visit (resident pages, the public form, or a mail to the desk mailbox); the asoy
desk gives it a time, and every answer goes out by mail with a signed link to cancel or rebook.

- ``slots``: which times the office offers and how many desks are still free at each.
- ``booking``: holding a slot (never more visits than desks, under concurrent confirmations) and
  every change of an appointment's state.
- ``links``: the signed cancel/rebook link mailed with each time.
- ``ics``: the ``.ics`` event attached to the confirmation.
"""
