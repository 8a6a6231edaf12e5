"""The latest provisioning state of an object: did the server take it, and if not, why.

A change is written with a provision job (``UnitOfWork.enqueue``); the job runner marks the job
done or failed with the tool's message. Every API shows an object's state from here, so a
caller sees "error" and the tool's words instead of a success that never happened.

Messages of jobs that stand for several objects name each object at the start of its line
(``[<key>] <reason>``, see ``provision/jobs.py``); a zone that was applied without some of its
records lists them as ``skipped record <name>. <TYPE>: <reason>`` (``provision/zonefile.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from polypanel.store.models import Database, DatabaseUser, DnsRecord, DnsZone, Domain, FtpUser, Mailbox, ProvisionJob

OK, PENDING, ERROR = "ok", "pending", "error"
SKIPPED = "skipped record "


@dataclass(frozen=True)
class State:
    status: str  # ok | pending | error
    message: str = ""

    def as_dict(self) -> dict:
        return {"status": self.status, "message": self.message}


def latest(session: Session, service: str, target: str) -> State:
    """The state of the newest job for ``service``/``target`` (ok when there is none left)."""
    cache = session.info.setdefault("provisioning_state", {})
    if (service, target) not in cache:
        job = session.execute(
            select(ProvisionJob.status, ProvisionJob.error)
            .where(ProvisionJob.service == service, ProvisionJob.target == target)
            .order_by(ProvisionJob.id.desc()).limit(1)
        ).first()
        if job is None or job.status == "done":
            state = State(OK)
        elif job.status == "failed":
            state = State(ERROR, job.error or "the change was not applied")
        else:
            state = State(PENDING)
        cache[(service, target)] = state
    return cache[(service, target)]


def _lines_about(state: State, key: str) -> State:
    """The part of a shared job's state that is about ``key`` (all of it when no line names an object)."""
    if state.status != ERROR:
        return state
    lines = state.message.splitlines()
    prefix = f"[{key}] "
    named = [line[len(prefix):] for line in lines if line.startswith(prefix)]
    if named:
        return State(ERROR, "\n".join(named))
    if any(line.startswith("[") and "] " in line for line in lines):
        return State(OK)  # the job names other objects only
    return state


def of_site(d: Domain) -> State:
    """The web server's state of a domain (kept on the domain by the job runner)."""
    status = d.provision_status or OK
    return State(status if status in (OK, PENDING, ERROR) else ERROR, d.provision_error or "")


def of_domain(d: Domain) -> State:
    """A domain's state on every server it lives on: web, its DNS zone, its mailboxes.

    The worst of them; the message names the service of each line (``dns: ...``)."""
    session = object_session(d)
    parts = [("web", of_site(d))]
    zone = session.scalar(select(DnsZone).where(DnsZone.domain_id == d.id))
    if zone is not None:
        parts.append(("dns", of_zone(zone)))
    parts.append(("mail", latest(session, "mail", d.ascii_name)))
    for status in (ERROR, PENDING):
        if any(state.status == status for _, state in parts):
            lines = [f"{service}: {line}" for service, state in parts if state.status == ERROR
                     for line in state.message.splitlines() or [""]]
            return State(status, "\n".join(lines))
    return State(OK)


def of_zone(zone: DnsZone) -> State:
    return latest(object_session(zone), "dns", zone.name)


def of_record(rec: DnsRecord) -> State:
    """A record's state: its zone's, unless the zone was applied without just some records."""
    state = of_zone(rec.zone)
    if state.status != ERROR:
        return state
    skipped = [line for line in state.message.splitlines() if line.startswith(SKIPPED)]
    if not skipped:
        return state  # the whole zone was refused
    mine = [line for line in skipped if line.startswith(f"{SKIPPED}{rec.name}. {rec.type}:")]
    return State(ERROR, "\n".join(mine)) if mine else State(OK)


def of_database(db: Database) -> State:
    return latest(object_session(db), "db", f"database:{db.server_id}:{db.name}")


def of_database_user(user: DatabaseUser) -> State:
    return latest(object_session(user), "db", f"user:{user.server_id}:{user.login}")


def of_mailbox(mb: Mailbox) -> State:
    address = f"{mb.local_part}@{mb.domain.ascii_name}".lower()
    return _lines_about(latest(object_session(mb), "mail", mb.domain.ascii_name), address)


def of_ftp_user(user: FtpUser) -> State:
    return _lines_about(latest(object_session(user), "ftp", "all"), user.login)
