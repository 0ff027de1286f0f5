/* test-document-path.c — document.path stays inside its folder
 *
 * A shared annotation file must not lead Newsmark to read any other file:
 * not through an absolute path, not through "..", not through a symbolic
 * link. Each case builds its own folder tree under a temporary folder.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

#define EMBEDDED "The harbour bridge reopened on Friday."
#define SECRET "secret: nobody may read this through an annotation file"

typedef struct {
  char  *dir;       /* the temporary folder */
  GFile *shared;    /* dir/shared: where the annotation files are */
  GFile *outside;   /* dir/outside: what no file in shared may reach */
} Tree;

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
tree_init (Tree *tree)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *story = NULL;
  g_autofree char *link = NULL;
  g_autofree char *inner_link = NULL;
  g_autofree char *folder_link = NULL;

  tree->dir = g_dir_make_tmp ("newsmark-path-XXXXXX", &error);
  g_assert_no_error (error);
  shared = g_build_filename (tree->dir, "shared", NULL);
  outside = g_build_filename (tree->dir, "outside", NULL);
  g_assert_cmpint (g_mkdir (shared, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (outside, 0755), ==, 0);
  tree->shared = g_file_new_for_path (shared);
  tree->outside = g_file_new_for_path (outside);

  secret = g_build_filename (outside, "secret.txt", NULL);
  story = g_build_filename (shared, "story.txt", NULL);
  link = g_build_filename (shared, "link.txt", NULL);
  inner_link = g_build_filename (shared, "inner-link.txt", NULL);
  folder_link = g_build_filename (shared, "elsewhere", NULL);
  write_file (secret, SECRET);
  write_file (story, EMBEDDED);
  g_assert_cmpint (symlink ("../outside/secret.txt", link), ==, 0);
  g_assert_cmpint (symlink ("story.txt", inner_link), ==, 0);
  g_assert_cmpint (symlink ("../outside", folder_link), ==, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
tree_clear (Tree *tree)
{
  remove_tree (tree->dir);
  g_free (tree->dir);
  g_object_unref (tree->shared);
  g_object_unref (tree->outside);
}

static void
test_check (void)
{
  static const char * const good[] = {
    "story.txt", "sub/story.txt", "./story.txt", "sub/../story.txt", "a b/é🚲.txt", "..story.txt",
  };
  static const struct {
    const char *path;
    const char *message;
  } bad[] = {
    { "/etc/passwd", "\"/etc/passwd\" is an absolute path; a document path must be relative and stay "
                     "inside the annotation file's folder" },
    { "../../../../etc/passwd", "\"../../../../etc/passwd\" leads outside the annotation file's folder; a "
                                "document path must be relative and stay inside it" },
    { "sub/../../story.txt", "\"sub/../../story.txt\" leads outside the annotation file's folder; a "
                             "document path must be relative and stay inside it" },
    { "..", "\"..\" leads outside the annotation file's folder; a document path must be relative and "
            "stay inside it" },
    { "sub/..", "\"sub/..\" does not name a file" },
    { "sub/", "\"sub/\" does not name a file" },
    { "", "\"\" does not name a file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (newsmark_document_path_check (good[i], NULL, NULL, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (newsmark_document_path_check (bad[i].path, NULL, NULL, &error));
      g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad[i].message);
    }
}

/* A corpus passes its root: its files may name articles in sibling
 * folders, and nothing above the root. */
static void
test_check_corpus_root (void)
{
  g_autoptr(GFile) root = g_file_new_for_path ("/srv/corpus");
  g_autoptr(GFile) folder = g_file_new_for_path ("/srv/corpus/labels/alice");
  g_autoptr(GError) error = NULL;

  g_assert_true (newsmark_document_path_check ("../../articles/story.txt", folder, root, &error));
  g_assert_no_error (error);
  g_assert_false (newsmark_document_path_check ("../../../story.txt", folder, root, &error));
  g_assert_cmpstr (error->message, ==, "\"../../../story.txt\" leads outside the corpus folder /srv/corpus; "
                   "a document path must be relative and stay inside it");
  g_clear_error (&error);
  /* Without a root, the folder itself is the limit. */
  g_assert_false (newsmark_document_path_check ("../../articles/story.txt", folder, NULL, &error));
}

static void
test_resolve (void)
{
  Tree tree;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) story = NULL;
  g_autoptr(GFile) inner = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(GFile) refused = NULL;
  g_autofree char *story_path = NULL;
  g_autofree char *inner_path = NULL;

  tree_init (&tree);

  story = newsmark_document_path_resolve ("story.txt", tree.shared, NULL, &error);
  g_assert_no_error (error);
  story_path = g_file_get_basename (story);
  g_assert_cmpstr (story_path, ==, "story.txt");

  /* A link to a file inside is followed; what is returned is the file it
   * leads to, which is what was checked. */
  inner = newsmark_document_path_resolve ("inner-link.txt", tree.shared, NULL, &error);
  g_assert_no_error (error);
  inner_path = g_file_get_basename (inner);
  g_assert_cmpstr (inner_path, ==, "story.txt");

  /* Nothing there: nothing to read, the file as named. */
  missing = newsmark_document_path_resolve ("gone.txt", tree.shared, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (missing);

  /* Links that lead outside, to a file or through a folder. */
  refused = newsmark_document_path_resolve ("link.txt", tree.shared, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "\"link.txt\" leads to "));
  g_assert_nonnull (strstr (error->message, "/outside/secret.txt through a symbolic link, outside the "
                            "annotation file's folder"));
  g_clear_error (&error);
  refused = newsmark_document_path_resolve ("elsewhere/secret.txt", tree.shared, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_clear_error (&error);
  refused = newsmark_document_path_resolve ("../outside/secret.txt", tree.shared, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);

  tree_clear (&tree);
}

static void
test_path_for (void)
{
  Tree tree;
  g_autoptr(GFile) story = NULL;
  g_autoptr(GFile) sub = NULL;
  g_autoptr(GFile) deeper = NULL;
  g_autoptr(GFile) secret = NULL;
  g_autoptr(GFile) link = NULL;
  g_autofree char *path = NULL;

  tree_init (&tree);
  story = g_file_get_child (tree.shared, "story.txt");
  sub = g_file_get_child (tree.shared, "sub");
  deeper = g_file_get_child (sub, "story.txt");
  secret = g_file_get_child (tree.outside, "secret.txt");
  link = g_file_get_child (tree.shared, "link.txt");

  path = newsmark_document_path_for (story, tree.shared, NULL);
  g_assert_cmpstr (path, ==, "story.txt");
  g_clear_pointer (&path, g_free);
  path = newsmark_document_path_for (deeper, tree.shared, NULL);
  g_assert_cmpstr (path, ==, "sub/story.txt");
  g_clear_pointer (&path, g_free);
  /* Outside, directly or through a link: no path. */
  g_assert_null (newsmark_document_path_for (secret, tree.shared, NULL));
  g_assert_null (newsmark_document_path_for (link, tree.shared, NULL));
  g_assert_null (newsmark_document_path_for (story, sub, NULL));
  /* Within a corpus root: up and down again. */
  path = newsmark_document_path_for (story, sub, tree.shared);
  g_assert_cmpstr (path, ==, "../story.txt");

  tree_clear (&tree);
}

/* An annotation file as a colleague might share it. */
static char *
annotation_file (const char *path)
{
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (EMBEDDED, -1, NULL);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_new (document, schema);
  g_autofree char *json = newsmark_annotation_set_to_json (set, NULL);
  g_autoptr(GString) out = g_string_new (json);
  const char *sha = strstr (out->str, "    \"sha256\"");
  g_autofree char *line = NULL;

  g_assert_nonnull (sha);
  line = g_strdup_printf ("    \"path\": \"%s\",\n", path);
  g_string_insert (out, sha - out->str, line);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const NewsmarkProblem *
find_problem (GPtrArray  *problems,
              const char *path)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->json_path, path) == 0)
        return p;
    }
  return NULL;
}

