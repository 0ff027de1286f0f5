/* newsmark-cli-audit.c — `newsmark-cli audit`: the decision log, readable */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

int
newsmark_cli_cmd_audit (int    argc,
                        char **argv)
{
  g_autofree char *action = NULL;
  g_autofree char *span_id = NULL;
  g_autofree char *who = NULL;
  const GOptionEntry entries[] = {
    { "action", 0, 0, G_OPTION_ARG_STRING, &action,
      "Only entries with this action (import, accept, reject, edit, bulk-accept, merge, place, undo …)", "ACTION" },
    { "span", 0, 0, G_OPTION_ARG_STRING, &span_id,
      "Only entries about this span id", "ID" },
    { "who", 0, 0, G_OPTION_ARG_STRING, &who,
      "Only entries by this annotator", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  GPtrArray *log;
  guint shown = 0;

  context = newsmark_cli_option_context_new ("audit", "FILE.newsmark.json",
                                             "Print the audit log of an annotation file: "
                                             "time, who, action, span (label and text) and details.",
                                             NULL, entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  if (argc != 2)
    return newsmark_cli_usage_error ("audit", "expected one FILE, got %d", argc - 1);

  set = newsmark_cli_load_annotations (argv[1], NEWSMARK_LOAD_DEFAULT, NULL);
  if (set == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;

  log = newsmark_annotation_set_get_log (set);

  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      const NewsmarkLogEntry *entry = g_ptr_array_index (log, i);
      g_autofree char *line = NULL;

      if (action != NULL && g_strcmp0 (entry->action, action) != 0)
        continue;
      if (who != NULL && g_strcmp0 (entry->who, who) != 0)
        continue;
      if (span_id != NULL && g_strcmp0 (entry->target, span_id) != 0)
        continue;

      line = newsmark_log_entry_to_display (set, entry);
      printf ("%s\n", line);
      shown++;
    }

  if (log == NULL || log->len == 0)
    printf ("%s: the log is empty\n", argv[1]);
  else if (shown == 0)
    printf ("%s: no log entry matches (of %u)\n", argv[1], log->len);

  fflush (stdout);

  return NEWSMARK_CLI_EXIT_OK;
}
