#!/bin/sh
# Register the app with the desktop for the current user: the menu entry, the icon and the
# *.wargame.json file type (opened by wargame-app). Run from the top of the repository after
# `pipx install` of the wheel (or with the standalone app's folder on PATH):
#
#     sh packaging/linux/install.sh          # and to undo: sh packaging/linux/install.sh --remove
set -eu
here=$(dirname "$0")
data=${XDG_DATA_HOME:-$HOME/.local/share}
if [ "${1:-}" = "--remove" ]; then
    xdg-mime uninstall "$data/mime/packages/wargame-app.xml" 2>/dev/null || true
    rm -f "$data/applications/wargame-app.desktop" "$data/mime/packages/wargame-app.xml" \
        "$data/icons/hicolor/256x256/apps/wargame-app.png" "$data/icons/hicolor/48x48/apps/wargame-app.png" \
        "$data/icons/hicolor/scalable/apps/wargame-app.svg"
    exit 0
fi
mkdir -p "$data/applications" "$data/mime/packages" "$data/icons/hicolor/256x256/apps" \
    "$data/icons/hicolor/48x48/apps" "$data/icons/hicolor/scalable/apps"
cp "$here/wargame-app.desktop" "$data/applications/"
cp "$here/wargame-app.xml" "$data/mime/packages/"
cp "$here/../../assets/icons/wargame-256.png" "$data/icons/hicolor/256x256/apps/wargame-app.png"
cp "$here/../../assets/icons/wargame-48.png" "$data/icons/hicolor/48x48/apps/wargame-app.png"
cp "$here/../../assets/icons/wargame.svg" "$data/icons/hicolor/scalable/apps/wargame-app.svg"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v xdg-mime >/dev/null && xdg-mime default wargame-app.desktop application/x-wargame-game || true
echo "registered wargame-app and *.wargame.json for $(id -un)"
