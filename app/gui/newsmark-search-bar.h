/* newsmark-search-bar.h — find in the article (GtkSourceSearchContext) */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

#include "newsmark-article-view.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_SEARCH_BAR (newsmark_search_bar_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkSearchBar, newsmark_search_bar, NEWSMARK, SEARCH_BAR, GtkWidget)

void        newsmark_search_bar_set_view        (NewsmarkSearchBar   *self,
                                                 NewsmarkArticleView *view);
/* Reveals the bar, selects the previous query (typing replaces it) and
 * focuses the entry. */
void        newsmark_search_bar_open            (NewsmarkSearchBar   *self);
/* Hides the bar; the current match stays selected and the article gets
 * the focus, so the next label key tags it. */
void        newsmark_search_bar_close           (NewsmarkSearchBar   *self);
gboolean    newsmark_search_bar_get_revealed    (NewsmarkSearchBar   *self);
/* Enter in the query: the match typing selected stays (the user has just
 * been shown it); otherwise, the next one. FALSE when there is none. */
gboolean    newsmark_search_bar_activate        (NewsmarkSearchBar   *self);
/* "2 of 2 · ¶15, repeats ¶5": which match is selected and where. */
const char *newsmark_search_bar_get_status      (NewsmarkSearchBar   *self);
/* Where typing searches from: the cursor when it was on screen at open,
 * else the first character shown. */
guint       newsmark_search_bar_get_search_start (NewsmarkSearchBar  *self);
/* Selects the next / previous match in the article; FALSE when none.
 * "match-selected" says a match was selected, by these or by typing. */
gboolean    newsmark_search_bar_next            (NewsmarkSearchBar   *self);
gboolean    newsmark_search_bar_previous        (NewsmarkSearchBar   *self);
const char *newsmark_search_bar_get_text        (NewsmarkSearchBar   *self);
void        newsmark_search_bar_set_text        (NewsmarkSearchBar   *self,
                                                 const char          *text);
gboolean    newsmark_search_bar_get_whole_words (NewsmarkSearchBar   *self);
gboolean    newsmark_search_bar_get_case_sensitive (NewsmarkSearchBar *self);

G_END_DECLS
