/* newsmark-types.c — shared enums, errors and small boxed types of the core */

#include "config.h"

#include <string.h>

#include "newsmark/newsmark-types.h"

G_DEFINE_QUARK (newsmark-error-quark, newsmark_error)

/* ---- Enum ⇄ string ------------------------------------------------------- */

typedef struct {
  int         value;
  const char *name;
} EnumName;

static const EnumName status_names[] = {
  { NEWSMARK_STATUS_ACCEPTED,  "accepted" },
  { NEWSMARK_STATUS_SUGGESTED, "suggested" },
  { NEWSMARK_STATUS_REJECTED,  "rejected" },
};

static const EnumName category_names[] = {
  { NEWSMARK_CATEGORY_ENTITY, "entity" },
  { NEWSMARK_CATEGORY_QUOTE,  "quote" },
  { NEWSMARK_CATEGORY_CLAIM,  "claim" },
};

static const EnumName attribute_kind_names[] = {
  { NEWSMARK_ATTRIBUTE_ENUM,    "enum" },
  { NEWSMARK_ATTRIBUTE_BOOLEAN, "boolean" },
  { NEWSMARK_ATTRIBUTE_TEXT,    "text" },
  { NEWSMARK_ATTRIBUTE_NUMBER,  "number" },
};

static const char *
enum_to_string (const EnumName *names,
                gsize           n_names,
                int             value)
{
  for (gsize i = 0; i < n_names; i++)
    if (names[i].value == value)
      return names[i].name;
  return NULL;
}

/* Exact, case-sensitive match: the file format spells these in lower case
 * and a differently spelled value is an error, not something to guess. */
static gboolean
enum_from_string (const EnumName *names,
                  gsize           n_names,
                  const char     *str,
                  int            *value)
{
  if (str == NULL)
    return FALSE;
  for (gsize i = 0; i < n_names; i++)
    if (strcmp (names[i].name, str) == 0)
      {
        *value = names[i].value;
        return TRUE;
      }
  return FALSE;
}

const char *
newsmark_status_to_string (NewsmarkStatus status)
{
  return enum_to_string (status_names, G_N_ELEMENTS (status_names), status);
}

gboolean
newsmark_status_from_string (const char     *str,
                             NewsmarkStatus *status)
{
  int v;

  if (!enum_from_string (status_names, G_N_ELEMENTS (status_names), str, &v))
    return FALSE;
  if (status)
    *status = (NewsmarkStatus) v;
  return TRUE;
}

const char *
newsmark_category_to_string (NewsmarkCategory category)
{
  return enum_to_string (category_names, G_N_ELEMENTS (category_names), category);
}

gboolean
newsmark_category_from_string (const char       *str,
                               NewsmarkCategory *category)
{
  int v;

  if (!enum_from_string (category_names, G_N_ELEMENTS (category_names), str, &v))
    return FALSE;
  if (category)
    *category = (NewsmarkCategory) v;
  return TRUE;
}

const char *
newsmark_attribute_kind_to_string (NewsmarkAttributeKind kind)
{
  return enum_to_string (attribute_kind_names, G_N_ELEMENTS (attribute_kind_names), kind);
}

gboolean
newsmark_attribute_kind_from_string (const char            *str,
                                     NewsmarkAttributeKind *kind)
{
  int v;

  if (!enum_from_string (attribute_kind_names, G_N_ELEMENTS (attribute_kind_names), str, &v))
    return FALSE;
  if (kind)
    *kind = (NewsmarkAttributeKind) v;
  return TRUE;
}

GType
newsmark_status_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { NEWSMARK_STATUS_ACCEPTED,  "NEWSMARK_STATUS_ACCEPTED",  "accepted" },
        { NEWSMARK_STATUS_SUGGESTED, "NEWSMARK_STATUS_SUGGESTED", "suggested" },
        { NEWSMARK_STATUS_REJECTED,  "NEWSMARK_STATUS_REJECTED",  "rejected" },
        { 0, NULL, NULL },
      };
      GType t = g_enum_register_static (g_intern_static_string ("NewsmarkStatus"), values);
      g_once_init_leave (&type_id, t);
    }
  return type_id;
}

GType
newsmark_category_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { NEWSMARK_CATEGORY_ENTITY, "NEWSMARK_CATEGORY_ENTITY", "entity" },
        { NEWSMARK_CATEGORY_QUOTE,  "NEWSMARK_CATEGORY_QUOTE",  "quote" },
        { NEWSMARK_CATEGORY_CLAIM,  "NEWSMARK_CATEGORY_CLAIM",  "claim" },
        { 0, NULL, NULL },
      };
      GType t = g_enum_register_static (g_intern_static_string ("NewsmarkCategory"), values);
      g_once_init_leave (&type_id, t);
    }
  return type_id;
}

