/* newsmark-schema.c — labels, their attributes and relation types
 *
 * Only the in-memory model lives here; reading and writing the schema JSON
 * is in newsmark-schema-json.c.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "newsmark/newsmark-schema.h"

/* ---- NewsmarkAttributeDef ------------------------------------------------ */

struct _NewsmarkAttributeDef
{
  GObject                parent_instance;

  char                  *name;
  NewsmarkAttributeKind  kind;
  char                 **values;
  gboolean               has_range;
  double                 min;
  double                 max;
  gboolean               integer;
};

G_DEFINE_FINAL_TYPE (NewsmarkAttributeDef, newsmark_attribute_def, G_TYPE_OBJECT)

static void
newsmark_attribute_def_finalize (GObject *object)
{
  NewsmarkAttributeDef *self = NEWSMARK_ATTRIBUTE_DEF (object);

  g_free (self->name);
  g_strfreev (self->values);

  G_OBJECT_CLASS (newsmark_attribute_def_parent_class)->finalize (object);
}

static void
newsmark_attribute_def_class_init (NewsmarkAttributeDefClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = newsmark_attribute_def_finalize;
}

static void
newsmark_attribute_def_init (NewsmarkAttributeDef *self)
{
}

NewsmarkAttributeDef *
newsmark_attribute_def_new (const char            *name,
                            NewsmarkAttributeKind  kind)
{
  NewsmarkAttributeDef *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (NEWSMARK_TYPE_ATTRIBUTE_DEF, NULL);
  self->name = g_strdup (name);
  self->kind = kind;
  return self;
}

const char *
newsmark_attribute_def_get_name (NewsmarkAttributeDef *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self), NULL);
  return self->name;
}

NewsmarkAttributeKind
newsmark_attribute_def_get_kind (NewsmarkAttributeDef *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self), NEWSMARK_ATTRIBUTE_TEXT);
  return self->kind;
}

const char * const *
newsmark_attribute_def_get_values (NewsmarkAttributeDef *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self), NULL);
  return self->values ? (const char * const *) self->values : empty;
}

void
newsmark_attribute_def_set_values (NewsmarkAttributeDef *self,
                                   const char * const   *values)
{
  g_return_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self));

  g_strfreev (self->values);
  self->values = g_strdupv ((char **) values);
}

gboolean
newsmark_attribute_def_get_range (NewsmarkAttributeDef *self,
                                  double               *min,
                                  double               *max)
{
  g_return_val_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self), FALSE);

  if (min)
    *min = self->has_range ? self->min : -INFINITY;
  if (max)
    *max = self->has_range ? self->max : INFINITY;
  return self->has_range;
}

void
newsmark_attribute_def_set_range (NewsmarkAttributeDef *self,
                                  double                min,
                                  double                max)
{
  g_return_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self));

  /* One open end is allowed: -inf / +inf. */
  self->has_range = !(isinf (min) && min < 0 && isinf (max) && max > 0);
  self->min = min;
  self->max = max;
}

gboolean
newsmark_attribute_def_get_integer (NewsmarkAttributeDef *self)
{
  g_return_val_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self), FALSE);
  return self->integer;
}

void
newsmark_attribute_def_set_integer (NewsmarkAttributeDef *self,
                                    gboolean              integer)
{
  g_return_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self));
  self->integer = !!integer;
}

static char *
format_number (double d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (d == floor (d) && fabs (d) < 1e15)
    return g_strdup_printf ("%.0f", d);
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
}

static char *
describe_value (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return format_number (g_variant_get_double (value));
  return g_variant_print (value, FALSE);
}

