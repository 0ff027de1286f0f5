/* newsmark-cli-new.c — `newsmark-cli new`: an empty annotation file for an article */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

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

  newsmark_annotation_set_name_article (set, out_file, article);
  doc_path = g_strdup (newsmark_annotation_set_get_document_path (set));

  if (!newsmark_annotation_set_save (set, out_file, &error))
    return newsmark_cli_error ("%s", error->message);

  if (doc_path == NULL)
    {
      g_autofree char *article_name = g_file_get_parse_name (article);

      /* Loading such a path is refused, so it is not written at all; the
       * text is embedded either way. */
      fprintf (stderr, "%s: warning: document.path: %s is not inside the folder of the annotation "
               "file, so the file does not name it (a document path must stay inside that folder); "
               "write the annotation file beside the article to keep the link\n",
               out_name, article_name);
      doc_path = g_steal_pointer (&article_name);
    }

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
