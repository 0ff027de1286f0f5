/* newsmark-report.c — the audit trail in readable form
 *
 * Two audiences: `newsmark-cli audit` prints the log line by line for a
 * terminal, and the HTML report is a single page an editor can open in any
 * browser, mail around or archive. The page therefore carries everything
 * inline (CSS, no scripts, no fonts or images from elsewhere).
 */

#include "config.h"

#include <string.h>

#include "newsmark/newsmark.h"
#include "newsmark/newsmark-suggest.h"
#include "newsmark-json-private.h"

/* Underline lanes for overlapping spans; deeper overlaps share the last. */
#define MAX_LANES 8

/* ---- Small helpers ----------------------------------------------------------- */

static char *
flat_excerpt (const char *text,
              guint       max_chars)
{
  g_autofree char *flat = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  flat = g_strdup (text);
  g_strdelimit (flat, "\r\n\t", ' ');

  if ((guint) g_utf8_strlen (flat, -1) <= max_chars)
    return g_steal_pointer (&flat);

  out = g_string_new (NULL);
  g_string_append_len (out, flat, g_utf8_offset_to_pointer (flat, max_chars - 1) - flat);
  g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static void
append_escaped_len (GString    *out,
                    const char *text,
                    gsize       len)
{
  const char *p = text;
  const char *end = text + len;
  const char *run = p;

  for (; p < end; p++)
    {
      const char *entity;

      switch (*p)
        {
        case '&':  entity = "&amp;"; break;
        case '<':  entity = "&lt;"; break;
        case '>':  entity = "&gt;"; break;
        case '"':  entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default:   continue;
        }
      g_string_append_len (out, run, p - run);
      g_string_append (out, entity);
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  if (text != NULL)
    append_escaped_len (out, text, strlen (text));
}

static void
append_escaped_printf (GString    *out,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
append_escaped_printf (GString    *out,
                       const char *format,
                       ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  append_escaped (out, text);
}

static NewsmarkSpan *
find_any_span (NewsmarkAnnotationSet *set,
               const char            *id)
{
  NewsmarkSpan *span;
  GListModel *unplaced;
  guint n;

  if (id == NULL)
    return NULL;

  span = newsmark_annotation_set_find_span (set, id);
  if (span != NULL)
    return span;

  unplaced = newsmark_annotation_set_get_unplaced (set);
  n = g_list_model_get_n_items (unplaced);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) candidate = g_list_model_get_item (unplaced, i);

      if (g_strcmp0 (newsmark_span_get_id (candidate), id) == 0)
        return candidate;  /* still referenced by the set */
    }

  return NULL;
}

/* ---- Log entries as text -------------------------------------------------------- */

static const char *
get_string (json_object *object,
            const char  *key)
{
  json_object *value;

  if (object == NULL || !json_object_object_get_ex (object, key, &value) ||
      !json_object_is_type (value, json_type_string))
    return NULL;

  return json_object_get_string (value);
}

static gboolean
get_number (json_object *object,
            const char  *key,
            double      *out)
{
  json_object *value;

  if (object == NULL || !json_object_object_get_ex (object, key, &value) ||
      !(json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double)))
    return FALSE;

  *out = json_object_get_double (value);
  return TRUE;
}

/* "PERSON 10-20 “text”" from a span object of a log detail. */
static void
append_span_summary (GString     *out,
                     json_object *span)
{
  const char *label = get_string (span, "label");
  const char *text = get_string (span, "text");
  double start, end;

  if (label != NULL)
    g_string_append (out, label);
  if (get_number (span, "start", &start) && get_number (span, "end", &end))
    g_string_append_printf (out, " %.0f-%.0f", start, end);
  if (text != NULL)
    {
      g_autofree char *short_text = flat_excerpt (text, 40);

      g_string_append_printf (out, " “%s”", short_text);
    }
}

/* One value of a detail, short: "3-9" for a range, strings shortened. */
static void
append_value (GString     *out,
              json_object *value)
{
  if (value == NULL)
    {
      g_string_append (out, "—");
    }
  else if (json_object_is_type (value, json_type_string))
    {
      g_autofree char *short_text = flat_excerpt (json_object_get_string (value), 40);

      g_string_append_printf (out, "“%s”", short_text);
    }
  else if (json_object_is_type (value, json_type_array) &&
           json_object_array_length (value) == 2 &&
           json_object_is_type (json_object_array_get_idx (value, 0), json_type_int) &&
           json_object_is_type (json_object_array_get_idx (value, 1), json_type_int))
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                              json_object_get_int64 (json_object_array_get_idx (value, 0)),
                              json_object_get_int64 (json_object_array_get_idx (value, 1)));
    }
  else
    {
      g_string_append (out, json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN |
                                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
    }
}

