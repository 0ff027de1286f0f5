/* newsmark-list-mirror.h — a GListModel that follows another a frame later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_LIST_MIRROR (newsmark_list_mirror_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkListMirror, newsmark_list_mirror, NEWSMARK, LIST_MIRROR, GObject)

NewsmarkListMirror *newsmark_list_mirror_new           (void);
/* Shows @source's items at once (dropping any changes still held back). */
void                newsmark_list_mirror_set_source    (NewsmarkListMirror *self,
                                                        GListModel         *source);
GListModel         *newsmark_list_mirror_get_source    (NewsmarkListMirror *self);
/* While deferring, small changes of the source are held back until
 * newsmark_list_mirror_flush(); large ones (and every change while not
 * deferring) pass on at once, after the held-back ones. */
void                newsmark_list_mirror_set_deferring (NewsmarkListMirror *self,
                                                        gboolean            deferring);
/* TRUE while changes are held back ("notify::pending" says when). */
gboolean            newsmark_list_mirror_get_pending   (NewsmarkListMirror *self);
/* Passes on the held-back changes, in order. FALSE if there were none. */
gboolean            newsmark_list_mirror_flush         (NewsmarkListMirror *self);

G_END_DECLS
