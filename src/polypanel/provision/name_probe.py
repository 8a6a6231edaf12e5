"""The core's ``NameProbe`` answered by the appliers: what exists on the real servers that the
panel did not create. Dry appliers find nothing there."""

from __future__ import annotations

from polypanel.provision.provisioning import Provisioning


class ProvisionedNames:
    def __init__(self, provisioning: Provisioning) -> None:
        self.provisioning = provisioning

    def foreign_database(self, server_id: int, server_type: str, name: str) -> bool:
        return self.provisioning.databases.foreign(str(server_id), server_type, "database", name)

    def foreign_database_user(self, server_id: int, server_type: str, login: str) -> bool:
        return self.provisioning.databases.foreign(str(server_id), server_type, "user", login)

    def foreign_system_user(self, login: str) -> bool:
        return self.provisioning.ftp.foreign(login)

    def foreign_mailbox(self, address: str) -> bool:
        return self.provisioning.mail.foreign(address)
