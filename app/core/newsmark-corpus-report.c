/* newsmark-corpus-report.c — one page on a whole corpus, for editors
 *
 * Like the single-article report, the page carries everything inline: the
 * charts are SVG drawn here, there is no script and nothing is fetched, so
 * it can be mailed or archived as it is. Every text from the corpus (paths,
 * titles, names, labels, messages) goes through g_markup_escape_text.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-c/json.h>

#include "newsmark/newsmark-agreement.h"
#include "newsmark/newsmark-corpus-report.h"
#include "newsmark/newsmark-suggest.h"
#include "newsmark-corpus-private.h"

#define CHART_WIDTH 720
#define BAR_HEIGHT  22
#define LABEL_WIDTH 150

static const char * const state_colours[] = {
  [NEWSMARK_LAYER_NEW] = "#c0bfbc",
  [NEWSMARK_LAYER_IN_PROGRESS] = "#e5a50a",
  [NEWSMARK_LAYER_DONE] = "#26a269",
  [NEWSMARK_LAYER_BROKEN] = "#c01c28",
};
static const char * const layer_colours[] = {
  "#3584e4", "#e66100", "#9141ac", "#2ec27e", "#c64600", "#1c71d8", "#813d9c", "#986a44",
};
#define GOLD_COLOUR "#a07800"

typedef struct {
  char       *name;
  guint       by_state[NEWSMARK_LAYER_BROKEN + 1];
  guint64     spans;        /* accepted, in readable layers */
  GHashTable *labels;       /* label → count (GUINT_TO_POINTER) */
  GPtrArray  *done_dates;   /* "YYYY-MM-DD" of each layer marked done */
  guint       undated;      /* done, with no "state" entry in the log */
} LayerSummary;

typedef struct {
  NewsmarkCorpus                    *corpus;
  const NewsmarkCorpusReportOptions *options;
  GPtrArray                         *problems;
  guint                              n_layers;
  LayerSummary                      *layers;     /* annotators, then gold */
  GArray                            *span_counts;  /* guint: accepted spans per annotator layer */
  GPtrArray                         *agreements; /* NewsmarkAgreement* per pair i < j, row-major */
  char                              *pages;      /* folder of the layers' pages, relative to the report */
  GFile                             *pages_root;
  GHashTable                        *pages_written;  /* "article\nlayer" */
} Report;

static const char *
layer_colour (Report *r,
              guint   i)
{
  return i + 1 == r->n_layers ? GOLD_COLOUR : layer_colours[i % G_N_ELEMENTS (layer_colours)];
}

static void
unref_agreement (gpointer agreement)
{
  if (agreement != NULL)
    g_object_unref (agreement);
}

/* ---- Escaping --------------------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_printf_escaped (GString    *out,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
append_printf_escaped (GString    *out,
                       const char *format,
                       ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_string_append (out, text);
}

/* An href to a page under the report's folder: each segment
 * percent-encoded, then escaped for the attribute. */
static void
append_href (GString    *out,
             const char *rel)
{
  g_autofree char *uri = g_uri_escape_string (rel, "/", FALSE);

  append_escaped (out, uri);
}

static char *
format_share (double share)
{
  return g_strdup_printf ("%.1f %%", share * 100.0);
}

/* ---- Collecting ------------------------------------------------------------------- */

static char *
page_rel (Report     *r,
          const char *article_rel,
          const char *layer)
{
  g_autofree char *stem = g_str_has_suffix (article_rel, ".txt")
                          ? g_strndup (article_rel, strlen (article_rel) - 4) : g_strdup (article_rel);

  return g_strconcat (r->pages, "/", stem, "/", layer, ".html", NULL);
}

/* The day a layer was last marked done, from its log. */
static char *
done_date (NewsmarkAnnotationSet *set)
{
  GPtrArray *log = newsmark_annotation_set_get_log (set);

  for (guint i = log->len; i > 0; i--)
    {
      const NewsmarkLogEntry *entry = g_ptr_array_index (log, i - 1);
      json_object *detail, *after;
      gboolean done = FALSE;

      if (!g_str_equal (entry->action, "state") || entry->detail_json == NULL || entry->time == NULL)
        continue;
      detail = json_tokener_parse (entry->detail_json);
      if (detail != NULL && json_object_object_get_ex (detail, "after", &after) &&
          json_object_is_type (after, json_type_string))
        done = g_str_equal (json_object_get_string (after), "done");
      json_object_put (detail);
      if (done && strlen (entry->time) >= 10)
        return g_strndup (entry->time, 10);
      if (!done)
        return NULL;
    }
  return NULL;
}

