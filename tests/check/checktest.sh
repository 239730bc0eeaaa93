# checktest.sh: helpers of the tests in tests/check (sourced after tests/libtest.sh
# and tests/cli/clitest.sh).
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later

# check_lines CHECK: the lines halo-check's report ($out) gives for CHECK
# ("state file", "integrity" …): the text after "VERDICT  CHECK: " on its own
# line, or else the indented lines under "VERDICT  CHECK", one a line, with
# the indentation removed.
check_lines () {
  printf '%s\n' "$out" | awk -v name="$1" '
    function starts(s, p) { return substr(s, 1, length(p)) == p }
    inside && /^        / { sub(/^        /, ""); print; next }
    inside && /^      / { sub(/^      /, ""); print; next }
    { inside = 0 }
    (starts($0, "PASS  ") || starts($0, "FAIL  ") || starts($0, "SKIP  ")) {
      rest = substr($0, 7)
      if (rest == name) { inside = 1; next }
      if (starts(rest, name ": ")) print substr(rest, length(name) + 3)
    }'
}

# assert_verdict CHECK VERDICT: the report ($out) has one line for CHECK and
# says VERDICT there.
assert_verdict () {
  local n
  n=$(printf '%s\n' "$out" | grep -c -e "^[A-Z]\{4\}  $1\(:\|\$\)")
  [ "$n" = 1 ] || { diag "expected one line for the check '$1', found $n" "in: $out"; return 1; }
  printf '%s\n' "$out" | grep -q -e "^$2  $1\(:\|\$\)" \
    || { diag "expected '$2  $1'" "in: $out"; return 1; }
}

# assert_verdicts STATE PENDING CRYPTO INTEGRITY [HISTORY]: the five verdicts
# (HISTORY: SKIP, no log, unless given), in the order of SPEC §5, then the
# final verdict line that follows from them.
assert_verdicts () {
  set -- "$1" "$2" "$3" "$4" "${5:-SKIP}"
  assert_verdict "state file" "$1" && assert_verdict "pending transition" "$2" \
    && assert_verdict "crypto self-test" "$3" && assert_verdict "integrity" "$4" \
    && assert_verdict "history" "$5" || return 1
  local order
  order=$(printf '%s\n' "$out" | sed -n 's/^[A-Z]\{4\}  \(state file\|pending transition\|crypto self-test\|integrity\|history\)\(:.*\)\?$/\1/p' | paste -sd,)
  assert_streq "$order" "state file,pending transition,crypto self-test,integrity,history" || return 1
  local failed=0 skipped=0 v
  for v in "$@"; do
    [ "$v" = FAIL ] && failed=$((failed + 1))
    [ "$v" = SKIP ] && skipped=$((skipped + 1))
  done
  local last
  last=$(printf '%s\n' "$out" | tail -n 1)
  if [ "$failed" -gt 0 ]; then
    assert_streq "$last" "Verdict: FAIL ($failed of 5 checks failed)"
  else
    assert_streq "$last" "Verdict: PASS ($((5 - skipped)) passed, $skipped skipped)"
  fi
}

# json_query TEXT EXPR: evaluate the Python expression EXPR with "o" bound to
# the one JSON object TEXT holds (as $out holds it: without the final
# newline) and print the result; the checks are also reachable by name as
# c["state-file"] …
json_query () {
  printf '%s' "$1" | "$PYTHON" -c '
import json, sys
o = json.loads(sys.stdin.read())
if not isinstance(o, dict):
    sys.exit("not a JSON object")
c = {x["name"]: x for x in o["checks"]}
r = eval(sys.argv[1])
print(r if isinstance(r, str) else json.dumps(r))
' "$2"
}

# assert_json TEXT EXPR EXPECTED: json_query TEXT EXPR prints EXPECTED.
assert_json () {
  local got
  got=$(json_query "$1" "$2") || { diag "cannot evaluate $2"; return 1; }
  [ "$got" = "$3" ] || { diag "$2: expected: $3" "$2: got:      $got"; return 1; }
}
