/* test-cli.c — newsmark-cli end to end: runs the built binary as a user would
 *
 * The binary's path comes from NEWSMARK_CLI (set by tests/meson.build); the
 * samples from NEWSMARK_SOURCE_DIR. Expectations are checked against the
 * sample files themselves (parsed here with json-c), not against the core.
 */

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-c/json.h>

#include <newsmark/newsmark.h>

static const char *samples[] = {
  "harbour-bridge",
  "river-flood",
  "council-budget",
  "night-market",
};

typedef struct {
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static const char *
cli_path (void)
{
  const char *path = g_getenv ("NEWSMARK_CLI");

  g_assert_nonnull (path);
  return path;
}

static char *
sample_path (const char *name,
             const char *suffix)
{
  const char *srcdir = g_getenv ("NEWSMARK_SOURCE_DIR");

  g_assert_nonnull (srcdir);
  return g_strdup_printf ("%s/data/samples/%s%s", srcdir, name, suffix);
}

/* Runs newsmark-cli with the NULL-terminated arguments in @cwd (may be
 * NULL); returns the exit status. */
static int
run_cli_v (Run         *run,
           const char  *cwd,
           const char  *first,
           va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  const char *arg;

  run_clear (run);

  g_ptr_array_add (argv, (char *) cli_path ());
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                NULL, NULL, &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));

  run->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);

  return run->status;
}

/* Not G_GNUC_NULL_TERMINATED: run_cli (&run, NULL) runs it without arguments. */
static int
run_cli (Run        *run,
         const char *first,
         ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = run_cli_v (run, NULL, first, args);
  va_end (args);

  return status;
}

static int G_GNUC_NULL_TERMINATED
run_cli_in (Run        *run,
            const char *cwd,
            const char *first,
            ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = run_cli_v (run, cwd, first, args);
  va_end (args);

  return status;
}

static json_object *
parse_json_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  json_object *root;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  root = json_tokener_parse (contents);
  g_assert_nonnull (root);

  return root;
}

static json_object *
get (json_object *object,
     const char  *dotted)
{
  g_auto(GStrv) keys = g_strsplit (dotted, ".", -1);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      json_object *next = NULL;

      if (!json_object_object_get_ex (object, keys[i], &next))
        g_error ("no key %s in JSON", dotted);
      object = next;
    }

  return object;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("newsmark-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }

  g_rmdir (path);
}

static void
write_file (const char *path,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

/* Copies a sample's article and annotation file into @dir. */
static char *
copy_sample (const char *dir,
             const char *name)
{
  g_autofree char *txt = sample_path (name, ".txt");
  g_autofree char *json = sample_path (name, ".newsmark.json");
  g_autofree char *contents = NULL;
  g_autofree char *txt_copy = NULL;
  g_autofree char *json_copy = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (txt, &contents, &len, NULL));
  txt_copy = g_strdup_printf ("%s/%s.txt", dir, name);
  write_file (txt_copy, contents, (gssize) len);
  g_free (contents);

  g_assert_true (g_file_get_contents (json, &contents, &len, NULL));
  json_copy = g_strdup_printf ("%s/%s.newsmark.json", dir, name);
  write_file (json_copy, contents, (gssize) len);

  return g_steal_pointer (&json_copy);
}

static guint
count_lines_containing (const char *text,
                        const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && strstr (lines[i], needle) != NULL)
      n++;

  return n;
}

/* ---- usage ----------------------------------------------------------------- */

