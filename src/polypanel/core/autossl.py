"""AutoSSL: every site of an account gets a certificate from the panel's own certificate source,
and keeps one, as cPanel's AutoSSL does.

A check of an account looks at each site (main domain, add-on, subdomain) and the names it serves
(the domain, ``www.`` where the site serves it, its active aliases with their ``www.``), less the
names the owner excluded. The site's certificate is in one of cPanel's TLS states: ``ok``;
``renewal`` (expires within ``RENEWAL_DAYS``, cPanel's DAYS_TO_REPLACE); ``incomplete`` (misses
eligible names); ``defective`` (none, expired, not yet valid, self-signed, not for the site, or
expiring within ``ALMOST_EXPIRED_DAYS``). When not ``ok``, a certificate for the names that pass
validation is issued, stored in the account's pool (``core/certificates.py``), and assigned, so
the web server serves it.

cPanel's rule on certificates it did not issue, kept here: a certificate that is neither from
AutoSSL nor self-signed (one the user installed from another CA) is never replaced, unless it is
defective and the administrator allows it (``[autossl] clobber_externally_signed``, cPanel's
metadata key of that name, off by default).

Validation. A public CA checks domain control (DCV); the panel's local CA has no DCV: it vouches
for names by the panel's own authoritative DNS data instead. A name is issued for when a zone the
panel serves resolves it (A/AAAA, through CNAMEs and wildcards) to one of this server's addresses;
a name that does not is left off the certificate and reported as a problem, as cPanel leaves off
names that fail DCV. A site whose own name fails gets no certificate.

A check runs in the background (cPanel forks ``autossl_check``): ``request`` queues it and wakes
the worker after the commit; ``in_progress`` and ``problems`` show its state and outcome.
"""
from __future__ import annotations

import datetime
import logging
import threading
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select, update

from polypanel.store.autossl_models import AutoSslExclusion, AutoSslProblem, AutoSslRun
from polypanel.store.models import Certificate, Domain, Subscription

from . import authorization, certificates, dns, tenancy, tls_material, validation, vocabulary, webspaces
from .certificates import Pool
from .errors import Conflict, Invalid
from .unit_of_work import UnitOfWork

log = logging.getLogger("polypanel.autossl")

RENEWAL_DAYS = 15
ALMOST_EXPIRED_DAYS = 3
MAX_EXCLUSIONS = 1000
MAX_CNAME_HOPS = 8
WORKER = "autossl"
DISABLED = "This system has AutoSSL disabled."
READ, WRITE = certificates.READ, certificates.WRITE


class Source(Protocol):
    """Where AutoSSL gets certificates (the panel's local CA: ``provision/local_ca.py``)."""

    module_name: str
    display_name: str
    validity_days: int
    max_domains: int

    def issue(self, names: list[str], now: datetime.datetime) -> tls_material.Material: ...

    def issued_here(self, cert_pem: str) -> bool: ...


@dataclass(frozen=True)
class SiteOutcome:
    domain: str
    action: str  # issued | renewed | kept | skipped
    detail: str = ""


# -- the names of a site ------------------------------------------------------------------------

def served_names(sub: Subscription, d: Domain) -> list[str]:
    """The names ``d``'s site answers to, as the web server is given them."""
    names = [d.ascii_name]
    if d.kind != "main" or webspaces.serves_www(sub):
        names.append(f"www.{d.ascii_name}")
    for alias in sub.domains:
        if alias.kind in vocabulary.ALIAS_KINDS and alias.parent_id == d.id and alias.status == "active":
            names += [alias.ascii_name, f"www.{alias.ascii_name}"]
    return list(dict.fromkeys(names))


def sites(sub: Subscription) -> list[Domain]:
    return [d for d in sub.domains if d.kind in vocabulary.SITE_KINDS and d.hosting_type != "none"]


def account_names(sub: Subscription) -> list[str]:
    return [n for d in sites(sub) for n in served_names(sub, d)]


# -- exclusions and problems --------------------------------------------------------------------

def _read(ctx: UnitOfWork, sub: Subscription) -> None:
    authorization.require(ctx.principal, READ)
    tenancy.require(ctx.principal, sub, "subscription", sub.id)


def _write(ctx: UnitOfWork, sub: Subscription) -> None:
    authorization.require(ctx.principal, WRITE)
    tenancy.require(ctx.principal, sub, "subscription", sub.id)