/* One side of a change, readable: "(unset)" for nothing, a number as
 * written ("2", "0.75"), a range as "3-9", names of states and labels
 * bare, other text quoted and shortened. */
static void
append_change_side (GString     *out,
                    const char  *key,
                    json_object *value)
{
  if (value == NULL)
    g_string_append (out, "(unset)");
  else if (json_object_is_type (value, json_type_int))
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_object_get_int64 (value));
  else if (json_object_is_type (value, json_type_double))
    _newsmark_json_write_double (out, json_object_get_double (value));
  else if (json_object_is_type (value, json_type_boolean))
    g_string_append (out, json_object_get_boolean (value) ? "yes" : "no");
  else if (json_object_is_type (value, json_type_string) &&
           (g_str_equal (key, "status") || g_str_equal (key, "label")))
    g_string_append (out, json_object_get_string (value));
  else
    append_value (out, value);
}

/* A change of an edit's detail ("attributes.checkworthy": [1, 2]) as
 * "checkworthy 1 → 2": the one wording of changes, in the audit and in the
 * report alike. */
static void
append_change (GString     *out,
               const char  *key,
               json_object *before,
               json_object *after)
{
  const char *name = g_str_has_prefix (key, "attributes.") ? key + strlen ("attributes.") : key;

  g_string_append_printf (out, "%s ", name);
  append_change_side (out, key, before);
  g_string_append (out, " → ");
  append_change_side (out, key, after);
}

/* Whether @action logs the fields a span's change touched, each as
 * [before, after]. */
static gboolean
is_change_action (const char *action)
{
  return g_strcmp0 (action, "edit") == 0 || g_strcmp0 (action, "accept") == 0 ||
         g_strcmp0 (action, "reject") == 0;
}

/* The detail of a change: every member is [before, after]. */
static void
append_changes (GString     *out,
                json_object *detail)
{
  struct json_object_iterator it = json_object_iter_begin (detail);
  struct json_object_iterator it_end = json_object_iter_end (detail);
  gboolean first = TRUE;

  for (; !json_object_iter_equal (&it, &it_end); json_object_iter_next (&it))
    {
      const char *key = json_object_iter_peek_name (&it);
      json_object *value = json_object_iter_peek_value (&it);

      if (!first)
        g_string_append (out, "; ");
      first = FALSE;
      if (json_object_is_type (value, json_type_array) && json_object_array_length (value) == 2)
        append_change (out, key, json_object_array_get_idx (value, 0), json_object_array_get_idx (value, 1));
      else
        {
          g_string_append_printf (out, "%s ", key);
          append_value (out, value);
        }
    }
}

/* Any other detail: a change ("status": ["suggested", "accepted"]) as
 * "status suggested → accepted", other members as "key value". */
static void
append_generic (GString     *out,
                json_object *detail)
{
  struct json_object_iterator it = json_object_iter_begin (detail);
  struct json_object_iterator it_end = json_object_iter_end (detail);
  gboolean first = TRUE;

  for (; !json_object_iter_equal (&it, &it_end); json_object_iter_next (&it))
    {
      const char *key = json_object_iter_peek_name (&it);
      json_object *value = json_object_iter_peek_value (&it);

      g_string_append_printf (out, "%s%s ", first ? "" : "; ", key);
      first = FALSE;

      if (json_object_is_type (value, json_type_array) && json_object_array_length (value) == 2 &&
          !(json_object_is_type (json_object_array_get_idx (value, 0), json_type_int)))
        {
          /* [before, after]; names of states and labels unquoted. */
          gboolean bare = g_str_equal (key, "status") || g_str_equal (key, "label");

          for (guint k = 0; k < 2; k++)
            {
              json_object *v = json_object_array_get_idx (value, k);

              if (k == 1)
                g_string_append (out, " → ");
              if (bare && json_object_is_type (v, json_type_string))
                g_string_append (out, json_object_get_string (v));
              else
                append_value (out, v);
            }
        }
      else if (json_object_is_type (value, json_type_string) &&
               (g_str_equal (key, "status") || g_str_equal (key, "reason") || g_str_equal (key, "label")))
        {
          g_string_append (out, json_object_get_string (value));
        }
      else
        {
          append_value (out, value);
        }
    }
}

