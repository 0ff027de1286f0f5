/* newsmark-cli-corpus.c — `newsmark-cli corpus`: a folder of articles with
 * their annotators' layers (init, status, search, report, export) */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

typedef int (*SubcommandFunc) (int argc, char **argv);

typedef struct {
  const char     *name;
  SubcommandFunc  func;
  const char     *summary;
} Subcommand;

/* ---- Shared ----------------------------------------------------------------------- */

static void
show_progress (guint    done,
               guint    total,
               gpointer data)
{
  NewsmarkCliProgress *progress = data;

  newsmark_cli_progress_update (progress, done);
  (void) total;
}

typedef struct {
  NewsmarkCliProgress *bar;
  const char          *label;
} LoadProgress;

static void
load_progress (guint    done,
               guint    total,
               gpointer data)
{
  LoadProgress *lp = data;

  if (lp->bar == NULL)
    lp->bar = newsmark_cli_progress_new (lp->label, total);
  show_progress (done, total, lp->bar);
}

/* Opens and loads the corpus in @dir, printing why not when it cannot. */
static NewsmarkCorpus *
open_corpus (const char          *dir,
             NewsmarkCorpusFlags  flags)
{
  g_autoptr(GFile) folder = newsmark_cli_file_new (dir);
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  g_autoptr(GError) error = NULL;
  LoadProgress lp = { NULL, "Reading" };
  gboolean ok;

  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      newsmark_cli_error ("%s: not a folder", dir);
      return NULL;
    }
  corpus = newsmark_corpus_new (folder, flags);
  ok = newsmark_corpus_load (corpus, NULL, load_progress, &lp, &error);
  g_clear_pointer (&lp.bar, newsmark_cli_progress_free);
  if (!ok)
    {
      newsmark_cli_print_problems (newsmark_corpus_get_problems (corpus), NULL, stderr);
      newsmark_cli_error ("%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&corpus);
}

/* Every problem of the corpus, its articles and layers, one per line, with
 * file names as given on the command line ("DIR/annotations/…"). */
static guint
print_corpus_problems (NewsmarkCorpus *corpus,
                       const char     *dir,
                       FILE           *stream)
{
  g_autoptr(GPtrArray) all = newsmark_problems_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (corpus));
  GPtrArray *lists[2];

  lists[0] = newsmark_corpus_get_problems (corpus);
  for (guint i = 0; i < lists[0]->len; i++)
    g_ptr_array_add (all, newsmark_problem_copy (g_ptr_array_index (lists[0], i)));
  for (guint a = 0; a < n; a++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (corpus), a);

      lists[0] = newsmark_corpus_article_get_problems (article);
      for (guint i = 0; i < lists[0]->len; i++)
        g_ptr_array_add (all, newsmark_problem_copy (g_ptr_array_index (lists[0], i)));
      for (guint l = 0; l < newsmark_corpus_article_get_n_layers (article); l++)
        {
          lists[1] = newsmark_corpus_layer_get_problems (newsmark_corpus_article_get_layer (article, l));
          for (guint i = 0; i < lists[1]->len; i++)
            g_ptr_array_add (all, newsmark_problem_copy (g_ptr_array_index (lists[1], i)));
        }
    }

  for (guint i = 0; i < all->len; i++)
    {
      NewsmarkProblem *p = g_ptr_array_index (all, i);
      char *file = p->file != NULL ? g_build_filename (dir, p->file, NULL) : g_strdup (dir);

      g_free (p->file);
      p->file = file;
    }
  return newsmark_cli_print_problems (all, NULL, stream);
}