static gboolean
write_page (Report                *r,
            NewsmarkAnnotationSet *set,
            const char            *article_rel,
            const char            *layer,
            GError               **error)
{
  g_autofree char *rel = page_rel (r, article_rel, layer);
  g_autofree char *title = g_strdup_printf ("%s — %s", article_rel, layer);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *html = NULL;
  NewsmarkReportOptions options = { FALSE, title };
  g_autoptr(GError) local_error = NULL;

  file = g_file_resolve_relative_path (r->pages_root, rel + strlen (r->pages) + 1);
  folder = g_file_get_parent (file);
  if (!g_file_make_directory_with_parents (folder, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  html = newsmark_report_to_html (set, &options);
  path = g_file_get_path (file);
  /* Pages are made again from the corpus any time: atomic, but not worth
   * an fsync each. */
  if (!g_file_set_contents_full (path, html, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0666, error))
    return FALSE;
  g_hash_table_add (r->pages_written, g_strconcat (article_rel, "\n", layer, NULL));
  return TRUE;
}

static void
count_layer (Report              *r,
             guint                i,
             NewsmarkCorpusLayer *layer)
{
  LayerSummary *summary = &r->layers[i];
  NewsmarkLayerState state = newsmark_corpus_layer_get_state (layer);
  const char * const *labels = newsmark_corpus_layer_get_labels (layer);

  summary->by_state[state]++;
  if (state != NEWSMARK_LAYER_IN_PROGRESS && state != NEWSMARK_LAYER_DONE)
    return;
  summary->spans += newsmark_corpus_layer_get_n_accepted (layer);
  for (guint k = 0; labels[k] != NULL; k++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (summary->labels, labels[k]));

      g_hash_table_insert (summary->labels, g_strdup (labels[k]),
                           GUINT_TO_POINTER (n + newsmark_corpus_layer_get_label_count (layer, labels[k])));
    }
  if (i + 1 < r->n_layers)
    {
      guint n = newsmark_corpus_layer_get_n_accepted (layer);

      g_array_append_val (r->span_counts, n);
    }
}

static gboolean
collect (Report                     *r,
         GCancellable               *cancellable,
         NewsmarkCorpusProgressFunc  progress,
         gpointer                    progress_data,
         GError                    **error)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (r->corpus));
  g_autofree NewsmarkAnnotationSet **done_sets = g_new0 (NewsmarkAnnotationSet *, r->n_layers);

  for (guint a = 0; a < n; a++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (r->corpus), a);
      const char *article_rel = newsmark_corpus_article_get_path (article);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (guint i = 0; i < r->n_layers; i++)
        {
          NewsmarkCorpusLayer *layer = newsmark_corpus_article_get_layer (article, i);
          NewsmarkLayerState state = newsmark_corpus_layer_get_state (layer);
          g_autoptr(NewsmarkAnnotationSet) set = NULL;
          g_autoptr(GError) local_error = NULL;

          count_layer (r, i, layer);
          if (state != NEWSMARK_LAYER_IN_PROGRESS && state != NEWSMARK_LAYER_DONE)
            continue;

          set = newsmark_corpus_load_layer (r->corpus, article, r->layers[i].name, NEWSMARK_LOAD_DEFAULT,
                                            NULL, &local_error);
          if (set == NULL)
            {
              g_ptr_array_add (r->problems,
                               newsmark_problem_new (NEWSMARK_SEVERITY_ERROR, newsmark_corpus_layer_get_path (layer),
                                                     NULL, 0, 0, "not in the report: %s", local_error->message));
              continue;
            }
          if (!write_page (r, set, article_rel, r->layers[i].name, error))
            return FALSE;
          if (state == NEWSMARK_LAYER_DONE)
            {
              char *date = done_date (set);

              if (date != NULL)
                g_ptr_array_add (r->layers[i].done_dates, date);
              else
                r->layers[i].undated++;
              done_sets[i] = g_steal_pointer (&set);
            }
        }

      /* Pairs marked done by both take part in the agreement. */
      for (guint i = 0; i < r->n_layers; i++)
        for (guint j = i + 1; j < r->n_layers; j++)
          {
            NewsmarkAgreement *agreement = g_ptr_array_index (r->agreements, i * r->n_layers + j);
            g_autoptr(GError) local_error = NULL;

            if (done_sets[i] == NULL || done_sets[j] == NULL)
              continue;
            if (!newsmark_agreement_add_set (agreement, 0, done_sets[i], article_rel, &local_error) ||
                !newsmark_agreement_add_set (agreement, 1, done_sets[j], article_rel, &local_error))
              g_ptr_array_add (r->problems,
                               newsmark_problem_new (NEWSMARK_SEVERITY_WARNING, article_rel, NULL, 0, 0,
                                                     "left out of the agreement of %s and %s: %s",
                                                     r->layers[i].name, r->layers[j].name, local_error->message));
          }
      for (guint i = 0; i < r->n_layers; i++)
        g_clear_object (&done_sets[i]);

      if (progress != NULL)
        progress (a + 1, n, progress_data);
    }

  for (guint k = 0; k < r->agreements->len; k++)
    {
      NewsmarkAgreement *agreement = g_ptr_array_index (r->agreements, k);

      if (agreement != NULL)
        newsmark_agreement_compute (agreement, NULL, NULL);
    }
  return TRUE;
}

