/* test-sign-cmd.c: keygen and sign as the library runs them, which command
 * takes which signing option, generate --sign and verify with a public key:
 * a valid signature, then a refused one in the text and the JSON. */
/* Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "halo-generate.h"
#include "halo-sign-cmd.h"
#include "halo-verify-cmd.h"

static void
record (HaloMessageKind kind, const char *text, gpointer user_data)
{
  g_ptr_array_add (user_data,
                   g_strconcat (kind == HALO_MESSAGE_OUTPUT ? "O:" : "E:", text, NULL));
}

static void
write_file (const char *path, const char *data)
{
  g_assert_true (g_file_set_contents (path, data, -1, NULL));
}

static char *
read_text (const char *path)
{
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_check_options (void)
{
  g_autoptr (GError) error = NULL;
  HaloSignOptions o = { NULL };
  g_assert_true (halo_sign_cmd_check_options (&o, "verify", TRUE, &error));
  g_assert_no_error (error);
  o.force = TRUE;
  g_assert_false (halo_sign_cmd_check_options (&o, "sign", FALSE, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "-W and --force apply to keygen only");
  g_clear_error (&error);
  g_assert_true (halo_sign_cmd_check_options (&o, "keygen", FALSE, &error));
  g_assert_false (halo_sign_cmd_check_options (&o, "keygen", TRUE, &error));
  g_assert_cmpstr (error->message, ==, "--json applies to verify only");
  g_clear_error (&error);
  HaloSignOptions c = { NULL };
  c.trusted_comment = (char *) "a\nb";
  g_assert_false (halo_sign_cmd_check_options (&c, "sign", FALSE, &error));
  g_assert_error (error, HALO_ERROR, HALO_ERROR_USAGE);
  g_assert_true (g_str_has_prefix (error->message, "--trusted-comment: "));
}

static void
test_keygen_sign_verify (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("halo-sign-cmd-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *old_cwd = g_get_current_dir ();
  g_assert_cmpint (chdir (dir), ==, 0);
  g_assert_true (halo_digest_init (NULL));
  if (!halo_sign_available (NULL))
    {
      g_assert_cmpint (chdir (old_cwd), ==, 0);
      g_test_skip ("Ed25519 is not available (FIPS mode)");
      return;
    }
  g_autoptr (GPtrArray) said = g_ptr_array_new_with_free_func (g_free);
  HaloSignOptions o = { NULL };
  o.secret_key = (char *) "k.key";
  o.public_key = (char *) "k.pub";
  o.no_password = TRUE;
  o.message = record;
  o.message_data = said;
  g_assert_true (halo_sign_cmd_keygen (&o, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (said->len, ==, 2);
  g_assert_cmpstr (said->pdata[0], ==, "O:Secret key: k.key (keep it secret)\n");
  g_assert_true (g_str_has_prefix (said->pdata[1], "O:Public key: k.pub (key id "));

  /* A second keygen refuses to overwrite them, and changes nothing. */
  g_autofree char *pub = read_text ("k.pub");
  g_autofree char *sec = read_text ("k.key");
  g_assert_false (halo_sign_cmd_keygen (&o, &error));
  g_assert_cmpstr (error->message, ==, "k.pub already exists: use --force to overwrite it");
  g_assert_cmpint (halo_error_exit_status (error), ==, 2);
  g_clear_error (&error);
  g_autofree char *pub2 = read_text ("k.pub");
  g_autofree char *sec2 = read_text ("k.key");
  g_assert_cmpstr (pub, ==, pub2);
  g_assert_cmpstr (sec, ==, sec2);

  /* sign -v FILE says what it wrote. */
  o.public_key = NULL;
  o.no_password = FALSE;
  write_file ("notes", "n\n");
  const char *const files[] = { "notes", NULL };
  g_ptr_array_set_size (said, 0);
  o.verbose = TRUE;
  g_assert_true (halo_sign_cmd_sign (&o, files, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test ("notes.minisig", G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (said->len, ==, 1);
  g_assert_cmpstr (said->pdata[0], ==, "E:signed notes: wrote notes.minisig");

  /* generate -o m.json --sign, then verify --public-key. */
  g_assert_cmpint (g_mkdir ("tree", 0755), ==, 0);
  write_file ("tree/a", "a\n");
  const char *const paths[] = { "tree", NULL };
  HaloGenerateOptions g = { paths };
  g.output = "m.json";
  g.algo = HALO_DIGEST_SHA256;
  g.jobs = 1;
  g.sign = &o;
  g_autoptr (GBytes) bytes = halo_generate (&g, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test ("m.json.minisig", G_FILE_TEST_IS_REGULAR));

  HaloPublicKey pk;
  gboolean have = FALSE;
  HaloSignOptions v = { NULL };
  v.public_key = (char *) "k.pub";
  g_assert_true (halo_sign_cmd_load_public_key (&v, &pk, &have, &error));
  g_assert_true (have);
  HaloVerifyCmdOptions vo = { NULL, &pk };
  vo.verify.jobs = 1;
  g_autoptr (HaloVerifyOutcome) good = halo_verify_cmd ("m.json", &vo, &error);
  g_assert_no_error (error);
  g_assert_true (halo_verify_outcome_ok (good));

  /* One byte more in the manifest: the signature is refused, the files
   * not checked. */
  g_autofree char *text = read_text ("m.json");
  g_autofree char *tampered = g_strconcat (text, " ", NULL);
  write_file ("m.json", tampered);
  g_autoptr (HaloVerifyOutcome) refused = halo_verify_cmd ("m.json", &vo, &error);
  g_assert_no_error (error);
  g_assert_false (halo_verify_outcome_ok (refused));
  g_assert_null (refused->report);
  g_autofree char *out = halo_verify_outcome_text ("m.json", refused, FALSE, FALSE);
  g_assert_true (g_str_has_prefix (out, "SIGNATURE m.json.minisig: "));
  g_assert_true (g_str_has_suffix (out, "\nIntegrity FAILED: m.json has no valid signature by "
                                        "the given key; the files were not checked\n"));
  g_autoptr (HaloJson) json = halo_verify_outcome_to_json ("m.json", refused, NULL);
  HaloJson *problem = halo_json_array_get (halo_json_object_get (json, "problems"), 0);
  g_assert_cmpstr (halo_json_get_string (halo_json_object_get (problem, "problem")), ==,
                   "signature");

  /* A key that cannot be read is an error before anything is verified. */
  HaloSignOptions bad = { NULL };
  bad.public_key_string = (char *) "not base64!";
  g_assert_false (halo_sign_cmd_load_public_key (&bad, &pk, &have, &error));
  g_assert_true (g_str_has_prefix (error->message, "--public-key-string: "));

  g_assert_cmpint (chdir (old_cwd), ==, 0);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/sign-cmd/check-options", test_check_options);
  g_test_add_func ("/sign-cmd/keygen-sign-verify", test_keygen_sign_verify);
  return g_test_run ();
}
