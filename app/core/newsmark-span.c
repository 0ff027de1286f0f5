/* newsmark-span.c — one annotated span (maybe discontinuous) */

#include "config.h"

#include <string.h>

#include "newsmark/newsmark-span.h"
#include "newsmark-span-list-private.h"

typedef struct {
  const char *name;   /* interned: attribute names come from a small schema */
  GVariant   *value;
} SpanAttribute;

struct _NewsmarkSpan
{
  GObject           parent_instance;

  char             *id;
  const char       *label;          /* interned */
  guint             start;
  guint             end;
  NewsmarkFragment *fragments;
  guint             n_fragments;
  char             *text;
  char            **fragment_texts;
  char             *display_text;   /* cache: fragment texts joined by " … " */
  SpanAttribute    *attributes;     /* sorted by name */
  guint             n_attributes;
  char             *note;
  NewsmarkStatus    status;
  NewsmarkOrigin   *origin;
  char             *created;
  char             *modified;
  const char       *unplaced_reason; /* interned */
  NewsmarkFragment *candidates;
  guint             n_candidates;
  char             *context;
};

G_DEFINE_FINAL_TYPE (NewsmarkSpan, newsmark_span, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_START,
  PROP_END,
  PROP_N_FRAGMENTS,
  PROP_TEXT,
  PROP_ATTRIBUTES,
  PROP_NOTE,
  PROP_STATUS,
  PROP_ORIGIN,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_UNPLACED_REASON,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify (NewsmarkSpan *self,
        guint         prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Replaces *@field with a copy of @value; TRUE when it changed. */
static gboolean
replace_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
clear_attributes (NewsmarkSpan *self)
{
  for (guint i = 0; i < self->n_attributes; i++)
    g_variant_unref (self->attributes[i].value);
  g_clear_pointer (&self->attributes, g_free);
  self->n_attributes = 0;
}

static void
newsmark_span_finalize (GObject *object)
{
  NewsmarkSpan *self = NEWSMARK_SPAN (object);

  g_free (self->id);
  g_free (self->fragments);
  g_free (self->text);
  g_strfreev (self->fragment_texts);
  g_free (self->display_text);
  clear_attributes (self);
  g_free (self->note);
  newsmark_origin_free (self->origin);
  g_free (self->created);
  g_free (self->modified);
  g_free (self->candidates);
  g_free (self->context);

  G_OBJECT_CLASS (newsmark_span_parent_class)->finalize (object);
}

static GVariant *
attributes_to_variant (NewsmarkSpan *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < self->n_attributes; i++)
    g_variant_builder_add (&builder, "{sv}", self->attributes[i].name, self->attributes[i].value);
  return g_variant_builder_end (&builder);
}

static void
newsmark_span_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  NewsmarkSpan *self = NEWSMARK_SPAN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_START:
      g_value_set_uint (value, self->start);
      break;
    case PROP_END:
      g_value_set_uint (value, self->end);
      break;
    case PROP_N_FRAGMENTS:
      g_value_set_uint (value, self->n_fragments);
      break;
    case PROP_TEXT:
      g_value_set_string (value, newsmark_span_get_text (self));
      break;
    case PROP_ATTRIBUTES:
      g_value_take_variant (value, g_variant_ref_sink (attributes_to_variant (self)));
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_ORIGIN:
      g_value_set_boxed (value, self->origin);
      break;
    case PROP_CREATED:
      g_value_set_string (value, self->created);
      break;
    case PROP_MODIFIED:
      g_value_set_string (value, self->modified);
      break;
    case PROP_UNPLACED_REASON:
      g_value_set_string (value, self->unplaced_reason);
      break;
    case PROP_CONTEXT:
      g_value_set_string (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_span_class_init (NewsmarkSpanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = newsmark_span_finalize;
  object_class->get_property = newsmark_span_get_property;

  /* Read-only as properties: a span in a set changes only through the
   * set's undoable API; the plain setters exist for building spans. */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_START] = g_param_spec_uint ("start", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_END] = g_param_spec_uint ("end", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_FRAGMENTS] = g_param_spec_uint ("n-fragments", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, ro);
  properties[PROP_ATTRIBUTES] = g_param_spec_variant ("attributes", NULL, NULL,
                                                      G_VARIANT_TYPE_VARDICT, NULL, ro);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, ro);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL,
                                               NEWSMARK_TYPE_STATUS, NEWSMARK_STATUS_ACCEPTED, ro);
  properties[PROP_ORIGIN] = g_param_spec_boxed ("origin", NULL, NULL, NEWSMARK_TYPE_ORIGIN, ro);
  properties[PROP_CREATED] = g_param_spec_string ("created", NULL, NULL, NULL, ro);
  properties[PROP_MODIFIED] = g_param_spec_string ("modified", NULL, NULL, NULL, ro);
  properties[PROP_UNPLACED_REASON] = g_param_spec_string ("unplaced-reason", NULL, NULL, NULL, ro);
  properties[PROP_CONTEXT] = g_param_spec_string ("context", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
newsmark_span_init (NewsmarkSpan *self)
{
  self->status = NEWSMARK_STATUS_ACCEPTED;
}

NewsmarkSpan *
newsmark_span_new (const char *id,
                   const char *label,
                   guint       start,
                   guint       end)
{
  NewsmarkSpan *self = g_object_new (NEWSMARK_TYPE_SPAN, NULL);

  self->id = g_strdup (id);
  self->label = g_intern_string (label);
  self->start = start;
  self->end = end;
  return self;
}

NewsmarkSpan *
newsmark_span_copy (NewsmarkSpan *self)
{
  NewsmarkSpan *copy;

  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);

  copy = newsmark_span_new (self->id, self->label, self->start, self->end);
  newsmark_span_assign (copy, self);
  return copy;
}

