#!/usr/bin/env bash
# Build the Linux one-folder app, self-test it offscreen, and pack it as a .tar.gz.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q -c constraints.txt -e ".[packaging]"
QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/build.py --self-test
version=$(.venv/bin/python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
tar -C dist -czf "dist/Claimdesk-${version}-linux-x86_64.tar.gz" Claimdesk
echo "built dist/Claimdesk-${version}-linux-x86_64.tar.gz ($(du -h "dist/Claimdesk-${version}-linux-x86_64.tar.gz" | cut -f1))"