def excluded(ctx: UnitOfWork, sub: Subscription) -> list[str]:
    _read(ctx, sub)
    return list(ctx.session.scalars(select(AutoSslExclusion.domain).where(AutoSslExclusion.subscription_id == sub.id)
                                    .order_by(AutoSslExclusion.domain)))


def _names_of_account(sub: Subscription, names: list[str]) -> list[str]:
    if len(names) > MAX_EXCLUSIONS:
        raise Invalid("domains", f"at most {MAX_EXCLUSIONS} domains")
    known = set(account_names(sub))
    out = []
    for raw in names:
        _, ascii_name = validation.domain_name(raw, "domains")
        if ascii_name not in known:
            raise Invalid("domains", f"“{ascii_name}” is not a domain of the account “{sub.system_user}”")
        out.append(ascii_name)
    return list(dict.fromkeys(out))


def add_excluded(ctx: UnitOfWork, sub: Subscription, names: list[str]) -> list[str]:
    _write(ctx, sub)
    wanted = _names_of_account(sub, names)
    have = set(excluded(ctx, sub))
    for name in wanted:
        if name not in have:
            ctx.session.add(AutoSslExclusion(subscription_id=sub.id, domain=name))
    ctx.session.flush()
    ctx.audit("autossl:exclude", "subscription", sub.id, ", ".join(wanted)[:500])
    return wanted


def remove_excluded(ctx: UnitOfWork, sub: Subscription, names: list[str]) -> list[str]:
    _write(ctx, sub)
    wanted = [validation.domain_name(n, "domains")[1] for n in names[:MAX_EXCLUSIONS + 1]]
    if len(wanted) > MAX_EXCLUSIONS:
        raise Invalid("domains", f"at most {MAX_EXCLUSIONS} domains")
    ctx.session.execute(delete(AutoSslExclusion).where(AutoSslExclusion.subscription_id == sub.id,
                                                       AutoSslExclusion.domain.in_(wanted)))
    ctx.audit("autossl:include", "subscription", sub.id, ", ".join(wanted)[:500])
    return wanted


def problems(ctx: UnitOfWork, sub: Subscription) -> list[AutoSslProblem]:
    _read(ctx, sub)
    return list(ctx.session.scalars(select(AutoSslProblem).where(AutoSslProblem.subscription_id == sub.id)
                                    .order_by(AutoSslProblem.domain, AutoSslProblem.id)))


def in_progress(ctx: UnitOfWork, sub: Subscription) -> AutoSslRun | None:
    _read(ctx, sub)
    return ctx.session.scalar(select(AutoSslRun).where(AutoSslRun.subscription_id == sub.id,
                                                       AutoSslRun.status.in_(("queued", "running")))
                              .order_by(AutoSslRun.id).limit(1))


def last_run(ctx: UnitOfWork, sub: Subscription) -> AutoSslRun | None:
    _read(ctx, sub)
    return ctx.session.scalar(select(AutoSslRun).where(AutoSslRun.subscription_id == sub.id)
                              .order_by(AutoSslRun.id.desc()).limit(1))


def delete_for(ctx: UnitOfWork, sub: Subscription) -> None:
    """A subscription's AutoSSL state, when the subscription goes (cascade)."""
    for model in (AutoSslExclusion, AutoSslProblem, AutoSslRun):
        ctx.session.execute(delete(model).where(model.subscription_id == sub.id))


# -- asking for a check -------------------------------------------------------------------------

def request(ctx: UnitOfWork, subs: list[Subscription], source: Source | None) -> list[AutoSslRun]:
    """Queue a check of each account; it runs in the background once this unit of work commits.
    An account whose check is already queued or running is refused, as cPanel refuses a second
    ``autossl_check`` for a user while one runs."""
    if source is None:
        raise Conflict(DISABLED)
    runs = []
    for sub in subs:
        _write(ctx, sub)
        running = in_progress(ctx, sub)
        if running is not None:
            raise Conflict(f"An AutoSSL check for “{sub.system_user}” is already in progress (ID {running.id}).")
        run = AutoSslRun(subscription_id=sub.id, status="queued", requested_by=(ctx.principal.login or "")[:64],
                         requested_at=ctx.now(), message="")
        ctx.session.add(run)
        runs.append(run)
    ctx.session.flush()
    ctx.wake.add(WORKER)
    ctx.audit("autossl:request", "subscription", ",".join(str(s.id) for s in subs)[:200], f"{len(runs)} checks")
    return runs


# -- the check ----------------------------------------------------------------------------------