/* Absolute paths and ".." are errors: the file does not load at all, with
 * or without following the article. */
static void
test_load_refuses (void)
{
  Tree tree;
  static const char * const paths[] = { "/etc/passwd", "../../../../etc/passwd", "../outside/secret.txt" };

  tree_init (&tree);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint flags = 0; flags < 2; flags++)
      {
        g_autofree char *data = annotation_file (paths[i]);
        g_autoptr(GFile) file = g_file_get_child (tree.shared, "shared.newsmark.json");
        g_autoptr(GPtrArray) problems = newsmark_problems_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(NewsmarkAnnotationSet) set = NULL;
        const NewsmarkProblem *p;

        g_file_replace_contents (file, data, strlen (data), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL,
                                 &error);
        g_assert_no_error (error);
        set = newsmark_annotation_set_load (file, flags ? NEWSMARK_LOAD_FOLLOW_ARTICLE : NEWSMARK_LOAD_DEFAULT,
                                            problems, &error);
        g_assert_null (set);
        g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
        p = find_problem (problems, "document.path");
        g_assert_nonnull (p);
        g_assert_cmpint (p->severity, ==, NEWSMARK_SEVERITY_ERROR);
        g_assert_nonnull (strstr (p->message, paths[i]));
      }

  /* A NUL is an error, not the end of the path. */
  {
    g_autofree char *data = annotation_file ("story.txt\\u0000/../../../etc/passwd");
    g_autoptr(GPtrArray) problems = newsmark_problems_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(NewsmarkAnnotationSet) set = NULL;
    const NewsmarkProblem *p;

    set = newsmark_annotation_set_load_data (data, strlen (data), "nul.newsmark.json", NEWSMARK_LOAD_FOLLOW_ARTICLE,
                                             problems, &error);
    g_assert_null (set);
    p = find_problem (problems, "document.path");
    g_assert_nonnull (p);
    g_assert_true (g_str_has_prefix (p->message, "\\u0000 (a NUL character) at code point 9 of the string"));
  }
  tree_clear (&tree);
}