gboolean
newsmark_attribute_def_check_value (NewsmarkAttributeDef  *self,
                                    GVariant              *value,
                                    GError               **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owned = g_variant_ref_sink (value);
  shown = describe_value (value);

  switch (self->kind)
    {
    case NEWSMARK_ATTRIBUTE_ENUM:
      {
        g_autofree char *allowed = NULL;
        const char *str;

        allowed = self->values ? g_strjoinv (", ", self->values) : g_strdup ("(none)");
        if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                         "expected one of %s for “%s”, got %s", allowed, self->name, shown);
            return FALSE;
          }
        str = g_variant_get_string (value, NULL);
        if (self->values == NULL || !g_strv_contains ((const char * const *) self->values, str))
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                         "“%s” is not a value of “%s”; expected one of %s",
                         str, self->name, allowed);
            return FALSE;
          }
        return TRUE;
      }

    case NEWSMARK_ATTRIBUTE_BOOLEAN:
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "expected true or false for “%s”, got %s", self->name, shown);
          return FALSE;
        }
      return TRUE;

    case NEWSMARK_ATTRIBUTE_TEXT:
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "expected a string for “%s”, got %s", self->name, shown);
          return FALSE;
        }
      return TRUE;

    case NEWSMARK_ATTRIBUTE_NUMBER:
      {
        double d;

        if (!g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                         "expected a number for “%s”, got %s", self->name, shown);
            return FALSE;
          }
        d = g_variant_get_double (value);
        if (!isfinite (d))
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                         "expected a finite number for “%s”, got %s", self->name, shown);
            return FALSE;
          }
        if (self->integer && d != floor (d))
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                         "expected a whole number for “%s”, got %s", self->name, shown);
            return FALSE;
          }
        if (self->has_range && (d < self->min || d > self->max))
          {
            g_autofree char *lo = format_number (self->min);
            g_autofree char *hi = format_number (self->max);

            if (isinf (self->min))
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                           "expected a number of at most %s for “%s”, got %s",
                           hi, self->name, shown);
            else if (isinf (self->max))
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                           "expected a number of at least %s for “%s”, got %s",
                           lo, self->name, shown);
            else
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                           "expected a %s from %s to %s for “%s”, got %s",
                           self->integer ? "whole number" : "number",
                           lo, hi, self->name, shown);
            return FALSE;
          }
        return TRUE;
      }

    default:
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                   "attribute “%s” has an unknown kind", self->name);
      return FALSE;
    }
}

/* ---- NewsmarkLabel ------------------------------------------------------- */

struct _NewsmarkLabel
{
  GObject           parent_instance;

  char             *name;
  NewsmarkCategory  category;
  char             *colour;
  char             *key;
  char             *description;
  GListStore       *attributes;
};

G_DEFINE_FINAL_TYPE (NewsmarkLabel, newsmark_label, G_TYPE_OBJECT)

enum {
  LABEL_PROP_0,
  LABEL_PROP_NAME,
  LABEL_PROP_CATEGORY,
  LABEL_PROP_COLOUR,
  LABEL_PROP_KEY,
  LABEL_PROP_DESCRIPTION,
  LABEL_N_PROPS
};

static GParamSpec *label_properties[LABEL_N_PROPS];

static void
newsmark_label_finalize (GObject *object)
{
  NewsmarkLabel *self = NEWSMARK_LABEL (object);

  g_free (self->name);
  g_free (self->colour);
  g_free (self->key);
  g_free (self->description);
  g_clear_object (&self->attributes);

  G_OBJECT_CLASS (newsmark_label_parent_class)->finalize (object);
}

