/* newsmark-cli-new.c — `newsmark-cli new`: an empty annotation file for an article */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

/* The path of @target relative to the folder @base, with ".." segments
 * when @target is not below @base, so that document.path keeps working
 * when the article and its annotation file are moved together. */
static char *
relative_path (GFile *base,
               GFile *target)
{
  g_autofree char *base_path = g_file_get_path (base);
  g_autofree char *target_path = g_file_get_path (target);
  g_auto(GStrv) base_parts = NULL;
  g_auto(GStrv) target_parts = NULL;
  g_autoptr(GString) result = NULL;
  guint common = 0;

  if (base_path == NULL || target_path == NULL)
    return NULL;

  base_parts = g_strsplit (base_path, G_DIR_SEPARATOR_S, -1);
  target_parts = g_strsplit (target_path, G_DIR_SEPARATOR_S, -1);

  while (base_parts[common] != NULL && target_parts[common] != NULL &&
         g_str_equal (base_parts[common], target_parts[common]))
    common++;

  result = g_string_new (NULL);

  for (guint i = common; base_parts[i] != NULL; i++)
    {
      if (base_parts[i][0] == '\0')
        continue;
      g_string_append (result, ".." G_DIR_SEPARATOR_S);
    }

  for (guint i = common; target_parts[i] != NULL; i++)
    {
      if (target_parts[i][0] == '\0')
        continue;
      g_string_append (result, target_parts[i]);
      if (target_parts[i + 1] != NULL)
        g_string_append_c (result, G_DIR_SEPARATOR);
    }

  return g_string_free (g_steal_pointer (&result), FALSE);
}

/* Resolves symbolic links so that the relative path is computed between
 * the real locations (an article reached through a link stays reachable
 * from the annotation file's real folder). */
static GFile *
canonical_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *real = NULL;

  if (path == NULL)
    return g_object_ref (file);

  real = realpath (path, NULL);
  if (real == NULL)
    return g_object_ref (file);

  return g_file_new_for_path (real);
}

int
newsmark_cli_cmd_new (int    argc,
                      char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *schema_path = NULL;
  g_autofree char *encoding = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to OUT (default: ARTICLE.newsmark.json beside the article)", "OUT" },
    { "schema", 's', 0, G_OPTION_ARG_FILENAME, &schema_path,
      "Label schema to embed (default: the bundled newsroom schema)", "S.json" },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding,
      "Convert the article from ENC (windows-1252, latin1) instead of requiring UTF-8", "ENC" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      "Replace an existing annotation file (the old one is kept as OUT~)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GFile) article = NULL;
  g_autoptr(GFile) out_file = NULL;
  g_autoptr(GFile) real_article = NULL;
  g_autoptr(GFile) real_folder = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(NewsmarkDocument) document = NULL;
  g_autoptr(NewsmarkSchema) schema = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doc_path = NULL;
  g_autofree char *out_name = NULL;

  context = newsmark_cli_option_context_new ("new", "ARTICLE.txt",
      "Create an empty annotation file for an article.",
      "The article must be UTF-8 unless --encoding is given; it is never\n"
      "modified. The annotation file embeds the article text, its SHA-256,\n"
      "the label schema and the article's path relative to the annotation\n"
      "file. An existing annotation file is not replaced without --force.",
      entries);

  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  if (argc < 2)
    return newsmark_cli_usage_error ("new", "no ARTICLE given");
  if (argc > 2)
    return newsmark_cli_usage_error ("new", "expected one ARTICLE, got %d arguments", argc - 1);

  if (encoding != NULL &&
      g_ascii_strcasecmp (encoding, "utf-8") != 0 &&
      g_ascii_strcasecmp (encoding, "utf8") != 0 &&
      g_ascii_strcasecmp (encoding, "windows-1252") != 0 &&
      g_ascii_strcasecmp (encoding, "cp1252") != 0 &&
      g_ascii_strcasecmp (encoding, "latin1") != 0 &&
      g_ascii_strcasecmp (encoding, "iso-8859-1") != 0)
    return newsmark_cli_usage_error ("new",
                                     "unsupported encoding “%s” (expected utf-8, windows-1252 or latin1)",
                                     encoding);

  article = newsmark_cli_file_new (argv[1]);

  if (output != NULL)
    out_file = newsmark_cli_file_new (output);
  else
    out_file = newsmark_annotation_file_for_article (article);

  {
    /* Name the output as the user would type it: relative to the current
     * folder when it is inside it. */
    g_autofree char *cwd = g_get_current_dir ();
    g_autoptr(GFile) cwd_file = g_file_new_for_path (cwd);

    out_name = g_file_get_relative_path (cwd_file, out_file);
    if (out_name == NULL)
      out_name = g_file_get_parse_name (out_file);
  }

  if (g_file_equal (out_file, article))
    return newsmark_cli_error ("%s: the output would overwrite the article; use -o", argv[1]);

  if (!force && g_file_query_exists (out_file, NULL))
    return newsmark_cli_error ("%s: already exists; use --force to replace it (the old file is kept as %s~)",
                               out_name, out_name);

  document = newsmark_document_new_from_file (article, encoding, &error);
  if (document == NULL)
    {
      /* The core's message already names the file (and, for bad UTF-8,
       * the byte offset, line and column). */
      newsmark_cli_error ("%s", error->message);
      if (g_error_matches (error, NEWSMARK_ERROR, NEWSMARK_ERROR_ENCODING) && encoding == NULL)
        fprintf (stderr, "To convert a legacy article, give --encoding windows-1252 or --encoding latin1.\n");
      return NEWSMARK_CLI_EXIT_PROBLEMS;
    }

  if (schema_path != NULL)
    {
      g_autoptr(GFile) schema_file = newsmark_cli_file_new (schema_path);

      schema = newsmark_schema_load_file (schema_file, &error);
      if (schema == NULL)
        return newsmark_cli_error ("%s", error->message);
      if (!newsmark_schema_check (schema, &error))
        return newsmark_cli_error ("%s: %s", schema_path, error->message);
    }
  else
    {
      schema = newsmark_schema_new_default ();
    }

  set = newsmark_annotation_set_new (document, schema);

  folder = g_file_get_parent (out_file);
  real_folder = canonical_file (folder);
  real_article = canonical_file (article);
  doc_path = relative_path (real_folder, real_article);
  if (doc_path == NULL)
    doc_path = g_file_get_basename (article);
  newsmark_annotation_set_set_document_path (set, doc_path);

  if (!newsmark_annotation_set_save (set, out_file, &error))
    return newsmark_cli_error ("%s", error->message);

  printf (g_dngettext (GETTEXT_PACKAGE, "%s: created for %s (%u code point, schema “%s”%s%s)\n",
                       "%s: created for %s (%u code points, schema “%s”%s%s)\n",
                       newsmark_document_get_length (document)),
          out_name, doc_path,
          newsmark_document_get_length (document),
          newsmark_schema_get_name (schema),
          newsmark_document_get_encoding (document) != NULL ? ", converted from " : "",
          newsmark_document_get_encoding (document) != NULL ? newsmark_document_get_encoding (document) : "");

  return NEWSMARK_CLI_EXIT_OK;
}
