/* newsmark-cli-stats.c — `newsmark-cli stats`: counts over a corpus of annotation files */

#include "config.h"

#include <string.h>

#include "newsmark-cli-private.h"

typedef struct {
  char  *name;
  guint  by_status[3];  /* accepted, suggested, rejected */
} Count;

static void
count_free (gpointer data)
{
  Count *c = data;

  g_free (c->name);
  g_free (c);
}

typedef struct {
  GPtrArray  *order;    /* Count, first-seen order */
  GHashTable *index;    /* name → Count */
} Table;

static void
table_init (Table *t)
{
  t->order = g_ptr_array_new_with_free_func (count_free);
  t->index = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
table_clear (Table *t)
{
  g_hash_table_unref (t->index);
  g_ptr_array_unref (t->order);
}

static Count *
table_get (Table      *t,
           const char *name)
{
  Count *c = g_hash_table_lookup (t->index, name);

  if (c == NULL)
    {
      c = g_new0 (Count, 1);
      c->name = g_strdup (name);
      g_ptr_array_add (t->order, c);
      g_hash_table_insert (t->index, c->name, c);
    }
  return c;
}

static guint
count_total (const Count *c)
{
  return c->by_status[0] + c->by_status[1] + c->by_status[2];
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const Count *ca = *(const Count * const *) a;
  const Count *cb = *(const Count * const *) b;
  guint ta = count_total (ca), tb = count_total (cb);

  if (ta != tb)
    return ta > tb ? -1 : 1;
  return strcmp (ca->name, cb->name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
collect (GFile     *file,
         GPtrArray *out,
         gboolean   top)
{
  GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);

  if (type == G_FILE_TYPE_DIRECTORY)
    {
      g_autoptr(GFileEnumerator) e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                G_FILE_QUERY_INFO_NONE, NULL, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      GFileInfo *info;

      while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
        {
          g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
          g_object_unref (info);
        }
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          g_autoptr(GFile) child = g_file_get_child (file, name);

          if (g_str_has_suffix (name, ".newsmark.json") ||
              g_file_query_file_type (child, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
            collect (child, out, FALSE);
        }
    }
  else if (top || type == G_FILE_TYPE_REGULAR)
    g_ptr_array_add (out, g_object_ref (file));
}

/* Words: tokens of the documented tokenizer with a letter or digit. */
static guint
count_words (NewsmarkDocument *document)
{
  g_autoptr(GArray) tokens = newsmark_tokenize (document);
  const char *text = newsmark_document_get_text (document);
  guint n = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      NewsmarkFragment *t = &g_array_index (tokens, NewsmarkFragment, i);
      const char *p = text + newsmark_document_offset_to_byte (document, t->start);
      const char *end = text + newsmark_document_offset_to_byte (document, t->end);

      for (; p < end; p = g_utf8_next_char (p))
        if (g_unichar_isalnum (g_utf8_get_char (p)))
          {
            n++;
            break;
          }
    }
  return n;
}

static json_object *
counts_json (const Count *c)
{
  json_object *o = json_object_new_object ();

  json_object_object_add (o, "accepted", json_object_new_int64 (c->by_status[0]));
  json_object_object_add (o, "suggested", json_object_new_int64 (c->by_status[1]));
  json_object_object_add (o, "rejected", json_object_new_int64 (c->by_status[2]));
  json_object_object_add (o, "total", json_object_new_int64 (count_total (c)));
  return o;
}

static void
print_table (const char *title,
             GPtrArray  *rows)
{
  int width = (int) strlen (title);

  for (guint i = 0; i < rows->len; i++)
    width = MAX (width, (int) g_utf8_strlen (((Count *) g_ptr_array_index (rows, i))->name, -1));

  printf ("\n%-*s  %9s  %9s  %9s  %9s\n", width, title, "accepted", "suggested", "rejected", "total");
  for (guint i = 0; i < rows->len; i++)
    {
      const Count *c = g_ptr_array_index (rows, i);
      int pad = width - (int) g_utf8_strlen (c->name, -1);

      printf ("%s%*s  %9u  %9u  %9u  %9u\n", c->name, pad, "",
              c->by_status[0], c->by_status[1], c->by_status[2], count_total (c));
    }
}

int
newsmark_cli_cmd_stats (int    argc,
                        char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Write the figures as JSON on stdout", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(NewsmarkCliProgress) progress = NULL;
  g_autoptr(GHashTable) relation_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) relation_order = g_ptr_array_new_with_free_func (g_free);
  Table labels, annotators;
  Count all = { (char *) "all", { 0, 0, 0 } };
  guint64 words = 0;
  guint n_docs = 0, n_failed = 0, n_relations = 0, n_unplaced = 0, n_discontinuous = 0;
  double per_1000;

  context = newsmark_cli_option_context_new ("stats", "FILE_OR_FOLDER…",
                                             "Count documents, spans per label, status and annotator, "
                                             "relations and density over annotation files.",
                                             "Folders are searched for *.newsmark.json files. Words are the\n"
                                             "tokens (newsmark_tokenize) holding a letter or digit; spans per\n"
                                             "1,000 words counts every span whatever its status.",
                                             entries);
  if (!newsmark_cli_parse_options (context, &argc, &argv))
    return NEWSMARK_CLI_EXIT_USAGE;
  if (argc < 2)
    return newsmark_cli_usage_error ("stats", "no FILE or FOLDER given");

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) f = newsmark_cli_file_new (argv[i]);

      if (!g_file_query_exists (f, NULL))
        return newsmark_cli_error ("%s: no such file or folder", argv[i]);
      collect (f, files, TRUE);
    }
  if (files->len == 0)
    return newsmark_cli_error ("no *.newsmark.json files found");

  table_init (&labels);
  table_init (&annotators);
  if (files->len > 1)
    progress = newsmark_cli_progress_new ("Counting", files->len);

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT,
                                                                           problems, &error);
      GListModel *spans, *relations;

      if (progress != NULL)
        newsmark_cli_progress_update (progress, i + 1);
      if (set == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (file);

          g_clear_pointer (&progress, newsmark_cli_progress_free);
          fprintf (stderr, "newsmark-cli: %s: not counted: %s\n", name, error->message);
          n_failed++;
          continue;
        }

      n_docs++;
      words += count_words (newsmark_annotation_set_get_document (set));
      spans = newsmark_annotation_set_get_spans (set);
      relations = newsmark_annotation_set_get_relations (set);
      n_unplaced += g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set));

      for (guint k = 0; k < g_list_model_get_n_items (spans); k++)
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, k);
          guint status = newsmark_span_get_status (span);
          const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
          g_autofree char *who = NULL;

          if (status > 2)
            status = 0;
          all.by_status[status]++;
          table_get (&labels, newsmark_span_get_label (span))->by_status[status]++;
          if (origin != NULL)
            {
              if (origin->kind == NEWSMARK_ORIGIN_MODEL)
                who = g_strdup_printf ("model:%s%s%s", origin->name ? origin->name : "?",
                                       origin->version ? " " : "", origin->version ? origin->version : "");
              else
                who = g_strdup_printf ("human:%s", origin->annotator ? origin->annotator : "(unnamed)");
            }
          table_get (&annotators, who != NULL ? who : "(no origin)")->by_status[status]++;
          if (newsmark_span_get_n_fragments (span) > 0)
            n_discontinuous++;
        }

      for (guint k = 0; k < g_list_model_get_n_items (relations); k++)
        {
          g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (relations, k);
          const char *type = newsmark_relation_get_type_name (rel);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (relation_types, type));

          if (n == 0)
            g_ptr_array_add (relation_order, g_strdup (type));
          g_hash_table_insert (relation_types, g_strdup (type), GUINT_TO_POINTER (n + 1));
          n_relations++;
        }
    }
  g_clear_pointer (&progress, newsmark_cli_progress_free);

  g_ptr_array_sort (labels.order, compare_counts);
  g_ptr_array_sort (annotators.order, compare_counts);
  per_1000 = words > 0 ? count_total (&all) * 1000.0 / (double) words : 0.0;

  if (as_json)
    {
      json_object *root = json_object_new_object ();
      json_object *jl = json_object_new_object ();
      json_object *ja = json_object_new_object ();
      json_object *jr = json_object_new_object ();
      json_object *jrt = json_object_new_object ();

      json_object_object_add (root, "documents", json_object_new_int64 (n_docs));
      json_object_object_add (root, "failed", json_object_new_int64 (n_failed));
      json_object_object_add (root, "words", json_object_new_int64 ((gint64) words));
      json_object_object_add (root, "spans", counts_json (&all));
      json_object_object_add (root, "spans_per_1000_words", json_object_new_double (per_1000));
      json_object_object_add (root, "unreviewed_suggestions", json_object_new_int64 (all.by_status[1]));
      json_object_object_add (root, "discontinuous_spans", json_object_new_int64 (n_discontinuous));
      json_object_object_add (root, "unplaced_spans", json_object_new_int64 (n_unplaced));
      for (guint i = 0; i < labels.order->len; i++)
        {
          Count *c = g_ptr_array_index (labels.order, i);

          json_object_object_add (jl, c->name, counts_json (c));
        }
      json_object_object_add (root, "labels", jl);
      for (guint i = 0; i < annotators.order->len; i++)
        {
          Count *c = g_ptr_array_index (annotators.order, i);

          json_object_object_add (ja, c->name, counts_json (c));
        }
      json_object_object_add (root, "annotators", ja);
      json_object_object_add (jr, "total", json_object_new_int64 (n_relations));
      for (guint i = 0; i < relation_order->len; i++)
        {
          const char *type = g_ptr_array_index (relation_order, i);

          json_object_object_add (jrt, type,
                                  json_object_new_int64 (GPOINTER_TO_UINT (g_hash_table_lookup (relation_types, type))));
        }
      json_object_object_add (jr, "by_type", jrt);
      json_object_object_add (root, "relations", jr);
      newsmark_cli_print_json (root);
      json_object_put (root);
    }
  else
    {
      printf ("Documents:              %u%s\n", n_docs, n_failed > 0 ? " (some files could not be read, see above)" : "");
      printf ("Words:                  %" G_GUINT64_FORMAT "\n", words);
      printf ("Spans:                  %u (accepted %u, suggested %u, rejected %u; %u discontinuous)\n",
              count_total (&all), all.by_status[0], all.by_status[1], all.by_status[2], n_discontinuous);
      printf ("Spans per 1,000 words:  %.1f\n", per_1000);
      printf ("Unreviewed suggestions: %u\n", all.by_status[1]);
      printf ("Relations:              %u\n", n_relations);
      printf ("Unplaced spans:         %u\n", n_unplaced);
      if (labels.order->len > 0)
        print_table ("Label", labels.order);
      if (annotators.order->len > 0)
        print_table ("Annotator", annotators.order);
      if (relation_order->len > 0)
        {
          int width = (int) strlen ("Relation type");

          for (guint i = 0; i < relation_order->len; i++)
            width = MAX (width, (int) g_utf8_strlen (g_ptr_array_index (relation_order, i), -1));
          printf ("\n%-*s  %9s\n", width, "Relation type", "count");
          for (guint i = 0; i < relation_order->len; i++)
            {
              const char *type = g_ptr_array_index (relation_order, i);
              int pad = width - (int) g_utf8_strlen (type, -1);

              printf ("%s%*s  %9u\n", type, pad, "",
                      GPOINTER_TO_UINT (g_hash_table_lookup (relation_types, type)));
            }
        }
    }

  table_clear (&labels);
  table_clear (&annotators);

  return n_failed > 0 ? NEWSMARK_CLI_EXIT_PROBLEMS : NEWSMARK_CLI_EXIT_OK;
}
