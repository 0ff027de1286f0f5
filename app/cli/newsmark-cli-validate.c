/* newsmark-cli-validate.c — `newsmark-cli validate`: strict check of annotation files */

#include "config.h"

#include "newsmark-cli-private.h"

int
newsmark_cli_cmd_validate (int    argc,
                           char **argv)
{
  gboolean follow_article = FALSE;
  gboolean strict = FALSE;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "follow-article", 0, 0, G_OPTION_ARG_NONE, &follow_article,
      "When the article on disk changed, re-anchor the spans onto it and report what could not be placed", NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      "Exit with status 3 when there are warnings but no errors", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      "Print only problems, not a line per valid file", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkCliProgress) progress = NULL;
  NewsmarkLoadFlags flags = NEWSMARK_LOAD_DEFAULT;
  guint files_with_errors = 0;
  guint total_warnings = 0;

  context = newsmark_cli_option_context_new ("validate", "FILE…",
      "Check annotation files strictly.",
      "Every problem is printed on its own line, as\n"
      "  FILE:LINE:COLUMN: error: message          (JSON syntax)\n"
      "  FILE: error: JSON.PATH: message           (broken rules)\n"
      "Warnings are printed too but do not fail the check.\n"
      "Exit status: 0 all files valid; 1 errors found; 2 bad command line;\n"
      "3 only warnings found and --strict given.",
      entries);

  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  if (argc < 2)
    return newsmark_cli_usage_error ("validate", "no FILE given");

  if (follow_article)
    flags |= NEWSMARK_LOAD_FOLLOW_ARTICLE;

  progress = newsmark_cli_progress_new ("Validating", (guint64) argc - 1);

  for (int i = 1; i < argc; i++)
    {
      const char *path = argv[i];
      g_autoptr(GFile) file = newsmark_cli_file_new (path);
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(NewsmarkAnnotationSet) set = NULL;
      guint n_errors;
      guint n_warnings = 0;

      newsmark_cli_progress_update (progress, (guint64) i - 1);

      set = newsmark_annotation_set_load (file, flags, problems, &error);

      for (guint j = 0; j < problems->len; j++)
        {
          const NewsmarkProblem *problem = g_ptr_array_index (problems, j);

          if (problem->severity == NEWSMARK_SEVERITY_WARNING)
            n_warnings++;
        }

      n_errors = newsmark_cli_print_problems (problems, path, stdout);

      if (set == NULL && n_errors == 0)
        {
          /* Failed without an error-level problem (unreadable file …):
           * the GError says why. */
          printf ("%s: error: %s\n", path,
                  error != NULL ? error->message : "could not be loaded");
          n_errors = 1;
        }

      total_warnings += n_warnings;

      if (n_errors > 0)
        {
          files_with_errors++;
        }
      else if (!quiet)
        {
          GListModel *spans = newsmark_annotation_set_get_spans (set);
          GListModel *relations = newsmark_annotation_set_get_relations (set);
          GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);

          guint n_spans = g_list_model_get_n_items (spans);
          guint n_relations = g_list_model_get_n_items (relations);

          printf ("%s: valid (", path);
          printf (g_dngettext (GETTEXT_PACKAGE, "%u span, ", "%u spans, ", n_spans), n_spans);
          printf (g_dngettext (GETTEXT_PACKAGE, "%u relation, ", "%u relations, ", n_relations), n_relations);
          printf ("%u unplaced, ", g_list_model_get_n_items (unplaced));
          printf (g_dngettext (GETTEXT_PACKAGE, "%u warning)\n", "%u warnings)\n", n_warnings), n_warnings);
        }

      fflush (stdout);
    }

  newsmark_cli_progress_update (progress, (guint64) argc - 1);
  g_clear_pointer (&progress, newsmark_cli_progress_free);

  if (files_with_errors > 0)
    {
      if (argc > 2)
        fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%u of %d files has errors\n", "%u of %d files have errors\n",
                                      files_with_errors), files_with_errors, argc - 1);
      return NEWSMARK_CLI_EXIT_PROBLEMS;
    }

  if (strict && total_warnings > 0)
    return NEWSMARK_CLI_EXIT_STRICT;

  return NEWSMARK_CLI_EXIT_OK;
}