static void
newsmark_label_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  NewsmarkLabel *self = NEWSMARK_LABEL (object);

  switch (prop_id)
    {
    case LABEL_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case LABEL_PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;
    case LABEL_PROP_COLOUR:
      g_value_set_string (value, self->colour);
      break;
    case LABEL_PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case LABEL_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_label_class_init (NewsmarkLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = newsmark_label_finalize;
  object_class->get_property = newsmark_label_get_property;

  label_properties[LABEL_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  label_properties[LABEL_PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, NEWSMARK_TYPE_CATEGORY,
                       NEWSMARK_CATEGORY_ENTITY, ro);
  label_properties[LABEL_PROP_COLOUR] = g_param_spec_string ("colour", NULL, NULL, NULL, ro);
  label_properties[LABEL_PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, ro);
  label_properties[LABEL_PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, LABEL_N_PROPS, label_properties);
}

static void
newsmark_label_init (NewsmarkLabel *self)
{
  self->attributes = g_list_store_new (NEWSMARK_TYPE_ATTRIBUTE_DEF);
}

NewsmarkLabel *
newsmark_label_new (const char       *name,
                    NewsmarkCategory  category,
                    const char       *colour,
                    const char       *key)
{
  NewsmarkLabel *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (NEWSMARK_TYPE_LABEL, NULL);
  self->name = g_strdup (name);
  self->category = category;
  self->colour = g_strdup (colour);
  self->key = (key && *key) ? g_strdup (key) : NULL;
  return self;
}

const char *
newsmark_label_get_name (NewsmarkLabel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_LABEL (self), NULL);
  return self->name;
}

NewsmarkCategory
newsmark_label_get_category (NewsmarkLabel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_LABEL (self), NEWSMARK_CATEGORY_ENTITY);
  return self->category;
}

const char *
newsmark_label_get_colour (NewsmarkLabel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_LABEL (self), NULL);
  return self->colour;
}

const char *
newsmark_label_get_key (NewsmarkLabel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_LABEL (self), NULL);
  return self->key;
}

const char *
newsmark_label_get_description (NewsmarkLabel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_LABEL (self), NULL);
  return self->description;
}

void
newsmark_label_set_description (NewsmarkLabel *self,
                                const char    *description)
{
  g_return_if_fail (NEWSMARK_IS_LABEL (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), label_properties[LABEL_PROP_DESCRIPTION]);
}

GListModel *
newsmark_label_get_attributes (NewsmarkLabel *self)
{
  g_return_val_if_fail (NEWSMARK_IS_LABEL (self), NULL);
  return G_LIST_MODEL (self->attributes);
}

void
newsmark_label_add_attribute (NewsmarkLabel        *self,
                              NewsmarkAttributeDef *def)
{
  g_return_if_fail (NEWSMARK_IS_LABEL (self));
  g_return_if_fail (NEWSMARK_IS_ATTRIBUTE_DEF (def));

  g_list_store_append (self->attributes, def);
}

NewsmarkAttributeDef *
newsmark_label_find_attribute (NewsmarkLabel *self,
                               const char    *name)
{
  guint n;

  g_return_val_if_fail (NEWSMARK_IS_LABEL (self), NULL);

  if (name == NULL)
    return NULL;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->attributes));
  for (guint i = 0; i < n; i++)
    {
      NewsmarkAttributeDef *def = g_list_model_get_item (G_LIST_MODEL (self->attributes), i);

      /* The store keeps its own reference: returning borrowed is safe. */
      g_object_unref (def);
      if (strcmp (def->name, name) == 0)
        return def;
    }
  return NULL;
}

/* ---- NewsmarkRelationType ------------------------------------------------ */

struct _NewsmarkRelationType
{
  GObject   parent_instance;

  char     *name;
  char    **from_labels;
  char    **to_labels;
};

G_DEFINE_FINAL_TYPE (NewsmarkRelationType, newsmark_relation_type, G_TYPE_OBJECT)

static void
newsmark_relation_type_finalize (GObject *object)
{
  NewsmarkRelationType *self = NEWSMARK_RELATION_TYPE (object);

  g_free (self->name);
  g_strfreev (self->from_labels);
  g_strfreev (self->to_labels);

  G_OBJECT_CLASS (newsmark_relation_type_parent_class)->finalize (object);
}

static void
newsmark_relation_type_class_init (NewsmarkRelationTypeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = newsmark_relation_type_finalize;
}

static void
newsmark_relation_type_init (NewsmarkRelationType *self)
{
}

