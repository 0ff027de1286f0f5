/* newsmark-article-view.c — the read-only article with every span drawn
 *
 * Spans are not GtkTextTags: at 100,000 spans tags would make every buffer
 * operation slow, and a tag shows only one colour where spans nest. Instead
 * the visible range is queried from the core's interval index on every
 * frame and each span is drawn as an underline in its own lane below the
 * text (one lane per nesting level), with brackets at its ends and a tint
 * for the innermost. The extra line spacing leaves room for the lanes.
 *
 * A paragraph that repeats an earlier one word for word (scraped pages do
 * that) gets a light bar and "=¶N" in the left margin, drawn with its
 * highlights, so the copy is seen before a name in it is tagged.
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-article-view.h"

#define LANE_STEP     4   /* pixels between underline lanes */
#define LANE_THICK    2
#define MAX_LANES     4   /* deeper nesting shares the last lane */
#define LANE_SPACE    (3 + MAX_LANES * LANE_STEP)
#define MAX_SEGMENTS  20000
#define MARK_X        6   /* the repeat mark's bar, in the left margin */
#define MARK_WIDTH    3

typedef struct {
  NewsmarkSpan    *span;
  graphene_rect_t  rect;   /* the text box of this piece, buffer coordinates */
  guint            lane;
  guint            starts : 1;
  guint            ends : 1;
  guint            tint : 1;
} Segment;

struct _NewsmarkArticleView
{
  GtkSourceView          parent_instance;

  NewsmarkAnnotationSet *set;
  NewsmarkSpan          *selected_span;
  NewsmarkSpan          *hover_span;
  GPtrArray             *hover_targets;   /* spans related to hover_span / selected_span */
  GHashTable            *colours;         /* label name → GdkRGBA* */
  GArray                *segments;        /* Segment: scratch for one paragraph */
  GHashTable            *locations;       /* character offset → index in location_rects */
  GArray                *location_rects;  /* GdkRectangle: where characters are, this frame */
  GPtrArray             *visible;         /* Paragraph*, top to bottom, this frame */
  GHashTable            *paragraphs;      /* line number → Paragraph*, drawn lately */
  guint                  epoch;           /* changes when the text's layout may have */
  int                    allocated_width;
  PangoFontDescription  *font;            /* the text's, when last laid out */
  gulong                 changed_handler;

  double                 press_x;
  double                 press_y;

  guint                  n_drawn_spans;
  guint                  n_repeat_marks;
  guint                  visible_end;
  guint                  n_frames;
  guint                  show_rejected : 1;
  guint                  dark : 1;
};

G_DEFINE_FINAL_TYPE (NewsmarkArticleView, newsmark_article_view, GTK_SOURCE_TYPE_VIEW)

enum {
  PROP_0,
  PROP_ANNOTATION_SET,
  PROP_SELECTED_SPAN,
  PROP_SHOW_REJECTED,
  N_PROPS
};

enum {
  SPAN_CLICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
newsmark_article_view_new (void)
{
  return g_object_new (NEWSMARK_TYPE_ARTICLE_VIEW, NULL);
}

/* ---- Colours ------------------------------------------------------------------ */

static void
rebuild_colours (NewsmarkArticleView *self)
{
  GListModel *labels;

  g_hash_table_remove_all (self->colours);
  if (self->set == NULL)
    return;

  labels = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (self->set));
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
      GdkRGBA rgba;

      if (!gdk_rgba_parse (&rgba, newsmark_label_get_colour (label)))
        rgba = (GdkRGBA) { 0.5, 0.5, 0.5, 1.0 };
      g_hash_table_insert (self->colours,
                           g_strdup (newsmark_label_get_name (label)),
                           gdk_rgba_copy (&rgba));
    }
}

static GdkRGBA
span_colour (NewsmarkArticleView *self,
             NewsmarkSpan        *span)
{
  const GdkRGBA *rgba;

  if (newsmark_span_get_status (span) == NEWSMARK_STATUS_REJECTED)
    return (GdkRGBA) { 0.55, 0.55, 0.55, 1.0 };

  rgba = g_hash_table_lookup (self->colours, newsmark_span_get_label (span));
  if (rgba == NULL)
    return (GdkRGBA) { 0.5, 0.5, 0.5, 1.0 };

  return *rgba;
}

static gboolean
span_visible (NewsmarkArticleView *self,
              NewsmarkSpan        *span)
{
  return self->show_rejected ||
         newsmark_span_get_status (span) != NEWSMARK_STATUS_REJECTED;
}

/* ---- Geometry ------------------------------------------------------------------- */

static inline gboolean
is_delimiter (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2029 || c == 0;
}

/* Where the character at @iter is drawn, in buffer coordinates. Each
 * lookup walks the paragraph's Pango lines up to the character, and nested
 * spans share ends, and a span found to cross display lines asks again for
 * its first and last characters: the answers are kept until the frame's
 * highlights are laid out. */
static void
locate_char (NewsmarkArticleView *self,
             const GtkTextIter   *iter,
             GdkRectangle        *rect)
{
  gpointer key = GUINT_TO_POINTER ((guint) gtk_text_iter_get_offset (iter));
  gpointer index;

  if (g_hash_table_lookup_extended (self->locations, key, NULL, &index))
    {
      *rect = g_array_index (self->location_rects, GdkRectangle, GPOINTER_TO_UINT (index));
      return;
    }
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), iter, rect);
  g_hash_table_insert (self->locations, key, GUINT_TO_POINTER (self->location_rects->len));
  g_array_append_val (self->location_rects, *rect);
}

/* The piece of a span from the character at @first to the one at @last,
 * both on one display line. */
static void
append_segment (NewsmarkArticleView *self,
                NewsmarkSpan        *span,
                const GdkRectangle  *first,
                const GdkRectangle  *last,
                guint                lane,
                gboolean             starts,
                gboolean             ends,
                gboolean             tint)
{
  Segment seg;

  seg.span = span;
  seg.rect = GRAPHENE_RECT_INIT (first->x, first->y, MAX (last->x + last->width - first->x, 2), first->height);
  seg.lane = lane;
  seg.starts = starts;
  seg.ends = ends;
  seg.tint = tint;
  g_array_append_val (self->segments, seg);
}

