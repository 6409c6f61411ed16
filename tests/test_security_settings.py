"""Safe production defaults, the Content-Security-Policy and its report view,
and the nginx site's HTTPS set-up (docs/security.md)."""

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gazette.core import cspreports
from gazette.core.csp import origin_of, style_hash

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k" * 20 + "Zq8-p2_Lw9xVb4nR7tYc3mJ6hG5fD1sA0eU"


def production(*statements: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python with the production settings and only ``env`` set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by the browser tests' fixture for Playwright in this process; a
    # deployment never has it (check --deploy rightly reports async.E001).
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    clean.update({"GAZETTE_SECRET_KEY": SECRET, **env})
    code = "import gazette.settings.production as s\n" + "\n".join(statements)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True
    )


def production_values(*names: str, **env: str) -> dict:
    result = production(
        "import json",
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Production defaults ------------------------------------------------------


def test_production_is_https_only_without_any_setting():
    values = production_values(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GAZETTE_SSL_REDIRECT": "0"}, {"SECURE_SSL_REDIRECT": False}),
        ({"GAZETTE_HSTS_SECONDS": "0"}, {"SECURE_HSTS_SECONDS": 0}),
        (
            {"GAZETTE_HSTS_INCLUDE_SUBDOMAINS": "1", "GAZETTE_HSTS_PRELOAD": "1"},
            {"SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True},
        ),
        (
            {"GAZETTE_PROXY_SSL_HEADER": "X-Forwarded-Ssl: on"},
            {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_SSL", "on"]},
        ),
        (
            {"GAZETTE_PROXY_SSL_HEADER": "CloudFront-Forwarded-Proto:https"},
            {"SECURE_PROXY_SSL_HEADER": ["HTTP_CLOUDFRONT_FORWARDED_PROTO", "https"]},
        ),
        ({"GAZETTE_PROXY_SSL_HEADER": "off"}, {"SECURE_PROXY_SSL_HEADER": None}),
        (
            {"GAZETTE_SECURE_COOKIES": "0"},
            {"SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False},
        ),
    ],
)
def test_each_way_out_is_a_setting(env, expected):
    assert production_values(*expected, **env) == expected


@pytest.mark.parametrize(
    "value", ["X-Forwarded-Proto", ": https", "X-Forwarded-Proto:"]
)
def test_a_malformed_proxy_header_refuses_to_start(value):
    result = production(GAZETTE_PROXY_SSL_HEADER=value)
    assert result.returncode != 0
    assert "GAZETTE_PROXY_SSL_HEADER" in result.stderr


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    # Set by the browser tests' fixture for Playwright in this process; a
    # deployment never has it (check --deploy rightly reports async.E001).
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "gazette", "check", "--deploy", "--fail-level", "INFO"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    """Only the secret key (required) is set: everything else is the default."""
    result = check_deploy(GAZETTE_SECRET_KEY=SECRET, GAZETTE_VAR_DIR=str(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_check_deploy_still_catches_an_unsafe_choice(tmp_path):
    result = check_deploy(
        GAZETTE_SECRET_KEY=SECRET,
        GAZETTE_VAR_DIR=str(tmp_path),
        GAZETTE_SECURE_COOKIES="0",
        GAZETTE_HSTS_SECONDS="0",
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for check in ("security.W004", "security.W012", "security.W016"):
        assert check in output, output


# --- The policy on responses ---------------------------------------------------


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


@pytest.mark.django_db
def test_a_reader_page_allows_no_inline_script_and_only_its_own_style(
    client, make_article
):
    article = make_article("Harbour reopens")
    response = client.get(article.url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-report/"]
    assert policy["report-to"] == ["csp"]
    assert response["Reporting-Endpoints"] == 'csp="http://localhost/csp-report/"'
    # The brand colour's <style> is the only inline style, allowed by its hash.
    html = response.content.decode()
    styles = re.findall(r"<style>(.*?)</style>", html)
    assert styles == [":root{--color-brand:#b80000}"]
    assert policy["style-src"] == ["'self'", style_hash(styles[0])]
    assert "nonce" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_cached_page_keeps_the_header_it_was_rendered_with(client, make_article):
    article = make_article("Harbour reopens")
    first = client.get(article.url)
    again = client.get(article.url)
    assert again["X-Gazette-Cache"] == "hit"
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.django_db
def test_outside_hosts_come_from_the_settings_each_by_its_origin(
    client, make_article, settings
):
    settings.GAZETTE_RADIO_STREAM_URL = "https://radio.example.org:8443/live.mp3"
    settings.GAZETTE_CSP_IMAGE_HOSTS = ["https://pictures.example.org/"]
    settings.GAZETTE_CSP_FRAME_HOSTS = ["https://player.example.org"]
    article = make_article("Harbour reopens")
    policy = directives(client.get(article.url)["Content-Security-Policy"])
    assert policy["media-src"] == ["'self'", "https://radio.example.org:8443"]
    assert "https://pictures.example.org" in policy["img-src"]
    assert "https://player.example.org" in policy["frame-src"]
    assert "'none'" not in policy["frame-src"]
    assert not any("*" in source for sources in policy.values() for source in sources)


@pytest.mark.django_db
def test_the_admin_has_its_own_looser_policy(client, admin_user):
    client.force_login(admin_user)
    policy = directives(client.get("/admin/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "blob:" in policy["img-src"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://radio.example.org/live.mp3", "https://radio.example.org"),
        ("http://127.0.0.1:8001/newscast.mp3", "http://127.0.0.1:8001"),
        ("https://user:pw@cdn.example.org/m/", "https://cdn.example.org"),
        ("/media/", None),
        ("", None),
        ("javascript:alert(1)", None),
        ("http://[::1", None),
    ],
)
def test_origin_of(url, origin):
    assert origin_of(url) == origin


# --- Templates --------------------------------------------------------------------

INLINE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>"),
        "inline <script>",
    ),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"csp_nonce"), "nonce (reader pages are cached: hashes only)"),
]


COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def project_templates():
    yield from sorted((ROOT / "gazette").glob("*/templates/**/*.html"))


def test_no_template_carries_inline_script_handlers_or_styles():
    """Every template of the project is clean under the reader pages' policy
    (the admin's own Wagtail templates are Wagtail's)."""
    found = []
    for path in project_templates():
        # Comments never reach the browser; keep line numbers by keeping lines.
        text = COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text())
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not found, "\n".join(found)


# --- The report view --------------------------------------------------------------

CSP_REPORT = {
    "csp-report": {
        "document-uri": "https://news.example.org/world/harbour/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://news.example.org/world/harbour/",
        "line-number": 12,
        "disposition": "enforce",
    }
}
REPORTS_JSON = [
    {
        "type": "csp-violation",
        "url": "https://news.example.org/",
        "body": {
            "documentURL": "https://news.example.org/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://tracker.example.net/p.gif",
            "disposition": "enforce",
            "lineNumber": 3,
        },
    },
    {"type": "deprecation", "body": {"id": "x"}},
]


def post_report(client, body, content_type, **extra):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/csp-report/", data, content_type=content_type, **extra)


@pytest.mark.django_db
def test_the_report_view_logs_both_formats(client, caplog):
    with caplog.at_level(logging.WARNING, logger="gazette.csp"):
        first = post_report(client, CSP_REPORT, "application/csp-report")
        second = post_report(client, REPORTS_JSON, "application/reports+json")
    assert (first.status_code, second.status_code) == (204, 204)
    assert first["Cache-Control"] == "no-store"
    lines = [r.getMessage() for r in caplog.records if r.name == "gazette.csp"]
    assert len(lines) == 2, lines
    assert "script-src-elem blocked 'inline'" in lines[0]
    assert "https://news.example.org/world/harbour/" in lines[0]
    assert "img-src blocked 'https://tracker.example.net/p.gif'" in lines[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"not json", "application/csp-report", 400),
        (b"\xff\xfe", "application/reports+json", 400),
        (b"[" * 100000 + b"]" * 100000, "application/csp-report", 413),
        (b"[" * 5000 + b"]" * 5000, "application/csp-report", 400),
        (b'"a string"', "application/csp-report", 400),
        (b'{"csp-report": 3}', "application/csp-report", 400),
        (b"{}", "application/csp-report", 400),
        (b"[1, null, {}]", "application/reports+json", 204),
        (json.dumps(CSP_REPORT).encode(), "text/plain", 415),
        (json.dumps(CSP_REPORT).encode(), "multipart/form-data; boundary=x", 415),
    ],
)
def test_junk_gets_a_clear_answer_never_a_500(client, body, content_type, status):
    assert post_report(client, body, content_type).status_code == status


