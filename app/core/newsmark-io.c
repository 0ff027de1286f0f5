/* newsmark-io.c — reading and writing FILE.newsmark.json
 *
 * Loading parses with json-c's strict tokener, then walks the tree checking
 * the type of every key before reading it and every rule of the format,
 * collecting all problems with their JSON paths instead of stopping at the
 * first. Spans are handed to the set in bulk (no history, no per-span
 * sorting) and each span's JSON is freed as soon as it has been converted,
 * so the peak memory stays close to that of the bare json-c tree.
 *
 * Saving writes the JSON text straight into a GString in a fixed key order
 * (no json-c tree), then replaces the file atomically.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "newsmark/newsmark-io.h"
#include "newsmark/newsmark-document-path.h"
#include "newsmark-annotation-set-private.h"
#include "newsmark-interchange-private.h"
#include "newsmark-json-private.h"

/* ---- Loading ------------------------------------------------------------------- */

static const char * const top_keys[] = {
  "format", "version", "state", "document", "schema", "interchange", "spans", "relations", "unplaced",
  "log", "last_ids", NULL
};
static const char * const last_ids_keys[] = { "span", "relation", NULL };
static const char * const document_keys[] = {
  "path", "sha256", "length", "encoding", "text", NULL
};
static const char * const span_keys[] = {
  "id", "label", "start", "end", "fragments", "text", "attributes", "note",
  "status", "origin", "created", "modified", NULL
};
static const char * const unplaced_keys[] = {
  "id", "label", "start", "end", "fragments", "text", "attributes", "note",
  "status", "origin", "created", "modified", "reason", "candidates", "context", NULL
};
static const char * const human_origin_keys[] = { "kind", "annotator", NULL };
static const char * const model_origin_keys[] = { "kind", "name", "version", "score", NULL };
static const char * const relation_keys[] = { "id", "type", "from", "to", "origin", NULL };
static const char * const log_keys[] = { "time", "who", "action", "target", "detail", NULL };

/* Where a span id was first seen: index in "spans" or, with the top bit
 * set, in "unplaced". Stored +1 so that 0 means "absent". */
#define LOCATION_UNPLACED 0x80000000u

typedef struct {
  NewsmarkJsonReader     r;
  NewsmarkDocument      *document;   /* NULL when "document" was unusable */
  NewsmarkSchema        *schema;     /* NULL when "schema" was unusable */
  NewsmarkAnnotationSet *set;        /* NULL when either is missing */
  guint                  length;
  GHashTable            *span_ids;   /* id (owned by span) → location + 1 */
  GPtrArray             *spans;      /* NewsmarkSpan* by index, NULL for rejected ones */
  GPtrArray             *unplaced;   /* same for "unplaced" */
  GHashTable            *relation_ids;
  /* Ids of spans rejected for their own problems: relations to them are
   * not reported again as pointing nowhere. */
  GHashTable            *rejected_ids;
  /* NewsmarkLabel* → GPtrArray of its NewsmarkAttributeDef* (borrowed
   * from the schema), built once: the label's GListModel is neither cheap
   * to walk per span nor safe to read from several threads (GListStore
   * caches its last position on every read). */
  GHashTable            *attribute_defs;
  /* Where the file is (NULL: read from memory, a folder of its own) and
   * the folder its document.path must stay inside (NULL: that folder);
   * borrowed. */
  GFile                 *folder;
  GFile                 *root;
  /* A first screen only: a document.path this folder does not allow is
   * left out unreported (the full load reports it). */
  gboolean               preview;
} Loader;

/* Rejected spans are kept as NULL so that indexes stay file positions. */
static void
unref_span (gpointer span)
{
  if (span != NULL)
    g_object_unref (span);
}

static void
loader_clear (Loader *l)
{
  _newsmark_json_reader_clear (&l->r);
  g_clear_object (&l->document);
  g_clear_object (&l->schema);
  g_clear_object (&l->set);
  g_clear_pointer (&l->span_ids, g_hash_table_unref);
  g_clear_pointer (&l->spans, g_ptr_array_unref);
  g_clear_pointer (&l->unplaced, g_ptr_array_unref);
  g_clear_pointer (&l->relation_ids, g_hash_table_unref);
  g_clear_pointer (&l->rejected_ids, g_hash_table_unref);
  g_clear_pointer (&l->attribute_defs, g_hash_table_unref);
}

static void
loader_index_attributes (Loader *l)
{
  GListModel *labels = newsmark_schema_get_labels (l->schema);
  guint n_labels = g_list_model_get_n_items (labels);

  l->attribute_defs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
      GListModel *defs = newsmark_label_get_attributes (label);
      guint n_defs = g_list_model_get_n_items (defs);
      GPtrArray *array = g_ptr_array_sized_new (n_defs);

      for (guint j = 0; j < n_defs; j++)
        {
          g_autoptr(NewsmarkAttributeDef) def = g_list_model_get_item (defs, j);

          /* The label keeps its own reference. */
          g_ptr_array_add (array, def);
        }
      g_hash_table_insert (l->attribute_defs, label, array);
    }
}

static NewsmarkAttributeDef *
find_attribute (Loader        *l,
                NewsmarkLabel *label,
                const char    *name)
{
  GPtrArray *defs = g_hash_table_lookup (l->attribute_defs, label);

  for (guint i = 0; defs != NULL && i < defs->len; i++)
    {
      NewsmarkAttributeDef *def = g_ptr_array_index (defs, i);

      if (strcmp (newsmark_attribute_def_get_name (def), name) == 0)
        return def;
    }
  return NULL;
}

/* "2026-11-26T05:50:49Z", with optional fraction and numeric offset. A
 * hand-written check: GDateTime parsing would cost more than the rest of a
 * span's validation together, twice per span. */
static gboolean
is_iso8601 (const char *s)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:dd";
  int month, day, hour, minute, second;

  for (guint i = 0; i < sizeof pattern - 1; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (s[i]) : s[i] != pattern[i])
        return FALSE;
    }

  month = (s[5] - '0') * 10 + (s[6] - '0');
  day = (s[8] - '0') * 10 + (s[9] - '0');
  hour = (s[11] - '0') * 10 + (s[12] - '0');
  minute = (s[14] - '0') * 10 + (s[15] - '0');
  second = (s[17] - '0') * 10 + (s[18] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return FALSE;

  s += sizeof pattern - 1;
  if (*s == '.')
    {
      s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }

  if (*s == 'Z')
    return s[1] == '\0';
  if (*s == '+' || *s == '-')
    return g_ascii_isdigit (s[1]) && g_ascii_isdigit (s[2]) && s[3] == ':' &&
           g_ascii_isdigit (s[4]) && g_ascii_isdigit (s[5]) && s[6] == '\0';
  return FALSE;
}

/* A short, quoted excerpt for messages. */
static char *
excerpt (const char *text)
{
  glong n = g_utf8_strlen (text, -1);

  if (n <= 60)
    return g_strdup_printf ("\"%s\"", text);
  else
    {
      const char *cut = g_utf8_offset_to_pointer (text, 57);
      return g_strdup_printf ("\"%.*s…\"", (int) (cut - text), text);
    }
}

static const char *
location_to_string (guint location,
                    char  buf[32])
{
  if (location & LOCATION_UNPLACED)
    g_snprintf (buf, 32, "unplaced[%u]", location & ~LOCATION_UNPLACED);
  else
    g_snprintf (buf, 32, "spans[%u]", location);
  return buf;
}

static gboolean
check_time (Loader      *l,
            json_object *object,
            const char  *key,
            gboolean     required,
            const char **out)
{
  if (!_newsmark_json_get_string (&l->r, object, key, required, out))
    return FALSE;
  if (*out != NULL && !is_iso8601 (*out))
    {
      _newsmark_json_error (&l->r, key, "expected an ISO 8601 time such as \"2026-11-26T05:50:49Z\", got \"%s\"", *out);
      *out = NULL;
      return FALSE;
    }
  return TRUE;
}