/* A link inside the folder that leads outside is not followed: the file
 * loads with its embedded text and a warning, and saving it does not copy
 * what the link leads to. */
static void
test_load_link_outside (void)
{
  Tree tree;
  g_autofree char *data = annotation_file ("link.txt");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autofree char *saved = NULL;
  const NewsmarkProblem *p;

  tree_init (&tree);
  file = g_file_get_child (tree.shared, "shared.newsmark.json");
  g_file_replace_contents (file, data, strlen (data), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);

  set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_FOLLOW_ARTICLE, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  p = find_problem (problems, "document.path");
  g_assert_nonnull (p);
  g_assert_cmpint (p->severity, ==, NEWSMARK_SEVERITY_WARNING);
  g_assert_nonnull (strstr (p->message, "through a symbolic link"));
  g_assert_nonnull (strstr (p->message, "the article is not read"));
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (set)), ==, EMBEDDED);
  g_assert_null (newsmark_document_get_file (newsmark_annotation_set_get_document (set)));

  g_assert_true (newsmark_annotation_set_save (set, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &saved, NULL, NULL, NULL));
  g_assert_null (strstr (saved, "secret"));

  tree_clear (&tree);
}

/* ---- A corpus: the nearest folder holding newsmark-corpus.json ---------------- */

static char *
make_folder (const char *dir,
             const char *rel)
{
  char *path = g_build_filename (dir, rel, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
}

/* The root found for a file at @dir/@rel, relative to @dir ("" for @dir
 * itself), or NULL. */
static char *
found_root (const char *dir,
            const char *rel)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) base = g_file_new_for_path (dir);
  g_autoptr(GFile) root = newsmark_document_path_find_root (file);

  if (root == NULL)
    return NULL;
  if (g_file_equal (root, base))
    return g_strdup ("");
  return g_file_get_relative_path (base, root);
}

