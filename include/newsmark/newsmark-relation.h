/* newsmark-relation.h — a typed link between two spans (a quote's speaker) */
#pragma once

#include "newsmark-types.h"

G_BEGIN_DECLS

#define NEWSMARK_TYPE_RELATION (newsmark_relation_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkRelation, newsmark_relation, NEWSMARK, RELATION, GObject)

NewsmarkRelation *newsmark_relation_new      (const char       *id,
                                              const char       *type,
                                              const char       *from_span_id,
                                              const char       *to_span_id);
NewsmarkRelation *newsmark_relation_copy     (NewsmarkRelation *self);
const char       *newsmark_relation_get_id   (NewsmarkRelation *self);
const char       *newsmark_relation_get_type_name (NewsmarkRelation *self);
const char       *newsmark_relation_get_from (NewsmarkRelation *self);
const char       *newsmark_relation_get_to   (NewsmarkRelation *self);
/* Optional provenance, as for spans (may be NULL). */
const NewsmarkOrigin *newsmark_relation_get_origin (NewsmarkRelation *self);
void              newsmark_relation_set_origin (NewsmarkRelation     *self,
                                                const NewsmarkOrigin *origin);
int               newsmark_relation_compare  (NewsmarkRelation *a,
                                              NewsmarkRelation *b);

G_END_DECLS
