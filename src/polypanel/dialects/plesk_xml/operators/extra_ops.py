"""protected-dir (served by nginx with basic authentication), php-handler (what the box has),
ui custom buttons (stored), extension call (no extension runtime: a clear error)."""
from __future__ import annotations

import base64

from polypanel.core import accounts, custom_buttons, domains, extensions, php_handlers, protected_dirs
from polypanel.core.errors import NotFound

from ..errors import XmlError
from .common import deleted, fid, filter_of, n, number, required, spec, text

# --- protected-dir ----------------------------------------------------------------------------------


def _site(ctx, site_id: str | None = None, site_name: str | None = None):
    try:
        d = domains.get(ctx, id=number(site_id, "site-id")) if site_id is not None else domains.get(ctx, name=site_name)
    except NotFound:
        raise NotFound("site", site_id or site_name) from None
    return d


# A protected directory's location (Plesk on Linux): nginx asks for credentials on HTTP and HTTPS
# alike (one server block serves both) and runs no CGI.
LOCATION = (("ssl", "true"), ("nonssl", "true"), ("cgi", "false"))


def _location_in(el) -> None:
    """Asking for protection on only one of HTTP/HTTPS gets both (stricter, never looser); CGI is refused."""
    for prop in el.findall("location/property") if el is not None else []:
        name, value = text(prop, "name", ""), (text(prop, "value", "") or "").lower()
        if name not in dict(LOCATION) or value not in ("true", "false"):
            raise XmlError(1019, f"location: '{name[:32]}' = '{value[:32]}' is not a property of a protected directory")
        if name == "cgi" and value == "true":
            raise XmlError(1019, "location: this server runs no CGI in protected directories")


def _location_out():
    return n("location", [n("property", [n("name", k), n("value", v)]) for k, v in LOCATION])


def pd_add(ctx, call):
    el = call.body
    _location_in(el)
    site = _site(ctx, required(el, "site-id"))
    pd = protected_dirs.create(ctx, domain=site, path=text(el, "name", ""), realm=text(el, "header", "") or "")
    return [[n("id", pd.id)]]


def _dirs(ctx, call):
    flt = filter_of(call)
    if flt is None:
        return protected_dirs.list_(ctx)
    field, value = flt
    if field == "id":
        return [protected_dirs.get(ctx, number(value, "id"))]
    if field in ("site-id", "site-name"):
        site = _site(ctx, value if field == "site-id" else None, value if field == "site-name" else None)
        return protected_dirs.list_(ctx, domain_id=site.id)
    raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <protected-dir>")


def pd_get(ctx, call):
    return [[*fid(call, pd.id), n("id", pd.id), n("data", [n("name", pd.path or "/"), n("header", pd.realm),
                                                          _location_out()])] for pd in _dirs(ctx, call)]


def pd_location_descriptor(ctx, call):
    flt = filter_of(call)
    if flt is not None:
        if flt[0] != "site-id":
            raise XmlError(1014, f"Parser error: <{flt[0][:64]}> is not a filter of <get-pd-location-descriptor>")
        _site(ctx, flt[1])
    return [[n("descriptor", [n("property", [n("name", k), n("type", "boolean"), n("default", v)])
                              for k, v in LOCATION])]]


def pd_set(ctx, call):
    values = call.body.find("values")
    if values is None:
        raise XmlError(1014, "Parser error: <values> is required in <set>")
    _location_in(values)
    out = []
    for pd in _dirs(ctx, call):
        protected_dirs.update(ctx, pd, path=text(values, "name"), realm=text(values, "header"))
        out.append([*fid(call, pd.id), n("id", pd.id)])
    return out


def pd_delete(ctx, call):
    return deleted(call, _dirs(ctx, call), lambda pd: protected_dirs.delete(ctx, pd))


def pd_add_user(ctx, call):
    el = call.body
    pd = protected_dirs.get(ctx, number(required(el, "pd-id"), "pd-id"))
    if (text(el, "password-type") or "plain") != "plain":
        raise XmlError(1019, "password-type: only plain passwords are accepted")
    user = protected_dirs.add_user(ctx, pd, login=text(el, "login", ""), password=text(el, "password", "") or "")
    return [[n("id", user.id)]]