/* ---- Charts ----------------------------------------------------------------------- */

static void
svg_open (GString    *out,
          guint       height,
          const char *title)
{
  g_string_append_printf (out, "<svg class=\"chart\" viewBox=\"0 0 %u %u\" width=\"100%%\" role=\"img\" "
                               "xmlns=\"http://www.w3.org/2000/svg\"><title>", CHART_WIDTH, height);
  append_escaped (out, title);
  g_string_append (out, "</title>\n");
}

static void
svg_text (GString    *out,
          double      x,
          double      y,
          const char *anchor,
          const char *cls,
          const char *text)
{
  g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor, cls);
  append_escaped (out, text);
  g_string_append (out, "</text>\n");
}

static void
svg_rect (GString    *out,
          double      x,
          double      y,
          double      w,
          double      h,
          const char *fill,
          const char *tip)
{
  g_string_append_printf (out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">", x, y,
                          MAX (w, 0.0), h, fill);
  if (tip != NULL)
    {
      g_string_append (out, "<title>");
      append_escaped (out, tip);
      g_string_append (out, "</title>");
    }
  g_string_append (out, "</rect>\n");
}

static void
legend_item (GString    *out,
             const char *colour,
             const char *text)
{
  g_string_append_printf (out, "<span class=\"item\"><span class=\"chip\" style=\"--c:%s\"></span>", colour);
  append_escaped (out, text);
  g_string_append (out, "</span>");
}

static void
chart_states (Report  *r,
              GString *out)
{
  guint height = r->n_layers * (BAR_HEIGHT + 10) + 10;
  guint total = g_list_model_get_n_items (G_LIST_MODEL (r->corpus));
  double width = CHART_WIDTH - LABEL_WIDTH - 10;
  static const NewsmarkLayerState order[] = {
    NEWSMARK_LAYER_DONE, NEWSMARK_LAYER_IN_PROGRESS, NEWSMARK_LAYER_NEW, NEWSMARK_LAYER_BROKEN,
  };

  g_string_append (out, "<h2>Articles by state</h2>\n<p class=\"legend\">");
  for (guint s = 0; s < G_N_ELEMENTS (order); s++)
    legend_item (out, state_colours[order[s]], newsmark_layer_state_to_string (order[s]));
  g_string_append (out, "</p>\n");

  svg_open (out, height, "Articles by state, one bar per annotator");
  for (guint i = 0; i < r->n_layers; i++)
    {
      LayerSummary *summary = &r->layers[i];
      double y = 10 + i * (BAR_HEIGHT + 10);
      double x = LABEL_WIDTH;

      svg_text (out, LABEL_WIDTH - 8, y + BAR_HEIGHT * 0.7, "end", "axis", summary->name);
      for (guint s = 0; s < G_N_ELEMENTS (order); s++)
        {
          guint count = summary->by_state[order[s]];
          double w = total > 0 ? width * count / total : 0;
          g_autofree char *tip = g_strdup_printf ("%s: %u %s", summary->name, count,
                                                  newsmark_layer_state_to_string (order[s]));

          if (count == 0)
            continue;
          svg_rect (out, x, y, w, BAR_HEIGHT, state_colours[order[s]], tip);
          if (w >= 34)
            {
              g_autofree char *label = g_strdup_printf ("%u", count);

              svg_text (out, x + w / 2, y + BAR_HEIGHT * 0.7, "middle", "on-bar", label);
            }
          x += w;
        }
    }
  g_string_append (out, "</svg>\n");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Labels of the schema in its order, then any other label found. */
static GPtrArray *
all_labels (Report *r)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  GListModel *schema_labels = newsmark_schema_get_labels (newsmark_corpus_get_schema (r->corpus));

  for (guint k = 0; k < g_list_model_get_n_items (schema_labels); k++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (schema_labels, k);
      char *name = g_strdup (newsmark_label_get_name (label));

      g_ptr_array_add (labels, name);
      g_hash_table_add (seen, name);
    }
  for (guint i = 0; i < r->n_layers; i++)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, r->layers[i].labels);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_hash_table_add (seen, key))
          g_ptr_array_add (others, key);
    }
  g_ptr_array_sort (others, compare_strings);
  for (guint k = 0; k < others->len; k++)
    g_ptr_array_add (labels, g_strdup (g_ptr_array_index (others, k)));
  return labels;
}

