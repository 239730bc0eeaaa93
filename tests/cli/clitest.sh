# clitest.sh: helpers of the shell tests in tests/cli (sourced after tests/libtest.sh).
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later

# listing DIR: every entry under DIR with its type, inode, size, mode and
# modification time, then the checksum of each regular file.  A file created
# and removed again (a temporary file) still changes its directory's
# modification time, so equal listings mean that nothing at all was written.
listing () {
  find "$1" -printf '%P %y %i %s %m %T@\n' | LC_ALL=C sort
  (cd "$1" && find . -type f -exec cksum {} + | LC_ALL=C sort -k 3)
}

# save_tree DIR NAME: remember the listing of DIR as NAME.
save_tree () {
  mkdir -p "$TEST_TMP/.saved" && listing "$1" >"$TEST_TMP/.saved/$2"
}

# assert_tree_unchanged DIR NAME: DIR lists as it did (same bytes, same inodes,
# same times, no entry more or less).
assert_tree_unchanged () {
  listing "$1" | diff "$TEST_TMP/.saved/$2" - >&2 || { diag "$1 changed"; return 1; }
}

# assert_no_temp_files DIR: no temporary file of an atomic replace is left.
assert_no_temp_files () {
  local left
  left=$(find "$1" -name '.*.halo-*')
  [ -z "$left" ] || { diag "temporary files left: $left"; return 1; }
}

# find_python: a Python 3 for parsing JSON output, in $PYTHON (Debian's first).
find_python () {
  PYTHON=
  local p
  for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import json' >/dev/null 2>&1; then
      PYTHON=$p
      return 0
    fi
  done
  return 1
}

# json_fields TEXT KEY...: TEXT must be exactly one JSON object (and a
# newline); prints KEY=VALUE per key (null printed as "null"), one a line.
json_fields () {
  local text=$1; shift
  printf '%s' "$text" | "$PYTHON" -c '
import json, sys
text = sys.stdin.read()
obj = json.loads(text)
if not isinstance(obj, dict):
    sys.exit("not a JSON object")
for key in sys.argv[1:]:
    value = obj.get(key, "<missing>")
    print("%s=%s" % (key, "null" if value is None else value))
' "$@"
}