/* The details of an entry, readable, without time, who and target. */
static char *
describe_detail (const NewsmarkLogEntry *entry)
{
  GString *out = g_string_new (NULL);
  json_object *detail = NULL;
  const char *action = entry->action != NULL ? entry->action : "";
  double number;

  if (entry->detail_json != NULL)
    detail = json_tokener_parse (entry->detail_json);

  if (detail == NULL || !json_object_is_type (detail, json_type_object))
    {
      if (entry->detail_json != NULL)
        g_string_append (out, entry->detail_json);
    }
  else if (g_str_equal (action, "import"))
    {
      const char *model = get_string (detail, "model");
      const char *version = get_string (detail, "version");
      const char *source = get_string (detail, "source");
      const char *format = get_string (detail, "format");
      double v[9] = { 0 };
      static const char * const keys[] = {
        "suggestions", "placed", "exact", "normalised", "ambiguous", "not_found", "duplicates", "conflicts",
        "mismatched",
      };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        get_number (detail, keys[i], &v[i]);

      g_string_append_printf (out, "%.0f suggestions from %s%s%s", v[0],
                              model != NULL ? model : "a model",
                              version != NULL ? " " : "", version != NULL ? version : "");
      if (source != NULL)
        g_string_append_printf (out, " (%s%s%s)", source,
                                format != NULL ? ", " : "", format != NULL ? format : "");
      g_string_append_printf (out, ": placed %.0f (exact %.0f, normalised %.0f), ambiguous %.0f, "
                              "not found %.0f, duplicates merged %.0f, conflicts %.0f",
                              v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
      if (v[8] > 0)
        g_string_append_printf (out, "; %.0f offsets did not match the article and were matched by text", v[8]);
    }
  else if (g_str_equal (action, "bulk-accept"))
    {
      json_object *criteria = NULL;
      const char *label;
      double count = 0;

      json_object_object_get_ex (detail, "criteria", &criteria);
      label = get_string (criteria, "label");
      get_number (detail, "count", &count);
      g_string_append_printf (out, "%.0f suggestions: label %s, score ≥ ", count,
                              label != NULL ? label : "any");
      if (get_number (criteria, "min_score", &number))
        g_string_append_printf (out, "%g", number);
    }
  else if (g_str_equal (action, "merge"))
    {
      const char *model = get_string (detail, "model");
      const char *input = get_string (detail, "input");

      g_string_append (out, "identical suggestion ");
      append_span_summary (out, detail);
      if (model != NULL)
        {
          g_string_append_printf (out, " from %s", model);
          if (get_number (detail, "score", &number))
            g_string_append_printf (out, " (score %g)", number);
        }
      if (input != NULL)
        g_string_append_printf (out, ", input %s", input);
      g_string_append (out, " merged into this span");
    }
  else if (is_change_action (action) && !json_object_object_get_ex (detail, "start", NULL))
    {
      append_changes (out, detail);
    }
  else if (g_str_equal (action, "undo") || g_str_equal (action, "redo"))
    {
      const char *step = get_string (detail, "step");

      g_string_append_printf (out, "step: %s", step != NULL ? step : "(unnamed)");
    }
  else if (json_object_object_get_ex (detail, "label", NULL) &&
           json_object_object_get_ex (detail, "start", NULL) &&
           json_object_object_get_ex (detail, "end", NULL))
    {
      /* A span as it was then (create, unplaced, delete). */
      const char *status = get_string (detail, "status");
      const char *reason = get_string (detail, "reason");

      append_span_summary (out, detail);
      if (status != NULL || reason != NULL)
        g_string_append_printf (out, " (%s%s%s)", status != NULL ? status : "",
                                status != NULL && reason != NULL ? ", " : "",
                                reason != NULL ? reason : "");
    }
  else
    {
      append_generic (out, detail);
    }

  if (detail != NULL)
    json_object_put (detail);

  return g_string_free (out, FALSE);
}

char *
newsmark_log_entry_to_display (NewsmarkAnnotationSet  *set,
                               const NewsmarkLogEntry *entry)
{
  g_autofree char *details = NULL;
  NewsmarkSpan *span;
  GString *out;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%-20s  %-12s  %-11s",
                          entry->time != NULL ? entry->time : "-",
                          entry->who != NULL ? entry->who : "-",
                          entry->action != NULL ? entry->action : "-");

  if (entry->target != NULL)
    {
      g_string_append_printf (out, "  %s", entry->target);
      span = find_any_span (set, entry->target);
      if (span != NULL)
        {
          g_autofree char *text = flat_excerpt (newsmark_span_get_text (span), 40);

          g_string_append_printf (out, " %s “%s”", newsmark_span_get_label (span), text);
        }
    }

  details = describe_detail (entry);
  if (details[0] != '\0')
    g_string_append_printf (out, "  — %s", details);

  return g_string_free (out, FALSE);
}

/* ---- HTML -------------------------------------------------------------------------- */

typedef struct {
  guint start;
  guint end;
  guint span;  /* index into the visible spans */
} Piece;

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  const Piece *pa = a;
  const Piece *pb = b;

  if (pa->start != pb->start)
    return pa->start < pb->start ? -1 : 1;
  if (pa->end != pb->end)
    return pa->end > pb->end ? -1 : 1;
  return pa->span < pb->span ? -1 : pa->span > pb->span;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a;
  guint ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

