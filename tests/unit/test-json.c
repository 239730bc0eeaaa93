/* test-json.c: the strict JSON reader and the canonical writer (SPEC §3). */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "halo-error.h"
#include "halo-json.h"
#include "json-oracle.h"

static HaloJson *
parse (const char *text, GError **error)
{
  return halo_json_parse (text, strlen (text), HALO_JSON_MAX_DEPTH, error);
}

static char *
canonical (const HaloJson *node)
{
  GString *out = g_string_new (NULL);
  halo_json_append (out, node, 0);
  return g_string_free (out, FALSE);
}

/* @levels nested arrays (or objects holding member "k"), innermost empty. */
static char *
nested (guint levels, gboolean objects)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < levels; i++)
    g_string_append (s, objects ? (i + 1 < levels ? "{\"k\":" : "{") : "[");
  for (guint i = 0; i < levels; i++)
    g_string_append_c (s, objects ? '}' : ']');
  return g_string_free (s, FALSE);
}

static void
test_depth_limit (void)
{
  for (int objects = 0; objects <= 1; objects++)
    {
      g_autofree char *ok = nested (HALO_JSON_MAX_DEPTH, objects);
      g_autofree char *deep = nested (HALO_JSON_MAX_DEPTH + 1, objects);
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloJson) n64 = parse (ok, &error);
      g_assert_no_error (error);
      g_assert_nonnull (n64);
      g_autoptr (HaloJson) n65 = parse (deep, &error);
      g_assert_null (n65);
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
      /* The 65th opening bracket: column 65 of "[[[…", column 5 × 64 + 1 of "{"k":{"k":…". */
      g_autofree char *want
        = g_strdup_printf ("line 1, column %u: nesting deeper than 64 levels", objects ? 5 * 64 + 1 : 65);
      if (error)
        g_assert_cmpstr (error->message, ==, want);
    }
  /* The limit is the caller's. */
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) n = halo_json_parse ("[[[]]]", 6, 3, &error);
  g_assert_no_error (error);
  g_autoptr (HaloJson) m = halo_json_parse ("[[[[]]]]", 8, 3, &error);
  g_assert_null (m);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
}

/* json-glib 1.6 overflows its stack at about 75 000 levels: the reader must
 * refuse far deeper input at once, without recursing into it. */
static void
test_hostile_nesting (void)
{
  static const guint sizes[] = { 100000, 10000000 };
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      for (int balanced = 0; balanced <= 1; balanced++)
        {
          GString *s = g_string_new (NULL);
          for (guint j = 0; j < sizes[i]; j++)
            g_string_append_c (s, '[');
          for (guint j = 0; balanced && j < sizes[i]; j++)
            g_string_append_c (s, ']');
          g_autoptr (GError) error = NULL;
          gint64 start = g_get_monotonic_time ();
          g_autoptr (HaloJson) n = halo_json_parse (s->str, s->len, HALO_JSON_MAX_DEPTH, &error);
          gint64 elapsed = g_get_monotonic_time () - start;
          g_string_free (s, TRUE);
          g_assert_null (n);
          g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
          if (error)
            g_assert_cmpstr (error->message, ==, "line 1, column 65: nesting deeper than 64 levels");
          /* The column of the 65th '[' shows that it stopped there; how fast
           * is a figure, not an assertion (make check runs on loaded machines). */
          g_test_message ("%u levels refused in %" G_GINT64_FORMAT " µs", sizes[i], elapsed);
        }
    }
  /* Objects too: {"a":{"a":… 100 000 deep. */
  GString *s = g_string_new (NULL);
  for (guint j = 0; j < 100000; j++)
    g_string_append (s, "{\"a\":");
  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) n = halo_json_parse (s->str, s->len, HALO_JSON_MAX_DEPTH, &error);
  g_string_free (s, TRUE);
  g_assert_null (n);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
}