/* Reads a [start, end] pair at the current path. */
static gboolean
read_pair (Loader           *l,
           json_object      *value,
           gboolean          check_range,
           NewsmarkFragment *out)
{
  json_object *a, *b;
  gboolean ok = TRUE;
  gsize mark;

  if (!_newsmark_json_expect (&l->r, value, NEWSMARK_JSON_ARRAY, NULL))
    return FALSE;
  if (json_object_array_length (value) != 2)
    {
      _newsmark_json_error (&l->r, NULL, "expected a pair [start, end], got an array of %zu",
                            json_object_array_length (value));
      return FALSE;
    }

  a = json_object_array_get_idx (value, 0);
  b = json_object_array_get_idx (value, 1);
  mark = _newsmark_json_path_push_index (&l->r, 0);
  ok &= _newsmark_json_expect (&l->r, a, NEWSMARK_JSON_UINT, NULL);
  _newsmark_json_path_pop (&l->r, mark);
  mark = _newsmark_json_path_push_index (&l->r, 1);
  ok &= _newsmark_json_expect (&l->r, b, NEWSMARK_JSON_UINT, NULL);
  _newsmark_json_path_pop (&l->r, mark);
  if (!ok)
    return FALSE;

  out->start = (guint) json_object_get_int64 (a);
  out->end = (guint) json_object_get_int64 (b);
  if (out->end <= out->start)
    {
      _newsmark_json_error (&l->r, NULL, "[%u, %u] is empty or reversed (end must be after start)",
                            out->start, out->end);
      return FALSE;
    }
  if (check_range && l->document != NULL && out->end > l->length)
    {
      _newsmark_json_error (&l->r, NULL, "[%u, %u] goes past the end of the text (length %u)",
                            out->start, out->end, l->length);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_origin (Loader         *l,
             json_object    *span,
             NewsmarkOrigin *origin,
             gboolean       *present)
{
  json_object *object;
  const char *kind = NULL;
  gsize mark;
  gboolean ok = TRUE;
  guint found_before;

  *present = FALSE;
  if (!_newsmark_json_member (&l->r, span, "origin", NEWSMARK_JSON_OBJECT, FALSE, &object))
    return FALSE;
  if (object == NULL)
    return TRUE;

  mark = _newsmark_json_path_push_key (&l->r, "origin");
  memset (origin, 0, sizeof *origin);
  found_before = l->r.n_found;

  if (!_newsmark_json_get_string (&l->r, object, "kind", TRUE, &kind))
    ok = FALSE;
  else if (strcmp (kind, "human") == 0)
    {
      origin->kind = NEWSMARK_ORIGIN_HUMAN;
      ok &= _newsmark_json_get_string (&l->r, object, "annotator", FALSE, (const char **) &origin->annotator);
      ok &= _newsmark_json_check_keys_read (&l->r, object, human_origin_keys, found_before);
    }
  else if (strcmp (kind, "model") == 0)
    {
      origin->kind = NEWSMARK_ORIGIN_MODEL;
      ok &= _newsmark_json_get_string (&l->r, object, "name", TRUE, (const char **) &origin->name);
      ok &= _newsmark_json_get_string (&l->r, object, "version", FALSE, (const char **) &origin->version);
      ok &= _newsmark_json_get_number (&l->r, object, "score", FALSE, &origin->score, &origin->has_score);
      ok &= _newsmark_json_check_keys_read (&l->r, object, model_origin_keys, found_before);
    }
  else
    {
      _newsmark_json_error (&l->r, "kind", "expected \"human\" or \"model\", got \"%s\"", kind);
      ok = FALSE;
    }

  _newsmark_json_path_pop (&l->r, mark);
  /* The origin's own keys must not count as keys of the span. */
  l->r.n_found = found_before;
  *present = ok;
  return ok;
}

/* Reads "attributes" into @span (when non-NULL), checking each against the
 * label's definitions in the schema. */
static gboolean
read_attributes (Loader        *l,
                 json_object   *object,
                 NewsmarkLabel *label,
                 const char    *label_name,
                 NewsmarkSpan  *span)
{
  json_object *attributes;
  struct json_object_iter it;
  gboolean ok = TRUE;
  gsize mark;

  if (!_newsmark_json_member (&l->r, object, "attributes", NEWSMARK_JSON_OBJECT, FALSE, &attributes))
    return FALSE;
  if (attributes == NULL)
    return TRUE;

  mark = _newsmark_json_path_push_key (&l->r, "attributes");
  json_object_object_foreachC (attributes, it)
    {
      NewsmarkAttributeDef *def = NULL;
      GVariant *value = NULL;

      if (label != NULL)
        {
          def = find_attribute (l, label, it.key);
          if (def == NULL)
            {
              GPtrArray *defs = g_hash_table_lookup (l->attribute_defs, label);
              guint n = defs != NULL ? defs->len : 0;
              g_autoptr(GString) known = g_string_new (NULL);

              for (guint i = 0; i < n; i++)
                {
                  if (i > 0)
                    g_string_append (known, ", ");
                  g_string_append (known, newsmark_attribute_def_get_name (g_ptr_array_index (defs, i)));
                }
              if (n == 0)
                _newsmark_json_error (&l->r, it.key, "unknown attribute \"%s\" (label %s has no attributes)",
                                      it.key, label_name);
              else
                _newsmark_json_error (&l->r, it.key, "unknown attribute \"%s\" for label %s (known: %s)",
                                      it.key, label_name, known->str);
              ok = FALSE;
              continue;
            }
        }

      if (def == NULL)
        {
          /* The label is unknown (already reported): check the value's
           * shape only. */
          json_type t = json_object_get_type (it.val);

          if (t != json_type_string && t != json_type_boolean && t != json_type_int && t != json_type_double)
            {
              _newsmark_json_error (&l->r, it.key, "expected a string, boolean or number, got %s",
                                    _newsmark_json_type_name (it.val));
              ok = FALSE;
            }
          continue;
        }

      switch (newsmark_attribute_def_get_kind (def))
        {
        case NEWSMARK_ATTRIBUTE_ENUM:
          if (!_newsmark_json_expect (&l->r, it.val, NEWSMARK_JSON_STRING, it.key))
            ok = FALSE;
          else
            {
              const char * const *values = newsmark_attribute_def_get_values (def);
              const char *s = json_object_get_string (it.val);

              if (values == NULL || !g_strv_contains (values, s))
                {
                  g_autofree char *list = values ? g_strjoinv (", ", (char **) values) : g_strdup ("");

                  _newsmark_json_error (&l->r, it.key, "\"%s\" is not a value of %s (expected one of: %s)",
                                        s, it.key, list);
                  ok = FALSE;
                }
              else
                value = g_variant_new_string (s);
            }
          break;

        case NEWSMARK_ATTRIBUTE_TEXT:
          if (!_newsmark_json_expect (&l->r, it.val, NEWSMARK_JSON_STRING, it.key))
            ok = FALSE;
          else
            value = g_variant_new_string (json_object_get_string (it.val));
          break;

        case NEWSMARK_ATTRIBUTE_BOOLEAN:
          if (!_newsmark_json_expect (&l->r, it.val, NEWSMARK_JSON_BOOLEAN, it.key))
            ok = FALSE;
          else
            value = g_variant_new_boolean (json_object_get_boolean (it.val));
          break;

        case NEWSMARK_ATTRIBUTE_NUMBER:
          if (!_newsmark_json_expect (&l->r, it.val, NEWSMARK_JSON_NUMBER, it.key))
            ok = FALSE;
          else
            {
              double d = json_object_get_double (it.val);
              double min, max;

              if (newsmark_attribute_def_get_integer (def) && d != (double) (gint64) d)
                {
                  _newsmark_json_error (&l->r, it.key, "expected a whole number, got %g", d);
                  ok = FALSE;
                }
              else if (newsmark_attribute_def_get_range (def, &min, &max) && (d < min || d > max))
                {
                  _newsmark_json_error (&l->r, it.key, "%g is outside the allowed range %g to %g", d, min, max);
                  ok = FALSE;
                }
              else
                value = g_variant_new_double (d);
            }
          break;

        default:
          g_assert_not_reached ();
        }

      if (value != NULL)
        {
          if (span != NULL)
            newsmark_span_set_attribute (span, it.key, value);
          else
            g_variant_unref (g_variant_ref_sink (value));
        }
    }
  _newsmark_json_path_pop (&l->r, mark);

  return ok;
}

/* Reads one span (placed, or unplaced when @unplaced) at the current path.
 * Returns a new span, or NULL after reporting why. */
static NewsmarkSpan *
read_span (Loader      *l,
           json_object *object,
           gboolean     unplaced)
{
  guint errors_before = l->r.n_errors;
  const char *id = NULL, *label_name = NULL, *note = NULL, *status_str = NULL;
  const char *created = NULL, *modified = NULL, *reason = NULL, *context = NULL;
  const char *text = NULL;
  NewsmarkLabel *label = NULL;
  NewsmarkStatus status = NEWSMARK_STATUS_ACCEPTED;
  guint start = 0, end = 0;
  gboolean have_start = FALSE, have_end = FALSE, range_ok = FALSE;
  json_object *fragments_obj = NULL, *text_obj = NULL, *candidates_obj = NULL;
  g_autoptr(GArray) fragments = NULL;
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GPtrArray) fragment_texts = NULL;
  NewsmarkOrigin origin;
  gboolean have_origin = FALSE;
  NewsmarkSpan *span;

  if (!_newsmark_json_expect (&l->r, object, NEWSMARK_JSON_OBJECT, NULL))
    return NULL;

  /* One pass over the span's members (also reports unknown keys). */
  _newsmark_json_collect (&l->r, object, unplaced ? unplaced_keys : span_keys);

  if (_newsmark_json_get_string (&l->r, object, "id", TRUE, &id) && id[0] == '\0')
    {
      _newsmark_json_error (&l->r, "id", "expected a non-empty string");
      id = NULL;
    }

  if (_newsmark_json_get_string (&l->r, object, "label", TRUE, &label_name) && l->schema != NULL)
    {
      label = newsmark_schema_find_label (l->schema, label_name);
      if (label == NULL)
        _newsmark_json_error (&l->r, "label", "unknown label \"%s\" (not in the schema)", label_name);
    }

  _newsmark_json_get_uint (&l->r, object, "start", TRUE, &start, &have_start);
  _newsmark_json_get_uint (&l->r, object, "end", TRUE, &end, &have_end);
  if (have_start && have_end)
    {
      if (end < start)
        _newsmark_json_error (&l->r, "end", "%u is before start %u", end, start);
      else if (end == start)
        _newsmark_json_error (&l->r, "end", "the span is empty (end equals start %u)", start);
      else if (!unplaced && l->document != NULL && start > l->length)
        _newsmark_json_error (&l->r, "start", "%u is past the end of the text (length %u)", start, l->length);
      else if (!unplaced && l->document != NULL && end > l->length)
        _newsmark_json_error (&l->r, "end", "%u is past the end of the text (length %u)", end, l->length);
      else
        range_ok = TRUE;
    }

  /* Fragments: a discontinuous span, e.g. a quote interrupted by "she
   * said". Sorted, non-overlapping, at least two, spanning start..end. */
  if (_newsmark_json_member (&l->r, object, "fragments", NEWSMARK_JSON_ARRAY, FALSE, &fragments_obj) &&
      fragments_obj != NULL)
    {
      size_t n = json_object_array_length (fragments_obj);
      gsize mark = _newsmark_json_path_push_key (&l->r, "fragments");
      gboolean frag_ok = TRUE;

      fragments = g_array_sized_new (FALSE, FALSE, sizeof (NewsmarkFragment), n);
      if (n < 2)
        {
          _newsmark_json_error (&l->r, NULL, "a discontinuous span needs at least 2 fragments, got %zu "
                                "(leave \"fragments\" out for a contiguous span)", n);
          frag_ok = FALSE;
        }
      for (size_t i = 0; i < n; i++)
        {
          NewsmarkFragment f;
          gsize mark2 = _newsmark_json_path_push_index (&l->r, (guint) i);

          if (read_pair (l, json_object_array_get_idx (fragments_obj, i), !unplaced, &f))
            {
              if (fragments->len > 0 &&
                  f.start < g_array_index (fragments, NewsmarkFragment, fragments->len - 1).end)
                {
                  _newsmark_json_error (&l->r, NULL, "[%u, %u] overlaps or comes before the previous fragment "
                                        "(fragments must be sorted and must not overlap)", f.start, f.end);
                  frag_ok = FALSE;
                }
              g_array_append_val (fragments, f);
            }
          else
            frag_ok = FALSE;
          _newsmark_json_path_pop (&l->r, mark2);
        }

      if (frag_ok && range_ok)
        {
          const NewsmarkFragment *first = &g_array_index (fragments, NewsmarkFragment, 0);
          const NewsmarkFragment *last = &g_array_index (fragments, NewsmarkFragment, fragments->len - 1);

          if (first->start != start || last->end != end)
            _newsmark_json_error (&l->r, NULL, "the fragments cover [%u, %u] but the span is [%u, %u] "
                                  "(the first fragment must begin at start and the last end at end)",
                                  first->start, last->end, start, end);
        }
      _newsmark_json_path_pop (&l->r, mark);
      if (!frag_ok)
        g_clear_pointer (&fragments, g_array_unref);
    }

  /* Text: a string, or for a discontinuous span one string per fragment. */
  if (!_newsmark_json_lookup (&l->r, object, "text", &text_obj))
    _newsmark_json_error (&l->r, "text", "missing required key (expected %s)",
                          fragments_obj != NULL ? "an array of strings, one per fragment" : "a string");
  else if (fragments_obj != NULL)
    {
      if (_newsmark_json_expect (&l->r, text_obj, NEWSMARK_JSON_ARRAY, "text"))
        {
          size_t n = json_object_array_length (text_obj);
          gsize mark = _newsmark_json_path_push_key (&l->r, "text");

          fragment_texts = g_ptr_array_sized_new (n + 1);
          for (size_t i = 0; i < n; i++)
            {
              json_object *t = json_object_array_get_idx (text_obj, i);
              gsize mark2 = _newsmark_json_path_push_index (&l->r, (guint) i);

              if (_newsmark_json_expect (&l->r, t, NEWSMARK_JSON_STRING, NULL))
                {
                  const char *s = json_object_get_string (t);

                  g_ptr_array_add (fragment_texts, (gpointer) s);
                  if (!unplaced && fragments != NULL && i < fragments->len && l->document != NULL &&
                      !newsmark_document_slice_equals (l->document,
                                                       g_array_index (fragments, NewsmarkFragment, i).start,
                                                       g_array_index (fragments, NewsmarkFragment, i).end, s))
                    {
                      const NewsmarkFragment *f = &g_array_index (fragments, NewsmarkFragment, i);
                      g_autofree char *actual = newsmark_document_dup_slice (l->document, f->start, f->end);
                      g_autofree char *e1 = excerpt (s);
                      g_autofree char *e2 = excerpt (actual);

                      _newsmark_json_error (&l->r, NULL, "%s does not match the article text at [%u, %u), which is %s",
                                            e1, f->start, f->end, e2);
                    }
                }
              _newsmark_json_path_pop (&l->r, mark2);
            }
          _newsmark_json_path_pop (&l->r, mark);

          if (fragments != NULL && n != fragments->len)
            _newsmark_json_error (&l->r, "text", "expected %u texts, one per fragment, got %zu",
                                  fragments->len, n);
          g_ptr_array_add (fragment_texts, NULL);
        }
    }
  else if (_newsmark_json_expect (&l->r, text_obj, NEWSMARK_JSON_STRING, "text"))
    {
      text = json_object_get_string (text_obj);
      if (!unplaced && range_ok && l->document != NULL &&
          !newsmark_document_slice_equals (l->document, start, end, text))
        {
          g_autofree char *actual = newsmark_document_dup_slice (l->document, start, end);
          g_autofree char *e1 = excerpt (text);
          g_autofree char *e2 = excerpt (actual);

          _newsmark_json_error (&l->r, "text", "%s does not match the article text at [%u, %u), which is %s",
                                e1, start, end, e2);
        }
    }

  _newsmark_json_get_string (&l->r, object, "note", FALSE, &note);

  if (_newsmark_json_get_string (&l->r, object, "status", TRUE, &status_str) &&
      !newsmark_status_from_string (status_str, &status))
    _newsmark_json_error (&l->r, "status", "expected \"accepted\", \"suggested\" or \"rejected\", got \"%s\"",
                          status_str);

  read_origin (l, object, &origin, &have_origin);
  check_time (l, object, "created", FALSE, &created);
  check_time (l, object, "modified", FALSE, &modified);

  if (unplaced)
    {
      if (_newsmark_json_get_string (&l->r, object, "reason", TRUE, &reason) &&
          strcmp (reason, "ambiguous") != 0 && strcmp (reason, "not-found") != 0 &&
          strcmp (reason, "article-changed") != 0)
        _newsmark_json_error (&l->r, "reason", "expected \"ambiguous\", \"not-found\" or \"article-changed\", got \"%s\"",
                              reason);

      if (_newsmark_json_member (&l->r, object, "candidates", NEWSMARK_JSON_ARRAY, FALSE, &candidates_obj) &&
          candidates_obj != NULL)
        {
          size_t n = json_object_array_length (candidates_obj);
          gsize mark = _newsmark_json_path_push_key (&l->r, "candidates");

          candidates = g_array_sized_new (FALSE, FALSE, sizeof (NewsmarkFragment), n);
          for (size_t i = 0; i < n; i++)
            {
              NewsmarkFragment f;
              gsize mark2 = _newsmark_json_path_push_index (&l->r, (guint) i);

              if (read_pair (l, json_object_array_get_idx (candidates_obj, i), TRUE, &f))
                g_array_append_val (candidates, f);
              _newsmark_json_path_pop (&l->r, mark2);
            }
          _newsmark_json_path_pop (&l->r, mark);
        }

      _newsmark_json_get_string (&l->r, object, "context", FALSE, &context);
    }

  /* Attributes last: they need the label, and build into the span. */
  if (l->r.n_errors != errors_before)
    {
      read_attributes (l, object, label, label_name, NULL);
      _newsmark_json_uncollect (&l->r);
      return NULL;
    }

  span = newsmark_span_new (id, label_name, start, end);
  if (!read_attributes (l, object, label, label_name, span))
    {
      _newsmark_json_uncollect (&l->r);
      g_object_unref (span);
      return NULL;
    }
  _newsmark_json_uncollect (&l->r);

  if (fragments != NULL)
    {
      newsmark_span_set_fragments (span, (const NewsmarkFragment *) (gpointer) fragments->data, fragments->len);
      newsmark_span_set_fragment_texts (span, (const char * const *) fragment_texts->pdata);
    }
  else
    newsmark_span_set_text (span, text);
  if (note != NULL)
    newsmark_span_set_note (span, note);
  newsmark_span_set_status (span, status);
  if (have_origin)
    newsmark_span_set_origin (span, &origin);
  if (created != NULL)
    newsmark_span_set_created (span, created);
  if (modified != NULL)
    newsmark_span_set_modified (span, modified);
  if (unplaced)
    {
      newsmark_span_set_unplaced_reason (span, reason);
      if (candidates != NULL && candidates->len > 0)
        newsmark_span_set_candidates (span, (const NewsmarkFragment *) (gpointer) candidates->data,
                                      candidates->len);
      if (context != NULL)
        newsmark_span_set_context (span, context);
    }

  return span;
}

/* Appends @span (taken; NULL for a rejected element) as element @index of
 * "spans" or "unplaced", the current path being that element's: a span
 * whose id was seen before is reported and dropped. */
static void
add_span (Loader       *l,
          NewsmarkSpan *span,
          guint         index,
          gboolean      unplaced)
{
  if (span != NULL)
    {
      const char *id = newsmark_span_get_id (span);
      gpointer found;

      if (g_hash_table_lookup_extended (l->span_ids, id, NULL, &found))
        {
          char buf[32];

          _newsmark_json_error (&l->r, "id", "duplicate id \"%s\" (also %s)", id,
                                location_to_string (GPOINTER_TO_UINT (found) - 1, buf));
          g_clear_object (&span);
        }
      else
        {
          guint location = index | (unplaced ? LOCATION_UNPLACED : 0);

          g_hash_table_insert (l->span_ids, (gpointer) id, GUINT_TO_POINTER (location + 1));
        }
    }

  g_ptr_array_add (unplaced ? l->unplaced : l->spans, span);
}

/* Reads "spans" or "unplaced", freeing each element's JSON once converted. */
static void
read_span_list (Loader      *l,
                json_object *root,
                const char  *key,
                gboolean     unplaced)
{
  json_object *array;
  size_t n;
  gsize mark;

  if (!_newsmark_json_member (&l->r, root, key, NEWSMARK_JSON_ARRAY, !unplaced, &array) || array == NULL)
    return;

  n = json_object_array_length (array);
  mark = _newsmark_json_path_push_key (&l->r, key);
  for (size_t i = 0; i < n; i++)
    {
      gsize mark2 = _newsmark_json_path_push_index (&l->r, (guint) i);
      json_object *element = json_object_array_get_idx (array, i);
      NewsmarkSpan *span = read_span (l, element, unplaced);
      json_object *id_obj;

      if (span == NULL && json_object_is_type (element, json_type_object) &&
          json_object_object_get_ex (element, "id", &id_obj) && json_object_is_type (id_obj, json_type_string))
        g_hash_table_add (l->rejected_ids, g_strdup (json_object_get_string (id_obj)));

      /* The element is not needed any more; dropping it now keeps the peak
       * memory near the size of one tree instead of tree + model. */
      json_object_array_put_idx (array, i, NULL);

      add_span (l, span, (guint) i, unplaced);
      _newsmark_json_path_pop (&l->r, mark2);
    }
  _newsmark_json_path_pop (&l->r, mark);
}

/* ---- Reading "spans" apart from the tree ----
 *
 * In a large file nearly all the bytes are spans, one object per line.
 * Rather than one json-c tree of the whole file that is then walked and
 * freed, the elements of "spans" are parsed a batch at a time, converted,
 * and their small trees freed while still in cache, on several threads.
 * This is only a faster way to the same result: as soon as anything in a
 * span is not perfectly in order (a syntax error, a wrong type, a
 * mismatching text...), nothing is reported and the whole file is read
 * again the ordinary way, so that every problem comes out exactly as that
 * way reports it, in the same order and with the same line:column.
 *
 * The helper threads start as soon as the split is known: while this
 * thread parses the rest of the file (the article, the schema, relations),
 * they check the bytes of the spans and parse batches ahead; then all
 * threads take batches from a shared counter until none is left. */

/* Elements per tokener call: small enough for the batch's tree to stay in
 * cache (and for malloc to reuse the same few chunks: 64 costs a tenth less
 * than 256 in all), large enough that the tokener's per-call set-up does
 * not count. */
#define SPAN_BATCH 64
/* Below this many spans per thread, a thread costs more than it saves. */
#define MIN_SPANS_PER_THREAD 4096
#define MAX_SPAN_THREADS 4

typedef enum {
  SPLIT_WAIT,     /* helpers wait for the document and schema */
  SPLIT_CONVERT,
  SPLIT_ABANDON,  /* the file is read the ordinary way: stop */
} SplitState;

typedef struct _SpanSplit SpanSplit;

typedef struct {
  guint        first;   /* its first element */
  json_object *tree;
} ParsedBatch;

typedef struct {
  SpanSplit *split;
  /* Each batch is parsed as an array of its own: one level less than
   * inside the file. */
  struct json_tokener *tok;
  GArray    *ahead;         /* ParsedBatch, parsed before converting could start */
  /* Own reader, problem list and tokener; document, schema, length and
   * attribute table borrowed from the main loader once converting starts
   * (read-only meanwhile). */
  Loader     l;
  guint      check_first;   /* elements whose bytes this run checks */
  guint      check_last;
  GThread   *thread;        /* NULL for the run on the loading thread */
} SpanRun;

struct _SpanSplit {
  const char    *data;
  GArray        *separators;   /* see _newsmark_json_split_array_member */
  guint          n;            /* elements */
  NewsmarkSpan **spans;        /* indexed by element; each batch filled by one run */
  gint           next_batch;   /* atomic */
  gint           failed;       /* atomic */
  GMutex         lock;
  GCond          cond;
  gint           state;        /* SplitState; set under lock, read atomically */
  guint          n_runs;
  SpanRun        runs[MAX_SPAN_THREADS];
};

/* Claims the next batch and parses it: returns its first element in *first
 * and its tree, or NULL when none is left or the batch is not in order (then
 * marking the split failed). */
static json_object *
parse_next_batch (SpanRun *run,
                  guint   *first)
{
  SpanSplit *split = run->split;
  const gsize *sep = (const gsize *) (gpointer) split->separators->data;
  guint b, e;
  const char *pieces[3];
  gsize lengths[3];
  json_object *batch;

  if (g_atomic_int_get (&split->failed))
    return NULL;
  b = (guint) g_atomic_int_add (&split->next_batch, 1) * SPAN_BATCH;
  if (b >= split->n)
    return NULL;
  e = MIN (b + SPAN_BATCH, split->n);

  pieces[0] = "[";
  lengths[0] = 1;
  pieces[1] = split->data + sep[b] + 1;
  lengths[1] = sep[e] - sep[b] - 1;
  pieces[2] = "]";
  lengths[2] = 1;
  batch = _newsmark_json_parse_pieces (run->tok, pieces, lengths, 3);
  if (batch == NULL || !json_object_is_type (batch, json_type_array) ||
      json_object_array_length (batch) != e - b)
    {
      json_object_put (batch);
      g_atomic_int_set (&split->failed, TRUE);
      return NULL;
    }

  *first = b;
  return batch;
}

/* Converts the elements of @batch (taken), which begins with element @b. */
static void
convert_batch (SpanRun     *run,
               json_object *batch,
               guint        b)
{
  SpanSplit *split = run->split;
  guint e = b + (guint) json_object_array_length (batch);
  gsize mark = _newsmark_json_path_push_key (&run->l.r, "spans");

  for (guint i = b; i < e; i++)
    {
      gsize mark2 = _newsmark_json_path_push_index (&run->l.r, i);

      split->spans[i] = read_span (&run->l, json_object_array_get_idx (batch, i - b), FALSE);
      _newsmark_json_path_pop (&run->l.r, mark2);
      json_object_array_put_idx (batch, i - b, NULL);
      /* Warnings too: whatever is reported, the ordinary way reports. */
      if (split->spans[i] == NULL || run->l.r.problems->len > 0)
        {
          g_atomic_int_set (&split->failed, TRUE);
          break;
        }
    }
  _newsmark_json_path_pop (&run->l.r, mark);
  json_object_put (batch);
}

static void
convert_span_batches (SpanRun *run)
{
  SpanSplit *split = run->split;
  json_object *batch;
  guint b;

  /* First what was parsed ahead (see span_helper_thread). */
  for (guint k = 0; k < run->ahead->len; k++)
    {
      ParsedBatch *p = &g_array_index (run->ahead, ParsedBatch, k);

      if (!g_atomic_int_get (&split->failed))
        convert_batch (run, g_steal_pointer (&p->tree), p->first);
    }

  while ((batch = parse_next_batch (run, &b)) != NULL)
    convert_batch (run, batch, b);
}

/* What _newsmark_json_parse checks beyond the tokener, for the bytes of
 * the run's share of elements. */
static void
check_span_bytes (SpanRun *run)
{
  SpanSplit *split = run->split;
  const gsize *sep = (const gsize *) (gpointer) split->separators->data;
  gsize from, to;

  if (run->check_first == run->check_last)
    return;
  from = sep[run->check_first] + 1;
  to = sep[run->check_last];
  if (!_newsmark_json_is_plain_json (split->data + from, to - from))
    g_atomic_int_set (&split->failed, TRUE);
}

static gpointer
span_helper_thread (gpointer data)
{
  SpanRun *run = data;
  SpanSplit *split = run->split;
  SplitState state;

  check_span_bytes (run);

  /* The loading thread is still busy with the rest of the file: parse
   * batches ahead (converting them needs the document and schema). At most
   * a quarter of them: only this thread can convert what it parsed ahead,
   * so when the loading thread is held up (a busy machine), this one must
   * not end up with all the work. */
  while (g_atomic_int_get (&split->state) == SPLIT_WAIT &&
         run->ahead->len < split->n / SPAN_BATCH / 4)
    {
      ParsedBatch p;

      p.tree = parse_next_batch (run, &p.first);
      if (p.tree == NULL)
        break;
      g_array_append_val (run->ahead, p);
    }

  g_mutex_lock (&split->lock);
  while (split->state == SPLIT_WAIT)
    g_cond_wait (&split->cond, &split->lock);
  state = split->state;
  g_mutex_unlock (&split->lock);

  if (state == SPLIT_CONVERT)
    convert_span_batches (run);
  return NULL;
}

static gboolean
is_blank (const char *p,
          const char *end)
{
  for (; p < end; p++)
    {
      if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        return FALSE;
    }
  return TRUE;
}

/* Starts reading "spans" apart, given the split of @data (@separators,
 * taken). Helper threads check the spans' bytes at once, then wait for
 * span_split_convert. */
static SpanSplit *
span_split_start (const char *data,
                  GArray     *separators,
                  const char *filename)
{
  SpanSplit *split = g_new0 (SpanSplit, 1);
  const gsize *sep = (const gsize *) (gpointer) separators->data;
  guint n = separators->len - 1;
  guint n_helpers;

  if (n == 1 && is_blank (data + sep[0] + 1, data + sep[1]))
    n = 0;   /* "[ ]" */

  split->data = data;
  split->separators = separators;
  split->n = n;
  split->spans = g_new0 (NewsmarkSpan *, MAX (n, 1));
  split->state = SPLIT_WAIT;
  g_mutex_init (&split->lock);
  g_cond_init (&split->cond);
  split->n_runs = CLAMP (n / MIN_SPANS_PER_THREAD, 1, MIN (g_get_num_processors (), MAX_SPAN_THREADS));

  for (guint t = 0; t < split->n_runs; t++)
    {
      split->runs[t].split = split;
      split->runs[t].tok = _newsmark_json_tokener_new (1);
      split->runs[t].ahead = g_array_new (FALSE, FALSE, sizeof (ParsedBatch));
      _newsmark_json_reader_init (&split->runs[t].l.r, filename, newsmark_problems_new ());
    }

  /* The byte checks go to the helpers, this thread being busy with the
   * rest of the file; without helpers, this thread does them. */
  n_helpers = split->n_runs - 1;
  if (n_helpers == 0)
    split->runs[0].check_last = n;
  for (guint t = 1; t < split->n_runs; t++)
    {
      SpanRun *run = &split->runs[t];

      run->check_first = (guint) ((guint64) n * (t - 1) / n_helpers);
      run->check_last = (guint) ((guint64) n * t / n_helpers);
      run->thread = g_thread_try_new ("newsmark-load", span_helper_thread, run, NULL);
      /* A thread that cannot be started leaves its checks to this one. */
      if (run->thread == NULL)
        check_span_bytes (run);
    }

  return split;
}

static void
span_split_set_state (SpanSplit  *split,
                      SplitState  state)
{
  g_mutex_lock (&split->lock);
  g_atomic_int_set (&split->state, state);
  g_cond_broadcast (&split->cond);
  g_mutex_unlock (&split->lock);
}

/* Stops the helpers (if still waiting), waits for them and frees @split
 * with any span it still holds. */
static void
span_split_free (SpanSplit *split)
{
  span_split_set_state (split, SPLIT_ABANDON);
  for (guint t = 0; t < split->n_runs; t++)
    {
      SpanRun *run = &split->runs[t];

      if (run->thread != NULL)
        g_thread_join (g_steal_pointer (&run->thread));
      for (guint k = 0; k < run->ahead->len; k++)
        json_object_put (g_array_index (run->ahead, ParsedBatch, k).tree);
      g_array_unref (run->ahead);
      json_tokener_free (run->tok);
      g_ptr_array_unref (run->l.r.problems);
      _newsmark_json_reader_clear (&run->l.r);
    }
  for (guint i = 0; i < split->n; i++)
    g_clear_object (&split->spans[i]);
  g_free (split->spans);
  g_array_unref (split->separators);
  g_mutex_clear (&split->lock);
  g_cond_clear (&split->cond);
  g_free (split);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpanSplit, span_split_free)

/* Converts the elements of "spans" into l->spans, as read_span_list would.
 * Returns FALSE, having added nothing, when the file has to be read the
 * ordinary way. */
static gboolean
span_split_convert (SpanSplit *split,
                    Loader    *l)
{
  gsize mark;

  check_span_bytes (&split->runs[0]);
  if (g_atomic_int_get (&split->failed))
    return FALSE;

  for (guint t = 0; t < split->n_runs; t++)
    {
      split->runs[t].l.document = l->document;
      split->runs[t].l.schema = l->schema;
      split->runs[t].l.length = l->length;
      split->runs[t].l.attribute_defs = l->attribute_defs;
    }
  span_split_set_state (split, SPLIT_CONVERT);

  /* Helpers that could not be started leave their share to the others. */
  convert_span_batches (&split->runs[0]);
  for (guint t = 1; t < split->n_runs; t++)
    {
      if (split->runs[t].thread != NULL)
        g_thread_join (g_steal_pointer (&split->runs[t].thread));
    }

  if (g_atomic_int_get (&split->failed))
    return FALSE;

  /* Ids in file order, on this thread: duplicates are reported as
   * read_span_list reports them. */
  mark = _newsmark_json_path_push_key (&l->r, "spans");
  for (guint i = 0; i < split->n; i++)
    {
      gsize mark2 = _newsmark_json_path_push_index (&l->r, i);

      add_span (l, g_steal_pointer (&split->spans[i]), i, FALSE);
      _newsmark_json_path_pop (&l->r, mark2);
    }
  _newsmark_json_path_pop (&l->r, mark);

  return TRUE;
}

static NewsmarkSpan *
lookup_span (Loader     *l,
             const char *id)
{
  gpointer found;
  guint location;

  if (!g_hash_table_lookup_extended (l->span_ids, id, NULL, &found))
    return NULL;
  location = GPOINTER_TO_UINT (found) - 1;
  if (location & LOCATION_UNPLACED)
    return g_ptr_array_index (l->unplaced, location & ~LOCATION_UNPLACED);
  return g_ptr_array_index (l->spans, location);
}

static char *
labels_to_string (const char * const *labels)
{
  return g_strjoinv ("|", (char **) labels);
}

static void
read_relations (Loader      *l,
                json_object *root)
{
  json_object *array;
  size_t n;
  gsize mark;

  if (!_newsmark_json_member (&l->r, root, "relations", NEWSMARK_JSON_ARRAY, FALSE, &array) || array == NULL)
    return;

  n = json_object_array_length (array);
  mark = _newsmark_json_path_push_key (&l->r, "relations");
  for (size_t i = 0; i < n; i++)
    {
      json_object *object = json_object_array_get_idx (array, i);
      gsize mark2 = _newsmark_json_path_push_index (&l->r, (guint) i);
      guint errors_before = l->r.n_errors;
      const char *id = NULL, *type_name = NULL, *from = NULL, *to = NULL;
      NewsmarkRelationType *type = NULL;
      NewsmarkSpan *from_span = NULL, *to_span = NULL;
      NewsmarkOrigin origin;
      gboolean have_origin = FALSE;
      gpointer found;

      guint found_before = l->r.n_found;

      if (!_newsmark_json_expect (&l->r, object, NEWSMARK_JSON_OBJECT, NULL))
        goto next;

      if (_newsmark_json_get_string (&l->r, object, "id", TRUE, &id))
        {
          if (id[0] == '\0')
            _newsmark_json_error (&l->r, "id", "expected a non-empty string");
          else if (g_hash_table_lookup_extended (l->relation_ids, id, NULL, &found))
            _newsmark_json_error (&l->r, "id", "duplicate id \"%s\" (also relations[%u])", id,
                                  GPOINTER_TO_UINT (found));
        }

      if (_newsmark_json_get_string (&l->r, object, "type", TRUE, &type_name) && l->schema != NULL)
        {
          type = newsmark_schema_find_relation_type (l->schema, type_name);
          if (type == NULL)
            _newsmark_json_error (&l->r, "type", "unknown relation type \"%s\" (not in the schema)", type_name);
        }

      if (_newsmark_json_get_string (&l->r, object, "from", TRUE, &from))
        {
          from_span = lookup_span (l, from);
          if (from_span == NULL && !g_hash_table_contains (l->rejected_ids, from))
            _newsmark_json_error (&l->r, "from", "no span with id \"%s\"", from);
        }
      if (_newsmark_json_get_string (&l->r, object, "to", TRUE, &to))
        {
          to_span = lookup_span (l, to);
          if (to_span == NULL && !g_hash_table_contains (l->rejected_ids, to))
            _newsmark_json_error (&l->r, "to", "no span with id \"%s\"", to);
        }

      if (type != NULL && from_span != NULL && to_span != NULL)
        {
          const char *from_label = newsmark_span_get_label (from_span);
          const char *to_label = newsmark_span_get_label (to_span);
          const char * const *from_allowed = newsmark_relation_type_get_from_labels (type);
          const char * const *to_allowed = newsmark_relation_type_get_to_labels (type);

          if (!g_strv_contains (from_allowed, from_label))
            {
              g_autofree char *allowed = labels_to_string (from_allowed);
              _newsmark_json_error (&l->r, "from", "a %s relation must start at a %s span, but \"%s\" is %s",
                                    type_name, allowed, from, from_label);
            }
          if (!g_strv_contains (to_allowed, to_label))
            {
              g_autofree char *allowed = labels_to_string (to_allowed);
              _newsmark_json_error (&l->r, "to", "a %s relation must end at a %s span, but \"%s\" is %s",
                                    type_name, allowed, to, to_label);
            }
        }

      read_origin (l, object, &origin, &have_origin);
      _newsmark_json_check_keys_read (&l->r, object, relation_keys, found_before);

      if (l->r.n_errors == errors_before)
        {
          g_hash_table_insert (l->relation_ids, g_strdup (id), GUINT_TO_POINTER (i));
          if (l->set != NULL)
            {
              NewsmarkRelation *relation = newsmark_relation_new (id, type_name, from, to);

              if (have_origin)
                newsmark_relation_set_origin (relation, &origin);
              _newsmark_annotation_set_load_relation (l->set, relation);
              g_object_unref (relation);
            }
        }

    next:
      json_object_array_put_idx (array, i, NULL);
      _newsmark_json_path_pop (&l->r, mark2);
    }
  _newsmark_json_path_pop (&l->r, mark);
}

static void
read_log (Loader      *l,
          json_object *root)
{
  json_object *array;
  size_t n;
  gsize mark;
  g_autoptr(GString) detail_json = g_string_new (NULL);

  if (!_newsmark_json_member (&l->r, root, "log", NEWSMARK_JSON_ARRAY, FALSE, &array) || array == NULL)
    return;

  n = json_object_array_length (array);
  mark = _newsmark_json_path_push_key (&l->r, "log");
  for (size_t i = 0; i < n; i++)
    {
      json_object *object = json_object_array_get_idx (array, i);
      gsize mark2 = _newsmark_json_path_push_index (&l->r, (guint) i);
      guint errors_before = l->r.n_errors;
      const char *time = NULL, *who = NULL, *action = NULL, *target = NULL;
      json_object *detail = NULL;

      if (_newsmark_json_expect (&l->r, object, NEWSMARK_JSON_OBJECT, NULL))
        {
          _newsmark_json_check_keys (&l->r, object, log_keys);
          check_time (l, object, "time", TRUE, &time);
          _newsmark_json_get_string (&l->r, object, "who", FALSE, &who);
          if (_newsmark_json_get_string (&l->r, object, "action", TRUE, &action) && action[0] == '\0')
            _newsmark_json_error (&l->r, "action", "expected a non-empty string");
          _newsmark_json_get_string (&l->r, object, "target", FALSE, &target);
          _newsmark_json_member (&l->r, object, "detail", NEWSMARK_JSON_OBJECT, FALSE, &detail);

          if (l->r.n_errors == errors_before && l->set != NULL)
            {
              if (detail != NULL)
                {
                  g_string_truncate (detail_json, 0);
                  _newsmark_json_write_value (detail_json, detail);
                }
              newsmark_annotation_set_append_log_entry (l->set,
                                                        newsmark_log_entry_new (time, who, action, target,
                                                                                detail != NULL ? detail_json->str : NULL));
            }
        }
      json_object_array_put_idx (array, i, NULL);
      _newsmark_json_path_pop (&l->r, mark2);
    }
  _newsmark_json_path_pop (&l->r, mark);
}

/* "last_ids": the highest span and relation ids ever given in this file,
 * when no span, relation or log entry of it mentions them any more. */
static void
read_last_ids (Loader      *l,
               json_object *root,
               guint64     *span,
               guint64     *relation)
{
  static const struct {
    const char *key;
    char        prefix;
    const char *example;
  } members[] = {
    { "span", 's', "s12" },
    { "relation", 'r', "r3" },
  };
  guint64 *out[] = { span, relation };
  json_object *object;
  gsize mark;

  *span = 0;
  *relation = 0;
  if (!_newsmark_json_member (&l->r, root, "last_ids", NEWSMARK_JSON_OBJECT, FALSE, &object) || object == NULL)
    return;

  mark = _newsmark_json_path_push_key (&l->r, "last_ids");
  _newsmark_json_check_keys (&l->r, object, last_ids_keys);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *id = NULL;

      if (!_newsmark_json_get_string (&l->r, object, members[i].key, FALSE, &id) || id == NULL)
        continue;
      *out[i] = _newsmark_id_number (id, members[i].prefix);
      if (*out[i] == 0)
        _newsmark_json_error (&l->r, members[i].key, "expected a %s id such as \"%s\", got \"%s\"",
                              members[i].key, members[i].example, id);
    }
  _newsmark_json_path_pop (&l->r, mark);
}

