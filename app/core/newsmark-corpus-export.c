/* newsmark-corpus-export.c — one layer of every article, to another tool's format
 *
 * The format exporters are the ones `newsmark-cli convert` uses. Layers are
 * loaded a chunk at a time and let go once written, so that exporting ten
 * thousand articles does not hold ten thousand annotation sets: the
 * line-based formats (JSONL, CoNLL) are written chunk by chunk into one
 * file; a Label Studio file is one JSON array, written at once.
 */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "newsmark/newsmark-corpus-export.h"
#include "newsmark-corpus-private.h"

#define CHUNK 256
#define NO_PART "all"

typedef struct {
  NewsmarkCorpusArticle *article;
  guint                  part;
  char                  *output;     /* relative to the output folder */
  gint                   document;   /* in a multi-document file; -1 otherwise */
  guint                  spans;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->article);
  g_free (entry->output);
  g_free (entry);
}

typedef struct {
  NewsmarkCorpus                    *corpus;
  const NewsmarkCorpusExportOptions *options;
  GFile                             *output;
  char                              *output_path;
  GPtrArray                         *problems;
  GPtrArray                         *exported;   /* Entry*, borrowed from the chosen ones */
  json_object                       *skipped;
  NewsmarkCorpusExportResult         result;
  GCancellable                      *cancellable;
  NewsmarkCorpusProgressFunc         progress;
  gpointer                           progress_data;
  guint                              done;
  guint                              total;
} Export;

static const char *
multi_suffix (NewsmarkFormat format)
{
  switch (format)
    {
    case NEWSMARK_FORMAT_SPACY_JSONL:
    case NEWSMARK_FORMAT_DOCCANO_JSONL:
      return ".jsonl";
    case NEWSMARK_FORMAT_LABEL_STUDIO:
      return ".json";
    case NEWSMARK_FORMAT_CONLL:
      return ".conll";
    case NEWSMARK_FORMAT_NEWSMARK:
    case NEWSMARK_FORMAT_BRAT:
    case NEWSMARK_FORMAT_WEBANNO_TSV:
    default:
      return NULL;
    }
}

static const char *
part_name (Export *ex,
           guint   part)
{
  return ex->options->split != NULL ? newsmark_split_get_name (ex->options->split, part) : NO_PART;
}

static void
skip (Export                *ex,
      NewsmarkCorpusArticle *article,
      NewsmarkSeverity       severity,
      const char            *format,
      ...) G_GNUC_PRINTF (4, 5);

static void
skip (Export                *ex,
      NewsmarkCorpusArticle *article,
      NewsmarkSeverity       severity,
      const char            *format,
      ...)
{
  const char *path = newsmark_corpus_article_get_path (article);
  g_autofree char *reason = NULL;
  json_object *item = json_object_new_object ();
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (ex->problems, newsmark_problem_new (severity, path, NULL, 0, 0, "left out of the export: %s",
                                                       reason));
  json_object_object_add (item, "path", json_object_new_string (path));
  json_object_object_add (item, "reason", json_object_new_string (reason));
  json_object_array_add (ex->skipped, item);
  ex->result.n_skipped++;
  if (severity == NEWSMARK_SEVERITY_ERROR)
    ex->result.n_broken++;
}

static void
tick (Export *ex)
{
  ex->done++;
  if (ex->progress != NULL)
    ex->progress (ex->done, ex->total, ex->progress_data);
}

/* ---- Choosing --------------------------------------------------------------------- */

static char *
first_error (NewsmarkCorpusLayer *layer)
{
  GPtrArray *problems = newsmark_corpus_layer_get_problems (layer);

  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == NEWSMARK_SEVERITY_ERROR)
        return newsmark_problem_to_string (p);
    }
  return g_strdup ("see its problems");
}

