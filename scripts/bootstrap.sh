#!/usr/bin/env bash
# Installs everything Crisis Room needs on a fresh Debian/Ubuntu machine: the system libraries Qt
# loads, poppler-utils (the tests read PDFs back), an X server with no window manager and tools to
# look at and type into it (tests/views/test_wall_x11.py), a virtual environment with the package,
# and the compiled translations. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
apt_packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libfreetype6 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 poppler-utils
  xvfb xdotool x11-utils libxfixes3)
missing=()
"$python" -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[test]'
  touch "$stamp"
fi

# Compiled translations are built here, never committed.
for ts in i18n/*.ts; do
  qm="${ts%.ts}.qm"
  if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
  fi
done
