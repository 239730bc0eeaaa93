# libtest.sh: shared helpers for the shell tests (TAP output).
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later

set -u
export LC_ALL=${LC_ALL:-C.UTF-8}
unset HALO_DRY_RUN NO_COLOR

test_count=0
test_failed=0

# Each test file works in its own temporary directory.
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/halo-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT
cd "$TEST_TMP" || exit 99

: "${HALO_TESTDATA:=$(cd "$(dirname "$0")/../data" && pwd)}"

plan () { echo "1..$1"; }

ok () { test_count=$((test_count + 1)); echo "ok $test_count - $*"; }

not_ok () {
  test_count=$((test_count + 1)); test_failed=$((test_failed + 1))
  echo "not ok $test_count - $*"
}

skip () { test_count=$((test_count + 1)); echo "ok $test_count # SKIP $*"; }

# slow_test N WHAT: call right after plan in a test that exists for its size
# (many files, size limits, crash loops).  With HALO_SKIP_SLOW_TESTS set to
# 1, yes, true or on, it reports its N results as SKIP, saying why, and
# exits: package builds set it (debian/rules, halo.spec), since make check on
# CI runs every test.  Unset, empty, 0, no, false or off run the test.
slow_test () {
  local i
  case $(printf '%s' "${HALO_SKIP_SLOW_TESTS:-}" | tr 'A-Z' 'a-z') in
    ""|0|no|false|off) return 0 ;;
    1|yes|true|on) ;;
    *) echo "Bail out! HALO_SKIP_SLOW_TESTS=$HALO_SKIP_SLOW_TESTS: use 1 to skip the slow tests, 0 to run them"; exit 99 ;;
  esac
  for i in $(seq "$1"); do skip "slow test ($2), left out: HALO_SKIP_SLOW_TESTS=$HALO_SKIP_SLOW_TESTS"; done
  exit 0
}

# check DESCRIPTION COMMAND...: one TAP line, from COMMAND's exit status.
check () {
  local desc=$1; shift
  if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

diag () { printf '# %s\n' "$@" >&2; }

# run CMD...: run with a timeout; sets $rc, $out (stdout), $err (stderr).
# The timeout catches a hang, not slowness: 20 s natively, 600 s under
# "make check-valgrind" (memcheck runs the 1 MiB states of size-limits.test
# some 30 times slower; killed there, a run reports the memory it still
# held as leaked, and the check fails for the wrong reason).
if [ -n "${HALO_VALGRIND:-}" ]; then run_timeout=600; else run_timeout=20; fi
run () {
  timeout "$run_timeout" "$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
  rc=$?
  out=$(cat "$TEST_TMP/.out")
  err=$(cat "$TEST_TMP/.err")
}

assert_rc () {
  [ "$rc" = "$1" ] || { diag "expected exit status $1, got $rc" "stdout: $out" "stderr: $err"; return 1; }
}

assert_contains () { # TEXT NEEDLE
  case "$1" in *"$2"*) return 0 ;; esac
  diag "expected to find: $2" "in: $1"; return 1
}

assert_not_contains () {
  case "$1" in *"$2"*) diag "did not expect: $2" "in: $1"; return 1 ;; esac
  return 0
}

assert_streq () {
  [ "$1" = "$2" ] || { diag "expected: $2" "got:      $1"; return 1; }
}

assert_file_has_content () { grep -q -e "$2" "$1" || { diag "$1 lacks $2"; return 1; }; }

assert_same_file () { cmp -s "$1" "$2" || { diag "$1 differs from $2"; return 1; }; }

# A project directory with the state file FIXTURE (a file under tests/data).
make_project () { # DIR FIXTURE
  mkdir -p "$1/progress" && cp "$HALO_TESTDATA/$2" "$1/progress/status.json"
}

# A valid state file at STAGE with NEXT_STEP (JSON-escaped by the caller).
write_state () { # FILE STAGE NEXT_STEP
  mkdir -p "$(dirname "$1")"
  cat >"$1" <<EOS
{
  "status_type": "LIVE",
  "current_stage": "$2",
  "overall_progress_percent": 40,
  "stage_progress_percent": 50,
  "last_completed_artifact": "a.txt",
  "current_task": "work",
  "issues": [],
  "blocking_questions": [],
  "next_step": "$3"
}
EOS
}

finish () {
  [ "$test_failed" -eq 0 ]
}