static void
chart_labels (Report  *r,
              GString *out)
{
  g_autoptr(GPtrArray) labels = all_labels (r);
  guint group = r->n_layers * 12 + 10;
  guint height = labels->len * group + 10;
  double width = CHART_WIDTH - LABEL_WIDTH - 130;
  double max_share = 0.0;

  g_string_append (out, "<h2>Labels</h2>\n<p class=\"legend\">");
  for (guint i = 0; i < r->n_layers; i++)
    legend_item (out, layer_colour (r, i), r->layers[i].name);
  g_string_append (out, "</p>\n<p class=\"meta\">Accepted spans per label: each bar is that label's share of "
                        "the annotator's accepted spans.</p>\n");

  /* The largest share fills the width. */
  for (guint k = 0; k < labels->len; k++)
    for (guint i = 0; i < r->n_layers; i++)
      if (r->layers[i].spans > 0)
        max_share = MAX (max_share, (double) GPOINTER_TO_UINT (g_hash_table_lookup (r->layers[i].labels,
                                                                                    g_ptr_array_index (labels, k))) /
                                    r->layers[i].spans);

  svg_open (out, height, "Share of each label among each annotator's accepted spans");
  for (guint k = 0; k < labels->len; k++)
    {
      const char *label = g_ptr_array_index (labels, k);
      double y0 = 10 + k * group;

      svg_text (out, LABEL_WIDTH - 8, y0 + group / 2.0, "end", "axis", label);
      for (guint i = 0; i < r->n_layers; i++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (r->layers[i].labels, label));
          double share = r->layers[i].spans > 0 ? (double) count / r->layers[i].spans : 0.0;
          double y = y0 + i * 12;
          g_autofree char *shown = format_share (share);
          g_autofree char *text = g_strdup_printf ("%u (%s)", count, shown);
          g_autofree char *tip = g_strdup_printf ("%s, %s: %s", label, r->layers[i].name, text);

          double w = max_share > 0 ? width * share / max_share : 0;

          svg_rect (out, LABEL_WIDTH, y, w, 10, layer_colour (r, i), tip);
          svg_text (out, LABEL_WIDTH + w + 6, y + 9, "start", "small", text);
        }
    }
  g_string_append (out, "</svg>\n");

  /* The same figures as a table. */
  g_string_append (out, "<table class=\"numbers\"><tr><th>label</th>");
  for (guint i = 0; i < r->n_layers; i++)
    {
      g_string_append (out, "<th class=\"num\">");
      append_escaped (out, r->layers[i].name);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr>\n");
  for (guint k = 0; k < labels->len; k++)
    {
      const char *label = g_ptr_array_index (labels, k);

      g_string_append (out, "<tr><td>");
      append_escaped (out, label);
      g_string_append (out, "</td>");
      for (guint i = 0; i < r->n_layers; i++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (r->layers[i].labels, label));
          g_autofree char *shown = format_share (r->layers[i].spans > 0 ? (double) count / r->layers[i].spans : 0.0);

          append_printf_escaped (out, "<td class=\"num\">%u <span class=\"meta\">%s</span></td>", count, shown);
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

static void
chart_histogram (Report  *r,
                 GString *out)
{
  guint max = 0, n_bins, bin_width, peak = 0;
  g_autofree guint *bins = NULL;
  guint height = 200;
  double top = 20, plot_h = height - 50, left = 50, width = CHART_WIDTH - left - 10;

  g_string_append (out, "<h2>Spans per article</h2>\n");
  if (r->span_counts->len == 0)
    {
      g_string_append (out, "<p class=\"meta\">No annotator has begun an article yet.</p>\n");
      return;
    }
  for (guint k = 0; k < r->span_counts->len; k++)
    max = MAX (max, g_array_index (r->span_counts, guint, k));
  bin_width = MAX (1, (max + 12) / 12);
  n_bins = max / bin_width + 1;
  bins = g_new0 (guint, n_bins);
  for (guint k = 0; k < r->span_counts->len; k++)
    bins[g_array_index (r->span_counts, guint, k) / bin_width]++;
  for (guint b = 0; b < n_bins; b++)
    peak = MAX (peak, bins[b]);

  append_printf_escaped (out, "<p class=\"meta\">Accepted spans in each annotator's layer of an article (%u layers "
                              "begun or done); bars of %u.</p>\n", r->span_counts->len, bin_width);
  svg_open (out, height, "Histogram of accepted spans per layer");
  for (guint b = 0; b < n_bins; b++)
    {
      double w = width / n_bins;
      double h = peak > 0 ? plot_h * bins[b] / peak : 0;
      double x = left + b * w;
      g_autofree char *range = bin_width == 1 ? g_strdup_printf ("%u", b)
                                              : g_strdup_printf ("%u–%u", b * bin_width, (b + 1) * bin_width - 1);
      g_autofree char *tip = g_strdup_printf ("%s spans: %u layers", range, bins[b]);

      svg_rect (out, x + 1, top + plot_h - h, w - 2, h, "#3584e4", tip);
      if (bins[b] > 0)
        {
          g_autofree char *count = g_strdup_printf ("%u", bins[b]);

          svg_text (out, x + w / 2, top + plot_h - h - 3, "middle", "small", count);
        }
      svg_text (out, x + w / 2, height - 12, "middle", "small", range);
    }
  g_string_append_printf (out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"rule\"/>\n",
                          left, top + plot_h, left + width, top + plot_h);
  g_string_append (out, "</svg>\n");
}

static void
chart_progress (Report  *r,
                GString *out)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new ();
  g_autoptr(GHashTable) day_index = g_hash_table_new (g_str_hash, g_str_equal);
  guint height = 230, peak = 0, undated = 0;
  double left = 50, top = 25, plot_h = height - 60, width = CHART_WIDTH - left - 20;

  g_string_append (out, "<h2>Progress over time</h2>\n");
  for (guint i = 0; i < r->n_layers; i++)
    {
      undated += r->layers[i].undated;
      for (guint k = 0; k < r->layers[i].done_dates->len; k++)
        {
          char *day = g_ptr_array_index (r->layers[i].done_dates, k);

          if (g_hash_table_add (day_index, day))
            g_ptr_array_add (days, day);
        }
    }
  if (days->len == 0)
    {
      g_string_append (out, "<p class=\"meta\">No layer has been marked done yet (the logs have no "
                            "“state” entry).</p>\n");
      return;
    }
  g_ptr_array_sort (days, compare_strings);
  for (guint d = 0; d < days->len; d++)
    g_hash_table_insert (day_index, g_ptr_array_index (days, d), GUINT_TO_POINTER (d + 1));
  for (guint i = 0; i < r->n_layers; i++)
    peak = MAX (peak, r->layers[i].done_dates->len);

  g_string_append (out, "<p class=\"legend\">");
  for (guint i = 0; i < r->n_layers; i++)
    if (r->layers[i].done_dates->len > 0)
      legend_item (out, layer_colour (r, i), r->layers[i].name);
  g_string_append (out, "</p>\n");
  append_printf_escaped (out, "<p class=\"meta\">Layers marked done, counted up day by day from the “state” "
                              "entries of the files' logs (UTC)%s.</p>\n",
                         undated > 0 ? "; layers marked done without such an entry are not shown" : "");

  svg_open (out, height, "Layers marked done over time, per annotator");
  for (guint i = 0; i < r->n_layers; i++)
    {
      g_autofree guint *per_day = g_new0 (guint, days->len);
      guint cumulative = 0;
      GPtrArray *dates = r->layers[i].done_dates;

      if (dates->len == 0)
        continue;
      for (guint k = 0; k < dates->len; k++)
        per_day[GPOINTER_TO_UINT (g_hash_table_lookup (day_index, g_ptr_array_index (dates, k))) - 1]++;
      /* From nothing, the day before the first, to each day's total. */
      g_string_append_printf (out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" points=\"%.1f,%.1f ",
                              layer_colour (r, i), left, top + plot_h);
      for (guint d = 0; d < days->len; d++)
        {
          double x = left + width * (d + 1) / days->len;

          cumulative += per_day[d];
          g_string_append_printf (out, "%.1f,%.1f ", x, top + plot_h - plot_h * cumulative / peak);
        }
      g_string_append (out, "\"/>\n");
      {
        double y = top + plot_h - plot_h * cumulative / peak;
        g_autofree char *label = g_strdup_printf ("%u", cumulative);

        g_string_append_printf (out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>\n", left + width, y,
                                layer_colour (r, i));
        svg_text (out, left + width - 6, y - 6, "end", "small", label);
      }
    }
  svg_text (out, left + width / days->len, height - 14, days->len > 1 ? "middle" : "end", "small",
            g_ptr_array_index (days, 0));
  if (days->len > 1)
    svg_text (out, left + width, height - 14, "end", "small", g_ptr_array_index (days, days->len - 1));
  g_string_append_printf (out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"rule\"/>\n",
                          left, top + plot_h, left + width, top + plot_h);
  g_string_append (out, "</svg>\n");
}

/* A light-to-dark blue scale for κ in [0, 1]; below 0 stays lightest. */
static void
heat_colour (double  value,
             char   *out,
             gsize   size)
{
  double t = CLAMP (value, 0.0, 1.0);
  guint red = (guint) (0xf6 + (0x1a - 0xf6) * t);
  guint green = (guint) (0xf5 + (0x5f - 0xf5) * t);
  guint blue = (guint) (0xf4 + (0xb4 - 0xf4) * t);

  g_snprintf (out, size, "#%02x%02x%02x", red, green, blue);
}

static void
chart_agreement (Report  *r,
                 GString *out)
{
  guint n = r->n_layers;
  guint cell = 110, top = 30;
  guint height = top + n * 56 + 10;

  g_string_append (out, "<h2>Agreement</h2>\n");
  append_printf_escaped (out, "<p class=\"meta\">Each pair compared over the articles both marked done: token-level "
                              "Cohen's κ (upper number; the colour) and exact span F1 (same label and "
                              "offsets; lower number), accepted spans only; n is the number of articles.</p>\n");

  svg_open (out, height, "Pairwise agreement: kappa and span F1");
  for (guint i = 0; i < n; i++)
    {
      svg_text (out, LABEL_WIDTH - 8, top + i * 56 + 32, "end", "axis", r->layers[i].name);
      svg_text (out, LABEL_WIDTH + i * cell + cell / 2.0, top - 10, "middle", "axis", r->layers[i].name);
    }
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        double x = LABEL_WIDTH + j * cell, y = top + i * 56;
        NewsmarkAgreement *agreement = i == j ? NULL
                                       : g_ptr_array_index (r->agreements, MIN (i, j) * n + MAX (i, j));
        NewsmarkCoefficient kappa = { 0 };
        NewsmarkPrf prf = { 0 };
        guint matched = agreement != NULL ? newsmark_agreement_get_n_matched (agreement) : 0;
        char colour[8];

        if (i == j)
          {
            svg_rect (out, x + 1, y + 1, cell - 2, 54, "#deddda", NULL);
            continue;
          }
        if (matched == 0 || !newsmark_agreement_get_token_kappa (agreement, NULL, &kappa) ||
            !newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, NULL, &prf))
          {
            g_autofree char *tip = g_strdup_printf ("%s and %s: no article both marked done", r->layers[i].name,
                                                    r->layers[j].name);

            svg_rect (out, x + 1, y + 1, cell - 2, 54, "#f6f5f4", tip);
            svg_text (out, x + cell / 2.0, y + 32, "middle", "small", "–");
            continue;
          }
        heat_colour (kappa.value, colour, sizeof colour);
        {
          g_autofree char *k = isnan (kappa.value) ? g_strdup ("κ –") : g_strdup_printf ("κ %.2f", kappa.value);
          g_autofree char *f = isnan (prf.f1) ? g_strdup ("F1 –") : g_strdup_printf ("F1 %.2f", prf.f1);
          g_autofree char *m = g_strdup_printf ("n = %u", matched);
          g_autofree char *tip = g_strdup_printf ("%s and %s: %s, %s over %u articles", r->layers[i].name,
                                                  r->layers[j].name, k, f, matched);
          const char *cls = kappa.value > 0.55 ? "on-dark" : "small";

          svg_rect (out, x + 1, y + 1, cell - 2, 54, colour, tip);
          svg_text (out, x + cell / 2.0, y + 19, "middle", cls, k);
          svg_text (out, x + cell / 2.0, y + 34, "middle", cls, f);
          svg_text (out, x + cell / 2.0, y + 49, "middle", cls, m);
        }
      }
  g_string_append (out, "</svg>\n");
}

