/* newsmark-inspector.c — edits the selected span: label, attributes, note, relations
 *
 * Editing widgets are built from the schema for the span's label (a
 * drop-down for an enum, a switch for a boolean, an entry for text, a spin
 * button for a number) and every change goes through the annotation set,
 * so it is undoable. Relations are picked from the nearby spans that the
 * schema allows at the other end (a quote's speaker: PERSON or ORG).
 */
#include "config.h"

/* The core headers refuse to follow GTK's (their guard against GTK in
 * app/core), so they come first. */
#include <newsmark/newsmark.h>

#include <math.h>
#include <string.h>

#include "newsmark-application.h"
#include "newsmark-inspector.h"

#define RELATION_WINDOW   4000   /* code points searched around the span */
#define MAX_CANDIDATES    60

struct _NewsmarkInspector
{
  GtkWidget              parent_instance;

  GtkWidget             *empty_label;
  GtkWidget             *span_page;
  GtkLabel              *text_label;
  GtkDropDown           *label_dropdown;
  GtkDropDown           *status_dropdown;
  GtkLabel              *origin_label;
  GtkLabel              *position_label;
  GtkLabel              *conflict_label;
  GtkWidget             *attributes_heading;
  GtkGrid               *attributes_grid;
  GtkWidget             *relations_heading;
  GtkGrid               *relations_grid;
  GtkEntry              *note_entry;

  NewsmarkAnnotationSet *set;
  NewsmarkSpan          *span;
  NewsmarkSpan          *shown_span;
  GHashTable            *attribute_widgets;    /* name → GtkWidget (borrowed) */
  GHashTable            *relation_widgets;     /* type → GtkDropDown (borrowed) */
  GHashTable            *relation_candidates;  /* type → GPtrArray of span ids, [0] = NULL */
  guint                  refresh_idle;
  gboolean               updating;
  gboolean               committing;
};

G_DEFINE_FINAL_TYPE (NewsmarkInspector, newsmark_inspector, GTK_TYPE_WIDGET)

static void update_conflict (NewsmarkInspector *self);

static void refresh (NewsmarkInspector *self);

static gboolean
refresh_idle_cb (gpointer data)
{
  NewsmarkInspector *self = data;

  self->refresh_idle = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (NewsmarkInspector *self)
{
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

static void
report_error (NewsmarkInspector *self,
              GtkWidget         *widget,
              const GError      *error)
{
  gtk_widget_error_bell (GTK_WIDGET (self));
  if (widget != NULL)
    gtk_widget_set_tooltip_text (widget, error->message);
  g_message ("%s", error->message);
}

/* ---- Attributes --------------------------------------------------------------- */

static void
commit_attribute (NewsmarkInspector *self,
                  GtkWidget         *widget,
                  GVariant          *value)
{
  const char *name = g_object_get_data (G_OBJECT (widget), "nm-attribute");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) sunk = value != NULL ? g_variant_ref_sink (value) : NULL;
  g_autoptr(GVariant) current = NULL;

  if (self->updating || self->set == NULL || self->span == NULL || name == NULL)
    return;

  current = newsmark_span_get_attribute (self->span, name);
  if (current != NULL)
    g_variant_ref (current);
  if ((current == NULL && sunk == NULL) ||
      (current != NULL && sunk != NULL && g_variant_equal (current, sunk)))
    return;

  self->committing = TRUE;
  if (!newsmark_annotation_set_set_span_attribute (self->set, self->span, name, sunk, &error))
    report_error (self, widget, error);
  self->committing = FALSE;
}

static void
on_enum_selected (GtkDropDown       *dropdown,
                  GParamSpec        *pspec,
                  NewsmarkInspector *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || item == NULL)
    commit_attribute (self, GTK_WIDGET (dropdown), NULL);
  else
    commit_attribute (self, GTK_WIDGET (dropdown), g_variant_new_string (gtk_string_object_get_string (item)));
}

static void
on_switch_active (GtkSwitch         *widget,
                  GParamSpec        *pspec,
                  NewsmarkInspector *self)
{
  commit_attribute (self, GTK_WIDGET (widget), g_variant_new_boolean (gtk_switch_get_active (widget)));
}

static void
on_text_attribute_commit (GtkEntry          *entry,
                          NewsmarkInspector *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  commit_attribute (self, GTK_WIDGET (entry), text[0] != '\0' ? g_variant_new_string (text) : NULL);
}

static void
on_text_attribute_leave (GtkEventControllerFocus *controller,
                         NewsmarkInspector       *self)
{
  on_text_attribute_commit (GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))), self);
}

/* A number attribute with no value: a spin button always holds a number,
 * and one holding the minimum while nothing is set would emit nothing when
 * the user picks the minimum. So "not set" is a value of its own, one step
 * below the range, that only exists while nothing is set: the field shows
 * it empty (its placeholder says "not set"), Up or typing reaches the
 * minimum, and from then on the range starts at the minimum, so Down and −
 * stop there. Clearing is the separate Clear button (or emptying the
 * text). Nothing beside the field appears or goes with the value, so the
 * + and − buttons never move under the pointer. */
#define NUMBER_UNBOUNDED 1e9