static void
test_usage (void)
{
  Run run = { 0 };

  g_assert_cmpint (run_cli (&run, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "Usage:"));
  g_assert_nonnull (strstr (run.out, "  new "));
  g_assert_nonnull (strstr (run.out, "  validate "));
  g_assert_nonnull (strstr (run.out, "  info "));

  g_assert_cmpint (run_cli (&run, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "newsmark-cli "));

  g_assert_cmpint (run_cli (&run, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "no command"));

  g_assert_cmpint (run_cli (&run, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown command “frobnicate”"));
  g_assert_nonnull (strstr (run.err, "Usage:"));

  g_assert_cmpint (run_cli (&run, "--frobnicate", NULL), ==, 2);

  for (guint i = 0; i < 3; i++)
    {
      const char *cmd = (const char *[]) { "new", "validate", "info" }[i];
      g_autofree char *usage = g_strdup_printf ("newsmark-cli %s [OPTION", cmd);

      g_assert_cmpint (run_cli (&run, cmd, "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (run.out, usage));

      g_assert_cmpint (run_cli (&run, "help", cmd, NULL), ==, 0);
      g_assert_nonnull (strstr (run.out, usage));

      /* Missing argument and unknown option: usage error. */
      g_assert_cmpint (run_cli (&run, cmd, NULL), ==, 2);
      g_assert_nonnull (strstr (run.err, "--help"));
      g_assert_cmpint (run_cli (&run, cmd, "--no-such-option", "x", NULL), ==, 2);
      g_assert_nonnull (strstr (run.err, "no-such-option"));
    }

  g_assert_cmpint (run_cli (&run, "info", "a.json", "b.json", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "new", "a.txt", "--encoding", "ebcdic", NULL), ==, 2);

  run_clear (&run);
}

/* ---- samples --------------------------------------------------------------- */

static void
test_samples_validate (void)
{
  Run run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = sample_path (samples[i], ".newsmark.json");

      g_assert_cmpint (run_cli (&run, "validate", "--strict", path, NULL), ==, 0);
      g_assert_nonnull (strstr (run.out, ": valid ("));
      g_assert_nonnull (strstr (run.out, "0 warnings"));
    }

  run_clear (&run);
}

static void
test_samples_info (void)
{
  Run run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = sample_path (samples[i], ".newsmark.json");
      json_object *file = parse_json_file (path);
      json_object *info;
      json_object *spans = get (file, "spans");
      json_object *by_label;
      g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
      guint suggested = 0;
      guint rejected = 0;
      GHashTableIter iter;
      gpointer key, value;

      g_assert_cmpint (run_cli (&run, "info", path, NULL), ==, 0);
      g_assert_nonnull (strstr (run.out, "embedded text:   matches"));
      g_assert_nonnull (strstr (run.out, "article on disk: matches"));
      g_assert_cmpstr (run.err, ==, "");

      g_assert_cmpint (run_cli (&run, "info", "--json", path, NULL), ==, 0);
      info = json_tokener_parse (run.out);
      g_assert_nonnull (info);

      g_assert_cmpint (json_object_get_int64 (get (info, "article.length")), ==,
                       json_object_get_int64 (get (file, "document.length")));
      g_assert_cmpstr (json_object_get_string (get (info, "article.sha256.text")), ==,
                       json_object_get_string (get (file, "document.sha256")));
      g_assert_cmpstr (json_object_get_string (get (info, "article.sha256.on_disk")), ==, "matches");
      g_assert_cmpint (json_object_get_int64 (get (info, "spans.total")), ==,
                       json_object_array_length (spans));
      g_assert_cmpint (json_object_get_int64 (get (info, "relations.total")), ==,
                       json_object_array_length (get (file, "relations")));
      g_assert_cmpint (json_object_get_int64 (get (info, "log.entries")), ==,
                       json_object_array_length (get (file, "log")));

      for (size_t j = 0; j < json_object_array_length (spans); j++)
        {
          json_object *span = json_object_array_get_idx (spans, j);
          const char *label = json_object_get_string (get (span, "label"));
          const char *status = json_object_get_string (get (span, "status"));

          g_hash_table_insert (expected, (gpointer) label,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected, label)) + 1));
          if (g_str_equal (status, "suggested"))
            suggested++;
          else if (g_str_equal (status, "rejected"))
            rejected++;
        }

      by_label = get (info, "spans.by_label");
      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_object *counts = get (by_label, key);
          g_assert_cmpint (json_object_get_int64 (get (counts, "total")), ==, GPOINTER_TO_UINT (value));
        }
      g_assert_cmpint (json_object_get_int64 (get (info, "spans.by_status.suggested")), ==, suggested);
      g_assert_cmpint (json_object_get_int64 (get (info, "spans.by_status.rejected")), ==, rejected);

      json_object_put (info);
      json_object_put (file);
    }

  run_clear (&run);
}