static void
read_document (Loader       *l,
               json_object  *root,
               const char  **path_out)
{
  json_object *object, *text_obj = NULL;
  const char *path = NULL, *sha256 = NULL, *encoding = NULL;
  guint length = 0;
  gboolean have_length = FALSE;
  g_autoptr(GError) error = NULL;
  gsize mark;

  *path_out = NULL;
  if (!_newsmark_json_member (&l->r, root, "document", NEWSMARK_JSON_OBJECT, TRUE, &object))
    return;

  mark = _newsmark_json_path_push_key (&l->r, "document");
  _newsmark_json_check_keys (&l->r, object, document_keys);
  if (_newsmark_json_get_string (&l->r, object, "path", FALSE, &path) && path != NULL && path[0] == '\0')
    {
      _newsmark_json_error (&l->r, "path", "expected a non-empty string");
      path = NULL;
    }
  if (path != NULL)
    {
      g_autoptr(GError) path_error = NULL;

      /* A shared file must not lead the loader (and, through the embedded
       * text of the next save, its author) to any other file. */
      if (!newsmark_document_path_check (path, l->folder, l->root, &path_error))
        {
          if (!l->preview)
            _newsmark_json_error (&l->r, "path", "%s", path_error->message);
          path = NULL;
        }
    }
  _newsmark_json_get_string (&l->r, object, "sha256", TRUE, &sha256);
  _newsmark_json_get_uint (&l->r, object, "length", TRUE, &length, &have_length);
  _newsmark_json_get_string (&l->r, object, "encoding", FALSE, &encoding);

  if (_newsmark_json_member (&l->r, object, "text", NEWSMARK_JSON_STRING, TRUE, &text_obj) && text_obj != NULL)
    {
      l->document = newsmark_document_new_from_text (json_object_get_string (text_obj),
                                                     json_object_get_string_len (text_obj), &error);
      if (l->document == NULL)
        _newsmark_json_error (&l->r, "text", "%s", error->message);
    }

  if (l->document != NULL)
    {
      l->length = newsmark_document_get_length (l->document);
      if (encoding != NULL)
        newsmark_document_set_encoding (l->document, encoding);

      /* Exact comparison: an upper-case spelling would be rewritten in
       * lower case on save, and nothing is changed silently. */
      if (sha256 != NULL && strcmp (sha256, newsmark_document_get_sha256 (l->document)) != 0)
        _newsmark_json_error (&l->r, "sha256", "\"%s\" does not match the embedded text, whose SHA-256 is %s",
                              sha256, newsmark_document_get_sha256 (l->document));
      if (have_length && length != l->length)
        _newsmark_json_error (&l->r, "length", "%u does not match the embedded text, which has %u code points",
                              length, l->length);
    }
  _newsmark_json_path_pop (&l->r, mark);

  /* The path is borrowed from the tree, which "text" no longer needs: the
   * document holds its own copy of the article. */
  if (path != NULL)
    *path_out = path;
  if (text_obj != NULL)
    json_object_object_del (object, "text");
}