NewsmarkRelationType *
newsmark_relation_type_new (const char         *name,
                            const char * const *from_labels,
                            const char * const *to_labels)
{
  static const char * const none[] = { NULL };
  NewsmarkRelationType *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (NEWSMARK_TYPE_RELATION_TYPE, NULL);
  self->name = g_strdup (name);
  self->from_labels = g_strdupv ((char **) (from_labels ? from_labels : none));
  self->to_labels = g_strdupv ((char **) (to_labels ? to_labels : none));
  return self;
}

const char *
newsmark_relation_type_get_name (NewsmarkRelationType *self)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION_TYPE (self), NULL);
  return self->name;
}

const char * const *
newsmark_relation_type_get_from_labels (NewsmarkRelationType *self)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION_TYPE (self), NULL);
  return (const char * const *) self->from_labels;
}

const char * const *
newsmark_relation_type_get_to_labels (NewsmarkRelationType *self)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION_TYPE (self), NULL);
  return (const char * const *) self->to_labels;
}

gboolean
newsmark_relation_type_allows (NewsmarkRelationType *self,
                               const char           *from_label,
                               const char           *to_label)
{
  g_return_val_if_fail (NEWSMARK_IS_RELATION_TYPE (self), FALSE);

  return from_label != NULL && to_label != NULL &&
         g_strv_contains ((const char * const *) self->from_labels, from_label) &&
         g_strv_contains ((const char * const *) self->to_labels, to_label);
}

/* ---- NewsmarkSchema ------------------------------------------------------ */

struct _NewsmarkSchema
{
  GObject      parent_instance;

  char        *name;
  GListStore  *labels;
  GListStore  *relation_types;
  /* First label of each name / key; duplicates stay in the list so that
   * newsmark_schema_check can report them. */
  GHashTable  *label_by_name;
  GHashTable  *label_by_key;
  GHashTable  *type_by_name;
};

G_DEFINE_FINAL_TYPE (NewsmarkSchema, newsmark_schema, G_TYPE_OBJECT)

enum {
  SCHEMA_PROP_0,
  SCHEMA_PROP_NAME,
  SCHEMA_N_PROPS
};

static GParamSpec *schema_properties[SCHEMA_N_PROPS];

static void
newsmark_schema_finalize (GObject *object)
{
  NewsmarkSchema *self = NEWSMARK_SCHEMA (object);

  g_free (self->name);
  g_clear_object (&self->labels);
  g_clear_object (&self->relation_types);
  g_clear_pointer (&self->label_by_name, g_hash_table_unref);
  g_clear_pointer (&self->label_by_key, g_hash_table_unref);
  g_clear_pointer (&self->type_by_name, g_hash_table_unref);

  G_OBJECT_CLASS (newsmark_schema_parent_class)->finalize (object);
}

static void
newsmark_schema_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NewsmarkSchema *self = NEWSMARK_SCHEMA (object);

  switch (prop_id)
    {
    case SCHEMA_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_schema_class_init (NewsmarkSchemaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = newsmark_schema_finalize;
  object_class->get_property = newsmark_schema_get_property;

  schema_properties[SCHEMA_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SCHEMA_N_PROPS, schema_properties);
}

static void
newsmark_schema_init (NewsmarkSchema *self)
{
  self->labels = g_list_store_new (NEWSMARK_TYPE_LABEL);
  self->relation_types = g_list_store_new (NEWSMARK_TYPE_RELATION_TYPE);
  /* Values are borrowed: the list stores hold the references. */
  self->label_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->label_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->type_by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

NewsmarkSchema *
newsmark_schema_new (const char *name)
{
  NewsmarkSchema *self = g_object_new (NEWSMARK_TYPE_SCHEMA, NULL);

  self->name = g_strdup (name);
  return self;
}

const char *
newsmark_schema_get_name (NewsmarkSchema *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (self), NULL);
  return self->name;
}

GListModel *
newsmark_schema_get_labels (NewsmarkSchema *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (self), NULL);
  return G_LIST_MODEL (self->labels);
}

