"""subdomain, site-alias, mail, database / db_server and ftp-user over agent.php."""
from .conftest import packet, results
from .test_plesk_xml_dns import webspace


def one(root, path):
    rs = results(root, path)
    assert len(rs) == 1, rs
    return rs[0]


def test_subdomain_and_site_alias(agent):
    wid = webspace(agent, "subs.com")
    sub = one(agent.post(packet("<subdomain><add><parent>subs.com</parent><name>blog</name><property><name>www_root"
                                "</name><value>/blog</value></property></add></subdomain>")), "subdomain/add")
    assert sub.findtext("status") == "ok", sub.findtext("errtext")
    got = one(agent.post(packet(f"<subdomain><get><filter><id>{sub.findtext('id')}</id></filter></get></subdomain>")),
              "subdomain/get")
    assert (got.findtext("data/parent"), got.findtext("data/name")) == ("subs.com", "blog.subs.com")
    by_parent = results(agent.post(packet("<subdomain><get><filter><parent-name>subs.com</parent-name></filter>"
                                          "</get></subdomain>")), "subdomain/get")
    assert [x.findtext("id") for x in by_parent] == [sub.findtext("id")]
    alias = one(agent.post(packet(f"<site-alias><create><pref><web>true</web></pref><site-id>{wid}</site-id>"
                                  "<name>alias-subs.com</name></create></site-alias>")), "site-alias/create")
    assert alias.findtext("status") == "ok", alias.findtext("errtext")
    info = one(agent.post(packet(f"<site-alias><get><filter><site-id>{wid}</site-id></filter></get></site-alias>")),
               "site-alias/get").find("info")
    assert (info.findtext("site-id"), info.findtext("name")) == (str(wid), "alias-subs.com")
    assert one(agent.post(packet(f"<site-alias><delete><filter><id>{alias.findtext('id')}</id></filter></delete>"
                                 "</site-alias>")), "site-alias/delete").findtext("status") == "ok"
    assert one(agent.post(packet("<subdomain><del><filter><name>blog.subs.com</name></filter></del></subdomain>")),
               "subdomain/del").findtext("status") == "ok"
    assert one(agent.post(packet("<subdomain><get><filter><name>blog.subs.com</name></filter></get></subdomain>")),
               "subdomain/get").findtext("errcode") == "1013"


def test_mail(agent):
    wid = webspace(agent, "mailer.com")
    root = agent.post(packet(
        f"<mail><create><filter><site-id>{wid}</site-id><mailname><name>info</name><mailbox><enabled>true</enabled>"
        "</mailbox><password><value>Mail-Passw0rd!1</value><type>plain</type></password></mailname>"
        "<mailname><name>bad name</name><password><value>Mail-Passw0rd!1</value></password></mailname>"
        "</filter></create></mail>"))
    ok_, bad = results(root, "mail/create")
    assert ok_.findtext("status") == "ok" and ok_.findtext("mailname/name") == "info"
    assert bad.findtext("status") == "error" and bad.findtext("mailname/name") == "bad name"
    info = one(agent.post(packet(f"<mail><get_info><filter><site-id>{wid}</site-id><name>info</name></filter>"
                                 "<mailbox/><forwarding/></get_info></mail>")), "mail/get_info")
    assert info.findtext("mailname/mailbox/enabled") == "true"
    upd = one(agent.post(packet(f"<mail><update><add><filter><site-id>{wid}</site-id><mailname><name>info</name>"
                                "<forwarding><enabled>true</enabled><address>boss@example.org</address></forwarding>"
                                "</mailname></filter></add></update></mail>")), "mail/update")
    assert upd.findtext("status") == "ok", upd.findtext("errtext")
    info = one(agent.post(packet(f"<mail><get_info><filter><site-id>{wid}</site-id></filter></get_info></mail>")),
               "mail/get_info")
    assert info.findtext("mailname/forwarding/address") == "boss@example.org"
    gone = one(agent.post(packet(f"<mail><remove><filter><site-id>{wid}</site-id><name>info</name></filter></remove>"
                                 "</mail>")), "mail/remove")
    assert gone.findtext("status") == "ok"
    empty = one(agent.post(packet(f"<mail><get_info><filter><site-id>{wid}</site-id></filter></get_info></mail>")),
                "mail/get_info")
    assert empty.findtext("status") == "ok" and empty.find("mailname") is None