/* The article beside the annotation file: when it has changed since the
 * file was saved, either re-anchor or warn. */
static void
follow_article (Loader            *l,
                GFile             *file,
                const char        *path,
                NewsmarkLoadFlags  flags)
{
  g_autoptr(GFile) article = NULL;
  g_autoptr(NewsmarkDocument) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *article_name = NULL;

  if (file == NULL || path == NULL || l->folder == NULL)
    return;
  article = newsmark_document_path_resolve (path, l->folder, l->root, &error);
  if (article == NULL)
    {
      g_ptr_array_add (l->r.problems,
                       newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, l->r.file, "document.path", 0, 0,
                                             "%s; the article is not read, the text embedded in the file "
                                             "is used", error->message));
      return;
    }
  if (g_file_query_file_type (article, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_REGULAR)
    return;

  article_name = g_file_get_parse_name (article);

  /* Unchanged UTF-8 article (the usual case): a byte comparison is much
   * cheaper than building a document and hashing it. */
  if (newsmark_document_get_encoding (l->document) == NULL)
    {
      g_autofree char *bytes = NULL;
      gsize n_bytes;

      if (g_file_load_contents (article, NULL, &bytes, &n_bytes, NULL, NULL) &&
          n_bytes == newsmark_document_get_n_bytes (l->document) &&
          memcmp (bytes, newsmark_document_get_text (l->document), n_bytes) == 0)
        {
          newsmark_document_set_file (l->document, article);
          return;
        }
    }

  current = newsmark_document_new_from_file (article, newsmark_document_get_encoding (l->document), &error);
  if (current == NULL)
    {
      g_ptr_array_add (l->r.problems,
                       newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, l->r.file, "document.path", 0, 0,
                                             "cannot read the article %s (%s); using the text embedded in the file",
                                             article_name, error->message));
      return;
    }

  if (strcmp (newsmark_document_get_sha256 (current), newsmark_document_get_sha256 (l->document)) == 0)
    {
      newsmark_document_set_file (l->document, article);
      return;
    }

  if (!(flags & NEWSMARK_LOAD_FOLLOW_ARTICLE))
    {
      g_ptr_array_add (l->r.problems,
                       newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, l->r.file, "document.sha256", 0, 0,
                                             "the article %s has changed since this file was saved; "
                                             "using the text embedded in the file",
                                             article_name));
      return;
    }

  newsmark_document_set_file (current, article);
  {
    guint n_lost = newsmark_annotation_set_reanchor (l->set, current, l->r.problems);

    g_ptr_array_add (l->r.problems,
                     newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, l->r.file, "document.sha256", 0, 0,
                                           "the article %s has changed since this file was saved; "
                                           "spans were re-anchored onto the new text (%u could not be placed "
                                           "and were moved to \"unplaced\")",
                                           article_name, n_lost));
  }
}

