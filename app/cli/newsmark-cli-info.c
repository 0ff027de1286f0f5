/* newsmark-cli-info.c — `newsmark-cli info`: what an annotation file holds */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

#define N_STATUSES 3

typedef struct {
  char  *label;
  guint  by_status[N_STATUSES];
  guint  total;
} LabelCount;

static void
label_count_free (gpointer data)
{
  LabelCount *count = data;

  g_free (count->label);
  g_free (count);
}

typedef struct {
  /* Article */
  char       *document_path;
  char       *resolved_path;
  guint       length;
  gsize       n_bytes;
  const char *encoding;
  const char *sha256;
  char       *stored_sha256;   /* document.sha256 as written in the file */
  const char *embedded_status; /* "matches" or "differs" */
  const char *disk_status;     /* "matches", "changed", "missing", "unreadable", "refused", "unknown" */
  char       *disk_detail;
  char       *disk_sha256;

  /* Schema */
  const char *schema_name;
  guint       n_labels;
  guint       n_relation_types;

  /* Spans */
  GPtrArray  *labels;          /* LabelCount, schema order then others */
  guint       by_status[N_STATUSES];
  guint       n_spans;
  guint       n_discontinuous;
  guint       n_with_note;
  guint       n_with_attributes;
  guint       n_from_model;

  /* Relations, unplaced, log */
  GPtrArray  *relation_types;  /* LabelCount (total only) */
  guint       n_relations;
  GPtrArray  *unplaced_reasons; /* LabelCount (total only) */
  guint       n_unplaced;
  guint       n_log;
  NewsmarkLogEntry *last_log;
} Info;

static void
info_clear (Info *info)
{
  g_free (info->document_path);
  g_free (info->resolved_path);
  g_free (info->stored_sha256);
  g_free (info->disk_detail);
  g_free (info->disk_sha256);
  g_clear_pointer (&info->labels, g_ptr_array_unref);
  g_clear_pointer (&info->relation_types, g_ptr_array_unref);
  g_clear_pointer (&info->unplaced_reasons, g_ptr_array_unref);
}

static LabelCount *
find_or_add (GPtrArray  *counts,
             const char *name)
{
  LabelCount *count;

  for (guint i = 0; i < counts->len; i++)
    {
      count = g_ptr_array_index (counts, i);
      if (g_strcmp0 (count->label, name) == 0)
        return count;
    }

  count = g_new0 (LabelCount, 1);
  count->label = g_strdup (name != NULL ? name : "(none)");
  g_ptr_array_add (counts, count);

  return count;
}

/* The document.sha256 string exactly as stored, so that info reports what
 * the file claims next to what the embedded text hashes to. */
static char *
read_stored_sha256 (GFile *file)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  json_tokener *tokener;
  json_object *root;
  json_object *document = NULL;
  json_object *sha = NULL;
  char *result = NULL;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, NULL))
    return NULL;

  tokener = json_tokener_new ();
  json_tokener_set_flags (tokener, JSON_TOKENER_STRICT);
  root = json_tokener_parse_ex (tokener, contents, (int) MIN (length, G_MAXINT));
  json_tokener_free (tokener);

  if (root != NULL &&
      json_object_object_get_ex (root, "document", &document) &&
      json_object_is_type (document, json_type_object) &&
      json_object_object_get_ex (document, "sha256", &sha) &&
      json_object_is_type (sha, json_type_string))
    result = g_strdup (json_object_get_string (sha));

  json_object_put (root);

  return result;
}

static void
check_article_on_disk (Info                  *info,
                       NewsmarkAnnotationSet *set)
{
  g_autoptr(GFile) article = NULL;
  g_autoptr(NewsmarkDocument) on_disk = NULL;
  g_autoptr(GError) error = NULL;

  if (info->document_path == NULL)
    {
      info->disk_status = "unknown";
      info->disk_detail = g_strdup ("the file names no article path");
      return;
    }

  /* From the file's folder, inside the corpus folder for a layer. */
  article = newsmark_annotation_set_resolve_article (set, &error);
  if (article == NULL)
    {
      info->disk_status = "refused";
      info->disk_detail = g_strdup_printf ("%s; not read, the embedded text is used",
                                           error != NULL ? error->message : "the file is not on disk");
      return;
    }
  info->resolved_path = g_file_get_path (article);
  if (info->resolved_path == NULL)
    info->resolved_path = g_file_get_uri (article);

  on_disk = newsmark_document_new_from_file (article, info->encoding, &error);
  if (on_disk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          !g_file_query_exists (article, NULL))
        {
          info->disk_status = "missing";
          info->disk_detail = g_strdup ("not found; the embedded text is used");
        }
      else
        {
          info->disk_status = "unreadable";
          info->disk_detail = g_strdup (error->message);
        }
      return;
    }

  info->disk_sha256 = g_strdup (newsmark_document_get_sha256 (on_disk));

  if (g_strcmp0 (info->disk_sha256, info->sha256) == 0)
    {
      info->disk_status = "matches";
    }
  else
    {
      info->disk_status = "changed";
      info->disk_detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "now %u code point, SHA-256 %s; "
                                                        "`validate --follow-article` re-anchors the spans",
                                                        "now %u code points, SHA-256 %s; "
                                                        "`validate --follow-article` re-anchors the spans",
                                                        newsmark_document_get_length (on_disk)),
                                           newsmark_document_get_length (on_disk),
                                           info->disk_sha256);
    }
}

