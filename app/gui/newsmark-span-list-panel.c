/* newsmark-span-list-panel.c — every span in a filterable GtkColumnView
 *
 * The core's span model is already in position order, so the default view
 * needs no sorting; filtering and column sorting only cost something when
 * the user asks for them (a NULL filter and an unset sorter pass items
 * through untouched, which matters at 100,000 spans).
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include "newsmark-application.h"
#include "newsmark-list-mirror.h"
#include "newsmark-span-list-panel.h"

typedef enum {
  COLUMN_LABEL,
  COLUMN_TEXT,
  COLUMN_STATUS,
  COLUMN_ORIGIN,
} Column;

struct _NewsmarkSpanListPanel
{
  GtkWidget              parent_instance;

  GtkSearchEntry        *filter_entry;
  GtkDropDown           *label_dropdown;
  GtkDropDown           *status_dropdown;
  GtkColumnView         *column_view;
  GtkLabel              *count_label;
  gboolean               loading;
  GHashTable            *colour_classes;   /* label name → interned CSS class */

  NewsmarkAnnotationSet *set;
  NewsmarkListMirror    *mirror;         /* the core's spans, a frame later */
  GtkFilterListModel    *filter_model;
  GtkSortListModel      *sort_model;
  GtkSingleSelection    *selection;
  GtkCustomFilter       *filter;

  char                  *filter_label;
  int                    filter_status;
  char                  *filter_text;   /* case-folded */
  guint                  scroll_idle;
  gboolean               updating;

  /* Catching up with the core after the frame that showed an edit. */
  GdkFrameClock         *frame_clock;
  gulong                 after_paint_id;
  guint                  catch_up_idle;
  guint                  catch_up_timeout;
  NewsmarkSpan          *pending_select;
  gboolean               has_pending_select;
  NewsmarkSpan          *selected;         /* the selected row's span */
};

G_DEFINE_FINAL_TYPE (NewsmarkSpanListPanel, newsmark_span_list_panel, GTK_TYPE_WIDGET)

