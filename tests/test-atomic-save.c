/* test-atomic-save.c — saves replace files atomically and never lose the
 * previous version, including when the save fails.
 *
 * CI runs as root, which ignores directory permissions, so besides the
 * read-only folder (checked only when not root) the failures are provoked
 * in ways root cannot bypass: a file standing where the folder should be,
 * a folder standing where the backup should go, and a write that fails
 * part-way through (RLIMIT_FSIZE).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

typedef struct {
  char *dir;
  char *path;
  char *backup;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("newsmark-save-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "article.newsmark.json", NULL);
  f->backup = g_strconcat (f->path, "~", NULL);
  f->file = g_file_new_for_path (f->path);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      g_chmod (path, 0755);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->backup);
  g_object_unref (f->file);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

/* Names in the folder other than the target and its backup: a failed save
 * must not leave its temporary file behind. */
static guint
count_stray_files (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (strcmp (name, "article.newsmark.json") != 0 && strcmp (name, "article.newsmark.json~") != 0)
        n++;
    }
  return n;
}

static void
write_ok (Fixture    *f,
          const char *contents,
          gboolean    backup)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (newsmark_write_file_atomic (f->file, contents, strlen (contents), backup, &error));
  g_assert_no_error (error);
}

static void
test_new_and_replace (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *c1 = NULL, *c2 = NULL, *b2 = NULL, *c3 = NULL, *b3 = NULL;

  write_ok (f, "first", TRUE);
  c1 = read_file (f->path);
  g_assert_cmpstr (c1, ==, "first");
  /* Nothing to back up the first time. */
  g_assert_false (g_file_test (f->backup, G_FILE_TEST_EXISTS));

  write_ok (f, "second", TRUE);
  c2 = read_file (f->path);
  b2 = read_file (f->backup);
  g_assert_cmpstr (c2, ==, "second");
  g_assert_cmpstr (b2, ==, "first");

  write_ok (f, "third", TRUE);
  c3 = read_file (f->path);
  b3 = read_file (f->backup);
  g_assert_cmpstr (c3, ==, "third");
  g_assert_cmpstr (b3, ==, "second");
  g_assert_cmpuint (count_stray_files (f), ==, 0);
}

