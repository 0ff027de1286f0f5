/* newsmark-cli-suggest.c — `newsmark-cli suggest`: add a model's suggestions */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

static const char *description =
  "FORMAT is one of:\n"
  "  newsmark       another annotation file (its spans become suggestions)\n"
  "  spacy-jsonl    spaCy/Prodigy JSONL: text + spans with start/end/label\n"
  "  doccano-jsonl  doccano JSONL\n"
  "  label-studio   Label Studio JSON export (predictions)\n"
  "  strings        a JSON array of {\"text\", \"label\"} with optional \"context\"\n"
  "                 (words around it), \"occurrence\" (1-based), \"score\", \"attributes\"\n"
  "\n"
  "Strings are placed where the article has them verbatim, else where they\n"
  "match once quotes, dashes and white space are normalised. A string found in\n"
  "several places is placed only when its context or occurrence decides;\n"
  "otherwise it is kept as an unplaced suggestion (ambiguous, with every\n"
  "candidate position), like strings that are not found. Offsets whose text\n"
  "differs from the article are matched by their text and reported.\n"
  "\n"
  "The report (placed, ambiguous, not found, duplicates merged, conflicts) goes\n"
  "to standard output. Exit status: 0 done; 1 bad input; 2 bad command line;\n"
  "3 with --strict when anything was ambiguous or not found (then nothing is\n"
  "written).";

/* document.path is relative to the annotation file: written elsewhere
 * with -o, it must still lead to the same article, and stay inside the new
 * file's folder, or its corpus (when it cannot, the new file does not name
 * the article). */
static void
rebase_document_path (NewsmarkAnnotationSet *set,
                      const char            *from_file,
                      const char            *to_file)
{
  g_autofree char *path = g_strdup (newsmark_annotation_set_get_document_path (set));
  g_autoptr(GFile) from = newsmark_cli_file_new (from_file);
  g_autoptr(GFile) to = newsmark_cli_file_new (to_file);
  g_autoptr(GFile) from_dir = g_file_get_parent (from);
  g_autoptr(GFile) to_dir = g_file_get_parent (to);
  g_autoptr(GFile) article = NULL;

  if (path == NULL || from_dir == NULL || to_dir == NULL || g_file_equal (from_dir, to_dir))
    return;

  article = newsmark_annotation_set_resolve_article (set, NULL);
  if (!newsmark_annotation_set_name_article (set, to, article))
    fprintf (stderr, "%s: warning: document.path: the article \"%s\" is not inside the folder of %s, "
             "so the new file does not name it (a document path must stay inside that folder)\n",
             to_file, path, to_file);
}

int
newsmark_cli_cmd_suggest (int    argc,
                          char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *output = NULL;
  g_autofree char *model = NULL;
  g_autofree char *model_version = NULL;
  g_autofree char *annotator = NULL;
  gboolean strict = FALSE;
  const GOptionEntry entries[] = {
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from,
      "Format of SUGGESTIONS (required): newsmark, spacy-jsonl, doccano-jsonl, label-studio, strings", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to OUT instead of updating FILE (FILE~ keeps the previous version)", "OUT" },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model,
      "Model name for the suggestions' origin (default: the input's, else the SUGGESTIONS file name)", "NAME" },
    { "model-version", 0, 0, G_OPTION_ARG_STRING, &model_version,
      "Model version for the origin", "V" },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator,
      "Who is importing, for the log (default: the user name)", "NAME" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      "Exit 3 without writing when anything is ambiguous or not found", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(NewsmarkSuggestReport) report = newsmark_suggest_report_new ();
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  g_autofree char *default_model = NULL;
  NewsmarkSuggestOptions options = { 0 };
  NewsmarkSuggestFormat format;
  gsize len = 0;

  context = newsmark_cli_option_context_new ("suggest", "--from FORMAT SUGGESTIONS FILE.newsmark.json",
                                             "Add a model's suggestions to an annotation file.",
                                             description, entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  if (from == NULL)
    return newsmark_cli_usage_error ("suggest", "--from FORMAT is required");
  if (!newsmark_suggest_format_from_string (from, &format))
    return newsmark_cli_usage_error ("suggest", "unknown format “%s” (expected newsmark, spacy-jsonl, "
                                     "doccano-jsonl, label-studio or strings)", from);
  if (argc != 3)
    return newsmark_cli_usage_error ("suggest", g_dngettext (GETTEXT_PACKAGE,
                                                             "expected SUGGESTIONS and FILE.newsmark.json, got %d argument",
                                                             "expected SUGGESTIONS and FILE.newsmark.json, got %d arguments",
                                                             argc - 1), argc - 1);

  set = newsmark_cli_load_annotations (argv[2], NEWSMARK_LOAD_DEFAULT, NULL);
  if (set == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;

  newsmark_annotation_set_set_annotator (set, annotator != NULL ? annotator : g_get_user_name ());

  input = newsmark_cli_file_new (argv[1]);
  if (!g_file_load_contents (input, NULL, &data, &len, NULL, &error))
    return newsmark_cli_error ("%s: %s", argv[1], error->message);

  suggestions = newsmark_suggest_parse (format, data, len, argv[1], set, problems, &error);
  newsmark_cli_print_problems (problems, argv[1], stderr);
  if (suggestions == NULL)
    {
      /* The problem lines already said why, unless there were none; a
       * message that names the file and the place already stays as is. */
      if (newsmark_problems_count_errors (problems) == 0 && g_str_has_prefix (error->message, argv[1]))
        fprintf (stderr, "%s\n", error->message);
      else if (newsmark_problems_count_errors (problems) == 0)
        fprintf (stderr, "%s: error: %s\n", argv[1], error->message);
      return NEWSMARK_CLI_EXIT_PROBLEMS;
    }

  if (model == NULL)
    {
      /* Inputs that name their model keep it; a bare list of strings is
       * named after its file so that the origin is never anonymous. */
      gboolean named = suggestions->len > 0 &&
                       ((NewsmarkSuggestion *) g_ptr_array_index (suggestions, 0))->model_name != NULL;

      if (!named)
        {
          g_autofree char *base = g_path_get_basename (argv[1]);
          char *dot = strchr (base, '.');

          if (dot != NULL && dot != base)
            *dot = '\0';
          default_model = g_strdup (base);
        }
    }

  options.model_name = model != NULL ? model : default_model;
  options.model_version = model_version;
  options.source = argv[1];
  options.format = from;

  if (!newsmark_suggest_import (set, suggestions, &options, report, &error))
    return newsmark_cli_error ("%s: %s", argv[1], error->message);

  text = newsmark_suggest_report_to_string (report);
  fputs (text, stdout);
  fflush (stdout);

  if (strict && (report->ambiguous > 0 || report->not_found > 0))
    {
      fprintf (stderr, "newsmark-cli suggest: --strict: %u ambiguous and %u not found; %s left unchanged\n",
               report->ambiguous, report->not_found, output != NULL ? output : argv[2]);
      return NEWSMARK_CLI_EXIT_STRICT;
    }

  if (output != NULL)
    rebase_document_path (set, argv[2], output);

  target = newsmark_cli_file_new (output != NULL ? output : argv[2]);
  if (!newsmark_annotation_set_save (set, target, &error))
    return newsmark_cli_error ("%s: %s", output != NULL ? output : argv[2], error->message);

  return NEWSMARK_CLI_EXIT_OK;
}
