/* halo-text.h: names and state strings made safe for a terminal and a locale (SPEC §7). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @s (a file name or a state string, any bytes) with visible escapes, so that
 * printing it cannot move the cursor, change colours, hide or forge a line:
 * newline, tab and carriage return as \n \t \r; every other C0 control
 * character, DEL and every byte that is not part of valid UTF-8 as \xNN
 * (ESC is \x1b); the C1 controls, the line and paragraph separators and the
 * bidirectional formatting characters (U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069) as \uNNNN.  Everything else, backslashes included, is kept,
 * so escaping twice changes nothing.  The result is valid UTF-8.
 * Use it wherever a name or a state string is printed for a person. */
char *halo_text_escape (const char *s);

/* Text for the terminal: each line of @text escaped as by halo_text_escape
 * (the newlines that separate lines kept), then written in the locale's
 * character set: unchanged in a UTF-8 locale, Latin-1 in a Latin-1 locale,
 * ASCII in the C locale ("→" as "->", a no-break space as a space); a
 * character the charset cannot hold becomes "?". */
char *halo_text_for_terminal (const char *text);

/* TRUE when the locale's character set is UTF-8 (decides "→" or "->"). */
gboolean halo_text_locale_is_utf8 (void);

G_END_DECLS