/* The samples together cover what the format must survive. */
static void
test_samples_coverage (void)
{
  gboolean crlf = FALSE, combining = FALSE, astral = FALSE, zwj = FALSE;
  gboolean curly = FALSE, dashes = FALSE, repeated = FALSE, split_quote = FALSE;
  gboolean suggested = FALSE, rejected = FALSE, model = FALSE, note = FALSE;
  gboolean speaker = FALSE, claimant = FALSE, attributes = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = sample_path (samples[i], ".newsmark.json");
      g_autofree char *txt_path = sample_path (samples[i], ".txt");
      g_autofree char *txt = NULL;
      json_object *file = parse_json_file (path);
      json_object *spans = get (file, "spans");
      json_object *relations = get (file, "relations");
      g_auto(GStrv) paragraphs = NULL;

      g_assert_true (g_file_get_contents (txt_path, &txt, NULL, NULL));
      /* The embedded text is the article, byte for byte. */
      g_assert_cmpstr (json_object_get_string (get (file, "document.text")), ==, txt);

      if (strstr (txt, "\r\n") != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (txt, "\r\n", -1);
          g_autofree char *joined = g_strjoinv ("", lines);

          /* A CRLF article is CRLF throughout: no bare LF. */
          g_assert_null (strchr (joined, '\n'));
          crlf = TRUE;
        }

      for (const char *p = txt; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c >= 0x300 && c <= 0x36f)
            combining = TRUE;
          if (c > 0xffff)
            astral = TRUE;
          if (c == 0x200d)
            zwj = TRUE;
          if (c == 0x201c || c == 0x2019)
            curly = TRUE;
          if (c == 0x2013 || c == 0x2014)
            dashes = TRUE;
        }

      paragraphs = g_strsplit (txt, "\n\n", -1);
      for (guint a = 0; paragraphs[a] != NULL; a++)
        for (guint b = a + 1; paragraphs[b] != NULL; b++)
          if (strlen (paragraphs[a]) > 40 && g_str_equal (paragraphs[a], paragraphs[b]))
            repeated = TRUE;

      for (size_t j = 0; j < json_object_array_length (spans); j++)
        {
          json_object *span = json_object_array_get_idx (spans, j);
          json_object *value = NULL;
          const char *status = json_object_get_string (get (span, "status"));
          const char *kind = json_object_get_string (get (span, "origin.kind"));
          int start = json_object_get_int (get (span, "start"));
          int end = json_object_get_int (get (span, "end"));
          const char *s = g_utf8_offset_to_pointer (txt, start);
          const char *e = g_utf8_offset_to_pointer (txt, end);

          if (json_object_object_get_ex (span, "fragments", &value))
            {
              json_object *texts = get (span, "text");

              g_assert_true (json_object_is_type (texts, json_type_array));
              g_assert_cmpint (json_object_array_length (texts), ==, json_object_array_length (value));
              for (size_t k = 0; k < json_object_array_length (value); k++)
                {
                  json_object *fragment = json_object_array_get_idx (value, k);
                  const char *fs = g_utf8_offset_to_pointer (txt, json_object_get_int (json_object_array_get_idx (fragment, 0)));
                  const char *fe = g_utf8_offset_to_pointer (txt, json_object_get_int (json_object_array_get_idx (fragment, 1)));
                  g_autofree char *slice = g_strndup (fs, (gsize) (fe - fs));

                  g_assert_cmpstr (slice, ==, json_object_get_string (json_object_array_get_idx (texts, k)));
                }
              if (g_str_equal (json_object_get_string (get (span, "label")), "QUOTE"))
                split_quote = TRUE;
            }
          else
            {
              /* The Python invariant text[start:end] == span.text, in C. */
              g_autofree char *slice = g_strndup (s, (gsize) (e - s));
              g_assert_cmpstr (slice, ==, json_object_get_string (get (span, "text")));
            }

          suggested |= g_str_equal (status, "suggested");
          rejected |= g_str_equal (status, "rejected");
          model |= g_str_equal (kind, "model");
          note |= json_object_object_get_ex (span, "note", NULL);
          attributes |= json_object_object_get_ex (span, "attributes", NULL);
        }

      for (size_t j = 0; j < json_object_array_length (relations); j++)
        {
          const char *type = json_object_get_string (get (json_object_array_get_idx (relations, j), "type"));

          speaker |= g_str_equal (type, "speaker");
          claimant |= g_str_equal (type, "claimant");
        }

      json_object_put (file);
    }

  g_assert_true (crlf);
  g_assert_true (combining);
  g_assert_true (astral);
  g_assert_true (zwj);
  g_assert_true (curly);
  g_assert_true (dashes);
  g_assert_true (repeated);
  g_assert_true (split_quote);
  g_assert_true (suggested);
  g_assert_true (rejected);
  g_assert_true (model);
  g_assert_true (note);
  g_assert_true (attributes);
  g_assert_true (speaker);
  g_assert_true (claimant);
}

/* ---- new --------------------------------------------------------------------- */

static void
test_new (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *article = g_build_filename (dir, "story.txt", NULL);
  g_autofree char *out = g_build_filename (dir, "story.newsmark.json", NULL);
  g_autofree char *backup = g_strconcat (out, "~", NULL);
  g_autofree char *sub = g_build_filename (dir, "labels", NULL);
  g_autofree char *sub_out = g_build_filename (sub, "mine.newsmark.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *text = "Caf\xc3\xa9 \xe2\x80\x9cLe Pain\xe2\x80\x9d opens\r\n\xf0\x9f\x8d\x9e e\xcc\x81t\xc3\xa9\r\n";
  json_object *root;
  Run run = { 0 };

  write_file (article, text, -1);

  g_assert_cmpint (run_cli_in (&run, dir, "new", "story.txt", NULL), ==, 0);
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));

  root = parse_json_file (out);
  g_assert_cmpstr (json_object_get_string (get (root, "format")), ==, "newsmark-annotations");
  g_assert_cmpint (json_object_get_int (get (root, "version")), ==, 1);
  g_assert_cmpstr (json_object_get_string (get (root, "document.path")), ==, "story.txt");
  g_assert_cmpstr (json_object_get_string (get (root, "document.text")), ==, text);
  g_assert_cmpint (json_object_get_int64 (get (root, "document.length")), ==, g_utf8_strlen (text, -1));
  g_assert_cmpint (json_object_array_length (get (root, "spans")), ==, 0);
  g_assert_cmpstr (json_object_get_string (get (root, "schema.name")), ==, "newsroom");
  json_object_put (root);

  /* The new file validates, and info sees the article. */
  g_assert_cmpint (run_cli (&run, "validate", out, NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "info", out, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "article on disk: matches"));

  /* Never overwritten without --force. */
  g_assert_true (g_file_get_contents (out, &before, NULL, NULL));
  g_assert_cmpint (run_cli (&run, "new", article, NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "already exists"));
  g_assert_nonnull (strstr (run.err, "--force"));
  g_assert_true (g_file_get_contents (out, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (run_cli (&run, "new", "--force", article, NULL), ==, 0);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));

  /* -o in a folder the article is not in: document.path may not lead out
   * of the annotation file's folder, so the file does not name the
   * article, and a warning says so. */
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (run_cli (&run, "new", article, "-o", sub_out, NULL), ==, 0);
  g_assert_nonnull (strstr (run.err, "warning: document.path: "));
  g_assert_nonnull (strstr (run.err, "is not inside the folder of the annotation file"));
  root = parse_json_file (sub_out);
  g_assert_false (json_object_object_get_ex (get (root, "document"), "path", NULL));
  json_object_put (root);
  g_assert_cmpint (run_cli (&run, "info", sub_out, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "article on disk: unknown"));

  /* An article in a folder below the annotation file's: a relative path. */
  {
    g_autofree char *inner = g_build_filename (sub, "inner.txt", NULL);

    write_file (inner, text, -1);
    g_assert_cmpint (run_cli (&run, "new", "--force", inner, "-o", out, NULL), ==, 0);
    root = parse_json_file (out);
    g_assert_cmpstr (json_object_get_string (get (root, "document.path")), ==, "labels/inner.txt");
    json_object_put (root);
    g_assert_cmpint (run_cli (&run, "info", out, NULL), ==, 0);
    g_assert_nonnull (strstr (run.out, "article on disk: matches"));
  }

  /* A missing article. */
  g_assert_cmpint (run_cli_in (&run, dir, "new", "nothing-here.txt", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "nothing-here.txt"));

  run_clear (&run);
  remove_tree (dir);
}