typedef struct {
  GPtrArray *spans;       /* visible NewsmarkSpan, position order */
  guint     *lane;        /* per visible span */
  GArray    *bounds;      /* guint, sorted unique segment boundaries */
  GArray    *seg_first;   /* guint: first index into seg_active per segment (+1 sentinel) */
  GArray    *seg_active;  /* guint: visible span indices active in each segment */
} Layout;

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->spans, g_ptr_array_unref);
  g_clear_pointer (&layout->lane, g_free);
  g_clear_pointer (&layout->bounds, g_array_unref);
  g_clear_pointer (&layout->seg_first, g_array_unref);
  g_clear_pointer (&layout->seg_active, g_array_unref);
}

static guint
segment_of (Layout *layout,
            guint   offset)
{
  guint lo = 0;
  guint hi = layout->bounds->len;

  /* Index of the boundary == offset (boundaries include every piece end). */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (layout->bounds, guint, mid) < offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static guint
span_length (NewsmarkSpan *span)
{
  return newsmark_span_get_end (span) - newsmark_span_get_start (span);
}

static int
compare_for_lanes (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  GPtrArray *spans = user_data;
  NewsmarkSpan *sa = g_ptr_array_index (spans, *(const guint *) a);
  NewsmarkSpan *sb = g_ptr_array_index (spans, *(const guint *) b);
  guint la = span_length (sa);
  guint lb = span_length (sb);

  if (la != lb)
    return la < lb ? -1 : 1;
  return newsmark_span_compare (sa, sb);
}

/* Splits the text at every span boundary into segments, lists the spans
 * active in each, and gives every span an underline lane: shorter spans
 * first, each on the lowest lane no overlapping span already has, so a
 * span keeps one lane along its whole length and an enclosing span's line
 * sits below those of the spans inside it. */
static void
layout_build (Layout                *layout,
              NewsmarkAnnotationSet *set,
              gboolean               show_rejected)
{
  GListModel *model = newsmark_annotation_set_get_spans (set);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  g_autoptr(GArray) active = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) order = NULL;
  guint next_piece = 0;

  layout->spans = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      NewsmarkSpan *span = g_list_model_get_item (model, i);

      if (!show_rejected && newsmark_span_get_status (span) == NEWSMARK_STATUS_REJECTED)
        {
          g_object_unref (span);
          continue;
        }
      g_ptr_array_add (layout->spans, span);
    }

  for (guint i = 0; i < layout->spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (layout->spans, i);
      guint n_fragments = newsmark_span_get_n_fragments (span);

      if (n_fragments == 0)
        {
          Piece piece = { newsmark_span_get_start (span), newsmark_span_get_end (span), i };

          g_array_append_val (pieces, piece);
        }
      else
        {
          const NewsmarkFragment *fragments = newsmark_span_get_fragments (span);

          for (guint f = 0; f < n_fragments; f++)
            {
              Piece piece = { fragments[f].start, fragments[f].end, i };

              g_array_append_val (pieces, piece);
            }
        }
    }
  g_array_sort (pieces, compare_pieces);

  layout->bounds = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, i);

      g_array_append_val (layout->bounds, piece->start);
      g_array_append_val (layout->bounds, piece->end);
    }
  g_array_sort (layout->bounds, compare_uint);
  {
    guint out = 0;

    for (guint i = 0; i < layout->bounds->len; i++)
      {
        guint v = g_array_index (layout->bounds, guint, i);

        if (out == 0 || g_array_index (layout->bounds, guint, out - 1) != v)
          g_array_index (layout->bounds, guint, out++) = v;
      }
    g_array_set_size (layout->bounds, out);
  }

  /* Sweep: segment k is [bounds[k], bounds[k + 1]). */
  layout->seg_first = g_array_new (FALSE, FALSE, sizeof (guint));
  layout->seg_active = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint k = 0; k + 1 < layout->bounds->len; k++)
    {
      guint seg_start = g_array_index (layout->bounds, guint, k);
      guint first = layout->seg_active->len;
      guint out = 0;

      /* Drop pieces that ended, add those that start here. */
      for (guint a = 0; a < active->len; a++)
        {
          const Piece *piece = &g_array_index (pieces, Piece, g_array_index (active, guint, a));

          if (piece->end > seg_start)
            g_array_index (active, guint, out++) = g_array_index (active, guint, a);
        }
      g_array_set_size (active, out);
      while (next_piece < pieces->len &&
             g_array_index (pieces, Piece, next_piece).start == seg_start)
        {
          g_array_append_val (active, next_piece);
          next_piece++;
        }

      g_array_append_val (layout->seg_first, first);
      for (guint a = 0; a < active->len; a++)
        g_array_append_val (layout->seg_active,
                            g_array_index (pieces, Piece, g_array_index (active, guint, a)).span);
    }
  {
    guint end = layout->seg_active->len;

    g_array_append_val (layout->seg_first, end);
  }

  /* Lanes. */
  layout->lane = g_new0 (guint, MAX (layout->spans->len, 1));
  order = g_array_sized_new (FALSE, FALSE, sizeof (guint), layout->spans->len);
  for (guint i = 0; i < layout->spans->len; i++)
    g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_for_lanes, layout->spans);

  {
    g_autofree gboolean *assigned = g_new0 (gboolean, MAX (layout->spans->len, 1));

    for (guint o = 0; o < order->len; o++)
      {
        guint i = g_array_index (order, guint, o);
        NewsmarkSpan *span = g_ptr_array_index (layout->spans, i);
        guint first_seg = segment_of (layout, newsmark_span_get_start (span));
        guint last_seg = segment_of (layout, newsmark_span_get_end (span));
        guint32 used = 0;
        guint lane = 0;

        for (guint k = first_seg; k < last_seg && k + 1 < layout->seg_first->len; k++)
          {
            guint from = g_array_index (layout->seg_first, guint, k);
            guint to = g_array_index (layout->seg_first, guint, k + 1);

            for (guint a = from; a < to; a++)
              {
                guint other = g_array_index (layout->seg_active, guint, a);

                if (other != i && assigned[other])
                  used |= 1u << layout->lane[other];
              }
          }

        while (lane < MAX_LANES - 1 && (used & (1u << lane)) != 0)
          lane++;
        layout->lane[i] = lane;
        assigned[i] = TRUE;
      }
  }
}