def _users(ctx, call):
    flt = filter_of(call)
    if flt is None:
        raise XmlError(1014, "Parser error: <filter> needs <id> or <pd-id>")
    field, value = flt
    if field == "id":
        return [protected_dirs.get_user(ctx, number(value, "id"))]
    if field == "pd-id":
        return list(protected_dirs.get(ctx, number(value, "pd-id")).users)
    raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <protected-dir>")


def pd_set_user(ctx, call):
    values = call.body.find("values")
    if values is None:
        raise XmlError(1014, "Parser error: <values> is required in <set-user>")
    if (text(values, "password-type") or "plain") != "plain":
        raise XmlError(1019, "password-type: only plain passwords are accepted")
    out = []
    for user in _users(ctx, call):
        protected_dirs.update_user(ctx, user, login=text(values, "login") or None,
                                   password=text(values, "password") or None)
        out.append([*fid(call, user.id), n("id", user.id)])
    return out


def pd_get_user(ctx, call):
    found = _users(ctx, call)
    return [[*fid(call, u.id), n("id", u.id), n("data", n("login", u.login))] for u in found] or [fid(call)]


def pd_delete_user(ctx, call):
    return deleted(call, _users(ctx, call), lambda u: protected_dirs.delete_user(ctx, u))


# --- php-handler --------------------------------------------------------------------------------------


def php_get(ctx, call):
    socket = call.env.option("web", "php_fpm_socket", "").strip()
    flt = filter_of(call)
    found = php_handlers.list_(socket) if flt is None else [php_handlers.get(socket, flt[1])]
    return [[n("id", h.id), n("display-name", h.display_name), n("full-version", h.full_version),
             n("version", h.version), n("type", h.type), n("path", h.path), n("clipath", h.clipath),
             n("phpini", h.phpini), n("custom", "false"), n("handler-status", "enabled" if h.enabled else "disabled")]
            for h in found]


# --- ui -----------------------------------------------------------------------------------------------


def _owner(ctx, el):
    if el is None:
        raise XmlError(1014, "Parser error: <owner> is required")
    if el.find("admin") is not None:
        return next(a for a in accounts.list_(ctx) if a.role == "admin") if ctx.principal.is_admin else \
            _missing_owner()
    for tag in ("customer-id", "reseller-id"):
        if text(el, tag):
            acc = accounts.get(ctx, id=number(text(el, tag), tag))
            if acc.role != tag.removesuffix("-id"):
                raise NotFound("account", acc.id)
            return acc
    raise XmlError(1014, "Parser error: <owner> holds <admin/>, <customer-id> or <reseller-id>")


def _missing_owner():
    raise NotFound("account", "admin")


def _flag(el, name: str) -> bool:
    value = (text(el, name, "false") or "false").lower()
    if value not in ("true", "false"):
        raise XmlError(1019, f"{name}: must be true or false")
    return value == "true"


def button_create(ctx, call):
    el = call.body
    props = el.find("properties")
    if props is None:
        raise XmlError(1014, "Parser error: <properties> is required")
    sort_key = text(props, "sort_key")
    components = el.find("url-components")
    button = custom_buttons.create(
        ctx, owner=_owner(ctx, el.find("owner")), place=text(props, "place", ""), url=text(props, "url", ""),
        text=text(props, "text", ""), sort_key=number(sort_key, "sort_key") if sort_key else 100,
        public=_flag(props, "public"), internal=_flag(props, "internal"), noframe=_flag(props, "noframe"),
        conhelp=text(props, "conhelp", "") or "", file=text(props, "file", "") or "",
        url_components=[c.tag for c in components if isinstance(c.tag, str)] if components is not None else [])
    return [[n("id", button.id)]]


def _buttons(ctx, call):
    flt = call.body.find("filter")
    ids = [c for c in flt.findall("custombutton-id")] if flt is not None else []
    owners = flt.findall("owner") if flt is not None else []
    if ids:
        return [custom_buttons.get(ctx, number(c.text, "custombutton-id")) for c in ids]
    if owners:
        return [b for o in owners for b in custom_buttons.list_(ctx, owner_id=_owner(ctx, o).id)]
    raise XmlError(1014, "Parser error: <filter> holds <custombutton-id> or <owner>")


