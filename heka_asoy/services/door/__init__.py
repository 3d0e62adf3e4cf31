"""Door opening and keys (DOMAIN.md, resident feature 2 and the key service point).

``info`` is the resident's page: the number to call now and whether every adult of the flat is
in the resident register (the door is opened only for people in it). ``log`` is the desk's:
door openings (each one invoiced as a one-off invoice) and key handovers at BLC Turva.
"""

from .info import DoorInfo, RegisterEntry, door_info
from .log import (
    DOCUMENT_TYPES,
    KEY_DIRECTIONS,
    DoorError,
    DoorOpeningInput,
    FlatLog,
    KeyHandoverInput,
    default_fee,
    find_flats,
    flat_log,
    log_door_opening,
    log_key_handover,
)

__all__ = [
    "DOCUMENT_TYPES",
    "KEY_DIRECTIONS",
    "DoorError",
    "DoorInfo",
    "DoorOpeningInput",
    "FlatLog",
    "KeyHandoverInput",
    "RegisterEntry",
    "default_fee",
    "door_info",
    "find_flats",
    "flat_log",
    "log_door_opening",
    "log_key_handover",
]