/* ---- NewsmarkOrigin -------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (NewsmarkOrigin, newsmark_origin,
                     newsmark_origin_copy, newsmark_origin_free)

NewsmarkOrigin *
newsmark_origin_new_human (const char *annotator)
{
  NewsmarkOrigin *origin = g_new0 (NewsmarkOrigin, 1);

  origin->kind = NEWSMARK_ORIGIN_HUMAN;
  origin->annotator = g_strdup (annotator);
  return origin;
}

NewsmarkOrigin *
newsmark_origin_new_model (const char *name,
                           const char *version,
                           gboolean    has_score,
                           double      score)
{
  NewsmarkOrigin *origin = g_new0 (NewsmarkOrigin, 1);

  origin->kind = NEWSMARK_ORIGIN_MODEL;
  origin->name = g_strdup (name);
  origin->version = g_strdup (version);
  origin->has_score = !!has_score;
  origin->score = has_score ? score : 0.0;
  return origin;
}

NewsmarkOrigin *
newsmark_origin_copy (const NewsmarkOrigin *origin)
{
  NewsmarkOrigin *copy;

  if (origin == NULL)
    return NULL;

  copy = g_new0 (NewsmarkOrigin, 1);
  copy->kind = origin->kind;
  copy->annotator = g_strdup (origin->annotator);
  copy->name = g_strdup (origin->name);
  copy->version = g_strdup (origin->version);
  copy->score = origin->score;
  copy->has_score = origin->has_score;
  return copy;
}

void
newsmark_origin_free (NewsmarkOrigin *origin)
{
  if (origin == NULL)
    return;
  g_free (origin->annotator);
  g_free (origin->name);
  g_free (origin->version);
  g_free (origin);
}

gboolean
newsmark_origin_equal (const NewsmarkOrigin *a,
                       const NewsmarkOrigin *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->kind != b->kind || !a->has_score != !b->has_score)
    return FALSE;
  if (a->has_score && a->score != b->score)
    return FALSE;
  return g_strcmp0 (a->annotator, b->annotator) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->version, b->version) == 0;
}

char *
newsmark_origin_to_display (const NewsmarkOrigin *origin)
{
  GString *str;

  if (origin == NULL)
    return g_strdup ("unknown");

  switch (origin->kind)
    {
    case NEWSMARK_ORIGIN_HUMAN:
      return g_strdup_printf ("human:%s", origin->annotator ? origin->annotator : "anonymous");

    case NEWSMARK_ORIGIN_MODEL:
      str = g_string_new ("model:");
      g_string_append (str, origin->name ? origin->name : "unnamed");
      if (origin->version && *origin->version)
        g_string_append_printf (str, " %s", origin->version);
      if (origin->has_score)
        g_string_append_printf (str, " (%.2f)", origin->score);
      return g_string_free (str, FALSE);

    default:
      return g_strdup ("unknown");
    }
}

/* ---- NewsmarkProblem -------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (NewsmarkProblem, newsmark_problem,
                     newsmark_problem_copy, newsmark_problem_free)

NewsmarkProblem *
newsmark_problem_new (NewsmarkSeverity  severity,
                      const char       *file,
                      const char       *json_path,
                      int               line,
                      int               column,
                      const char       *format,
                      ...)
{
  NewsmarkProblem *problem;
  va_list args;

  g_return_val_if_fail (format != NULL, NULL);

  problem = g_new0 (NewsmarkProblem, 1);
  problem->severity = severity;
  problem->file = g_strdup (file);
  problem->json_path = g_strdup (json_path);
  problem->line = MAX (line, 0);
  problem->column = MAX (column, 0);

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  return problem;
}

NewsmarkProblem *
newsmark_problem_copy (const NewsmarkProblem *problem)
{
  NewsmarkProblem *copy;

  if (problem == NULL)
    return NULL;

  copy = g_new0 (NewsmarkProblem, 1);
  copy->severity = problem->severity;
  copy->file = g_strdup (problem->file);
  copy->json_path = g_strdup (problem->json_path);
  copy->line = problem->line;
  copy->column = problem->column;
  copy->message = g_strdup (problem->message);
  return copy;
}

void
newsmark_problem_free (NewsmarkProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->json_path);
  g_free (problem->message);
  g_free (problem);
}

static const char *
severity_to_string (NewsmarkSeverity severity)
{
  switch (severity)
    {
    case NEWSMARK_SEVERITY_ERROR:   return "error";
    case NEWSMARK_SEVERITY_WARNING: return "warning";
    case NEWSMARK_SEVERITY_INFO:    return "info";
    default:                        return "error";
    }
}

/* The compiler-style "FILE:LINE:COL: error: PATH: message" that editors and
 * terminals recognise; parts that are unknown are left out rather than
 * printed as zeros. */
char *
newsmark_problem_to_string (const NewsmarkProblem *problem)
{
  GString *str;

  g_return_val_if_fail (problem != NULL, NULL);

  str = g_string_new (NULL);
  if (problem->file && *problem->file)
    g_string_append_printf (str, "%s:", problem->file);
  if (problem->line > 0)
    {
      g_string_append_printf (str, "%d:", problem->line);
      if (problem->column > 0)
        g_string_append_printf (str, "%d:", problem->column);
    }
  if (str->len > 0)
    g_string_append_c (str, ' ');
  g_string_append_printf (str, "%s: ", severity_to_string (problem->severity));
  if (problem->json_path && *problem->json_path)
    g_string_append_printf (str, "%s: ", problem->json_path);
  g_string_append (str, problem->message ? problem->message : "");

  return g_string_free (str, FALSE);
}

GPtrArray *
newsmark_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) newsmark_problem_free);
}

guint
newsmark_problems_count_errors (GPtrArray *problems)
{
  guint n = 0;

  if (problems == NULL)
    return 0;
  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);
      if (p->severity == NEWSMARK_SEVERITY_ERROR)
        n++;
    }
  return n;
}
