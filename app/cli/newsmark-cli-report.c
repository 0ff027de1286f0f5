/* newsmark-cli-report.c — `newsmark-cli report`: one self-contained HTML page */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

int
newsmark_cli_cmd_report (int    argc,
                         char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *title = NULL;
  gboolean show_rejected = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the page to OUT (default: FILE with .newsmark.json replaced by .report.html)", "OUT" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title,
      "Page title (default: the article's file name)", "TITLE" },
    { "show-rejected", 0, 0, G_OPTION_ARG_NONE, &show_rejected,
      "Also mark rejected suggestions in the article (struck through)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_output = NULL;
  NewsmarkReportOptions options = { 0 };

  context = newsmark_cli_option_context_new ("report", "FILE.newsmark.json",
                                             "Write a single self-contained HTML page: the article "
                                             "with coloured spans, a legend, every span with its "
                                             "status, origin and decisions, and the audit log.",
                                             NULL, entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  if (argc != 2)
    return newsmark_cli_usage_error ("report", "expected one FILE, got %d", argc - 1);

  if (output == NULL)
    {
      const char *suffix = ".newsmark.json";

      if (g_str_has_suffix (argv[1], suffix))
        {
          g_autofree char *stem = g_strndup (argv[1], strlen (argv[1]) - strlen (suffix));

          default_output = g_strconcat (stem, ".report.html", NULL);
        }
      else
        {
          default_output = g_strconcat (argv[1], ".report.html", NULL);
        }
    }

  set = newsmark_cli_load_annotations (argv[1], NEWSMARK_LOAD_DEFAULT, NULL);
  if (set == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;

  options.show_rejected = show_rejected;
  options.title = title;

  target = newsmark_cli_file_new (output != NULL ? output : default_output);
  if (!newsmark_report_write (set, &options, target, &error))
    return newsmark_cli_error ("%s: %s", output != NULL ? output : default_output, error->message);

  printf ("%s\n", output != NULL ? output : default_output);

  return NEWSMARK_CLI_EXIT_OK;
}
