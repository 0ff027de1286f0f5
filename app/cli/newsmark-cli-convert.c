/* newsmark-cli-convert.c — `newsmark-cli convert`: other tools' formats in and out */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

static const char *format_list = "newsmark, brat, spacy-jsonl, doccano-jsonl, label-studio, conll, webanno-tsv";

static gboolean
is_input (GPtrArray *inputs,
          GFile     *file)
{
  for (guint i = 0; i < inputs->len; i++)
    {
      GFile *in = g_ptr_array_index (inputs, i);

      if (g_file_equal (in, file) || g_file_has_prefix (file, in))
        return TRUE;
    }
  return FALSE;
}

static gboolean
folder_is_empty (GFile *folder)
{
  g_autoptr(GFileEnumerator) e = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autoptr(GFileInfo) info = NULL;

  if (e == NULL)
    return TRUE;
  info = g_file_enumerator_next_file (e, NULL, NULL);
  return info == NULL;
}

static char *
set_stem (NewsmarkAnnotationSet *set,
          guint                  index)
{
  GFile *file = newsmark_annotation_set_get_file (set);
  const char *path = newsmark_annotation_set_get_document_path (set);
  g_autofree char *base = NULL;

  if (file != NULL)
    base = g_file_get_basename (file);
  else if (path != NULL)
    base = g_path_get_basename (path);
  else
    return g_strdup_printf ("document-%u", index + 1);

  if (g_str_has_suffix (base, ".newsmark.json"))
    base[strlen (base) - strlen (".newsmark.json")] = '\0';
  else
    {
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
    }
  return g_steal_pointer (&base);
}