static void
test_find_root (void)
{
  Tree tree;
  g_autofree char *corpus = NULL;
  g_autofree char *inner = NULL;
  g_autofree char *linked = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *inner_manifest = NULL;
  g_autofree char *link = NULL;
  g_autoptr(GString) deep = g_string_new ("c");
  char *got;

  tree_init (&tree);
  corpus = make_folder (tree.dir, "c/annotations/amara/politics");
  inner = make_folder (tree.dir, "c/inner/annotations/li");
  linked = make_folder (tree.dir, "linked/annotations/li");
  manifest = g_build_filename (tree.dir, "c", "newsmark-corpus.json", NULL);
  inner_manifest = g_build_filename (tree.dir, "c", "inner", "newsmark-corpus.json", NULL);
  link = g_build_filename (tree.dir, "linked", "newsmark-corpus.json", NULL);
  write_file (manifest, "{}");
  write_file (inner_manifest, "{}");
  g_assert_cmpint (symlink ("../c/newsmark-corpus.json", link), ==, 0);

  /* No corpus above: the file's own folder. */
  g_assert_null (found_root (tree.dir, "shared/story.newsmark.json"));
  /* A layer, and a file beside the manifest. */
  got = found_root (tree.dir, "c/annotations/amara/politics/story.newsmark.json");
  g_assert_cmpstr (got, ==, "c");
  g_free (got);
  got = found_root (tree.dir, "c/story.newsmark.json");
  g_assert_cmpstr (got, ==, "c");
  g_free (got);
  /* The nearest corpus wins. */
  got = found_root (tree.dir, "c/inner/annotations/li/story.newsmark.json");
  g_assert_cmpstr (got, ==, "c/inner");
  g_free (got);
  /* A link named newsmark-corpus.json is not a manifest. */
  g_assert_null (found_root (tree.dir, "linked/annotations/li/story.newsmark.json"));

  /* Looked for up to NEWSMARK_DOCUMENT_PATH_MAX_LEVELS folders above. */
  for (guint i = 0; i < NEWSMARK_DOCUMENT_PATH_MAX_LEVELS; i++)
    g_string_append_printf (deep, "/d%u", i);
  g_free (make_folder (tree.dir, deep->str));
  g_string_append (deep, "/layer.newsmark.json");
  got = found_root (tree.dir, deep->str);
  g_assert_cmpstr (got, ==, "c");
  g_free (got);
  g_string_truncate (deep, deep->len - strlen ("/layer.newsmark.json"));
  g_string_append (deep, "/one-more");
  g_free (make_folder (tree.dir, deep->str));
  g_string_append (deep, "/layer.newsmark.json");
  g_assert_null (found_root (tree.dir, deep->str));

  tree_clear (&tree);
}

/* A corpus's layer opened on its own names its article in a sibling
 * folder; the corpus folder is the limit, links included. */
static void
test_load_corpus_layer (void)
{
  Tree tree;
  g_autofree char *layers = NULL;
  g_autofree char *politics = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *article = NULL;
  g_autofree char *link = NULL;
  g_autoptr(GFile) corpus = NULL;
  g_autoptr(GFile) file = NULL;
  static const struct {
    const char *path;
    gboolean    loads;
    const char *message;
  } cases[] = {
    { "../../../politics/story.txt", TRUE, NULL },
    { "../../../politics/link.txt", TRUE, "through a symbolic link, outside the corpus folder" },
    { "../../../../outside/secret.txt", FALSE, "leads outside the corpus folder" },
    { "../../../../shared/story.txt", FALSE, "leads outside the corpus folder" },
  };

  tree_init (&tree);
  layers = make_folder (tree.dir, "corpus/annotations/amara/politics");
  politics = make_folder (tree.dir, "corpus/politics");
  manifest = g_build_filename (tree.dir, "corpus", "newsmark-corpus.json", NULL);
  article = g_build_filename (politics, "story.txt", NULL);
  link = g_build_filename (politics, "link.txt", NULL);
  write_file (manifest, "{}");
  write_file (article, EMBEDDED);
  g_assert_cmpint (symlink ("../../outside/secret.txt", link), ==, 0);
  corpus = g_file_new_for_path (tree.dir);
  g_set_object (&corpus, g_file_get_child (corpus, "corpus"));
  file = g_file_new_build_filename (layers, "story.newsmark.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *data = annotation_file (cases[i].path);
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(NewsmarkAnnotationSet) set = NULL;
      const NewsmarkProblem *p;

      g_file_replace_contents (file, data, strlen (data), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
      g_assert_no_error (error);
      set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_FOLLOW_ARTICLE, problems, &error);
      g_assert_true ((set != NULL) == cases[i].loads);
      p = find_problem (problems, "document.path");
      if (cases[i].message == NULL)
        {
          g_autoptr(GFile) followed = NULL;
          g_autofree char *followed_path = NULL;

          g_assert_null (p);
          g_assert_true (g_file_equal (newsmark_annotation_set_get_document_root (set), corpus));
          followed = newsmark_annotation_set_resolve_article (set, &error);
          g_assert_no_error (error);
          followed_path = g_file_get_path (followed);
          g_assert_cmpstr (followed_path, ==, article);
          g_assert_nonnull (newsmark_document_get_file (newsmark_annotation_set_get_document (set)));

          /* Saved and read again as it was. */
          g_assert_true (newsmark_annotation_set_save (set, file, &error));
          g_assert_no_error (error);
          g_clear_object (&set);
          set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (newsmark_annotation_set_get_document_path (set), ==, cases[i].path);
        }
      else
        {
          g_assert_nonnull (p);
          g_assert_cmpint (p->severity, ==, cases[i].loads ? NEWSMARK_SEVERITY_WARNING : NEWSMARK_SEVERITY_ERROR);
          if (strstr (p->message, cases[i].message) == NULL)
            g_error ("expected “%s” in “%s”", cases[i].message, p->message);
          if (set != NULL)
            g_assert_null (newsmark_document_get_file (newsmark_annotation_set_get_document (set)));
        }
    }

  /* Without the manifest, the layer's own folder is the limit. */
  g_assert_cmpint (g_unlink (manifest), ==, 0);
  {
    g_autofree char *data = annotation_file ("../../../politics/story.txt");
    g_autoptr(GPtrArray) problems = newsmark_problems_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(NewsmarkAnnotationSet) set = NULL;
    const NewsmarkProblem *p;

    g_file_replace_contents (file, data, strlen (data), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
    g_assert_no_error (error);
    set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, problems, &error);
    g_assert_null (set);
    p = find_problem (problems, "document.path");
    g_assert_nonnull (p);
    g_assert_nonnull (strstr (p->message, "leads outside the annotation file's folder"));
  }

  tree_clear (&tree);
}