/* Every refusal names line and column (1-based, columns in characters). */
static void
test_syntax_errors (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "{\n  \"a\": x}", "line 2, column 8: unexpected character 'x'" },
    { "[\"é\", x]", "line 1, column 7: unexpected character 'x'" },
    { "{\"a\" 1}", "line 1, column 6: expected ':' after a member name" },
    { "{\"a\": 1,}", "line 1, column 9: expected a member name in double quotes" },
    { "{'a': 1}", "line 1, column 2: expected a member name in double quotes" },
    { "{\"a\": 1 \"b\": 2}", "line 1, column 9: expected ',' or '}'" },
    { "[1 2]", "line 1, column 4: expected ',' or ']'" },
    { "[1,]", "line 1, column 4: unexpected character ']'" },
    { "[1", "line 1, column 3: unexpected end of input" },
    { "{\"a\":", "line 1, column 6: unexpected end of input" },
    { "{", "line 1, column 2: unexpected end of input" },
    { "\"abc", "line 1, column 5: unterminated string" },
    { "\"a\tb\"", "line 1, column 3: control character U+0009 in a string" },
    { "\"a\nb\"", "line 1, column 3: control character U+000A in a string" },
    { "\"\\x\"", "line 1, column 2: invalid escape '\\x'" },
    { "\"\\u12\"", "line 1, column 4: invalid \\u escape" },
    { "\"\\u12G4\"", "line 1, column 4: invalid \\u escape" },
    { "\"\\ud800\"", "line 1, column 2: unpaired surrogate in \\u escape" },
    { "\"\\ud800\\u0041\"", "line 1, column 2: unpaired surrogate in \\u escape" },
    { "\"\\udc00\"", "line 1, column 2: unpaired surrogate in \\u escape" },
    { "[\"a\\u0000b\"]", "line 1, column 4: a string holds U+0000, which cannot be kept" },
    { "{\"a\\u0000\": 1}", "line 1, column 4: a string holds U+0000, which cannot be kept" },
    { "01", "line 1, column 2: unexpected data after the JSON value" },
    { "-", "line 1, column 1: invalid number" },
    { "-a", "line 1, column 1: invalid number" },
    { "1.", "line 1, column 1: invalid number" },
    { "1.e5", "line 1, column 1: invalid number" },
    { "1e", "line 1, column 1: invalid number" },
    { "1e+", "line 1, column 1: invalid number" },
    { ".5", "line 1, column 1: unexpected character '.'" },
    { "+1", "line 1, column 1: unexpected character '+'" },
    { "NaN", "line 1, column 1: unexpected character 'N'" },
    { "Infinity", "line 1, column 1: unexpected character 'I'" },
    { "tru", "line 1, column 1: unexpected character 't'" },
    { "nul", "line 1, column 1: unexpected character 'n'" },
    { "nulls", "line 1, column 5: unexpected data after the JSON value" },
    { "True", "line 1, column 1: unexpected character 'T'" },
    { "{} {}", "line 1, column 4: unexpected data after the JSON value" },
    { "[1]\n\n  x", "line 3, column 3: unexpected data after the JSON value" },
    { "[1]\r\n]", "line 2, column 1: unexpected data after the JSON value" },
    /* Only space, tab, line feed and carriage return are JSON white space. */
    { "\f[1]", "line 1, column 1: unexpected character U+000C" },
    { "[1]\v", "line 1, column 4: unexpected data after the JSON value" },
    { "\xc2\xa0[1]", "line 1, column 1: unexpected character U+00A0" },
    { "\xef\xbb\xbf{}", "line 1, column 1: unexpected character U+FEFF" },
    { "{\"a\": 1, \"a\": 2}", "line 1, column 10: duplicate member name \"a\"" },
    { "[{\"x\": {\"a\": 1, \"b\": 2, \"a\": 3}}]", "line 1, column 25: duplicate member name \"a\"" },
    { "[\"\xe9t\xe9\"]", "line 1, column 3: not valid UTF-8" },
    { "[\"\xc0\xaf\"]", "line 1, column 3: not valid UTF-8" },
    { "[\"\xed\xa0\x80\"]", "line 1, column 3: not valid UTF-8" },
    { "{\"a\":\n\"\xff\"}", "line 2, column 2: not valid UTF-8" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloJson) n = parse (cases[i].text, &error);
      g_assert_null (n);
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
      if (error && g_strcmp0 (error->message, cases[i].message) != 0)
        {
          g_autofree char *input = g_strescape (cases[i].text, NULL);
          g_test_message ("input %s: got \"%s\", want \"%s\"", input, error->message,
                          cases[i].message);
          g_test_fail ();
        }
    }
}

