"""The function table: ``func`` name -> pipeline operation, with the words ``mgrctl -i`` shows."""
from __future__ import annotations

from .. import pipeline
from . import account_ops, auth_ops, dns_ops, hosting_ops, ip_ops, mail_ops, site_ops

# func -> (handler, read-only lookup)
HANDLERS: dict[str, tuple] = {
    "whoami": (auth_ops.whoami, True),
    "session.newkey": (auth_ops.session_newkey, False),
    "session.delete": (auth_ops.session_delete, False),
    **account_ops.OPERATIONS,
    **site_ops.OPERATIONS,
    **dns_ops.OPERATIONS,
    **hosting_ops.OPERATIONS,
    **mail_ops.OPERATIONS,
    **ip_ops.OPERATIONS,
}
NO_CREDENTIALS = ("auth",)
LEGACY = ("domain.sublist", "domain.sublist.edit", "domain.sublist.delete")

# One line per function (mgrctl -i), English and Russian.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "auth": ("Log in: username, password or key; returns a session id", "Авторизация: username, password или key"),
    "whoami": ("The current user and its access level", "Текущий пользователь и его уровень доступа"),
    "session.newkey": ("A one-time login key: username, key (16+ characters)", "Ключ для входа: username, key"),
    "session.delete": ("Log out: elid = session id", "Завершить сессию: elid"),
    "user": ("Users (list)", "Пользователи"),
    "user.edit": ("User: elid; name, passwd, confirm, fullname, email, preset, limit_*; sok", "Пользователь"),
    "user.add": ("New user (first step): name, passwd, fullname, preset; sok", "Новый пользователь"),
    "user.add.finish": ("New user: name, passwd, confirm, fullname, preset, webdomain_name, emaildomain_name, "
                        "ftp_user_name, email, limit_*; sok",
                        "Новый пользователь"),
    "user.delete": ("Delete users: elid", "Удалить пользователей"),
    "user.suspend": ("Suspend users: elid", "Выключить пользователей"),
    "user.resume": ("Resume users: elid", "Включить пользователей"),
    "reseller": ("Resellers (list)", "Реселлеры"),
    "reseller.edit": ("Reseller: elid; name, passwd, fullname, limit_users, limit_*; sok", "Реселлер"),
    "reseller.delete": ("Delete resellers: elid", "Удалить реселлеров"),
    "reseller.suspend": ("Suspend resellers: elid", "Выключить реселлеров"),
    "reseller.resume": ("Resume resellers: elid", "Включить реселлеров"),
    "admin": ("Administrators (list)", "Администраторы"),
    "preset": ("Presets (list)", "Шаблоны"),
    "preset.edit": ("Preset: elid; name, limit_*; sok", "Шаблон"),
    "preset.delete": ("Delete presets: elid", "Удалить шаблоны"),
    "usrparam": ("Your settings: passwd, confirm, email; sok", "Настройки пользователя"),
    **site_ops.DESCRIPTIONS,
    **dns_ops.DESCRIPTIONS,
    **hosting_ops.DESCRIPTIONS,
    **mail_ops.DESCRIPTIONS,
    **ip_ops.DESCRIPTIONS,
}


def _auth_operation() -> pipeline.Operation:
    return pipeline.Operation(name="auth", handler=auth_ops.auth, own_units=True)


def _build() -> dict[str, pipeline.Operation]:
    table = {"auth": _auth_operation()}
    for name, (handler, read_only) in HANDLERS.items():
        table[name] = pipeline.Operation(name=name, handler=handler, read_only=read_only)
    return table


TABLE = _build()


def register(handlers: dict[str, tuple], descriptions: dict[str, tuple[str, str]]) -> None:
    """Add a module's functions to the table."""
    HANDLERS.update(handlers)
    DESCRIPTIONS.update(descriptions)
    for name, (handler, read_only) in handlers.items():
        TABLE[name] = pipeline.Operation(name=name, handler=handler, read_only=read_only)


def get(func: str) -> pipeline.Operation | None:
    return TABLE.get((func or "").strip())


def needs_credentials(func: str) -> bool:
    return (func or "").strip() not in NO_CREDENTIALS


def is_legacy(func: str) -> bool:
    return (func or "").strip() in LEGACY


def describe(func: str, lang: str = "en") -> str | None:
    words = DESCRIPTIONS.get(func)
    if words is None:
        return None if func not in TABLE else func
    return words[1] if lang == "ru" else words[0]