static gboolean
fragments_equal (const NewsmarkFragment *a,
                 guint                   n_a,
                 const NewsmarkFragment *b,
                 guint                   n_b)
{
  return n_a == n_b && (n_a == 0 || memcmp (a, b, n_a * sizeof *a) == 0);
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

static gboolean
attributes_equal (NewsmarkSpan *a,
                  NewsmarkSpan *b)
{
  if (a->n_attributes != b->n_attributes)
    return FALSE;
  for (guint i = 0; i < a->n_attributes; i++)
    if (a->attributes[i].name != b->attributes[i].name ||
        !g_variant_equal (a->attributes[i].value, b->attributes[i].value))
      return FALSE;
  return TRUE;
}

void
newsmark_span_assign (NewsmarkSpan *self,
                      NewsmarkSpan *from)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));
  g_return_if_fail (NEWSMARK_IS_SPAN (from));

  if (self == from)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  newsmark_span_set_id (self, from->id);
  newsmark_span_set_label (self, from->label);
  newsmark_span_set_fragments (self, from->fragments, from->n_fragments);
  newsmark_span_set_range (self, from->start, from->end);
  newsmark_span_set_text (self, from->text);
  newsmark_span_set_fragment_texts (self, (const char * const *) from->fragment_texts);

  if (!attributes_equal (self, from))
    {
      clear_attributes (self);
      if (from->n_attributes > 0)
        {
          self->attributes = g_new (SpanAttribute, from->n_attributes);
          for (guint i = 0; i < from->n_attributes; i++)
            {
              self->attributes[i].name = from->attributes[i].name;
              self->attributes[i].value = g_variant_ref (from->attributes[i].value);
            }
          self->n_attributes = from->n_attributes;
        }
      notify (self, PROP_ATTRIBUTES);
    }

  newsmark_span_set_note (self, from->note);
  newsmark_span_set_status (self, from->status);
  newsmark_span_set_origin (self, from->origin);
  newsmark_span_set_created (self, from->created);
  newsmark_span_set_modified (self, from->modified);
  newsmark_span_set_unplaced_reason (self, from->unplaced_reason);
  newsmark_span_set_candidates (self, from->candidates, from->n_candidates);
  newsmark_span_set_context (self, from->context);

  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
