"""Custom buttons of the panel's interface (Plesk's ``ui`` custom buttons): links an administrator,
reseller or customer keeps in the panel. Stored and listed; each belongs to one account."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from polypanel.store.models import Account, CustomButton

from . import tenancy
from .errors import Invalid, LimitExceeded, NotFound
from .unit_of_work import UnitOfWork

PLACES = ("admin", "reseller", "client", "domain", "navigation", "frame")  # Plesk's CBPlace values
URL = re.compile(r"^(https?|ftp)://[^\s<>\"]{1,1000}$", re.IGNORECASE)
URL_COMPONENTS = ("dom_id", "dom_name", "ftp_user", "ftp_pass", "cl_id", "cname", "pname", "email")
MAX_PER_OWNER = 100


def _visible(ctx: UnitOfWork):
    q = select(CustomButton).join(Account, CustomButton.owner_id == Account.id)
    return tenancy.apply(q, tenancy.account_filter(ctx.principal))


def list_(ctx: UnitOfWork, *, owner_id: int | None = None) -> list[CustomButton]:
    q = _visible(ctx)
    if owner_id is not None:
        q = q.where(CustomButton.owner_id == owner_id)
    return list(ctx.session.scalars(q.order_by(CustomButton.id)))


def get(ctx: UnitOfWork, button_id: int) -> CustomButton:
    button = ctx.session.scalar(_visible(ctx).where(CustomButton.id == button_id))
    if button is None:
        raise NotFound("custom button", button_id, "Custom button does not exist")
    return button


def create(ctx: UnitOfWork, *, owner: Account, place: str, url: str, text: str, sort_key: int = 100,
           public: bool = False, internal: bool = False, noframe: bool = False, conhelp: str = "",
           file: str = "", url_components: list[str] | None = None) -> CustomButton:
    if not tenancy.may_see_account(ctx.principal, owner):
        raise NotFound("account", owner.id)
    place, url, text = (place or "").strip(), (url or "").strip(), (text or "").strip()
    if place not in PLACES:
        raise Invalid("place", f"must be one of {', '.join(PLACES)}")
    if not URL.match(url):
        raise Invalid("url", "must be an http, https or ftp URL without spaces")
    if not text or len(text) > 255 or not text.isprintable():
        raise Invalid("text", "1 to 255 printable characters")
    if len(conhelp) > 1024 or len(file) > 255:
        raise Invalid("conhelp" if len(conhelp) > 1024 else "file", "is too long")
    if not -(2 ** 31) < sort_key < 2 ** 31:
        raise Invalid("sort_key", "is out of range")
    components = []
    for c in url_components or []:
        if c not in URL_COMPONENTS:
            raise Invalid("url-components", f"'{str(c)[:32]}' is not one of {', '.join(URL_COMPONENTS)}")
        if c not in components:
            components.append(c)
    count = ctx.session.scalar(select(func.count()).select_from(CustomButton).where(CustomButton.owner_id == owner.id))
    if count >= MAX_PER_OWNER:
        raise LimitExceeded("custom_buttons", MAX_PER_OWNER, f"An account may have at most {MAX_PER_OWNER} buttons")
    button = CustomButton(owner_id=owner.id, place=place, url=url, text=text, url_components=components,
                          options={"sort_key": sort_key, "public": public, "internal": internal, "noframe": noframe,
                                   "conhelp": conhelp, "file": file}, created_at=ctx.now())
    ctx.session.add(button)
    ctx.session.flush()
    button.owner = owner
    ctx.audit("custom_button:create", "custom_button", button.id, text)
    return button


def delete(ctx: UnitOfWork, button: CustomButton) -> None:
    if not tenancy.may_see_account(ctx.principal, button.owner):
        raise NotFound("custom button", button.id, "Custom button does not exist")
    ctx.audit("custom_button:delete", "custom_button", button.id, button.text)
    ctx.session.delete(button)
    ctx.session.flush()