static double
spin_range_start (GtkSpinButton *spin)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "nm-unbounded-min"))
         ? -NUMBER_UNBOUNDED
         : *(double *) g_object_get_data (G_OBJECT (spin), "nm-min");
}

static double
spin_unset_value (GtkSpinButton *spin)
{
  return spin_range_start (spin) - 1;
}

static gboolean
spin_is_unset (GtkSpinButton *spin)
{
  /* Nothing valid lies below the range's real start, one step up. */
  return gtk_spin_button_get_value (spin) < spin_unset_value (spin) + 0.5;
}

/* The adjustment reaches down to "not set" only while it is the value. */
static void
set_spin_floor (GtkSpinButton *spin,
                gboolean       with_unset)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);

  gtk_adjustment_set_lower (adjustment, with_unset ? spin_unset_value (spin) : spin_range_start (spin));
}

static void
show_number_state (GtkSpinButton *spin)
{
  GtkWidget *clear = g_object_get_data (G_OBJECT (spin), "nm-clear");
  gboolean unset = spin_is_unset (spin);

  gtk_widget_set_sensitive (clear, !unset);
  if (unset)
    gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "not set", -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT);
}

static gboolean
on_spin_output (GtkSpinButton *spin)
{
  if (!spin_is_unset (spin))
    return FALSE;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), "");
  return TRUE;
}

static int
on_spin_input (GtkSpinButton *spin,
               double        *new_value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  double unset = spin_unset_value (spin);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  if (stripped[0] == '\0')
    {
      /* Emptied by hand: the range reaches "not set" again, or the spin
       * button would clamp it to the minimum. */
      set_spin_floor (spin, TRUE);
      *new_value = unset;
      return TRUE;
    }

  value = g_strtod (stripped, &end);
  if (end == stripped || *end != '\0' || !isfinite (value))
    return GTK_INPUT_ERROR;

  /* A number typed below the minimum becomes the minimum, as GTK clamps
   * it; only an empty field means "not set". */
  *new_value = MAX (value, unset + 1);
  return TRUE;
}

static void
on_spin_value_changed (GtkSpinButton     *spin,
                       NewsmarkInspector *self)
{
  double value = gtk_spin_button_get_value (spin);
  double start = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "nm-unbounded-min"))
                 ? CLAMP (0, spin_range_start (spin), gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (spin)))
                 : spin_range_start (spin);
  gboolean unset = spin_is_unset (spin);

  /* With no minimum, a step up from "not set" starts at 0, not at the
   * bottom of the widget's range. */
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spin), "nm-was-unset")) &&
      value == spin_range_start (spin) && start != value)
    {
      gtk_spin_button_set_value (spin, start);
      return;
    }

  g_object_set_data (G_OBJECT (spin), "nm-was-unset", GINT_TO_POINTER (unset));
  if (!unset)
    set_spin_floor (spin, FALSE);
  show_number_state (spin);
  commit_attribute (self, GTK_WIDGET (spin), unset ? NULL : g_variant_new_double (value));
}

static void
on_clear_number (GtkButton         *button,
                 NewsmarkInspector *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (button), "nm-spin");

  set_spin_floor (spin, TRUE);
  gtk_spin_button_set_value (spin, spin_unset_value (spin));
}

