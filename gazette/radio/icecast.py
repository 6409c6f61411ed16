"""An Icecast configuration for the newscast, as Debian's icecast2 reads it.

Used by the test and the benchmark that start a real Icecast on 127.0.0.1,
and as the model of deploy/icecast/icecast.xml. Pure: it returns text.
"""

from __future__ import annotations

from xml.sax.saxutils import escape


def config(
    *,
    port: int,
    source_password: str,
    admin_password: str,
    logdir: str,
    mount: str = "/newscast.mp3",
    mounts: tuple[str, ...] = (),
    bind_address: str = "127.0.0.1",
    hostname: str = "127.0.0.1",
    max_listeners: int = 1000,
    run_as: tuple[str, str] | None = None,
    share: str = "/usr/share/icecast2",
) -> str:
    """Return icecast.xml for the mounts fed by ``gazette radio-broadcast``:
    ``mount`` (the default edition's) and ``mounts`` (the other editions',
    ``/es/newscast.mp3``), each a source of its own.

    ``run_as`` (user, group) is needed when started as root: Icecast refuses
    to run as root and switches to that account (Debian's icecast2/icecast).
    """
    every = list(dict.fromkeys((mount, *mounts)))
    values = {
        key: escape(str(value))
        for key, value in {
            "port": port,
            "source": source_password,
            "admin": admin_password,
            "logdir": logdir,
            "mount": mount,
            "bind": bind_address,
            "hostname": hostname,
            "clients": max_listeners + 10,
            "sources": len(every) + 1,
            "share": share,
        }.items()
    }
    owner = ""
    if run_as:
        user, group = (escape(part) for part in run_as)
        owner = f"<changeowner><user>{user}</user><group>{group}</group></changeowner>"
    mount_blocks = "".join(
        f"""    <mount type="normal">
        <mount-name>{escape(name)}</mount-name>
        <max-listeners>{max_listeners}</max-listeners>
        <public>0</public>
    </mount>
"""
        for name in every
    )
    return f"""<icecast>
    <location>Gazette</location>
    <admin>newsroom@localhost</admin>
    <hostname>{values["hostname"]}</hostname>
    <limits>
        <clients>{values["clients"]}</clients>
        <sources>{values["sources"]}</sources>
        <queue-size>524288</queue-size>
        <client-timeout>30</client-timeout>
        <header-timeout>15</header-timeout>
        <source-timeout>10</source-timeout>
        <burst-on-connect>1</burst-on-connect>
        <burst-size>16000</burst-size>
    </limits>
    <authentication>
        <source-password>{values["source"]}</source-password>
        <relay-password>{values["admin"]}</relay-password>
        <admin-user>admin</admin-user>
        <admin-password>{values["admin"]}</admin-password>
    </authentication>
    <listen-socket>
        <port>{values["port"]}</port>
        <bind-address>{values["bind"]}</bind-address>
    </listen-socket>
{mount_blocks}    <fileserve>1</fileserve>
    <paths>
        <basedir>{values["share"]}</basedir>
        <logdir>{values["logdir"]}</logdir>
        <webroot>{values["share"]}/web</webroot>
        <adminroot>{values["share"]}/admin</adminroot>
        <alias source="/" destination="/status.xsl"/>
    </paths>
    <logging>
        <accesslog>access.log</accesslog>
        <errorlog>error.log</errorlog>
        <loglevel>3</loglevel>
        <logsize>10000</logsize>
    </logging>
    <security>
        <chroot>0</chroot>
        {owner}
    </security>
</icecast>
"""