static void
test_new_encoding (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *article = g_build_filename (dir, "legacy.txt", NULL);
  g_autofree char *out = g_build_filename (dir, "legacy.newsmark.json", NULL);
  /* "Café “x”" in windows-1252: 0xE9 é, 0x93/0x94 curly quotes. */
  const char bytes[] = "Caf\xe9 \x93x\x94\n";
  json_object *root;
  Run run = { 0 };

  write_file (article, bytes, sizeof bytes - 1);

  /* Not UTF-8: refused, naming the file; nothing written. */
  g_assert_cmpint (run_cli (&run, "new", article, NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "legacy.txt"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_cli (&run, "new", "--encoding", "windows-1252", article, NULL), ==, 0);
  root = parse_json_file (out);
  g_assert_cmpstr (json_object_get_string (get (root, "document.text")), ==,
                   "Caf\xc3\xa9 \xe2\x80\x9cx\xe2\x80\x9d\n");
  g_assert_cmpstr (json_object_get_string (get (root, "document.encoding")), ==, "windows-1252");
  json_object_put (root);

  g_assert_cmpint (run_cli (&run, "validate", out, NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "info", out, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "windows-1252"));
  g_assert_nonnull (strstr (run.out, "article on disk: matches"));

  run_clear (&run);
  remove_tree (dir);
}

/* ---- validate: bad files ------------------------------------------------------- */

static char *
tamper (const char *dir,
        const char *name,
        void      (*edit) (json_object *root))
{
  g_autofree char *path = copy_sample (dir, "harbour-bridge");
  g_autofree char *out = g_build_filename (dir, name, NULL);
  json_object *root = parse_json_file (path);

  edit (root);
  write_file (out, json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY), -1);
  json_object_put (root);

  return g_steal_pointer (&out);
}

static void
edit_end_past (json_object *root)
{
  json_object *span = json_object_array_get_idx (get (root, "spans"), 2);
  json_object_object_add (span, "end", json_object_new_int (100000));
}

static void
edit_text (json_object *root)
{
  json_object *span = json_object_array_get_idx (get (root, "spans"), 0);
  json_object_object_add (span, "text", json_object_new_string ("PORT ELDER"));
}

static void
edit_label (json_object *root)
{
  json_object *span = json_object_array_get_idx (get (root, "spans"), 1);
  json_object_object_add (span, "label", json_object_new_string ("WEAPON"));
}

static void
edit_relation (json_object *root)
{
  json_object *relation = json_object_array_get_idx (get (root, "relations"), 0);
  json_object_object_add (relation, "to", json_object_new_string ("no-such-span"));
}

static void
edit_version (json_object *root)
{
  json_object_object_add (root, "version", json_object_new_int (99));
}