enum {
  SPAN_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How long the list waits before it follows the selected span. */
#define SCROLL_DELAY_MS 150
/* When no frame comes (a window in the background), the list catches up
 * with the core this long after an edit anyway. */
#define CATCH_UP_TIMEOUT_MS 100

/* ---- Cells ------------------------------------------------------------------ */

/* A span this short gets the words around it too: eighteen "Lavrov" rows
 * differ only there. */
#define CONTEXT_SPAN_CHARS 32
#define WORDS_BEFORE       2
#define WORDS_AFTER        3

static char *
excerpt (NewsmarkSpan *span);

/* "¶7  …a reporter asked Lavrov about the dismissal…", the paragraph
 * ("¶17, repeats ¶7" in a copy, as everywhere) and the context dimmed:
 * where the span is, at a glance. */
char *
newsmark_span_list_row_markup (NewsmarkDocument *document,
                               NewsmarkSpan     *span)
{
  g_autofree char *text = excerpt (span);
  g_autofree char *text_e = g_markup_escape_text (text, -1);
  guint start = newsmark_span_get_start (span);
  guint end = newsmark_span_get_end (span);
  g_autoptr(NewsmarkPlace) place = NULL;
  g_autofree char *paragraph = NULL;
  g_autofree char *before_e = NULL;
  g_autofree char *after_e = NULL;

  if (end - start > CONTEXT_SPAN_CHARS)
    {
      place = newsmark_place_new (document, start, start, 0, 0);
      paragraph = newsmark_document_describe_paragraph (document, place->paragraph);
      return g_strdup_printf ("<span fgalpha=\"55%%\">%s</span>  %s", paragraph != NULL ? paragraph : "", text_e);
    }

  place = newsmark_place_new (document, start, end, WORDS_BEFORE, WORDS_AFTER);
  paragraph = newsmark_document_describe_paragraph (document, place->paragraph);
  before_e = g_markup_escape_text (place->before, -1);
  after_e = g_markup_escape_text (place->after, -1);
  return g_strdup_printf ("<span fgalpha=\"55%%\">%s</span>  <span fgalpha=\"60%%\">%s%s</span><b>%s</b>"
                          "<span fgalpha=\"60%%\">%s%s</span>",
                          paragraph != NULL ? paragraph : "", place->more_before ? "…" : "", before_e, text_e,
                          after_e, place->more_after ? "…" : "");
}

static char *
excerpt (NewsmarkSpan *span)
{
  const char *text = newsmark_span_get_text (span);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text != NULL ? text : ""; *p != '\0' && n < 80; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        c = ' ';
      g_string_append_unichar (out, c);
    }
  if (text != NULL && g_utf8_strlen (text, -1) > 80)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);
  /* GtkInscription, not GtkLabel: its size comes from a number of
   * characters, not from laying its text out. A jump in the list binds up
   * to a few hundred rows at once, and measuring that many labels of
   * mixed-script text took several frames. */
  GtkWidget *label = gtk_inscription_new (NULL);
  GtkInscription *inscription = GTK_INSCRIPTION (label);

  gtk_inscription_set_xalign (inscription, 0);
  gtk_inscription_set_text_overflow (inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_lines (inscription, 1);
  gtk_inscription_set_nat_lines (inscription, 1);

  switch (column)
    {
    case COLUMN_LABEL:
      /* Sized to its name when bound, so the chip fits the name. */
      gtk_widget_add_css_class (label, "nm-chip");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      break;
    /* Natural sizes small enough that the filter bar, not the rows, sets
     * the panel's width: it stays the same with no rows (an empty file, or
     * one still loading) as with 100,000. The text column takes the rest. */
    case COLUMN_TEXT:
      gtk_inscription_set_min_chars (inscription, 8);
      gtk_inscription_set_nat_chars (inscription, 14);
      gtk_widget_set_hexpand (label, TRUE);
      break;
    case COLUMN_STATUS:
      gtk_inscription_set_min_chars (inscription, 6);
      gtk_inscription_set_nat_chars (inscription, 7);
      gtk_widget_add_css_class (label, "caption");
      break;
    case COLUMN_ORIGIN:
      gtk_inscription_set_min_chars (inscription, 6);
      gtk_inscription_set_nat_chars (inscription, 7);
      gtk_widget_add_css_class (label, "caption");
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_list_item_set_child (item, label);
}

/* The CSS class of a label's colour, looked up once per label name (per
 * schema). The names are interned: a cell keeps pointing at its class. */
static const char *
colour_class_for (NewsmarkSpanListPanel *self,
                  const char            *label_name)
{
  GApplication *app = g_application_get_default ();
  const char *colour_class;
  NewsmarkLabel *def;

  if (label_name == NULL || self->set == NULL || !NEWSMARK_IS_APPLICATION (app))
    return NULL;

  colour_class = g_hash_table_lookup (self->colour_classes, label_name);
  if (colour_class != NULL)
    return colour_class;

  def = newsmark_schema_find_label (newsmark_annotation_set_get_schema (self->set), label_name);
  if (def == NULL)
    return NULL;
  {
    g_autofree char *name = newsmark_application_colour_class (NEWSMARK_APPLICATION (app),
                                                               newsmark_label_get_colour (def));

    colour_class = g_intern_string (name);
  }
  g_hash_table_insert (self->colour_classes, g_strdup (label_name), (gpointer) colour_class);
  return colour_class;
}

static void
set_dim (GtkWidget *label,
         gboolean   dim)
{
  if (dim == gtk_widget_has_css_class (label, "dim-label"))
    return;

  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
}

static void
fill_cell (GtkListItem *item,
           Column       column)
{
  NewsmarkSpan *span = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  NewsmarkSpanListPanel *self = g_object_get_data (G_OBJECT (item), "nm-panel");
  g_autofree char *text = NULL;

  if (span == NULL || label == NULL)
    return;

  switch (column)
    {
    case COLUMN_LABEL:
      {
        const char *old_class = g_object_get_data (G_OBJECT (label), "nm-colour-class");
        const char *colour_class = self != NULL ? colour_class_for (self, newsmark_span_get_label (span)) : NULL;
        guint n_chars;

        /* A jump in the list binds hundreds of cells: touch the style
         * only when it changes. */
        if (g_strcmp0 (old_class, colour_class) != 0)
          {
            if (old_class != NULL)
              gtk_widget_remove_css_class (label, old_class);
            if (colour_class != NULL)
              gtk_widget_add_css_class (label, colour_class);
            /* Interned by the panel's table for as long as the app runs. */
            g_object_set_data (G_OBJECT (label), "nm-colour-class", (gpointer) colour_class);
          }
        text = g_strdup (newsmark_span_get_label (span));
        /* Label names are in capitals, wider than the average character
         * an inscription counts in, and the chip has padding. */
        n_chars = (guint) g_utf8_strlen (text, -1);
        n_chars = n_chars * 4 / 3 + 2;
        if (gtk_inscription_get_nat_chars (GTK_INSCRIPTION (label)) != n_chars)
          {
            gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), n_chars);
            gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), n_chars);
          }
      }
      break;

    case COLUMN_TEXT:
      if (self != NULL && self->set != NULL)
        {
          g_autofree char *markup = newsmark_span_list_row_markup (newsmark_annotation_set_get_document (self->set), span);

          gtk_inscription_set_markup (GTK_INSCRIPTION (label), markup);
          set_dim (label, newsmark_span_get_status (span) == NEWSMARK_STATUS_REJECTED);
          return;
        }
      text = excerpt (span);
      break;

    case COLUMN_STATUS:
      text = g_strdup (newsmark_status_to_string (newsmark_span_get_status (span)));
      break;

    case COLUMN_ORIGIN:
      text = newsmark_span_get_origin (span) != NULL
             ? newsmark_origin_to_display (newsmark_span_get_origin (span))
             : g_strdup ("");
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  set_dim (label, newsmark_span_get_status (span) == NEWSMARK_STATUS_REJECTED);
}