def tls_state(row: Certificate | None, domain: str, eligible: list[str], now: datetime.datetime) -> tuple[str, str]:
    """cPanel's TLS state of a site's certificate and why."""
    if row is None or not row.cert_pem:
        return "defective", "The site has no certificate of its own."
    d = tls_material.describe(row.cert_pem)
    left = d.not_after - now
    if d.self_signed:
        return "defective", "The certificate is self-signed."
    if d.not_after < now:
        return "defective", f"The certificate expired on {d.not_after:%Y-%m-%d %H:%M:%S} UTC."
    if d.not_before > now:
        return "defective", "The certificate is not valid yet."
    if not tls_material.covers(d.names, domain):
        return "defective", f"The certificate does not cover “{domain}”."
    if left < datetime.timedelta(days=ALMOST_EXPIRED_DAYS):
        return "defective", f"The certificate expires within {ALMOST_EXPIRED_DAYS} days."
    if left < datetime.timedelta(days=RENEWAL_DAYS):
        return "renewal", f"The certificate expires within {RENEWAL_DAYS} days."
    missing = [n for n in eligible if not tls_material.covers(d.names, n)]
    if missing:
        return "incomplete", "The certificate does not cover " + ", ".join(missing[:10]) + "."
    return "ok", ""


def resolves(ctx: UnitOfWork, sub: Subscription, name: str) -> str | None:
    """None when the panel's DNS resolves ``name`` to this server; else the problem."""
    addresses = set(ctx.settings.ip_addresses) | ({sub.ip.address} if sub.ip is not None else set())
    current = name
    for _hop in range(MAX_CNAME_HOPS):
        zone = dns.zone_of(ctx, current)
        if zone is None or zone.status != "active":
            return (f"“{name}” is not in a DNS zone that this server serves: the panel’s certificate authority "
                    "vouches only for names whose DNS the panel holds.")
        records = [r for r in zone.records if r.name == current and r.type in ("A", "AAAA", "CNAME")]
        if not records and "." in current:
            wildcard = "*." + current.split(".", 1)[1]
            records = [r for r in zone.records if r.name == wildcard and r.type in ("A", "AAAA", "CNAME")]
        if not records:
            return f"“{name}” does not resolve to any IP address in the DNS zone “{zone.name}”."
        cname = next((r for r in records if r.type == "CNAME"), None)
        if cname is not None:
            current = cname.value.rstrip(".").lower()
            continue
        found = sorted({r.value for r in records})
        if addresses & set(found):
            return None
        return f"“{name}” resolves to {', '.join(found[:5])}, not to this server ({', '.join(sorted(addresses))})."
    return f"“{name}” has too many CNAME records in a chain."


def check(ctx: UnitOfWork, sub: Subscription, source: Source) -> list[SiteOutcome]:
    """One account's AutoSSL check (see the module's text); its problems replace the last check's."""
    _write(ctx, sub)
    now = ctx.now()
    excluded_names = set(excluded(ctx, sub))
    found: dict[str, str] = {}
    outcomes = []
    for d in sites(sub):
        outcome = _check_site(ctx, sub, d, source, excluded_names, found, now)
        outcomes.append(outcome)
    ctx.session.execute(delete(AutoSslProblem).where(AutoSslProblem.subscription_id == sub.id))
    for name, problem in found.items():
        ctx.session.add(AutoSslProblem(subscription_id=sub.id, domain=name, problem=problem[:2000], at=now))
    ctx.session.flush()
    ctx.audit("autossl:check", "subscription", sub.id,
              "; ".join(f"{o.domain}: {o.action}" for o in outcomes)[:500])
    return outcomes


