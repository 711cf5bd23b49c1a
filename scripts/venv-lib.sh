# Sourced by the scripts/setup-*.sh that build a cached venv (heavy, seed and Colab-like
# kernels, the OpenCV 4 cross-check): one way to decide a venv is ready and to (re)build it.
#
#   ensure_venv LABEL VENV PYTHON WANT POPULATE [READY_CHECK]
#
# The venv is ready when VENV/bin/python runs, its stamp VENV/.convert-doctor-ready holds WANT
# (no stamp is read or written when WANT is empty) and READY_CHECK (Python code, optional)
# exits 0 in it. Otherwise it is removed and built again: `PYTHON -m venv`, then the function
# POPULATE (VENV_PYTHON is set; venv_pip and venv_put_checkout_on_path help), then READY_CHECK,
# then the stamp. Either way VENV_PYTHON is its python; the caller prints it last.
# VENV_INTERPRETER_HINT says how to name another interpreter when PYTHON is missing.

# pip warns about every absent mirror folder; keep its real errors only.
venv_pip() {
  "$VENV_PYTHON" -m pip install -q --disable-pip-version-check "$@" 2>&1 \
    | { grep -v '^WARNING: Location' || true; } >&2
}

# Puts the checkout ROOT on the venv's path with a .pth file (the project is stdlib-only at
# import time), so a kernel there runs the working tree's code.
venv_put_checkout_on_path() {
  local site
  site="$("$VENV_PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$1" >"$site/jupyterlab_convert_doctor_repo.pth"
}

venv_is_ready() {
  local venv=$1 want=$2 check=$3
  [ -x "$venv/bin/python" ] || return 1
  if [ -n "$want" ]; then
    [ -f "$venv/.convert-doctor-ready" ] && [ "$(cat "$venv/.convert-doctor-ready")" = "$want" ] \
      || return 1
  fi
  [ -z "$check" ] || "$venv/bin/python" -c "$check" 2>/dev/null
}

ensure_venv() {
  local label=$1 venv=$2 python=$3 want=$4 populate=$5 check=${6:-}
  VENV_PYTHON="$venv/bin/python"
  if venv_is_ready "$venv" "$want" "$check"; then
    echo "$label venv ready: $venv" >&2
    return 0
  fi
  if ! command -v "$python" >/dev/null; then
    echo "$label: no interpreter $python to build $venv from" \
      "(${VENV_INTERPRETER_HINT:-set CONVERT_DOCTOR_PYTHON})" >&2
    return 1
  fi
  local start
  start=$(date +%s)
  echo "== building the $label venv in $venv" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
  "$populate"
  # Fail here, not in a test, when the venv is not usable.
  [ -z "$check" ] || "$VENV_PYTHON" -c "$check"
  [ -z "$want" ] || echo "$want" >"$venv/.convert-doctor-ready"
  echo "$label venv built in $(($(date +%s) - start))s" >&2
}