/* ---- The page --------------------------------------------------------------------- */

static void
write_style (GString *out)
{
  g_string_append (out,
    "<style>\n"
    ":root{color-scheme:light dark;--fg:#1e1e1e;--bg:#ffffff;--muted:#5e5c64;--rule:#deddda;--panel:#f6f5f4}\n"
    "@media (prefers-color-scheme: dark){:root{--fg:#f6f5f4;--bg:#1e1e1e;--muted:#c0bfbc;--rule:#3d3846;--panel:#2a2a2a}}\n"
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg);"
    "max-width:62em;margin:1.5em auto;padding:0 1em;line-height:1.45}\n"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid var(--rule);padding-bottom:.2em}\n"
    ".meta{color:var(--muted);font-size:.9em}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;padding:.5em .8em;background:var(--panel);border-radius:6px;font-size:.9em}\n"
    ".legend .item{white-space:nowrap}\n"
    ".chip{display:inline-block;width:.95em;height:.95em;border-radius:3px;vertical-align:-.12em;margin-right:.35em;background:var(--c)}\n"
    "svg.chart{display:block;margin:.5em 0 1em;font-size:12px}\n"
    "svg .axis{fill:var(--fg);font-size:13px}svg .small{fill:var(--fg);font-size:11px}\n"
    "svg .on-bar{fill:#ffffff;font-size:11px;font-weight:600}svg .on-dark{fill:#ffffff;font-size:11px}\n"
    "svg .rule{stroke:var(--muted);stroke-width:1}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9em}\n"
    "th,td{text-align:left;vertical-align:top;padding:.3em .5em;border-bottom:1px solid var(--rule)}\n"
    "th{background:var(--panel)}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".state{white-space:nowrap;font-size:.9em}.state::before{content:'';display:inline-block;width:.7em;height:.7em;"
    "border-radius:50%;margin-right:.35em;background:var(--c)}\n"
    "ul.problems{font-family:ui-monospace,monospace;font-size:.85em}\n"
    "</style>\n");
}