newsmark_span_equal (NewsmarkSpan *a,
                     NewsmarkSpan *b)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (a), FALSE);
  g_return_val_if_fail (NEWSMARK_IS_SPAN (b), FALSE);

  if (a == b)
    return TRUE;

  return g_strcmp0 (a->id, b->id) == 0 &&
         a->label == b->label &&
         a->start == b->start &&
         a->end == b->end &&
         fragments_equal (a->fragments, a->n_fragments, b->fragments, b->n_fragments) &&
         g_strcmp0 (a->text, b->text) == 0 &&
         strv_equal0 ((const char * const *) a->fragment_texts,
                      (const char * const *) b->fragment_texts) &&
         attributes_equal (a, b) &&
         g_strcmp0 (a->note, b->note) == 0 &&
         a->status == b->status &&
         newsmark_origin_equal (a->origin, b->origin) &&
         g_strcmp0 (a->created, b->created) == 0 &&
         g_strcmp0 (a->modified, b->modified) == 0 &&
         a->unplaced_reason == b->unplaced_reason &&
         fragments_equal (a->candidates, a->n_candidates, b->candidates, b->n_candidates) &&
         g_strcmp0 (a->context, b->context) == 0;
}

const char *
newsmark_span_get_id (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->id;
}

void
newsmark_span_set_id (NewsmarkSpan *self,
                      const char   *id)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));
  if (replace_str (&self->id, id))
    notify (self, PROP_ID);
}

const char *
newsmark_span_get_label (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->label;
}

void
newsmark_span_set_label (NewsmarkSpan *self,
                         const char   *label)
{
  const char *interned;

  g_return_if_fail (NEWSMARK_IS_SPAN (self));

  interned = g_intern_string (label);
  if (interned == self->label)
    return;
  self->label = interned;
  notify (self, PROP_LABEL);
}

guint
newsmark_span_get_start (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), 0);
  return self->start;
}

guint
newsmark_span_get_end (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), 0);
  return self->end;
}

void
newsmark_span_set_range (NewsmarkSpan *self,
                         guint         start,
                         guint         end)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));

  if (self->start != start)
    {
      self->start = start;
      notify (self, PROP_START);
    }
  if (self->end != end)
    {
      self->end = end;
      notify (self, PROP_END);
    }
}

guint
newsmark_span_get_n_fragments (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), 0);
  return self->n_fragments;
}

const NewsmarkFragment *
newsmark_span_get_fragments (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->fragments;
}

void
newsmark_span_set_fragments (NewsmarkSpan           *self,
                             const NewsmarkFragment *fragments,
                             guint                   n_fragments)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));
  g_return_if_fail (fragments != NULL || n_fragments == 0);

  if (!fragments_equal (self->fragments, self->n_fragments, fragments, n_fragments))
    {
      guint old_n = self->n_fragments;

      g_free (self->fragments);
      self->fragments = n_fragments ? g_memdup2 (fragments, n_fragments * sizeof *fragments) : NULL;
      self->n_fragments = n_fragments;
      if (old_n != n_fragments)
        notify (self, PROP_N_FRAGMENTS);
    }

  if (n_fragments > 0)
    {
      guint lo = fragments[0].start, hi = fragments[0].end;

      /* The hull, computed rather than assumed so that unsorted fragments
       * read from a file still give the span the extent check reports on. */
      for (guint i = 1; i < n_fragments; i++)
        {
          lo = MIN (lo, fragments[i].start);
          hi = MAX (hi, fragments[i].end);
        }
      newsmark_span_set_range (self, lo, hi);
    }
}

const char *
newsmark_span_get_text (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);

  if (self->fragment_texts != NULL)
    {
      if (self->display_text == NULL)
        self->display_text = g_strjoinv (" … ", self->fragment_texts);
      return self->display_text;
    }
  return self->text;
}

void
newsmark_span_set_text (NewsmarkSpan *self,
                        const char   *text)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));

  if (replace_str (&self->text, text))
    notify (self, PROP_TEXT);
}

const char * const *
newsmark_span_get_fragment_texts (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return (const char * const *) self->fragment_texts;
}

