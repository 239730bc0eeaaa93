# examples-extract.awk: the example transcripts of a man page or of README.md,
# as files that tests/doc/man-examples.test runs and compares.
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later
#
# awk -v format=roff|markdown -v out=DIR -f examples-extract.awk FILE
#
# roff: each .nf ... .fi block of the EXAMPLES section is a transcript.
# markdown: each fenced block whose info string is "console" is one.
# In a transcript a line "$ command" is a command (a command whose line ends
# with a backslash continues on the next line); the lines after it, up to the
# next command or the end of the block, are its expected output.  In roff a
# comment line '.\" $ command' is a command whose output is not compared
# (setup the reader need not see).
#
# Writes DIR/index, one line per block ("block B LINE") and per command
# ("cmd B C shown|hidden LINE"), DIR/B.C.cmd (the command, as bash reads it)
# and DIR/B.C.exp (the expected output of a shown command), and
# DIR/B.orphan for output lines of block B before its first command.

function unescape(s) {
  gsub(/\\\\|\\e/, "\001", s)
  sub(/\\".*$/, "", s)
  gsub(/\\-/, "-", s)
  gsub(/\\\(aq|\\\[aq\]/, "'", s)
  gsub(/\\\(dq|\\\[dq\]/, "\"", s)
  gsub(/\\\(ga|\\\[ga\]/, "`", s)
  gsub(/\\\(ti|\\\[ti\]/, "~", s)
  gsub(/\\\(ha|\\\[ha\]/, "^", s)
  gsub(/\\\(rs|\\\[rs\]/, "\001", s)
  gsub(/\\\(->|\\\[->\]/, "\342\206\222", s)
  gsub(/\\\(<-|\\\[<-\]/, "\342\206\220", s)
  gsub(/\\\(em|\\\[em\]/, "\342\200\224", s)
  gsub(/\\\(en|\\\[en\]/, "\342\200\223", s)
  gsub(/\\\(bu|\\\[bu\]/, "\342\200\242", s)
  gsub(/\\\(lq|\\\[lq\]/, "\342\200\234", s)
  gsub(/\\\(rq|\\\[rq\]/, "\342\200\235", s)
  gsub(/\\f[BIRP1-4]|\\f\([A-Z][A-Z]|\\f\[[A-Z]*\]/, "", s)
  gsub(/\\[&%]/, "", s)
  gsub(/\\[ ~0]/, " ", s)
  gsub(/\001/, "\\", s)
  return s
}

function end_cmd() {
  if (cur != "") {
    close(cur ".cmd")
    if (kind == "shown") close(cur ".exp")
  }
  cur = ""
  cont = 0
}

function start_block() {
  end_cmd()
  close(out "/" nblocks ".orphan")
  nblocks++
  ncmds = 0
  print "block " nblocks " " FNR > (out "/index")
}

# A new command of kind K ("shown" or "hidden") whose first line is TEXT.
function start_cmd(k, text) {
  end_cmd()
  ncmds++
  cur = out "/" nblocks "." ncmds
  kind = k
  printf "" > (cur ".cmd")
  if (k == "shown")
    printf "" > (cur ".exp")
  print "cmd " nblocks " " ncmds " " k " " FNR > (out "/index")
  add_cmd_line(text)
}

function add_cmd_line(text) {
  print text > (cur ".cmd")
  cont = (text ~ /\\$/)
}

# A line of expected output: it belongs to the shown command before it; an
# output line before any command or after a hidden one is an error in the
# page (it would be compared with nothing).
function output_line(text) {
  if (cur != "" && kind == "shown")
    print text > (cur ".exp")
  else
    print FNR ": " text > (out "/" nblocks ".orphan")
}

# One line of a transcript: RAW as in the file, TEXT as the reader sees it
# (empty for a roff request or comment).
function transcript_line(raw, text, request,   c) {
  if (cont) {
    if (kind == "hidden" && raw ~ /^\.\\"/) {
      c = raw; sub(/^\.\\" ?/, "", c); add_cmd_line(c); return
    }
    if (kind == "shown" && !request) { add_cmd_line(text); return }
    cont = 0
  }
  if (raw ~ /^\.\\"[ \t]*\$ /) {
    c = raw; sub(/^\.\\"[ \t]*\$ /, "", c); start_cmd("hidden", c); return
  }
  if (request) return              # another request or comment: not text
  if (text ~ /^\$ /) { start_cmd("shown", substr(text, 3)); return }
  output_line(text)
}

BEGIN { nblocks = 0; inblock = 0; section = 0; cur = ""; cont = 0 }

format == "roff" && /^\.SH[ \t]/ {
  section = ($0 ~ /^\.SH[ \t]+"?EXAMPLES?"?[ \t]*$/)
  inblock = 0
  next
}
format == "roff" && section && /^\.nf([ \t]|$)/ { inblock = 1; start_block(); next }
format == "roff" && section && /^\.fi([ \t]|$)/ { inblock = 0; end_cmd(); next }
format == "roff" && section && inblock {
  if ($0 ~ /^[.']/) transcript_line($0, "", 1)
  else transcript_line($0, unescape($0), 0)
  next
}

format == "markdown" && !inblock && /^```console[ \t]*$/ { inblock = 1; start_block(); next }
format == "markdown" && inblock && /^```[ \t]*$/ { inblock = 0; end_cmd(); next }
format == "markdown" && inblock { transcript_line($0, $0, 0); next }
