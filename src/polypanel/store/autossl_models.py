"""AutoSSL's state per subscription: the names its owner excluded, the problems of the last check,
and the checks asked for (queued, running, done) so a caller can see one is in progress."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class AutoSslExclusion(Base):
    __tablename__ = "autossl_exclusions"
    __table_args__ = (UniqueConstraint("subscription_id", "domain"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    domain: Mapped[str] = mapped_column(String(255))  # ASCII, lower case


class AutoSslProblem(Base):
    __tablename__ = "autossl_problems"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    domain: Mapped[str] = mapped_column(String(255))
    problem: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)


class AutoSslRun(Base):
    __tablename__ = "autossl_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # queued | running | done | failed
    requested_by: Mapped[str] = mapped_column(String(64), default="")
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    message: Mapped[str] = mapped_column(Text, default="")