/* Appends one segment per display line covered by [start, end). */
static void
add_segments (NewsmarkArticleView *self,
              NewsmarkSpan        *span,
              guint                start,
              guint                end,
              guint                lane,
              gboolean             starts,
              gboolean             ends,
              gboolean             tint)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextIter iter;
  gboolean first = TRUE;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) start);

  /* Most spans are a few words on one display line: two lookups tell, and
   * the walk over display lines below is only for the others. */
  if (end > start + 1 && !is_delimiter (gtk_text_iter_get_char (&iter)) &&
      self->segments->len < MAX_SEGMENTS)
    {
      GtkTextIter last = iter;
      GdkRectangle r1, r2;

      gtk_text_iter_forward_chars (&last, (int) (end - start - 1));
      if (!is_delimiter (gtk_text_iter_get_char (&last)) &&
          gtk_text_iter_get_line (&last) == gtk_text_iter_get_line (&iter))
        {
          locate_char (self, &iter, &r1);
          locate_char (self, &last, &r2);
          if (r1.y == r2.y && r2.x >= r1.x)
            {
              append_segment (self, span, &r1, &r2, lane, starts, ends, tint);
              return;
            }
        }
    }

  while ((guint) gtk_text_iter_get_offset (&iter) < end && self->segments->len < MAX_SEGMENTS)
    {
      GtkTextIter seg_end, next, last;
      GdkRectangle r1, r2;
      guint seg_end_offset, next_offset;
      gboolean last_segment;

      /* Start on text, not on a line delimiter (or inside a \r\n pair). */
      if (is_delimiter (gtk_text_iter_get_char (&iter)))
        {
          if (!gtk_text_iter_forward_char (&iter))
            break;
          continue;
        }

      /* Where a line wraps, its display end is before the space it breaks
       * at, which stays on it: the next segment starts where the next
       * display line does, not at that end. */
      seg_end = iter;
      if (!gtk_text_view_forward_display_line_end (text_view, &seg_end) ||
          (guint) gtk_text_iter_get_offset (&seg_end) > end)
        gtk_text_buffer_get_iter_at_offset (buffer, &seg_end, (int) end);
      seg_end_offset = (guint) gtk_text_iter_get_offset (&seg_end);
      next = iter;
      if (!gtk_text_view_forward_display_line (text_view, &next) ||
          (guint) gtk_text_iter_get_offset (&next) > end)
        gtk_text_buffer_get_iter_at_offset (buffer, &next, (int) end);
      next_offset = (guint) gtk_text_iter_get_offset (&next);
      last_segment = seg_end_offset >= end || next_offset >= end;

      /* Line delimiters (\n, \r\n, U+2029) are not in the Pango layout:
       * asking for their location is an error, and they have no width. */
      last = seg_end;
      while (gtk_text_iter_compare (&last, &iter) > 0)
        {
          gtk_text_iter_backward_char (&last);
          if (!is_delimiter (gtk_text_iter_get_char (&last)))
            {
              gtk_text_iter_forward_char (&last);
              break;
            }
        }

      if (gtk_text_iter_compare (&last, &iter) > 0)
        {
          gtk_text_iter_backward_char (&last);
          locate_char (self, &iter, &r1);
          locate_char (self, &last, &r2);

          if (r2.y != r1.y)
            r2 = r1;

          append_segment (self, span, &r1, &r2, lane, starts && first, ends && last_segment, tint);
          first = FALSE;
        }

      if (last_segment)
        break;
      if (next_offset <= (guint) gtk_text_iter_get_offset (&iter))
        {
          /* No progress (should not happen): step over one character. */
          if (!gtk_text_iter_forward_char (&iter))
            break;
          continue;
        }
      iter = next;
    }
}

/* ---- Drawing helpers ---------------------------------------------------------- */

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *colour,
             float          x,
             float          y,
             float          width,
             float          height)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x, y, width, height);

  gtk_snapshot_append_color (snapshot, colour, &rect);
}

static void
append_outline (GtkSnapshot           *snapshot,
                const GdkRGBA         *colour,
                const graphene_rect_t *rect,
                float                  width)
{
  GskRoundedRect outline;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&outline, rect, 3);
  gtk_snapshot_append_border (snapshot, &outline, widths, colours);
}

/* Bars 1.5 pixels wide just outside the text from @x to @x + @width, at
 * its start and/or end, @height tall, joined along the bottom by an
 * underline @bottom thick (none when 0): one border node. */
static void
append_brackets (GtkSnapshot   *snapshot,
                 const GdkRGBA *colour,
                 float          x,
                 float          y,
                 float          width,
                 float          height,
                 gboolean       starts,
                 gboolean       ends,
                 float          bottom)
{
  GskRoundedRect outline;
  float left = starts ? x - 1 : x;
  float right = ends ? x + width + 1 : x + width;
  const float widths[4] = { 0, ends ? 1.5f : 0, bottom, starts ? 1.5f : 0 };
  const GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (left, y, right - left, height), 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colours);
}

static gboolean
is_hover_target (NewsmarkArticleView *self,
                 NewsmarkSpan        *span)
{
  return self->hover_targets != NULL && g_ptr_array_find (self->hover_targets, span, NULL);
}

/* ---- Paragraphs ------------------------------------------------------------------- */

/* What a paragraph shows of one span (or fragment): all that its
 * highlight's drawing depends on besides the text's layout. Zeroed before
 * filling, so that two can be compared as bytes. */
typedef struct {
  NewsmarkSpan *span;
  guint         start;
  guint         end;
  GdkRGBA       colour;
  guint         lane;
  guint         status;
  guint         starts : 1;
  guint         ends : 1;
  guint         tint : 1;
  guint         selected : 1;
  guint         hover : 1;
} Piece;

/* A visible paragraph's highlights, kept from frame to frame: a frame
 * after an edit lays out only the paragraphs whose pieces changed, and
 * the others give GSK the very nodes of the last frame, which it need not
 * compare or paint again. */
typedef struct {
  guint          start;     /* offsets of the paragraph, its delimiter included */
  guint          end;
  int            y;         /* buffer coordinates, this frame */
  int            height;
  int            drawn_y;   /* buffer coordinates when drawn */
  int            drawn_height;
  guint          epoch;
  GArray        *pieces;    /* Piece, this frame's */
  GArray        *drawn;     /* Piece, those the nodes show */
  GskRenderNode *below;
  GskRenderNode *above;
  guint          repeats;   /* the paragraph it repeats (numbered as the core does), or 0 */
  gboolean       seen;
} Paragraph;

