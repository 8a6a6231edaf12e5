"""panel.ini's keys: the template written on first start (and shown in the README) lists exactly the keys the panel reads."""
import re
import shutil
from configparser import ConfigParser
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from polypanel.server import config as config_module
from polypanel.server.config import KEYS, template
from tests.conftest import ADMIN_PASSWORD

README = Path(__file__).resolve().parents[2] / "README.md"


class RecordingParser(ConfigParser):
    """Remembers every (section, key) the panel asks for."""

    read_keys: set = set()

    def get(self, section, option, **kwargs):
        RecordingParser.read_keys.add((section, self.optionxform(option)))
        return super().get(section, option, **kwargs)


def _recording_config(tmp_path, monkeypatch, **values):
    monkeypatch.setattr(config_module, "new_parser", lambda: RecordingParser(interpolation=None, inline_comment_prefixes=(";",)))
    ini = "".join(f"[{section}]\n" + "".join(f"{k} = {v}\n" for k, v in values.get(section, {}).items())
                  for section in KEYS)
    path = tmp_path / "panel.ini"
    path.write_text(ini)
    return config_module.load(tmp_path, path)


def test_template_lists_exactly_the_keys_the_panel_reads(tmp_path, monkeypatch, panel):
    if not all(shutil.which(b) for b in ("nginx", "named", "named-checkconf", "rndc")):
        pytest.skip("nginx and BIND are needed to read the keys of the real appliers")
    from polypanel.dialects.environment import DialectEnv, Listener
    from polypanel.auth.authenticator import Authenticator
    from polypanel.auth.guard import GuardPolicy
    from polypanel.provision import build_provisioning
    from polypanel.server.apps import build_app

    RecordingParser.read_keys = set()
    # The three ways the appliers are built read different keys: the panel's own daemons, the
    # system's, and render-only.
    no_db = {"applier": "dry", "mysql_url": "", "postgresql_url": ""}
    for n, (web, dns) in enumerate(((("nginx", "supervised"), ("bind", "supervised")),
                                    (("nginx", "system"), ("bind", "system")), (("dry", "supervised"), ("dry", "supervised")))):
        d = tmp_path / str(n)
        d.mkdir()
        cfg = _recording_config(d, monkeypatch, web={"applier": web[0], "mode": web[1], "http_port": 18080, "https_port": 18444},
                                dns={"applier": dns[0], "mode": dns[1], "port": 18053, "control_port": 18954},
                                databases=no_db)
        cfg.core_settings()
        build_provisioning(cfg.ini, d / "provision")
        GuardPolicy.from_ini(cfg.ini)
    # The API's transport rules are read per request.
    env = DialectEnv(panel=panel, auth=Authenticator(panel), ini=cfg.ini, data_dir=str(tmp_path))
    with TestClient(build_app(env, Listener(name="plesk_https", port=8443, tls=True)), base_url="https://testserver") as c:
        assert c.get("/api/v2/server", auth=("admin", ADMIN_PASSWORD)).status_code == 200
        c.options("/api/v2/server", headers={"Origin": "https://billing.test", "Access-Control-Request-Method": "GET"})
    build_app(env, Listener(name="ispmgr_https", port=1500, tls=True))  # the ISPmanager API's [ispmgr] keys

    in_template = {(section, key.lower()) for section, keys in KEYS.items() for key, *_ in keys}
    read = {(s, k.lower()) for s, k in RecordingParser.read_keys}
    assert read - in_template == set(), "keys the panel reads but panel.ini's template does not list"
    assert in_template - read == set(), "keys panel.ini's template lists but the panel never reads"


def test_readme_shows_the_template_as_written():
    text = README.read_text()
    blocks = re.findall(r"```ini\n(.*?)```", text, re.S)
    assert template() in blocks


def test_inline_comments_are_not_part_of_values(tmp_path):
    (tmp_path / "panel.ini").write_text("[polypanel]\nplesk_https_port = 9443   ; the API\nbind = 0.0.0.0 ; all\n")
    cfg = config_module.load(tmp_path)
    assert cfg.ports["plesk_https"] == 9443 and cfg.bind == "0.0.0.0"


def test_a_bad_port_value_is_a_clear_error(tmp_path):
    (tmp_path / "panel.ini").write_text("[polypanel]\nplesk_https_port = eighty\n")
    with pytest.raises(config_module.PanelConfigError, match="plesk_https_port .* must be a port number"):
        config_module.load(tmp_path)