static void
write_articles (Report  *r,
                GString *out)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (r->corpus));

  append_printf_escaped (out, "<h2>Articles</h2>\n<p class=\"meta\">%u articles; each state links to that layer's "
                              "own report.</p>\n<table>\n<tr><th>article</th><th class=\"num\">length</th>", n);
  for (guint i = 0; i < r->n_layers; i++)
    {
      g_string_append (out, "<th>");
      append_escaped (out, r->layers[i].name);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "<th class=\"num\">errors</th></tr>\n");

  for (guint a = 0; a < n; a++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (r->corpus), a);
      const char *rel = newsmark_corpus_article_get_path (article);

      g_string_append (out, "<tr><td>");
      append_escaped (out, rel);
      if (newsmark_corpus_article_get_title (article)[0] != '\0')
        {
          g_string_append (out, "<br><span class=\"meta\">");
          append_escaped (out, newsmark_corpus_article_get_title (article));
          g_string_append (out, "</span>");
        }
      append_printf_escaped (out, "</td><td class=\"num\">%u</td>", newsmark_corpus_article_get_length (article));
      for (guint i = 0; i < r->n_layers; i++)
        {
          NewsmarkCorpusLayer *layer = newsmark_corpus_article_get_layer (article, i);
          NewsmarkLayerState state = newsmark_corpus_layer_get_state (layer);
          g_autofree char *key = g_strconcat (rel, "\n", r->layers[i].name, NULL);
          g_autofree char *text = state == NEWSMARK_LAYER_IN_PROGRESS || state == NEWSMARK_LAYER_DONE
                                  ? g_strdup_printf ("%s, %u spans", newsmark_layer_state_to_string (state),
                                                     newsmark_corpus_layer_get_n_accepted (layer))
                                  : g_strdup (newsmark_layer_state_to_string (state));

          g_string_append_printf (out, "<td><span class=\"state\" style=\"--c:%s\">", state_colours[state]);
          if (g_hash_table_contains (r->pages_written, key))
            {
              g_autofree char *href = page_rel (r, rel, r->layers[i].name);

              g_string_append (out, "<a href=\"");
              append_href (out, href);
              g_string_append (out, "\">");
              append_escaped (out, text);
              g_string_append (out, "</a>");
            }
          else
            append_escaped (out, text);
          g_string_append (out, "</span></td>");
        }
      g_string_append_printf (out, "<td class=\"num\">%u</td></tr>\n", newsmark_corpus_article_get_n_errors (article));
    }
  g_string_append (out, "</table>\n");
}