static void
test_no_backup (Fixture       *f,
                gconstpointer  data)
{
  write_ok (f, "first", FALSE);
  write_ok (f, "second", FALSE);
  g_assert_false (g_file_test (f->backup, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_stray_files (f), ==, 0);
}

static void
test_empty_contents (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c = NULL;

  g_assert_true (newsmark_write_file_atomic (f->file, "", 0, TRUE, &error));
  g_assert_no_error (error);
  c = read_file (f->path);
  g_assert_cmpstr (c, ==, "");
}

static void
test_keeps_mode (Fixture       *f,
                 gconstpointer  data)
{
  struct stat st;

  write_ok (f, "first", TRUE);
  g_assert_cmpint (g_chmod (f->path, 0640), ==, 0);
  write_ok (f, "second", TRUE);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
}

static void
test_through_symlink (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *real = g_build_filename (f->dir, "real.json", NULL);
  g_autofree char *c = NULL;
  struct stat st;

  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.json", f->path), ==, 0);
  write_ok (f, "new", FALSE);

  /* The link stays a link; the file it points to has the new contents. */
  g_assert_cmpint (lstat (f->path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  c = read_file (real);
  g_assert_cmpstr (c, ==, "new");
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *c = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root ignores folder permissions; see the other failure tests");
      return;
    }

  write_ok (f, "precious", TRUE);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

  g_assert_false (newsmark_write_file_atomic (f->file, "new", 3, TRUE, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "is read-only"));
  g_assert_nonnull (strstr (error->message, f->dir));

  g_chmod (f->dir, 0755);
  c = read_file (f->path);
  g_assert_cmpstr (c, ==, "precious");
  g_assert_cmpuint (count_stray_files (f), ==, 0);
}

static void
test_folder_is_a_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *not_dir = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autofree char *target = g_build_filename (not_dir, "x.newsmark.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(GError) error = NULL;
  g_autofree char *c = NULL;

  g_assert_true (g_file_set_contents (not_dir, "I am a file", -1, NULL));
  g_assert_false (newsmark_write_file_atomic (file, "new", 3, TRUE, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not a folder"));
  c = read_file (not_dir);
  g_assert_cmpstr (c, ==, "I am a file");
}

static void
test_backup_blocked (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *inside = g_build_filename (f->backup, "keep", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *c = NULL;

  /* FILE~ is a non-empty folder: the previous version cannot be kept, so
   * the save must not go ahead. */
  write_ok (f, "precious", TRUE);
  g_assert_cmpint (g_mkdir (f->backup, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", -1, NULL));

  g_assert_false (newsmark_write_file_atomic (f->file, "new", 3, TRUE, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "backup"));

  c = read_file (f->path);
  g_assert_cmpstr (c, ==, "precious");
  g_assert_true (g_file_test (inside, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_stray_files (f), ==, 0);
}

static void
test_target_is_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (f->path, 0755), ==, 0);
  g_assert_false (newsmark_write_file_atomic (f->file, "new", 3, TRUE, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "it is a folder"));
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_DIR));
}

static void
test_write_fails_midway (Fixture       *f,
                         gconstpointer  data)
{
  struct rlimit old_limit, limit;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (64 * 1024, 'x');
  g_autofree char *c = NULL;
  void (*old_handler) (int);
  gboolean ok;

  write_ok (f, "precious", TRUE);

  /* A file size limit makes write() fail with EFBIG after 4 KiB, for root
   * too: the same path as a full disk. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  old_handler = signal (SIGXFSZ, SIG_IGN);
  limit = old_limit;
  limit.rlim_cur = 4096;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  ok = newsmark_write_file_atomic (f->file, big, strlen (big), TRUE, &error);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_false (ok);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "writing failed"));

  c = read_file (f->path);
  g_assert_cmpstr (c, ==, "precious");
  g_assert_cmpuint (count_stray_files (f), ==, 0);
}

/* The temporary files in the folder, by name. */
static GPtrArray *
list_temps (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, ".article.newsmark.json."))
        g_ptr_array_add (names, g_strdup (name));
    }
  return names;
}

static void
make_old (const char *path)
{
  struct timespec times[2] = { { .tv_sec = time (NULL) - 3600 }, { .tv_sec = time (NULL) - 3600 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

/* A save killed part-way (here by the file size limit, whose signal ends
 * the process) leaves its temporary file. It survives the next save while
 * it might still be a live save's, and goes once it is stale; nothing else
 * in the folder is touched. */
static void
test_killed_save_leftover (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *big = g_strnfill (256 * 1024, 'x');
  g_autoptr(GPtrArray) temps = NULL;
  g_autofree char *leftover = NULL;
  g_autofree char *contents = NULL;
  const char *keep[] = {
    ".other.newsmark.json.AbC123",      /* another file's leftover */
    ".article.newsmark.json.AbC12",     /* not our pattern */
    ".article.newsmark.json.AbC1234",
    ".article.newsmark.json.AbC-12",
    "article.newsmark.json.AbC123",
  };
  g_autofree char *link = g_build_filename (f->dir, ".article.newsmark.json.Zz9Zz9", NULL);
  int status = 0;
  pid_t pid;

  write_ok (f, "precious", TRUE);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit limit = { 4096, 4096 };
      struct rlimit no_core = { 0, 0 };

      setrlimit (RLIMIT_CORE, &no_core);
      signal (SIGXFSZ, SIG_DFL);
      setrlimit (RLIMIT_FSIZE, &limit);
      newsmark_write_file_atomic (f->file, big, strlen (big), TRUE, NULL);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGXFSZ);

  temps = list_temps (f);
  g_assert_cmpuint (temps->len, ==, 1);
  leftover = g_build_filename (f->dir, g_ptr_array_index (temps, 0), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, keep[i], NULL);

      g_assert_true (g_file_set_contents (path, "keep", -1, NULL));
      make_old (path);
    }
  g_assert_cmpint (symlink ("article.newsmark.json", link), ==, 0);
  make_old (link);

  /* Just written: maybe another save's file. */
  write_ok (f, "second", TRUE);
  g_assert_true (g_file_test (leftover, G_FILE_TEST_EXISTS));

  make_old (leftover);
  write_ok (f, "third", TRUE);
  g_assert_false (g_file_test (leftover, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, keep[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  contents = read_file (f->path);
  g_assert_cmpstr (contents, ==, "third");
}

/* A link that leads nowhere: the save is refused and the link stays. */
static void
test_dangling_symlink (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_cmpint (symlink ("missing/elsewhere.json", f->path), ==, 0);
  g_assert_false (newsmark_write_file_atomic (f->file, "new", 3, TRUE, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "it is a symbolic link to missing/elsewhere.json, which does not exist"));

  g_assert_cmpint (lstat (f->path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  target = g_file_read_link (f->path, NULL);
  g_assert_cmpstr (target, ==, "missing/elsewhere.json");
  g_assert_cmpuint (count_stray_files (f), ==, 0);
}

static void
test_save_set (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text ("Renée Okafor spoke.", -1, &error);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_new (doc, schema);
  g_autofree char *first = NULL, *second = NULL, *backup = NULL, *expected = NULL;
  g_autofree char *inside = g_build_filename (f->backup, "keep", NULL);

  g_assert_no_error (error);
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", 0, 12, &error));
  g_assert_no_error (error);
  g_assert_true (newsmark_annotation_set_get_modified (set));

  g_assert_true (newsmark_annotation_set_save (set, f->file, &error));
  g_assert_no_error (error);
  g_assert_false (newsmark_annotation_set_get_modified (set));
  first = read_file (f->path);
  expected = newsmark_annotation_set_to_json (set, NULL);
  g_assert_cmpstr (first, ==, expected);

  g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", 6, 12, &error));
  g_assert_true (newsmark_annotation_set_save (set, f->file, &error));
  second = read_file (f->path);
  backup = read_file (f->backup);
  g_assert_cmpstr (backup, ==, first);
  g_assert_cmpstr (second, !=, first);

  /* A failed save keeps "modified" and the file on disk. */
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "PERSON", 0, 5, &error));
  g_unlink (f->backup);
  g_assert_cmpint (g_mkdir (f->backup, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", -1, NULL));
  g_assert_false (newsmark_annotation_set_save (set, f->file, &error));
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_true (newsmark_annotation_set_get_modified (set));
  g_free (first);
  first = read_file (f->path);
  g_assert_cmpstr (first, ==, second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/atomic-save/new-and-replace", test_new_and_replace);
  ADD ("/atomic-save/no-backup", test_no_backup);
  ADD ("/atomic-save/empty", test_empty_contents);
  ADD ("/atomic-save/keeps-mode", test_keeps_mode);
  ADD ("/atomic-save/through-symlink", test_through_symlink);
  ADD ("/atomic-save/read-only-folder", test_read_only_folder);
  ADD ("/atomic-save/folder-is-a-file", test_folder_is_a_file);
  ADD ("/atomic-save/backup-blocked", test_backup_blocked);
  ADD ("/atomic-save/target-is-folder", test_target_is_folder);
  ADD ("/atomic-save/write-fails-midway", test_write_fails_midway);
  ADD ("/atomic-save/killed-save-leftover", test_killed_save_leftover);
  ADD ("/atomic-save/dangling-symlink", test_dangling_symlink);
  ADD ("/atomic-save/annotation-set", test_save_set);

  return g_test_run ();
}