static void
test_nul_bytes_and_empty (void)
{
  g_autoptr (GError) error = NULL;
  /* A raw NUL byte inside the data (the length, not the NUL, ends it). */
  g_autoptr (HaloJson) n = halo_json_parse ("[\"a\0b\"]", 7, HALO_JSON_MAX_DEPTH, &error);
  g_assert_null (n);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  if (error)
    g_assert_cmpstr (error->message, ==, "line 1, column 4: a NUL byte, which JSON does not allow");
  g_clear_error (&error);
  g_autoptr (HaloJson) trailing = halo_json_parse ("{}\0", 3, HALO_JSON_MAX_DEPTH, &error);
  g_assert_null (trailing);
  g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
  g_clear_error (&error);

  static const char *const empty[] = { "", " ", "\n\n", " \t\r\n " };
  for (gsize i = 0; i < G_N_ELEMENTS (empty); i++)
    {
      g_autoptr (HaloJson) e = parse (empty[i], &error);
      g_assert_null (e);
      g_assert_error (error, HALO_ERROR, HALO_ERROR_INVALID);
      if (error)
        g_assert_cmpstr (error->message, ==, "empty file, not a JSON value");
      g_clear_error (&error);
    }
}

/* What the reader accepts, and the canonical text the writer makes of it
 * (JavaScript's JSON.stringify for numbers, except that integers beyond 2^53
 * that fit in 64 bits are kept exactly). */
typedef struct
{
  const char *in;
  const char *out;
} RoundTrip;