/* What a cell shows. GTK 4.8's signal factory unbinds and binds a row
 * again whenever only its position changes, so a span added above the
 * rows on screen rebinds every one of them (about 200 rows of 4 cells).
 * A cell therefore keeps its span until it is given another one, and
 * follows that span's changes through "notify" instead of through
 * rebinding. */
typedef struct
{
  NewsmarkSpan *span;
  gulong        notify_id;
} CellState;

static void
cell_state_clear (CellState *state)
{
  if (state->span != NULL)
    g_clear_signal_handler (&state->notify_id, state->span);
  g_clear_object (&state->span);
}

static void
cell_state_free (gpointer data)
{
  CellState *state = data;

  cell_state_clear (state);
  g_free (state);
}

static void
on_span_notify (NewsmarkSpan *span,
                GParamSpec   *pspec,
                GtkListItem  *item)
{
  fill_cell (item, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "nm-column")));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  NewsmarkSpanListPanel *self = g_object_get_data (G_OBJECT (factory), "nm-panel");
  NewsmarkSpan *span = gtk_list_item_get_item (item);
  CellState *state = g_object_get_data (G_OBJECT (item), "nm-cell");

  if (state == NULL)
    {
      state = g_new0 (CellState, 1);
      g_object_set_data_full (G_OBJECT (item), "nm-cell", state, cell_state_free);
      g_object_set_data (G_OBJECT (item), "nm-panel", self);
      g_object_set_data (G_OBJECT (item), "nm-column", data);
    }
  else if (state->span == span && span != NULL)
    return;

  cell_state_clear (state);
  fill_cell (item, GPOINTER_TO_INT (data));
  if (span != NULL)
    {
      state->span = g_object_ref (span);
      state->notify_id = g_signal_connect (span, "notify", G_CALLBACK (on_span_notify), item);
    }
}

/* Nothing to undo on unbind: see CellState. The next bind, or the cell's
 * end, lets go of the span. */