static void
paragraph_free (gpointer data)
{
  Paragraph *paragraph = data;

  g_clear_pointer (&paragraph->pieces, g_array_unref);
  g_clear_pointer (&paragraph->drawn, g_array_unref);
  g_clear_pointer (&paragraph->below, gsk_render_node_unref);
  g_clear_pointer (&paragraph->above, gsk_render_node_unref);
  g_free (paragraph);
}

static void draw_segment_below (NewsmarkArticleView *self,
                                GtkSnapshot         *snapshot,
                                const Segment       *seg);
static void draw_segment_above (NewsmarkArticleView *self,
                                GtkSnapshot         *snapshot,
                                const Segment       *seg);
static gboolean has_segment_above (NewsmarkArticleView *self,
                                   const Segment       *seg);

/* The paragraphs on screen, from the cache or new, in order. */
static void
find_visible_paragraphs (NewsmarkArticleView *self,
                         const GtkTextIter   *top,
                         const GtkTextIter   *bottom)
{
  GtkTextIter iter = *top;
  int last = gtk_text_iter_get_line (bottom);

  g_ptr_array_set_size (self->visible, 0);
  gtk_text_iter_set_line_offset (&iter, 0);

  for (int line = gtk_text_iter_get_line (&iter); line <= last; line++)
    {
      Paragraph *paragraph = g_hash_table_lookup (self->paragraphs, GINT_TO_POINTER (line));
      GtkTextIter next = iter;

      if (paragraph == NULL)
        {
          paragraph = g_new0 (Paragraph, 1);
          paragraph->pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
          paragraph->drawn = g_array_new (FALSE, TRUE, sizeof (Piece));
          g_hash_table_insert (self->paragraphs, GINT_TO_POINTER (line), paragraph);
        }
      paragraph->seen = TRUE;
      paragraph->start = (guint) gtk_text_iter_get_offset (&iter);
      if (!gtk_text_iter_forward_line (&next))
        gtk_text_iter_forward_to_end (&next);
      paragraph->end = (guint) gtk_text_iter_get_offset (&next);
      {
        const NewsmarkParagraph *p =
          newsmark_document_get_paragraph_at (newsmark_annotation_set_get_document (self->set), paragraph->start);

        paragraph->repeats = p != NULL && p->start == paragraph->start ? p->repeats : 0;
      }
      gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (self), &iter, &paragraph->y, &paragraph->height);
      g_array_set_size (paragraph->pieces, 0);
      g_ptr_array_add (self->visible, paragraph);

      if (gtk_text_iter_is_end (&next))
        break;
      iter = next;
    }
}

/* Index of the visible paragraph holding @offset. */
static guint
paragraph_at (NewsmarkArticleView *self,
              guint                offset)
{
  guint lo = 0, hi = self->visible->len;

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (((Paragraph *) g_ptr_array_index (self->visible, mid))->start <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* Hands [start, end) of @span to the paragraphs it crosses. */
static void
add_pieces (NewsmarkArticleView *self,
            NewsmarkSpan        *span,
            guint                start,
            guint                end,
            guint                lane,
            gboolean             starts,
            gboolean             ends,
            gboolean             tint)
{
  NewsmarkStatus status = newsmark_span_get_status (span);
  GdkRGBA colour = span_colour (self, span);
  gboolean hover = span == self->hover_span || is_hover_target (self, span);

  for (guint p = paragraph_at (self, start); p < self->visible->len; p++)
    {
      Paragraph *paragraph = g_ptr_array_index (self->visible, p);
      Piece piece;

      if (paragraph->start >= end)
        break;

      memset (&piece, 0, sizeof piece);
      piece.span = span;
      piece.start = MAX (start, paragraph->start);
      piece.end = MIN (end, paragraph->end);
      piece.colour = colour;
      piece.lane = lane;
      piece.status = status;
      piece.starts = starts && piece.start == start;
      piece.ends = ends && piece.end == end;
      piece.tint = tint;
      piece.selected = span == self->selected_span;
      piece.hover = hover;
      if (piece.end > piece.start)
        g_array_append_val (paragraph->pieces, piece);
    }
}

static void
collect_pieces (NewsmarkArticleView *self,
                guint                vstart,
                guint                vend)
{
  g_autoptr(GPtrArray) spans = newsmark_annotation_set_spans_in (self->set, vstart, vend);
  g_autoptr(GArray) lane_ends = g_array_new (FALSE, TRUE, sizeof (guint));

  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);
      guint start = newsmark_span_get_start (span);
      guint end = newsmark_span_get_end (span);
      gboolean has_child = FALSE;
      guint lane;

      if (!span_visible (self, span))
        continue;

      /* Lanes: the first one free at @start. Spans arrive outer first, so
       * nested spans land in deeper lanes. */
      for (lane = 0; lane < lane_ends->len; lane++)
        if (g_array_index (lane_ends, guint, lane) <= start)
          break;
      if (lane == lane_ends->len)
        g_array_append_val (lane_ends, end);
      else
        g_array_index (lane_ends, guint, lane) = end;

      /* Only the innermost spans get a tint, so nesting stays readable. */
      for (guint j = i + 1; j < spans->len && j < i + 64; j++)
        {
          NewsmarkSpan *other = g_ptr_array_index (spans, j);

          if (newsmark_span_get_start (other) >= end)
            break;
          if (newsmark_span_get_end (other) <= end && span_visible (self, other))
            {
              has_child = TRUE;
              break;
            }
        }

      self->n_drawn_spans++;

      if (newsmark_span_get_n_fragments (span) == 0)
        {
          add_pieces (self, span, MAX (start, vstart), MIN (end, vend), MIN (lane, MAX_LANES - 1),
                      start >= vstart, end <= vend, !has_child);
        }
      else
        {
          const NewsmarkFragment *fragments = newsmark_span_get_fragments (span);
          guint n = newsmark_span_get_n_fragments (span);

          for (guint f = 0; f < n; f++)
            {
              guint fs = fragments[f].start;
              guint fe = fragments[f].end;

              if (fe <= vstart || fs >= vend)
                continue;
              add_pieces (self, span, MAX (fs, vstart), MIN (fe, vend), MIN (lane, MAX_LANES - 1),
                          fs >= vstart, fe <= vend, !has_child);
            }
        }
    }
}

