/* newsmark-history.c — the undo/redo stacks of an annotation set */

#include "config.h"

#include "newsmark-history-private.h"

typedef struct {
  char      *description;
  GArray    *ops;      /* NewsmarkOp */
  guint64    serial;   /* identifies the state reached after this step */
} Step;

struct _NewsmarkHistory
{
  NewsmarkHistoryApply  apply;
  gpointer              user_data;

  GQueue                undo;      /* Step*, most recent at the tail */
  GQueue                redo;      /* Step*, next to redo at the tail */

  Step                 *open;      /* the step being built */
  guint                 depth;

  /* Each state the set can be in has a serial: the serial of the step that
   * led to it, or base_serial for the state below the oldest step. The
   * file on disk corresponds to saved_serial; a state reached by a new edit
   * after undoing past the save point gets a fresh serial, so it never
   * compares equal to the saved one by accident. */
  guint64               counter;
  guint64               base_serial;
  guint64               saved_serial;
};

#define UNSAVED G_MAXUINT64

static void
op_clear (gpointer data)
{
  NewsmarkOp *op = data;

  g_clear_object (&op->object);
  g_clear_object (&op->before);
  g_clear_object (&op->after);
}

static void
step_free (Step *step)
{
  if (step == NULL)
    return;
  g_free (step->description);
  g_array_unref (step->ops);
  g_free (step);
}

NewsmarkHistory *
_newsmark_history_new (NewsmarkHistoryApply apply,
                       gpointer             user_data)
{
  NewsmarkHistory *self = g_new0 (NewsmarkHistory, 1);

  self->apply = apply;
  self->user_data = user_data;
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->counter = 1;
  self->base_serial = 1;
  self->saved_serial = 1;
  return self;
}

static void
clear_queue (GQueue *queue)
{
  Step *step;

  while ((step = g_queue_pop_head (queue)))
    step_free (step);
}

void
_newsmark_history_free (NewsmarkHistory *self)
{
  if (self == NULL)
    return;
  clear_queue (&self->undo);
  clear_queue (&self->redo);
  step_free (self->open);
  g_free (self);
}

static guint64
current_serial (NewsmarkHistory *self)
{
  Step *top = g_queue_peek_tail (&self->undo);

  return top ? top->serial : self->base_serial;
}

void
_newsmark_history_begin (NewsmarkHistory *self,
                         const char      *description)
{
  if (self->depth++ == 0)
    {
      self->open = g_new0 (Step, 1);
      self->open->description = g_strdup (description ? description : "Edit");
      self->open->ops = g_array_new (FALSE, FALSE, sizeof (NewsmarkOp));
      g_array_set_clear_func (self->open->ops, op_clear);
    }
}

gboolean
_newsmark_history_end (NewsmarkHistory *self)
{
  Step *step;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (--self->depth > 0)
    return FALSE;

  step = g_steal_pointer (&self->open);
  if (step->ops->len == 0)
    {
      step_free (step);
      return TRUE;
    }

  clear_queue (&self->redo);
  step->serial = ++self->counter;
  g_queue_push_tail (&self->undo, step);

  while (self->undo.length > NEWSMARK_HISTORY_MAX_STEPS)
    {
      Step *oldest = g_queue_pop_head (&self->undo);

      /* The state below the new oldest step is the one the dropped step led to. */
      self->base_serial = oldest->serial;
      step_free (oldest);
    }
  return TRUE;
}

guint
_newsmark_history_get_depth (NewsmarkHistory *self)
{
  return self->depth;
}

void
_newsmark_history_push (NewsmarkHistory *self,
                        NewsmarkOpKind   kind,
                        gpointer         object,
                        NewsmarkSpan    *before,
                        NewsmarkSpan    *after,
                        guint            position)
{
  NewsmarkOp op = { kind, object, before, after, position };

  g_return_if_fail (self->open != NULL);

  g_array_append_val (self->open->ops, op);
}

gboolean
_newsmark_history_can_undo (NewsmarkHistory *self)
{
  return self->depth == 0 && self->undo.length > 0;
}

gboolean
_newsmark_history_can_redo (NewsmarkHistory *self)
{
  return self->depth == 0 && self->redo.length > 0;
}

const char *
_newsmark_history_get_undo_description (NewsmarkHistory *self)
{
  Step *step = g_queue_peek_tail (&self->undo);

  return step ? step->description : NULL;
}

const char *
_newsmark_history_get_redo_description (NewsmarkHistory *self)
{
  Step *step = g_queue_peek_tail (&self->redo);

  return step ? step->description : NULL;
}

gboolean
_newsmark_history_undo (NewsmarkHistory *self)
{
  Step *step;

  if (!_newsmark_history_can_undo (self))
    return FALSE;

  step = g_queue_pop_tail (&self->undo);
  for (guint i = step->ops->len; i > 0; i--)
    self->apply (self->user_data, &g_array_index (step->ops, NewsmarkOp, i - 1), TRUE);
  g_queue_push_tail (&self->redo, step);
  return TRUE;
}

gboolean
_newsmark_history_redo (NewsmarkHistory *self)
{
  Step *step;

  if (!_newsmark_history_can_redo (self))
    return FALSE;

  step = g_queue_pop_tail (&self->redo);
  for (guint i = 0; i < step->ops->len; i++)
    self->apply (self->user_data, &g_array_index (step->ops, NewsmarkOp, i), FALSE);
  g_queue_push_tail (&self->undo, step);
  return TRUE;
}

void
_newsmark_history_clear (NewsmarkHistory *self)
{
  gboolean modified = _newsmark_history_is_modified (self);

  clear_queue (&self->undo);
  clear_queue (&self->redo);
  self->base_serial = ++self->counter;
  self->saved_serial = modified ? UNSAVED : self->base_serial;
}

void
_newsmark_history_set_saved (NewsmarkHistory *self,
                             gboolean         saved)
{
  self->saved_serial = saved ? current_serial (self) : UNSAVED;
}

gboolean
_newsmark_history_is_modified (NewsmarkHistory *self)
{
  return current_serial (self) != self->saved_serial;
}