static GHashTable *
label_classes (NewsmarkSchema *schema)
{
  GListModel *labels = newsmark_schema_get_labels (schema);
  GHashTable *classes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);

      g_hash_table_insert (classes, (gpointer) newsmark_label_get_name (label), GUINT_TO_POINTER (i + 1));
    }

  return classes;
}

static guint
label_class (GHashTable *classes,
             const char *label)
{
  /* 0 is the grey class of labels missing from the schema. */
  return GPOINTER_TO_UINT (g_hash_table_lookup (classes, label));
}

static void
append_origin (GString              *out,
               const NewsmarkOrigin *origin)
{
  g_autofree char *display = NULL;

  if (origin == NULL)
    return;

  display = newsmark_origin_to_display (origin);
  append_escaped (out, display);
}

static void
write_style (GString        *out,
             NewsmarkSchema *schema,
             guint           max_lane)
{
  GListModel *labels = newsmark_schema_get_labels (schema);

  g_string_append (out,
    "<style>\n"
    ":root{color-scheme:light dark;--fg:#1e1e1e;--bg:#ffffff;--muted:#5e5c64;--rule:#deddda;--panel:#f6f5f4}\n"
    "@media (prefers-color-scheme: dark){:root{--fg:#f6f5f4;--bg:#1e1e1e;--muted:#c0bfbc;--rule:#3d3846;--panel:#2a2a2a}}\n"
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg);"
    "max-width:62em;margin:1.5em auto;padding:0 1em;line-height:1.45}\n"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid var(--rule);padding-bottom:.2em}\n"
    ".meta{color:var(--muted);font-size:.9em}.meta code{font-size:.95em}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;padding:.6em .8em;background:var(--panel);border-radius:6px;font-size:.9em}\n"
    ".legend .item{white-space:nowrap}\n"
    ".chip{display:inline-block;width:.95em;height:.95em;border-radius:3px;vertical-align:-.12em;margin-right:.35em;background:var(--c)}\n"
    ".s.sample{--c:var(--muted);--t:transparent;padding:0 .25em 2px}\n"
    ".article{white-space:pre-wrap;overflow-wrap:break-word;font-family:Georgia,'DejaVu Serif',serif;font-size:1.05em;");
  g_string_append_printf (out, "line-height:calc(1.75em + %upx);", max_lane * 4);
  g_string_append (out,
    "padding:1em 1.2em;border:1px solid var(--rule);border-radius:6px}\n"
    ".s{border-bottom:2px solid var(--c);background:var(--t)}\n"
    ".s.suggested{border-bottom-style:dashed}\n"
    ".s.rejected{border-bottom-style:dotted;text-decoration:line-through;background:none}\n");

  for (guint lane = 0; lane <= max_lane; lane++)
    g_string_append_printf (out, ".k%u{padding-bottom:%upx}\n", lane, 1 + lane * 4);

  /* Label colours: the border in full, the background as a light tint, so
   * nested spans visibly stack. */
  g_string_append (out, ".l0{--c:#9a9996;--t:#9a99961f}\n");
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
      const char *colour = newsmark_label_get_colour (label);

      if (colour == NULL || strlen (colour) != 7 || colour[0] != '#')
        colour = "#9a9996";
      g_string_append_printf (out, ".l%u{--c:%s;--t:%s24}\n", i + 1, colour, colour);
    }

  g_string_append (out,
    "table{border-collapse:collapse;width:100%;font-size:.9em}\n"
    "th,td{text-align:left;vertical-align:top;padding:.3em .5em;border-bottom:1px solid var(--rule)}\n"
    "th{background:var(--panel)}td.label{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".status{font-size:.85em;padding:0 .4em;border-radius:3px;border:1px solid var(--muted);white-space:nowrap}\n"
    ".status.accepted{border-color:#26a269}.status.suggested{border-style:dashed}.status.rejected{border-color:#c01c28}\n"
    "ul.decisions{margin:0;padding-left:1.1em}\n"
    "</style>\n");
}