static GskRenderNode *
draw_paragraph_layer (NewsmarkArticleView *self,
                      gboolean           (*needed) (NewsmarkArticleView *, const Segment *),
                      void               (*draw) (NewsmarkArticleView *, GtkSnapshot *, const Segment *))
{
  GtkSnapshot *snapshot = NULL;
  GskRenderNode *node = NULL;

  /* Most paragraphs have nothing above the text, many nothing at all. */
  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *seg = &g_array_index (self->segments, Segment, i);

      if (needed != NULL && !needed (self, seg))
        continue;
      if (snapshot == NULL)
        snapshot = gtk_snapshot_new ();
      draw (self, snapshot, seg);
    }
  if (snapshot != NULL)
    node = gtk_snapshot_free_to_node (snapshot);
  /* An empty paragraph still holds its place among the nodes: GSK compares
   * them with the last frame's in order. */
  return node != NULL ? node : gsk_container_node_new (NULL, 0);
}

/* The repeat mark beside @paragraph, with its highlights @below under it:
 * a bar along the paragraph and "=¶N" at its top, in the style's text
 * colour, faint, so it reads in light and dark style without competing with the
 * labels' colours. */
static GskRenderNode *
add_repeat_mark (NewsmarkArticleView *self,
                 Paragraph           *paragraph,
                 GskRenderNode       *below)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GdkRGBA colour;
  g_autofree char *text = g_strdup_printf ("=¶%u", paragraph->repeats);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 7");
  int left = gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self));
  int width, height;

  colour = self->dark ? (GdkRGBA) { 0.92f, 0.92f, 0.92f, 1.0f } : (GdkRGBA) { 0.13f, 0.13f, 0.13f, 1.0f };
  gtk_snapshot_append_node (snapshot, below);

  colour.alpha = 0.28f;
  append_rect (snapshot, &colour, MARK_X, paragraph->y + 2, MARK_WIDTH, MAX (paragraph->height - 4, 4));

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_get_pixel_size (layout, &width, &height);
  colour.alpha = 0.6f;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MAX (MARK_X + MARK_WIDTH + 2, left - width - 4),
                                                          paragraph->y + 2));
  gtk_snapshot_append_layout (snapshot, layout, &colour);
  gtk_snapshot_restore (snapshot);

  gsk_render_node_unref (below);
  return gtk_snapshot_free_to_node (snapshot);
}

/* Lays out and draws the paragraphs whose pieces, place or layout changed
 * since they were last drawn. */
static void
update_paragraphs (NewsmarkArticleView *self)
{
  for (guint p = 0; p < self->visible->len; p++)
    {
      Paragraph *paragraph = g_ptr_array_index (self->visible, p);

      if (paragraph->below != NULL &&
          paragraph->epoch == self->epoch &&
          paragraph->drawn_y == paragraph->y && paragraph->drawn_height == paragraph->height &&
          paragraph->pieces->len == paragraph->drawn->len &&
          memcmp (paragraph->pieces->data, paragraph->drawn->data, paragraph->pieces->len * sizeof (Piece)) == 0)
        continue;

      g_array_set_size (self->segments, 0);
      for (guint i = 0; i < paragraph->pieces->len; i++)
        {
          const Piece *piece = &g_array_index (paragraph->pieces, Piece, i);

          add_segments (self, piece->span, piece->start, piece->end, piece->lane,
                        piece->starts, piece->ends, piece->tint);
        }

      g_clear_pointer (&paragraph->below, gsk_render_node_unref);
      g_clear_pointer (&paragraph->above, gsk_render_node_unref);
      paragraph->below = draw_paragraph_layer (self, NULL, draw_segment_below);
      if (paragraph->repeats != 0)
        paragraph->below = add_repeat_mark (self, paragraph, paragraph->below);
      paragraph->above = draw_paragraph_layer (self, has_segment_above, draw_segment_above);
      paragraph->drawn_y = paragraph->y;
      paragraph->drawn_height = paragraph->height;
      paragraph->epoch = self->epoch;
      g_array_set_size (paragraph->drawn, 0);
      g_array_append_vals (paragraph->drawn, paragraph->pieces->data, paragraph->pieces->len);
    }

  g_hash_table_remove_all (self->locations);
  g_array_set_size (self->location_rects, 0);
}

static void
compute_paragraphs (NewsmarkArticleView *self)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GdkRectangle visible;
  GtkTextIter top, bottom;
  GHashTableIter iter;
  Paragraph *paragraph;
  guint vstart, vend, length;

  self->n_drawn_spans = 0;
  self->n_repeat_marks = 0;
  g_ptr_array_set_size (self->visible, 0);

  if (self->set == NULL)
    return;

  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_view_get_line_at_y (text_view, &top, visible.y, NULL);
  gtk_text_view_get_line_at_y (text_view, &bottom, visible.y + visible.height, NULL);
  gtk_text_iter_forward_to_line_end (&bottom);

  length = newsmark_document_get_length (newsmark_annotation_set_get_document (self->set));
  vstart = (guint) gtk_text_iter_get_offset (&top);
  vend = MIN ((guint) gtk_text_iter_get_offset (&bottom) + 1, length);
  self->visible_end = vend;

  g_hash_table_iter_init (&iter, self->paragraphs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &paragraph))
    paragraph->seen = FALSE;

  find_visible_paragraphs (self, &top, &bottom);
  for (guint p = 0; p < self->visible->len; p++)
    self->n_repeat_marks += ((Paragraph *) g_ptr_array_index (self->visible, p))->repeats != 0;
  if (vend > vstart)
    collect_pieces (self, vstart, vend);
  update_paragraphs (self);

  /* Only what is on screen is kept. */
  g_hash_table_iter_init (&iter, self->paragraphs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &paragraph))
    if (!paragraph->seen)
      g_hash_table_iter_remove (&iter);
}

/* The layout of the text may have changed (width, font, style): every
 * paragraph is laid out again when next drawn. */
