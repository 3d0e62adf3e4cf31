"""Import of the resident register and of the city's accounts from CSV files.

Heka's register lives in its own systems; the portal receives it as a CSV export (one row per
lease party or other resident). Staff need to know exactly which rows were not taken and why, so
every row is validated on its own, imported in its own savepoint (a bad row changes nothing,
good rows still import) and rejected rows come back with reasons in plain English that name the
column. Upserts use natural keys, so importing the same file again changes nothing.

Register CSV (UTF-8, header row, ``;`` or ``,`` detected from the header)::

    business_id;company_name;company_address;postal_code;building_code;building_address;
    flat_code;flat_number;flat_type;area_m2;floor;lease_number;lease_start;lease_end;
    monthly_rent;deposit;role;first_names;last_name;personal_identity_code;email;phone;moved_in

Optional columns may be left empty: building_address (defaults to the company address), floor
(1), lease_end, deposit (0), email, phone, moved_in (the lease start). Dates are YYYY-MM-DD,
amounts take a comma or a dot. Personal identity codes are never echoed in a reason.

City accounts CSV: ``email, password_hash, language`` (language optional, fi/sv/en).

The topics: ``report`` (the report and the row-rejected signal), ``reading`` (CSV, header,
records), ``rows`` (the columns and the validation of one row), ``writing`` (upserting one
register row) and ``running`` (both imports, each row in its own savepoint). Callers import
this package: ``services.register_import.import_register``.
"""

from .reading import CsvRows, as_record, check_header, read_csv
from .report import ImportReport, RejectedRow, RowRejected
from .rows import (
    CITY_COLUMNS,
    CITY_REQUIRED,
    FLAT_TYPES,
    LANGUAGES,
    OPTIONAL_COLUMNS,
    REGISTER_COLUMNS,
    ROLES,
    FieldReader,
    RegisterRow,
    parse_city_row,
    parse_register_row,
)
from .running import import_city_accounts, import_register
from .writing import CONSISTENT, RegisterWriter

__all__ = [
    "CITY_COLUMNS",
    "CITY_REQUIRED",
    "CONSISTENT",
    "CsvRows",
    "FLAT_TYPES",
    "FieldReader",
    "ImportReport",
    "LANGUAGES",
    "OPTIONAL_COLUMNS",
    "REGISTER_COLUMNS",
    "ROLES",
    "RegisterRow",
    "RegisterWriter",
    "RejectedRow",
    "RowRejected",
    "as_record",
    "check_header",
    "import_city_accounts",
    "import_register",
    "parse_city_row",
    "parse_register_row",
    "read_csv",
]