/* ---- Sorting ------------------------------------------------------------------- */

static int
compare_label (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  int cmp = g_strcmp0 (newsmark_span_get_label ((NewsmarkSpan *) a), newsmark_span_get_label ((NewsmarkSpan *) b));

  return cmp != 0 ? cmp : newsmark_span_compare ((NewsmarkSpan *) a, (NewsmarkSpan *) b);
}

static int
compare_text (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  int cmp = g_utf8_collate (newsmark_span_get_text ((NewsmarkSpan *) a), newsmark_span_get_text ((NewsmarkSpan *) b));

  return cmp != 0 ? cmp : newsmark_span_compare ((NewsmarkSpan *) a, (NewsmarkSpan *) b);
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  int sa = (int) newsmark_span_get_status ((NewsmarkSpan *) a);
  int sb = (int) newsmark_span_get_status ((NewsmarkSpan *) b);

  return sa != sb ? (sa < sb ? -1 : 1) : newsmark_span_compare ((NewsmarkSpan *) a, (NewsmarkSpan *) b);
}

static void
add_column (NewsmarkSpanListPanel *self,
            const char            *title,
            Column                 column,
            GCompareDataFunc       compare,
            gboolean               expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "nm-panel", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (compare != NULL)
    {
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));

      gtk_column_view_column_set_sorter (view_column, sorter);
      g_object_unref (sorter);
    }
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

static void
on_sorter_changed (NewsmarkSpanListPanel *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  if (gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
    gtk_sort_list_model_set_sorter (self->sort_model, NULL);
  else
    gtk_sort_list_model_set_sorter (self->sort_model, sorter);
}

/* ---- Filtering ------------------------------------------------------------------ */

static gboolean
filter_func (gpointer item,
             gpointer data)
{
  NewsmarkSpanListPanel *self = data;
  NewsmarkSpan *span = item;

  if (self->filter_label != NULL && g_strcmp0 (newsmark_span_get_label (span), self->filter_label) != 0)
    return FALSE;
  if (self->filter_status >= 0 && (int) newsmark_span_get_status (span) != self->filter_status)
    return FALSE;
  if (self->filter_text != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (newsmark_span_get_text (span) ? newsmark_span_get_text (span) : "", -1);

      if (strstr (folded, self->filter_text) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
update_count (NewsmarkSpanListPanel *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  /* The spans the list has caught up with, so a count never disagrees
   * with the rows for a frame. */
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->mirror));
  g_autofree char *text = NULL;

  if (self->loading)
    {
      gtk_label_set_text (self->count_label, "Loading spans…");
      return;
    }
  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u span", "%u spans", total), total);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u span", "%u of %u spans", total), shown, total);
  gtk_label_set_text (self->count_label, text);
}

static void
apply_filter (NewsmarkSpanListPanel *self)
{
  gboolean active = self->filter_label != NULL || self->filter_status >= 0 || self->filter_text != NULL;

  /* No filter object at all when nothing filters: items pass through. */
  if (!active)
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
  else
    {
      gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
    }
  update_count (self);
}

void
newsmark_span_list_panel_set_filter (NewsmarkSpanListPanel *self,
                                     const char            *label,
                                     int                    status,
                                     const char            *text)
{
  g_return_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self));

  g_free (self->filter_label);
  self->filter_label = label != NULL && label[0] != '\0' ? g_strdup (label) : NULL;
  self->filter_status = status;
  g_free (self->filter_text);
  self->filter_text = text != NULL && text[0] != '\0' ? g_utf8_casefold (text, -1) : NULL;
  apply_filter (self);
}

