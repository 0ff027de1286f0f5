/* newsmark-cli-agree.c — `newsmark-cli agree`: inter-annotator agreement */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

/* "alice/" → "alice", "x/bob.newsmark.json" → "bob". */
static char *
coder_name_for (const char *arg)
{
  g_autofree char *copy = g_strdup (arg);
  g_autofree char *base = NULL;
  gsize len = strlen (copy);

  while (len > 1 && copy[len - 1] == G_DIR_SEPARATOR)
    copy[--len] = '\0';
  base = g_path_get_basename (copy);
  if (g_str_has_suffix (base, ".newsmark.json"))
    base[strlen (base) - strlen (".newsmark.json")] = '\0';
  return g_steal_pointer (&base);
}

/* Display names for the annotators: --names if given, else from the
 * arguments, made unique. */
static GStrv
coder_names (char       **paths,
             int          n,
             const char  *names_option,
             const char  *command,
             GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) given = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (names_option != NULL)
    {
      given = g_strsplit (names_option, ",", -1);
      if ((int) g_strv_length (given) != n)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       g_dngettext (GETTEXT_PACKAGE, "--names gives %u name for %d inputs",
                                    "--names gives %u names for %d inputs", g_strv_length (given)),
                       g_strv_length (given), n);
          return NULL;
        }
    }

  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = given ? g_strdup (g_strstrip (given[i])) : coder_name_for (paths[i]);

      if (*name == '\0' || g_hash_table_contains (seen, name))
        {
          if (given)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--names: annotator names must be unique and non-empty");
              return NULL;
            }
          g_free (name);
          name = g_strdup (paths[i]);
        }
      for (guint k = 2; g_hash_table_contains (seen, name); k++)
        {
          g_autofree char *base = coder_name_for (paths[i]);

          g_free (name);
          name = g_strdup_printf ("%s#%u", base, k);
        }
      g_hash_table_add (seen, g_strdup (name));
      g_strv_builder_add (builder, name);
    }
  (void) command;
  return g_strv_builder_end (builder);
}

/* The number of matched articles is known only once comparing starts. */
static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  NewsmarkCliProgress **progress = user_data;

  if (*progress == NULL)
    *progress = newsmark_cli_progress_new ("Comparing", total);
  newsmark_cli_progress_update (*progress, done);
}

int
newsmark_cli_cmd_agree (int    argc,
                        char **argv)
{
  gboolean json = FALSE;
  gboolean include_suggested = FALSE;
  g_autofree char *names_option = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print the report as JSON", NULL },
    { "include-suggested", 0, 0, G_OPTION_ARG_NONE, &include_suggested,
      "Also compare suggested spans (default: accepted spans only)", NULL },
    { "names", 0, 0, G_OPTION_ARG_STRING, &names_option,
      "Annotator names, comma-separated, one per input (default: from the file or folder names)", "A,B,…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAgreement) agreement = NULL;
  g_autoptr(GPtrArray) inputs = NULL;   /* per coder: GPtrArray of GFile */
  g_auto(GStrv) names = NULL;
  g_autoptr(NewsmarkCliProgress) progress = NULL;
  g_autofree char *report = NULL;
  guint64 total = 0, done = 0;
  guint failures = 0;
  int n;

  context = newsmark_cli_option_context_new ("agree", "A B [C…]",
      "Measure agreement between annotators of the same articles.",
      "A, B, … are each one annotator's annotation files: a *.newsmark.json file\n"
      "or a folder searched recursively for them. Articles are matched by the\n"
      "SHA-256 of their text; articles not annotated by everybody are listed and\n"
      "left out.\n"
      "\n"
      "Reported: span precision / recall / F1 per label and micro-averaged, with\n"
      "A as the reference, for exact matches (same label and offsets) and overlap\n"
      "matches (same label, sharing text; one-to-one, largest overlap first);\n"
      "token-level Cohen's kappa (two annotators) or Fleiss' kappa (more) over\n"
      "the labels covering each token (the CoNLL exporter's Unicode-aware\n"
      "tokenizer: words of letters, marks and digits; each punctuation mark;\n"
      "emoji sequences and flags whole); Krippendorff's unitized alpha per label\n"
      "over the articles laid end to end; attribute agreement (percent and\n"
      "Cohen's kappa) on overlap-matched spans; a label confusion matrix by\n"
      "offsets; every disagreement with its position and text. With more than\n"
      "two annotators every pair is compared and P/R/F1 and attribute figures\n"
      "are averaged over pairs.\n"
      "\n"
      "Exit status: 0 report printed; 1 a file could not be read or no article is\n"
      "annotated by everybody; 2 bad command line.",
      entries);

  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  n = argc - 1;
  if (n < 2)
    return newsmark_cli_usage_error ("agree", "give at least two annotators' files or folders");

  names = coder_names (argv + 1, n, names_option, "agree", &error);
  if (names == NULL)
    return newsmark_cli_usage_error ("agree", "%s", error->message);

  /* List everything first, so progress has a total. */
  inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GFile) path = newsmark_cli_file_new (argv[i + 1]);
      GPtrArray *files = newsmark_agreement_list_files (path, &error);

      if (files == NULL)
        return newsmark_cli_error ("%s", error->message);
      if (files->len == 0)
        {
          g_ptr_array_unref (files);
          return newsmark_cli_error ("%s: no *.newsmark.json files found", argv[i + 1]);
        }
      total += files->len;
      g_ptr_array_add (inputs, files);
    }

  agreement = newsmark_agreement_new ((const char * const *) names);
  newsmark_agreement_set_include_suggested (agreement, include_suggested);

  progress = newsmark_cli_progress_new ("Loading", total);
  for (int i = 0; i < n; i++)
    {
      GPtrArray *files = g_ptr_array_index (inputs, i);
      g_autoptr(GFile) root = newsmark_cli_file_new (argv[i + 1]);

      for (guint k = 0; k < files->len; k++)
        {
          GFile *file = g_ptr_array_index (files, k);
          g_autofree char *relative = g_file_get_relative_path (root, file);
          g_autofree char *shown = relative ? g_build_filename (argv[i + 1], relative, NULL)
                                            : g_strdup (argv[i + 1]);
          g_autoptr(NewsmarkAnnotationSet) set = NULL;

          newsmark_cli_progress_set_label (progress, shown);
          set = newsmark_cli_load_annotations (shown, NEWSMARK_LOAD_DEFAULT, NULL);
          if (set == NULL)
            failures++;
          else if (!newsmark_agreement_add_set (agreement, i, set, shown, &error))
            {
              newsmark_cli_error ("%s", error->message);
              g_clear_error (&error);
              failures++;
            }
          newsmark_cli_progress_update (progress, ++done);
        }
    }
  g_clear_pointer (&progress, newsmark_cli_progress_free);

  newsmark_agreement_compute (agreement, on_progress, &progress);
  g_clear_pointer (&progress, newsmark_cli_progress_free);

  report = json ? newsmark_agreement_to_json (agreement) : newsmark_agreement_to_text (agreement);
  fputs (report, stdout);
  if (json)
    fputc ('\n', stdout);
  fflush (stdout);

  if (failures > 0)
    {
      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "newsmark-cli agree: %u file could not be used and was left out\n",
                                    "newsmark-cli agree: %u files could not be used and were left out\n", failures),
               failures);
      return NEWSMARK_CLI_EXIT_PROBLEMS;
    }
  if (newsmark_agreement_get_n_matched (agreement) == 0)
    return newsmark_cli_error ("no article is annotated by every annotator");

  return NEWSMARK_CLI_EXIT_OK;
}