static void
collect (Info                  *info,
         GFile                 *file,
         NewsmarkAnnotationSet *set)
{
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  NewsmarkSchema *schema = newsmark_annotation_set_get_schema (set);
  GListModel *labels = newsmark_schema_get_labels (schema);
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  GListModel *relations = newsmark_annotation_set_get_relations (set);
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  GPtrArray *log = newsmark_annotation_set_get_log (set);
  guint n;

  info->document_path = g_strdup (newsmark_annotation_set_get_document_path (set));
  info->length = newsmark_document_get_length (document);
  info->n_bytes = newsmark_document_get_n_bytes (document);
  info->encoding = newsmark_document_get_encoding (document);
  info->sha256 = newsmark_document_get_sha256 (document);
  info->stored_sha256 = read_stored_sha256 (file);
  info->embedded_status = g_strcmp0 (info->stored_sha256, info->sha256) == 0 ? "matches" : "differs";

  check_article_on_disk (info, set);

  info->schema_name = newsmark_schema_get_name (schema);
  info->n_labels = g_list_model_get_n_items (labels);
  info->n_relation_types = g_list_model_get_n_items (newsmark_schema_get_relation_types (schema));

  /* Every schema label is listed, also with zero spans, in schema order. */
  info->labels = g_ptr_array_new_with_free_func (label_count_free);
  for (guint i = 0; i < info->n_labels; i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);

      find_or_add (info->labels, newsmark_label_get_name (label));
    }

  n = g_list_model_get_n_items (spans);
  info->n_spans = n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);
      LabelCount *count = find_or_add (info->labels, newsmark_span_get_label (span));
      NewsmarkStatus status = newsmark_span_get_status (span);
      const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
      g_auto(GStrv) attributes = newsmark_span_list_attributes (span);
      const char *note = newsmark_span_get_note (span);

      if ((guint) status < N_STATUSES)
        {
          count->by_status[status]++;
          info->by_status[status]++;
        }
      count->total++;

      if (newsmark_span_get_n_fragments (span) > 0)
        info->n_discontinuous++;
      if (note != NULL && note[0] != '\0')
        info->n_with_note++;
      if (attributes != NULL && attributes[0] != NULL)
        info->n_with_attributes++;
      if (origin != NULL && origin->kind == NEWSMARK_ORIGIN_MODEL)
        info->n_from_model++;
    }

  info->relation_types = g_ptr_array_new_with_free_func (label_count_free);
  for (guint i = 0; i < info->n_relation_types; i++)
    {
      g_autoptr(NewsmarkRelationType) type =
        g_list_model_get_item (newsmark_schema_get_relation_types (schema), i);

      find_or_add (info->relation_types, newsmark_relation_type_get_name (type));
    }

  n = g_list_model_get_n_items (relations);
  info->n_relations = n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkRelation) relation = g_list_model_get_item (relations, i);

      find_or_add (info->relation_types, newsmark_relation_get_type_name (relation))->total++;
    }

  info->unplaced_reasons = g_ptr_array_new_with_free_func (label_count_free);
  n = g_list_model_get_n_items (unplaced);
  info->n_unplaced = n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (unplaced, i);

      find_or_add (info->unplaced_reasons, newsmark_span_get_unplaced_reason (span))->total++;
    }

  info->n_log = log != NULL ? log->len : 0;
  info->last_log = info->n_log > 0 ? g_ptr_array_index (log, log->len - 1) : NULL;
}