/* Format, version, "document" and "schema": what any reading of a file
 * needs before its spans. Returns FALSE when the file is not one this
 * release reads, with *code saying why; other problems are only reported.
 * Creates l->set when both the document and the schema are usable. */
static gboolean
read_header (Loader         *l,
             json_object    *root,
             NewsmarkError  *code,
             const char    **document_path)
{
  json_object *value;
  const char *format = NULL;
  const char *state = NULL;
  gint64 version = 0;
  g_autofree char *interchange = NULL;

  /* Format and version first: for a file that is not ours, or is from a
   * newer release, a list of "unknown key" errors would bury the point. */
  if (json_object_get_type (root) != json_type_object)
    {
      _newsmark_json_error (&l->r, NULL, "expected a JSON object, got %s (this is not a Newsmark annotation file)",
                            _newsmark_json_type_name (root));
      *code = NEWSMARK_ERROR_FORMAT;
      return FALSE;
    }
  if (!json_object_object_get_ex (root, "format", &value))
    {
      _newsmark_json_error (&l->r, "format", "missing (expected \"%s\"): this is not a Newsmark annotation file",
                            NEWSMARK_FORMAT_NAME);
      *code = NEWSMARK_ERROR_FORMAT;
      return FALSE;
    }
  if (!_newsmark_json_get_string (&l->r, root, "format", TRUE, &format))
    {
      *code = NEWSMARK_ERROR_FORMAT;
      return FALSE;
    }
  if (strcmp (format, NEWSMARK_FORMAT_NAME) != 0)
    {
      _newsmark_json_error (&l->r, "format", "expected \"%s\", got \"%s\" (this is not a Newsmark annotation file)",
                            NEWSMARK_FORMAT_NAME, format);
      *code = NEWSMARK_ERROR_FORMAT;
      return FALSE;
    }
  if (!_newsmark_json_get_int (&l->r, root, "version", TRUE, &version, NULL))
    return FALSE;
  if (version > NEWSMARK_FORMAT_VERSION)
    {
      _newsmark_json_error (&l->r, "version", "written by a newer Newsmark (version %" G_GINT64_FORMAT "); "
                            "this one reads version %d", version, NEWSMARK_FORMAT_VERSION);
      *code = NEWSMARK_ERROR_VERSION;
      return FALSE;
    }
  if (version < 1)
    _newsmark_json_error (&l->r, "version", "expected 1, got %" G_GINT64_FORMAT, version);

  _newsmark_json_check_keys (&l->r, root, top_keys);

  read_document (l, root, document_path);

  if (_newsmark_json_member (&l->r, root, "schema", NEWSMARK_JSON_OBJECT, TRUE, &value) && value != NULL)
    {
      gsize mark = _newsmark_json_path_push_key (&l->r, "schema");
      l->schema = _newsmark_schema_from_json (&l->r, value);
      _newsmark_json_path_pop (&l->r, mark);
      if (l->schema != NULL)
        loader_index_attributes (l);
    }

  if (_newsmark_json_member (&l->r, root, "interchange", NEWSMARK_JSON_OBJECT, FALSE, &value) &&
      value != NULL && l->schema != NULL)
    {
      gsize mark = _newsmark_json_path_push_key (&l->r, "interchange");
      interchange = _newsmark_interchange_read (&l->r, value, l->schema);
      _newsmark_json_path_pop (&l->r, mark);
    }

  if (l->document != NULL && l->schema != NULL)
    {
      l->set = newsmark_annotation_set_new (l->document, l->schema);
      newsmark_annotation_set_set_interchange (l->set, interchange);
    }

  /* Absent while the work is in progress; written only as "done". */
  if (_newsmark_json_get_string (&l->r, root, "state", FALSE, &state) && state != NULL)
    {
      if (strcmp (state, "done") != 0)
        _newsmark_json_error (&l->r, "state", "expected \"done\", got \"%s\" "
                              "(leave the key out while the work is in progress)", state);
      else if (l->set != NULL)
        _newsmark_annotation_set_load_done (l->set, TRUE);
    }

  return TRUE;
}

/* With @split (see span_split_start), parses the file without the
 * elements of "spans" and converts those apart; sets *fall_back, reporting
 * nothing, when the file must be read the ordinary way instead. Without,
 * parses the whole file into one tree. */