static char **
split_names (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* ---- init ------------------------------------------------------------------------- */

static int
cmd_init (int    argc,
          char **argv)
{
  g_autofree char *schema_path = NULL;
  g_autofree char *annotators_option = NULL;
  g_autofree char *name = NULL;
  g_autofree char *beside_option = NULL;
  int per_article = 0;
  const GOptionEntry entries[] = {
    { "schema", 's', 0, G_OPTION_ARG_FILENAME, &schema_path,
      "Label schema (a file inside DIR is named by its path, any other is embedded)", "S.json" },
    { "annotators", 'a', 0, G_OPTION_ARG_STRING, &annotators_option, "The annotators' names", "A,B,C" },
    { "per-article", 'n', 0, G_OPTION_ARG_INT, &per_article,
      "How many annotators each article should get (default: all)", "N" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The corpus's name (default: the folder's)", "NAME" },
    { "beside", 0, 0, G_OPTION_ARG_STRING, &beside_option,
      "The annotator whose files lie beside the articles (default: " NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR
      ", when there are such files)", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) manifest_file = NULL;
  g_autoptr(NewsmarkCorpus) legacy = NULL;
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_autoptr(NewsmarkCorpusManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) annotators = NULL;
  g_autofree char *schema_rel = NULL;
  g_autofree char *folder_name = NULL;
  const char *beside = NULL;
  const char *dir;
  guint n_articles, n_beside = 0, n_annotators;

  context = newsmark_cli_option_context_new ("corpus init", "DIR",
                                             "Make DIR a corpus: write DIR/newsmark-corpus.json.",
                                             "Articles are the *.txt files under DIR, at any depth; annotator A's\n"
                                             "files go to DIR/annotations/A/ and the curated ones to\n"
                                             "DIR/annotations/gold/, each mirroring the article's path. Annotation\n"
                                             "files already beside their articles (story.newsmark.json next to\n"
                                             "story.txt) stay where they are, as the layers of one annotator\n"
                                             "(--beside, by default “" NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR "”).",
                                             entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;
  if (argc != 2)
    return newsmark_cli_usage_error ("corpus init", argc < 2 ? "no DIR given" : "give one DIR");
  dir = argv[1];
  if (per_article < 0)
    return newsmark_cli_usage_error ("corpus init", "--per-article wants a number of at least 1");

  folder = newsmark_cli_file_new (dir);
  if (!g_file_make_directory_with_parents (folder, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return newsmark_cli_error ("%s: cannot create the folder: %s", dir, error->message);
  g_clear_error (&error);
  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    return newsmark_cli_error ("%s: not a folder", dir);
  manifest_file = g_file_get_child (folder, NEWSMARK_CORPUS_MANIFEST_NAME);
  if (g_file_query_exists (manifest_file, NULL))
    return newsmark_cli_error ("%s/%s: already exists; the folder is a corpus already", dir,
                               NEWSMARK_CORPUS_MANIFEST_NAME);

  /* What is there now: a folder without a manifest reads as one annotator
   * with files beside the articles. */
  legacy = open_corpus (dir, NEWSMARK_CORPUS_DEFAULT);
  if (legacy == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;
  n_articles = g_list_model_get_n_items (G_LIST_MODEL (legacy));
  for (guint i = 0; i < n_articles; i++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (legacy), i);
      NewsmarkCorpusLayer *layer = newsmark_corpus_article_find_layer (article, NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR);

      if (layer != NULL && newsmark_corpus_layer_get_state (layer) != NEWSMARK_LAYER_NEW)
        n_beside++;
    }

  annotators = annotators_option != NULL ? split_names (annotators_option) : g_new0 (char *, 1);
  if (beside_option != NULL)
    beside = beside_option;
  else if (n_beside > 0)
    beside = NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR;
  if (beside != NULL && !g_strv_contains ((const char * const *) annotators, beside))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      g_strv_builder_add (builder, beside);
      g_strv_builder_addv (builder, (const char **) annotators);
      g_strfreev (annotators);
      annotators = g_strv_builder_end (builder);
      if (annotators_option != NULL)
        fprintf (stderr, "%s: %u annotation %s beside the articles: added annotator “%s”, whose layers they are\n",
                 dir, n_beside, n_beside == 1 ? "file" : "files", beside);
    }
  n_annotators = g_strv_length (annotators);
  if (n_annotators == 0)
    return newsmark_cli_usage_error ("corpus init", "no annotators given (--annotators A,B,C)");
  if (per_article == 0)
    per_article = (int) n_annotators;

  if (schema_path != NULL)
    {
      g_autoptr(GFile) schema_file = newsmark_cli_file_new (schema_path);
      g_autofree char *rel = g_file_get_relative_path (folder, schema_file);

      schema = newsmark_schema_load_file (schema_file, &error);
      if (schema == NULL)
        return newsmark_cli_error ("%s", error->message);
      /* Inside the corpus: named by its path, so that editing it there
       * edits the corpus's schema. */
      if (rel != NULL)
        schema_rel = g_steal_pointer (&rel);
    }
  else
    schema = newsmark_schema_new_default ();

  folder_name = g_file_get_basename (folder);
  manifest = newsmark_corpus_manifest_new (name != NULL ? name : folder_name, schema,
                                           (const char * const *) annotators, (guint) per_article, &error);
  if (manifest == NULL)
    return newsmark_cli_error ("%s", error->message);
  newsmark_corpus_manifest_set_schema (manifest, schema, schema_rel);
  if (beside != NULL && !newsmark_corpus_manifest_set_beside (manifest, beside, &error))
    return newsmark_cli_error ("--beside: %s", error->message);
  if (!newsmark_corpus_manifest_save (manifest, folder, &error))
    return newsmark_cli_error ("%s", error->message);

  {
    g_autofree char *list = g_strjoinv (", ", annotators);

    printf ("%s/%s: corpus “%s”, %u %s (%s), %u per article, schema “%s” (%s); %u %s",
            dir, NEWSMARK_CORPUS_MANIFEST_NAME, newsmark_corpus_manifest_get_name (manifest),
            n_annotators, n_annotators == 1 ? "annotator" : "annotators", list, (guint) per_article,
            newsmark_schema_get_name (schema), schema_rel != NULL ? schema_rel : "embedded",
            n_articles, n_articles == 1 ? "article" : "articles");
    if (n_beside > 0)
      printf (", %u annotation %s beside them kept as the layers of “%s”", n_beside,
              n_beside == 1 ? "file" : "files", beside);
    printf ("\n");
  }
  return NEWSMARK_CLI_EXIT_OK;
}

/* ---- status ----------------------------------------------------------------------- */

static char *
layer_cell (NewsmarkCorpusLayer *layer)
{
  NewsmarkLayerState state = newsmark_corpus_layer_get_state (layer);

  switch (state)
    {
    case NEWSMARK_LAYER_IN_PROGRESS:
    case NEWSMARK_LAYER_DONE:
      return g_strdup_printf ("%s %u", newsmark_layer_state_to_string (state),
                              newsmark_corpus_layer_get_n_accepted (layer));
    case NEWSMARK_LAYER_BROKEN:
      return g_strdup ("BROKEN");
    case NEWSMARK_LAYER_NEW:
    default:
      return g_strdup ("new");
    }
}

/* printf's widths count bytes; names and paths may not be ASCII. */
static void
print_padded (const char *text,
              guint       width,
              gboolean    right)
{
  guint n = (guint) g_utf8_strlen (text, -1);

  if (right)
    for (; n < width; n++)
      fputc (' ', stdout);
  fputs (text, stdout);
  if (!right)
    for (; n < width; n++)
      fputc (' ', stdout);
}

static void
print_status_text (NewsmarkCorpus *corpus,
                   const char     *dir)
{
  NewsmarkCorpusManifest *manifest = newsmark_corpus_get_manifest (corpus);
  const char * const *names = newsmark_corpus_get_annotators (corpus);
  guint n_names = g_strv_length ((char **) names);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (corpus));
  guint per_article = newsmark_corpus_manifest_get_per_article (manifest);
  guint path_width = 7, cell_width = 14;
  guint n_curated = 0, n_complete = 0;
  g_autofree guint *counts = g_new0 (guint, (n_names + 1) * (NEWSMARK_LAYER_BROKEN + 1));
  g_autofree guint64 *spans = g_new0 (guint64, n_names + 1);
  g_autofree char *list = g_strjoinv (", ", (char **) names);

  printf ("corpus “%s” in %s%s: schema “%s”, annotators %s (%u per article)\n\n",
          newsmark_corpus_manifest_get_name (manifest), dir,
          newsmark_corpus_manifest_is_implicit (manifest) ? " (no " NEWSMARK_CORPUS_MANIFEST_NAME
                                                            ": files beside the articles)" : "",
          newsmark_schema_get_name (newsmark_corpus_get_schema (corpus)), list, per_article);

  for (guint a = 0; a < n; a++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (corpus), a);

      path_width = MAX (path_width, (guint) g_utf8_strlen (newsmark_corpus_article_get_path (article), -1));
    }
  for (guint i = 0; i < n_names; i++)
    cell_width = MAX (cell_width, (guint) g_utf8_strlen (names[i], -1));
  path_width = MIN (path_width, 60);

  print_padded ("article", path_width, FALSE);
  printf ("  %8s", "length");
  for (guint i = 0; i <= n_names; i++)
    {
      printf ("  ");
      print_padded (i < n_names ? names[i] : NEWSMARK_CORPUS_GOLD, cell_width, FALSE);
    }
  printf ("\n");

  for (guint a = 0; a < n; a++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (corpus), a);

      print_padded (newsmark_corpus_article_get_path (article), path_width, FALSE);
      printf ("  %8u", newsmark_corpus_article_get_length (article));
      for (guint i = 0; i < newsmark_corpus_article_get_n_layers (article); i++)
        {
          NewsmarkCorpusLayer *layer = newsmark_corpus_article_get_layer (article, i);
          g_autofree char *cell = layer_cell (layer);

          printf ("  ");
          print_padded (cell, cell_width, FALSE);
          counts[i * (NEWSMARK_LAYER_BROKEN + 1) + newsmark_corpus_layer_get_state (layer)]++;
          spans[i] += newsmark_corpus_layer_get_n_accepted (layer);
        }
      printf ("\n");
      if (newsmark_corpus_article_get_curated (article))
        n_curated++;
      if (newsmark_corpus_article_get_n_done (article) >= per_article)
        n_complete++;
    }

  printf ("\n%u %s; %u with %u of %u annotators done; %u curated (gold done)\n",
          n, n == 1 ? "article" : "articles", n_complete, per_article, per_article, n_curated);
  for (guint i = 0; i <= n_names; i++)
    {
      const guint *c = counts + i * (NEWSMARK_LAYER_BROKEN + 1);

      printf ("  %s: %u done, %u in progress, %u new, %u broken; %" G_GUINT64_FORMAT " spans\n",
              i < n_names ? names[i] : NEWSMARK_CORPUS_GOLD,
              c[NEWSMARK_LAYER_DONE], c[NEWSMARK_LAYER_IN_PROGRESS], c[NEWSMARK_LAYER_NEW],
              c[NEWSMARK_LAYER_BROKEN], spans[i]);
    }
  fflush (stdout);
}

static int
cmd_status (int    argc,
            char **argv)
{
  gboolean json = FALSE, no_index = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON (the shape is in docs/cli.md)", NULL },
    { "no-index", 0, 0, G_OPTION_ARG_NONE, &no_index, "Read every file; neither use nor update the index", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  guint n_errors;

  context = newsmark_cli_option_context_new ("corpus status", "DIR",
                                             "Show each article's layers: state and accepted spans per annotator.",
                                             "States: new (no file), in-progress, done (the file says so), broken\n"
                                             "(the file has errors, listed on stderr with their JSON paths).\n"
                                             "What was read is kept in an index in the user's cache folder; a\n"
                                             "file is read again when its size or modification time changes.",
                                             entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;
  if (argc != 2)
    return newsmark_cli_usage_error ("corpus status", argc < 2 ? "no DIR given" : "give one DIR");

  corpus = open_corpus (argv[1], no_index ? NEWSMARK_CORPUS_NO_INDEX : NEWSMARK_CORPUS_DEFAULT);
  if (corpus == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;

  if (json)
    {
      g_autofree char *text = newsmark_corpus_status_to_json (corpus);

      fputs (text, stdout);
      fputc ('\n', stdout);
      fflush (stdout);
      n_errors = newsmark_corpus_get_n_errors (corpus);
    }
  else
    {
      print_status_text (corpus, argv[1]);
      n_errors = print_corpus_problems (corpus, argv[1], stderr);
    }
  return n_errors > 0 ? NEWSMARK_CLI_EXIT_PROBLEMS : NEWSMARK_CLI_EXIT_OK;
}

/* ---- search ----------------------------------------------------------------------- */

static int
cmd_search (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  int max_hits = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "max", 'm', 0, G_OPTION_ARG_INT, &max_hits, "Show at most N hits (all are counted)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  g_autoptr(GListModel) hits = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkCliProgress) bar = NULL;
  g_autofree char *normalised = NULL;
  guint n_found = 0, n_shown, n_articles = 0;
  const char *last_path = NULL;

  context = newsmark_cli_option_context_new ("corpus search", "DIR QUERY",
                                             "Find QUERY in every article of the corpus in DIR.",
                                             "Quotes, dashes and white space match the way model suggestions are\n"
                                             "anchored: “curly” and \"straight\" quotes, every dash and the minus\n"
                                             "sign, and any run of spaces, tabs, NBSP or line breaks are equal;\n"
                                             "letters and case are exact. One line per hit:\n"
                                             "ARTICLE:PARAGRAPH: …context [match] context…",
                                             entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;
  if (argc != 3)
    return newsmark_cli_usage_error ("corpus search", argc < 3 ? "give DIR and QUERY" : "give one DIR and one QUERY "
                                     "(quote a query with spaces)");
  if (max_hits < 0)
    return newsmark_cli_usage_error ("corpus search", "--max wants a number");

  corpus = open_corpus (argv[1], NEWSMARK_CORPUS_DEFAULT);
  if (corpus == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;

  bar = newsmark_cli_progress_new ("Searching", g_list_model_get_n_items (G_LIST_MODEL (corpus)));
  hits = newsmark_corpus_search (corpus, argv[2], (guint) max_hits, &n_found, problems, NULL,
                                 show_progress, bar, &error);
  g_clear_pointer (&bar, newsmark_cli_progress_free);
  if (hits == NULL)
    return newsmark_cli_usage_error ("corpus search", "%s", error->message);

  n_shown = g_list_model_get_n_items (hits);
  normalised = newsmark_anchor_normalise (argv[2], -1);
  if (json)
    {
      json_object *root = json_object_new_object ();
      json_object *array = json_object_new_array ();

      json_object_object_add (root, "query", json_object_new_string (argv[2]));
      json_object_object_add (root, "normalised", json_object_new_string (normalised));
      for (guint i = 0; i < n_shown; i++)
        {
          g_autoptr(NewsmarkCorpusHit) hit = g_list_model_get_item (hits, i);
          const char *path = newsmark_corpus_article_get_path (newsmark_corpus_hit_get_article (hit));
          json_object *item = json_object_new_object ();

          if (path != last_path)
            n_articles++;
          last_path = path;
          json_object_object_add (item, "path", json_object_new_string (path));
          json_object_object_add (item, "paragraph", json_object_new_int64 (newsmark_corpus_hit_get_paragraph (hit)));
          json_object_object_add (item, "line", json_object_new_int64 (newsmark_corpus_hit_get_line (hit)));
          json_object_object_add (item, "start", json_object_new_int64 (newsmark_corpus_hit_get_start (hit)));
          json_object_object_add (item, "end", json_object_new_int64 (newsmark_corpus_hit_get_end (hit)));
          json_object_object_add (item, "before", json_object_new_string (newsmark_corpus_hit_get_before (hit)));
          json_object_object_add (item, "match", json_object_new_string (newsmark_corpus_hit_get_match (hit)));
          json_object_object_add (item, "after", json_object_new_string (newsmark_corpus_hit_get_after (hit)));
          json_object_array_add (array, item);
        }
      json_object_object_add (root, "hits", array);
      json_object_object_add (root, "found", json_object_new_int64 (n_found));
      json_object_object_add (root, "shown", json_object_new_int64 (n_shown));
      json_object_object_add (root, "articles", json_object_new_int64 (n_articles));
      newsmark_cli_print_json (root);
      json_object_put (root);
    }
  else
    {
      for (guint i = 0; i < n_shown; i++)
        {
          g_autoptr(NewsmarkCorpusHit) hit = g_list_model_get_item (hits, i);
          const char *path = newsmark_corpus_article_get_path (newsmark_corpus_hit_get_article (hit));

          if (path != last_path)
            n_articles++;
          last_path = path;
          printf ("%s:%u: %s[%s]%s\n", path, newsmark_corpus_hit_get_paragraph (hit),
                  newsmark_corpus_hit_get_before (hit), newsmark_corpus_hit_get_match (hit),
                  newsmark_corpus_hit_get_after (hit));
        }
      fflush (stdout);
      if (n_shown < n_found)
        fprintf (stderr, "%u hits of “%s”; the first %u shown\n", n_found, argv[2], n_shown);
      else
        fprintf (stderr, "%u %s of “%s” in %u %s\n", n_found, n_found == 1 ? "hit" : "hits", argv[2],
                 n_articles, n_articles == 1 ? "article" : "articles");
    }

  return newsmark_cli_print_problems (problems, NULL, stderr) > 0 ? NEWSMARK_CLI_EXIT_PROBLEMS : NEWSMARK_CLI_EXIT_OK;
}

/* ---- report ----------------------------------------------------------------------- */

static int
cmd_report (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *title = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The page to write", "REPORT.html" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Title of the page (default: Corpus NAME)", "TITLE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) out = NULL;
  NewsmarkCorpusReportOptions options = { 0 };
  LoadProgress lp = { NULL, "Reporting" };
  gboolean ok;
  guint n_errors;

  context = newsmark_cli_option_context_new ("corpus report", "DIR -o REPORT.html",
                                             "Write one self-contained HTML page on the corpus in DIR, for editors.",
                                             "Charts (inline SVG; no script, nothing fetched): articles by state per\n"
                                             "annotator, labels per annotator, spans per article, layers marked done\n"
                                             "over time, and with two annotators or more the pairwise agreement\n"
                                             "(token κ and exact span F1 over articles both marked done). The table\n"
                                             "of articles links to each layer's own report, written beside the page\n"
                                             "in REPORT-articles/.",
                                             entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;
  if (argc != 2)
    return newsmark_cli_usage_error ("corpus report", argc < 2 ? "no DIR given" : "give one DIR");
  if (output == NULL)
    return newsmark_cli_usage_error ("corpus report", "no output given (-o REPORT.html)");

  corpus = open_corpus (argv[1], NEWSMARK_CORPUS_DEFAULT);
  if (corpus == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;

  options.title = title;
  out = newsmark_cli_file_new (output);
  ok = newsmark_corpus_report_write (corpus, &options, out, problems, NULL, load_progress, &lp, &error);
  g_clear_pointer (&lp.bar, newsmark_cli_progress_free);
  n_errors = print_corpus_problems (corpus, argv[1], stderr) + newsmark_cli_print_problems (problems, NULL, stderr);
  if (!ok)
    return newsmark_cli_error ("%s", error->message);
  fprintf (stderr, "%s: report on %u articles\n", output, g_list_model_get_n_items (G_LIST_MODEL (corpus)));
  return n_errors > 0 ? NEWSMARK_CLI_EXIT_PROBLEMS : NEWSMARK_CLI_EXIT_OK;
}

/* ---- export ----------------------------------------------------------------------- */

static int
cmd_export (int    argc,
            char **argv)
{
  g_autofree char *to_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *layer = NULL;
  g_autofree char *state = NULL;
  g_autofree char *split_spec = NULL;
  g_autofree char *seed_text = NULL;
  gboolean tokens = FALSE, include_suggested = FALSE, include_rejected = FALSE;
  const GOptionEntry entries[] = {
    { "to", 't', 0, G_OPTION_ARG_STRING, &to_name, "Format to write", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "A new (or empty) folder outside the corpus", "OUT" },
    { "layer", 'l', 0, G_OPTION_ARG_STRING, &layer, "Whose layer: gold (default) or an annotator", "gold|ANNOTATOR" },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, "done: only layers marked done; any (default)", "done|any" },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split_spec, "Split by article", "train=0.8,dev=0.1,test=0.1" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Seed of the split (default 0)", "N" },
    { "tokens", 0, 0, G_OPTION_ARG_NONE, &tokens, "spaCy: also write tokens and token_start/token_end", NULL },
    { "include-suggested", 0, 0, G_OPTION_ARG_NONE, &include_suggested, "Export suggested spans too", NULL },
    { "include-rejected", 0, 0, G_OPTION_ARG_NONE, &include_rejected, "Export rejected spans too", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkCorpus) corpus = NULL;
  g_autoptr(NewsmarkSplit) split = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) out = NULL;
  LoadProgress lp = { NULL, "Exporting" };
  NewsmarkCorpusExportOptions options = { 0 };
  NewsmarkCorpusExportResult result = { 0 };
  NewsmarkFormat to;
  guint64 seed = 0;
  gboolean ok;

  context = newsmark_cli_option_context_new ("corpus export", "DIR --to FORMAT -o OUT",
                                             "Export one layer of every article of the corpus in DIR.",
                                             "Formats: newsmark, brat, spacy-jsonl, doccano-jsonl, label-studio,\n"
                                             "conll, webanno-tsv (the exporters of “convert”). JSONL, Label Studio\n"
                                             "and CoNLL give one file per part (train.jsonl …, or all.jsonl);\n"
                                             "brat, WebAnno TSV and Newsmark a folder per part mirroring the\n"
                                             "corpus's folders. A split puts whole articles in parts, by a hash of\n"
                                             "the seed, the article's path and its text: the same seed gives the\n"
                                             "same parts, and adding articles moves none of the others.\n"
                                             "OUT/newsmark-export.json lists which article went where and every\n"
                                             "article left out, and why (also printed on stderr).",
                                             entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;
  if (argc != 2)
    return newsmark_cli_usage_error ("corpus export", argc < 2 ? "no DIR given" : "give one DIR");
  if (to_name == NULL)
    return newsmark_cli_usage_error ("corpus export", "--to FORMAT is required");
  if (!newsmark_format_from_string (to_name, &to))
    return newsmark_cli_usage_error ("corpus export", "unknown format “%s”", to_name);
  if (output == NULL)
    return newsmark_cli_usage_error ("corpus export", "no output given (-o OUT)");
  if (state != NULL && !g_str_equal (state, "done") && !g_str_equal (state, "any"))
    return newsmark_cli_usage_error ("corpus export", "--state wants done or any, not “%s”", state);
  if (seed_text != NULL && split_spec == NULL)
    return newsmark_cli_usage_error ("corpus export", "--seed goes with --split");
  if (seed_text != NULL && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, &error))
    return newsmark_cli_usage_error ("corpus export", "--seed: %s", error->message);
  if (split_spec != NULL && (split = newsmark_split_new_parse (split_spec, &error)) == NULL)
    return newsmark_cli_usage_error ("corpus export", "--split: %s", error->message);

  corpus = open_corpus (argv[1], NEWSMARK_CORPUS_DEFAULT);
  if (corpus == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;
  /* A folder without a manifest has one annotator and no gold layer. */
  if (layer == NULL)
    layer = g_strdup (newsmark_corpus_manifest_is_implicit (newsmark_corpus_get_manifest (corpus))
                      ? NEWSMARK_CORPUS_IMPLICIT_ANNOTATOR : NEWSMARK_CORPUS_GOLD);

  options.format = to;
  options.layer = layer;
  options.done_only = state != NULL && g_str_equal (state, "done");
  options.split = split;
  options.seed = seed;
  options.format_options.write_tokens = tokens;
  options.format_options.include_suggested = include_suggested;
  options.format_options.include_rejected = include_rejected;

  out = newsmark_cli_file_new (output);
  ok = newsmark_corpus_export (corpus, &options, out, &result, problems, NULL, load_progress, &lp, &error);
  g_clear_pointer (&lp.bar, newsmark_cli_progress_free);
  newsmark_cli_print_problems (problems, NULL, stderr);
  if (!ok)
    return newsmark_cli_error ("%s", error->message);

  fprintf (stderr, "exported the %s layer of %u %s to %s: %s", layer, result.n_exported,
           result.n_exported == 1 ? "article" : "articles", newsmark_format_to_string (to), output);
  if (result.n_skipped > 0)
    fprintf (stderr, "; %u left out (listed above and in %s)", result.n_skipped, NEWSMARK_CORPUS_EXPORT_MANIFEST);
  fprintf (stderr, "\n");
  return result.n_broken > 0 ? NEWSMARK_CLI_EXIT_PROBLEMS : NEWSMARK_CLI_EXIT_OK;
}

/* ---- Dispatch --------------------------------------------------------------------- */

static const Subcommand subcommands[] = {
  { "init",   cmd_init,   "Make a folder a corpus (write newsmark-corpus.json)" },
  { "status", cmd_status, "Each article's layers: state and spans per annotator; totals" },
  { "search", cmd_search, "Find text in every article (quotes, dashes, spaces normalised)" },
  { "report", cmd_report, "One HTML page for editors: charts, agreement, every article" },
  { "export", cmd_export, "Export one layer of every article to a format, split by article" },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage:\n"
           "  newsmark-cli corpus SUBCOMMAND [OPTION…] DIR …\n"
           "  newsmark-cli corpus SUBCOMMAND --help\n"
           "\n"
           "A corpus is a folder of articles (*.txt at any depth) with each annotator's\n"
           "annotation files under annotations/ANNOTATOR/ and the curated ones under\n"
           "annotations/gold/; newsmark-corpus.json names the schema and annotators.\n"
           "\n"
           "Subcommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (stream, "  %-8s  %s\n", subcommands[i].name, subcommands[i].summary);
}

int
newsmark_cli_cmd_corpus (int    argc,
                         char **argv)
{
  g_autofree char *prgname = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "newsmark-cli corpus: no subcommand given\n\n");
      print_usage (stderr);
      return NEWSMARK_CLI_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return NEWSMARK_CLI_EXIT_OK;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (argv[1], subcommands[i].name))
        {
          g_autofree char *command = g_strdup_printf ("corpus %s", subcommands[i].name);
          g_autofree char **sub_argv = g_new0 (char *, argc);

          /* Option errors then say "newsmark-cli corpus status: …". */
          sub_argv[0] = command;
          for (int k = 2; k < argc; k++)
            sub_argv[k - 1] = argv[k];
          prgname = g_strdup_printf ("newsmark-cli %s", command);
          g_set_prgname (prgname);
          return subcommands[i].func (argc - 1, sub_argv);
        }
    }

  fprintf (stderr, "newsmark-cli corpus: unknown subcommand “%s”\n\n", argv[1]);
  print_usage (stderr);
  return NEWSMARK_CLI_EXIT_USAGE;
}