static void
print_text (const char *path,
            Info       *info)
{
  int width = (int) strlen ("total");

  printf ("File:      %s\n", path);
  printf ("Article:   %s%s%s%s\n",
          info->document_path != NULL ? info->document_path : "(no path)",
          info->resolved_path != NULL ? " (" : "",
          info->resolved_path != NULL ? info->resolved_path : "",
          info->resolved_path != NULL ? ")" : "");
  printf (g_dngettext (GETTEXT_PACKAGE, "Length:    %u code point", "Length:    %u code points", info->length),
          info->length);
  printf (g_dngettext (GETTEXT_PACKAGE, " (%" G_GSIZE_FORMAT " byte of UTF-8)\n",
                       " (%" G_GSIZE_FORMAT " bytes of UTF-8)\n", info->n_bytes), info->n_bytes);
  printf ("Encoding:  %s\n", info->encoding != NULL ? info->encoding : "UTF-8");
  printf ("SHA-256:   %s\n", info->sha256);
  if (g_strcmp0 (info->embedded_status, "matches") == 0)
    printf ("  embedded text:   matches document.sha256\n");
  else
    printf ("  embedded text:   DIFFERS from document.sha256 (%s)\n",
            info->stored_sha256 != NULL ? info->stored_sha256 : "absent");
  printf ("  article on disk: %s%s%s\n", info->disk_status,
          info->disk_detail != NULL ? " — " : "",
          info->disk_detail != NULL ? info->disk_detail : "");
  printf ("Schema:    %s (", info->schema_name);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u label, ", "%u labels, ", info->n_labels), info->n_labels);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u relation type)\n", "%u relation types)\n", info->n_relation_types),
          info->n_relation_types);
  printf ("\n");

  for (guint i = 0; i < info->labels->len; i++)
    {
      LabelCount *count = g_ptr_array_index (info->labels, i);
      width = MAX (width, (int) strlen (count->label));
    }

  printf ("Spans:     %u (%u discontinuous, %u with attributes, %u with notes, %u from models)\n",
          info->n_spans, info->n_discontinuous, info->n_with_attributes,
          info->n_with_note, info->n_from_model);
  printf ("  %-*s  %8s  %9s  %8s  %5s\n", width, "label", "accepted", "suggested", "rejected", "total");
  for (guint i = 0; i < info->labels->len; i++)
    {
      LabelCount *count = g_ptr_array_index (info->labels, i);

      printf ("  %-*s  %8u  %9u  %8u  %5u\n", width, count->label,
              count->by_status[NEWSMARK_STATUS_ACCEPTED],
              count->by_status[NEWSMARK_STATUS_SUGGESTED],
              count->by_status[NEWSMARK_STATUS_REJECTED],
              count->total);
    }
  printf ("  %-*s  %8u  %9u  %8u  %5u\n", width, "total",
          info->by_status[NEWSMARK_STATUS_ACCEPTED],
          info->by_status[NEWSMARK_STATUS_SUGGESTED],
          info->by_status[NEWSMARK_STATUS_REJECTED],
          info->n_spans);
  printf ("\n");

  printf ("Relations: %u\n", info->n_relations);
  for (guint i = 0; i < info->relation_types->len; i++)
    {
      LabelCount *count = g_ptr_array_index (info->relation_types, i);
      printf ("  %-*s  %u\n", width, count->label, count->total);
    }

  printf ("Unplaced:  %u\n", info->n_unplaced);
  for (guint i = 0; i < info->unplaced_reasons->len; i++)
    {
      LabelCount *count = g_ptr_array_index (info->unplaced_reasons, i);
      printf ("  %-*s  %u\n", width, count->label, count->total);
    }

  if (info->last_log != NULL)
    printf (g_dngettext (GETTEXT_PACKAGE, "Log:       %u entry (last: %s %s %s%s%s)\n",
                         "Log:       %u entries (last: %s %s %s%s%s)\n", info->n_log), info->n_log,
            info->last_log->time != NULL ? info->last_log->time : "?",
            info->last_log->who != NULL ? info->last_log->who : "(unknown)",
            info->last_log->action != NULL ? info->last_log->action : "?",
            info->last_log->target != NULL ? " " : "",
            info->last_log->target != NULL ? info->last_log->target : "");
  else
    printf ("Log:       0 entries\n");
}

static json_object *
counts_to_json (GPtrArray *counts)
{
  json_object *object = json_object_new_object ();

  for (guint i = 0; i < counts->len; i++)
    {
      LabelCount *count = g_ptr_array_index (counts, i);
      json_object_object_add (object, count->label, json_object_new_int64 (count->total));
    }

  return object;
}

static json_object *
status_counts_to_json (const guint *by_status,
                       guint        total)
{
  json_object *object = json_object_new_object ();

  for (guint s = 0; s < N_STATUSES; s++)
    json_object_object_add (object, newsmark_status_to_string ((NewsmarkStatus) s),
                            json_object_new_int64 (by_status[s]));
  json_object_object_add (object, "total", json_object_new_int64 (total));

  return object;
}

static json_object *
string_or_null (const char *str)
{
  return str != NULL ? json_object_new_string (str) : NULL;
}