def _owner_out(acc):
    if acc.role == "admin":
        return n("owner", n("admin", ""))
    return n("owner", n(f"{acc.role}-id", acc.id))


def button_get(ctx, call):
    out = []
    for b in _buttons(ctx, call):
        o = b.options or {}
        out.append([n("id", b.id), _owner_out(b.owner), n("properties", [
            n("sort_key", o.get("sort_key", 100)), n("conhelp", o.get("conhelp", "")), n("file", o.get("file", "")),
            n("public", bool(o.get("public"))), n("internal", bool(o.get("internal"))),
            n("noframe", bool(o.get("noframe"))), n("place", b.place), n("url", b.url), n("text", b.text)]),
            n("url-components", [n(c, "") for c in b.url_components or []])])
    return out


def button_delete(ctx, call):
    out = []
    for b in _buttons(ctx, call):
        answer = [n("id", b.id)]
        custom_buttons.delete(ctx, b)
        out.append(answer)
    return out


def _php_serialize(value) -> str:
    """PHP's serialize() of dicts, lists and strings (what api-php-lib unserializes)."""
    if isinstance(value, dict):
        items = "".join(_php_serialize(k) + _php_serialize(v) for k, v in value.items())
        return f"a:{len(value)}:{{{items}}}"
    if isinstance(value, list):
        return _php_serialize(dict(enumerate(value)))
    if isinstance(value, int):
        return f"i:{value};"
    raw = str(value).encode("utf-8")
    return f's:{len(raw)}:"{str(value)}";'


def get_navigation(ctx, call):
    """The panel's sections as this server has them, and the caller's own custom buttons."""
    mine = [{"name": b.text, "url": b.url} for b in custom_buttons.list_(ctx, owner_id=ctx.principal.account_id)]
    hosting = [{"name": name, "url": url} for name, url in (
        ("Websites & Domains", "/smb/web/view"), ("Mail", "/smb/email-address/list"),
        ("Databases", "/smb/database/list"), ("DNS", "/smb/dns-zone/records-list"))]
    navigation = {"general": {"name": "General", "nodes": [{"name": "Home", "url": "/"}, *mine]},
                  "hosting": {"name": "Hosting Services", "nodes": hosting}}
    return [[n("navigation", base64.b64encode(_php_serialize(navigation).encode("utf-8")).decode())]]


# --- extension call -------------------------------------------------------------------------------------


def extension_call(ctx, call):
    target = next((c for c in call.body if isinstance(c.tag, str)), None)
    if target is None:
        raise XmlError(1014, "Parser error: <call> names an extension")
    ext = extensions.get(ctx, str(target.tag)[:64])
    raise XmlError(1026, f"The extension {ext.id} has no XML API operations on this server: "
                         "it is a part of the panel, not a separate program")


PROTECTED_DIR_OPERATIONS = {
    "add": spec("protected-dir.add", pd_add, action="domains:update"),
    "get": spec("protected-dir.get", pd_get, read_only=True, action="domains:read", filtered=True),
    "set": spec("protected-dir.set", pd_set, action="domains:update", filtered=True),
    "delete": spec("protected-dir.delete", pd_delete, action="domains:update", filtered=True),
    "add-user": spec("protected-dir.add-user", pd_add_user, action="domains:update"),
    "set-user": spec("protected-dir.set-user", pd_set_user, action="domains:update", filtered=True),
    "delete-user": spec("protected-dir.delete-user", pd_delete_user, action="domains:update", filtered=True),
    "get-user": spec("protected-dir.get-user", pd_get_user, read_only=True, action="domains:read", filtered=True),
    "get-pd-location-descriptor": spec("protected-dir.get-pd-location-descriptor", pd_location_descriptor,
                                       read_only=True, action="domains:read", filtered=True),
}
PHP_HANDLER_OPERATIONS = {"get": spec("php-handler.get", php_get, read_only=True, action="server:read",
                                      filtered=True)}
UI_OPERATIONS = {
    "create-custombutton": spec("ui.create-custombutton", button_create, action="accounts:read"),
    "get-custombutton": spec("ui.get-custombutton", button_get, read_only=True, action="accounts:read"),
    "delete-custombutton": spec("ui.delete-custombutton", button_delete, action="accounts:read"),
    "get-navigation": spec("ui.get-navigation", get_navigation, read_only=True),
}