static void
write_article (GString               *out,
               NewsmarkAnnotationSet *set,
               Layout                *layout,
               GHashTable            *classes)
{
  NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
  const char *text = newsmark_document_get_text (document);
  guint length = newsmark_document_get_length (document);
  guint pos = 0;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));

  g_string_append (out, "<div class=\"article\">");

  for (guint k = 0; k + 1 < layout->bounds->len; k++)
    {
      guint seg_start = g_array_index (layout->bounds, guint, k);
      guint seg_end = g_array_index (layout->bounds, guint, k + 1);
      guint from = g_array_index (layout->seg_first, guint, k);
      guint to = g_array_index (layout->seg_first, guint, k + 1);
      gsize b0, b1;

      if (pos < seg_start)
        {
          b0 = newsmark_document_offset_to_byte (document, pos);
          b1 = newsmark_document_offset_to_byte (document, seg_start);
          append_escaped_len (out, text + b0, b1 - b0);
        }

      /* Outer lanes outside: the enclosing span's line sits lowest. */
      g_array_set_size (stack, 0);
      for (guint a = from; a < to; a++)
        g_array_append_val (stack, g_array_index (layout->seg_active, guint, a));
      for (guint x = 1; x < stack->len; x++)
        {
          guint v = g_array_index (stack, guint, x);
          guint y = x;

          while (y > 0 && layout->lane[g_array_index (stack, guint, y - 1)] < layout->lane[v])
            {
              g_array_index (stack, guint, y) = g_array_index (stack, guint, y - 1);
              y--;
            }
          g_array_index (stack, guint, y) = v;
        }

      for (guint x = 0; x < stack->len; x++)
        {
          guint i = g_array_index (stack, guint, x);
          NewsmarkSpan *span = g_ptr_array_index (layout->spans, i);
          NewsmarkStatus status = newsmark_span_get_status (span);

          g_string_append_printf (out, "<span class=\"s l%u k%u %s\" title=\"",
                                  label_class (classes, newsmark_span_get_label (span)),
                                  layout->lane[i], newsmark_status_to_string (status));
          append_escaped_printf (out, "%s %s (%s", newsmark_span_get_label (span),
                                 newsmark_span_get_id (span), newsmark_status_to_string (status));
          if (newsmark_span_get_origin (span) != NULL)
            {
              g_string_append (out, ", ");
              append_origin (out, newsmark_span_get_origin (span));
            }
          g_string_append (out, ")\">");
        }

      b0 = newsmark_document_offset_to_byte (document, seg_start);
      b1 = newsmark_document_offset_to_byte (document, seg_end);
      append_escaped_len (out, text + b0, b1 - b0);

      for (guint x = 0; x < stack->len; x++)
        g_string_append (out, "</span>");

      pos = seg_end;
    }

  if (pos < length)
    {
      gsize b0 = newsmark_document_offset_to_byte (document, pos);

      append_escaped_len (out, text + b0, newsmark_document_get_n_bytes (document) - b0);
    }

  g_string_append (out, "</div>\n");
}

/* span id → GPtrArray of char* (HTML-escaped decision lines). */
static GHashTable *
collect_decisions (NewsmarkAnnotationSet *set)
{
  GHashTable *decisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  GPtrArray *log = newsmark_annotation_set_get_log (set);

  for (guint i = 0; log != NULL && i < log->len; i++)
    {
      const NewsmarkLogEntry *entry = g_ptr_array_index (log, i);
      g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *details = NULL;
      GString *line;

      if (entry->target != NULL)
        g_ptr_array_add (targets, g_strdup (entry->target));

      if (targets->len == 0)
        continue;

      line = g_string_new ("<li><b>");
      append_escaped (line, entry->action);
      g_string_append (line, "</b> by ");
      append_escaped (line, entry->who != NULL ? entry->who : "unknown");
      g_string_append (line, ", ");
      append_escaped (line, entry->time);
      if (g_strcmp0 (entry->action, "edit") == 0)
        {
          details = describe_detail (entry);
          g_string_append (line, ": ");
          append_escaped (line, details);
        }
      g_string_append (line, "</li>");

      for (guint t = 0; t < targets->len; t++)
        {
          const char *id = g_ptr_array_index (targets, t);
          GPtrArray *list = g_hash_table_lookup (decisions, id);

          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (decisions, g_strdup (id), list);
            }
          g_ptr_array_add (list, g_strdup (line->str));
        }
      g_string_free (line, TRUE);
    }

  return decisions;
}

