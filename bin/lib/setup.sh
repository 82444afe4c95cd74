# Shared by bin/run and bin/test: a virtual environment with Roundtable's pinned dependencies,
# and the Debian packages the tests need. Sourced, not run.

die() { echo "ERROR: $*" >&2; exit 1; }

is_root_with_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  echo "Installing Debian packages: $*"
  if [ -z "${ROUNDTABLE_APT_UPDATED:-}" ]; then
    apt-get update -qq || die "apt-get update failed; check the machine can reach Debian's mirrors."
    ROUNDTABLE_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed."
}

pick_python() {
  local candidate
  for candidate in ${ROUNDTABLE_PYTHON:-} python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  die "Roundtable needs Python 3.11 or newer (python3.11 was not found)."
}

# ensure_venv base|test: create .venv once; (re)install only when pyproject.toml or
# constraints.txt changed.
ensure_venv() {
  local extras=$1 python want stamp=.venv/.roundtable-installed
  if [ ! -x .venv/bin/python ]; then
    python=$(pick_python)
    echo "Creating the virtual environment in .venv (first run only)..."
    if ! "$python" -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv
      is_root_with_apt || die "Python cannot create a virtual environment. Install python3-venv \
(sudo apt-get install python3-venv), then run this again."
      apt_install python3-venv
      "$python" -m venv .venv || die "Could not create .venv even with python3-venv installed."
    fi
  fi
  want="$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ] && { grep -qx "test $want" "$stamp" || grep -qx "$extras $want" "$stamp"; }; then
    return
  fi
  echo "Installing Roundtable's dependencies into .venv (this takes a minute the first time)..."
  local target="."
  [ "$extras" = "test" ] && target=".[test]"
  .venv/bin/python -m pip install --disable-pip-version-check -q -c constraints.txt -e "$target" \
    || die "pip could not install the dependencies (see above). Fix the cause and run again."
  echo "$extras $want" > "$stamp"
}

# Debian packages the tests need: Chromium and fonts for the browser tests (Playwright never
# downloads a browser here), espeak-ng to speak known words into test clips, and pg_dump and
# pg_restore for the PostgreSQL backup test.
ensure_test_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
  command -v pg_restore >/dev/null 2>&1 || missing+=(postgresql-client)
  fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core fonts-liberation)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    if is_root_with_apt; then
      apt_install "${missing[@]}"
    else
      echo "WARNING: some tests need: sudo apt-get install ${missing[*]}" >&2
    fi
  fi
  ensure_axe
}

# axe-core, the accessibility rules the browser tests run on every main page: pinned, from npm,
# into .cache/node (not committed).
AXE_VERSION=4.14.1
ensure_axe() {
  local folder=.cache/node
  local installed="$folder/node_modules/axe-core/package.json"
  if [ -f "$installed" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$installed"; then
    return
  fi
  command -v npm >/dev/null 2>&1 || { echo "WARNING: npm is missing: the accessibility checks cannot run." >&2; return; }
  mkdir -p "$folder"
  npm install --silent --no-audit --no-fund --no-save --prefix "$folder" "axe-core@$AXE_VERSION" >/dev/null \
    || echo "WARNING: npm could not install axe-core@$AXE_VERSION." >&2
}
