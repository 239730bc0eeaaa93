# examples-match.awk: does a command's output match the output an example shows?
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later
#
# awk [-v share=DIR] -f examples-match.awk EXPECTED ACTUAL; exits 0 on a match.
#
# Lines are compared exactly, except that a line holding only "..." matches
# any number of lines (none included), and "..." inside a line matches any
# text.  Occurrences of DIR in ACTUAL are read as /usr/share/halo (the tests
# run the examples with the packaged files mapped to a copy of the source
# tree's data/).

# TEXT with every occurrence of FROM replaced by TO, literally.
function replace_all(text, from, to,   i, r) {
  if (from == "") return text
  r = ""
  while ((i = index(text, from)) > 0) {
    r = r substr(text, 1, i - 1) to
    text = substr(text, i + length(from))
  }
  return r text
}

# Does line A match the pattern line P ("..." matches any text)?
function line_matches(p, a,   n, piece, k, i) {
  if (index(p, "...") == 0) return p == a
  n = split(p, piece, /\.\.\./)
  # The first piece is a prefix, the last a suffix, the others in order between.
  if (substr(a, 1, length(piece[1])) != piece[1]) return 0
  a = substr(a, length(piece[1]) + 1)
  for (k = 2; k < n; k++) {
    if (piece[k] == "") continue
    i = index(a, piece[k])
    if (i == 0) return 0
    a = substr(a, i + length(piece[k]))
  }
  return length(a) >= length(piece[n]) && substr(a, length(a) - length(piece[n]) + 1) == piece[n]
}

function is_ellipsis(p) { return p ~ /^[ \t]*\.\.\.[ \t]*$/ }

# Do the expected lines from I on match the actual lines from J on?
function matches(i, j,   k) {
  if (i > ne) return j > na
  if (is_ellipsis(E[i])) {
    for (k = j; k <= na + 1; k++)
      if (matches(i + 1, k)) return 1
    return 0
  }
  if (j > na || !line_matches(E[i], A[j])) return 0
  return matches(i + 1, j + 1)
}

FILENAME == ARGV[1] { E[++ne] = $0; next }
{ A[++na] = replace_all($0, share, "/usr/share/halo") }
END { exit matches(1, 1) ? 0 : 1 }