static GtkWidget *
build_attribute_widget (NewsmarkInspector    *self,
                        NewsmarkAttributeDef *def,
                        GVariant             *value,
                        GtkWidget           **row_widget)
{
  const char *name = newsmark_attribute_def_get_name (def);
  GtkWidget *widget = NULL;

  switch (newsmark_attribute_def_get_kind (def))
    {
    case NEWSMARK_ATTRIBUTE_ENUM:
      {
        const char * const *values = newsmark_attribute_def_get_values (def);
        g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
        guint selected = 0;

        gtk_string_list_append (list, "—");
        for (guint i = 0; values != NULL && values[i] != NULL; i++)
          {
            gtk_string_list_append (list, values[i]);
            if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) &&
                g_strcmp0 (g_variant_get_string (value, NULL), values[i]) == 0)
              selected = i + 1;
          }
        widget = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), selected);
        g_signal_connect (widget, "notify::selected", G_CALLBACK (on_enum_selected), self);
        *row_widget = widget;
      }
      break;

    case NEWSMARK_ATTRIBUTE_BOOLEAN:
      widget = gtk_switch_new ();
      gtk_widget_set_halign (widget, GTK_ALIGN_START);
      gtk_switch_set_active (GTK_SWITCH (widget),
                             value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
                             g_variant_get_boolean (value));
      g_signal_connect (widget, "notify::active", G_CALLBACK (on_switch_active), self);
      *row_widget = widget;
      break;

    case NEWSMARK_ATTRIBUTE_TEXT:
      {
        GtkEventController *focus = gtk_event_controller_focus_new ();

        widget = gtk_entry_new ();
        if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
          gtk_editable_set_text (GTK_EDITABLE (widget), g_variant_get_string (value, NULL));
        g_signal_connect (widget, "activate", G_CALLBACK (on_text_attribute_commit), self);
        g_signal_connect (focus, "leave", G_CALLBACK (on_text_attribute_leave), self);
        gtk_widget_add_controller (widget, focus);
        *row_widget = widget;
      }
      break;

    case NEWSMARK_ATTRIBUTE_NUMBER:
      {
        double min = -INFINITY, max = INFINITY;
        gboolean integer = newsmark_attribute_def_get_integer (def);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
        GtkAdjustment *adjustment;
        double lower, upper;
        gboolean has_value = value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE);

        newsmark_attribute_def_get_range (def, &min, &max);
        lower = isfinite (min) ? min : -NUMBER_UNBOUNDED;
        upper = isfinite (max) ? max : NUMBER_UNBOUNDED;
        /* One step below the range while unset: "not set" (see spin_unset_value). */
        adjustment = gtk_adjustment_new (lower - 1, has_value ? lower : lower - 1, upper, 1, integer ? 1 : 10, 0);
        widget = gtk_spin_button_new (adjustment, 1, integer ? 0 : 2);
        gtk_widget_set_hexpand (widget, TRUE);
        gtk_widget_set_tooltip_text (widget, "Type a number or press Up; Clear unsets it");
        gtk_text_set_placeholder_text (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (widget))), "not set");
        g_object_set_data (G_OBJECT (widget), "nm-unbounded-min", GINT_TO_POINTER (!isfinite (min)));
        g_object_set_data_full (G_OBJECT (widget), "nm-min", g_memdup2 (&lower, sizeof lower), g_free);
        g_object_set_data (G_OBJECT (widget), "nm-clear", clear);
        g_signal_connect (widget, "input", G_CALLBACK (on_spin_input), NULL);
        g_signal_connect (widget, "output", G_CALLBACK (on_spin_output), NULL);
        if (has_value)
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), g_variant_get_double (value));
        else
          /* Already the value: this only has the text redrawn, empty. */
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), lower - 1);
        g_object_set_data (G_OBJECT (widget), "nm-was-unset", GINT_TO_POINTER (spin_is_unset (GTK_SPIN_BUTTON (widget))));
        g_signal_connect (widget, "value-changed", G_CALLBACK (on_spin_value_changed), self);

        gtk_widget_set_tooltip_text (clear, "Clear (not set)");
        gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL, "Clear", -1);
        g_object_set_data (G_OBJECT (clear), "nm-spin", widget);
        g_signal_connect (clear, "clicked", G_CALLBACK (on_clear_number), self);
        gtk_box_append (GTK_BOX (box), widget);
        gtk_box_append (GTK_BOX (box), clear);
        show_number_state (GTK_SPIN_BUTTON (widget));
        *row_widget = box;
      }
      break;

    default:
      g_assert_not_reached ();
    }

  g_object_set_data_full (G_OBJECT (widget), "nm-attribute", g_strdup (name), g_free);
  return widget;
}

/* ---- Relations -------------------------------------------------------------------- */

typedef struct {
  NewsmarkSpan *span;
  guint         distance;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->distance != cb->distance)
    return ca->distance < cb->distance ? -1 : 1;
  return newsmark_span_compare (ca->span, cb->span);
}

static gboolean
strv_contains (const char * const *strv,
               const char         *str)
{
  return strv != NULL && str != NULL && g_strv_contains (strv, str);
}

/* A candidate as the picker lists it, so that eleven "Lavrov" differ at a
 * glance: its text and label, how far it is from @span in paragraphs
 * ("same paragraph", "¶3, 2 before", "¶17, repeats ¶7, 2 after": a name
 * in a copy is found in the first one too) and the words around it. */
char *
newsmark_inspector_describe_candidate (NewsmarkDocument *document,
                                       NewsmarkSpan     *candidate,
                                       NewsmarkSpan     *span)
{
  guint start = newsmark_span_get_start (candidate);
  guint end = newsmark_span_get_end (candidate);
  guint here = newsmark_paragraph_at (document, newsmark_span_get_start (span));
  gboolean before = start < newsmark_span_get_start (span);
  g_autofree char *text = g_utf8_substring (newsmark_span_get_text (candidate), 0, 40);
  g_autofree char *where = NULL;
  g_autoptr(NewsmarkPlace) place = newsmark_place_new (document, start, end, 3, 3);

  g_strdelimit (text, "\r\n\t", ' ');
  if (place->paragraph == here)
    where = g_strdup_printf ("same paragraph, %s", before ? "before" : "after");
  else
    {
      g_autofree char *paragraph = newsmark_document_describe_paragraph (document, place->paragraph);

      where = g_strdup_printf ("%s, %u %s", paragraph != NULL ? paragraph : "",
                               before ? here - place->paragraph : place->paragraph - here,
                               before ? "before" : "after");
    }

  if (end - start > 32)
    return g_strdup_printf ("%s (%s) · %s · %s", text, newsmark_span_get_label (candidate), where,
                            newsmark_span_get_id (candidate));

  return g_strdup_printf ("%s (%s) · %s: %s%s%s%s%s · %s", text, newsmark_span_get_label (candidate), where,
                          place->more_before ? "…" : "", place->before, newsmark_span_get_text (candidate),
                          place->after, place->more_after ? "…" : "", newsmark_span_get_id (candidate));
}