static void
invalidate_layout (NewsmarkArticleView *self)
{
  self->epoch++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Drawing ---------------------------------------------------------------------- */

static void
draw_segment_below (NewsmarkArticleView *self,
                    GtkSnapshot         *snapshot,
                    const Segment       *seg)
{
  float tint_alpha = self->dark ? 0.24f : 0.16f;
  NewsmarkStatus status = newsmark_span_get_status (seg->span);
  GdkRGBA colour = span_colour (self, seg->span);
  GdkRGBA tint = colour;
  float x = seg->rect.origin.x;
  float y = seg->rect.origin.y;
  float w = seg->rect.size.width;
  float h = seg->rect.size.height;
  float lane_y = y + h + 2 + seg->lane * LANE_STEP;
  gboolean selected = seg->span == self->selected_span;

  if (selected)
    {
      tint.alpha = self->dark ? 0.42f : 0.32f;
      append_rect (snapshot, &tint, x, y, w, h);
    }
  else if (seg->tint || seg->span == self->hover_span || is_hover_target (self, seg->span))
    {
      tint.alpha = status == NEWSMARK_STATUS_ACCEPTED ? tint_alpha : tint_alpha * 0.6f;
      append_rect (snapshot, &tint, x, y, w, h);
    }

  /* The underline in the span's lane: solid when accepted, dashed for
   * suggestions and rejected spans. Bars at the span's start and end reach
   * down to it, so that nested spans starting at the same character stay
   * distinct; an accepted span's bars and underline are one node, as every
   * node costs a fill when GSK draws with cairo. */
  if (status == NEWSMARK_STATUS_ACCEPTED)
    {
      float thick = selected ? LANE_THICK + 1 : LANE_THICK;

      if (seg->starts || seg->ends)
        append_brackets (snapshot, &colour, x, y, w, lane_y + thick - y, seg->starts, seg->ends, thick);
      else
        append_rect (snapshot, &colour, x, lane_y, w, thick);
    }
  else
    {
      /* Dashes of 4 in every 7 pixels, as one repeating gradient with hard
       * stops: one node, where a node per dash made a suggestion's
       * underline most of what a frame of highlights had to draw. */
      GdkRGBA clear = colour;
      GskColorStop stops[4];

      clear.alpha = 0;
      stops[0] = (GskColorStop) { 0.0f, colour };
      stops[1] = (GskColorStop) { 4.0f / 7.0f, colour };
      stops[2] = (GskColorStop) { 4.0f / 7.0f, clear };
      stops[3] = (GskColorStop) { 1.0f, clear };
      gtk_snapshot_append_repeating_linear_gradient (snapshot,
                                                     &GRAPHENE_RECT_INIT (x, lane_y, w, LANE_THICK),
                                                     &GRAPHENE_POINT_INIT (x, lane_y),
                                                     &GRAPHENE_POINT_INIT (x + 7, lane_y),
                                                     stops, G_N_ELEMENTS (stops));
      if (seg->starts || seg->ends)
        append_brackets (snapshot, &colour, x, y, w, lane_y + LANE_THICK - y, seg->starts, seg->ends, 0);
    }
}

/* Whether draw_segment_above() draws anything for @seg. */
static gboolean
has_segment_above (NewsmarkArticleView *self,
                   const Segment       *seg)
{
  return newsmark_span_get_status (seg->span) == NEWSMARK_STATUS_REJECTED ||
         seg->span == self->selected_span || is_hover_target (self, seg->span);
}

static void
draw_segment_above (NewsmarkArticleView *self,
                    GtkSnapshot         *snapshot,
                    const Segment       *seg)
{
  NewsmarkStatus status = newsmark_span_get_status (seg->span);
  GdkRGBA colour = span_colour (self, seg->span);

  if (status == NEWSMARK_STATUS_REJECTED)
    {
      GdkRGBA strike = colour;

      strike.alpha = 0.9f;
      append_rect (snapshot, &strike, seg->rect.origin.x,
                   seg->rect.origin.y + seg->rect.size.height * 0.55f,
                   seg->rect.size.width, 1.5f);
    }

  if (seg->span == self->selected_span)
    {
      graphene_rect_t box;

      graphene_rect_inset_r (&seg->rect, -2, -1, &box);
      append_outline (snapshot, &colour, &box, 2);
    }
  else if (is_hover_target (self, seg->span))
    {
      graphene_rect_t box;

      graphene_rect_inset_r (&seg->rect, -2, -1, &box);
      append_outline (snapshot, &colour, &box, 1.5f);
    }
}

static void
newsmark_article_view_snapshot_layer (GtkTextView      *text_view,
                                      GtkTextViewLayer  layer,
                                      GtkSnapshot      *snapshot)
{
  NewsmarkArticleView *self = NEWSMARK_ARTICLE_VIEW (text_view);

  GTK_TEXT_VIEW_CLASS (newsmark_article_view_parent_class)->snapshot_layer (text_view, layer, snapshot);

  if (self->set == NULL)
    return;

  /* GTK draws BELOW_TEXT, then the text, then ABOVE_TEXT within one frame:
   * compute the geometry once and draw both layers from it. */
  if (layer == GTK_TEXT_VIEW_LAYER_BELOW_TEXT)
    {
      compute_paragraphs (self);
      for (guint p = 0; p < self->visible->len; p++)
        gtk_snapshot_append_node (snapshot, ((Paragraph *) g_ptr_array_index (self->visible, p))->below);
      self->n_frames++;
    }
  else
    {
      for (guint p = 0; p < self->visible->len; p++)
        gtk_snapshot_append_node (snapshot, ((Paragraph *) g_ptr_array_index (self->visible, p))->above);
    }
}

/* ---- Hover and relations ----------------------------------------------------------- */

static void
update_related (NewsmarkArticleView *self)
{
  NewsmarkSpan *sources[2] = { self->hover_span, self->selected_span };

  g_clear_pointer (&self->hover_targets, g_ptr_array_unref);
  if (self->set == NULL)
    return;

  self->hover_targets = g_ptr_array_new ();
  for (guint k = 0; k < G_N_ELEMENTS (sources); k++)
    {
      g_autoptr(GPtrArray) relations = NULL;

      if (sources[k] == NULL)
        continue;

      relations = newsmark_annotation_set_relations_of (self->set, sources[k]);
      for (guint i = 0; i < relations->len; i++)
        {
          NewsmarkRelation *relation = g_ptr_array_index (relations, i);
          const char *other_id = g_strcmp0 (newsmark_relation_get_from (relation),
                                            newsmark_span_get_id (sources[k])) == 0
                                 ? newsmark_relation_get_to (relation)
                                 : newsmark_relation_get_from (relation);
          NewsmarkSpan *other = newsmark_annotation_set_find_span (self->set, other_id);

          if (other != NULL)
            g_ptr_array_add (self->hover_targets, other);
        }
    }
}

static gboolean
offset_at_widget_point (NewsmarkArticleView *self,
                        double               x,
                        double               y,
                        guint               *offset)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by))
    return FALSE;

  *offset = (guint) gtk_text_iter_get_offset (&iter);
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           NewsmarkArticleView      *self)
{
  NewsmarkSpan *hover = NULL;
  guint offset;

  if (self->set != NULL && offset_at_widget_point (self, x, y, &offset))
    {
      g_autoptr(GPtrArray) spans = newsmark_annotation_set_spans_at (self->set, offset);

      /* The innermost span that has relations: hovering a quote lights up
       * its speaker, hovering a person lights up what they said. */
      for (guint i = spans->len; i > 0; i--)
        {
          NewsmarkSpan *span = g_ptr_array_index (spans, i - 1);
          g_autoptr(GPtrArray) relations = NULL;

          if (!span_visible (self, span))
            continue;
          relations = newsmark_annotation_set_relations_of (self->set, span);
          if (relations->len > 0)
            {
              hover = span;
              break;
            }
        }
    }

  if (hover != self->hover_span)
    {
      g_set_object (&self->hover_span, hover);
      update_related (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *controller,
          NewsmarkArticleView      *self)
{
  if (self->hover_span != NULL)
    {
      g_clear_object (&self->hover_span);
      update_related (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
on_query_tooltip (GtkWidget           *widget,
                  int                  x,
                  int                  y,
                  gboolean             keyboard_mode,
                  GtkTooltip          *tooltip,
                  NewsmarkArticleView *self)
{
  g_autoptr(GPtrArray) spans = NULL;
  GString *text;
  guint offset;

  if (keyboard_mode || self->set == NULL || !offset_at_widget_point (self, x, y, &offset))
    return FALSE;

  /* Over the left margin: the repeat mark's paragraph. */
  {
    int bx, by;

    gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
    if (bx < gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self)))
      {
        const NewsmarkParagraph *p =
          newsmark_document_get_paragraph_at (newsmark_annotation_set_get_document (self->set), offset);
        g_autofree char *tip = NULL;

        if (p == NULL || p->repeats == 0)
          return FALSE;
        tip = g_strdup_printf ("Paragraph %u repeats paragraph %u word for word", p->number, p->repeats);
        gtk_tooltip_set_text (tooltip, tip);
        return TRUE;
      }
  }

  spans = newsmark_annotation_set_spans_at (self->set, offset);
  text = g_string_new (NULL);
  for (guint i = 0; i < spans->len; i++)
    {
      NewsmarkSpan *span = g_ptr_array_index (spans, i);
      g_autoptr(GPtrArray) relations = NULL;

      if (!span_visible (self, span))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, newsmark_span_get_label (span));
      if (newsmark_span_get_status (span) != NEWSMARK_STATUS_ACCEPTED)
        g_string_append_printf (text, " (%s)", newsmark_status_to_string (newsmark_span_get_status (span)));

      relations = newsmark_annotation_set_relations_of (self->set, span);
      for (guint r = 0; r < relations->len; r++)
        {
          NewsmarkRelation *relation = g_ptr_array_index (relations, r);
          NewsmarkSpan *to;

          if (g_strcmp0 (newsmark_relation_get_from (relation), newsmark_span_get_id (span)) != 0)
            continue;
          to = newsmark_annotation_set_find_span (self->set, newsmark_relation_get_to (relation));
          if (to != NULL)
            g_string_append_printf (text, " — %s: %s", newsmark_relation_get_type_name (relation),
                                    newsmark_span_get_text (to));
        }
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return FALSE;
    }

  gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);
  return TRUE;
}

/* ---- Clicks and keys ------------------------------------------------------------------ */

NewsmarkSpan *
newsmark_article_view_pick_span_at (NewsmarkArticleView *self,
                                    guint                offset,
                                    NewsmarkSpan        *current)
{
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) visible = g_ptr_array_new ();
  guint index;

  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), NULL);

  if (self->set == NULL)
    return NULL;

  spans = newsmark_annotation_set_spans_at (self->set, offset);
  for (guint i = 0; i < spans->len; i++)
    if (span_visible (self, g_ptr_array_index (spans, i)))
      g_ptr_array_add (visible, g_ptr_array_index (spans, i));

  if (visible->len == 0)
    return NULL;

  /* Position order puts outer spans first: start with the innermost and
   * let repeated clicks walk outwards. */
  if (current != NULL && g_ptr_array_find (visible, current, &index))
    return g_ptr_array_index (visible, index > 0 ? index - 1 : visible->len - 1);

  return g_ptr_array_index (visible, visible->len - 1);
}