void
newsmark_span_set_fragment_texts (NewsmarkSpan       *self,
                                  const char * const *texts)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));

  if (strv_equal0 ((const char * const *) self->fragment_texts, texts))
    return;
  g_strfreev (self->fragment_texts);
  self->fragment_texts = g_strdupv ((char **) texts);
  g_clear_pointer (&self->display_text, g_free);
  notify (self, PROP_TEXT);
}

char **
newsmark_span_list_attributes (NewsmarkSpan *self)
{
  char **names;

  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);

  names = g_new (char *, self->n_attributes + 1);
  for (guint i = 0; i < self->n_attributes; i++)
    names[i] = g_strdup (self->attributes[i].name);
  names[self->n_attributes] = NULL;
  return names;
}

static gboolean
find_attribute (NewsmarkSpan *self,
                const char   *name,
                guint        *index)
{
  guint lo = 0, hi = self->n_attributes;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = strcmp (self->attributes[mid].name, name);

      if (c == 0)
        {
          *index = mid;
          return TRUE;
        }
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *index = lo;
  return FALSE;
}

guint
_newsmark_span_get_n_attributes (NewsmarkSpan *self)
{
  return self->n_attributes;
}

GVariant *
newsmark_span_get_attribute (NewsmarkSpan *self,
                             const char   *name)
{
  guint i;

  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (find_attribute (self, name, &i))
    return self->attributes[i].value;
  return NULL;
}

void
newsmark_span_set_attribute (NewsmarkSpan *self,
                             const char   *name,
                             GVariant     *value)
{
  guint i;

  g_return_if_fail (NEWSMARK_IS_SPAN (self));
  g_return_if_fail (name != NULL);

  if (value != NULL)
    g_variant_ref_sink (value);

  if (find_attribute (self, name, &i))
    {
      if (value != NULL && g_variant_equal (self->attributes[i].value, value))
        {
          g_variant_unref (value);
          return;
        }
      g_variant_unref (self->attributes[i].value);
      if (value != NULL)
        self->attributes[i].value = value;
      else
        {
          memmove (&self->attributes[i], &self->attributes[i + 1],
                   (self->n_attributes - i - 1) * sizeof (SpanAttribute));
          self->n_attributes--;
          if (self->n_attributes == 0)
            g_clear_pointer (&self->attributes, g_free);
        }
    }
  else
    {
      if (value == NULL)
        return;
      self->attributes = g_renew (SpanAttribute, self->attributes, self->n_attributes + 1);
      memmove (&self->attributes[i + 1], &self->attributes[i],
               (self->n_attributes - i) * sizeof (SpanAttribute));
      self->attributes[i].name = g_intern_string (name);
      self->attributes[i].value = value;
      self->n_attributes++;
    }

  notify (self, PROP_ATTRIBUTES);
}

const char *
newsmark_span_get_note (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->note;
}

void
newsmark_span_set_note (NewsmarkSpan *self,
                        const char   *note)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));

  /* An empty note and no note are the same thing (the file omits both). */
  if (note != NULL && *note == '\0')
    note = NULL;
  if (replace_str (&self->note, note))
    notify (self, PROP_NOTE);
}

NewsmarkStatus
newsmark_span_get_status (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NEWSMARK_STATUS_ACCEPTED);
  return self->status;
}

void
newsmark_span_set_status (NewsmarkSpan   *self,
                          NewsmarkStatus  status)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));

  if (self->status == status)
    return;
  self->status = status;
  notify (self, PROP_STATUS);
}

const NewsmarkOrigin *
newsmark_span_get_origin (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->origin;
}

void
newsmark_span_set_origin (NewsmarkSpan         *self,
                          const NewsmarkOrigin *origin)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));

  if (newsmark_origin_equal (self->origin, origin))
    return;
  newsmark_origin_free (self->origin);
  self->origin = newsmark_origin_copy (origin);
  notify (self, PROP_ORIGIN);
}

const char *
newsmark_span_get_created (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->created;
}

void
newsmark_span_set_created (NewsmarkSpan *self,
                           const char   *iso8601)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));
  if (replace_str (&self->created, iso8601))
    notify (self, PROP_CREATED);
}