static NewsmarkAnnotationSet *
load_tree (const char         *data,
           gsize               len,
           const char         *filename,
           GFile              *file,
           GFile              *folder,
           GFile              *document_root,
           NewsmarkLoadFlags   flags,
           SpanSplit          *split,
           gboolean           *fall_back,
           GPtrArray          *caller_problems,
           GError            **error)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  Loader l = { 0 };
  json_object *root;
  const char *document_path = NULL;
  NewsmarkError code = NEWSMARK_ERROR_INVALID;
  NewsmarkAnnotationSet *result = NULL;
  guint64 last_span = 0, last_relation = 0;

  if (split != NULL)
    {
      /* Everything but the elements of "spans": up to its '[' and from its
       * ']' on, which reads as "spans": []. */
      gsize open = g_array_index (split->separators, gsize, 0);
      gsize close = g_array_index (split->separators, gsize, split->separators->len - 1);
      const char *pieces[2] = { data, data + close };
      gsize lengths[2] = { open + 1, len - close };
      struct json_tokener *tok;

      /* As one text: a key before the spans may come again after them. */
      if (!_newsmark_json_pieces_are_plain (pieces, lengths, G_N_ELEMENTS (pieces)))
        {
          *fall_back = TRUE;
          return NULL;
        }
      tok = _newsmark_json_tokener_new (0);
      root = _newsmark_json_parse_pieces (tok, pieces, lengths, G_N_ELEMENTS (pieces));
      json_tokener_free (tok);
      if (root == NULL)
        {
          *fall_back = TRUE;
          return NULL;
        }
    }
  else
    root = _newsmark_json_parse (data, len, filename, problems, error);
  if (root == NULL)
    goto out;

  _newsmark_json_reader_init (&l.r, filename, problems);
  l.folder = folder;
  l.root = document_root;
  if (!read_header (&l, root, &code, &document_path))
    goto fail;

  l.span_ids = g_hash_table_new (g_str_hash, g_str_equal);
  l.relation_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l.rejected_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l.spans = g_ptr_array_new_with_free_func (unref_span);
  l.unplaced = g_ptr_array_new_with_free_func (unref_span);

  if (split == NULL)
    read_span_list (&l, root, "spans", FALSE);
  else if (!span_split_convert (split, &l))
    goto fall_back;
  else
    split = NULL;   /* the spans are in order: report as usual from here */
  read_span_list (&l, root, "unplaced", TRUE);
  read_relations (&l, root);
  read_log (&l, root);
  read_last_ids (&l, root, &last_span, &last_relation);

  if (l.r.n_errors > 0 || l.set == NULL)
    goto fail;

  for (guint i = 0; i < l.spans->len; i++)
    _newsmark_annotation_set_load_span (l.set, g_ptr_array_index (l.spans, i));
  for (guint i = 0; i < l.unplaced->len; i++)
    _newsmark_annotation_set_load_unplaced (l.set, g_ptr_array_index (l.unplaced, i));
  g_clear_pointer (&l.span_ids, g_hash_table_unref);
  g_clear_pointer (&l.spans, g_ptr_array_unref);
  g_clear_pointer (&l.unplaced, g_ptr_array_unref);
  _newsmark_annotation_set_finish_load (l.set);
  _newsmark_annotation_set_reserve_ids (l.set, last_span, last_relation);

  if (file != NULL)
    newsmark_annotation_set_set_file (l.set, file);
  newsmark_annotation_set_set_document_root (l.set, document_root);
  if (document_path != NULL)
    _newsmark_annotation_set_load_document_path (l.set, document_path);

  json_object_put (root);
  root = NULL;

  follow_article (&l, file, newsmark_annotation_set_get_document_path (l.set), flags);

  result = g_steal_pointer (&l.set);
  goto out;

fail:
  /* A problem found before the spans were known to be in order: the
   * ordinary way may well report something else first (a syntax error in
   * a span). */
  if (split != NULL)
    goto fall_back;
  if (error != NULL && *error == NULL)
    {
      g_autofree char *summary = _newsmark_problems_summary (problems, filename);
      g_set_error_literal (error, NEWSMARK_ERROR, code, summary);
    }

out:
  if (root != NULL)
    json_object_put (root);
  if (l.r.path != NULL)
    loader_clear (&l);
  if (caller_problems != NULL)
    g_ptr_array_extend_and_steal (caller_problems, g_steal_pointer (&problems));
  return result;

fall_back:
  /* Nothing has been reported to the caller yet. */
  *fall_back = TRUE;
  if (root != NULL)
    json_object_put (root);
  loader_clear (&l);
  return NULL;
}

/* Below this size one tree is cheaper than finding and parsing the spans
 * apart (a corpus reads thousands of such files). */
#define SPLIT_MIN_BYTES (256 * 1024)

/* Whether a file may be read with its spans apart from the tree. Setting
 * NEWSMARK_LOAD_WHOLE_TREE in the environment forces the ordinary way (the
 * tests compare both, so it is read on every load). */
static gboolean
split_allowed (gsize len)
{
  return len >= SPLIT_MIN_BYTES && g_getenv ("NEWSMARK_LOAD_WHOLE_TREE") == NULL;
}

/* @file: the file read (its article is followed), or NULL; @folder: where
 * the bytes belong (NULL: a folder of their own); @root: the folder
 * document.path must stay inside (NULL: @folder). */
static NewsmarkAnnotationSet *
load_internal (const char         *data,
               gsize               len,
               const char         *filename,
               GFile              *file,
               GFile              *folder,
               GFile              *root,
               NewsmarkLoadFlags   flags,
               GPtrArray          *caller_problems,
               GError            **error)
{
  if (split_allowed (len))
    {
      g_autoptr(GArray) separators = g_array_new (FALSE, FALSE, sizeof (gsize));
      gboolean fall_back = FALSE;

      if (_newsmark_json_split_array_member (data, len, "spans", separators))
        {
          g_autoptr(SpanSplit) split = span_split_start (data, g_steal_pointer (&separators), filename);
          NewsmarkAnnotationSet *set = load_tree (data, len, filename, file, folder, root, flags, split,
                                                  &fall_back, caller_problems, error);
          if (!fall_back)
            return set;
        }
    }

  return load_tree (data, len, filename, file, folder, root, flags, NULL, NULL, caller_problems, error);
}

/* Elements delimited per scan of the file's beginning; a first screen of a
 * densely annotated article rarely needs more. */
#define PREVIEW_BATCH 1024
#define PREVIEW_MAX_SPANS (64 * PREVIEW_BATCH)

NewsmarkAnnotationSet *
newsmark_annotation_set_load_preview (const char *data,
                                      gsize       len,
                                      guint       n_chars)
{
  g_autoptr(GArray) separators = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  struct json_tokener *tok = NULL;
  Loader l = { 0 };
  json_object *root = NULL;
  const char *document_path = NULL;
  NewsmarkError code = NEWSMARK_ERROR_INVALID;
  NewsmarkAnnotationSet *result = NULL;
  const char *pieces[2];
  gsize lengths[2];
  guint max = PREVIEW_BATCH;
  guint i = 0;
  guint n_header_problems;
  gboolean done = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (!_newsmark_json_split_array_prefix (data, len, "spans", max, separators))
    return NULL;

  /* Everything before the spans' '[', closed as if "spans" were empty and
   * the last member: the order Newsmark writes. Anything after the spans
   * (relations, log) is left for the full load. */
  pieces[0] = data;
  lengths[0] = g_array_index (separators, gsize, 0) + 1;
  pieces[1] = "]}";
  lengths[1] = 2;
  if (!_newsmark_json_pieces_are_plain (pieces, lengths, G_N_ELEMENTS (pieces)))
    return NULL;
  tok = _newsmark_json_tokener_new (0);
  root = _newsmark_json_parse_pieces (tok, pieces, lengths, G_N_ELEMENTS (pieces));
  json_tokener_free (tok);
  if (root == NULL)
    return NULL;

  _newsmark_json_reader_init (&l.r, "preview", problems);
  l.preview = TRUE;
  if (!read_header (&l, root, &code, &document_path) || l.r.n_errors > 0 || l.set == NULL)
    goto out;
  if (document_path != NULL)
    _newsmark_annotation_set_load_document_path (l.set, document_path);
  n_header_problems = problems->len;

  tok = _newsmark_json_tokener_new (1);
  while (!done)
    {
      const gsize *sep = (const gsize *) (gpointer) separators->data;
      guint n = separators->len - 1;

      for (; i < n; i++)
        {
          const char *element = data + sep[i] + 1;
          gsize element_len = sep[i + 1] - sep[i] - 1;
          json_object *object;
          NewsmarkSpan *span;

          /* "[ ]" */
          if (is_blank (element, element + element_len))
            {
              done = TRUE;
              break;
            }

          object = NULL;
          if (element_len > 0 && _newsmark_json_is_plain_json (element, element_len))
            object = _newsmark_json_parse_pieces (tok, &element, &element_len, 1);
          span = object != NULL ? read_span (&l, object, FALSE) : NULL;
          json_object_put (object);

          /* The first span the preview cannot show, or that begins past
           * the first screen, ends it; the full load reports problems. */
          if (span == NULL || l.r.problems->len > n_header_problems ||
              newsmark_span_get_start (span) >= n_chars)
            {
              g_clear_object (&span);
              done = TRUE;
              break;
            }
          _newsmark_annotation_set_load_span (l.set, span);
          g_object_unref (span);
        }

      if (done || data[sep[n]] == ']' || max >= PREVIEW_MAX_SPANS)
        break;
      max *= 4;
      if (!_newsmark_json_split_array_prefix (data, len, "spans", max, separators) ||
          separators->len - 1 <= i)
        break;
    }
  json_tokener_free (tok);

  _newsmark_annotation_set_finish_load (l.set);
  result = g_steal_pointer (&l.set);

out:
  json_object_put (root);
  loader_clear (&l);
  return result;
}

NewsmarkAnnotationSet *
newsmark_annotation_set_load_data (const char        *data,
                                   gsize              len,
                                   const char        *filename_for_errors,
                                   NewsmarkLoadFlags  flags,
                                   GPtrArray         *problems,
                                   GError           **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_internal (data, len, filename_for_errors, NULL, NULL, NULL, flags, problems, error);
}

NewsmarkAnnotationSet *
newsmark_annotation_set_load_data_in (const char  *data,
                                      gsize        len,
                                      const char  *filename_for_errors,
                                      GFile       *folder,
                                      GFile       *root,
                                      GPtrArray   *problems,
                                      GError     **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (root == NULL || g_file_equal (folder, root) || g_file_has_prefix (folder, root), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_internal (data, len, filename_for_errors, NULL, folder, root, NEWSMARK_LOAD_DEFAULT,
                        problems, error);
}

NewsmarkAnnotationSet *
newsmark_annotation_set_load (GFile             *file,
                              NewsmarkLoadFlags  flags,
                              GPtrArray         *problems,
                              GError           **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  /* Local files in one read of the known size; GIO's streaming read grows
   * its buffer step by step, copying a large file several times. */
  if (path != NULL ? !g_file_get_contents (path, &contents, &len, &local_error)
                   : !g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    {
      if (problems != NULL)
        g_ptr_array_add (problems, newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, name, NULL, 0, 0,
                                                         "cannot read the file: %s", local_error->message));
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "%s: cannot read the file: %s",
                   name, local_error->message);
      return NULL;
    }

  folder = g_file_get_parent (file);
  root = newsmark_document_path_find_root (file);
  return load_internal (contents, len, name, file, folder, root, flags, problems, error);
}

NewsmarkAnnotationSet *
newsmark_annotation_set_load_contents (GFile             *file,
                                       const char        *data,
                                       gsize              len,
                                       NewsmarkLoadFlags  flags,
                                       GPtrArray         *problems,
                                       GError           **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) root = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  folder = g_file_get_parent (file);
  root = newsmark_document_path_find_root (file);
  return load_internal (data, len, name, file, folder, root, flags, problems, error);
}

/* ---- Saving -------------------------------------------------------------------- */

static void
write_key (GString    *out,
           const char *key)
{
  /* Our keys never need escaping. */
  g_string_append_c (out, '"');
  g_string_append (out, key);
  g_string_append (out, "\": ");
}

static void
write_pairs (GString                *out,
             const NewsmarkFragment *pairs,
             guint                   n)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_c (out, '[');
      _newsmark_json_write_uint (out, pairs[i].start);
      g_string_append (out, ", ");
      _newsmark_json_write_uint (out, pairs[i].end);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