static gboolean
click_after_release (gpointer data)
{
  NewsmarkArticleView *self = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  guint offset;

  /* Runs after GtkTextView handled the release, so a drag that made a
   * selection is not mistaken for a click on a span. */
  if (self->set != NULL && !gtk_text_buffer_get_has_selection (buffer) &&
      offset_at_widget_point (self, self->press_x, self->press_y, &offset))
    {
      NewsmarkSpan *span = newsmark_article_view_pick_span_at (self, offset, self->selected_span);

      g_signal_emit (self, signals[SPAN_CLICKED], 0, span);
    }

  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_legacy_event (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 NewsmarkArticleView      *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  double x, y;

  if (type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE)
    return FALSE;
  if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
    return FALSE;
  if (!gdk_event_get_position (event, &x, &y))
    return FALSE;

  {
    graphene_point_t p;
    GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
    double nx, ny;

    gtk_native_get_surface_transform (native, &nx, &ny);
    if (!gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                   &GRAPHENE_POINT_INIT ((float) (x - nx), (float) (y - ny)), &p))
      return FALSE;
    x = p.x;
    y = p.y;
  }

  if (type == GDK_BUTTON_PRESS)
    {
      self->press_x = x;
      self->press_y = y;
    }
  else if (ABS (x - self->press_x) < 4 && ABS (y - self->press_y) < 4)
    {
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, click_after_release, g_object_ref (self), NULL);
    }

  return FALSE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                NewsmarkArticleView   *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gunichar uc;

  state &= gtk_accelerator_get_default_mod_mask ();

  if (keyval == GDK_KEY_Tab && state == 0)
    return gtk_widget_activate_action (widget, "win.next-span", NULL);
  if (keyval == GDK_KEY_ISO_Left_Tab || (keyval == GDK_KEY_Tab && state == GDK_SHIFT_MASK))
    return gtk_widget_activate_action (widget, "win.previous-span", NULL);
  if ((keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete) && state == 0)
    return gtk_widget_activate_action (widget, "win.delete-span", NULL);
  if (keyval == GDK_KEY_Escape && state == 0 && self->selected_span != NULL)
    {
      g_signal_emit (self, signals[SPAN_CLICKED], 0, NULL);
      return TRUE;
    }

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0)
    return FALSE;

  uc = gdk_keyval_to_unicode (keyval);
  if (uc != 0 && g_unichar_isgraph (uc) && self->set != NULL)
    {
      char key[8] = { 0 };

      g_unichar_to_utf8 (uc, key);
      if (newsmark_schema_find_label_by_key (newsmark_annotation_set_get_schema (self->set), key) != NULL)
        return gtk_widget_activate_action (widget, "win.tag-key", "s", key);
    }

  return FALSE;
}