const char *
newsmark_span_get_modified (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->modified;
}

void
newsmark_span_set_modified (NewsmarkSpan *self,
                            const char   *iso8601)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));
  if (replace_str (&self->modified, iso8601))
    notify (self, PROP_MODIFIED);
}

const char *
newsmark_span_get_unplaced_reason (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->unplaced_reason;
}

void
newsmark_span_set_unplaced_reason (NewsmarkSpan *self,
                                   const char   *reason)
{
  const char *interned;

  g_return_if_fail (NEWSMARK_IS_SPAN (self));

  interned = g_intern_string (reason);
  if (interned == self->unplaced_reason)
    return;
  self->unplaced_reason = interned;
  notify (self, PROP_UNPLACED_REASON);
}

guint
newsmark_span_get_n_candidates (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), 0);
  return self->n_candidates;
}

const NewsmarkFragment *
newsmark_span_get_candidates (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->candidates;
}

void
newsmark_span_set_candidates (NewsmarkSpan           *self,
                              const NewsmarkFragment *candidates,
                              guint                   n_candidates)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));
  g_return_if_fail (candidates != NULL || n_candidates == 0);

  if (fragments_equal (self->candidates, self->n_candidates, candidates, n_candidates))
    return;
  g_free (self->candidates);
  self->candidates = n_candidates ? g_memdup2 (candidates, n_candidates * sizeof *candidates) : NULL;
  self->n_candidates = n_candidates;
}

const char *
newsmark_span_get_context (NewsmarkSpan *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), NULL);
  return self->context;
}

void
newsmark_span_set_context (NewsmarkSpan *self,
                           const char   *context)
{
  g_return_if_fail (NEWSMARK_IS_SPAN (self));
  if (replace_str (&self->context, context))
    notify (self, PROP_CONTEXT);
}

gboolean
newsmark_fragments_validate (const NewsmarkFragment  *fragments,
                             guint                    n_fragments,
                             guint                    length,
                             GError                 **error)
{
  g_return_val_if_fail (fragments != NULL || n_fragments == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_fragments < 2)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "a discontinuous span needs at least two fragments, got %u", n_fragments);
      return FALSE;
    }
  for (guint i = 0; i < n_fragments; i++)
    {
      const NewsmarkFragment *f = &fragments[i];

      if (f->end <= f->start)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "fragment %u [%u, %u) is empty or reversed; expected start < end",
                       i, f->start, f->end);
          return FALSE;
        }
      if (f->end > length)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "fragment %u [%u, %u) goes past the end of the text (length %u)",
                       i, f->start, f->end, length);
          return FALSE;
        }
      if (i > 0 && f->start < fragments[i - 1].end)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "fragment %u [%u, %u) overlaps or comes before fragment %u [%u, %u); "
                       "expected sorted, non-overlapping fragments",
                       i, f->start, f->end, i - 1, fragments[i - 1].start, fragments[i - 1].end);
          return FALSE;
        }
      if (i > 0 && f->start == fragments[i - 1].end)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "fragment %u starts where fragment %u ends (%u); "
                       "touching fragments must be merged into one", i, i - 1, f->start);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
newsmark_span_covers (NewsmarkSpan *self,
                      guint         offset)
{
  g_return_val_if_fail (NEWSMARK_IS_SPAN (self), FALSE);

  if (offset < self->start || offset >= self->end)
    return FALSE;
  if (self->n_fragments == 0)
    return TRUE;
  for (guint i = 0; i < self->n_fragments; i++)
    if (self->fragments[i].start <= offset && offset < self->fragments[i].end)
      return TRUE;
  return FALSE;
}

int
newsmark_span_compare (NewsmarkSpan *a,
                       NewsmarkSpan *b)
{
  int c;

  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end > b->end ? -1 : 1;
  if (a->label != b->label)
    {
      c = g_strcmp0 (a->label, b->label);
      if (c != 0)
        return c;
    }
  return _newsmark_id_compare (a->id, b->id);
}

char *
newsmark_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
