"""SubDomain: UAPI addsubdomain; API 2 listsubdomains, addsubdomain, delsubdomain."""
from __future__ import annotations

from polypanel.core import cascade, domains

from ..whm.wire import Failure
from .domain_ops import account


def _root(sub, name: str):
    name = (name or "").strip().lower().rstrip(".")
    for d in sub.domains:
        if d.ascii_name == name and d.kind in ("main", "addon"):
            return d
    raise Failure(f"The domain “{name[:255]}” does not belong to this account.")


def _add(ctx, call):
    sub = account(ctx, call)
    label = call.query.text("domain").strip().lower().rstrip(".")
    if not label:
        raise Failure("You must specify the “domain” parameter.")
    root = _root(sub, call.query.text("rootdomain"))
    fqdn = label if label.endswith("." + root.ascii_name) else f"{label}.{root.ascii_name}"
    directory = call.query.text("dir").strip().strip("/")
    path = f"{domains.document_root(ctx, sub, root.ascii_name, 'main').rsplit('/', 1)[0]}/{directory}" if directory else None
    return domains.create(ctx, subscription=sub, name=fqdn, kind="subdomain", parent_name=root.ascii_name,
                          document_root_path=path)


def addsubdomain(ctx, call):
    _add(ctx, call)
    return None


def api2_addsubdomain(ctx, call):
    d = _add(ctx, call)
    return [{"result": 1, "reason": f"The subdomain “{d.ascii_name}” has been added."}]


def listsubdomains(ctx, call):
    sub = account(ctx, call)
    out = []
    for d in sub.domains:
        if d.kind != "subdomain":
            continue
        parent = next((p for p in sub.domains if p.id == d.parent_id), None)
        root = parent.ascii_name if parent else ""
        label = d.ascii_name[:-len(root) - 1] if root else d.ascii_name
        out.append({"domain": d.ascii_name, "rootdomain": root, "subdomain": label, "dir": d.document_root,
                    "basedir": d.document_root.rsplit("/", 1)[-1], "reldir": d.document_root,
                    "status": "not redirected" if not d.forward_url else d.forward_url})
    return out


def delsubdomain(ctx, call):
    sub = account(ctx, call)
    name = call.query.text("domain").strip().lower().rstrip(".")
    for d in sub.domains:
        if d.kind == "subdomain" and (d.ascii_name == name or d.ascii_name.replace(".", "_", 1) == name):
            cascade.delete_domain(ctx, d)
            return [{"result": 1, "reason": f"The subdomain “{d.ascii_name}” has been removed."}]
    raise Failure(f"The subdomain “{name[:255]}” does not exist.")
