/* newsmark-corpus-split.c — train/dev/test splits by article */
#include "config.h"

#include <math.h>
#include <string.h>

#include "newsmark/newsmark-corpus-split.h"

/* Fractions are read from text: "0.8,0.1,0.1" adds up to 1 only roughly. */
#define SUM_TOLERANCE 1e-6

struct _NewsmarkSplit
{
  GStrv   names;
  double *fractions;
  guint   n;
};

G_DEFINE_BOXED_TYPE (NewsmarkSplit, newsmark_split, newsmark_split_ref, newsmark_split_unref)

static gboolean
is_part_name (const char *name)
{
  if (name[0] == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return FALSE;
    }
  return TRUE;
}

NewsmarkSplit *
newsmark_split_new_parse (const char  *spec,
                          GError     **error)
{
  g_auto(GStrv) items = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  NewsmarkSplit *self;
  double sum = 0.0;

  g_return_val_if_fail (spec != NULL, NULL);

  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *eq;
      char *end = NULL;
      double fraction;

      g_strstrip (items[i]);
      eq = strchr (items[i], '=');
      if (eq == NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "“%s”: expected NAME=FRACTION (train=0.8,dev=0.1,test=0.1)", items[i]);
          return NULL;
        }
      *eq = '\0';
      g_strstrip (items[i]);
      if (!is_part_name (items[i]))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID,
                       "“%s”: a part is named with ASCII letters, digits, '_' and '-' (it names files)",
                       items[i]);
          return NULL;
        }
      if (g_hash_table_contains (seen, items[i]))
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_CONFLICT, "“%s” is given twice", items[i]);
          return NULL;
        }
      fraction = g_ascii_strtod (eq + 1, &end);
      while (end != NULL && g_ascii_isspace (*end))
        end++;
      if (end == eq + 1 || end == NULL || *end != '\0' || !isfinite (fraction) || fraction <= 0.0 || fraction > 1.0)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                       "%s=%s: expected a fraction above 0 and at most 1", items[i], eq + 1);
          return NULL;
        }
      g_hash_table_add (seen, items[i]);
      g_strv_builder_add (names, items[i]);
      g_array_append_val (fractions, fraction);
      sum += fraction;
    }
  if (fabs (sum - 1.0) > SUM_TOLERANCE)
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_RANGE,
                   "“%s”: the fractions add up to %g, not 1", spec, sum);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (NewsmarkSplit);
  self->names = g_strv_builder_end (names);
  self->n = fractions->len;
  self->fractions = (double *) (gpointer) g_array_free (g_steal_pointer (&fractions), FALSE);
  return self;
}

static void
split_clear (gpointer data)
{
  NewsmarkSplit *self = data;

  g_strfreev (self->names);
  g_free (self->fractions);
}

NewsmarkSplit *
newsmark_split_ref (NewsmarkSplit *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
newsmark_split_unref (NewsmarkSplit *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, split_clear);
}

guint
newsmark_split_get_n_parts (NewsmarkSplit *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n;
}

const char *
newsmark_split_get_name (NewsmarkSplit *self,
                         guint          part)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (part < self->n, NULL);
  return self->names[part];
}

double
newsmark_split_get_fraction (NewsmarkSplit *self,
                             guint          part)
{
  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (part < self->n, 0.0);
  return self->fractions[part];
}

guint
newsmark_split_assign (NewsmarkSplit *self,
                       guint64        seed,
                       const char    *path,
                       const char    *text,
                       gsize          len)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 seed_bytes[8];
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  guint64 value = 0;
  double u, cumulative = 0.0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (text != NULL || len == 0, 0);

  /* Fixed byte order: the same split on every machine. */
  for (guint i = 0; i < 8; i++)
    seed_bytes[i] = (guint8) (seed >> (56 - 8 * i));
  g_checksum_update (checksum, (const guchar *) "newsmark-split", 15);
  g_checksum_update (checksum, seed_bytes, sizeof seed_bytes);
  g_checksum_update (checksum, (const guchar *) path, (gssize) strlen (path) + 1);
  if (len > 0)
    g_checksum_update (checksum, (const guchar *) text, (gssize) len);
  g_checksum_get_digest (checksum, digest, &digest_len);

  for (guint i = 0; i < 8; i++)
    value = (value << 8) | digest[i];
  /* 53 bits: exactly representable, uniform in [0, 1). */
  u = (double) (value >> 11) / 9007199254740992.0;

  for (guint part = 0; part + 1 < self->n; part++)
    {
      cumulative += self->fractions[part];
      if (u < cumulative)
        return part;
    }
  return self->n - 1;
}
