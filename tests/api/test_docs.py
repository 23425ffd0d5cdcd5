"""What README.md tells admins to paste into other programs is checked by
those programs: the remote-site nginx configuration passes nginx -t."""
import os
import re
import shutil
import subprocess
import tempfile

from harness import ROOT

NEEDS_SERVER = False


def test_the_remote_site_nginx_configuration_is_valid(_):
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    block = re.search(r"```nginx\n(.*?)```", readme, re.S).group(1)
    d = tempfile.mkdtemp(prefix="sb-nginx-")
    try:
        # The same file, with paths and names this test machine has.
        conf = block.replace("/var/cache/nginx/provision", f"{d}/cache") \
            .replace("provision.lab.voip:8088", "127.0.0.1:8088").replace("listen 8088;", "listen 127.0.0.1:18088;")
        temps = " ".join(f"{k}_temp_path {d}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(f"{d}/nginx.conf", "w") as f:
            f.write(f"pid {d}/pid; error_log {d}/error.log; events {{}}\nhttp {{ access_log off; {temps}\n{conf}}}\n")
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
        p = subprocess.run([exe, "-t", "-c", f"{d}/nginx.conf", "-p", d], capture_output=True, text=True, timeout=30)
        assert p.returncode == 0, p.stderr
    finally:
        shutil.rmtree(d, ignore_errors=True)
