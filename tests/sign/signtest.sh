# signtest.sh: helpers of the tests in tests/sign (sourced after tests/libtest.sh).
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later

# Never the user's own keys: the default secret key lives in the test's directory.
export HOME="$TEST_TMP/home"
export MINISIGN_CONFIG_DIR="$TEST_TMP/minisign-config"
mkdir -p "$HOME"
unset LIBGCRYPT_FORCE_FIPS_MODE

# run_slow CMD...: run, with time for one or two scrypt derivations (1 GiB,
# several seconds each, more under the sanitizers).
run_slow () {
  timeout 300 "$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
  rc=$?
  out=$(cat "$TEST_TMP/.out")
  err=$(cat "$TEST_TMP/.err")
}

# A release tree DIR with three files and a signed-to-be manifest name.
make_release () { # DIR
  mkdir -p "$1/docs" && printf 'alpha\n' >"$1/a.txt" && printf 'beta\n' >"$1/docs/b.txt" \
    && printf 'gamma\n' >"$1/c.bin"
}

# The base64 line of a key file.
key_line () { sed -n 2p "$1"; }

# have TOOL: TRUE when TOOL is installed.
have () { command -v "$1" >/dev/null 2>&1; }

# snapshot DIR: a listing of DIR with every file's checksum (to show nothing changed).
snapshot () { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
