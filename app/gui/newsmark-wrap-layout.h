/* newsmark-wrap-layout.h — children side by side, wrapped onto more rows */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_WRAP_LAYOUT (newsmark_wrap_layout_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkWrapLayout, newsmark_wrap_layout, NEWSMARK, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *newsmark_wrap_layout_new             (void);
int               newsmark_wrap_layout_get_spacing     (NewsmarkWrapLayout *self);
void              newsmark_wrap_layout_set_spacing     (NewsmarkWrapLayout *self,
                                                        int                 spacing);
int               newsmark_wrap_layout_get_row_spacing (NewsmarkWrapLayout *self);
void              newsmark_wrap_layout_set_row_spacing (NewsmarkWrapLayout *self,
                                                        int                 row_spacing);

G_END_DECLS