/* The picker's entries are long (the words around each candidate): the
 * button shows the picked one ellipsized, so it never widens the side
 * panel; the list shows them whole. */

static void
setup_picker_item (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  ellipsize)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  else
    {
      /* The list marks the one picked, as GTK's own drop-down list does. */
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_label_set_max_width_chars (GTK_LABEL (label), 90);
      gtk_box_append (GTK_BOX (box), check);
    }
  gtk_list_item_set_child (item, box);
}

static void
bind_picker_item (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), gtk_string_object_get_string (string));
  /* The list's own selection follows the pointer; the mark is for the
   * drop-down's. A pick rebuilds the picker, so this is never stale. */
  if (!GPOINTER_TO_INT (ellipsize))
    {
      GtkDropDown *dropdown = g_object_get_data (G_OBJECT (factory), "nm-dropdown");

      gtk_widget_set_opacity (gtk_widget_get_last_child (box),
                              dropdown != NULL && gtk_drop_down_get_selected_item (dropdown) == (gpointer) string ? 1 : 0);
    }
}

static GtkListItemFactory *
picker_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_picker_item), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_picker_item), GINT_TO_POINTER (ellipsize));
  return factory;
}

static void
set_relation (NewsmarkInspector *self,
              const char        *type,
              const char        *target_id)
{
  g_autoptr(GPtrArray) existing = newsmark_annotation_set_relations_of (self->set, self->span);
  g_autoptr(GPtrArray) remove = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = g_strdup_printf ("Set %s", type);
  NewsmarkSpan *target = target_id != NULL ? newsmark_annotation_set_find_span (self->set, target_id) : NULL;

  for (guint i = 0; i < existing->len; i++)
    {
      NewsmarkRelation *relation = g_ptr_array_index (existing, i);

      if (g_strcmp0 (newsmark_relation_get_type_name (relation), type) == 0 &&
          g_strcmp0 (newsmark_relation_get_from (relation), newsmark_span_get_id (self->span)) == 0)
        {
          if (target != NULL && g_strcmp0 (newsmark_relation_get_to (relation), target_id) == 0)
            return;
          g_ptr_array_add (remove, g_object_ref (relation));
        }
    }

  self->committing = TRUE;
  newsmark_annotation_set_begin_group (self->set, description);
  for (guint i = 0; i < remove->len; i++)
    newsmark_annotation_set_remove_relation (self->set, g_ptr_array_index (remove, i));
  if (target != NULL &&
      newsmark_annotation_set_create_relation (self->set, type, self->span, target, &error) == NULL)
    report_error (self, NULL, error);
  newsmark_annotation_set_end_group (self->set);
  self->committing = FALSE;
}

static void
on_relation_selected (GtkDropDown       *dropdown,
                      GParamSpec        *pspec,
                      NewsmarkInspector *self)
{
  const char *type = g_object_get_data (G_OBJECT (dropdown), "nm-relation");
  GPtrArray *ids = g_hash_table_lookup (self->relation_candidates, type);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || self->span == NULL || ids == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= ids->len)
    return;

  set_relation (self, type, g_ptr_array_index (ids, selected));
}