/* The articles to export, each with its part; the others are listed. */
static GPtrArray *
choose (Export *ex)
{
  GPtrArray *chosen = g_ptr_array_new_with_free_func (entry_free);
  const char *root = _newsmark_corpus_get_real_root (ex->corpus);
  const char *layer_name = ex->options->layer;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (ex->corpus));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (ex->corpus), i);
      NewsmarkCorpusLayer *layer = newsmark_corpus_article_find_layer (article, layer_name);
      NewsmarkLayerState state = newsmark_corpus_layer_get_state (layer);
      Entry *entry;

      if (state == NEWSMARK_LAYER_NEW)
        {
          skip (ex, article, NEWSMARK_SEVERITY_WARNING, "no %s layer (%s does not exist)", layer_name,
                newsmark_corpus_layer_get_path (layer));
          continue;
        }
      if (state == NEWSMARK_LAYER_BROKEN)
        {
          g_autofree char *why = first_error (layer);

          skip (ex, article, NEWSMARK_SEVERITY_ERROR, "the %s layer has errors; first: %s", layer_name, why);
          continue;
        }
      if (ex->options->done_only && state != NEWSMARK_LAYER_DONE)
        {
          skip (ex, article, NEWSMARK_SEVERITY_WARNING, "the %s layer is not marked done (%s)", layer_name,
                newsmark_layer_state_to_string (state));
          continue;
        }

      entry = g_new0 (Entry, 1);
      entry->article = g_object_ref (article);
      entry->document = -1;
      if (ex->options->split != NULL)
        {
          g_autofree char *text = NULL;
          g_autoptr(GError) error = NULL;
          NewsmarkFileStamp stamp;
          gsize len = 0;

          /* The article's own text decides its part, not a layer's copy. */
          if (!_newsmark_corpus_read_article (root, newsmark_corpus_article_get_path (article), &text, &len, &stamp,
                                              &error))
            {
              skip (ex, article, NEWSMARK_SEVERITY_ERROR, "the article cannot be read to place it in the split: %s",
                    error->message);
              entry_free (entry);
              continue;
            }
          entry->part = newsmark_split_assign (ex->options->split, ex->options->seed,
                                               newsmark_corpus_article_get_path (article), text, len);
        }
      g_ptr_array_add (chosen, entry);
    }
  return chosen;
}

/* ---- Writing ---------------------------------------------------------------------- */

static char *
stem_of (const char *article_rel)
{
  if (g_str_has_suffix (article_rel, ".txt"))
    return g_strndup (article_rel, strlen (article_rel) - 4);
  return g_strdup (article_rel);
}

static NewsmarkAnnotationSet *
load (Export *ex,
      Entry  *entry)
{
  g_autoptr(GError) error = NULL;
  NewsmarkAnnotationSet *set;

  set = newsmark_corpus_load_layer (ex->corpus, entry->article, ex->options->layer, NEWSMARK_LOAD_DEFAULT,
                                    ex->problems, &error);
  tick (ex);
  if (set == NULL)
    {
      skip (ex, entry->article, NEWSMARK_SEVERITY_ERROR, "the %s layer cannot be read: %s", ex->options->layer,
            error->message);
      return NULL;
    }
  entry->spans = 0;
  {
    GListModel *spans = newsmark_annotation_set_get_spans (set);
    guint n = g_list_model_get_n_items (spans);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

        if (newsmark_span_get_status (span) == NEWSMARK_STATUS_ACCEPTED)
          entry->spans++;
      }
  }
  return set;
}

static void
record (Export     *ex,
        Entry      *entry,
        const char *output,
        gint        document)
{
  entry->output = g_strdup (output);
  entry->document = document;
  g_ptr_array_add (ex->exported, entry);
  ex->result.n_exported++;
}

static gboolean
make_folder (GFile   *folder,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_make_directory_with_parents (folder, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: cannot create the folder: %s", name,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* JSONL, Label Studio, CoNLL: one file for the part. */
static gboolean
write_multi (Export     *ex,
             guint       part,
             GPtrArray  *entries,
             GError    **error)
{
  const char *suffix = multi_suffix (ex->options->format);
  g_autofree char *name = g_strconcat (part_name (ex, part), suffix, NULL);
  g_autoptr(GFile) file = g_file_get_child (ex->output, name);
  g_autofree char *tmp_name = g_strconcat (".", name, ".chunk", NULL);
  g_autoptr(GFile) tmp = g_file_get_child (ex->output, tmp_name);
  g_autoptr(GFileOutputStream) stream = NULL;
  gboolean whole = ex->options->format == NEWSMARK_FORMAT_LABEL_STUDIO;
  guint chunk = whole ? MAX (entries->len, 1) : CHUNK;
  gint document = 0;

  /* Written to a temporary file and renamed when closed. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, ex->cancellable, error);
  if (stream == NULL)
    return FALSE;

  for (guint first = 0; first < entries->len; first += chunk)
    {
      g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) kept = g_ptr_array_new ();
      g_autofree char *contents = NULL;
      gsize len = 0;

      for (guint i = first; i < MIN (first + chunk, entries->len); i++)
        {
          Entry *entry = g_ptr_array_index (entries, i);
          NewsmarkAnnotationSet *set = load (ex, entry);

          if (set == NULL)
              continue;
          g_ptr_array_add (sets, set);
          g_ptr_array_add (kept, entry);
        }
      if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
        return FALSE;
      if (sets->len == 0)
        continue;

      /* The exporters write whole files: each chunk goes through one and
       * is appended. */
      if (!newsmark_format_export (ex->options->format, sets, tmp, &ex->options->format_options, ex->problems, error) ||
          !g_file_load_contents (tmp, NULL, &contents, &len, NULL, error) ||
          !g_output_stream_write_all (G_OUTPUT_STREAM (stream), contents, len, NULL, ex->cancellable, error))
        {
          g_file_delete (tmp, NULL, NULL);
          return FALSE;
        }
      g_file_delete (tmp, NULL, NULL);
      for (guint i = 0; i < kept->len; i++)
        record (ex, g_ptr_array_index (kept, i), name, document++);
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), ex->cancellable, error);
}