GListModel *
newsmark_schema_get_relation_types (NewsmarkSchema *self)
{
  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (self), NULL);
  return G_LIST_MODEL (self->relation_types);
}

void
newsmark_schema_add_label (NewsmarkSchema *self,
                           NewsmarkLabel  *label)
{
  g_return_if_fail (NEWSMARK_IS_SCHEMA (self));
  g_return_if_fail (NEWSMARK_IS_LABEL (label));

  g_list_store_append (self->labels, label);
  if (!g_hash_table_contains (self->label_by_name, label->name))
    g_hash_table_insert (self->label_by_name, label->name, label);
  if (label->key != NULL && !g_hash_table_contains (self->label_by_key, label->key))
    g_hash_table_insert (self->label_by_key, label->key, label);
}

void
newsmark_schema_add_relation_type (NewsmarkSchema       *self,
                                   NewsmarkRelationType *type)
{
  g_return_if_fail (NEWSMARK_IS_SCHEMA (self));
  g_return_if_fail (NEWSMARK_IS_RELATION_TYPE (type));

  g_list_store_append (self->relation_types, type);
  if (!g_hash_table_contains (self->type_by_name, type->name))
    g_hash_table_insert (self->type_by_name, type->name, type);
}

NewsmarkLabel *
newsmark_schema_find_label (NewsmarkSchema *self,
                            const char     *name)
{
  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (self), NULL);

  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (self->label_by_name, name);
}

NewsmarkLabel *
newsmark_schema_find_label_by_key (NewsmarkSchema *self,
                                   const char     *key)
{
  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (self), NULL);

  if (key == NULL)
    return NULL;
  return g_hash_table_lookup (self->label_by_key, key);
}

NewsmarkRelationType *
newsmark_schema_find_relation_type (NewsmarkSchema *self,
                                    const char     *name)
{
  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (self), NULL);

  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (self->type_by_name, name);
}

