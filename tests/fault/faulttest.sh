# faulttest.sh: helpers of the fault tests in tests/fault (sourced after
# tests/libtest.sh and tests/cli/clitest.sh).
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later

# LeakSanitizer cannot run under ptrace, and a killed run has no leaks to
# report: keep a sanitizer build quiet in the fault tests.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0

# strace_usable: strace is installed and may trace a child here (ptrace can be
# forbidden by a container's seccomp filter or by Yama).  Sets $why if not.
strace_usable () {
  why=
  if ! command -v strace >/dev/null 2>&1; then
    why="strace is not installed"
    return 1
  fi
  if ! timeout 20 strace -f -qq -o /dev/null true >/dev/null 2>&1; then
    why="strace cannot trace a process here (ptrace not permitted)"
    return 1
  fi
  return 0
}

# write_path_calls TRACE...: from the per-process files of a clean
# `strace -ff -e trace=...` run, the system calls of the atomic replace,
# one a line: OPERATION SYSCALL N, where N counts SYSCALL's calls in that
# process up to this one (what strace's inject=...:when=N counts).
# OPERATION: create (the exclusive temporary file), fchmod, write, fsync,
# close (all on the temporary file), rename or link (the temporary file onto
# the state file) and dirsync (the fsync of the directory after it); before
# them, the history's append (SPEC §9): logopen, logwrite, logfsync (on the
# log opened with O_APPEND) and logdirsync (the directory's fsync after the
# log was created).
write_path_calls () {
  awk '
    FNR == 1 { delete count; state = 0; fd = ""; seen_write = seen_fsync = seen_close = 0; lfd = ""; lstate = 0 }
    {
      name = ""
      if (match ($0, /^[a-z0-9_]+\(/))
        {
          name = substr ($0, 1, RLENGTH - 1)
          count[name]++
        }
    }
    state == 0 && lstate == 0 && name == "openat" && /history\.jsonl/ && /O_APPEND/ && $NF ~ /^[0-9]+$/ {
      lfd = $NF; lstate = 1; created = /O_CREAT/
      print "logopen openat", count[name]
      next
    }
    state == 0 && lstate == 1 && name == "write" && index ($0, "write(" lfd ",") == 1 { lstate = 2; print "logwrite write", count[name] }
    state == 0 && lstate == 2 && name == "fsync" && index ($0, "fsync(" lfd ")") == 1 { lstate = 3; print "logfsync fsync", count[name]; next }
    state == 0 && lstate == 3 && created && name == "fsync" { lstate = 4; print "logdirsync fsync", count[name] }
    state == 0 && name == "openat" && /\.halo-/ && /O_CREAT/ && /O_EXCL/ && $NF ~ /^[0-9]+$/ {
      fd = $NF; state = 1
      print "create openat", count[name]
      next
    }
    state == 1 && name == "fchmod" && index ($0, "fchmod(" fd ",") == 1 { print "fchmod fchmod", count[name] }
    state == 1 && name == "write" && !seen_write && index ($0, "write(" fd ",") == 1 {
      seen_write = 1; print "write write", count[name]
    }
    state == 1 && name == "fsync" && !seen_fsync && index ($0, "fsync(" fd ")") == 1 {
      seen_fsync = 1; print "fsync fsync", count[name]
    }
    state == 1 && name == "close" && !seen_close && index ($0, "close(" fd ")") == 1 {
      seen_close = 1; print "close close", count[name]
    }
    state == 1 && name ~ /^rename/ && /\.halo-/ { state = 2; print "rename " name, count[name]; next }
    state == 1 && name ~ /^link/ && /\.halo-/ { state = 2; print "link " name, count[name]; next }
    state == 2 && name == "fsync" { state = 3; print "dirsync fsync", count[name] }
  ' "$@"
}

# The system calls that write_path_calls needs in the trace.
WRITE_PATH_SYSCALLS=openat,fchmod,write,fsync,close,rename,renameat,renameat2,link,linkat

# strerror_of ERRNO: the C library's message for a symbolic errno, as
# g_strerror prints it (glibc, C locale).
strerror_of () {
  case $1 in
    ENOSPC) echo "No space left on device" ;;
    EIO) echo "Input/output error" ;;
    EDQUOT) echo "Disk quota exceeded" ;;
    EROFS) echo "Read-only file system" ;;
    EACCES) echo "Permission denied" ;;
    EPERM) echo "Operation not permitted" ;;
    EFBIG) echo "File too large" ;;
    *) echo "unknown errno $1" ;;
  esac
}

# temp_files DIR: the temporary files of an atomic replace under DIR.
temp_files () { find "$1" -name '.*.halo-*' | LC_ALL=C sort; }

# big_state FILE STAGE NEXT_STEP KIB: a valid state at STAGE whose issues
# array holds about KIB KiB of long strings.
big_state () {
  local line i
  line=$(printf 'x%.0s' $(seq 1000))
  mkdir -p "$(dirname "$1")"
  {
    printf '{\n  "status_type": "LIVE",\n  "current_stage": "%s",\n' "$2"
    printf '  "overall_progress_percent": 40,\n  "stage_progress_percent": 50,\n'
    printf '  "last_completed_artifact": "a.txt",\n  "current_task": "work",\n  "issues": [\n'
    for i in $(seq "$4"); do
      printf '    "issue %d: %s"' "$i" "$line"
      [ "$i" -lt "$4" ] && printf ','
      printf '\n'
    done
    printf '  ],\n  "blocking_questions": [],\n  "next_step": "%s"\n}\n' "$3"
  } >"$1"
}
