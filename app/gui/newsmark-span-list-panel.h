/* newsmark-span-list-panel.h — every span in a filterable GtkColumnView */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_SPAN_LIST_PANEL (newsmark_span_list_panel_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkSpanListPanel, newsmark_span_list_panel, NEWSMARK, SPAN_LIST_PANEL, GtkWidget)

void        newsmark_span_list_panel_set_annotation_set (NewsmarkSpanListPanel *self,
                                                         NewsmarkAnnotationSet *set);
/* Selects @span's row (scrolling to it) without emitting span-activated;
 * NULL or a filtered-out span clears the selection. */
/* While a file is being read: the list says so instead of "0 spans". */
void        newsmark_span_list_panel_set_loading        (NewsmarkSpanListPanel *self,
                                                         gboolean               loading);
/* The list follows the selected span a moment after it changes; this
 * moves it at once. FALSE when it has nothing to follow. */
gboolean    newsmark_span_list_panel_scroll_now         (NewsmarkSpanListPanel *self);
/* The list shows an edit in the frame after the one that shows it in the
 * article (see NewsmarkListMirror); this shows it at once. FALSE when it
 * had nothing to catch up with. */
gboolean    newsmark_span_list_panel_catch_up           (NewsmarkSpanListPanel *self);
/* TRUE while the list has yet to show an edit. */
gboolean    newsmark_span_list_panel_get_catching_up    (NewsmarkSpanListPanel *self);
/* TRUE while the list has yet to move to the selected span. */
gboolean    newsmark_span_list_panel_get_scrolling      (NewsmarkSpanListPanel *self);
void        newsmark_span_list_panel_select_span        (NewsmarkSpanListPanel *self,
                                                         NewsmarkSpan          *span);
NewsmarkSpan *newsmark_span_list_panel_get_selected_span (NewsmarkSpanListPanel *self);
/* The rows shown after filtering (GListModel of NewsmarkSpan). */
GListModel *newsmark_span_list_panel_get_model          (NewsmarkSpanListPanel *self);
/* Filters: label name or NULL for all; status or -1 for all; text or NULL. */
void        newsmark_span_list_panel_set_filter         (NewsmarkSpanListPanel *self,
                                                         const char            *label,
                                                         int                    status,
                                                         const char            *text);
/* What a row's Text cell shows (Pango markup): the paragraph ("¶7", or
 * "¶17, repeats ¶7"), the span's text and, for a short span, the words
 * around it. */
char       *newsmark_span_list_row_markup               (NewsmarkDocument      *document,
                                                         NewsmarkSpan          *span);

G_END_DECLS