static void
build_relations (NewsmarkInspector *self)
{
  NewsmarkSchema *schema = newsmark_annotation_set_get_schema (self->set);
  GListModel *types = newsmark_schema_get_relation_types (schema);
  const char *label = newsmark_span_get_label (self->span);
  const char *id = newsmark_span_get_id (self->span);
  g_autoptr(GPtrArray) relations = newsmark_annotation_set_relations_of (self->set, self->span);
  int row = 0;

  for (guint t = 0; t < g_list_model_get_n_items (types); t++)
    {
      g_autoptr(NewsmarkRelationType) type = g_list_model_get_item (types, t);
      const char *type_name = newsmark_relation_type_get_name (type);
      const char * const *to_labels = newsmark_relation_type_get_to_labels (type);
      guint start = newsmark_span_get_start (self->span);
      guint end = newsmark_span_get_end (self->span);
      g_autoptr(GPtrArray) nearby = NULL;
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
      g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
      GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
      const char *current = NULL;
      guint selected = 0;
      GtkWidget *name_label, *dropdown;
      g_autofree char *title = NULL;

      if (!strv_contains (newsmark_relation_type_get_from_labels (type), label))
        continue;

      for (guint i = 0; i < relations->len; i++)
        {
          NewsmarkRelation *relation = g_ptr_array_index (relations, i);

          if (g_strcmp0 (newsmark_relation_get_type_name (relation), type_name) == 0 &&
              g_strcmp0 (newsmark_relation_get_from (relation), id) == 0)
            current = newsmark_relation_get_to (relation);
        }

      nearby = newsmark_annotation_set_spans_in (self->set, start > RELATION_WINDOW ? start - RELATION_WINDOW : 0,
                                                 end + RELATION_WINDOW);
      for (guint i = 0; i < nearby->len; i++)
        {
          NewsmarkSpan *candidate = g_ptr_array_index (nearby, i);
          Candidate c;

          if (candidate == self->span ||
              newsmark_span_get_status (candidate) == NEWSMARK_STATUS_REJECTED ||
              !strv_contains (to_labels, newsmark_span_get_label (candidate)))
            continue;
          c.span = candidate;
          c.distance = newsmark_span_get_start (candidate) > start
                       ? newsmark_span_get_start (candidate) - start
                       : start - newsmark_span_get_start (candidate);
          g_array_append_val (candidates, c);
        }
      g_array_sort (candidates, compare_candidates);
      if (candidates->len > MAX_CANDIDATES)
        g_array_set_size (candidates, MAX_CANDIDATES);

      /* The current target stays pickable even when it is far away. */
      if (current != NULL)
        {
          NewsmarkSpan *target = newsmark_annotation_set_find_span (self->set, current);
          gboolean found = FALSE;

          for (guint i = 0; i < candidates->len; i++)
            found |= g_array_index (candidates, Candidate, i).span == target;
          if (!found && target != NULL)
            {
              Candidate c = { target, G_MAXUINT };

              g_array_append_val (candidates, c);
            }
        }

      gtk_string_list_append (items, "(none)");
      g_ptr_array_add (ids, NULL);
      for (guint i = 0; i < candidates->len; i++)
        {
          NewsmarkSpan *candidate = g_array_index (candidates, Candidate, i).span;
          g_autofree char *text = newsmark_inspector_describe_candidate (newsmark_annotation_set_get_document (self->set),
                                                                         candidate, self->span);

          gtk_string_list_append (items, text);
          g_ptr_array_add (ids, g_strdup (newsmark_span_get_id (candidate)));
          if (g_strcmp0 (current, newsmark_span_get_id (candidate)) == 0)
            selected = i + 1;
        }

      title = g_strdup_printf ("%c%s", g_ascii_toupper (type_name[0]), type_name + 1);
      name_label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (name_label), 1);
      gtk_widget_add_css_class (name_label, "dim-label");

      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&items)), NULL);
      {
        g_autoptr(GtkListItemFactory) button = picker_factory (TRUE);
        g_autoptr(GtkListItemFactory) list = picker_factory (FALSE);

        /* The drop-down owns the factory: a plain pointer back is safe. */
        g_object_set_data (G_OBJECT (list), "nm-dropdown", dropdown);
        gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), button);
        gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), list);
      }
      gtk_widget_set_hexpand (dropdown, TRUE);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
      gtk_widget_set_tooltip_text (dropdown, "Pick the span at the other end (Ctrl+R)");
      g_object_set_data_full (G_OBJECT (dropdown), "nm-relation", g_strdup (type_name), g_free);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_relation_selected), self);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      name_label, NULL, -1);

      gtk_grid_attach (self->relations_grid, name_label, 0, row, 1, 1);
      gtk_grid_attach (self->relations_grid, dropdown, 1, row, 1, 1);
      g_hash_table_insert (self->relation_widgets, g_strdup (type_name), dropdown);
      g_hash_table_insert (self->relation_candidates, g_strdup (type_name), ids);
      row++;
    }

  /* Incoming relations: "speaker of" the quotes pointing here. */
  for (guint i = 0; i < relations->len; i++)
    {
      NewsmarkRelation *relation = g_ptr_array_index (relations, i);
      NewsmarkSpan *from;
      g_autofree char *text = NULL;
      g_autofree char *excerpt = NULL;
      GtkWidget *name_label, *value_label;

      if (g_strcmp0 (newsmark_relation_get_to (relation), id) != 0)
        continue;
      from = newsmark_annotation_set_find_span (self->set, newsmark_relation_get_from (relation));
      if (from == NULL)
        continue;

      excerpt = g_utf8_substring (newsmark_span_get_text (from), 0, 60);
      text = g_strdup_printf ("%s “%s” (%s)", newsmark_span_get_label (from), excerpt, newsmark_span_get_id (from));
      name_label = gtk_label_new (NULL);
      {
        g_autofree char *title = g_strdup_printf ("%s of", newsmark_relation_get_type_name (relation));
        gtk_label_set_text (GTK_LABEL (name_label), title);
      }
      gtk_label_set_xalign (GTK_LABEL (name_label), 1);
      gtk_widget_add_css_class (name_label, "dim-label");
      value_label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (value_label), 0);
      /* One line: wrapped labels in a grid get too little height here. */
      gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (value_label), TRUE);
      gtk_widget_set_hexpand (value_label, TRUE);
      gtk_widget_set_tooltip_text (value_label, text);
      gtk_grid_attach (self->relations_grid, name_label, 0, row, 1, 1);
      gtk_grid_attach (self->relations_grid, value_label, 1, row, 1, 1);
      row++;
    }

  gtk_widget_set_visible (self->relations_heading, row > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->relations_grid), row > 0);
}

/* ---- Refresh ----------------------------------------------------------------------------- */

static gboolean
is_opening_quote (gunichar c)
{
  return c == '"' || c == '\'' || c == 0x201C || c == 0x2018 || c == 0x201E || c == 0x201A || c == 0x00AB ||
         c == 0x2039 || c == 0x300C || c == 0x300E;
}

static gboolean
is_closing_quote (gunichar c)
{
  return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0x201C || c == 0x00BB || c == 0x203A ||
         c == 0x300D || c == 0x300F;
}