int
newsmark_cli_cmd_convert (int    argc,
                          char **argv)
{
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *schema_path = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *model = NULL;
  g_auto(GStrv) maps = NULL;
  gboolean force = FALSE, tokens = FALSE, include_suggested = FALSE, include_rejected = FALSE;
  gboolean as_suggestions = FALSE;
  const GOptionEntry entries[] = {
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from_name, "Format of the input", "FORMAT" },
    { "to", 't', 0, G_OPTION_ARG_STRING, &to_name, "Format to write", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file, or folder for several documents", "OUT" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace an existing output", NULL },
    { "schema", 's', 0, G_OPTION_ARG_FILENAME, &schema_path, "Map imported labels onto this schema", "S.json" },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps, "Rename a source label or relation type on import (repeatable)", "SRC=DST" },
    { "tokens", 0, 0, G_OPTION_ARG_NONE, &tokens, "spaCy: also write tokens and token_start/token_end", NULL },
    { "include-suggested", 0, 0, G_OPTION_ARG_NONE, &include_suggested, "Export suggested spans too", NULL },
    { "include-rejected", 0, 0, G_OPTION_ARG_NONE, &include_rejected, "Export rejected spans too", NULL },
    { "as-suggestions", 0, 0, G_OPTION_ARG_NONE, &as_suggestions, "Import spans as suggestions to review", NULL },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, "Model name for imported suggestions", "NAME" },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator, "Annotator of imported spans", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GHashTable) label_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(NewsmarkCliProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkFormat from, to;
  NewsmarkImportOptions import_options = { 0 };
  NewsmarkExportOptions export_options = { 0 };
  gboolean out_is_folder;
  guint n_spans = 0, n_relations = 0, n_warnings = 0;

  context = newsmark_cli_option_context_new ("convert", "IN… -o OUT",
                                             "Convert annotations between Newsmark and other tools' formats.",
                                             "Formats: newsmark, brat, spacy-jsonl, doccano-jsonl, label-studio,\n"
                                             "conll, webanno-tsv. IN may be files or folders (a folder of\n"
                                             "*.newsmark.json, or of brat .txt/.ann pairs). Importing a\n"
                                             "multi-document format writes one FILE.newsmark.json per document\n"
                                             "into the OUT folder; exporting writes one file (brat: a folder).\n"
                                             "Inputs are never overwritten; an existing output is replaced only\n"
                                             "with --force. Everything a target format cannot hold is reported\n"
                                             "as a warning naming the span.",
                                             entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  if (from_name == NULL || to_name == NULL)
    return newsmark_cli_usage_error ("convert", "--from and --to are required (formats: %s)", format_list);
  if (!newsmark_format_from_string (from_name, &from))
    return newsmark_cli_usage_error ("convert", "unknown format “%s” (formats: %s)", from_name, format_list);
  if (!newsmark_format_from_string (to_name, &to))
    return newsmark_cli_usage_error ("convert", "unknown format “%s” (formats: %s)", to_name, format_list);
  if (argc < 2)
    return newsmark_cli_usage_error ("convert", "no input given");
  if (output == NULL)
    return newsmark_cli_usage_error ("convert", "no output given (-o OUT)");
  if (from != NEWSMARK_FORMAT_NEWSMARK && to != NEWSMARK_FORMAT_NEWSMARK)
    return newsmark_cli_usage_error ("convert", "one side must be newsmark (convert in two steps)");

  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *eq = strchr (maps[i], '=');

      if (eq == NULL || eq == maps[i] || eq[1] == '\0')
        return newsmark_cli_usage_error ("convert", "--map wants SRC=DST, not “%s”", maps[i]);
      g_hash_table_replace (label_map, g_strndup (maps[i], eq - maps[i]), g_strdup (eq + 1));
    }

  if (schema_path != NULL)
    {
      g_autoptr(GFile) sf = newsmark_cli_file_new (schema_path);

      schema = newsmark_schema_load_file (sf, &error);
      if (schema == NULL)
        return newsmark_cli_error ("%s", error->message);
    }

  for (int i = 1; i < argc; i++)
    {
      GFile *in = newsmark_cli_file_new (argv[i]);

      if (!g_file_query_exists (in, NULL))
        {
          g_object_unref (in);
          return newsmark_cli_error ("%s: no such file or folder", argv[i]);
        }
      g_ptr_array_add (inputs, in);
    }

  out = newsmark_cli_file_new (output);
  if (is_input (inputs, out))
    return newsmark_cli_error ("%s: is an input; choose another output (inputs are never overwritten)", output);

  /* Import. */
  import_options.schema = schema;
  import_options.label_map = g_hash_table_size (label_map) > 0 ? label_map : NULL;
  import_options.as_suggestions = as_suggestions;
  import_options.model_name = model;
  import_options.annotator = annotator;

  if (inputs->len > 1)
    progress = newsmark_cli_progress_new ("Reading", inputs->len);
  for (guint i = 0; i < inputs->len; i++)
    {
      GFile *in = g_ptr_array_index (inputs, i);
      g_autoptr(GPtrArray) got = NULL;

      if (progress != NULL)
        {
          g_autofree char *base = g_file_get_basename (in);

          newsmark_cli_progress_set_label (progress, base);
        }
      got = newsmark_format_import (from, in, &import_options, problems, &error);
      if (got == NULL)
        {
          g_clear_pointer (&progress, newsmark_cli_progress_free);
          newsmark_cli_print_problems (problems, NULL, stderr);
          return newsmark_cli_error ("%s", error->message);
        }
      for (guint k = 0; k < got->len; k++)
        g_ptr_array_add (sets, g_object_ref (g_ptr_array_index (got, k)));
      if (progress != NULL)
        newsmark_cli_progress_update (progress, i + 1);
    }
  g_clear_pointer (&progress, newsmark_cli_progress_free);

  if (sets->len == 0)
    {
      newsmark_cli_print_problems (problems, NULL, stderr);
      return newsmark_cli_error ("no documents found in the input");
    }

  for (guint i = 0; i < sets->len; i++)
    {
      NewsmarkAnnotationSet *set = g_ptr_array_index (sets, i);

      n_spans += g_list_model_get_n_items (newsmark_annotation_set_get_spans (set));
      n_relations += g_list_model_get_n_items (newsmark_annotation_set_get_relations (set));
    }

  /* Where the output goes: one file, or a folder of files. */
  if (to == NEWSMARK_FORMAT_NEWSMARK)
    out_is_folder = !(sets->len == 1 && g_str_has_suffix (output, ".newsmark.json"));
  else if (to == NEWSMARK_FORMAT_BRAT)
    out_is_folder = TRUE;
  else if (to == NEWSMARK_FORMAT_WEBANNO_TSV)
    out_is_folder = sets->len > 1;
  else
    out_is_folder = FALSE;

  if (!force)
    {
      GFileType type = g_file_query_file_type (out, G_FILE_QUERY_INFO_NONE, NULL);

      if ((out_is_folder && type == G_FILE_TYPE_DIRECTORY && !folder_is_empty (out)) ||
          (out_is_folder && type != G_FILE_TYPE_DIRECTORY && type != G_FILE_TYPE_UNKNOWN) ||
          (!out_is_folder && type != G_FILE_TYPE_UNKNOWN))
        return newsmark_cli_error ("%s: already exists; use --force to replace it", output);
    }

  export_options.write_tokens = tokens;
  export_options.include_suggested = include_suggested;
  export_options.include_rejected = include_rejected;

  if (to == NEWSMARK_FORMAT_NEWSMARK || (to == NEWSMARK_FORMAT_WEBANNO_TSV && out_is_folder))
    {
      g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      const char *suffix = to == NEWSMARK_FORMAT_NEWSMARK ? ".newsmark.json" : ".tsv";

      if (out_is_folder && !g_file_make_directory_with_parents (out, NULL, &error) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return newsmark_cli_error ("%s: cannot create the folder: %s", output, error->message);
      g_clear_error (&error);

      if (sets->len > 1)
        progress = newsmark_cli_progress_new ("Writing", sets->len);
      for (guint i = 0; i < sets->len; i++)
        {
          NewsmarkAnnotationSet *set = g_ptr_array_index (sets, i);
          g_autofree char *stem = set_stem (set, i);
          g_autofree char *name = g_strconcat (stem, suffix, NULL);
          g_autoptr(GFile) file = NULL;

          for (guint n = 2; g_hash_table_contains (used, name); n++)
            {
              g_free (name);
              name = g_strdup_printf ("%s-%u%s", stem, n, suffix);
            }
          g_hash_table_add (used, g_strdup (name));
          file = out_is_folder ? g_file_get_child (out, name) : g_object_ref (out);
          if (is_input (inputs, file))
            {
              g_autofree char *parse = g_file_get_parse_name (file);

              return newsmark_cli_error ("%s: is an input; choose another output", parse);
            }

          if (to == NEWSMARK_FORMAT_NEWSMARK)
            {
              /* An article imported from files (brat) is named relative to
               * the annotation file, when it is inside that file's folder. */
              GFile *article = newsmark_document_get_file (newsmark_annotation_set_get_document (set));

              if (article != NULL)
                {
                  if (!newsmark_annotation_set_name_article (set, file, article))
                    {
                      g_autofree char *article_name = g_file_get_parse_name (article);
                      g_autofree char *file_name = g_file_get_parse_name (file);

                      g_ptr_array_add (problems,
                                       newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, file_name,
                                                             "document.path", 0, 0,
                                                             "the article %s is not inside this file's folder, "
                                                             "so the file does not name it (a document path "
                                                             "must stay inside that folder)", article_name));
                    }
                }
              if (!newsmark_annotation_set_save (set, file, &error))
                return newsmark_cli_error ("%s", error->message);
            }
          else
            {
              g_autoptr(GPtrArray) one = g_ptr_array_new ();

              g_ptr_array_add (one, set);
              if (!newsmark_format_export (to, one, file, &export_options, problems, &error))
                return newsmark_cli_error ("%s", error->message);
            }
          if (progress != NULL)
            newsmark_cli_progress_update (progress, i + 1);
        }
      g_clear_pointer (&progress, newsmark_cli_progress_free);
    }
  else
    {
      if (!newsmark_format_export (to, sets, out, &export_options, problems, &error))
        {
          newsmark_cli_print_problems (problems, NULL, stderr);
          return newsmark_cli_error ("%s", error->message);
        }
    }

  newsmark_cli_print_problems (problems, NULL, stderr);
  for (guint i = 0; i < problems->len; i++)
    if (((NewsmarkProblem *) g_ptr_array_index (problems, i))->severity == NEWSMARK_SEVERITY_WARNING)
      n_warnings++;

  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "converted %u document (", "converted %u documents (", sets->len),
           sets->len);
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%u span, ", "%u spans, ", n_spans), n_spans);
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%u relation", "%u relations", n_relations), n_relations);
  fprintf (stderr, ") from %s to %s: %s%s", newsmark_format_to_string (from), newsmark_format_to_string (to), output,
           n_warnings > 0 ? "" : "\n");
  if (n_warnings > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "; %u warning above\n", "; %u warnings above\n", n_warnings),
             n_warnings);

  return NEWSMARK_CLI_EXIT_OK;
}