@pytest.mark.django_db
def test_the_report_view_takes_posts_only_and_limits_each_client(client, settings):
    assert client.get("/csp-report/").status_code == 405
    settings.GAZETTE_CSP_REPORTS_PER_MINUTE = 3
    statuses = [
        post_report(client, CSP_REPORT, "application/csp-report").status_code
        for _ in range(5)
    ]
    assert statuses == [204, 204, 204, 429, 429]
    refused = post_report(client, CSP_REPORT, "application/csp-report")
    assert refused["Retry-After"] == "60"
    other = post_report(
        client, CSP_REPORT, "application/csp-report", REMOTE_ADDR="192.0.2.9"
    )
    assert other.status_code == 204


@pytest.mark.django_db
def test_a_report_cannot_forge_log_lines(client, caplog):
    forged = {
        "csp-report": {
            "document-uri": "https://x/\nCRITICAL forged line\r\u2028",
            "blocked-uri": "x" * 5000,
            "effective-directive": {"nested": ["objects"]},
        }
    }
    with caplog.at_level(logging.WARNING, logger="gazette.csp"):
        assert post_report(client, forged, "application/csp-report").status_code == 204
    (line,) = [r.getMessage() for r in caplog.records if r.name == "gazette.csp"]
    assert "\n" not in line and "\r" not in line and "\u2028" not in line
    assert len(line) < 1200