/* A file written in a corpus names its article from there: Save As, -o,
 * new files. */
static void
test_name_article (void)
{
  Tree tree;
  g_autofree char *layers = NULL;
  g_autofree char *politics = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *article_path = NULL;
  g_autoptr(GFile) article = NULL;
  g_autoptr(GFile) layer = NULL;
  g_autoptr(GFile) lone = NULL;
  g_autoptr(NewsmarkDocument) document = newsmark_document_new_from_text (EMBEDDED, -1, NULL);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_new (document, schema);

  tree_init (&tree);
  layers = make_folder (tree.dir, "corpus/annotations/li/politics");
  politics = make_folder (tree.dir, "corpus/politics");
  manifest = g_build_filename (tree.dir, "corpus", "newsmark-corpus.json", NULL);
  article_path = g_build_filename (politics, "story.txt", NULL);
  write_file (manifest, "{}");
  write_file (article_path, EMBEDDED);
  article = g_file_new_for_path (article_path);
  layer = g_file_new_build_filename (layers, "story.newsmark.json", NULL);
  lone = g_file_get_child (tree.shared, "story.newsmark.json");

  g_assert_true (newsmark_annotation_set_name_article (set, layer, article));
  g_assert_cmpstr (newsmark_annotation_set_get_document_path (set), ==, "../../../politics/story.txt");
  g_assert_true (g_file_equal (newsmark_annotation_set_get_file (set), layer));
  /* The set now takes such a path (it would refuse it without the root). */
  newsmark_annotation_set_set_document_path (set, "../../../politics/../politics/story.txt");
  g_assert_cmpstr (newsmark_annotation_set_get_document_path (set), ==, "../../../politics/../politics/story.txt");

  /* Moved out of the corpus: the article is not in the new folder. */
  g_assert_false (newsmark_annotation_set_name_article (set, lone, article));
  g_assert_null (newsmark_annotation_set_get_document_path (set));
  g_assert_null (newsmark_annotation_set_get_document_root (set));

  tree_clear (&tree);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document-path/check", test_check);
  g_test_add_func ("/document-path/check-corpus-root", test_check_corpus_root);
  g_test_add_func ("/document-path/resolve", test_resolve);
  g_test_add_func ("/document-path/for", test_path_for);
  g_test_add_func ("/document-path/load-refuses", test_load_refuses);
  g_test_add_func ("/document-path/load-link-outside", test_load_link_outside);
  g_test_add_func ("/document-path/find-root", test_find_root);
  g_test_add_func ("/document-path/load-corpus-layer", test_load_corpus_layer);
  g_test_add_func ("/document-path/name-article", test_name_article);

  return g_test_run ();
}
