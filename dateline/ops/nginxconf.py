"""docs/nginx.conf, made runnable on this machine: the same file with temporary paths and
ports and without TLS, inside a wrapper of its own (pid, logs and temporary files in one
directory). The benchmarks put nginx in front of the app with it, and a test checks what
the file promises (which requests nginx sends again when a worker dies)."""

import os
import re
from pathlib import Path


def local_nginx_config(conf, nginx_dir, *, host, port, app_port, static_root, media_root):
    """Write the configuration under `nginx_dir` and return the path of the file to start
    nginx with. A ValueError names what docs/nginx.conf no longer has."""
    nginx_dir = Path(nginx_dir)
    text = Path(conf).read_text()
    swaps = [
        (r"/var/cache/nginx/dateline", str(nginx_dir / "cache")),
        (r"/srv/dateline/var/static/", f"{static_root}/"),
        (r"/srv/dateline/var/media/", f"{media_root}/"),
        (r"/var/log/nginx/dateline.access.log", str(nginx_dir / "access.log")),
        (r"server 127.0.0.1:8000 ", f"server {host}:{app_port} "),
    ]
    for old, new in swaps:
        if old not in text:
            raise ValueError(f"docs/nginx.conf no longer has {old!r}")
        text = text.replace(old, new)
    patterns = [
        # The port-80 server only redirects to HTTPS.
        (r"server \{\s*listen 80;.*?return 301[^\n]*\n\}\n", ""),
        (r"^(\s*)listen 443 ssl http2;$", rf"\1listen {host}:{port};"),
        (r"^\s*listen \[::\]:443 ssl http2;\n", ""),
        (r"^\s*ssl_[a-z_]+ [^\n]*\n", ""),
    ]
    for pattern, replacement in patterns:
        text, count = re.subn(pattern, replacement, text, flags=re.DOTALL | re.MULTILINE)
        if not count:
            raise ValueError(f"docs/nginx.conf no longer matches {pattern!r}")
    (nginx_dir / "dateline.conf").write_text(text)
    temp = nginx_dir / "temp"
    temp.mkdir(exist_ok=True)
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    # nginx's workers run as "nobody" when started by root, and could not read the
    # temporary directory.
    user = "user root;" if os.geteuid() == 0 else ""
    wrapper = f"""
daemon off;
{user}
worker_processes auto;
pid {nginx_dir}/nginx.pid;
error_log {nginx_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    {mime}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {nginx_dir}/dateline.conf;
}}
"""
    path = nginx_dir / "nginx.conf"
    path.write_text(wrapper)
    return path