static void
test_validate_errors (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *good = copy_sample (dir, "harbour-bridge");
  g_autofree char *end_past = tamper (dir, "end.newsmark.json", edit_end_past);
  g_autofree char *text = tamper (dir, "text.newsmark.json", edit_text);
  g_autofree char *label = tamper (dir, "label.newsmark.json", edit_label);
  g_autofree char *relation = tamper (dir, "relation.newsmark.json", edit_relation);
  g_autofree char *version = tamper (dir, "version.newsmark.json", edit_version);
  g_autofree char *syntax = g_build_filename (dir, "syntax.newsmark.json", NULL);
  g_autofree char *trailing = g_build_filename (dir, "trailing.newsmark.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *after = NULL;
  Run run = { 0 };
  struct {
    const char *path;
    const char *needle;
  } cases[] = {
    { end_past, "spans[2]" },
    { text,     "spans[0]" },
    { label,    "WEAPON" },
    { relation, "no-such-span" },
    { version,  "99" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *prefix = g_strconcat (cases[i].path, ":", NULL);

      g_assert_cmpint (run_cli (&run, "validate", cases[i].path, NULL), ==, 1);
      g_assert_nonnull (strstr (run.out, cases[i].needle));
      /* Every problem line names the file. */
      g_assert_cmpuint (count_lines_containing (run.out, "error"), >=, 1);
      g_assert_cmpuint (count_lines_containing (run.out, prefix), ==,
                        count_lines_containing (run.out, ""));
      g_assert_null (strstr (run.out, ": valid ("));
    }

  /* JSON syntax error: FILE:LINE:COL. Line 3 misses its closing quote. */
  write_file (syntax, "{\n  \"format\": \"newsmark-annotations\",\n  \"version: 1\n}\n", -1);
  g_assert_cmpint (run_cli (&run, "validate", syntax, NULL), ==, 1);
  expect = g_strdup_printf ("%s:", syntax);
  g_assert_true (g_str_has_prefix (run.out, expect));
  g_assert_true (g_ascii_isdigit (run.out[strlen (expect)]));

  /* Trailing bytes after the document are rejected, the file untouched. */
  g_assert_true (g_file_get_contents (good, &contents, NULL, NULL));
  {
    g_autofree char *with_tail = g_strconcat (contents, "{}", NULL);

    write_file (trailing, with_tail, -1);
    g_assert_cmpint (run_cli (&run, "validate", trailing, NULL), ==, 1);
    g_assert_nonnull (strstr (run.out, "trailing.newsmark.json:"));
    g_assert_true (g_file_get_contents (trailing, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, with_tail);
  }

  /* Several files: each reported; one bad one fails the run. */
  g_assert_cmpint (run_cli (&run, "validate", good, text, NULL), ==, 1);
  g_assert_nonnull (strstr (run.out, "harbour-bridge.newsmark.json: valid ("));
  g_assert_nonnull (strstr (run.err, "1 of 2 files"));

  g_assert_cmpint (run_cli (&run, "validate", "--quiet", good, NULL), ==, 0);
  g_assert_cmpstr (run.out, ==, "");

  /* A missing file. */
  g_assert_cmpint (run_cli (&run, "validate", "/nonexistent/x.newsmark.json", NULL), ==, 1);
  g_assert_nonnull (strstr (run.out, "/nonexistent/x.newsmark.json"));

  /* info refuses a broken file with the same problem lines, on stderr. */
  g_assert_cmpint (run_cli (&run, "info", label, NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "WEAPON"));
  g_assert_cmpstr (run.out, ==, "");

  run_clear (&run);
  remove_tree (dir);
}

/* ---- the article on disk ----------------------------------------------------------- */

static void
test_article_changed (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json = copy_sample (dir, "harbour-bridge");
  g_autofree char *txt = g_build_filename (dir, "harbour-bridge.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  json_object *info;
  Run run = { 0 };

  /* A correction at the top of the article: spans after it shift. */
  g_assert_true (g_file_get_contents (txt, &contents, NULL, NULL));
  changed = g_strconcat ("CORRECTED: ", contents, NULL);
  write_file (txt, changed, -1);

  g_assert_cmpint (run_cli (&run, "info", "--json", json, NULL), ==, 0);
  info = json_tokener_parse (run.out);
  g_assert_nonnull (info);
  g_assert_cmpstr (json_object_get_string (get (info, "article.sha256.on_disk")), ==, "changed");
  g_assert_cmpstr (json_object_get_string (get (info, "article.sha256.embedded")), ==, "matches");
  json_object_put (info);

  /* Without --follow-article the embedded text is used (valid, with a
   * warning); --strict turns the warning into exit status 3. */
  g_assert_cmpint (run_cli (&run, "validate", json, NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "validate", "--strict", json, NULL), ==, 3);
  g_assert_nonnull (strstr (run.out, "warning"));

  /* Re-anchoring onto the corrected article keeps every span. */
  g_assert_cmpint (run_cli (&run, "validate", "--follow-article", json, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "0 unplaced"));

  g_remove (txt);
  g_assert_cmpint (run_cli (&run, "info", json, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "article on disk: missing"));

  run_clear (&run);
  remove_tree (dir);
}

/* ---- document.path stays inside the annotation file's folder --------------------- */

#define SECRET "root:x:0:0:nobody may read this through a shared annotation file\n"

/* A shared file whose document.path leads outside its folder: info, validate
 * and validate --follow-article refuse it and read nothing there. */
static void
test_document_path_outside (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *outside = g_build_filename (dir, "outside", NULL);
  g_autofree char *shared = g_build_filename (dir, "shared", NULL);
  g_autofree char *secret = g_build_filename (outside, "secret.txt", NULL);
  g_autofree char *secret_sha = newsmark_sha256_hex (SECRET, strlen (SECRET));
  g_autofree char *json = NULL;
  g_autofree char *original = NULL;
  g_autofree char *txt = NULL;
  const char *paths[3];
  Run run = { 0 };

  g_assert_cmpint (g_mkdir (outside, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (shared, 0755), ==, 0);
  write_file (secret, SECRET, -1);
  json = copy_sample (shared, "harbour-bridge");
  txt = g_build_filename (shared, "harbour-bridge.txt", NULL);
  g_assert_true (g_file_get_contents (json, &original, NULL, NULL));
  g_assert_nonnull (strstr (original, "\"path\": \"harbour-bridge.txt\""));

  paths[0] = "../outside/secret.txt";
  paths[1] = "../../../../../../../../../../../../../../../../etc/passwd";
  paths[2] = secret;
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"path\": \"%s\"", paths[i]);
      g_auto(GStrv) halves = g_strsplit (original, "\"path\": \"harbour-bridge.txt\"", 2);
      g_autofree char *shared_file = g_strjoin (quoted, halves[0], halves[1], NULL);
      g_autofree char *expect = g_strdup_printf ("error: document.path: \"%s\"", paths[i]);

      write_file (json, shared_file, -1);
      g_assert_cmpint (run_cli (&run, "info", json, NULL), ==, 1);
      g_assert_nonnull (strstr (run.err, expect));
      g_assert_null (strstr (run.out, secret_sha));
      g_assert_cmpint (run_cli (&run, "validate", "--follow-article", json, NULL), ==, 1);
      g_assert_nonnull (strstr (run.out, expect));
      g_assert_cmpint (run_cli (&run, "validate", json, NULL), ==, 1);
    }

  /* The path is fine but the article is a link that leads outside: the
   * file is valid with a warning, the link is not followed. */
  write_file (json, original, -1);
  g_remove (txt);
  g_assert_cmpint (symlink ("../outside/secret.txt", txt), ==, 0);
  g_assert_cmpint (run_cli (&run, "validate", "--follow-article", json, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "warning: document.path: \"harbour-bridge.txt\" leads to "));
  g_assert_nonnull (strstr (run.out, "through a symbolic link"));
  g_assert_nonnull (strstr (run.out, "0 unplaced"));
  g_assert_cmpint (run_cli (&run, "info", json, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "article on disk: refused"));
  g_assert_null (strstr (run.out, secret_sha));

  run_clear (&run);
  remove_tree (dir);
}

/* A corpus's layer opened on its own: its document.path leads out of its
 * folder to the article in a sibling folder, which the nearest folder
 * holding newsmark-corpus.json allows, and nothing outside that folder. */
static void
test_document_path_corpus_layer (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *corpus = g_build_filename (dir, "corpus", NULL);
  g_autofree char *manifest = g_build_filename (corpus, "newsmark-corpus.json", NULL);
  g_autofree char *article = g_build_filename (corpus, "politics", "story.txt", NULL);
  g_autofree char *layers = g_build_filename (corpus, "annotations", "amara", "politics", NULL);
  g_autofree char *layer = g_build_filename (layers, "story.newsmark.json", NULL);
  g_autofree char *other = g_build_filename (corpus, "annotations", "li", "politics", "story.newsmark.json", NULL);
  g_autofree char *gold = g_build_filename (corpus, "annotations", "gold", "politics", "story.newsmark.json", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *secret_sha = newsmark_sha256_hex (SECRET, strlen (SECRET));
  g_autofree char *sample = NULL;
  g_autofree char *original = NULL;
  g_autofree char *text = NULL;
  g_autofree char *longer = NULL;
  json_object *root;
  Run run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (layers, 0755), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *folder = g_path_get_dirname (i == 0 ? other : gold);

      g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
    }
  write_file (secret, SECRET, -1);
  sample = copy_sample (dir, "harbour-bridge");
  g_assert_true (g_file_get_contents (sample, &original, NULL, NULL));
  {
    g_autofree char *sample_txt = g_build_filename (dir, "harbour-bridge.txt", NULL);
    g_auto(GStrv) halves = g_strsplit (original, "\"path\": \"harbour-bridge.txt\"", 2);
    g_autofree char *edited = g_strjoin ("\"path\": \"../../../politics/story.txt\"", halves[0], halves[1], NULL);
    g_autofree char *politics = g_path_get_dirname (article);

    g_assert_nonnull (halves[1]);
    g_assert_true (g_file_get_contents (sample_txt, &text, NULL, NULL));
    g_assert_cmpint (g_mkdir_with_parents (politics, 0755), ==, 0);
    write_file (article, text, -1);
    write_file (layer, edited, -1);
  }

  /* No corpus: the folder is the limit. */
  g_assert_cmpint (run_cli (&run, "validate", layer, NULL), ==, 1);
  g_assert_nonnull (strstr (run.out, "error: document.path: \"../../../politics/story.txt\" leads outside the "
                                     "annotation file's folder"));

  g_assert_cmpint (run_cli (&run, "corpus", "init", corpus, "--annotators", "amara,li", NULL), ==, 0);
  g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (run_cli (&run, "validate", "--strict", layer, NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "info", layer, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "article on disk: matches"));
  g_assert_nonnull (strstr (run.out, article));

  /* The article changed: --follow-article re-anchors onto it. */
  longer = g_strconcat (text, "\nA correction was appended.\n", NULL);
  write_file (article, longer, -1);
  g_assert_cmpint (run_cli (&run, "validate", layer, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "has changed since this file was saved; using the text embedded"));
  g_assert_cmpint (run_cli (&run, "validate", "--follow-article", layer, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "spans were re-anchored onto the new text (0 could not be placed"));
  write_file (article, text, -1);

  /* New files and merges inside the corpus name the article from there. */
  g_assert_cmpint (run_cli (&run, "new", article, "-o", other, NULL), ==, 0);
  root = parse_json_file (other);
  g_assert_cmpstr (json_object_get_string (get (root, "document.path")), ==, "../../../politics/story.txt");
  json_object_put (root);
  g_assert_cmpint (run_cli (&run, "merge", "--names", "amara,li", layer, other, "-o", gold, NULL), ==, 0);
  g_assert_null (strstr (run.err, "does not name it"));
  root = parse_json_file (gold);
  g_assert_cmpstr (json_object_get_string (get (root, "document.path")), ==, "../../../politics/story.txt");
  json_object_put (root);
  g_assert_cmpint (run_cli (&run, "validate", "--strict", gold, NULL), ==, 0);
  {
    g_autofree char *strings = g_build_filename (dir, "model.json", NULL);
    g_autofree char *suggested = g_build_filename (corpus, "annotations", "li", "politics", "suggested.newsmark.json",
                                                   NULL);

    write_file (strings, "[{\"text\": \"harbour\", \"label\": \"LOCATION\"}]", -1);
    g_assert_cmpint (run_cli (&run, "suggest", "--from", "strings", strings, layer, "-o", suggested, NULL), ==, 0);
    g_assert_null (strstr (run.err, "does not name it"));
    root = parse_json_file (suggested);
    g_assert_cmpstr (json_object_get_string (get (root, "document.path")), ==, "../../../politics/story.txt");
    json_object_put (root);
  }

  /* Out of the corpus folder: refused, nothing read there. */
  {
    g_auto(GStrv) halves = g_strsplit (original, "\"path\": \"harbour-bridge.txt\"", 2);
    g_autofree char *edited = g_strjoin ("\"path\": \"../../../../secret.txt\"", halves[0], halves[1], NULL);
    g_autofree char *expect = g_strdup_printf ("error: document.path: \"../../../../secret.txt\" leads outside "
                                               "the corpus folder %s", corpus);

    write_file (layer, edited, -1);
    g_assert_cmpint (run_cli (&run, "validate", "--follow-article", layer, NULL), ==, 1);
    g_assert_nonnull (strstr (run.out, expect));
    g_assert_cmpint (run_cli (&run, "info", layer, NULL), ==, 1);
    g_assert_null (strstr (run.out, secret_sha));
  }

  run_clear (&run);
  remove_tree (dir);
}

/* Importers name documents after ids in the input, which must not become
 * paths: a doccano "id" of "/../../pwned" stays one plain name. */
static void
test_import_id_is_not_a_path (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *input = g_build_filename (dir, "data.jsonl", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *expected = g_build_filename (out, "data-_.._.._pwned.newsmark.json", NULL);
  g_autofree char *pwned = g_build_filename (dir, "pwned.newsmark.json", NULL);
  g_autoptr(GDir) listing = NULL;
  json_object *root;
  Run run = { 0 };

  write_file (input, "{\"id\": \"/../../pwned\", \"text\": \"Okafor spoke.\", \"label\": [[0, 6, \"PERSON\"]]}\n", -1);
  g_assert_cmpint (run_cli (&run, "convert", "--from", "doccano-jsonl", "--to", "newsmark", input, "-o", out, NULL), ==, 0);
  g_assert_nonnull (strstr (run.err, "document name “data-/../../pwned” is not a plain file name"));
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (pwned, G_FILE_TEST_EXISTS));
  listing = g_dir_open (out, 0, NULL);
  g_assert_nonnull (g_dir_read_name (listing));
  g_assert_null (g_dir_read_name (listing));

  root = parse_json_file (expected);
  g_assert_cmpstr (json_object_get_string (get (root, "document.path")), ==, "data-_.._.._pwned.txt");
  json_object_put (root);
  g_assert_cmpint (run_cli (&run, "validate", expected, NULL), ==, 0);

  run_clear (&run);
  remove_tree (dir);
}

/* An output that is a symbolic link to nothing: every command that saves
 * refuses it the same way, and the link stays as it was. */
static void
test_output_dangling_symlink (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json = copy_sample (dir, "harbour-bridge");
  g_autofree char *txt = g_build_filename (dir, "harbour-bridge.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "out.newsmark.json", NULL);
  g_autofree char *conll = g_build_filename (dir, "out.conll", NULL);
  g_autofree char *html = g_build_filename (dir, "out.html", NULL);
  g_autofree char *strings = g_build_filename (dir, "model.json", NULL);
  const char *links[] = { link, conll, html, link };
  Run run = { 0 };

  write_file (strings, "[{\"text\": \"Okafor\", \"label\": \"PERSON\"}]", -1);
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *target = NULL;

      g_remove (links[i]);
      g_assert_cmpint (symlink ("nowhere/x", links[i]), ==, 0);
      if (i == 0)
        run_cli (&run, "new", "--force", txt, "-o", links[i], NULL);
      else if (i == 1)
        run_cli (&run, "convert", "--force", "--from", "newsmark", "--to", "conll", json, "-o", links[i], NULL);
      else if (i == 2)
        run_cli (&run, "report", json, "-o", links[i], NULL);
      else
        run_cli (&run, "suggest", "--from", "strings", strings, json, "-o", links[i], NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, "is a symbolic link to nowhere/x, which does not exist"));
      target = g_file_read_link (links[i], NULL);
      g_assert_cmpstr (target, ==, "nowhere/x");
    }

  run_clear (&run);
  remove_tree (dir);
}

/* ---- span ids are never given twice ------------------------------------------------- */

/* The highest "sN" among the spans and unplaced spans of @set. */
static guint
highest_span_number (NewsmarkAnnotationSet *set,
                     NewsmarkSpan         **highest)
{
  GListModel *lists[] = { newsmark_annotation_set_get_spans (set), newsmark_annotation_set_get_unplaced (set) };
  guint best = 0;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
      {
        g_autoptr(NewsmarkSpan) span = g_list_model_get_item (lists[l], i);
        guint n = (guint) g_ascii_strtoull (newsmark_span_get_id (span) + 1, NULL, 10);

        if (n > best)
          {
            best = n;
            if (highest != NULL)
              *highest = span;   /* borrowed: the set keeps it */
          }
      }
  return best;
}

/* Delete the span with the highest id, save, reopen, import suggestions:
 * the new span must not get the deleted span's id, or the audit trail and
 * the report would credit the deleted span's history to it. */
static void
test_ids_never_reused (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json = copy_sample (dir, "harbour-bridge");
  g_autofree char *strings = g_build_filename (dir, "model.json", NULL);
  g_autofree char *html = g_build_filename (dir, "report.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (json);
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(NewsmarkAnnotationSet) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *deleted_id = NULL;
  g_autofree char *report = NULL;
  NewsmarkSpan *highest = NULL;
  NewsmarkSpan *added = NULL;
  guint n_deleted;
  const char *row;
  Run run = { 0 };

  set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  n_deleted = highest_span_number (set, &highest);
  g_assert_cmpuint (n_deleted, >, 0);
  deleted_id = g_strdup (newsmark_span_get_id (highest));
  newsmark_annotation_set_remove_span (set, highest);
  g_assert_true (newsmark_annotation_set_save (set, file, &error));
  g_assert_no_error (error);

  write_file (strings, "[{\"text\": \"40-minute detour\", \"label\": \"EVENT\"}]", -1);
  g_assert_cmpint (run_cli (&run, "suggest", "--from", "strings", strings, json, NULL), ==, 0);

  after = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (highest_span_number (after, &added), ==, n_deleted + 1);
  g_assert_cmpstr (newsmark_span_get_text (added), ==, "40-minute detour");

  /* The deleted span's history stays its own. */
  g_assert_cmpint (run_cli (&run, "audit", "--span", deleted_id, json, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "delete"));
  g_assert_null (strstr (run.out, "detour"));
  g_assert_cmpint (run_cli (&run, "audit", "--span", newsmark_span_get_id (added), json, NULL), ==, 0);
  g_assert_null (strstr (run.out, "delete"));

  g_assert_cmpint (run_cli (&run, "report", json, "-o", html, NULL), ==, 0);
  g_assert_true (g_file_get_contents (html, &report, NULL, NULL));
  row = strstr (report, "40-minute detour</td>");
  g_assert_nonnull (row);
  g_assert_null (g_strstr_len (row, strchr (row, '\n') - row, "<b>delete</b>"));

  run_clear (&run);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/samples/validate", test_samples_validate);
  g_test_add_func ("/cli/samples/info", test_samples_info);
  g_test_add_func ("/cli/samples/coverage", test_samples_coverage);
  g_test_add_func ("/cli/new", test_new);
  g_test_add_func ("/cli/new/encoding", test_new_encoding);
  g_test_add_func ("/cli/validate/errors", test_validate_errors);
  g_test_add_func ("/cli/article-changed", test_article_changed);
  g_test_add_func ("/cli/document-path/outside", test_document_path_outside);
  g_test_add_func ("/cli/document-path/import-id", test_import_id_is_not_a_path);
  g_test_add_func ("/cli/document-path/corpus-layer", test_document_path_corpus_layer);
  g_test_add_func ("/cli/output/dangling-symlink", test_output_dangling_symlink);
  g_test_add_func ("/cli/ids/never-reused", test_ids_never_reused);

  return g_test_run ();
}