/* brat: one export per corpus folder, mirrored under the part's folder
 * (brat names each document after its file: the article's name). */
static gboolean
write_brat (Export     *ex,
            guint       part,
            GPtrArray  *entries,
            GError    **error)
{
  guint first = 0;

  while (first < entries->len)
    {
      Entry *head = g_ptr_array_index (entries, first);
      g_autofree char *dir = g_path_get_dirname (newsmark_corpus_article_get_path (head->article));
      g_autofree char *rel_dir = g_str_equal (dir, ".") ? g_strdup (part_name (ex, part))
                                                       : g_strconcat (part_name (ex, part), "/", dir, NULL);
      g_autoptr(GFile) folder = g_file_resolve_relative_path (ex->output, rel_dir);
      g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) kept = g_ptr_array_new ();
      guint last = first;

      /* Articles of one folder are next to each other (sorted by path)
       * unless a subfolder's come between; those go in a later group. */
      for (; last < entries->len; last++)
        {
          Entry *entry = g_ptr_array_index (entries, last);
          g_autofree char *entry_dir = g_path_get_dirname (newsmark_corpus_article_get_path (entry->article));

          if (!g_str_equal (entry_dir, dir))
            break;
        }
      for (guint i = first; i < last; i++)
        {
          Entry *entry = g_ptr_array_index (entries, i);
          NewsmarkAnnotationSet *set = load (ex, entry);

          if (set == NULL)
              continue;
          g_ptr_array_add (sets, set);
          g_ptr_array_add (kept, entry);
        }
      first = last;
      if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
        return FALSE;
      if (sets->len == 0)
        continue;
      if (!make_folder (folder, error) ||
          !newsmark_format_export (NEWSMARK_FORMAT_BRAT, sets, folder, &ex->options->format_options, ex->problems, error))
        return FALSE;
      for (guint i = 0; i < kept->len; i++)
        {
          Entry *entry = g_ptr_array_index (kept, i);
          g_autofree char *base = g_path_get_basename (newsmark_corpus_article_get_path (entry->article));
          g_autofree char *output = g_strconcat (rel_dir, "/", base, NULL);

          record (ex, entry, output, -1);
        }
    }
  return TRUE;
}

/* WebAnno TSV and Newsmark: one file per article, under the part's folder
 * at the article's path. */
static gboolean
write_each (Export     *ex,
            guint       part,
            GPtrArray  *entries,
            GError    **error)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      g_autoptr(NewsmarkAnnotationSet) set = load (ex, entry);
      g_autofree char *stem = stem_of (newsmark_corpus_article_get_path (entry->article));
      g_autofree char *rel = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFile) folder = NULL;

      if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
        return FALSE;
      if (set == NULL)
          continue;
      rel = g_strconcat (part_name (ex, part), "/", stem,
                         ex->options->format == NEWSMARK_FORMAT_NEWSMARK ? ".newsmark.json" : ".tsv", NULL);
      file = g_file_resolve_relative_path (ex->output, rel);
      folder = g_file_get_parent (file);
      if (!make_folder (folder, error))
        return FALSE;

      if (ex->options->format == NEWSMARK_FORMAT_NEWSMARK)
        {
          /* The text the layer was made on goes beside it: the part is a
           * folder Newsmark opens as it is. */
          NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
          g_autofree char *base = g_path_get_basename (stem);
          g_autofree char *text_name = g_strconcat (base, ".txt", NULL);
          g_autoptr(GFile) text_file = g_file_get_child (folder, text_name);

          if (!newsmark_write_file_atomic (text_file, newsmark_document_get_text (document),
                                           newsmark_document_get_n_bytes (document), FALSE, error))
            return FALSE;
          newsmark_annotation_set_set_document_path (set, text_name);
          if (!newsmark_annotation_set_save (set, file, error))
            return FALSE;
        }
      else
        {
          g_autoptr(GPtrArray) one = g_ptr_array_new ();

          g_ptr_array_add (one, set);
          if (!newsmark_format_export (ex->options->format, one, file, &ex->options->format_options,
                                       ex->problems, error))
            return FALSE;
        }
      record (ex, entry, rel, -1);
    }
  return TRUE;
}

