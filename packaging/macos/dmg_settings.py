# dmgbuild settings: the app and a link to Applications, side by side.
# Used by packaging/macos/build_macos.sh: dmgbuild -s packaging/macos/dmg_settings.py -D app=...
import os.path

app = defines.get("app", "dist/Claimdesk.app")  # noqa: F821 - dmgbuild provides `defines`
appname = os.path.basename(app)

format = "UDZO"
filesystem = "HFS+"
files = [app]
symlinks = {"Applications": "/Applications"}
icon_locations = {appname: (140, 160), "Applications": (420, 160)}
window_rect = ((200, 200), (560, 340))
default_view = "icon-view"
icon_size = 96
badge_icon = "resources/icons/claimdesk.icns"
