#!/usr/bin/env bash
# Build Claimdesk.app and Claimdesk-<version>.dmg; sign and notarise them when credentials are
# given, and say so when they are not.
#   CLAIMDESK_SIGN_IDENTITY   "Developer ID Application: Name (TEAMID)" in the keychain
#   CLAIMDESK_NOTARY_APPLE_ID, CLAIMDESK_NOTARY_TEAM_ID, CLAIMDESK_NOTARY_PASSWORD
#                             an Apple ID, its team and an app-specific password
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m venv .venv
.venv/bin/pip install -q -c constraints.txt -e ".[packaging]" "dmgbuild>=1.6"
.venv/bin/python packaging/build.py --self-test
version=$(.venv/bin/python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
app=dist/Claimdesk.app
dmg="dist/Claimdesk-${version}.dmg"

if [ -n "${CLAIMDESK_SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp \
    --entitlements packaging/macos/entitlements.plist \
    --sign "$CLAIMDESK_SIGN_IDENTITY" "$app"
  codesign --verify --strict --verbose=2 "$app"
else
  echo "CLAIMDESK_SIGN_IDENTITY is not set: the app is NOT signed (Gatekeeper will warn)."
fi

rm -f "$dmg"
.venv/bin/dmgbuild -s packaging/macos/dmg_settings.py -D app="$app" "Claimdesk" "$dmg"

if [ -n "${CLAIMDESK_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CLAIMDESK_SIGN_IDENTITY" "$dmg"
fi
if [ -n "${CLAIMDESK_SIGN_IDENTITY:-}" ] && [ -n "${CLAIMDESK_NOTARY_APPLE_ID:-}" ] \
   && [ -n "${CLAIMDESK_NOTARY_TEAM_ID:-}" ] && [ -n "${CLAIMDESK_NOTARY_PASSWORD:-}" ]; then
  xcrun notarytool submit "$dmg" --wait \
    --apple-id "$CLAIMDESK_NOTARY_APPLE_ID" --team-id "$CLAIMDESK_NOTARY_TEAM_ID" \
    --password "$CLAIMDESK_NOTARY_PASSWORD"
  xcrun stapler staple "$dmg"
else
  echo "Notarisation credentials are not set: the disk image is NOT notarised."
fi
echo "built $dmg ($(du -h "$dmg" | cut -f1))"
