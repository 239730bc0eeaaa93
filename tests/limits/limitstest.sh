# limitstest.sh: helpers of the tests in tests/limits (sourced after
# tests/libtest.sh and tests/cli/clitest.sh).
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later

# Under "make check-valgrind" every run is 20 to 50 times slower: the tests
# that exist for their size use less there, and say so.
under_valgrind () { [ -n "${HALO_VALGRIND:-}" ]; }

# filler N CHAR: N copies of CHAR, without a newline.
filler () { head -c "$1" /dev/zero | tr '\0' "$2"; }

# The no-break space that GLib's g_format_size puts before the unit: "1.0 MiB".
nbsp=$(printf '\302\240')

# canonical_state FILE STAGE NEXT_STEP SIZE: a valid state file in HALO's
# canonical form, exactly SIZE bytes long (current_task is the padding).
canonical_state () {
  local file=$1 stage=$2 next=$3 size=$4 head tail
  mkdir -p "$(dirname "$file")"
  head=$(printf '{\n  "status_type": "LIVE",\n  "current_stage": "%s",\n  "overall_progress_percent": 40,\n  "stage_progress_percent": 50,\n  "last_completed_artifact": "a.txt",\n  "current_task": "' "$stage")
  tail=$(printf '",\n  "issues": [],\n  "blocking_questions": [],\n  "next_step": "%s"\n}' "$next")
  [ "$size" -ge $((${#head} + ${#tail} + 1)) ] || return 1
  { printf '%s' "$head"; filler $((size - ${#head} - ${#tail} - 1)) t; printf '%s\n' "$tail"; } >"$file"
}

# measure_rss COMMAND...: run COMMAND under GNU time, like run (sets $rc,
# $out, $err), and set $rss to its peak resident set size in KiB (empty
# when /usr/bin/time is missing).
measure_rss () {
  rss=
  if [ -x /usr/bin/time ]; then
    timeout 300 /usr/bin/time -f '%M' -o "$TEST_TMP/.rss" "$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
    rc=$?
    rss=$(tail -n 1 "$TEST_TMP/.rss")
    case $rss in *[!0-9]*|"") rss= ;; esac
  else
    timeout 300 "$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
    rc=$?
  fi
  out=$(cat "$TEST_TMP/.out")
  err=$(cat "$TEST_TMP/.err")
}

# sanitized PROGRAM: the program was built with AddressSanitizer (its RSS
# says nothing about HALO then), or runs under valgrind.
sanitized () {
  under_valgrind && return 0
  local p
  p=$(command -v "$1") || return 1
  ldd "$p" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan' && return 0
  nm -D "$p" 2>/dev/null | grep -q '__asan_init' && return 0
  return 1
}