char *
newsmark_inspector_quote (const char *text)
{
  const char *last;

  if (text == NULL || text[0] == '\0')
    return g_strdup ("“”");

  /* A quote tagged with its marks ("“Was he fired?”") has them already. */
  last = g_utf8_find_prev_char (text, text + strlen (text));
  if (g_utf8_strlen (text, -1) >= 2 && is_opening_quote (g_utf8_get_char (text)) &&
      is_closing_quote (g_utf8_get_char (last)))
    return g_strdup (text);

  return g_strdup_printf ("“%s”", text);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* The span's page is hidden by opacity, not unmapped: it keeps its size
 * and its drawing, and must not be reachable while hidden, by keyboard,
 * pointer or screen reader. */
static void
show_empty (NewsmarkInspector *self,
            gboolean           empty)
{
  if (gtk_widget_get_visible (self->empty_label) == empty)
    return;

  if (empty)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      /* As an unmapped page would: the focus does not stay on a field
       * nobody can see. */
      if (focus != NULL && (focus == self->span_page || gtk_widget_is_ancestor (focus, self->span_page)))
        gtk_root_set_focus (root, NULL);
    }

  gtk_widget_set_visible (self->empty_label, empty);
  gtk_widget_set_opacity (self->span_page, empty ? 0.0 : 1.0);
  gtk_widget_set_can_focus (self->span_page, !empty);
  gtk_widget_set_can_target (self->span_page, !empty);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->span_page), GTK_ACCESSIBLE_STATE_HIDDEN, empty, -1);
}

static void
refresh (NewsmarkInspector *self)
{
  NewsmarkLabel *label;
  GListModel *labels;
  g_autofree char *origin = NULL;
  g_autofree char *position = NULL;
  g_autofree char *quoted = NULL;
  gboolean same_span;
  int row = 0;

  g_clear_handle_id (&self->refresh_idle, g_source_remove);

  self->updating = TRUE;
  g_hash_table_remove_all (self->attribute_widgets);
  g_hash_table_remove_all (self->relation_widgets);
  g_hash_table_remove_all (self->relation_candidates);
  clear_grid (self->attributes_grid);
  clear_grid (self->relations_grid);

  if (self->set == NULL || self->span == NULL)
    {
      show_empty (self, TRUE);
      self->shown_span = NULL;
      self->updating = FALSE;
      return;
    }

  same_span = self->shown_span == self->span;
  self->shown_span = self->span;
  show_empty (self, FALSE);

  quoted = newsmark_inspector_quote (newsmark_span_get_text (self->span));
  gtk_label_set_text (self->text_label, quoted);

  labels = gtk_drop_down_get_model (self->label_dropdown);
  for (guint i = 0; labels != NULL && i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (labels, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), newsmark_span_get_label (self->span)) == 0)
        gtk_drop_down_set_selected (self->label_dropdown, i);
    }
  gtk_drop_down_set_selected (self->status_dropdown, (guint) newsmark_span_get_status (self->span));

  origin = newsmark_span_get_origin (self->span) != NULL
           ? newsmark_origin_to_display (newsmark_span_get_origin (self->span))
           : g_strdup ("—");
  gtk_label_set_text (self->origin_label, origin);
  if (newsmark_span_get_n_fragments (self->span) > 0)
    position = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u–%u, %u fragment · %s", "%u–%u, %u fragments · %s",
                                             newsmark_span_get_n_fragments (self->span)),
                                newsmark_span_get_start (self->span),
                                newsmark_span_get_end (self->span), newsmark_span_get_n_fragments (self->span),
                                newsmark_span_get_id (self->span));
  else
    position = g_strdup_printf ("%u–%u · %s", newsmark_span_get_start (self->span),
                                newsmark_span_get_end (self->span), newsmark_span_get_id (self->span));
  {
    /* Which copy of a repeated paragraph the span is in. */
    g_autofree char *place = newsmark_document_describe_place (newsmark_annotation_set_get_document (self->set),
                                                               newsmark_span_get_start (self->span));

    if (place != NULL && newsmark_span_get_unplaced_reason (self->span) == NULL)
      {
        char *with_place = g_strdup_printf ("%s · %s", position, place);

        g_free (position);
        position = with_place;
      }
  }
  gtk_label_set_text (self->position_label, position);
  update_conflict (self);

  label = newsmark_schema_find_label (newsmark_annotation_set_get_schema (self->set),
                                      newsmark_span_get_label (self->span));
  if (label != NULL)
    {
      GListModel *defs = newsmark_label_get_attributes (label);

      for (guint i = 0; i < g_list_model_get_n_items (defs); i++)
        {
          g_autoptr(NewsmarkAttributeDef) def = g_list_model_get_item (defs, i);
          const char *name = newsmark_attribute_def_get_name (def);
          GVariant *value = newsmark_span_get_attribute (self->span, name);
          GtkWidget *row_widget = NULL;
          GtkWidget *widget = build_attribute_widget (self, def, value, &row_widget);
          GtkWidget *name_label = gtk_label_new (name);

          gtk_label_set_xalign (GTK_LABEL (name_label), 1);
          gtk_widget_add_css_class (name_label, "dim-label");
          gtk_widget_set_hexpand (row_widget, TRUE);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                          name_label, NULL, -1);
          gtk_grid_attach (self->attributes_grid, name_label, 0, row, 1, 1);
          gtk_grid_attach (self->attributes_grid, row_widget, 1, row, 1, 1);
          g_hash_table_insert (self->attribute_widgets, g_strdup (name), widget);
          row++;
        }
    }
  gtk_widget_set_visible (self->attributes_heading, row > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->attributes_grid), row > 0);

  build_relations (self);

  /* Do not overwrite a note being typed. */
  if (!same_span || !gtk_widget_has_focus (GTK_WIDGET (self->note_entry)))
    gtk_editable_set_text (GTK_EDITABLE (self->note_entry),
                           newsmark_span_get_note (self->span) ? newsmark_span_get_note (self->span) : "");

  self->updating = FALSE;
}