static void
write_origin (GString              *out,
              const NewsmarkOrigin *origin)
{
  if (origin->kind == NEWSMARK_ORIGIN_HUMAN)
    {
      g_string_append (out, "{\"kind\": \"human\"");
      if (origin->annotator != NULL)
        {
          g_string_append (out, ", \"annotator\": ");
          _newsmark_json_write_string (out, origin->annotator);
        }
    }
  else
    {
      g_string_append (out, "{\"kind\": \"model\", \"name\": ");
      _newsmark_json_write_string (out, origin->name != NULL ? origin->name : "");
      if (origin->version != NULL)
        {
          g_string_append (out, ", \"version\": ");
          _newsmark_json_write_string (out, origin->version);
        }
      if (origin->has_score)
        {
          g_string_append (out, ", \"score\": ");
          _newsmark_json_write_double (out, origin->score);
        }
    }
  g_string_append_c (out, '}');
}

static void
write_variant (GString  *out,
               GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    _newsmark_json_write_string (out, g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    _newsmark_json_write_double (out, g_variant_get_double (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    g_string_append_printf (out, "%d", g_variant_get_int32 (value));
  else
    {
      /* Not a type the schema allows: keep it readable rather than lose it;
       * loading will report it against the schema. */
      g_autofree char *text = g_variant_print (value, FALSE);
      _newsmark_json_write_string (out, text);
    }
}

static void
write_span (GString      *out,
            NewsmarkSpan *span,
            gboolean      unplaced)
{
  guint n_fragments = newsmark_span_get_n_fragments (span);
  const NewsmarkOrigin *origin = newsmark_span_get_origin (span);
  const char *note = newsmark_span_get_note (span);
  const char *created = newsmark_span_get_created (span);
  const char *modified = newsmark_span_get_modified (span);
  g_auto(GStrv) names = newsmark_span_list_attributes (span);

  g_string_append (out, "{\"id\": ");
  _newsmark_json_write_string (out, newsmark_span_get_id (span));
  g_string_append (out, ", \"label\": ");
  _newsmark_json_write_string (out, newsmark_span_get_label (span));
  g_string_append (out, ", \"start\": ");
  _newsmark_json_write_uint (out, newsmark_span_get_start (span));
  g_string_append (out, ", \"end\": ");
  _newsmark_json_write_uint (out, newsmark_span_get_end (span));

  if (n_fragments > 0)
    {
      const char * const *texts = newsmark_span_get_fragment_texts (span);

      g_string_append (out, ", \"fragments\": ");
      write_pairs (out, newsmark_span_get_fragments (span), n_fragments);
      g_string_append (out, ", \"text\": [");
      for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          _newsmark_json_write_string (out, texts[i]);
        }
      g_string_append_c (out, ']');
    }
  else
    {
      g_string_append (out, ", \"text\": ");
      _newsmark_json_write_string (out, newsmark_span_get_text (span) ? newsmark_span_get_text (span) : "");
    }

  if (names != NULL && names[0] != NULL)
    {
      g_string_append (out, ", \"attributes\": {");
      for (guint i = 0; names[i] != NULL; i++)
        {
          /* Borrowed from the span. */
          GVariant *value = newsmark_span_get_attribute (span, names[i]);

          if (i > 0)
            g_string_append (out, ", ");
          _newsmark_json_write_string (out, names[i]);
          g_string_append (out, ": ");
          if (value != NULL)
            write_variant (out, value);
          else
            g_string_append (out, "null");
        }
      g_string_append_c (out, '}');
    }

  if (note != NULL && note[0] != '\0')
    {
      g_string_append (out, ", \"note\": ");
      _newsmark_json_write_string (out, note);
    }

  g_string_append (out, ", \"status\": ");
  _newsmark_json_write_string (out, newsmark_status_to_string (newsmark_span_get_status (span)));

  if (origin != NULL)
    {
      g_string_append (out, ", \"origin\": ");
      write_origin (out, origin);
    }
  if (created != NULL)
    {
      g_string_append (out, ", \"created\": ");
      _newsmark_json_write_string (out, created);
    }
  if (modified != NULL)
    {
      g_string_append (out, ", \"modified\": ");
      _newsmark_json_write_string (out, modified);
    }

  if (unplaced)
    {
      const char *reason = newsmark_span_get_unplaced_reason (span);
      const char *context = newsmark_span_get_context (span);

      g_string_append (out, ", \"reason\": ");
      _newsmark_json_write_string (out, reason != NULL ? reason : "not-found");
      g_string_append (out, ", \"candidates\": ");
      write_pairs (out, newsmark_span_get_candidates (span), newsmark_span_get_n_candidates (span));
      if (context != NULL)
        {
          g_string_append (out, ", \"context\": ");
          _newsmark_json_write_string (out, context);
        }
    }

  g_string_append_c (out, '}');
}

static void
write_relation (GString          *out,
                NewsmarkRelation *relation)
{
  const NewsmarkOrigin *origin = newsmark_relation_get_origin (relation);

  g_string_append (out, "{\"id\": ");
  _newsmark_json_write_string (out, newsmark_relation_get_id (relation));
  g_string_append (out, ", \"type\": ");
  _newsmark_json_write_string (out, newsmark_relation_get_type_name (relation));
  g_string_append (out, ", \"from\": ");
  _newsmark_json_write_string (out, newsmark_relation_get_from (relation));
  g_string_append (out, ", \"to\": ");
  _newsmark_json_write_string (out, newsmark_relation_get_to (relation));
  if (origin != NULL)
    {
      g_string_append (out, ", \"origin\": ");
      write_origin (out, origin);
    }
  g_string_append_c (out, '}');
}

static void
write_log_entry (GString                *out,
                 const NewsmarkLogEntry *entry)
{
  g_string_append (out, "{\"time\": ");
  _newsmark_json_write_string (out, entry->time != NULL ? entry->time : "");
  if (entry->who != NULL)
    {
      g_string_append (out, ", \"who\": ");
      _newsmark_json_write_string (out, entry->who);
    }
  g_string_append (out, ", \"action\": ");
  _newsmark_json_write_string (out, entry->action != NULL ? entry->action : "");
  if (entry->target != NULL)
    {
      g_string_append (out, ", \"target\": ");
      _newsmark_json_write_string (out, entry->target);
    }
  if (entry->detail_json != NULL)
    {
      json_object *detail;

      g_string_append (out, ", \"detail\": ");
      /* Always re-serialised: callers (review, import, merge) store details
       * with their own spacing, and the loader keeps them in this writer's
       * form, so writing every detail the same way is what makes save,
       * load and save again byte-identical. Whatever is not a JSON object
       * is kept as text rather than breaking the file. */
      detail = json_tokener_parse (entry->detail_json);

      if (detail != NULL && json_object_get_type (detail) == json_type_object)
        _newsmark_json_write_value (out, detail);
      else
        {
          g_string_append (out, "{\"text\": ");
          _newsmark_json_write_string (out, entry->detail_json);
          g_string_append_c (out, '}');
        }
      json_object_put (detail);
    }
  g_string_append_c (out, '}');
}

/* The lists of the file, in their order. */
typedef enum {
  LIST_SPANS,
  LIST_RELATIONS,
  LIST_UNPLACED,
  LIST_LOG,
  N_LISTS
} ListKind;

static const char * const list_keys[N_LISTS] = { "spans", "relations", "unplaced", "log" };

struct _NewsmarkJsonWriter
{
  NewsmarkAnnotationSet *set;
  GString               *out;
  ListKind               list;    /* N_LISTS once everything is written */
  guint                  index;   /* next item of that list */
  /* "last_ids", when the lists do not show them: 0 for a member left out. */
  guint64                last_span;
  guint64                last_relation;
};

/* The items of @list, borrowed afresh at every step: the arrays behind
 * them may have moved since the last one (never their contents: the set
 * must not change while it is written). */
static gpointer *
peek_list (NewsmarkAnnotationSet *set,
           ListKind               list,
           guint                 *n)
{
  GPtrArray *log;

  switch (list)
    {
    case LIST_SPANS:
      return (gpointer *) _newsmark_annotation_set_peek_spans (set, n);
    case LIST_RELATIONS:
      return (gpointer *) _newsmark_annotation_set_peek_relations (set, n);
    case LIST_UNPLACED:
      return (gpointer *) _newsmark_annotation_set_peek_unplaced (set, n);
    case LIST_LOG:
      log = newsmark_annotation_set_get_log (set);
      *n = log != NULL ? log->len : 0;
      return log != NULL ? log->pdata : NULL;
    case N_LISTS:
    default:
      break;
    }
  *n = 0;
  return NULL;
}

static void
write_item (GString  *out,
            ListKind  list,
            gpointer  item)
{
  switch (list)
    {
    case LIST_SPANS:
      write_span (out, item, FALSE);
      break;
    case LIST_RELATIONS:
      write_relation (out, item);
      break;
    case LIST_UNPLACED:
      write_span (out, item, TRUE);
      break;
    case LIST_LOG:
      write_log_entry (out, item);
      break;
    case N_LISTS:
    default:
      g_assert_not_reached ();
    }
}

/* Everything before the lists. */
static void
write_head (NewsmarkAnnotationSet *self,
            GString               *out)
{
  NewsmarkDocument *document = newsmark_annotation_set_get_document (self);
  const char *path = newsmark_annotation_set_get_document_path (self);
  const char *encoding = newsmark_document_get_encoding (document);

  g_string_append (out, "{\n  \"format\": \"" NEWSMARK_FORMAT_NAME "\",\n  \"version\": ");
  _newsmark_json_write_uint (out, NEWSMARK_FORMAT_VERSION);
  if (newsmark_annotation_set_get_done (self))
    g_string_append (out, ",\n  \"state\": \"done\"");
  g_string_append (out, ",\n  \"document\": {\n");
  if (path != NULL)
    {
      g_string_append (out, "    \"path\": ");
      _newsmark_json_write_string (out, path);
      g_string_append (out, ",\n");
    }
  g_string_append (out, "    \"sha256\": ");
  _newsmark_json_write_string (out, newsmark_document_get_sha256 (document));
  g_string_append (out, ",\n    \"length\": ");
  _newsmark_json_write_uint (out, newsmark_document_get_length (document));
  g_string_append (out, ",\n");
  if (encoding != NULL)
    {
      g_string_append (out, "    \"encoding\": ");
      _newsmark_json_write_string (out, encoding);
      g_string_append (out, ",\n");
    }
  g_string_append (out, "    \"text\": ");
  _newsmark_json_write_string_len (out, newsmark_document_get_text (document),
                                   newsmark_document_get_n_bytes (document));
  g_string_append (out, "\n  },\n  \"schema\": ");
  _newsmark_schema_write_json (newsmark_annotation_set_get_schema (self), out, 2);
  g_string_append (out, ",\n");
  if (newsmark_annotation_set_get_interchange (self) != NULL)
    {
      g_string_append (out, "  \"interchange\": ");
      _newsmark_interchange_write (out, newsmark_annotation_set_get_interchange (self));
      g_string_append (out, ",\n");
    }
}

NewsmarkJsonWriter *
newsmark_json_writer_new (NewsmarkAnnotationSet *set)
{
  NewsmarkJsonWriter *writer;
  NewsmarkDocument *document;
  GPtrArray *log;
  guint n_spans, n_relations, n_unplaced;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);

  document = newsmark_annotation_set_get_document (set);
  _newsmark_annotation_set_peek_spans (set, &n_spans);
  _newsmark_annotation_set_peek_relations (set, &n_relations);
  _newsmark_annotation_set_peek_unplaced (set, &n_unplaced);
  log = newsmark_annotation_set_get_log (set);

  writer = g_new0 (NewsmarkJsonWriter, 1);
  writer->set = g_object_ref (set);
  /* Sized up front: the text plus ~200 bytes per span, so the buffer is
   * not copied over and over while growing. */
  writer->out = g_string_sized_new (newsmark_document_get_n_bytes (document) * 11 / 10 + 8192 +
                                    (gsize) (n_spans + n_unplaced) * 240 + (gsize) n_relations * 80 +
                                    (log != NULL ? log->len : 0) * 160);
  write_head (set, writer->out);
  writer->list = LIST_SPANS;
  writer->index = 0;

  /* Every id given is mentioned in the lists, usually at least by the log
   * ("delete s12"). "last_ids" carries those that are not (ids reserved
   * from a file a merge replaced, say), so that a reload never gives them
   * again; a file that needs none does not have the key. */
  {
    guint64 last_span, last_relation, mentioned_span, mentioned_relation;

    _newsmark_annotation_set_get_last_ids (set, &last_span, &last_relation);
    _newsmark_annotation_set_get_mentioned_ids (set, &mentioned_span, &mentioned_relation);
    writer->last_span = last_span > mentioned_span ? last_span : 0;
    writer->last_relation = last_relation > mentioned_relation ? last_relation : 0;
  }

  return writer;
}

/* One item per line: diffs of a file show exactly the spans that changed. */
gboolean
newsmark_json_writer_step (NewsmarkJsonWriter *writer,
                           guint               max_items)
{
  guint done = 0;

  g_return_val_if_fail (writer != NULL, TRUE);

  while (writer->list < N_LISTS && done < max_items)
    {
      GString *out = writer->out;
      guint n;
      gpointer *items = peek_list (writer->set, writer->list, &n);
      gboolean last_list = writer->list + 1 == N_LISTS;

      if (writer->index == 0)
        {
          g_string_append (out, "  ");
          write_key (out, list_keys[writer->list]);
          g_string_append (out, n == 0 ? "[]" : "[\n");
        }

      for (; writer->index < n && done < max_items; writer->index++, done++)
        {
          g_string_append (out, "    ");
          write_item (out, writer->list, items[writer->index]);
          g_string_append (out, writer->index + 1 < n ? ",\n" : "\n");
        }
      if (writer->index < n)
        break;

      if (n > 0)
        g_string_append (out, "  ]");
      g_string_append (out, last_list && writer->last_span == 0 && writer->last_relation == 0 ? "\n" : ",\n");
      writer->list++;
      writer->index = 0;
    }

  if (writer->list == N_LISTS && writer->set != NULL)
    {
      if (writer->last_span > 0 || writer->last_relation > 0)
        {
          g_string_append (writer->out, "  \"last_ids\": {");
          if (writer->last_span > 0)
            g_string_append_printf (writer->out, "\"span\": \"s%" G_GUINT64_FORMAT "\"", writer->last_span);
          if (writer->last_relation > 0)
            g_string_append_printf (writer->out, "%s\"relation\": \"r%" G_GUINT64_FORMAT "\"",
                                    writer->last_span > 0 ? ", " : "", writer->last_relation);
          g_string_append (writer->out, "}\n");
        }
      g_string_append (writer->out, "}\n");
      g_clear_object (&writer->set);
    }

  return writer->list == N_LISTS;
}

char *
newsmark_json_writer_finish (NewsmarkJsonWriter *writer,
                             gsize              *length)
{
  char *data;

  g_return_val_if_fail (writer != NULL, NULL);

  newsmark_json_writer_step (writer, G_MAXUINT);
  if (length != NULL)
    *length = writer->out->len;
  data = g_string_free (g_steal_pointer (&writer->out), FALSE);
  g_free (writer);
  return data;
}

void
newsmark_json_writer_free (NewsmarkJsonWriter *writer)
{
  if (writer == NULL)
    return;
  g_clear_object (&writer->set);
  if (writer->out != NULL)
    g_string_free (writer->out, TRUE);
  g_free (writer);
}

char *
newsmark_annotation_set_to_json (NewsmarkAnnotationSet *self,
                                 gsize                 *length)
{
  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), NULL);

  return newsmark_json_writer_finish (newsmark_json_writer_new (self), length);
}

