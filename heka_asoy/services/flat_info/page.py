"""The resident's flat page and the documents of their building (capability ``flat_info``).

Every resident of the flat (lease party, other resident) sees it, an agent only when the power of
attorney's scope grants ``flat_info`` (``services.access``). The page shows the flat, its housing
company, the property manager and maintenance company with their contacts, the company's saunas
and parking, and the documents whose scope covers the flat's building. A document is downloaded
only through ``document_file``, which finds it only among the documents of the user's own
buildings: any other id is ``NotFound``, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from peewee import JOIN

from ...domain import documents as rules
from ...models import Building, Document, Flat, ParkingSpace, Sauna, User
from .. import access
from ..access import FlatSummary
from ..errors import NotFound
from . import storage


@dataclass(frozen=True)
class SaunaInfo:
    name: str
    #: The building's code ("A") when the sauna is in one building, else "".
    building_code: str
    monthly_fee: Decimal


@dataclass(frozen=True)
class ParkingInfo:
    """The company's parking spaces of one kind."""

    kind: str
    count: int
    lowest_fee: Decimal
    highest_fee: Decimal


@dataclass(frozen=True)
class DocumentItem:
    """A document as a list shows it."""

    id: int
    kind: str
    title: str
    filename: str
    size: int
    uploaded_at: datetime
    #: The building's code for a building-level document, "" for a company-level one.
    building_code: str

    @property
    def kilobytes(self) -> int:
        """The size in whole kilobytes, rounded up (a small file is never "0 kB")."""
        return max(1, -(-self.size // 1024))


@dataclass(frozen=True)
class FlatPage:
    flat: Flat  # with building, housing_company and its maintenance_company loaded
    flats: list[FlatSummary]
    saunas: list[SaunaInfo]
    parking: list[ParkingInfo]
    documents: list[DocumentItem]
    can_book_sauna: bool
    can_see_parking: bool
    can_report_faults: bool

    @property
    def flat_id(self) -> int:
        return self.flat.id

    @property
    def rescue_plans(self) -> list[DocumentItem]:
        return [d for d in self.documents if d.kind == rules.RESCUE_PLAN]


@dataclass(frozen=True)
class DocumentFile:
    """A document's bytes, its type and the name offered for saving it."""

    data: bytes
    mimetype: str
    download_name: str


def _item(doc: Document) -> DocumentItem:
    building = doc.building if doc.building_id is not None else None
    return DocumentItem(
        id=doc.id,
        kind=doc.kind,
        title=doc.title,
        filename=doc.filename,
        size=doc.size,
        uploaded_at=doc.created_at,
        building_code=building.code if building is not None else "",
    )


def sorted_items(docs) -> list[DocumentItem]:
    """Company-level documents first, then by building, kind and title."""
    items = [_item(d) for d in docs]
    return sorted(
        items,
        key=lambda d: (d.building_code, rules.kind_order(d.kind), d.title.casefold(), d.id),
    )


def _documents_of(company_id: int, building_id: int) -> list[DocumentItem]:
    docs = (
        Document.select(Document, Building)
        .join(Building, JOIN.LEFT_OUTER)
        .where(
            (Document.housing_company == company_id)
            & (Document.building.is_null() | (Document.building == building_id))
        )
    )
    return sorted_items(docs)


def _saunas_of(company_id: int) -> list[SaunaInfo]:
    rows = (
        Sauna.select(Sauna, Building)
        .join(Building, JOIN.LEFT_OUTER)
        .where(Sauna.housing_company == company_id)
        .order_by(Sauna.name, Sauna.id)
    )
    return [
        SaunaInfo(
            s.name,
            s.building.code if s.building_id is not None else "",
            Decimal(s.monthly_fee or 0),
        )
        for s in rows
    ]


def _parking_of(company_id: int) -> list[ParkingInfo]:
    """The company's spaces by kind (a company has tens of spaces: summed here, one query)."""
    by_kind: dict[str, list[Decimal]] = {}
    for kind, fee in (
        ParkingSpace.select(ParkingSpace.kind, ParkingSpace.monthly_fee)
        .where(ParkingSpace.housing_company == company_id)
        .tuples()
    ):
        by_kind.setdefault(kind, []).append(Decimal(fee or 0))
    return [
        ParkingInfo(kind, len(fees), min(fees), max(fees)) for kind, fees in sorted(by_kind.items())
    ]


def flat_page(user: User, flat_id: int | None) -> FlatPage:
    """The page for ``flat_id`` (or the user's first flat with the right): ``NotFound`` for a
    flat not the user's, ``Refused`` without the ``flat_info`` right."""
    chosen = access.pick_flat(user, flat_id, "flat_info")
    allowed = [fa for fa in access.started_flats(user) if fa.can("flat_info")]
    fa = next(fa for fa in allowed if fa.flat_id == chosen)
    flat = Flat.with_companies(chosen)
    return FlatPage(
        flat=flat,
        flats=access.describe(allowed),
        saunas=_saunas_of(flat.housing_company_id),
        parking=_parking_of(flat.housing_company_id),
        documents=_documents_of(flat.housing_company_id, flat.building_id),
        can_book_sauna=fa.can("sauna"),
        can_see_parking=fa.role != access.AGENT or fa.can("parking"),
        can_report_faults=fa.can("faults"),
    )


def file_of(doc: Document) -> DocumentFile:
    """The stored file of a document row; ``NotFound`` when its file is gone."""
    data = storage.read(doc.storage_key)
    if data is None:
        raise NotFound("document")
    return DocumentFile(data, doc.content_type or "application/pdf", doc.filename)


def document_file(user: User, document_id: int) -> DocumentFile:
    """A document of one of the user's buildings (any flat where the user has ``flat_info``):
    a company-level document of the flat's company, or one of the flat's own building. Any
    other id, another building's or another company's, is ``NotFound``."""
    flat_ids = access.flat_ids_with(user, "flat_info")
    if not flat_ids:
        raise NotFound("document")
    doc = (
        Document.select(Document)
        .join(
            Flat,
            on=(Flat.housing_company == Document.housing_company)
            & (Document.building.is_null() | (Document.building == Flat.building)),
        )
        .where((Document.id == document_id) & Flat.id.in_(flat_ids))
        .first()
    )
    if doc is None:
        raise NotFound("document")
    return file_of(doc)