static void
on_filter_changed (NewsmarkSpanListPanel *self)
{
  guint label_index = gtk_drop_down_get_selected (self->label_dropdown);
  guint status_index = gtk_drop_down_get_selected (self->status_dropdown);
  const char *label = NULL;
  GtkStringObject *item;

  if (label_index != GTK_INVALID_LIST_POSITION && label_index > 0 &&
      (item = gtk_drop_down_get_selected_item (self->label_dropdown)) != NULL)
    label = gtk_string_object_get_string (item);

  newsmark_span_list_panel_set_filter (self, label,
                                       status_index == GTK_INVALID_LIST_POSITION || status_index == 0
                                       ? -1 : (int) status_index - 1,
                                       gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

/* ---- Selection --------------------------------------------------------------------- */

static void
on_selection_changed (NewsmarkSpanListPanel *self)
{
  NewsmarkSpan *span = gtk_single_selection_get_selected_item (self->selection);

  /* Rows added or removed above the selected one move it: the same span
   * at another position is no new choice of the user's. */
  if (span == self->selected)
    return;
  g_set_object (&self->selected, span);

  if (self->updating)
    return;

  if (span != NULL)
    g_signal_emit (self, signals[SPAN_ACTIVATED], 0, span);
}

static void
on_row_activate (NewsmarkSpanListPanel *self,
                 guint                  position)
{
  g_autoptr(NewsmarkSpan) span = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (span != NULL)
    {
      g_signal_emit (self, signals[SPAN_ACTIVATED], 0, span);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-article", NULL);
    }
}

static void
on_items_changed (NewsmarkSpanListPanel *self)
{
  update_count (self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                NewsmarkSpanListPanel *self)
{
  if ((keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete) &&
      (state & gtk_accelerator_get_default_mod_mask ()) == 0 &&
      gtk_single_selection_get_selected_item (self->selection) != NULL)
    return gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-span", NULL);

  return FALSE;
}

static guint
find_position (NewsmarkSpanListPanel *self,
               NewsmarkSpan          *span)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  GtkSorter *sorter = gtk_sort_list_model_get_sorter (self->sort_model);
  guint n;

  if (gtk_filter_list_model_get_filter (self->filter_model) == NULL &&
      (sorter == NULL || gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE))
    return newsmark_annotation_set_get_span_position (self->set, span);

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) item = g_list_model_get_item (model, i);

      if (item == span)
        return i;
    }

  return G_MAXUINT;
}

/* GTK 4.8 has no gtk_column_view_scroll_to(): the inner list view's
 * scroll action moves without taking the keyboard focus. */
static GtkWidget *
inner_list_view (NewsmarkSpanListPanel *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static gboolean
scroll_to_row_idle (gpointer data)
{
  NewsmarkSpanListPanel *self = data;
  guint position = gtk_single_selection_get_selected (self->selection);
  GtkWidget *list_view = inner_list_view (self);

  self->scroll_idle = 0;
  if (position == GTK_INVALID_LIST_POSITION || list_view == NULL)
    return G_SOURCE_REMOVE;

  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
  return G_SOURCE_REMOVE;
}

static void
scroll_to_row (NewsmarkSpanListPanel *self,
               guint                  position)
{
  /* Bringing far rows into view binds a few hundred rows, about a frame's
   * work: the article shows the change first, and the list follows once
   * the user pauses (tagging in quick succession moves it once). */
  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  self->scroll_idle = g_timeout_add_full (G_PRIORITY_LOW, SCROLL_DELAY_MS, scroll_to_row_idle, self, NULL);
}

/* ---- Catching up ------------------------------------------------------------------- */

static void
stop_catching_up (NewsmarkSpanListPanel *self)
{
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  g_clear_handle_id (&self->catch_up_idle, g_source_remove);
  g_clear_handle_id (&self->catch_up_timeout, g_source_remove);
}

/* The idle after a frame or the timeout, whichever comes first; it
 * removes both (itself included, which GLib allows while it runs). */
static gboolean
catch_up_cb (gpointer data)
{
  NewsmarkSpanListPanel *self = data;

  stop_catching_up (self);
  newsmark_list_mirror_flush (self->mirror);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock         *clock,
                NewsmarkSpanListPanel *self)
{
  /* The edit is on screen: catch up before the next frame, outside the
   * frame clock's signal. */
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->catch_up_idle == 0)
    self->catch_up_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, catch_up_cb, self, NULL);
}