def test_parse_reports_is_pure_and_caps_the_number_of_reports():
    many = json.dumps(REPORTS_JSON[:1] * 500).encode()
    records = cspreports.parse_reports("application/reports+json", many)
    assert len(records) == cspreports.MAX_REPORTS
    assert records[0]["directive"] == "img-src"
    assert records[0]["line"] == "3"


# --- nginx ------------------------------------------------------------------------

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "gazette.conf"


def server_blocks(text: str) -> list[str]:
    """Return the text of each top-level ``server { ... }`` block."""
    blocks, depth, start = [], 0, None
    for match in re.finditer(r"^server \{|\{|\}", text, re.M):
        token = match.group(0)
        if token == "server {" and depth == 0:
            start, depth = match.start(), 1
        elif token == "{" and start is not None:
            depth += 1
        elif token == "}" and start is not None:
            depth -= 1
            if depth == 0:
                blocks.append(text[start : match.end()])
                start = None
    return blocks


def test_nginx_redirects_port_80_and_sends_hsts_on_443():
    text = SITE.read_text()
    plain, site, short = server_blocks(text)
    assert "listen 80;" in plain and "443" not in plain
    assert "return 301 https://$host$request_uri;" in plain
    assert "listen 443 ssl" in site and "listen 443 ssl" in short
    for block in (plain, site, short):
        assert "server_tokens off;" in block
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in site
    assert "proxy_hide_header Server;" in site
    assert "includeSubDomains" not in re.sub(r"#.*", "", text)
    # Every location of the TLS servers that sets headers of its own repeats
    # HSTS (add_header is not inherited into such a location).
    for block in (site, short):
        for location in re.findall(r"location [^{]*\{[^}]*\}", block):
            if "add_header" in location:
                assert "Strict-Transport-Security" in location, location
    # Pages keep being served from the cache when the app or database fails.
    stale = (
        "proxy_cache_use_stale error timeout updating http_500 http_502 "
        "http_503 http_504;"
    )
    reader_location = site[site.index("    location / {") :]
    assert stale in reader_location
    assert "proxy_cache_background_update on;" in reader_location