def test_databases_and_servers(agent):
    wid = webspace(agent, "dbs.com")
    srv = one(agent.post(packet("<db_server><get-default><filter><type>mysql</type></filter></get-default>"
                                "</db_server>")), "db_server/get-default")
    sid = srv.findtext("id")
    servers = results(agent.post(packet("<db_server><get><filter/></get></db_server>")), "db_server/get")
    first = servers[0].find("data")
    assert first.findtext("host") and int(first.findtext("port")) > 0
    assert "mysql" in [t.text for t in agent.post(packet(
        "<db_server><get-supported-types/></db_server>")).findall("db_server/get-supported-types/result/type")]
    db = one(agent.post(packet(f"<database><add-db><webspace-id>{wid}</webspace-id><name>shop</name><type>mysql</type>"
                               f"<db-server-id>{sid}</db-server-id></add-db></database>")), "database/add-db")
    assert db.findtext("status") == "ok", db.findtext("errtext")
    dbid = db.findtext("id")
    listed = one(agent.post(packet(f"<database><get-db><filter><webspace-id>{wid}</webspace-id></filter></get-db>"
                                   "</database>")), "database/get-db")
    assert listed.findtext("id") == dbid and listed.findtext("webspace-id") == str(wid)
    user = one(agent.post(packet(f"<database><add-db-user><db-id>{dbid}</db-id><login>shopuser</login>"
                                 "<password>Db-Passw0rd!1</password></add-db-user></database>")),
               "database/add-db-user")
    assert user.findtext("status") == "ok", user.findtext("errtext")
    users = results(agent.post(packet(f"<database><get-db-users><filter><db-id>{dbid}</db-id></filter>"
                                      "</get-db-users></database>")), "database/get-db-users")
    assert [u.findtext("id") for u in users] == [user.findtext("id")]
    assert one(agent.post(packet(f"<database><set-db-user><id>{user.findtext('id')}</id><password>Db-NewPassw0rd!1"
                                 "</password></set-db-user></database>")), "database/set-db-user").findtext("status") \
        == "ok"
    root = agent.post(packet(f"<database><del-db-user><filter><id>{user.findtext('id')}</id></filter></del-db-user>"
                             f"</database><database><del-db><filter><id>{dbid}</id><id>999999</id></filter></del-db>"
                             "</database>"))
    assert [r.findtext("status") for r in root.iter("result")] == ["ok", "ok", "error"]


def test_ftp_users(agent):
    wid = webspace(agent, "ftps.com")
    r = one(agent.post(packet(f"<ftp-user><add><name>ftpextra</name><password>Ftp-Passw0rd!1</password><home>/</home>"
                              f"<permissions><read>true</read><write>false</write></permissions>"
                              f"<webspace-id>{wid}</webspace-id></add></ftp-user>")), "ftp-user/add")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    got = one(agent.post(packet("<ftp-user><get><filter><name>ftpextra</name></filter></get></ftp-user>")),
              "ftp-user/get")
    assert (got.findtext("permissions/write"), got.findtext("webspace-id")) == ("false", str(wid))
    assert one(agent.post(packet("<ftp-user><set><filter><name>ftpextra</name></filter><values><permissions><write>"
                                 "true</write></permissions></values></set></ftp-user>")),
               "ftp-user/set").findtext("status") == "ok"
    assert one(agent.post(packet("<ftp-user><del><filter><name>ftpextra</name></filter></del></ftp-user>")),
               "ftp-user/del").findtext("status") == "ok"
    assert one(agent.post(packet("<ftp-user><get><filter><name>ftpextra</name></filter></get></ftp-user>")),
               "ftp-user/get").findtext("errcode") == "1013"