static void
append_problem_list (GString   *out,
                     GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = newsmark_problem_to_string (g_ptr_array_index (problems, i));

      g_string_append (out, "<li>");
      append_escaped (out, line);
      g_string_append (out, "</li>\n");
    }
}

static void
write_problems (Report  *r,
                GString *out)
{
  g_autoptr(GString) items = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (r->corpus));

  append_problem_list (items, newsmark_corpus_get_problems (r->corpus));
  for (guint a = 0; a < n; a++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (r->corpus), a);

      append_problem_list (items, newsmark_corpus_article_get_problems (article));
      for (guint i = 0; i < newsmark_corpus_article_get_n_layers (article); i++)
        append_problem_list (items, newsmark_corpus_layer_get_problems (newsmark_corpus_article_get_layer (article, i)));
    }
  append_problem_list (items, r->problems);

  g_string_append (out, "<h2>Problems</h2>\n");
  if (items->len == 0)
    g_string_append (out, "<p class=\"meta\">None: every file could be read.</p>\n");
  else
    {
      g_string_append (out, "<ul class=\"problems\">\n");
      g_string_append_len (out, items->str, items->len);
      g_string_append (out, "</ul>\n");
    }
}

static char *
build_page (Report *r)
{
  NewsmarkCorpusManifest *manifest = newsmark_corpus_get_manifest (r->corpus);
  GString *out = g_string_new (NULL);
  g_autofree char *title = r->options != NULL && r->options->title != NULL
                           ? g_strdup (r->options->title)
                           : g_strdup_printf ("Corpus %s", newsmark_corpus_manifest_get_name (manifest));
  g_autofree char *folder = g_file_get_parse_name (newsmark_corpus_get_folder (r->corpus));
  g_autofree char *names = g_strjoinv (", ", (char **) newsmark_corpus_get_annotators (r->corpus));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (r->corpus));
  guint per_article = newsmark_corpus_manifest_get_per_article (manifest);
  guint n_complete = 0, n_curated = 0;

  for (guint a = 0; a < n; a++)
    {
      g_autoptr(NewsmarkCorpusArticle) article = g_list_model_get_item (G_LIST_MODEL (r->corpus), a);

      if (newsmark_corpus_article_get_n_done (article) >= per_article)
        n_complete++;
      if (newsmark_corpus_article_get_curated (article))
        n_curated++;
    }

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  append_escaped (out, title);
  g_string_append (out, "</title>\n");
  write_style (out);
  g_string_append (out, "</head>\n<body>\n<h1>");
  append_escaped (out, title);
  g_string_append (out, "</h1>\n");
  append_printf_escaped (out, "<p class=\"meta\">%s · schema “%s” · annotators %s (%u per article) · made %s</p>\n",
                         folder, newsmark_schema_get_name (newsmark_corpus_get_schema (r->corpus)), names,
                         per_article, when);
  append_printf_escaped (out, "<p>%u articles: %u with %u of %u annotators done, %u curated (gold done); "
                              "%u errors.</p>\n",
                         n, n_complete, per_article, per_article, n_curated, newsmark_corpus_get_n_errors (r->corpus) +
                         newsmark_problems_count_errors (r->problems));

  chart_states (r, out);
  chart_labels (r, out);
  chart_histogram (r, out);
  chart_progress (r, out);
  if (r->n_layers - 1 >= 2 || (r->n_layers >= 2 && r->layers[r->n_layers - 1].by_state[NEWSMARK_LAYER_DONE] > 0))
    chart_agreement (r, out);
  write_articles (r, out);
  write_problems (r, out);
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