/* ---- The manifest ----------------------------------------------------------------- */

static gboolean
write_manifest (Export  *ex,
                GError **error)
{
  const NewsmarkCorpusExportOptions *options = ex->options;
  g_autoptr(GFile) file = g_file_get_child (ex->output, NEWSMARK_CORPUS_EXPORT_MANIFEST);
  json_object *root = json_object_new_object ();
  json_object *articles = json_object_new_array ();
  json_object *outputs = json_object_new_object ();
  const char *text;
  gboolean ok;

  json_object_object_add (root, "format", json_object_new_string ("newsmark-corpus-export"));
  json_object_object_add (root, "version", json_object_new_int (1));
  json_object_object_add (root, "corpus",
                          json_object_new_string (newsmark_corpus_manifest_get_name (newsmark_corpus_get_manifest (ex->corpus))));
  json_object_object_add (root, "layer", json_object_new_string (options->layer));
  json_object_object_add (root, "state", json_object_new_string (options->done_only ? "done" : "any"));
  json_object_object_add (root, "to", json_object_new_string (newsmark_format_to_string (options->format)));
  if (options->split != NULL)
    {
      json_object *split = json_object_new_object ();
      json_object *parts = json_object_new_object ();

      json_object_object_add (split, "seed", json_object_new_uint64 (options->seed));
      for (guint p = 0; p < newsmark_split_get_n_parts (options->split); p++)
        {
          double fraction = newsmark_split_get_fraction (options->split, p);
          char shown[G_ASCII_DTOSTR_BUF_SIZE];

          /* As the user wrote it ("0.1"), not as the nearest double prints. */
          g_ascii_formatd (shown, sizeof shown, "%.12g", fraction);
          json_object_object_add (parts, newsmark_split_get_name (options->split, p),
                                  json_object_new_double_s (fraction, shown));
        }
      json_object_object_add (split, "parts", parts);
      json_object_object_add (root, "split", split);
    }
  else
    json_object_object_add (root, "split", NULL);

  for (guint i = 0; i < ex->exported->len; i++)
    {
      Entry *entry = g_ptr_array_index (ex->exported, i);
      json_object *item = json_object_new_object ();
      const char *part = part_name (ex, entry->part);

      json_object_object_add (item, "path", json_object_new_string (newsmark_corpus_article_get_path (entry->article)));
      json_object_object_add (item, "part", json_object_new_string (part));
      json_object_object_add (item, "output", json_object_new_string (entry->output));
      if (entry->document >= 0)
        json_object_object_add (item, "document", json_object_new_int (entry->document));
      json_object_object_add (item, "spans", json_object_new_int64 (entry->spans));
      json_object_array_add (articles, item);
    }
  for (guint p = 0; p < (options->split != NULL ? newsmark_split_get_n_parts (options->split) : 1); p++)
    {
      g_autofree char *name = g_strconcat (part_name (ex, p), multi_suffix (options->format), NULL);

      json_object_object_add (outputs, part_name (ex, p), json_object_new_string (name));
    }
  json_object_object_add (root, "outputs", outputs);
  json_object_object_add (root, "articles", articles);
  json_object_object_add (root, "skipped", json_object_get (ex->skipped));

  text = json_object_to_json_string_ext (root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                               JSON_C_TO_STRING_NOSLASHESCAPE);
  ok = newsmark_write_file_atomic (file, text, strlen (text), FALSE, error);
  json_object_put (root);
  return ok;
}

/* ---- Export ----------------------------------------------------------------------- */

