/* newsmark-article-view.h — the read-only article with every span drawn */
#pragma once

#include <newsmark/newsmark.h>
#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_ARTICLE_VIEW (newsmark_article_view_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkArticleView, newsmark_article_view, NEWSMARK, ARTICLE_VIEW, GtkSourceView)

GtkWidget             *newsmark_article_view_new                (void);
NewsmarkAnnotationSet *newsmark_article_view_get_annotation_set (NewsmarkArticleView   *self);
/* Loads the set's document text into the buffer (or clears it for NULL). */
void                   newsmark_article_view_set_annotation_set (NewsmarkArticleView   *self,
                                                                 NewsmarkAnnotationSet *set);
NewsmarkSpan          *newsmark_article_view_get_selected_span  (NewsmarkArticleView   *self);
void                   newsmark_article_view_set_selected_span  (NewsmarkArticleView   *self,
                                                                 NewsmarkSpan          *span);
gboolean               newsmark_article_view_get_show_rejected  (NewsmarkArticleView   *self);
void                   newsmark_article_view_set_show_rejected  (NewsmarkArticleView   *self,
                                                                 gboolean               show_rejected);
void                   newsmark_article_view_set_dark           (NewsmarkArticleView   *self,
                                                                 gboolean               dark);
/* Text selection in code points; FALSE when nothing is selected. */
gboolean               newsmark_article_view_get_selection      (NewsmarkArticleView   *self,
                                                                 guint                 *start,
                                                                 guint                 *end);
void                   newsmark_article_view_select_range       (NewsmarkArticleView   *self,
                                                                 guint                  start,
                                                                 guint                  end);
/* Puts the cursor at @offset, clearing the selection. */
void                   newsmark_article_view_place_cursor       (NewsmarkArticleView   *self,
                                                                 guint                  offset);
guint                  newsmark_article_view_get_cursor_offset  (NewsmarkArticleView   *self);
void                   newsmark_article_view_scroll_to_offset   (NewsmarkArticleView   *self,
                                                                 guint                  offset);
/* The span a click at @offset selects: the innermost visible span there, or
 * (when @current is among them) the next one outwards, cycling. */
NewsmarkSpan          *newsmark_article_view_pick_span_at       (NewsmarkArticleView   *self,
                                                                 guint                  offset,
                                                                 NewsmarkSpan          *current);
/* Spans drawn in the most recent frame, and frames drawn so far. */
guint                  newsmark_article_view_get_n_drawn_spans  (NewsmarkArticleView   *self);
guint                  newsmark_article_view_get_n_frames       (NewsmarkArticleView   *self);
/* Lays every highlight out again when next drawn. The view does this by
 * itself for a new width, font or style; the highlights of paragraphs
 * that did not change are otherwise kept from frame to frame. */
void                   newsmark_article_view_forget_highlights  (NewsmarkArticleView   *self);
/* Where the range of text the last frame showed ends (a code point). */
guint                  newsmark_article_view_get_visible_end    (NewsmarkArticleView   *self);

/* Paragraphs shown in the last frame with a repeat mark in the margin
 * (they repeat an earlier paragraph word for word). */
guint                  newsmark_article_view_get_n_repeat_marks (NewsmarkArticleView   *self);

G_END_DECLS
