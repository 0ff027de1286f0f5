/* newsmark-types.h — shared enums, errors and small boxed types of the core
 *
 * The core is deliberately GTK-free: it depends on GLib, GIO and json-c only,
 * so that the CLI, tests and batch tools never pull in a display stack.
 */
#pragma once

#if defined(GTK_MAJOR_VERSION) || defined(__GTK_H__) || defined(GDK_MAJOR_VERSION)
# error "The Newsmark core must not be built with GTK: keep app/core GTK-free."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define NEWSMARK_FORMAT_NAME    "newsmark-annotations"
#define NEWSMARK_FORMAT_VERSION 1

#define NEWSMARK_ERROR (newsmark_error_quark ())
GQuark newsmark_error_quark (void);

typedef enum {
  NEWSMARK_ERROR_FAILED,      /* generic */
  NEWSMARK_ERROR_IO,          /* reading or writing a file failed */
  NEWSMARK_ERROR_SYNTAX,      /* JSON (or other format) syntax error, has line:column */
  NEWSMARK_ERROR_INVALID,     /* well-formed but breaks a rule (see problems) */
  NEWSMARK_ERROR_ENCODING,    /* text is not valid UTF-8 / cannot convert */
  NEWSMARK_ERROR_FORMAT,      /* not our format, or wrong kind of file */
  NEWSMARK_ERROR_VERSION,     /* written by a newer Newsmark */
  NEWSMARK_ERROR_RANGE,       /* an offset outside the document or reversed */
  NEWSMARK_ERROR_NOT_FOUND,   /* unknown label, span, relation type … */
  NEWSMARK_ERROR_CONFLICT,    /* duplicate id, wrong relation ends … */
} NewsmarkError;

typedef enum {
  NEWSMARK_STATUS_ACCEPTED,
  NEWSMARK_STATUS_SUGGESTED,
  NEWSMARK_STATUS_REJECTED,
} NewsmarkStatus;

typedef enum {
  NEWSMARK_CATEGORY_ENTITY,
  NEWSMARK_CATEGORY_QUOTE,
  NEWSMARK_CATEGORY_CLAIM,
} NewsmarkCategory;

typedef enum {
  NEWSMARK_ATTRIBUTE_ENUM,    /* GVariant type "s", one of the values */
  NEWSMARK_ATTRIBUTE_BOOLEAN, /* GVariant type "b" */
  NEWSMARK_ATTRIBUTE_TEXT,    /* GVariant type "s" */
  NEWSMARK_ATTRIBUTE_NUMBER,  /* GVariant type "d", inside [min, max] */
} NewsmarkAttributeKind;

typedef enum {
  NEWSMARK_ORIGIN_HUMAN,
  NEWSMARK_ORIGIN_MODEL,
} NewsmarkOriginKind;

/* GEnum types, for properties and GtkExpression bindings. */
#define NEWSMARK_TYPE_STATUS   (newsmark_status_get_type ())
#define NEWSMARK_TYPE_CATEGORY (newsmark_category_get_type ())
GType           newsmark_status_get_type    (void) G_GNUC_CONST;
GType           newsmark_category_get_type  (void) G_GNUC_CONST;

const char     *newsmark_status_to_string   (NewsmarkStatus status);
gboolean        newsmark_status_from_string (const char     *str,
                                             NewsmarkStatus *status);
const char     *newsmark_category_to_string (NewsmarkCategory category);
gboolean        newsmark_category_from_string (const char       *str,
                                               NewsmarkCategory *category);
const char     *newsmark_attribute_kind_to_string (NewsmarkAttributeKind kind);
gboolean        newsmark_attribute_kind_from_string (const char            *str,
                                                     NewsmarkAttributeKind *kind);

/* Where a span came from. Boxed, copied by value semantics. */
typedef struct {
  NewsmarkOriginKind kind;
  char     *annotator;  /* human: who made it (may be NULL) */
  char     *name;       /* model: model name */
  char     *version;    /* model: model version (may be NULL) */
  double    score;      /* model: confidence, valid when has_score */
  gboolean  has_score;
} NewsmarkOrigin;

#define NEWSMARK_TYPE_ORIGIN (newsmark_origin_get_type ())
GType           newsmark_origin_get_type   (void) G_GNUC_CONST;
NewsmarkOrigin *newsmark_origin_new_human  (const char           *annotator);
NewsmarkOrigin *newsmark_origin_new_model  (const char           *name,
                                            const char           *version,
                                            gboolean              has_score,
                                            double                score);
NewsmarkOrigin *newsmark_origin_copy       (const NewsmarkOrigin *origin);
void            newsmark_origin_free       (NewsmarkOrigin       *origin);
gboolean        newsmark_origin_equal      (const NewsmarkOrigin *a,
                                            const NewsmarkOrigin *b);
/* "human:alice" or "model:spacy-news 3.7 (0.93)" — for lists and logs. */
char           *newsmark_origin_to_display (const NewsmarkOrigin *origin);

/* One problem found while loading, validating, importing or exporting.
 * Problems are collected (never silently dropped) and reported together. */
typedef enum {
  NEWSMARK_SEVERITY_ERROR,    /* the file is not accepted */
  NEWSMARK_SEVERITY_WARNING,  /* accepted, but the user must know (re-anchored, flagged, dropped on export) */
  NEWSMARK_SEVERITY_INFO,
} NewsmarkSeverity;

typedef struct {
  NewsmarkSeverity severity;
  char *file;       /* may be NULL */
  char *json_path;  /* "spans[12].end", may be NULL */
  int   line;       /* 1-based, 0 when unknown */
  int   column;     /* 1-based, 0 when unknown */
  char *message;    /* what is wrong and what was expected */
} NewsmarkProblem;

#define NEWSMARK_TYPE_PROBLEM (newsmark_problem_get_type ())
GType            newsmark_problem_get_type (void) G_GNUC_CONST;
NewsmarkProblem *newsmark_problem_new      (NewsmarkSeverity       severity,
                                            const char            *file,
                                            const char            *json_path,
                                            int                    line,
                                            int                    column,
                                            const char            *format,
                                            ...) G_GNUC_PRINTF (6, 7);
NewsmarkProblem *newsmark_problem_copy     (const NewsmarkProblem *problem);
void             newsmark_problem_free     (NewsmarkProblem       *problem);
/* "FILE:LINE:COL: error: spans[12].end: 812 is past the end of the text (length 640)" */
char            *newsmark_problem_to_string (const NewsmarkProblem *problem);
/* A GPtrArray that owns NewsmarkProblem elements. */
GPtrArray       *newsmark_problems_new     (void);
guint            newsmark_problems_count_errors (GPtrArray *problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkOrigin, newsmark_origin_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewsmarkProblem, newsmark_problem_free)

G_END_DECLS