def nginx_site_copy(tmp_path: Path) -> None:
    """Write nginx.conf and site.conf in ``tmp_path``: deploy/nginx/gazette.conf
    with a throwaway certificate and its paths moved there."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a throwaway certificate")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=news.example.org", "-keyout", str(tmp_path / "key.pem")]
        + ["-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    site = SITE.read_text()
    site = re.sub(
        r"/etc/letsencrypt/live/[^;]+/fullchain\.pem", str(tmp_path / "cert.pem"), site
    )
    site = re.sub(
        r"/etc/letsencrypt/live/[^;]+/privkey\.pem", str(tmp_path / "key.pem"), site
    )
    site = site.replace("/var/log/nginx/", f"{tmp_path}/").replace(
        "/var/cache/nginx-gazette", str(tmp_path / "cache")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; gzip on;\n"
        f"include {tmp_path}/site.conf; }}\n"
    )


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    """``nginx -t`` on a copy with a throwaway certificate and local paths."""
    nginx_site_copy(tmp_path)
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def upstream():
    """A stand-in for gunicorn that answers with what it was sent."""
    import http.server
    import threading

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(dict(self.headers)).encode()
            self.send_response(200)
            self.send_header("Server", "gunicorn/99")
            self.send_header("Strict-Transport-Security", "max-age=1")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
def test_nginx_redirects_plain_http_and_sends_one_hsts_header(tmp_path, upstream):
    """The site file, run on spare ports in front of a stand-in app."""
    import getpass
    import http.client
    import ssl
    import time

    nginx_site_copy(tmp_path)
    plain, tls = free_port(), free_port()
    site = (tmp_path / "site.conf").read_text()
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{plain};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{tls} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};"),
        ("/var/lib/gazette/media/", f"{tmp_path}/"),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "media.txt").write_text("an upload")
    conf = (tmp_path / "nginx.conf").read_text()
    if os.geteuid() == 0:
        conf = f"user {getpass.getuser()};\n" + conf
    (tmp_path / "nginx.conf").write_text(conf)
    argv = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    subprocess.run(argv, check=True, capture_output=True)
    try:
        for _ in range(50):
            if (tmp_path / "nginx.pid").exists():
                break
            time.sleep(0.1)

        def get(port, path, headers=(), secure=False):
            if secure:
                context = ssl._create_unverified_context()  # throwaway certificate
                client = http.client.HTTPSConnection(
                    "127.0.0.1", port, context=context, timeout=5
                )
            else:
                client = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            client.request(
                "GET", path, headers={"Host": "news.example.org", **dict(headers)}
            )
            response = client.getresponse()
            return response, response.read()

        response, _ = get(plain, "/world/harbour/?page=2")
        assert response.status == 301
        assert (
            response.getheader("Location")
            == "https://news.example.org/world/harbour/?page=2"
        )

        response, body = get(tls, "/world/harbour/", secure=True)
        assert response.status == 200
        assert response.getheader("Server") == "nginx"
        hsts = [
            v
            for k, v in response.getheaders()
            if k.lower() == "strict-transport-security"
        ]
        assert hsts == ["max-age=31536000"]
        assert json.loads(body)["X-Forwarded-Proto"] == "https"

        response, _ = get(tls, "/media/media.txt", secure=True)
        assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
        assert "sandbox" in response.getheader("Content-Security-Policy")

        # The short links' refresh from this machine reaches the app over
        # plain HTTP, standing for an HTTPS request.
        response, body = get(plain, "/s/abc123", headers={"X-Gazette-Refresh": "1"})
        assert response.status == 200
        assert json.loads(body)["X-Forwarded-Proto"] == "https"
    finally:
        subprocess.run([*argv, "-s", "stop"], capture_output=True)