static void
on_mirror_pending (NewsmarkSpanListPanel *self)
{
  if (newsmark_list_mirror_get_pending (self->mirror))
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      /* Only a mapped list defers, and it has a frame clock. */
      if (clock != NULL && self->after_paint_id == 0 && self->catch_up_idle == 0)
        {
          g_set_object (&self->frame_clock, clock);
          self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
        }
      if (self->catch_up_timeout == 0)
        self->catch_up_timeout = g_timeout_add (CATCH_UP_TIMEOUT_MS, catch_up_cb, self);
      return;
    }

  /* Caught up. */
  stop_catching_up (self);
  if (self->has_pending_select)
    {
      g_autoptr(NewsmarkSpan) span = g_steal_pointer (&self->pending_select);

      self->has_pending_select = FALSE;
      newsmark_span_list_panel_select_span (self, span);
    }
}

gboolean
newsmark_span_list_panel_catch_up (NewsmarkSpanListPanel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self), FALSE);

  return newsmark_list_mirror_flush (self->mirror);
}

gboolean
newsmark_span_list_panel_get_catching_up (NewsmarkSpanListPanel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self), FALSE);

  return newsmark_list_mirror_get_pending (self->mirror);
}

void
newsmark_span_list_panel_select_span (NewsmarkSpanListPanel *self,
                                      NewsmarkSpan          *span)
{
  guint position = G_MAXUINT;

  g_return_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self));

  if (self->set == NULL)
    return;

  /* A span just added has no row yet: select it once the list has
   * caught up. */
  if (newsmark_list_mirror_get_pending (self->mirror))
    {
      g_set_object (&self->pending_select, span);
      self->has_pending_select = TRUE;
      return;
    }
  g_clear_object (&self->pending_select);
  self->has_pending_select = FALSE;

  if (span != NULL)
    position = find_position (self, span);

  self->updating = TRUE;
  if (position == G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  else
    {
      gtk_single_selection_set_selected (self->selection, position);
      scroll_to_row (self, position);
    }
  self->updating = FALSE;
}

NewsmarkSpan *
newsmark_span_list_panel_get_selected_span (NewsmarkSpanListPanel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self), NULL);

  if (self->has_pending_select)
    return self->pending_select;
  return gtk_single_selection_get_selected_item (self->selection);
}

GListModel *
newsmark_span_list_panel_get_model (NewsmarkSpanListPanel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self), NULL);

  return G_LIST_MODEL (self->selection);
}

void
newsmark_span_list_panel_set_annotation_set (NewsmarkSpanListPanel *self,
                                             NewsmarkAnnotationSet *set)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_return_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self));

  g_set_object (&self->set, set);
  g_hash_table_remove_all (self->colour_classes);

  self->updating = TRUE;
  stop_catching_up (self);
  g_clear_object (&self->pending_select);
  self->has_pending_select = FALSE;
  newsmark_list_mirror_set_source (self->mirror, set != NULL ? newsmark_annotation_set_get_spans (set) : NULL);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  gtk_string_list_append (labels, "Any label");
  if (set != NULL)
    {
      GListModel *model = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (set));

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(NewsmarkLabel) label = g_list_model_get_item (model, i);

          gtk_string_list_append (labels, newsmark_label_get_name (label));
        }
    }
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->label_dropdown, 0);
  self->updating = FALSE;

  update_count (self);
}

