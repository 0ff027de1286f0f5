/* newsmark-history-private.h — the undo/redo stacks of an annotation set
 *
 * The history stores operations, not whole states: each records the span
 * or relation object itself (so undo brings back the very object the GUI
 * still holds) plus snapshots of its fields where needed. The annotation
 * set applies operations through a callback; the history only orders them,
 * groups them into steps and tracks the save point.
 */
#pragma once

#include "newsmark/newsmark-span.h"
#include "newsmark/newsmark-relation.h"

G_BEGIN_DECLS

typedef enum {
  NEWSMARK_OP_ADD_SPAN,          /* object: span; after: its fields when added */
  NEWSMARK_OP_REMOVE_SPAN,       /* object: span; before: its fields when removed */
  NEWSMARK_OP_CHANGE_SPAN,       /* object: span; before / after */
  NEWSMARK_OP_ADD_RELATION,      /* object: relation */
  NEWSMARK_OP_REMOVE_RELATION,   /* object: relation */
  NEWSMARK_OP_ADD_UNPLACED,      /* object: span; after; position in the list */
  NEWSMARK_OP_REMOVE_UNPLACED,   /* object: span; before; position in the list */
} NewsmarkOpKind;

typedef struct {
  NewsmarkOpKind  kind;
  gpointer        object;    /* owned reference */
  NewsmarkSpan   *before;    /* owned snapshot or NULL */
  NewsmarkSpan   *after;     /* owned snapshot or NULL */
  guint           position;
} NewsmarkOp;

/* @reverse FALSE: (re)do the operation; TRUE: undo it. */
typedef void (*NewsmarkHistoryApply) (gpointer          user_data,
                                      const NewsmarkOp *op,
                                      gboolean          reverse);

typedef struct _NewsmarkHistory NewsmarkHistory;

NewsmarkHistory *_newsmark_history_new   (NewsmarkHistoryApply  apply,
                                          gpointer              user_data);
void             _newsmark_history_free  (NewsmarkHistory      *self);

/* Groups nest; operations pushed between the outermost begin and end form
 * one step, named by the outermost description. An empty step is dropped.
 * _end returns TRUE when it closed the outermost group. */
void             _newsmark_history_begin (NewsmarkHistory      *self,
                                          const char           *description);
gboolean         _newsmark_history_end   (NewsmarkHistory      *self);
guint            _newsmark_history_get_depth (NewsmarkHistory  *self);
/* Takes ownership of @op's references. A group must be open. A new step
 * clears the redo stack. */
void             _newsmark_history_push  (NewsmarkHistory      *self,
                                          NewsmarkOpKind        kind,
                                          gpointer              object,
                                          NewsmarkSpan         *before,
                                          NewsmarkSpan         *after,
                                          guint                 position);

gboolean         _newsmark_history_can_undo (NewsmarkHistory   *self);
gboolean         _newsmark_history_can_redo (NewsmarkHistory   *self);
const char      *_newsmark_history_get_undo_description (NewsmarkHistory *self);
const char      *_newsmark_history_get_redo_description (NewsmarkHistory *self);
/* Refused (FALSE) while a group is open. */
gboolean         _newsmark_history_undo  (NewsmarkHistory      *self);
gboolean         _newsmark_history_redo  (NewsmarkHistory      *self);
/* Forgets both stacks; the current state stays saved or unsaved as it was. */
void             _newsmark_history_clear (NewsmarkHistory      *self);

/* Save point: the current state is what is on disk (saved TRUE) or not. */
void             _newsmark_history_set_saved   (NewsmarkHistory *self,
                                                gboolean         saved);
gboolean         _newsmark_history_is_modified (NewsmarkHistory *self);

/* Most steps kept; older ones are forgotten. */
#define NEWSMARK_HISTORY_MAX_STEPS 1000

G_END_DECLS