gboolean
newsmark_annotation_set_save (NewsmarkAnnotationSet  *self,
                              GFile                  *file,
                              GError                **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = newsmark_annotation_set_to_json (self, &len);
  if (!newsmark_write_file_atomic (file, data, len, TRUE, error))
    return FALSE;

  newsmark_annotation_set_set_file (self, file);
  newsmark_annotation_set_set_modified (self, FALSE);
  return TRUE;
}

/* ---- Atomic writing -------------------------------------------------------------- */

static const char *
errno_reason (int err)
{
  switch (err)
    {
    case EACCES:
    case EPERM:
      return "permission denied (the folder is read-only or not yours)";
    case EROFS:
      return "the folder is read-only (read-only file system)";
    case ENOSPC:
      return "the disk is full";
    case EDQUOT:
      return "the disk quota is exceeded";
    case EFBIG:
      return "the file is too large for this file system or limit";
    case ENOENT:
      return "the folder does not exist";
    case ENOTDIR:
      return "a component of the path is not a folder";
    case EISDIR:
      return "it is a folder";
    case EIO:
      return "input/output error";
    default:
      return NULL;
    }
}

static void
set_errno_error (GError     **error,
                 int          err,
                 const char  *display,
                 const char  *what)
{
  const char *reason = errno_reason (err);

  g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "Cannot save %s: %s: %s",
               display, what, reason != NULL ? reason : g_strerror (err));
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           int         *err)
{
  while (len > 0)
    {
      gssize n = write (fd, data, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *err = errno;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Copies @src to @dst (used for the backup where hard links are not
 * possible). */
static gboolean
copy_file (const char  *src,
           const char  *dst,
           int         *err)
{
  g_autofree char *contents = NULL;
  gsize len;
  int fd;
  gboolean ok;

  if (!g_file_get_contents (src, &contents, &len, NULL))
    {
      *err = errno ? errno : EIO;
      return FALSE;
    }
  fd = open (dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      *err = errno;
      return FALSE;
    }
  ok = write_all (fd, contents, len, err);
  if (ok && fsync (fd) != 0)
    {
      *err = errno;
      ok = FALSE;
    }
  if (close (fd) != 0 && ok)
    {
      *err = errno;
      ok = FALSE;
    }
  return ok;
}

/* A save that is killed while it writes leaves its temporary file (named
 * ".NAME.XXXXXX" beside NAME, as large as the file) behind for good. The
 * next save of the same file removes such leftovers: only names of exactly
 * that pattern for that exact target, only regular files of this user, and
 * only stale ones, since another save of the same file (another window,
 * another process) may be writing its own right now. Age decides, not a
 * lock: a lock can only be taken once mkstemp has created the file, so a
 * cleaner could slip in between, and locks are unreliable on network
 * folders. A live save refreshes its file's modification time with every
 * write and spends at most the time of an fsync between writes, far below
 * STALE_TEMP_AGE. The age is measured against this save's own temporary
 * file, so that a network folder's clock is only compared with itself. */
#define STALE_TEMP_AGE (15 * 60)

static gboolean
is_temp_name_for (const char *name,
                  const char *base)
{
  gsize n = strlen (base);

  /* g_mkstemp fills XXXXXX with ASCII letters and digits. */
  if (strlen (name) != n + 8 || name[0] != '.' || strncmp (name + 1, base, n) != 0 || name[n + 1] != '.')
    return FALSE;
  for (gsize i = n + 2; i < n + 8; i++)
    {
      if (!g_ascii_isalnum (name[i]))
        return FALSE;
    }
  return TRUE;
}

static void
remove_stale_temps (const char *dir,
                    const char *base,
                    time_t      now)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;

      if (!is_temp_name_for (name, base))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != getuid () ||
          now - st.st_mtime < STALE_TEMP_AGE)
        continue;
      if (unlink (path) == 0)
        g_debug ("Removed %s, left by a save that did not finish", path);
    }
}

gboolean
newsmark_write_file_atomic (GFile       *file,
                            const char  *data,
                            gsize        len,
                            gboolean     backup,
                            GError     **error)
{
  g_autofree char *requested = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *backup_path = NULL;
  struct stat st;
  gboolean exists;
  time_t now = 0;
  int fd = -1;
  int err = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_file_get_parse_name (file);
  requested = g_file_get_path (file);
  if (requested == NULL)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "Cannot save %s: only local files can be saved safely", display);
      return FALSE;
    }

  /* Saving through a symbolic link replaces the file it points to, not the
   * link itself. A link that points nowhere is refused rather than
   * replaced by a file (which would silently cut the link) or followed to
   * create a file wherever it points. */
  path = realpath (requested, NULL);
  if (path == NULL)
    {
      if (lstat (requested, &st) == 0 && S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (requested, NULL);

          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                       "Cannot save %s: it is a symbolic link to %s, which does not exist (a save "
                       "writes through a link to the file it leads to, but does not create that file); "
                       "remove the link or save elsewhere", display, target != NULL ? target : "nowhere");
          return FALSE;
        }
      path = g_strdup (requested);
    }

  exists = stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO, "Cannot save %s: it is a folder", display);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);

  /* The temporary file must be in the same folder: rename() is only atomic
   * within one file system. */
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, exists ? (int) (st.st_mode & 0777) : 0666);
  if (fd < 0)
    {
      g_autofree char *what = g_strdup_printf ("cannot create a file in the folder %s", dir);
      int e = errno;

      if (e == EACCES || e == EPERM || e == EROFS)
        g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                     "Cannot save %s: the folder %s is read-only (%s)", display, dir, g_strerror (e));
      else
        set_errno_error (error, e, display, what);
      return FALSE;
    }

  /* Keep the permissions of the file being replaced (mkstemp's mode is
   * masked by the umask). Not fatal: the content matters more. */
  if (exists && fchmod (fd, st.st_mode & 07777) != 0)
    g_debug ("Cannot keep the mode of %s: %s", display, g_strerror (errno));

  if (!write_all (fd, data, len, &err))
    {
      set_errno_error (error, err, display, "writing failed");
      goto fail;
    }
  if (fsync (fd) != 0)
    {
      set_errno_error (error, errno, display, "flushing to disk failed");
      goto fail;
    }
  {
    struct stat own;

    now = fstat (fd, &own) == 0 ? own.st_mtime : 0;
  }
  if (close (fd) != 0)
    {
      fd = -1;
      set_errno_error (error, errno, display, "writing failed");
      goto fail;
    }
  fd = -1;

  if (backup && exists)
    {
      backup_path = g_strconcat (path, "~", NULL);

      /* A hard link keeps the previous version without a moment where the
       * file itself is missing; copying is the fallback for file systems
       * without links. */
      if (unlink (backup_path) != 0 && errno != ENOENT)
        {
          g_autofree char *what = g_strdup_printf ("cannot replace the backup %s~", display);
          set_errno_error (error, errno, display, what);
          goto fail;
        }
      if (link (path, backup_path) != 0)
        {
          int link_err = errno;

          gboolean copied = (link_err == EPERM || link_err == EXDEV || link_err == EMLINK ||
                             link_err == ENOTSUP) && copy_file (path, backup_path, &err);

          if (!copied)
            {
              g_autofree char *what = g_strdup_printf ("cannot keep the previous version as %s~", display);
              set_errno_error (error, link_err, display, what);
              goto fail;
            }
        }
    }

  if (rename (tmp, path) != 0)
    {
      set_errno_error (error, errno, display, "cannot replace the file");
      goto fail;
    }

  /* Make the rename itself durable. */
  {
    int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (dfd >= 0)
      {
        if (fsync (dfd) != 0 && errno != EINVAL)
          {
            int e = errno;
            close (dfd);
            set_errno_error (error, e, display, "flushing the folder to disk failed");
            return FALSE;
          }
        close (dfd);
      }
  }

  if (now > 0)
    remove_stale_temps (dir, base, now);

  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

/* ---- Misc ------------------------------------------------------------------------ */

GFile *
newsmark_annotation_file_for_article (GFile *article)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  const char *dot;

  g_return_val_if_fail (G_IS_FILE (article), NULL);

  base = g_file_get_basename (article);
  parent = g_file_get_parent (article);

  /* Replace the last extension; a leading dot (".article") is a hidden
   * file's name, not an extension. */
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    name = g_strdup_printf ("%.*s.newsmark.json", (int) (dot - base), base);
  else
    name = g_strconcat (base, ".newsmark.json", NULL);

  if (parent == NULL)
    return g_file_new_for_path (name);
  return g_file_get_child (parent, name);
}

char *
newsmark_problems_to_string (GPtrArray *problems)
{
  GString *out = g_string_new (NULL);

  if (problems == NULL)
    return g_string_free (out, FALSE);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = newsmark_problem_to_string (g_ptr_array_index (problems, i));

      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
