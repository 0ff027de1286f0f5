/* newsmark-wrap-layout.c — children side by side, wrapped onto more rows
 *
 * Lays children out left to right at their natural widths, like a
 * horizontal box, and starts a new row where the next one does not fit; the
 * children of a row that expand horizontally share what is left of it. The
 * widget is as narrow as its widest child allows and as tall as the rows
 * its width needs. (GtkFlowBox lines its children up in columns, which
 * spreads a row of buttons of different widths over the whole width, and
 * GTK 4.8 has no wrapping box.)
 */
#include "config.h"

#include "newsmark-wrap-layout.h"

struct _NewsmarkWrapLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
  int              row_spacing;
};

G_DEFINE_FINAL_TYPE (NewsmarkWrapLayout, newsmark_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_SPACING,
  PROP_ROW_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  GtkWidget *child;
  int        x;
  int        width;
  gboolean   expand;
} Cell;

/* Places the cells of one row, the expanding ones sharing @spare. */
static void
allocate_row (GArray *row,
              int     y,
              int     height,
              int     spare)
{
  guint expanding = 0;
  int shift = 0;

  for (guint i = 0; i < row->len; i++)
    if (g_array_index (row, Cell, i).expand)
      expanding++;

  for (guint i = 0; i < row->len; i++)
    {
      const Cell *cell = &g_array_index (row, Cell, i);
      int width = cell->width;

      if (cell->expand && spare > 0)
        {
          int share = spare / (int) expanding;

          width += share;
          spare -= share;
          expanding--;
        }
      gtk_widget_size_allocate (cell->child, &(GtkAllocation) { cell->x + shift, y, width, height }, -1);
      shift += width - cell->width;
    }
}

/* Lays @widget's children out @width wide (one row when < 0). With
 * @allocate, gives each child its place; returns the rows' height and, in
 * @minimum_width and @natural_width, the widest child's minimum and the
 * widest row. */
static int
lay_out (NewsmarkWrapLayout *self,
         GtkWidget          *widget,
         int                 width,
         gboolean            allocate,
         int                *minimum_width,
         int                *natural_width)
{
  g_autoptr(GArray) row = g_array_new (FALSE, FALSE, sizeof (Cell));
  int x = 0, y = 0, row_height = 0, widest = 0, widest_min = 0;
  GtkWidget *child = gtk_widget_get_first_child (widget);

  for (;;)
    {
      int child_min = 0, child_nat = 0, child_width = 0, child_height = 0;
      gboolean fits = FALSE;

      while (child != NULL && !gtk_widget_should_layout (child))
        child = gtk_widget_get_next_sibling (child);

      if (child != NULL)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          widest_min = MAX (widest_min, child_min);
          child_width = width >= 0 ? MIN (child_nat, MAX (width, child_min)) : child_nat;
          fits = row->len == 0 || width < 0 || x + self->spacing + child_width <= width;
        }

      /* The row is full, or there are no more children: it is done. */
      if (child == NULL || !fits)
        {
          if (allocate)
            allocate_row (row, y, row_height, width - x);
          if (row->len > 0)
            {
              widest = MAX (widest, x);
              y += row_height;
            }
          if (child == NULL)
            break;
          y += self->row_spacing;
          g_array_set_size (row, 0);
          x = 0;
          row_height = 0;
        }

      if (row->len > 0)
        x += self->spacing;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height, NULL, NULL);
      g_array_append_val (row, ((Cell) { child, x, child_width,
                                         gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL) }));
      x += child_width;
      row_height = MAX (row_height, child_height);
      child = gtk_widget_get_next_sibling (child);
    }

  if (minimum_width != NULL)
    *minimum_width = widest_min;
  if (natural_width != NULL)
    *natural_width = MAX (widest, widest_min);
  return y;
}

static GtkSizeRequestMode
newsmark_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                       GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
newsmark_wrap_layout_measure (GtkLayoutManager *manager,
                              GtkWidget        *widget,
                              GtkOrientation    orientation,
                              int               for_size,
                              int              *minimum,
                              int              *natural,
                              int              *minimum_baseline,
                              int              *natural_baseline)
{
  NewsmarkWrapLayout *self = NEWSMARK_WRAP_LAYOUT (manager);

  /* As narrow as the widest child; naturally, all on one row. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    lay_out (self, widget, -1, FALSE, minimum, natural);
  else
    *minimum = *natural = lay_out (self, widget, for_size, FALSE, NULL, NULL);
}

static void
newsmark_wrap_layout_allocate (GtkLayoutManager *manager,
                               GtkWidget        *widget,
                               int               width,
                               int               height,
                               int               baseline)
{
  lay_out (NEWSMARK_WRAP_LAYOUT (manager), widget, width, TRUE, NULL, NULL);
}

static void
newsmark_wrap_layout_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  NewsmarkWrapLayout *self = NEWSMARK_WRAP_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_wrap_layout_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  NewsmarkWrapLayout *self = NEWSMARK_WRAP_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      newsmark_wrap_layout_set_spacing (self, g_value_get_int (value));
      break;
    case PROP_ROW_SPACING:
      newsmark_wrap_layout_set_row_spacing (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
newsmark_wrap_layout_class_init (NewsmarkWrapLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = newsmark_wrap_layout_get_property;
  object_class->set_property = newsmark_wrap_layout_set_property;

  layout_class->get_request_mode = newsmark_wrap_layout_get_request_mode;
  layout_class->measure = newsmark_wrap_layout_measure;
  layout_class->allocate = newsmark_wrap_layout_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT16, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT16, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
newsmark_wrap_layout_init (NewsmarkWrapLayout *self)
{
}

GtkLayoutManager *
newsmark_wrap_layout_new (void)
{
  return g_object_new (NEWSMARK_TYPE_WRAP_LAYOUT, NULL);
}

int
newsmark_wrap_layout_get_spacing (NewsmarkWrapLayout *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WRAP_LAYOUT (self), 0);

  return self->spacing;
}

void
newsmark_wrap_layout_set_spacing (NewsmarkWrapLayout *self,
                                  int                 spacing)
{
  g_return_if_fail (NEWSMARK_IS_WRAP_LAYOUT (self));
  g_return_if_fail (spacing >= 0);

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

int
newsmark_wrap_layout_get_row_spacing (NewsmarkWrapLayout *self)
{
  g_return_val_if_fail (NEWSMARK_IS_WRAP_LAYOUT (self), 0);

  return self->row_spacing;
}

void
newsmark_wrap_layout_set_row_spacing (NewsmarkWrapLayout *self,
                                      int                 row_spacing)
{
  g_return_if_fail (NEWSMARK_IS_WRAP_LAYOUT (self));
  g_return_if_fail (row_spacing >= 0);

  if (self->row_spacing == row_spacing)
    return;
  self->row_spacing = row_spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_SPACING]);
}
