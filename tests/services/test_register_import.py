"""Importing the resident register and the city's accounts from CSV."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from heka_asoy.domain.hetu import hetu_hash
from heka_asoy.models import (
    Building,
    Flat,
    HousingCompany,
    Lease,
    LeaseParty,
    Occupancy,
    Resident,
    User,
)
from heka_asoy.services.register_import import (
    REGISTER_COLUMNS,
    import_city_accounts,
    import_register,
)

DATA = Path(__file__).parents[1] / "data"
REGISTER = DATA / "register_sample.csv"
CITY = DATA / "city_accounts_sample.csv"

#: The deliberately bad rows of the sample file: line -> words the reasons must contain.
BAD_LINES = {
    9: ["business_id"],
    10: ["personal_identity_code", "check character"],
    11: ["flat_type", "3h+k", "lease_start", "YYYY-MM-DD"],
    12: ["role", "tenant", "last_name", "required"],
    13: ["monthly_rent", "line 5"],
    14: ["monthly_rent", "not a number", "email", "not-an-email"],
}


def key(app) -> bytes:
    return app.config["HETU_KEY"].encode()


def run_register(app, text: str | None = None):
    text = REGISTER.read_text(encoding="utf-8") if text is None else text
    return import_register(io.StringIO(text), key(app))


def row(**values: str) -> str:
    """One register line (``;``) with sensible defaults for the columns not given."""
    defaults = {
        "business_id": "3141594-6", "company_name": "Asunto Oy Testitalo",
        "company_address": "Testikatu 1", "postal_code": "00500", "building_code": "A",
        "flat_code": "T-1", "flat_number": "A 1", "flat_type": "1h+kk", "area_m2": "25,0",
        "lease_number": "T-L-1", "lease_start": "2020-01-01", "monthly_rent": "500",
        "role": "lease_party", "first_names": "Testi", "last_name": "Henkilö",
        "personal_identity_code": "140572-332B",
    }
    defaults.update(values)
    return ";".join(defaults.get(c, "") for c in REGISTER_COLUMNS)


def csv_text(*lines: str) -> str:
    return "\n".join([";".join(REGISTER_COLUMNS), *lines]) + "\n"


def test_are_the_good_rows_of_the_sample_imported(app):
    """Are the sample's seven good rows imported into companies, buildings, flats, leases,
    residents, lease parties and occupancies?"""
    report = run_register(app)
    assert report.rows_total == 13
    assert report.rows_imported == 7
    assert dict(report.created) == {
        "housing_company": 2, "building": 3, "flat": 5, "lease": 5, "resident": 7,
        "lease_party": 6, "occupancy": 7,
    }
    lease = Lease.get(Lease.number == "IMP-L-1001")
    assert lease.monthly_rent == Decimal("812.40")
    assert lease.deposit == Decimal("1624.80")
    assert {p.resident.first_names for p in lease.parties} == {"Sanna Maria", "Jari"}
    emma = Resident.get(Resident.hetu_hash == hetu_hash("300309A258D", key(app)))
    assert emma.hetu_masked == "300309A****"
    assert not LeaseParty.select().where(LeaseParty.resident == emma).exists()
    assert Occupancy.get(Occupancy.resident == emma).flat == lease.flat
    flat = Flat.get(Flat.heka_code == "IMP-1002")
    assert flat.area_m2 == Decimal("32.5")
    assert Building.get(Building.code == "B").street_address == "Aleksis Kiven katu 26"
    assert Building.get(Building.code == "A", Building.housing_company == flat.housing_company
                        ).street_address == "Aleksis Kiven katu 24"


def test_is_each_bad_row_rejected_with_a_reason_naming_the_problem(app):
    """Is every bad sample row rejected with reasons naming its column and problem?"""
    report = run_register(app)
    rejected = {r.line_number: " ".join(r.reasons) for r in report.rejected}
    assert set(rejected) == set(BAD_LINES)
    for line, words in BAD_LINES.items():
        for word in words:
            assert word in rejected[line], (line, word, rejected[line])


def test_do_reasons_never_repeat_an_identity_code(app):
    """Do rejection reasons leave out the personal identity codes of the rows?"""
    report = run_register(app)
    text = report.summary()
    for code in ("110257-546X", "060689-273F", "050498-8195"):
        assert code not in text


def test_does_a_bad_row_leave_nothing_half_written(app):
    """Does a row rejected half-way (its new company and building are written before its flat
    turns out to belong elsewhere) leave nothing behind, while the next good row imports?"""
    run_register(app, csv_text(row()))
    text = csv_text(
        row(business_id="2718283-6", company_name="Asunto Oy Uusi", flat_code="T-1",
            lease_number="T-L-2", personal_identity_code="020974-4173", first_names="Jari"),
        row(flat_code="T-2", flat_number="A 2", lease_number="T-L-3",
            personal_identity_code="081091-611D"),
    )
    report = run_register(app, text)
    assert report.rows_imported == 1
    assert [r.line_number for r in report.rejected] == [2]
    assert "flat_code" in report.rejected[0].reasons[0]
    assert not HousingCompany.select().where(HousingCompany.business_id == "2718283-6").exists()
    assert Building.select().count() == 1
    assert not Lease.select().where(Lease.number == "T-L-2").exists()
    assert not Resident.select().where(
        Resident.hetu_hash == hetu_hash("020974-4173", key(app))).exists()
    assert Flat.select().count() == 2


def test_are_contradicting_rows_in_one_file_rejected(app):
    """Is a second row that gives the same flat another housing company rejected, naming the
    earlier line?"""
    text = csv_text(
        row(),
        row(business_id="2718283-6", company_name="Asunto Oy Uusi", lease_number="T-L-2",
            personal_identity_code="020974-4173"),
    )
    report = run_register(app, text)
    assert report.rows_imported == 1
    assert "business_id: differs from line 2" in report.rejected[0].reasons[0]


def test_are_the_rejected_sample_rows_absent(app):
    """Are the flats, leases and people of the rejected sample rows absent after import?"""
    run_register(app)
    assert not Flat.select().where(Flat.heka_code.in_(
        ["IMP-2003", "IMP-2004", "IMP-2005", "IMP-2006", "IMP-1004"])).exists()
    assert not Resident.select().where(
        Resident.hetu_hash == hetu_hash("050498-8195", key(app))).exists()
    assert Lease.get(Lease.number == "IMP-L-1002").parties.count() == 1


def test_is_importing_the_same_file_again_a_no_op(app):
    """Does a second import of the same file create and update nothing?"""
    run_register(app)
    counts = {m: m.select().count() for m in (HousingCompany, Flat, Lease, Resident, Occupancy,
                                             LeaseParty)}
    again = run_register(app)
    assert again.rows_imported == 7
    assert sum(again.created.values()) == 0
    assert sum(again.updated.values()) == 0
    assert {m: m.select().count() for m in counts} == counts


def test_does_a_changed_value_update_the_existing_row(app):
    """Does re-importing with a new rent and a new e-mail update the lease and the resident
    in place instead of creating new ones?"""
    run_register(app, csv_text(row(email="testi@example.fi")))
    report = run_register(app, csv_text(row(monthly_rent="525,50", email="uusi@example.fi")))
    assert sum(report.created.values()) == 0
    assert report.updated["lease"] == 1
    assert report.updated["resident"] == 1
    assert Lease.get(Lease.number == "T-L-1").monthly_rent == Decimal("525.50")
    assert Resident.get().email == "uusi@example.fi"


def test_are_comma_separated_files_with_a_byte_order_mark_read(app):
    """Is a comma-separated file saved by Excel (with a BOM) read like a semicolon one?"""
    line = row(area_m2="25.0").replace(";", ",")
    text = "\ufeff" + ",".join(REGISTER_COLUMNS) + "\n" + line + "\n"
    report = run_register(app, text)
    assert report.rows_imported == 1, report.summary()
    assert Flat.get().area_m2 == Decimal("25.0")


def test_is_a_file_without_required_columns_rejected_as_a_whole(app):
    """Is a file whose header lacks required columns rejected on line 1, naming them?"""
    report = run_register(app, "business_id;company_name\n1234567-1;X\n")
    assert report.rows_imported == 0
    assert report.rejected[0].line_number == 1
    assert "personal_identity_code" in report.rejected[0].reasons[0]
    assert HousingCompany.select().count() == 0


def test_is_a_row_with_the_wrong_number_of_fields_rejected(app):
    """Is a row with too few fields rejected with a hint about delimiters and quotes?"""
    report = run_register(app, csv_text(row(), "3141594-6;Asunto Oy Testitalo"))
    assert report.rows_imported == 1
    assert "fields" in report.rejected[0].reasons[0]


def test_are_city_accounts_imported_and_flagged_for_strong_identification(app):
    """Are the city's accounts created active, unlinked and flagged for strong identification,
    with non-argon2 hashes, bad addresses, duplicates and unknown languages rejected?"""
    report = import_city_accounts(io.StringIO(CITY.read_text(encoding="utf-8")), key(app))
    assert report.rows_total == 6
    assert report.created["user"] == 2
    reasons = {r.line_number: " ".join(r.reasons) for r in report.rejected}
    assert "argon2" in reasons[4]
    assert "email" in reasons[5]
    assert "duplicate of line 2" in reasons[6]
    assert "language" in reasons[7]
    for email, language in (("hakija.yksi@example.fi", "fi"), ("sokande.tva@example.fi", "sv")):
        u = User.get(User.email == email)
        assert u.registered_via == "city"
        assert u.needs_strong_identification is True
        assert u.resident is None
        assert u.activated_at is not None
        assert u.language == language
        assert u.password_hash.startswith("$argon2id$")


def test_is_a_second_city_import_refused_for_existing_accounts(app):
    """Does importing the city file again create nothing and name the existing accounts?"""
    text = CITY.read_text(encoding="utf-8")
    import_city_accounts(io.StringIO(text), key(app))
    again = import_city_accounts(io.StringIO(text), key(app))
    assert again.rows_imported == 0
    assert "already exists" in " ".join(again.rejected[0].reasons)
    assert User.select().count() == 2


def test_is_a_row_with_control_characters_rejected(app):
    """Is a row whose text carries a NUL byte or another control character rejected, naming the
    column (PostgreSQL would refuse the NUL and fail the whole import)?"""
    report = run_register(
        app, csv_text(row(last_name="Henk\x00ilö"), row(flat_code="T-2", company_name="As\x1bOy"))
    )
    assert report.rows_imported == 0
    reasons = [r.reasons for r in report.rejected]
    assert any("last_name" in r and "control characters" in r for rs in reasons for r in rs)
    assert any("company_name" in r and "control characters" in r for rs in reasons for r in rs)
    assert Resident.select().count() == 0