/* ---- Public API ------------------------------------------------------------------------- */

/* Offsets count \r and \n separately, but GTK must not put the cursor
 * between the two: such a position is moved before the \r. */
static void
iter_at_offset (NewsmarkArticleView *self,
                GtkTextIter         *iter,
                guint                offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  gtk_text_buffer_get_iter_at_offset (buffer, iter, (int) offset);
  if (gtk_text_iter_get_char (iter) == '\n' && !gtk_text_iter_starts_line (iter))
    {
      GtkTextIter before = *iter;

      if (gtk_text_iter_backward_char (&before) && gtk_text_iter_get_char (&before) == '\r')
        *iter = before;
    }
}

static void
on_set_changed (NewsmarkArticleView *self)
{
  update_related (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

NewsmarkAnnotationSet *
newsmark_article_view_get_annotation_set (NewsmarkArticleView *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), NULL);

  return self->set;
}

static gboolean
same_text (NewsmarkDocument *a,
           NewsmarkDocument *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  if (a == b)
    return TRUE;
  return newsmark_document_get_n_bytes (a) == newsmark_document_get_n_bytes (b) &&
         memcmp (newsmark_document_get_text (a), newsmark_document_get_text (b),
                 newsmark_document_get_n_bytes (a)) == 0;
}

void
newsmark_article_view_set_annotation_set (NewsmarkArticleView   *self,
                                          NewsmarkAnnotationSet *set)
{
  g_autoptr(NewsmarkDocument) old_document = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;

  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self));
  g_return_if_fail (set == NULL || NEWSMARK_IS_ANNOTATION_SET (set));

  if (self->set == set)
    return;

  if (self->set != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->set);
      old_document = g_object_ref (newsmark_annotation_set_get_document (self->set));
    }

  g_clear_object (&self->selected_span);
  g_clear_object (&self->hover_span);
  g_set_object (&self->set, set);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  if (set != NULL)
    {
      NewsmarkDocument *document = newsmark_annotation_set_get_document (set);

      self->changed_handler = g_signal_connect_swapped (set, "changed",
                                                        G_CALLBACK (on_set_changed), self);
      /* The same article again (a large file's first screen, then the whole
       * file): the text, its layout, the scroll position and the selection
       * stay as they are. */
      if (same_text (old_document, document))
        goto text_done;
      gtk_text_buffer_set_text (buffer, newsmark_document_get_text (document),
                                (int) newsmark_document_get_n_bytes (document));
    }
  else
    {
      gtk_text_buffer_set_text (buffer, "", 0);
    }

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);

text_done:

  rebuild_colours (self);
  update_related (self);
  newsmark_article_view_forget_highlights (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATION_SET]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SPAN]);
}

NewsmarkSpan *
newsmark_article_view_get_selected_span (NewsmarkArticleView *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), NULL);

  return self->selected_span;
}

void
newsmark_article_view_set_selected_span (NewsmarkArticleView *self,
                                         NewsmarkSpan        *span)
{
  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self));
  g_return_if_fail (span == NULL || NEWSMARK_IS_SPAN (span));

  if (g_set_object (&self->selected_span, span))
    {
      update_related (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SPAN]);
    }
}

gboolean
newsmark_article_view_get_show_rejected (NewsmarkArticleView *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), FALSE);

  return self->show_rejected;
}

void
newsmark_article_view_set_show_rejected (NewsmarkArticleView *self,
                                         gboolean             show_rejected)
{
  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self));

  show_rejected = !!show_rejected;
  if (self->show_rejected != show_rejected)
    {
      self->show_rejected = show_rejected;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_REJECTED]);
    }
}

void
newsmark_article_view_set_dark (NewsmarkArticleView *self,
                                gboolean             dark)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;
  GtkTextBuffer *buffer;

  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self));

  self->dark = !!dark;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
  invalidate_layout (self);
}

gboolean
newsmark_article_view_get_selection (NewsmarkArticleView *self,
                                     guint               *start,
                                     guint               *end)
{
  GtkTextIter s, e;
  gboolean has;

  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), FALSE);

  has = gtk_text_buffer_get_selection_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), &s, &e);
  if (start != NULL)
    *start = (guint) gtk_text_iter_get_offset (&s);
  if (end != NULL)
    *end = (guint) gtk_text_iter_get_offset (&e);

  return has;
}

void
newsmark_article_view_select_range (NewsmarkArticleView *self,
                                    guint                start,
                                    guint                end)
{
  GtkTextBuffer *buffer;
  GtkTextIter s, e;

  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  iter_at_offset (self, &s, start);
  iter_at_offset (self, &e, end);
  gtk_text_buffer_select_range (buffer, &e, &s);
  newsmark_article_view_scroll_to_offset (self, start);
}

void
newsmark_article_view_place_cursor (NewsmarkArticleView *self,
                                    guint                offset)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  iter_at_offset (self, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

guint
newsmark_article_view_get_cursor_offset (NewsmarkArticleView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), 0);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));

  return (guint) gtk_text_iter_get_offset (&iter);
}

void
newsmark_article_view_scroll_to_offset (NewsmarkArticleView *self,
                                        guint                offset)
{
  GtkTextBuffer *buffer;
  GtkTextMark *mark;
  GtkTextIter iter;

  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  iter_at_offset (self, &iter, offset);
  mark = gtk_text_buffer_get_mark (buffer, "nm-scroll");
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "nm-scroll", &iter, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &iter);

  /* A mark (not an iter) so the scroll waits for line validation. */
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self), mark, 0.15, FALSE, 0, 0);
}

guint
newsmark_article_view_get_n_drawn_spans (NewsmarkArticleView *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), 0);

  return self->n_drawn_spans;
}

void
newsmark_article_view_forget_highlights (NewsmarkArticleView *self)
{
  g_return_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self));

  g_hash_table_remove_all (self->paragraphs);
  invalidate_layout (self);
}

guint
newsmark_article_view_get_n_repeat_marks (NewsmarkArticleView *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), 0);

  return self->n_repeat_marks;
}