/* ---- Fixed fields ------------------------------------------------------------------------------ */

static void
on_label_selected (NewsmarkInspector *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->label_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->span == NULL || item == NULL ||
      g_strcmp0 (gtk_string_object_get_string (item), newsmark_span_get_label (self->span)) == 0)
    return;

  self->committing = TRUE;
  if (!newsmark_annotation_set_set_span_label (self->set, self->span, gtk_string_object_get_string (item), &error))
    report_error (self, GTK_WIDGET (self->label_dropdown), error);
  self->committing = FALSE;
  /* Another label has other attributes and relations. */
  queue_refresh (self);
}

/* "⚠ Conflicts with ORG s1 “Port Aldwin” (accepted)" for a suggestion
 * that puts another label on a span's text. */
static void
update_conflict (NewsmarkInspector *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  GString *text;

  if (self->span == NULL || self->set == NULL ||
      newsmark_span_get_status (self->span) != NEWSMARK_STATUS_SUGGESTED)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->conflict_label), FALSE);
      return;
    }

  conflicts = newsmark_review_find_conflicts (self->set, self->span);
  gtk_widget_set_visible (GTK_WIDGET (self->conflict_label), conflicts->len > 0);
  if (conflicts->len == 0)
    return;

  text = g_string_new ("⚠ Conflicts with ");
  for (guint i = 0; i < conflicts->len; i++)
    {
      NewsmarkSpan *other = g_ptr_array_index (conflicts, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s %s “%s” (%s)", newsmark_span_get_label (other),
                              newsmark_span_get_id (other), newsmark_span_get_text (other),
                              newsmark_status_to_string (newsmark_span_get_status (other)));
    }
  g_string_append (text, ". Accept asks which wins: keep both, replace it, or reject this suggestion.");
  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

    if (NEWSMARK_IS_APPLICATION (app))
      {
        g_autofree char *markup = newsmark_application_dup_warning_markup (NEWSMARK_APPLICATION (app), text->str);

        gtk_label_set_markup (self->conflict_label, markup);
      }
    else
      {
        gtk_label_set_text (self->conflict_label, text->str);
      }
  }
  g_string_free (text, TRUE);
}

static void
on_status_selected (NewsmarkInspector *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (self->updating || self->span == NULL || selected == GTK_INVALID_LIST_POSITION ||
      (NewsmarkStatus) selected == newsmark_span_get_status (self->span))
    return;

  /* A suggestion on another label's text: which wins is asked, not
   * assumed (the window's accept action opens the question). */
  if ((NewsmarkStatus) selected == NEWSMARK_STATUS_ACCEPTED &&
      newsmark_span_get_status (self->span) == NEWSMARK_STATUS_SUGGESTED)
    {
      g_autoptr(GPtrArray) conflicts = newsmark_review_find_conflicts (self->set, self->span);

      if (conflicts->len > 0)
        {
          self->updating = TRUE;
          gtk_drop_down_set_selected (self->status_dropdown, (guint) newsmark_span_get_status (self->span));
          self->updating = FALSE;
          gtk_widget_activate_action (GTK_WIDGET (self), "win.accept-span", NULL);
          return;
        }
    }

  self->committing = TRUE;
  newsmark_annotation_set_set_span_status (self->set, self->span, (NewsmarkStatus) selected);
  self->committing = FALSE;
}

static void
on_note_commit (NewsmarkInspector *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
  const char *current;

  if (self->updating || self->span == NULL)
    return;

  current = newsmark_span_get_note (self->span);
  if (g_strcmp0 (current ? current : "", text) == 0)
    return;

  self->committing = TRUE;
  newsmark_annotation_set_set_span_note (self->set, self->span, text[0] != '\0' ? text : NULL);
  self->committing = FALSE;
}

static void
on_note_leave (NewsmarkInspector *self)
{
  on_note_commit (self);
}

/* ---- Public API --------------------------------------------------------------------------------- */

static void
on_set_changed (NewsmarkInspector *self)
{
  if (self->span != NULL &&
      newsmark_annotation_set_find_span (self->set, newsmark_span_get_id (self->span)) != self->span)
    g_clear_object (&self->span);

  if (!self->committing)
    queue_refresh (self);
}