def _check_site(ctx, sub, d, source, excluded_names, found, now) -> SiteOutcome:
    eligible = [n for n in served_names(sub, d) if n not in excluded_names]
    if not eligible:
        return SiteOutcome(d.ascii_name, "skipped", "All domains are excluded from AutoSSL.")
    row = d.certificate if d.certificate_id is not None else None
    state, why = tls_state(row, d.ascii_name, eligible, now)
    if state == "ok":
        return SiteOutcome(d.ascii_name, "kept", "The certificate is valid and covers every domain.")
    ours = row is not None and source.issued_here(row.cert_pem)
    if row is not None and row.cert_pem and not ours and not tls_material.describe(row.cert_pem).self_signed:
        if state != "defective" or not ctx.settings.autossl_clobber_externally_signed:
            return SiteOutcome(d.ascii_name, "kept", "The certificate is neither self-signed nor from AutoSSL.")
    validated = []
    for name in eligible[:source.max_domains]:
        problem = resolves(ctx, sub, name)
        if problem is None:
            validated.append(name)
        else:
            found[name] = problem
    if d.ascii_name not in validated:
        reason = found.get(d.ascii_name, f"“{d.ascii_name}” is excluded from AutoSSL.")
        return SiteOutcome(d.ascii_name, "skipped", f"The site’s own name cannot be secured: {reason}")
    if state == "incomplete" and row is not None:
        have = tls_material.describe(row.cert_pem).names
        if all(tls_material.covers(have, n) for n in validated):
            return SiteOutcome(d.ascii_name, "kept", "No unsecured domain passed validation.")
    material = source.issue(validated, now)
    name = f"autossl-{d.ascii_name}"[:certificates.MAX_NAME]
    pool = certificates.list_(ctx, Pool(sub))
    same = next((r for r in pool if r.name == name), None)
    if same is not None and source.issued_here(same.cert_pem) and all(x.id == d.id for x in certificates.users(ctx, same)):
        certificates.update(ctx, same, cert=material.cert_pem, key=material.key_pem, ca=material.ca_pem)
        target, action = same, "renewed"
    else:
        taken = {r.name for r in pool}
        unique, n = name, 1
        while unique in taken:
            n += 1
            unique = f"{name}-{n}"
        target = certificates.install(ctx, Pool(sub), unique, cert=material.cert_pem, key=material.key_pem,
                                      ca=material.ca_pem)
        action = "issued"
    certificates.assign(ctx, target, d)
    if ours and row is not None and row.id != target.id and not certificates.users(ctx, row):
        certificates.remove(ctx, row)  # AutoSSL's own superseded certificate
    return SiteOutcome(d.ascii_name, action, f"{why} Secured: {', '.join(validated)}.")


# -- the background worker ----------------------------------------------------------------------

def run_pending(panel) -> list[int]:
    """Run every queued check, one account per unit of work, as the system (cPanel's root runs
    ``autossl_check``); a check that fails is marked failed with the reason."""
    done = []
    while True:
        with panel.sessions.begin() as s:
            run = s.scalar(select(AutoSslRun).where(AutoSslRun.status == "queued").order_by(AutoSslRun.id).limit(1))
            if run is None:
                return done
            claimed = s.execute(update(AutoSslRun).where(AutoSslRun.id == run.id, AutoSslRun.status == "queued")
                                .values(status="running", started_at=panel.clock.now())).rowcount
            run_id, sub_id = run.id, run.subscription_id
        if not claimed:
            continue
        status, message = "done", ""
        try:
            source = panel.certificate_source
            if source is None:
                raise Conflict(DISABLED)
            with panel.context(panel.admin(api="autossl")) as ctx:
                sub = ctx.session.get(Subscription, sub_id)
                if sub is not None:
                    outcomes = check(ctx, sub, source)
                    message = "\n".join(f"{o.domain}: {o.action}. {o.detail}".strip() for o in outcomes)
        except Exception as e:  # noqa: BLE001 - the run records why it failed
            log.exception("AutoSSL check %s failed", run_id)
            status, message = "failed", str(e) or type(e).__name__
        with panel.sessions.begin() as s:
            s.execute(update(AutoSslRun).where(AutoSslRun.id == run_id)
                      .values(status=status, message=message[:20000], finished_at=panel.clock.now()))
        done.append(run_id)


def wake_if_queued(panel) -> None:
    """Wake the worker when checks wait (queued by another process)."""
    if WORKER not in panel.workers:
        return
    with panel.readers() as s:
        queued = s.scalar(select(AutoSslRun.id).where(AutoSslRun.status == "queued").limit(1))
    if queued is not None:
        panel.workers[WORKER]()


def recover(panel) -> None:
    """At start: checks a stopped process left running are queued again, and the worker woken."""
    with panel.sessions.begin() as s:
        s.execute(update(AutoSslRun).where(AutoSslRun.status == "running").values(status="queued"))
        queued = s.scalar(select(AutoSslRun.id).where(AutoSslRun.status == "queued").limit(1))
    if queued is not None and WORKER in panel.workers:
        panel.workers[WORKER]()


class Worker:
    """Runs queued checks on one background thread, woken after a request commits."""

    def __init__(self, panel):
        self.panel = panel
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False

    def wake(self) -> None:
        with self._lock:
            self._again = True
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._loop, name="polypanel-autossl", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._again:
                    self._thread = None
                    return
                self._again = False
            try:
                run_pending(self.panel)
            except Exception:  # noqa: BLE001 - a background run must not die silently
                log.exception("AutoSSL worker failed")