static gboolean
check_output (Export  *ex,
              GError **error)
{
  const char *root = _newsmark_corpus_get_real_root (ex->corpus);
  GFileType type;

  if (ex->output_path == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "the output must be a local folder");
      return FALSE;
    }
  /* Inside the corpus, exported texts would become articles. */
  if (_newsmark_corpus_path_inside (root, ex->output_path))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                   "%s: inside the corpus folder; export to a folder outside it", ex->output_path);
      return FALSE;
    }
  type = g_file_query_file_type (ex->output, G_FILE_QUERY_INFO_NONE, NULL);
  if (type == G_FILE_TYPE_DIRECTORY)
    {
      g_autoptr(GFileEnumerator) e = g_file_enumerate_children (ex->output, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                G_FILE_QUERY_INFO_NONE, NULL, error);
      g_autoptr(GFileInfo) info = NULL;

      if (e == NULL)
        return FALSE;
      info = g_file_enumerator_next_file (e, NULL, NULL);
      if (info != NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT,
                       "%s: not empty; export to a new or empty folder (nothing there is replaced)",
                       ex->output_path);
          return FALSE;
        }
      return TRUE;
    }
  if (type != G_FILE_TYPE_UNKNOWN)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT, "%s: exists and is not a folder",
                   ex->output_path);
      return FALSE;
    }
  return make_folder (ex->output, error);
}

gboolean
newsmark_corpus_export (NewsmarkCorpus                    *corpus,
                        const NewsmarkCorpusExportOptions *options,
                        GFile                             *output,
                        NewsmarkCorpusExportResult        *result,
                        GPtrArray                         *problems,
                        GCancellable                      *cancellable,
                        NewsmarkCorpusProgressFunc         progress,
                        gpointer                           progress_data,
                        GError                           **error)
{
  g_autoptr(GPtrArray) own_problems = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  Export ex = { 0 };
  guint n_parts;
  gboolean ok = FALSE;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (corpus), FALSE);
  g_return_val_if_fail (options != NULL && options->layer != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (newsmark_corpus_get_manifest (corpus) == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED, "the corpus is not loaded");
      return FALSE;
    }
  if (!g_str_equal (options->layer, NEWSMARK_CORPUS_GOLD) &&
      !newsmark_corpus_manifest_has_annotator (newsmark_corpus_get_manifest (corpus), options->layer))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) newsmark_corpus_get_annotators (corpus));

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_NOT_FOUND,
                   "“%s” is not a layer of this corpus (annotators: %s; and " NEWSMARK_CORPUS_GOLD ")",
                   options->layer, list);
      return FALSE;
    }

  if (problems == NULL)
    problems = own_problems = newsmark_problems_new ();
  ex.corpus = corpus;
  ex.options = options;
  ex.output = output;
  ex.output_path = g_file_get_path (output);
  ex.problems = problems;
  ex.exported = g_ptr_array_new ();
  ex.skipped = json_object_new_array ();
  ex.cancellable = cancellable;
  ex.progress = progress;
  ex.progress_data = progress_data;

  if (!check_output (&ex, error))
    goto out;

  chosen = choose (&ex);
  ex.total = chosen->len;
  n_parts = options->split != NULL ? newsmark_split_get_n_parts (options->split) : 1;
  for (guint part = 0; part < n_parts; part++)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      gboolean written;

      for (guint i = 0; i < chosen->len; i++)
        {
          Entry *entry = g_ptr_array_index (chosen, i);

          if (entry->part == part)
            g_ptr_array_add (entries, entry);
        }
      switch (options->format)
        {
        case NEWSMARK_FORMAT_BRAT:
          written = write_brat (&ex, part, entries, error);
          break;
        case NEWSMARK_FORMAT_NEWSMARK:
        case NEWSMARK_FORMAT_WEBANNO_TSV:
          written = write_each (&ex, part, entries, error);
          break;
        case NEWSMARK_FORMAT_SPACY_JSONL:
        case NEWSMARK_FORMAT_DOCCANO_JSONL:
        case NEWSMARK_FORMAT_LABEL_STUDIO:
        case NEWSMARK_FORMAT_CONLL:
        default:
          written = write_multi (&ex, part, entries, error);
          break;
        }
      if (!written)
        goto out;
    }

  ok = write_manifest (&ex, error);

out:
  if (result != NULL)
    *result = ex.result;
  g_clear_pointer (&ex.exported, g_ptr_array_unref);
  json_object_put (ex.skipped);
  g_free (ex.output_path);
  return ok;
}