guint
newsmark_article_view_get_visible_end (NewsmarkArticleView *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), 0);

  return self->visible_end;
}

guint
newsmark_article_view_get_n_frames (NewsmarkArticleView *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ARTICLE_VIEW (self), 0);

  return self->n_frames;
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
newsmark_article_view_dispose (GObject *object)
{
  NewsmarkArticleView *self = NEWSMARK_ARTICLE_VIEW (object);

  if (self->set != NULL)
    g_clear_signal_handler (&self->changed_handler, self->set);
  g_clear_object (&self->set);
  g_clear_object (&self->selected_span);
  g_clear_object (&self->hover_span);
  g_clear_pointer (&self->hover_targets, g_ptr_array_unref);
  if (self->paragraphs != NULL)
    g_hash_table_remove_all (self->paragraphs);

  G_OBJECT_CLASS (newsmark_article_view_parent_class)->dispose (object);
}

static void
newsmark_article_view_finalize (GObject *object)
{
  NewsmarkArticleView *self = NEWSMARK_ARTICLE_VIEW (object);

  g_clear_pointer (&self->colours, g_hash_table_unref);
  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->visible, g_ptr_array_unref);
  g_clear_pointer (&self->paragraphs, g_hash_table_unref);
  g_clear_pointer (&self->locations, g_hash_table_unref);
  g_clear_pointer (&self->location_rects, g_array_unref);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (newsmark_article_view_parent_class)->finalize (object);
}

static void
newsmark_article_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  NewsmarkArticleView *self = NEWSMARK_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION_SET:
      g_value_set_object (value, self->set);
      break;

    case PROP_SELECTED_SPAN:
      g_value_set_object (value, self->selected_span);
      break;

    case PROP_SHOW_REJECTED:
      g_value_set_boolean (value, self->show_rejected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_article_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  NewsmarkArticleView *self = NEWSMARK_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION_SET:
      newsmark_article_view_set_annotation_set (self, g_value_get_object (value));
      break;

    case PROP_SELECTED_SPAN:
      newsmark_article_view_set_selected_span (self, g_value_get_object (value));
      break;

    case PROP_SHOW_REJECTED:
      newsmark_article_view_set_show_rejected (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_article_view_constructed (GObject *object)
{
  GtkTextBuffer *buffer;

  G_OBJECT_CLASS (newsmark_article_view_parent_class)->constructed (object);

  /* After GtkSourceView's own construction, which sets up its buffer. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (object));
  /* The article never changes: no undo stack copying 2 MB of text. */
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (buffer), FALSE);
}

/* Anything that can lay the text out anew: another width, font or style. */
static void
newsmark_article_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  NewsmarkArticleView *self = NEWSMARK_ARTICLE_VIEW (widget);

  if (width != self->allocated_width)
    {
      self->allocated_width = width;
      invalidate_layout (self);
    }
  GTK_WIDGET_CLASS (newsmark_article_view_parent_class)->size_allocate (widget, width, height, baseline);
}

static void
newsmark_article_view_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  NewsmarkArticleView *self = NEWSMARK_ARTICLE_VIEW (widget);
  const PangoFontDescription *font;

  GTK_WIDGET_CLASS (newsmark_article_view_parent_class)->css_changed (widget, change);

  /* Style changes come with hover and focus too; only a new font moves
   * the text. */
  font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  if (self->font == NULL || font == NULL || !pango_font_description_equal (self->font, font))
    {
      g_clear_pointer (&self->font, pango_font_description_free);
      self->font = font != NULL ? pango_font_description_copy (font) : NULL;
      invalidate_layout (self);
    }
}

static void
newsmark_article_view_system_setting_changed (GtkWidget        *widget,
                                              GtkSystemSetting  setting)
{
  invalidate_layout (NEWSMARK_ARTICLE_VIEW (widget));
  GTK_WIDGET_CLASS (newsmark_article_view_parent_class)->system_setting_changed (widget, setting);
}

static void
newsmark_article_view_class_init (NewsmarkArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->constructed = newsmark_article_view_constructed;
  object_class->dispose = newsmark_article_view_dispose;
  object_class->finalize = newsmark_article_view_finalize;
  object_class->get_property = newsmark_article_view_get_property;
  object_class->set_property = newsmark_article_view_set_property;

  widget_class->size_allocate = newsmark_article_view_size_allocate;
  widget_class->css_changed = newsmark_article_view_css_changed;
  widget_class->system_setting_changed = newsmark_article_view_system_setting_changed;
  text_view_class->snapshot_layer = newsmark_article_view_snapshot_layer;

  properties[PROP_ANNOTATION_SET] =
    g_param_spec_object ("annotation-set", NULL, NULL, NEWSMARK_TYPE_ANNOTATION_SET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_SPAN] =
    g_param_spec_object ("selected-span", NULL, NULL, NEWSMARK_TYPE_SPAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_REJECTED] =
    g_param_spec_boolean ("show-rejected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * NewsmarkArticleView::span-clicked:
   * @span: (nullable): the span picked, or %NULL for a click outside spans
   */
  signals[SPAN_CLICKED] =
    g_signal_new ("span-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, NEWSMARK_TYPE_SPAN);
}

static void
newsmark_article_view_init (NewsmarkArticleView *self)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GtkEventController *controller;

  self->colours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gdk_rgba_free);
  self->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  self->visible = g_ptr_array_new ();
  self->paragraphs = g_hash_table_new_full (NULL, NULL, NULL, paragraph_free);
  self->locations = g_hash_table_new (NULL, NULL);
  self->location_rects = g_array_new (FALSE, FALSE, sizeof (GdkRectangle));

  gtk_text_view_set_editable (text_view, FALSE);
  gtk_text_view_set_cursor_visible (text_view, TRUE);
  gtk_text_view_set_wrap_mode (text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (text_view, 40);
  gtk_text_view_set_right_margin (text_view, 40);
  gtk_text_view_set_top_margin (text_view, 24);
  gtk_text_view_set_bottom_margin (text_view, 48);
  gtk_text_view_set_pixels_above_lines (text_view, 4);
  gtk_text_view_set_pixels_below_lines (text_view, LANE_SPACE);
  gtk_text_view_set_pixels_inside_wrap (text_view, LANE_SPACE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "nm-article");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Article",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  "Select text and press a label key to tag it",
                                  -1);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* Legacy, not a gesture: GtkTextView's own gestures claim the button
   * sequence, which would cancel a second GtkGestureClick. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (on_legacy_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
}