void
newsmark_span_list_panel_set_loading (NewsmarkSpanListPanel *self,
                                      gboolean               loading)
{
  g_return_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self));

  self->loading = !!loading;
  /* Nothing to filter until the spans are there. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_entry), !self->loading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->label_dropdown), !self->loading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown), !self->loading);
  update_count (self);
}

gboolean
newsmark_span_list_panel_get_scrolling (NewsmarkSpanListPanel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self), FALSE);

  return self->scroll_idle != 0;
}

gboolean
newsmark_span_list_panel_scroll_now (NewsmarkSpanListPanel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN_LIST_PANEL (self), FALSE);

  if (self->scroll_idle == 0)
    return FALSE;
  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  scroll_to_row_idle (self);
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
newsmark_span_list_panel_dispose (GObject *object)
{
  NewsmarkSpanListPanel *self = NEWSMARK_SPAN_LIST_PANEL (object);

  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  /* Nothing is to catch up with from here on. */
  if (self->mirror != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->mirror, on_mirror_pending, self);
      newsmark_list_mirror_set_source (self->mirror, NULL);
    }
  stop_catching_up (self);
  g_clear_object (&self->pending_select);
  g_clear_object (&self->selected);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEWSMARK_TYPE_SPAN_LIST_PANEL);
  /* The template's root child is not bound to a field: unparent it too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->selection);
  g_clear_object (&self->mirror);
  g_clear_object (&self->filter);
  g_clear_object (&self->set);

  G_OBJECT_CLASS (newsmark_span_list_panel_parent_class)->dispose (object);
}

static void
newsmark_span_list_panel_finalize (GObject *object)
{
  NewsmarkSpanListPanel *self = NEWSMARK_SPAN_LIST_PANEL (object);

  g_clear_pointer (&self->filter_label, g_free);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->colour_classes, g_hash_table_unref);

  G_OBJECT_CLASS (newsmark_span_list_panel_parent_class)->finalize (object);
}

/* Only a list on screen has frames to wait for. */
static void
newsmark_span_list_panel_map (GtkWidget *widget)
{
  NewsmarkSpanListPanel *self = NEWSMARK_SPAN_LIST_PANEL (widget);

  GTK_WIDGET_CLASS (newsmark_span_list_panel_parent_class)->map (widget);
  if (self->mirror != NULL)
    newsmark_list_mirror_set_deferring (self->mirror, TRUE);
}

static void
newsmark_span_list_panel_unmap (GtkWidget *widget)
{
  NewsmarkSpanListPanel *self = NEWSMARK_SPAN_LIST_PANEL (widget);

  /* A panel being disposed has let go of its mirror already. */
  if (self->mirror != NULL)
    newsmark_list_mirror_set_deferring (self->mirror, FALSE);
  stop_catching_up (self);
  GTK_WIDGET_CLASS (newsmark_span_list_panel_parent_class)->unmap (widget);
}

static void
newsmark_span_list_panel_class_init (NewsmarkSpanListPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_span_list_panel_dispose;
  object_class->finalize = newsmark_span_list_panel_finalize;
  widget_class->map = newsmark_span_list_panel_map;
  widget_class->unmap = newsmark_span_list_panel_unmap;

  signals[SPAN_ACTIVATED] =
    g_signal_new ("span-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, NEWSMARK_TYPE_SPAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/newsmark/Newsmark/ui/newsmark-span-list-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSpanListPanel, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSpanListPanel, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSpanListPanel, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSpanListPanel, column_view);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkSpanListPanel, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activate);
}

static void
newsmark_span_list_panel_init (NewsmarkSpanListPanel *self)
{
  GtkEventController *controller;

  self->filter_status = -1;
  self->updating = TRUE;
  self->colour_classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->mirror = newsmark_list_mirror_new ();
  g_signal_connect_swapped (self->mirror, "notify::pending", G_CALLBACK (on_mirror_pending), self);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->mirror)), NULL);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model), NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  add_column (self, "Label", COLUMN_LABEL, compare_label, FALSE);
  add_column (self, "Text", COLUMN_TEXT, compare_text, TRUE);
  add_column (self, "Status", COLUMN_STATUS, compare_status, FALSE);
  add_column (self, "Origin", COLUMN_ORIGIN, NULL, FALSE);

  /* The sort model only gets the column view's sorter while a column is
   * sorted; otherwise it has none and passes the core's position order and
   * its changes straight on. */
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (on_sorter_changed), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (on_items_changed), self);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);

  self->updating = FALSE;
  update_count (self);
}
