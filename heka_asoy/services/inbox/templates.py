"""Reply templates: ready answers in Finnish, Swedish and English that the desk starts from.

The desk keeps them here; the thread and service request reply forms fill their text area from
:func:`template_body` in the resident's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...db import write_txn
from ...models import ReplyTemplate, User, utcnow
from .. import audit
from ..errors import NotFound, Refused

LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class TemplateData:
    name: str
    body_fi: str
    body_sv: str = ""
    body_en: str = ""


def _staff(actor: User) -> None:
    if not actor.is_staff:
        raise Refused("not_staff")


def templates() -> list[ReplyTemplate]:
    """Every template by name (one query)."""
    return list(ReplyTemplate.select().order_by(ReplyTemplate.name, ReplyTemplate.id))


def get_template(template_id: int) -> ReplyTemplate:
    template = ReplyTemplate.get_or_none(ReplyTemplate.id == template_id)
    if template is None:
        raise NotFound("no_such_template")
    return template


def create_template(data: TemplateData, actor: User) -> ReplyTemplate:
    _staff(actor)
    with write_txn():
        template = ReplyTemplate.create(
            name=data.name,
            body_fi=data.body_fi,
            body_sv=data.body_sv,
            body_en=data.body_en,
            created_by=actor,
        )
        audit.record("reply_template_created", actor, template, name=data.name)
    return template


def update_template(template_id: int, data: TemplateData, actor: User) -> ReplyTemplate:
    _staff(actor)
    with write_txn():
        template = get_template(template_id)
        changed = [
            field for field in ("name", "body_fi", "body_sv", "body_en")
            if getattr(template, field) != getattr(data, field)
        ]  # fmt: skip
        for field in changed:
            setattr(template, field, getattr(data, field))
        if changed:
            template.updated_at = utcnow()
            template.save()
            audit.record("reply_template_changed", actor, template, changes=changed)
    return template


def delete_template(template_id: int, actor: User) -> None:
    _staff(actor)
    with write_txn():
        template = get_template(template_id)
        audit.record("reply_template_deleted", actor, template, name=template.name)
        template.delete_instance()


def template_body(template_id: int, language: str) -> str:
    """The template's text in ``language`` (fi, sv or en), falling back to Finnish where that
    language is left empty; ``NotFound`` for an unknown template. For the reply forms."""
    template = get_template(template_id)
    if language not in LANGUAGES:
        language = "fi"
    return getattr(template, f"body_{language}") or template.body_fi
