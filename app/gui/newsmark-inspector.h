/* newsmark-inspector.h — edits the selected span: label, attributes, note, relations */
#pragma once

#include <newsmark/newsmark.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NEWSMARK_TYPE_INSPECTOR (newsmark_inspector_get_type ())
G_DECLARE_FINAL_TYPE (NewsmarkInspector, newsmark_inspector, NEWSMARK, INSPECTOR, GtkWidget)

void          newsmark_inspector_set_annotation_set (NewsmarkInspector     *self,
                                                     NewsmarkAnnotationSet *set);
void          newsmark_inspector_set_span           (NewsmarkInspector     *self,
                                                     NewsmarkSpan          *span);
NewsmarkSpan *newsmark_inspector_get_span           (NewsmarkInspector     *self);
/* Focuses the first relation picker (a quote's speaker, a claim's
 * claimant). FALSE when the span's label has no relation. */
gboolean      newsmark_inspector_focus_relation     (NewsmarkInspector     *self);
/* The widget editing attribute @name (GtkDropDown, GtkSwitch, GtkEntry or
 * GtkSpinButton), or NULL. */
GtkWidget    *newsmark_inspector_get_attribute_widget (NewsmarkInspector   *self,
                                                       const char          *name);
/* The GtkDropDown picking the target of relation type @type, or NULL. */
GtkWidget    *newsmark_inspector_get_relation_widget  (NewsmarkInspector   *self,
                                                       const char          *type);
/* Span ids offered by a relation drop-down, index 0 being "none" (NULL). */
const char   *newsmark_inspector_get_relation_candidate (NewsmarkInspector *self,
                                                         const char        *type,
                                                         guint              index);
/* How the relation picker lists @candidate for @span ("Lavrov (PERSON) ·
 * ¶3, 2 before: …asked Lavrov about the… · s12"; in a repeated paragraph
 * "¶17, repeats ¶7, 2 after"). */
char         *newsmark_inspector_describe_candidate (NewsmarkDocument  *document,
                                                     NewsmarkSpan      *candidate,
                                                     NewsmarkSpan      *span);
/* The heading's text for a span: @text in quotation marks, unless it
 * starts and ends with its own ("“Was he fired?”" stays as it is). */
char         *newsmark_inspector_quote              (const char        *text);

G_END_DECLS