static void
print_json (const char *path,
            Info       *info)
{
  json_object *root = json_object_new_object ();
  json_object *article = json_object_new_object ();
  json_object *sha = json_object_new_object ();
  json_object *schema = json_object_new_object ();
  json_object *spans = json_object_new_object ();
  json_object *by_label = json_object_new_object ();
  json_object *relations = json_object_new_object ();
  json_object *unplaced = json_object_new_object ();
  json_object *log = json_object_new_object ();

  json_object_object_add (root, "file", json_object_new_string (path));

  json_object_object_add (article, "path", string_or_null (info->document_path));
  json_object_object_add (article, "resolved", string_or_null (info->resolved_path));
  json_object_object_add (article, "length", json_object_new_int64 (info->length));
  json_object_object_add (article, "bytes", json_object_new_int64 ((gint64) info->n_bytes));
  json_object_object_add (article, "encoding", string_or_null (info->encoding));
  json_object_object_add (sha, "text", json_object_new_string (info->sha256));
  json_object_object_add (sha, "stored", string_or_null (info->stored_sha256));
  json_object_object_add (sha, "embedded", json_object_new_string (info->embedded_status));
  json_object_object_add (sha, "on_disk", json_object_new_string (info->disk_status));
  json_object_object_add (sha, "on_disk_sha256", string_or_null (info->disk_sha256));
  json_object_object_add (sha, "detail", string_or_null (info->disk_detail));
  json_object_object_add (article, "sha256", sha);
  json_object_object_add (root, "article", article);

  json_object_object_add (schema, "name", string_or_null (info->schema_name));
  json_object_object_add (schema, "labels", json_object_new_int64 (info->n_labels));
  json_object_object_add (schema, "relation_types", json_object_new_int64 (info->n_relation_types));
  json_object_object_add (root, "schema", schema);

  json_object_object_add (spans, "total", json_object_new_int64 (info->n_spans));
  json_object_object_add (spans, "discontinuous", json_object_new_int64 (info->n_discontinuous));
  json_object_object_add (spans, "with_attributes", json_object_new_int64 (info->n_with_attributes));
  json_object_object_add (spans, "with_note", json_object_new_int64 (info->n_with_note));
  json_object_object_add (spans, "from_model", json_object_new_int64 (info->n_from_model));
  json_object_object_add (spans, "by_status", status_counts_to_json (info->by_status, info->n_spans));
  for (guint i = 0; i < info->labels->len; i++)
    {
      LabelCount *count = g_ptr_array_index (info->labels, i);
      json_object_object_add (by_label, count->label,
                              status_counts_to_json (count->by_status, count->total));
    }
  json_object_object_add (spans, "by_label", by_label);
  json_object_object_add (root, "spans", spans);

  json_object_object_add (relations, "total", json_object_new_int64 (info->n_relations));
  json_object_object_add (relations, "by_type", counts_to_json (info->relation_types));
  json_object_object_add (root, "relations", relations);

  json_object_object_add (unplaced, "total", json_object_new_int64 (info->n_unplaced));
  json_object_object_add (unplaced, "by_reason", counts_to_json (info->unplaced_reasons));
  json_object_object_add (root, "unplaced", unplaced);

  json_object_object_add (log, "entries", json_object_new_int64 (info->n_log));
  json_object_object_add (log, "last", string_or_null (info->last_log != NULL ? info->last_log->time : NULL));
  json_object_object_add (root, "log", log);

  newsmark_cli_print_json (root);
  json_object_put (root);
}

int
newsmark_cli_cmd_info (int    argc,
                       char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
      "Print the summary as a JSON object", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GFile) file = NULL;
  Info info = { 0 };

  context = newsmark_cli_option_context_new ("info", "FILE",
      "Summarise an annotation file.",
      "Shows the article's path and length in code points, whether the\n"
      "embedded text and the article on disk still match the stored SHA-256,\n"
      "span counts per label and status, relations, unplaced spans and the\n"
      "audit log. Problems found while loading are printed on stderr.",
      entries);

  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;

  if (argc < 2)
    return newsmark_cli_usage_error ("info", "no FILE given");
  if (argc > 2)
    return newsmark_cli_usage_error ("info", "expected one FILE, got %d arguments", argc - 1);

  set = newsmark_cli_load_annotations (argv[1], NEWSMARK_LOAD_DEFAULT, NULL);
  if (set == NULL)
    return NEWSMARK_CLI_EXIT_PROBLEMS;

  file = newsmark_cli_file_new (argv[1]);
  collect (&info, file, set);

  if (as_json)
    print_json (argv[1], &info);
  else
    print_text (argv[1], &info);

  info_clear (&info);

  return NEWSMARK_CLI_EXIT_OK;
}