static void
write_span_row (GString      *out,
                NewsmarkSpan *span,
                GHashTable   *classes,
                GHashTable   *decisions,
                gboolean      unplaced)
{
  NewsmarkStatus status = newsmark_span_get_status (span);
  GPtrArray *list = g_hash_table_lookup (decisions, newsmark_span_get_id (span));
  g_autofree char *text = flat_excerpt (newsmark_span_get_text (span), 120);

  g_string_append (out, "<tr><td>");
  append_escaped (out, newsmark_span_get_id (span));
  g_string_append_printf (out, "</td><td class=\"label\"><span class=\"chip l%u\"></span>",
                          label_class (classes, newsmark_span_get_label (span)));
  append_escaped (out, newsmark_span_get_label (span));
  g_string_append (out, "</td><td>");
  append_escaped (out, text);
  g_string_append (out, "</td><td class=\"num\">");
  if (unplaced)
    {
      guint n = newsmark_span_get_n_candidates (span);
      const NewsmarkFragment *candidates = newsmark_span_get_candidates (span);

      append_escaped (out, newsmark_span_get_unplaced_reason (span));
      for (guint i = 0; i < n && i < 12; i++)
        g_string_append_printf (out, "%s%u-%u", i == 0 ? "<br>" : ", ", candidates[i].start, candidates[i].end);
      if (n > 12)
        g_string_append_printf (out, ", … %u more", n - 12);
    }
  else
    {
      g_string_append_printf (out, "%u-%u", newsmark_span_get_start (span), newsmark_span_get_end (span));
    }
  g_string_append_printf (out, "</td><td><span class=\"status %s\">%s</span></td><td>",
                          newsmark_status_to_string (status), newsmark_status_to_string (status));
  append_origin (out, newsmark_span_get_origin (span));
  g_string_append (out, "</td><td>");
  if (list != NULL)
    {
      g_string_append (out, "<ul class=\"decisions\">");
      for (guint i = 0; i < list->len; i++)
        g_string_append (out, g_ptr_array_index (list, i));
      g_string_append (out, "</ul>");
    }
  g_string_append (out, "</td></tr>\n");
}