static gboolean
is_colour (const char *colour)
{
  if (colour == NULL || strlen (colour) != 7 || colour[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  return TRUE;
}

static void
check_attribute (GString              *problems,
                 guint                 label_index,
                 guint                 attr_index,
                 NewsmarkAttributeDef *def)
{
  g_autofree char *path = g_strdup_printf ("labels[%u].attributes[%u]", label_index, attr_index);

  if (def->name == NULL || *def->name == '\0')
    g_string_append_printf (problems, "%s.name: an attribute needs a name\n", path);

  switch (def->kind)
    {
    case NEWSMARK_ATTRIBUTE_ENUM:
      if (def->values == NULL || def->values[0] == NULL)
        g_string_append_printf (problems, "%s.values: an enum attribute needs at least one value\n", path);
      else
        for (guint i = 0; def->values[i]; i++)
          for (guint j = 0; j < i; j++)
            if (strcmp (def->values[i], def->values[j]) == 0)
              g_string_append_printf (problems, "%s.values[%u]: “%s” is listed twice\n",
                                      path, i, def->values[i]);
      break;

    case NEWSMARK_ATTRIBUTE_NUMBER:
      if (def->has_range && (isnan (def->min) || isnan (def->max) || def->min > def->max))
        g_string_append_printf (problems, "%s.max: the range is empty (min must not exceed max)\n", path);
      break;

    case NEWSMARK_ATTRIBUTE_BOOLEAN:
    case NEWSMARK_ATTRIBUTE_TEXT:
      break;

    default:
      g_string_append_printf (problems, "%s.type: unknown attribute type\n", path);
      break;
    }
}

gboolean
newsmark_schema_check (NewsmarkSchema  *self,
                       GError         **error)
{
  g_autoptr(GString) problems = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) keys = NULL;
  g_autoptr(GHashTable) type_names = NULL;
  guint n_labels, n_types;

  g_return_val_if_fail (NEWSMARK_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  problems = g_string_new (NULL);
  names = g_hash_table_new (g_str_hash, g_str_equal);
  keys = g_hash_table_new (g_str_hash, g_str_equal);
  type_names = g_hash_table_new (g_str_hash, g_str_equal);

  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (G_LIST_MODEL (self->labels), i);
      g_autoptr(GHashTable) attr_names = g_hash_table_new (g_str_hash, g_str_equal);
      gpointer other;
      guint n_attrs;

      if (label->name == NULL || *label->name == '\0')
        g_string_append_printf (problems, "labels[%u].name: a label needs a name\n", i);
      else if (g_hash_table_lookup_extended (names, label->name, NULL, &other))
        g_string_append_printf (problems, "labels[%u].name: “%s” is already the name of labels[%u]\n",
                                i, label->name, GPOINTER_TO_UINT (other));
      else
        g_hash_table_insert (names, label->name, GUINT_TO_POINTER (i));

      if (!is_colour (label->colour))
        g_string_append_printf (problems, "labels[%u].colour: “%s” is not a colour; expected #rrggbb\n",
                                i, label->colour ? label->colour : "");

      if (label->key != NULL)
        {
          if (g_utf8_strlen (label->key, -1) != 1)
            g_string_append_printf (problems, "labels[%u].key: “%s” must be a single character\n",
                                    i, label->key);
          else if (g_hash_table_lookup_extended (keys, label->key, NULL, &other))
            g_string_append_printf (problems, "labels[%u].key: “%s” is already the key of labels[%u]\n",
                                    i, label->key, GPOINTER_TO_UINT (other));
          else
            g_hash_table_insert (keys, label->key, GUINT_TO_POINTER (i));
        }

      n_attrs = g_list_model_get_n_items (G_LIST_MODEL (label->attributes));
      for (guint j = 0; j < n_attrs; j++)
        {
          g_autoptr(NewsmarkAttributeDef) def = g_list_model_get_item (G_LIST_MODEL (label->attributes), j);

          check_attribute (problems, i, j, def);
          if (def->name != NULL)
            {
              if (g_hash_table_contains (attr_names, def->name))
                g_string_append_printf (problems,
                                        "labels[%u].attributes[%u].name: “%s” is defined twice for %s\n",
                                        i, j, def->name, label->name);
              else
                g_hash_table_add (attr_names, def->name);
            }
        }
    }

  n_types = g_list_model_get_n_items (G_LIST_MODEL (self->relation_types));
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(NewsmarkRelationType) type = g_list_model_get_item (G_LIST_MODEL (self->relation_types), i);
      struct { const char *key; char **labels; } ends[2] = {
        { "from", type->from_labels },
        { "to", type->to_labels },
      };

      if (type->name == NULL || *type->name == '\0')
        g_string_append_printf (problems, "relations[%u].name: a relation type needs a name\n", i);
      else if (g_hash_table_contains (type_names, type->name))
        g_string_append_printf (problems, "relations[%u].name: “%s” is defined twice\n", i, type->name);
      else
        g_hash_table_add (type_names, type->name);

      for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
        {
          if (ends[e].labels == NULL || ends[e].labels[0] == NULL)
            g_string_append_printf (problems, "relations[%u].%s: needs at least one label\n",
                                    i, ends[e].key);
          else
            for (guint k = 0; ends[e].labels[k]; k++)
              if (!g_hash_table_contains (self->label_by_name, ends[e].labels[k]))
                g_string_append_printf (problems, "relations[%u].%s[%u]: “%s” is not a label of this schema\n",
                                        i, ends[e].key, k, ends[e].labels[k]);
        }
    }

  if (problems->len > 0)
    {
      g_string_truncate (problems, problems->len - 1);
      g_set_error_literal (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID, problems->str);
      return FALSE;
    }
  return TRUE;
}
