/* newsmark-schema.h — the label schema: labels, their attributes, relation types
 *
 * A schema is its own JSON file (data/schemas/newsroom.json is the default)
 * and an embedded copy lives in every annotation file.
 */
#pragma once

#include "newsmark-types.h"

G_BEGIN_DECLS

/* ---- NewsmarkAttributeDef ------------------------------------------------ */

#define NEWSMARK_TYPE_ATTRIBUTE_DEF (newsmark_attribute_def_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkAttributeDef, newsmark_attribute_def, NEWSMARK, ATTRIBUTE_DEF, GObject)

NewsmarkAttributeDef *newsmark_attribute_def_new        (const char            *name,
                                                         NewsmarkAttributeKind  kind);
const char           *newsmark_attribute_def_get_name   (NewsmarkAttributeDef  *self);
NewsmarkAttributeKind newsmark_attribute_def_get_kind   (NewsmarkAttributeDef  *self);
/* Enum: NULL-terminated list of allowed values, in schema order. */
const char * const   *newsmark_attribute_def_get_values (NewsmarkAttributeDef  *self);
void                  newsmark_attribute_def_set_values (NewsmarkAttributeDef  *self,
                                                         const char * const    *values);
/* Number: inclusive range; has_range FALSE means unbounded. */
gboolean              newsmark_attribute_def_get_range  (NewsmarkAttributeDef  *self,
                                                         double                *min,
                                                         double                *max);
void                  newsmark_attribute_def_set_range  (NewsmarkAttributeDef  *self,
                                                         double                 min,
                                                         double                 max);
/* Number: TRUE when only whole numbers are allowed. */
gboolean              newsmark_attribute_def_get_integer (NewsmarkAttributeDef *self);
void                  newsmark_attribute_def_set_integer (NewsmarkAttributeDef *self,
                                                          gboolean              integer);
/* Checks @value (floating refs are sunk) against kind, values and range.
 * The error message says what was expected. */
gboolean              newsmark_attribute_def_check_value (NewsmarkAttributeDef *self,
                                                          GVariant             *value,
                                                          GError              **error);

/* ---- NewsmarkLabel --------------------------------------------------------- */

#define NEWSMARK_TYPE_LABEL (newsmark_label_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkLabel, newsmark_label, NEWSMARK, LABEL, GObject)

NewsmarkLabel        *newsmark_label_new            (const char       *name,
                                                     NewsmarkCategory  category,
                                                     const char       *colour,
                                                     const char       *key);
const char           *newsmark_label_get_name       (NewsmarkLabel    *self);
NewsmarkCategory      newsmark_label_get_category   (NewsmarkLabel    *self);
/* "#rrggbb" */
const char           *newsmark_label_get_colour     (NewsmarkLabel    *self);
/* A single character as UTF-8, or NULL. */
const char           *newsmark_label_get_key        (NewsmarkLabel    *self);
const char           *newsmark_label_get_description (NewsmarkLabel   *self);
void                  newsmark_label_set_description (NewsmarkLabel   *self,
                                                      const char      *description);
/* Ordered attribute definitions (GListModel of NewsmarkAttributeDef). */
GListModel           *newsmark_label_get_attributes (NewsmarkLabel    *self);
void                  newsmark_label_add_attribute  (NewsmarkLabel    *self,
                                                     NewsmarkAttributeDef *def);
NewsmarkAttributeDef *newsmark_label_find_attribute (NewsmarkLabel    *self,
                                                     const char       *name);

/* ---- NewsmarkRelationType -------------------------------------------------- */

#define NEWSMARK_TYPE_RELATION_TYPE (newsmark_relation_type_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkRelationType, newsmark_relation_type, NEWSMARK, RELATION_TYPE, GObject)

/* @from_labels / @to_labels: NULL-terminated label names allowed at each end. */
NewsmarkRelationType *newsmark_relation_type_new            (const char           *name,
                                                             const char * const   *from_labels,
                                                             const char * const   *to_labels);
const char           *newsmark_relation_type_get_name       (NewsmarkRelationType *self);
const char * const   *newsmark_relation_type_get_from_labels (NewsmarkRelationType *self);
const char * const   *newsmark_relation_type_get_to_labels  (NewsmarkRelationType *self);
gboolean              newsmark_relation_type_allows         (NewsmarkRelationType *self,
                                                             const char           *from_label,
                                                             const char           *to_label);

/* ---- NewsmarkSchema -------------------------------------------------------- */

#define NEWSMARK_TYPE_SCHEMA (newsmark_schema_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkSchema, newsmark_schema, NEWSMARK, SCHEMA, GObject)

NewsmarkSchema       *newsmark_schema_new                (const char      *name);
/* The bundled newsroom schema (compiled in from data/schemas/newsroom.json). */
NewsmarkSchema       *newsmark_schema_new_default        (void);
/* Strict load: every problem names the file and JSON path ("labels[3].key"). */
NewsmarkSchema       *newsmark_schema_load_file          (GFile           *file,
                                                          GError         **error);
NewsmarkSchema       *newsmark_schema_load_data          (const char      *data,
                                                          gssize           len,
                                                          const char      *filename_for_errors,
                                                          GError         **error);
/* Pretty JSON with stable key order; newly allocated. */
char                 *newsmark_schema_to_json            (NewsmarkSchema  *self);

const char           *newsmark_schema_get_name           (NewsmarkSchema  *self);
/* GListModel of NewsmarkLabel in schema order. */
GListModel           *newsmark_schema_get_labels         (NewsmarkSchema  *self);
/* GListModel of NewsmarkRelationType. */
GListModel           *newsmark_schema_get_relation_types (NewsmarkSchema  *self);
void                  newsmark_schema_add_label          (NewsmarkSchema  *self,
                                                          NewsmarkLabel   *label);
void                  newsmark_schema_add_relation_type  (NewsmarkSchema  *self,
                                                          NewsmarkRelationType *type);
NewsmarkLabel        *newsmark_schema_find_label         (NewsmarkSchema  *self,
                                                          const char      *name);
NewsmarkLabel        *newsmark_schema_find_label_by_key  (NewsmarkSchema  *self,
                                                          const char      *key);
NewsmarkRelationType *newsmark_schema_find_relation_type (NewsmarkSchema  *self,
                                                          const char      *name);
/* Checks internal consistency (unique names and keys, relation ends name
 * existing labels, colours are #rrggbb). */
gboolean              newsmark_schema_check              (NewsmarkSchema  *self,
                                                          GError         **error);

G_END_DECLS
