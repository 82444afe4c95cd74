"""Every page carries a Content-Security-Policy with no inline script, a Referrer-Policy and a
Permissions-Policy that keeps the camera and microphone to this site; no template has an inline
script or event handler that such a policy would block."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse


def test_pages_send_the_policies(world, client_for):
    response = client_for(world.rep).get(reverse("home"))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "ws://testserver" in policy["connect-src"]
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "microphone=(self)" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert client_for(None).get(reverse("login"))["Content-Security-Policy"]


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        text = path.read_text()
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path}: inline event handler")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path}: inline script {tag}")
    assert offenders == []