gboolean
newsmark_corpus_report_write (NewsmarkCorpus                    *corpus,
                              const NewsmarkCorpusReportOptions *options,
                              GFile                             *output,
                              GPtrArray                         *problems,
                              GCancellable                      *cancellable,
                              NewsmarkCorpusProgressFunc         progress,
                              gpointer                           progress_data,
                              GError                           **error)
{
  const char * const *names;
  g_autofree char *base = NULL;
  g_autofree char *html = NULL;
  g_autoptr(GFile) parent = NULL;
  Report r = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (NEWSMARK_IS_CORPUS (corpus), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (newsmark_corpus_get_manifest (corpus) == NULL)
    {
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_FAILED, "the corpus is not loaded");
      return FALSE;
    }

  r.corpus = corpus;
  r.options = options;
  r.problems = newsmark_problems_new ();
  names = newsmark_corpus_get_annotators (corpus);
  r.n_layers = g_strv_length ((char **) names) + 1;
  r.layers = g_new0 (LayerSummary, r.n_layers);
  for (guint i = 0; i < r.n_layers; i++)
    {
      r.layers[i].name = g_strdup (i + 1 < r.n_layers ? names[i] : NEWSMARK_CORPUS_GOLD);
      r.layers[i].labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      r.layers[i].done_dates = g_ptr_array_new_with_free_func (g_free);
    }
  r.span_counts = g_array_new (FALSE, FALSE, sizeof (guint));
  /* Only the cells above the diagonal hold one. */
  r.agreements = g_ptr_array_new_full (r.n_layers * r.n_layers, unref_agreement);
  g_ptr_array_set_size (r.agreements, r.n_layers * r.n_layers);
  for (guint i = 0; i < r.n_layers; i++)
    for (guint j = i + 1; j < r.n_layers; j++)
      {
        const char *pair[] = { r.layers[i].name, r.layers[j].name, NULL };

        g_ptr_array_index (r.agreements, i * r.n_layers + j) = newsmark_agreement_new (pair);
      }
  r.pages_written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  base = g_file_get_basename (output);
  {
    char *dot = strrchr (base, '.');

    if (dot != NULL && dot != base)
      *dot = '\0';
  }
  r.pages = g_strconcat (base, "-articles", NULL);
  parent = g_file_get_parent (output);
  r.pages_root = g_file_get_child (parent, r.pages);

  if (!collect (&r, cancellable, progress, progress_data, error))
    goto out;
  html = build_page (&r);
  ok = newsmark_write_file_atomic (output, html, strlen (html), FALSE, error);

out:
  if (problems != NULL)
    g_ptr_array_extend_and_steal (problems, g_steal_pointer (&r.problems));
  g_clear_pointer (&r.problems, g_ptr_array_unref);
  for (guint i = 0; i < r.n_layers; i++)
    {
      g_free (r.layers[i].name);
      g_hash_table_unref (r.layers[i].labels);
      g_ptr_array_unref (r.layers[i].done_dates);
    }
  g_free (r.layers);
  g_array_unref (r.span_counts);
  g_ptr_array_unref (r.agreements);
  g_hash_table_unref (r.pages_written);
  g_free (r.pages);
  g_clear_object (&r.pages_root);
  return ok;
}