static const RoundTrip round_trip_cases[] = {
  { "50", "50" },
  { "50.0", "50" },
  { "5e1", "50" },
  { "0.5E+2", "50" },
  { "500e-1", "50" },
  { "-0", "0" },
  { "-0.0", "0" },
  { "0", "0" },
  { "-7", "-7" },
  { "2.5", "2.5" },
  { "0.1", "0.1" },
  { "0.30000000000000004", "0.30000000000000004" },
  { "123.456e2", "12345.6" },
  { "1e20", "100000000000000000000" },
  { "1E16", "10000000000000000" },
  { "1e21", "1e+21" },
  { "1.5e300", "1.5e+300" },
  { "1.7976931348623157e308", "1.7976931348623157e+308" },
  { "0.000001", "0.000001" },
  { "1e-7", "1e-7" },
  { "-1.5e-10", "-1.5e-10" },
  { "5e-324", "5e-324" },
  { "9007199254740993", "9007199254740993" },
  { "-9223372036854775808", "-9223372036854775808" },
  { "9223372036854775807", "9223372036854775807" },
  { "9223372036854775808", "9223372036854776000" },
  { "12345678901234567890", "12345678901234567000" },
  { "true", "true" },
  { "false", "false" },
  { "null", "null" },
  { "\"\"", "\"\"" },
  { "\"\\u00e9\\ud83d\\ude00 \\/ \\\" \\\\\"", "\"é😀 / \\\" \\\\\"" },
  { "\"\\b\\f\\n\\r\\t\\u0001\\u001F\\u007f\"", "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"" },
  { "\"\xe2\x80\xa8 \xc2\x85 \xef\xbb\xbf\"", "\"\xe2\x80\xa8 \xc2\x85 \xef\xbb\xbf\"" },
  { "[]", "[]" },
  { "{}", "{}" },
  { " [ 1 ,\t2\r\n] ", "[\n  1,\n  2\n]" },
  { "{\"b\":[1,{\"c\":[]}],\"a\":{}}", "{\n  \"b\": [\n    1,\n    {\n      \"c\": []\n    }\n  ],\n  \"a\": {}\n}" },
  { "[[[\"x\"]]]", "[\n  [\n    [\n      \"x\"\n    ]\n  ]\n]" },
  /* The same name in different objects is no duplicate. */
  { "[{\"a\":1},{\"a\":1}]", "[\n  {\n    \"a\": 1\n  },\n  {\n    \"a\": 1\n  }\n]" },
};

static void
test_values_round_trip (void)
{
  const RoundTrip *cases = round_trip_cases;
  for (gsize i = 0; i < G_N_ELEMENTS (round_trip_cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloJson) n = parse (cases[i].in, &error);
      g_assert_no_error (error);
      if (n == NULL)
        continue;
      g_autofree char *out = canonical (n);
      if (strcmp (out, cases[i].out) != 0)
        {
          g_test_message ("input %s: wrote %s, want %s", cases[i].in, out, cases[i].out);
          g_test_fail ();
        }
      /* Canonical text reads back to itself. */
      g_autoptr (HaloJson) again = parse (out, &error);
      g_assert_no_error (error);
      g_autofree char *out2 = again ? canonical (again) : NULL;
      g_assert_cmpstr (out2, ==, out);
    }
}

static void
test_get_integer (void)
{
  static const struct
  {
    const char *in;
    gboolean integral;
    gint64 value;
  } cases[] = {
    { "50", TRUE, 50 },       { "50.0", TRUE, 50 },    { "5e1", TRUE, 50 },
    { "-0", TRUE, 0 },        { "-3", TRUE, -3 },      { "100.000", TRUE, 100 },
    { "50.5", FALSE, 0 },     { "1e400", FALSE, 0 },   { "-1e400", FALSE, 0 },
    { "\"50\"", FALSE, 0 },   { "true", FALSE, 0 },    { "null", FALSE, 0 },
    { "[50]", FALSE, 0 },     { "{}", FALSE, 0 },      { "0.5", FALSE, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloJson) n = parse (cases[i].in, &error);
      g_assert_no_error (error);
      gint64 v = -12345;
      gboolean integral = halo_json_get_integer (n, &v);
      if (integral != cases[i].integral || (integral && v != cases[i].value))
        {
          g_test_message ("%s: got %s %" G_GINT64_FORMAT, cases[i].in,
                          integral ? "integer" : "not an integer", v);
          g_test_fail ();
        }
    }
  g_assert_false (halo_json_get_integer (NULL, NULL));
}

/* Where both accept a text, HALO's reader and json-glib's (the reference)
 * build the same value: every valid state fixture and every value above. */
static void
test_agrees_with_json_glib (void)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_build_filename (HALO_TESTDATA, "status", "valid", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *data = NULL;
      g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
      g_ptr_array_add (texts, data);
    }
  g_assert_cmpuint (texts->len, >, 20);
  for (gsize i = 0; i < G_N_ELEMENTS (round_trip_cases); i++)
    g_ptr_array_add (texts, g_strdup (round_trip_cases[i].in));
  /* json-glib 1.6 wraps integers beyond 64 bits around (9223372036854775808
   * reads as -9223372036854775808); HALO reads them as the nearest double, as
   * JavaScript does. */
  static const char *const json_glib_wraps[] = { "9223372036854775808", "12345678901234567890", NULL };
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = texts->pdata[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (HaloJson) ours = parse (text, &error);
      g_assert_no_error (error);
      if (g_strv_contains (json_glib_wraps, text))
        {
          g_assert_cmpint (halo_json_get_type (ours), ==, HALO_JSON_DOUBLE);
          g_assert_cmpfloat (halo_json_get_double (ours), >, 9.2e18);
          continue;
        }
      g_autoptr (JsonParser) parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, text, -1, &error))
        {
          g_test_message ("json-glib refuses %s: %s", text, error->message);
          g_test_fail ();
          continue;
        }
      if (!halo_oracle_agrees (ours, json_parser_get_root (parser)))
        {
          g_test_message ("the readers disagree on %s", text);
          g_test_fail ();
        }
    }
}