char *
newsmark_report_to_html (NewsmarkAnnotationSet       *set,
                         const NewsmarkReportOptions *options)
{
  static const NewsmarkReportOptions default_options = { 0 };
  NewsmarkDocument *document;
  NewsmarkSchema *schema;
  GListModel *spans;
  GListModel *unplaced;
  GListModel *labels;
  g_autoptr(GHashTable) classes = NULL;
  g_autoptr(GHashTable) decisions = NULL;
  g_autofree char *title = NULL;
  GPtrArray *log;
  Layout layout = { 0 };
  guint max_lane = 0;
  guint reviewed = 0, total = 0;
  guint counts[3] = { 0 };
  GString *out;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), NULL);

  if (options == NULL)
    options = &default_options;

  document = newsmark_annotation_set_get_document (set);
  schema = newsmark_annotation_set_get_schema (set);
  spans = newsmark_annotation_set_get_spans (set);
  unplaced = newsmark_annotation_set_get_unplaced (set);
  labels = newsmark_schema_get_labels (schema);
  classes = label_classes (schema);
  decisions = collect_decisions (set);

  if (options->title != NULL)
    title = g_strdup (options->title);
  else if (newsmark_annotation_set_get_document_path (set) != NULL)
    title = g_path_get_basename (newsmark_annotation_set_get_document_path (set));
  else if (newsmark_annotation_set_get_file (set) != NULL)
    title = g_file_get_basename (newsmark_annotation_set_get_file (set));
  else
    title = g_strdup ("Annotations");

  layout_build (&layout, set, options->show_rejected);
  for (guint i = 0; i < layout.spans->len; i++)
    max_lane = MAX (max_lane, layout.lane[i]);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      counts[newsmark_span_get_status (span)]++;
    }
  newsmark_review_get_progress (set, &reviewed, &total);

  out = g_string_new ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>");
  append_escaped_printf (out, "Newsmark report — %s", title);
  g_string_append (out, "</title>\n");
  write_style (out, schema, max_lane);
  g_string_append (out, "</head>\n<body>\n<h1>");
  append_escaped (out, title);
  g_string_append (out, "</h1>\n<p class=\"meta\">");
  if (newsmark_annotation_set_get_document_path (set) != NULL)
    {
      g_string_append (out, "Article <code>");
      append_escaped (out, newsmark_annotation_set_get_document_path (set));
      g_string_append (out, "</code> · ");
    }
  g_string_append_printf (out, "%u characters · SHA-256 <code>%.16s…</code><br>"
                          "%u spans: %u accepted, %u suggested, %u rejected · %u unplaced · "
                          "%u of %u model suggestions reviewed</p>\n",
                          newsmark_document_get_length (document),
                          newsmark_document_get_sha256 (document),
                          g_list_model_get_n_items (spans),
                          counts[NEWSMARK_STATUS_ACCEPTED], counts[NEWSMARK_STATUS_SUGGESTED],
                          counts[NEWSMARK_STATUS_REJECTED],
                          g_list_model_get_n_items (unplaced), reviewed, total);

  /* Legend. */
  g_string_append (out, "<div class=\"legend\">");
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);

      g_string_append_printf (out, "<span class=\"item\"><span class=\"chip l%u\"></span>", i + 1);
      append_escaped (out, newsmark_label_get_name (label));
      g_string_append (out, " <span class=\"meta\">");
      append_escaped (out, newsmark_category_to_string (newsmark_label_get_category (label)));
      g_string_append (out, "</span></span>");
    }
  g_string_append (out,
                   "<span class=\"item\"><span class=\"s sample\">accepted</span></span>"
                   "<span class=\"item\"><span class=\"s sample suggested\">suggested</span></span>");
  if (options->show_rejected)
    g_string_append (out, "<span class=\"item\"><span class=\"s sample rejected\">rejected</span></span>");
  g_string_append (out, "</div>\n");

  g_string_append (out, "<h2>Article</h2>\n");
  write_article (out, set, &layout, classes);

  g_string_append (out, "<h2>Spans</h2>\n<table>\n<thead><tr><th>Id</th><th>Label</th><th>Text</th>"
                        "<th>Range</th><th>Status</th><th>Origin</th><th>Decisions</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      write_span_row (out, span, classes, decisions, FALSE);
    }
  g_string_append (out, "</tbody>\n</table>\n");

  if (g_list_model_get_n_items (unplaced) > 0)
    {
      g_string_append (out, "<h2>Unplaced suggestions</h2>\n<table>\n<thead><tr><th>Id</th><th>Label</th>"
                            "<th>Text</th><th>Reason, candidates</th><th>Status</th><th>Origin</th>"
                            "<th>Decisions</th></tr></thead>\n<tbody>\n");
      for (guint i = 0; i < g_list_model_get_n_items (unplaced); i++)
        {
          g_autoptr(NewsmarkSpan) span = g_list_model_get_item (unplaced, i);

          write_span_row (out, span, classes, decisions, TRUE);
        }
      g_string_append (out, "</tbody>\n</table>\n");
    }

  log = newsmark_annotation_set_get_log (set);
  g_string_append (out, "<h2>Audit log</h2>\n");
  if (log == NULL || log->len == 0)
    {
      g_string_append (out, "<p class=\"meta\">No entries.</p>\n");
    }
  else
    {
      g_string_append (out, "<table>\n<thead><tr><th>Time</th><th>Who</th><th>Action</th>"
                            "<th>Span</th><th>Details</th></tr></thead>\n<tbody>\n");
      for (guint i = 0; i < log->len; i++)
        {
          const NewsmarkLogEntry *entry = g_ptr_array_index (log, i);
          g_autofree char *details = describe_detail (entry);
          g_autofree char *short_details = flat_excerpt (details, 300);

          g_string_append (out, "<tr><td class=\"num\">");
          append_escaped (out, entry->time);
          g_string_append (out, "</td><td>");
          append_escaped (out, entry->who);
          g_string_append (out, "</td><td>");
          append_escaped (out, entry->action);
          g_string_append (out, "</td><td>");
          append_escaped (out, entry->target);
          g_string_append (out, "</td><td>");
          append_escaped (out, short_details);
          g_string_append (out, "</td></tr>\n");
        }
      g_string_append (out, "</tbody>\n</table>\n");
    }

  g_string_append (out, "</body>\n</html>\n");

  layout_clear (&layout);

  return g_string_free (out, FALSE);
}

gboolean
newsmark_report_write (NewsmarkAnnotationSet       *set,
                       const NewsmarkReportOptions *options,
                       GFile                       *output,
                       GError                     **error)
{
  g_autofree char *html = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  html = newsmark_report_to_html (set, options);

  return newsmark_write_file_atomic (output, html, strlen (html), FALSE, error);
}