void
newsmark_inspector_set_annotation_set (NewsmarkInspector     *self,
                                       NewsmarkAnnotationSet *set)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_return_if_fail (NEWSMARK_IS_INSPECTOR (self));

  if (self->set != NULL)
    g_signal_handlers_disconnect_by_data (self->set, self);
  g_clear_object (&self->span);
  g_set_object (&self->set, set);

  if (set != NULL)
    {
      GListModel *model = newsmark_schema_get_labels (newsmark_annotation_set_get_schema (set));

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(NewsmarkLabel) label = g_list_model_get_item (model, i);

          gtk_string_list_append (labels, newsmark_label_get_name (label));
        }
      g_signal_connect_swapped (set, "changed", G_CALLBACK (on_set_changed), self);
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (labels));
  self->updating = FALSE;

  refresh (self);
}

void
newsmark_inspector_set_span (NewsmarkInspector *self,
                             NewsmarkSpan      *span)
{
  g_return_if_fail (NEWSMARK_IS_INSPECTOR (self));

  /* Keep a note typed for the previous span. */
  if (self->span != NULL && span != self->span)
    on_note_commit (self);

  g_set_object (&self->span, span);
  refresh (self);
}

NewsmarkSpan *
newsmark_inspector_get_span (NewsmarkInspector *self)
{
  g_return_val_if_fail (NEWSMARK_IS_INSPECTOR (self), NULL);

  return self->span;
}

gboolean
newsmark_inspector_focus_relation (NewsmarkInspector *self)
{
  GtkWidget *first = NULL;

  g_return_val_if_fail (NEWSMARK_IS_INSPECTOR (self), FALSE);

  if (self->refresh_idle != 0)
    refresh (self);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->relations_grid));
       child != NULL && first == NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_DROP_DOWN (child))
      first = child;

  if (first == NULL)
    return FALSE;

  return gtk_widget_grab_focus (first);
}

GtkWidget *
newsmark_inspector_get_attribute_widget (NewsmarkInspector *self,
                                         const char        *name)
{
  g_return_val_if_fail (NEWSMARK_IS_INSPECTOR (self), NULL);

  if (self->refresh_idle != 0)
    refresh (self);

  return g_hash_table_lookup (self->attribute_widgets, name);
}

GtkWidget *
newsmark_inspector_get_relation_widget (NewsmarkInspector *self,
                                        const char        *type)
{
  g_return_val_if_fail (NEWSMARK_IS_INSPECTOR (self), NULL);

  if (self->refresh_idle != 0)
    refresh (self);

  return g_hash_table_lookup (self->relation_widgets, type);
}

const char *
newsmark_inspector_get_relation_candidate (NewsmarkInspector *self,
                                           const char        *type,
                                           guint              index)
{
  GPtrArray *ids;

  g_return_val_if_fail (NEWSMARK_IS_INSPECTOR (self), NULL);

  ids = g_hash_table_lookup (self->relation_candidates, type);
  if (ids == NULL || index >= ids->len)
    return NULL;

  return g_ptr_array_index (ids, index);
}

/* ---- GObject ------------------------------------------------------------------------------------- */

static void
newsmark_inspector_dispose (GObject *object)
{
  NewsmarkInspector *self = NEWSMARK_INSPECTOR (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->set != NULL)
    g_signal_handlers_disconnect_by_data (self->set, self);
  g_clear_object (&self->set);
  g_clear_object (&self->span);
  if (self->attribute_widgets != NULL)
    g_hash_table_remove_all (self->attribute_widgets);
  if (self->relation_widgets != NULL)
    g_hash_table_remove_all (self->relation_widgets);
  gtk_widget_dispose_template (GTK_WIDGET (self), NEWSMARK_TYPE_INSPECTOR);
  /* The template's root child is not bound to a field: unparent it too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (newsmark_inspector_parent_class)->dispose (object);
}

static void
newsmark_inspector_finalize (GObject *object)
{
  NewsmarkInspector *self = NEWSMARK_INSPECTOR (object);

  g_clear_pointer (&self->attribute_widgets, g_hash_table_unref);
  g_clear_pointer (&self->relation_widgets, g_hash_table_unref);
  g_clear_pointer (&self->relation_candidates, g_hash_table_unref);

  G_OBJECT_CLASS (newsmark_inspector_parent_class)->finalize (object);
}

static void
newsmark_inspector_class_init (NewsmarkInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = newsmark_inspector_dispose;
  object_class->finalize = newsmark_inspector_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/newsmark/Newsmark/ui/newsmark-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, empty_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, span_page);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, text_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, origin_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, position_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, attributes_heading);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, attributes_grid);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, relations_heading);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, relations_grid);
  gtk_widget_class_bind_template_child (widget_class, NewsmarkInspector, note_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_label_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_note_commit);
}

static void
newsmark_inspector_init (NewsmarkInspector *self)
{
  GtkEventController *focus;

  self->attribute_widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->relation_widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->relation_candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;
  /* Empty until a span is set. */
  gtk_widget_set_visible (self->empty_label, FALSE);
  show_empty (self, TRUE);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_note_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->note_entry), focus);
}