/* The value tree: objects keep insertion order, a second set replaces in
 * place (also past the size where lookups switch to a hash table), and
 * equality compares numbers by value and objects whatever their order. */
static void
test_value_tree (void)
{
  g_autoptr (HaloJson) o = halo_json_new_object ();
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("m%02d", 19 - i);
      halo_json_object_set (o, name, halo_json_new_integer (i));
    }
  halo_json_object_set (o, "m03", halo_json_new_string ("replaced"));
  halo_json_object_set (o, "m15", halo_json_new_null ());
  g_assert_cmpuint (halo_json_object_size (o), ==, 20);
  /* Insertion order, kept when a member is replaced. */
  g_autoptr (GList) names = json_object_get_members (json_node_get_object (o));
  g_assert_cmpstr (g_list_nth_data (names, 0), ==, "m19");
  g_assert_cmpstr (g_list_nth_data (names, 16), ==, "m03");
  g_assert_cmpstr (halo_json_get_string (halo_json_object_get (o, "m03")), ==, "replaced");
  g_assert_cmpint (halo_json_get_type (halo_json_object_get (o, "m15")), ==, HALO_JSON_NULL);
  g_assert_null (halo_json_object_get (o, "m20"));
  gint64 n = -1;
  g_assert_true (halo_json_get_integer (halo_json_object_get (o, "m00"), &n));
  g_assert_cmpint (n, ==, 19);

  g_autoptr (GError) error = NULL;
  g_autoptr (HaloJson) a = parse ("{\"x\": [1, 2.0, {\"p\": true, \"q\": null}], \"y\": \"s\"}", &error);
  g_autoptr (HaloJson) b = parse ("{\"y\": \"s\", \"x\": [1.0, 2, {\"q\": null, \"p\": true}]}", &error);
  g_autoptr (HaloJson) c = parse ("{\"y\": \"s\", \"x\": [1, 2, {\"q\": null, \"p\": false}]}", &error);
  g_autoptr (HaloJson) d = parse ("{\"y\": \"s\", \"x\": [2, 1, {\"q\": null, \"p\": true}]}", &error);
  g_autoptr (HaloJson) e = parse ("{\"y\": \"s\", \"x\": [1, 2, {\"q\": null, \"p\": true}], \"z\": 0}", &error);
  g_assert_no_error (error);
  g_assert_true (halo_json_equal (a, b));
  g_assert_false (halo_json_equal (a, c));
  g_assert_false (halo_json_equal (a, d)); /* arrays keep their order */
  g_assert_false (halo_json_equal (a, e));
  g_assert_false (halo_json_equal (e, a));
  g_autoptr (HaloJson) s1 = halo_json_new_string ("1");
  g_autoptr (HaloJson) i1 = halo_json_new_integer (1);
  g_assert_false (halo_json_equal (s1, i1));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/json/depth-limit", test_depth_limit);
  g_test_add_func ("/json/hostile-nesting", test_hostile_nesting);
  g_test_add_func ("/json/syntax-errors", test_syntax_errors);
  g_test_add_func ("/json/nul-bytes-and-empty", test_nul_bytes_and_empty);
  g_test_add_func ("/json/values-round-trip", test_values_round_trip);
  g_test_add_func ("/json/get-integer", test_get_integer);
  g_test_add_func ("/json/value-tree", test_value_tree);
  g_test_add_func ("/json/agrees-with-json-glib", test_agrees_with_json_glib);
  return g_test_run ();
}
