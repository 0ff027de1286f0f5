/* newsmark-relation.c — a typed link between two spans (a quote's speaker) */

#include "config.h"

#include "newsmark/newsmark-relation.h"
#include "newsmark-annotation-set-private.h"
#include "newsmark-span-list-private.h"

struct _NewsmarkRelation
{
  GObject         parent_instance;

  char           *id;
  const char     *type;   /* interned: a schema has a handful of types */
  char           *from;
  char           *to;
  NewsmarkOrigin *origin;
};

G_DEFINE_FINAL_TYPE (NewsmarkRelation, newsmark_relation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TYPE,
  PROP_FROM,
  PROP_TO,
  PROP_ORIGIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
newsmark_relation_finalize (GObject *object)
{
  NewsmarkRelation *self = NEWSMARK_RELATION (object);

  g_free (self->id);
  g_free (self->from);
  g_free (self->to);
  newsmark_origin_free (self->origin);

  G_OBJECT_CLASS (newsmark_relation_parent_class)->finalize (object);
}

static void
newsmark_relation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  NewsmarkRelation *self = NEWSMARK_RELATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TYPE:
      g_value_set_string (value, self->type);
      break;
    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;
    case PROP_TO:
      g_value_set_string (value, self->to);
      break;
    case PROP_ORIGIN:
      g_value_set_boxed (value, self->origin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_relation_class_init (NewsmarkRelationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = newsmark_relation_finalize;
  object_class->get_property = newsmark_relation_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_TYPE] = g_param_spec_string ("type-name", NULL, NULL, NULL, ro);
  properties[PROP_FROM] = g_param_spec_string ("from", NULL, NULL, NULL, ro);
  properties[PROP_TO] = g_param_spec_string ("to", NULL, NULL, NULL, ro);
  properties[PROP_ORIGIN] = g_param_spec_boxed ("origin", NULL, NULL, NEWSMARK_TYPE_ORIGIN, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
newsmark_relation_init (NewsmarkRelation *self)
{
}

NewsmarkRelation *
newsmark_relation_new (const char *id,
                       const char *type,
                       const char *from_span_id,
                       const char *to_span_id)
{
  NewsmarkRelation *self = g_object_new (NEWSMARK_TYPE_RELATION, NULL);

  self->id = g_strdup (id);
  self->type = g_intern_string (type);
  self->from = g_strdup (from_span_id);
  self->to = g_strdup (to_span_id);
  return self;
}

NewsmarkRelation *
newsmark_relation_copy (NewsmarkRelation *self)
{
  NewsmarkRelation *copy;

  g_return_val_if_fail (NEWSMARK_IS_RELATION (self), NULL);

  copy = newsmark_relation_new (self->id, self->type, self->from, self->to);
  copy->origin = newsmark_origin_copy (self->origin);
  return copy;
}

const char *
newsmark_relation_get_id (NewsmarkRelation *self)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION (self), NULL);
  return self->id;
}

void
_newsmark_relation_set_id (NewsmarkRelation *self,
                           const char       *id)
{
  g_return_if_fail (NEWSMARK_IS_RELATION (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
newsmark_relation_get_type_name (NewsmarkRelation *self)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION (self), NULL);
  return self->type;
}

const char *
newsmark_relation_get_from (NewsmarkRelation *self)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION (self), NULL);
  return self->from;
}

const char *
newsmark_relation_get_to (NewsmarkRelation *self)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION (self), NULL);
  return self->to;
}

const NewsmarkOrigin *
newsmark_relation_get_origin (NewsmarkRelation *self)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION (self), NULL);
  return self->origin;
}

void
newsmark_relation_set_origin (NewsmarkRelation     *self,
                              const NewsmarkOrigin *origin)
{
  g_return_if_fail (NEWSMARK_IS_RELATION (self));

  if (newsmark_origin_equal (self->origin, origin))
    return;
  newsmark_origin_free (self->origin);
  self->origin = newsmark_origin_copy (origin);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
}

/* Id order ("r2" before "r10"), so that relations are written in the order
 * they were made; type and ends break ties between duplicate ids. */
int
newsmark_relation_compare (NewsmarkRelation *a,
                           NewsmarkRelation *b)
{
  int c;

  if (a == b)
    return 0;
  if ((c = _newsmark_id_compare (a->id, b->id)) != 0)
    return c;
  if ((c = g_strcmp0 (a->type, b->type)) != 0)
    return c;
  if ((c = _newsmark_id_compare (a->from, b->from)) != 0)
    return c;
  return _newsmark_id_compare (a->to, b->to);
}
