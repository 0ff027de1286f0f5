/* newsmark-format-brat.c — brat standoff (.txt + .ann, annotation.conf)
 *
 * brat counts offsets in code points, as Newsmark does. Spans (T) may be
 * discontinuous ("0 5;16 23"); relations (R) are binary; attributes (A, or
 * the older M) are binary or take one value; notes are "#" AnnotatorNotes
 * lines; normalizations (N) link a span to a database entry. Events (E) and
 * equivalences (*) have no Newsmark counterpart: an event becomes its
 * trigger span plus one relation per argument (typed by the role), an
 * equivalence becomes relations from its first member to the others, and
 * each document's report says so.
 */

#include "config.h"

#include <string.h>

#include "newsmark-format-private.h"
#include "newsmark-number-private.h"

#define NORMALIZATION_ATTRIBUTE "normalization"

/* ---- annotation.conf ------------------------------------------------------ */

static char *
strip_comment (const char *line)
{
  const char *hash = strchr (line, '#');
  char *copy = hash != NULL ? g_strndup (line, hash - line) : g_strdup (line);

  return g_strstrip (copy);
}

/* Expanding a type list ("Person|<POG>") through the macros. A macro that
 * names itself, directly or through others, never ends, and macros that
 * each name the next twice double at every step: the chain of macros being
 * expanded catches the first, a budget of the file's own size the second. */
typedef struct {
  GHashTable *macros;
  GPtrArray  *entities;
  GPtrArray  *events;
  GPtrArray  *chain;    /* macro names being expanded, borrowed */
  gsize       budget;   /* parts that may still be visited */
  char       *problem;  /* set when the expansion was refused */
} Expansion;

static gboolean
expand_into (Expansion  *x,
             const char *spec,
             GPtrArray  *out)
{
  g_auto(GStrv) parts = g_strsplit (spec, "|", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      const char *macro = g_hash_table_lookup (x->macros, part);

      if (x->budget-- == 0)
        {
          x->problem = g_strdup_printf ("the macros expand to more types than the file holds "
                                        "(at %s)", part);
          return FALSE;
        }
      if (macro != NULL)
        {
          gboolean ok;

          for (guint j = 0; j < x->chain->len; j++)
            if (g_str_equal (g_ptr_array_index (x->chain, j), part))
              {
                x->problem = g_strdup_printf ("macro %s refers to itself%s%s", part,
                                              j + 1 < x->chain->len ? " through " : "",
                                              j + 1 < x->chain->len ? (char *) g_ptr_array_index (x->chain, j + 1) : "");
                return FALSE;
              }
          g_ptr_array_add (x->chain, (gpointer) part);
          ok = expand_into (x, macro, out);
          g_ptr_array_remove_index (x->chain, x->chain->len - 1);
          if (!ok)
            return FALSE;
        }
      else if (g_str_equal (part, "<ENTITY>") || g_str_equal (part, "<EVENT>"))
        {
          GPtrArray *from = g_str_equal (part, "<ENTITY>") ? x->entities : x->events;

          for (guint j = 0; j < from->len; j++)
            g_ptr_array_add (out, g_strdup (g_ptr_array_index (from, j)));
        }
      else if (*part != '\0' && *part != '<')
        g_ptr_array_add (out, g_strdup (part));
    }

  return TRUE;
}

/* The types @spec names, or NULL with an error naming @line. */
static GPtrArray *
expand_types (const char *spec,
              GHashTable *macros,
              GPtrArray  *entities,
              GPtrArray  *events,
              gsize       budget,
              const char *filename,
              guint       line,
              GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  Expansion x = { macros, entities, events, chain, budget, NULL };

  if (!expand_into (&x, spec, out))
    {
      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX, "%s:%u: %s", filename, line, x.problem);
      g_free (x.problem);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
_newsmark_brat_parse_conf (NewsmarkImport *imp,
                           const char     *data,
                           gsize           len,
                           const char     *filename,
                           GError        **error)
{
  g_auto(GStrv) lines = newsmark_format_split_lines (data, len);
  g_autoptr(GHashTable) macros = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) attribute_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) relation_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *section = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = strip_comment (lines[i]);
      guint lineno = i + 1;
      char *eq;

      if (*line == '\0')
        continue;
      if (line[0] == '[')
        {
          /* Old brat versions called the entities section [spans]. */
          if (g_str_equal (line, "[entities]") || g_str_equal (line, "[spans]"))
            section = "entities";
          else if (g_str_equal (line, "[relations]"))
            section = "relations";
          else if (g_str_equal (line, "[events]"))
            section = "events";
          else if (g_str_equal (line, "[attributes]"))
            section = "attributes";
          else
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                           "%s:%u: unknown section %s (expected [entities], [relations], "
                           "[events] or [attributes])", filename, i + 1, line);
              return FALSE;
            }
          continue;
        }
      if (section == NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                       "%s:%u: a definition before any [section]: is this an annotation.conf?",
                       filename, i + 1);
          return FALSE;
        }
      if (line[0] == '<' && (eq = strstr (line, ">=")) != NULL)
        {
          g_hash_table_replace (macros, g_strndup (line, eq + 1 - line), g_strdup (eq + 2));
          continue;
        }
      if (g_str_equal (section, "entities") || g_str_equal (section, "events"))
        {
          char *end = line + strcspn (line, " \t");

          *end = '\0';
          if (line[0] == '!' || line[0] == '<')
            continue;  /* hierarchy only, or a special declaration */
          g_ptr_array_add (g_str_equal (section, "entities") ? entities : events, g_strdup (line));
        }
      else if (g_str_equal (section, "attributes"))
        {
          g_ptr_array_add (attributes, g_strdup (line));
          g_array_append_val (attribute_lines, lineno);
        }
      else if (g_str_equal (section, "relations") && line[0] != '<')
        {
          g_ptr_array_add (relations, g_strdup (line));
          g_array_append_val (relation_lines, lineno);
        }

      /* An event's arguments become relation types from the event's
       * trigger label to the argument's labels, named by role. */
      if (g_str_equal (section, "events"))
        {
          g_autofree char *full = strip_comment (lines[i]);
          char *args = full + strcspn (full, " \t");

          if (full[0] != '!' && full[0] != '<' && *args != '\0')
            {
              g_autofree char *type = g_strndup (full, args - full);

              g_ptr_array_add (relations, g_strdup_printf ("%s\x01%s", type, args));
              g_array_append_val (relation_lines, lineno);
            }
        }
    }

  for (guint i = 0; i < entities->len; i++)
    newsmark_import_declare_label (imp, g_ptr_array_index (entities, i), NULL);
  for (guint i = 0; i < events->len; i++)
    newsmark_import_declare_label (imp, g_ptr_array_index (events, i), NULL);

  for (guint i = 0; i < attributes->len; i++)
    {
      const char *line = g_ptr_array_index (attributes, i);
      guint lineno = g_array_index (attribute_lines, guint, i);
      g_autofree char *name = g_strndup (line, strcspn (line, " \t"));
      const char *rest = line + strlen (name);
      g_auto(GStrv) keys = g_strsplit (rest, ",", -1);
      g_autoptr(GPtrArray) targets = NULL;
      g_auto(GStrv) values = NULL;

      for (guint k = 0; keys[k] != NULL; k++)
        {
          const char *kv = g_strstrip (keys[k]);

          if (g_str_has_prefix (kv, "Arg:"))
            {
              g_clear_pointer (&targets, g_ptr_array_unref);
              targets = expand_types (kv + 4, macros, entities, events, len, filename, lineno, error);
              if (targets == NULL)
                return FALSE;
            }
          else if (g_str_has_prefix (kv, "Value:"))
            {
              g_strfreev (values);
              values = g_strsplit (kv + 6, "|", -1);
              /* "Value:" alone splits into nothing, "A||B" has an empty one. */
              for (guint v = 0; values[v] != NULL; v++)
                g_strstrip (values[v]);
              if (values[0] == NULL || g_strv_contains ((const char * const *) values, ""))
                {
                  g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                               "%s:%u: attribute %s: an empty value in “%s” (expected "
                               "Value:V1|V2…)", filename, lineno, name, kv);
                  return FALSE;
                }
            }
        }
      if (targets == NULL)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                       "%s:%u: attribute %s: no “Arg:” (expected “NAME Arg:TYPE” or “NAME Arg:TYPE, "
                       "Value:V1|V2…”)", filename, lineno, name);
          return FALSE;
        }
      for (guint t = 0; t < targets->len; t++)
        {
          NewsmarkImportLabel *label = newsmark_import_declare_label (imp, g_ptr_array_index (targets, t), NULL);

          if (values != NULL)
            {
              newsmark_import_label_declare_attr (label, name, NEWSMARK_ATTRIBUTE_ENUM,
                                                  (const char * const *) values);
            }
          else
            newsmark_import_label_declare_attr (label, name, NEWSMARK_ATTRIBUTE_BOOLEAN, NULL);
        }
    }

  /* "Located Arg1:Person, Arg2:GPE" and, for events, "Merge-org
   * Org-Arg+:Organization" (from the event's trigger label). */
  for (guint i = 0; i < relations->len; i++)
    {
      const char *line = g_ptr_array_index (relations, i);
      guint lineno = g_array_index (relation_lines, guint, i);
      const char *event_mark = strchr (line, '\x01');
      g_autofree char *name = NULL;
      g_auto(GStrv) args = NULL;
      g_autoptr(GPtrArray) event_from = NULL;
      gboolean declared = FALSE;

      if (event_mark != NULL)
        {
          event_from = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (event_from, g_strndup (line, event_mark - line));
          args = g_strsplit (event_mark + 1, ",", -1);
        }
      else
        {
          name = g_strndup (line, strcspn (line, " \t"));
          args = g_strsplit (line + strlen (name), ",", -1);
        }

      for (guint k = 0; args[k] != NULL; k++)
        {
          char *arg = g_strstrip (args[k]);
          char *colon = strchr (arg, ':');
          g_autofree char *role = NULL;
          g_autoptr(GPtrArray) types = NULL;
          gsize rl;

          if (colon == NULL || arg[0] == '<')
            continue;
          role = g_strndup (arg, colon - arg);
          /* "Org-Arg+", "Place-Arg?", "Person-Arg{2}": the role's name. */
          rl = strcspn (role, "?*+{");
          role[rl] = '\0';
          types = expand_types (colon + 1, macros, entities, events, len, filename, lineno, error);
          if (types == NULL)
            return FALSE;
          if (event_from != NULL)
            newsmark_import_declare_relation (imp, role, event_from, types);
          else if (k == 0)
            {
              g_autoptr(GPtrArray) to = NULL;
              char *next = args[k + 1] != NULL ? strchr (args[k + 1], ':') : NULL;

              if (next == NULL)
                break;
              to = expand_types (next + 1, macros, entities, events, len, filename, lineno, error);
              if (to == NULL)
                return FALSE;
              newsmark_import_declare_relation (imp, name, types, to);
              declared = TRUE;
              break;
            }
        }
      if (event_from == NULL && !declared)
        {
          g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                       "%s:%u: relation %s: expected “NAME Arg1:TYPE, Arg2:TYPE”, found “%s”",
                       filename, lineno, name, line);
          return FALSE;
        }
    }

  imp->has_config = TRUE;
  g_free (imp->config_file);
  imp->config_file = g_strdup (filename);

  return TRUE;
}

/* ---- .ann ------------------------------------------------------------------- */

typedef struct {
  char *id;
  char *trigger;
  char *type;
  char **args;  /* "Role:Id" */
  int   line;
} BratEvent;

static void
brat_event_free (gpointer data)
{
  BratEvent *ev = data;

  g_free (ev->id);
  g_free (ev->trigger);
  g_free (ev->type);
  g_strfreev (ev->args);
  g_free (ev);
}

/* Event ids stand for their trigger spans. */
static const char *
resolve_target (GHashTable *event_triggers,
                const char *id)
{
  const char *trigger = g_hash_table_lookup (event_triggers, id);

  return trigger != NULL ? trigger : id;
}

/* Reports a malformed line and goes on with the next one (a plain block,
 * not do-while: it jumps out of the switch and the line's scope). */
#define SYNTAX_ERROR(...) {                                                \
    g_autofree char *msg_ = g_strdup_printf (__VA_ARGS__);                \
    newsmark_import_error (imp, filename, (int) lineno, NULL, "%s", msg_); \
    doc->failed = TRUE;                                                    \
    goto next_line;                                                        \
  }

gboolean
_newsmark_brat_parse (NewsmarkImport *imp,
                      const char     *ann,
                      gsize           ann_len,
                      const char     *text,
                      gsize           text_len,
                      const char     *name,
                      const char     *filename,
                      GError        **error)
{
  g_auto(GStrv) lines = newsmark_format_split_lines (ann, ann_len);
  g_autoptr(GHashTable) spans = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) event_triggers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (brat_event_free);
  g_autoptr(GPtrArray) attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) attr_lines = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GString) report = g_string_new (NULL);
  NewsmarkImportDoc *doc;
  guint n_events = 0, n_equiv = 0, n_event_relations = 0;
  doc = newsmark_import_add_doc (imp, name, filename, text, text_len);

  for (gsize lineno = 1; lines[lineno - 1] != NULL; lineno++)
    {
      const char *line = lines[lineno - 1];
      g_auto(GStrv) fields = NULL;

      if (*line == '\0')
        continue;

      fields = g_strsplit (line, "\t", 3);

      /* An id names one annotation of the file ("*" lines have none). */
      if (line[0] != '*')
        {
          gpointer first;

          if (g_hash_table_lookup_extended (ids, fields[0], NULL, &first))
            SYNTAX_ERROR ("id %s is used twice (first on line %d)", fields[0], GPOINTER_TO_INT (first));
          g_hash_table_insert (ids, g_strdup (fields[0]), GINT_TO_POINTER ((int) lineno));
        }

      switch (line[0])
        {
        case 'T':
          {
            g_auto(GStrv) ranges = NULL;
            g_autofree char *problem = NULL;
            char *space;
            g_autofree char *type = NULL;
            NewsmarkImportSpan *span = NULL;

            if (g_strv_length (fields) < 2)
              SYNTAX_ERROR ("expected “T1<TAB>TYPE START END<TAB>TEXT”, found “%s”", line);
            space = strchr (fields[1], ' ');
            if (space == NULL || space == fields[1])
              SYNTAX_ERROR ("%s: expected “TYPE START END”, found “%s”", fields[0], fields[1]);
            type = g_strndup (fields[1], space - fields[1]);
            ranges = g_strsplit (space + 1, ";", -1);
            for (guint r = 0; ranges[r] != NULL; r++)
              {
                g_auto(GStrv) se = g_strsplit (g_strstrip (ranges[r]), " ", -1);
                guint s, e;

                if (g_strv_length (se) != 2 ||
                    !_newsmark_number_parse_uint (se[0], -1, &s, &problem) ||
                    !_newsmark_number_parse_uint (se[1], -1, &e, &problem))
                  break;
                if (span == NULL)
                  span = newsmark_import_doc_add_span (doc, fields[0], type, s, e, (int) lineno);
                else
                  newsmark_import_span_add_fragment (span, s, e);
              }
            if (span == NULL || span->fragments->len != g_strv_length (ranges))
              {
                if (span != NULL)
                  g_ptr_array_remove (doc->spans, span);
                SYNTAX_ERROR ("%s: bad offsets “%s” (expected “START END” or "
                              "“START END;START END”)%s%s", fields[0], space + 1,
                              problem != NULL ? ": " : "", problem != NULL ? problem : "");
              }
            if (fields[2] != NULL)
              span->expected_text = g_strdup (fields[2]);
            g_hash_table_insert (spans, span->src_id, span);
          }
          break;

        case 'R':
          {
            g_auto(GStrv) parts = NULL;
            const char *from, *to;

            if (g_strv_length (fields) < 2)
              SYNTAX_ERROR ("expected “R1<TAB>TYPE Arg1:T1 Arg2:T2”, found “%s”", line);
            parts = g_strsplit (g_strstrip (fields[1]), " ", -1);
            if (g_strv_length (parts) != 3 || strchr (parts[1], ':') == NULL || strchr (parts[2], ':') == NULL)
              SYNTAX_ERROR ("%s: expected “TYPE Arg1:T1 Arg2:T2”, found “%s”", fields[0], fields[1]);
            from = strchr (parts[1], ':') + 1;
            to = strchr (parts[2], ':') + 1;
            if (*from == '\0' || *to == '\0')
              SYNTAX_ERROR ("%s: argument “%s” names no id (expected “TYPE Arg1:T1 Arg2:T2”)",
                            fields[0], *from == '\0' ? parts[1] : parts[2]);
            newsmark_import_doc_add_relation (doc, parts[0], from, to, (int) lineno);
          }
          break;

        case 'E':
          {
            g_auto(GStrv) parts = NULL;
            BratEvent *ev;
            char *colon;

            if (g_strv_length (fields) < 2)
              SYNTAX_ERROR ("expected “E1<TAB>TYPE:T1 ROLE:ID…”, found “%s”", line);
            /* A blank field splits into no parts at all. */
            parts = g_strsplit (g_strstrip (fields[1]), " ", -1);
            if (parts[0] == NULL)
              SYNTAX_ERROR ("%s: expected “TYPE:TRIGGER ROLE:ID…”, found nothing", fields[0]);
            colon = strchr (parts[0], ':');
            if (colon == NULL || colon == parts[0] || colon[1] == '\0')
              SYNTAX_ERROR ("%s: expected “TYPE:TRIGGER”, found “%s”", fields[0], parts[0]);
            for (guint k = 1; parts[k] != NULL; k++)
              {
                const char *arg_colon = strchr (parts[k], ':');

                /* Runs of spaces leave empty parts; they separate nothing. */
                if (*parts[k] != '\0' && (arg_colon == NULL || arg_colon == parts[k] || arg_colon[1] == '\0'))
                  SYNTAX_ERROR ("%s: argument “%s” is not ROLE:ID", fields[0], parts[k]);
              }
            ev = g_new0 (BratEvent, 1);
            ev->id = g_strdup (fields[0]);
            ev->type = g_strndup (parts[0], colon - parts[0]);
            ev->trigger = g_strdup (colon + 1);
            ev->args = g_strdupv (parts + 1);
            ev->line = (int) lineno;
            g_ptr_array_add (events, ev);
            g_hash_table_insert (event_triggers, g_strdup (ev->id), g_strdup (ev->trigger));
          }
          break;

        case 'A':
        case 'M':
          {
            g_auto(GStrv) parts = NULL;
            int l = (int) lineno;

            if (g_strv_length (fields) < 2)
              SYNTAX_ERROR ("expected “A1<TAB>NAME TARGET [VALUE]”, found “%s”", line);
            parts = g_strsplit (g_strstrip (fields[1]), " ", 3);
            if (g_strv_length (parts) < 2 || *parts[0] == '\0' || *parts[1] == '\0')
              SYNTAX_ERROR ("%s: expected “NAME TARGET [VALUE]”, found “%s”", fields[0], fields[1]);
            g_ptr_array_add (attrs, g_steal_pointer (&parts));
            g_array_append_val (attr_lines, l);
          }
          break;

        case '#':
          {
            g_auto(GStrv) parts = NULL;
            int l = (int) lineno;
            char **entry;

            if (g_strv_length (fields) < 2)
              SYNTAX_ERROR ("expected “#1<TAB>AnnotatorNotes T1<TAB>NOTE”, found “%s”", line);
            parts = g_strsplit (g_strstrip (fields[1]), " ", 2);
            if (g_strv_length (parts) != 2)
              SYNTAX_ERROR ("%s: expected “AnnotatorNotes TARGET”, found “%s”", fields[0], fields[1]);
            entry = g_new0 (char *, 4);
            entry[0] = g_strdup ("#");
            entry[1] = g_strdup (parts[1]);
            /* Other note types than AnnotatorNotes ("Lemma") keep their type. */
            if (g_str_equal (parts[0], "AnnotatorNotes"))
              entry[2] = g_strdup (fields[2] != NULL ? fields[2] : "");
            else
              entry[2] = g_strdup_printf ("%s:%s", parts[0], fields[2] != NULL ? fields[2] : "");
            g_ptr_array_add (attrs, entry);
            g_array_append_val (attr_lines, l);
          }
          break;

        case 'N':
          {
            g_auto(GStrv) parts = NULL;
            int l = (int) lineno;
            char **entry;

            if (g_strv_length (fields) < 2)
              SYNTAX_ERROR ("expected “N1<TAB>Reference T1 DB:ID<TAB>TEXT”, found “%s”", line);
            parts = g_strsplit (g_strstrip (fields[1]), " ", 3);
            if (g_strv_length (parts) != 3 || *parts[1] == '\0' || strchr (parts[2], ':') == NULL ||
                parts[2][0] == ':' || g_str_has_suffix (parts[2], ":"))
              SYNTAX_ERROR ("%s: expected “Reference TARGET DB:ID”, found “%s”", fields[0], fields[1]);
            entry = g_new0 (char *, 4);
            entry[0] = g_strdup ("N");
            entry[1] = g_strdup (parts[1]);
            entry[2] = g_strdup (parts[2]);
            g_ptr_array_add (attrs, entry);
            g_array_append_val (attr_lines, l);
          }
          break;

        case '*':
          {
            g_auto(GStrv) parts = NULL;
            guint n;

            if (g_strv_length (fields) < 2)
              SYNTAX_ERROR ("expected “*<TAB>Equiv T1 T2…”, found “%s”", line);
            parts = g_strsplit (g_strstrip (fields[1]), " ", -1);
            n = g_strv_length (parts);
            if (n < 3)
              SYNTAX_ERROR ("expected “*<TAB>TYPE ID ID…”, found “%s”", line);
            for (guint k = 0; k < n; k++)
              if (*parts[k] == '\0')
                SYNTAX_ERROR ("expected “*<TAB>TYPE ID ID…” with single spaces, found “%s”", line);
            for (guint k = 2; k < n; k++)
              newsmark_import_doc_add_relation (doc, parts[0], parts[1], parts[k], (int) lineno);
            n_equiv++;
          }
          break;

        default:
          SYNTAX_ERROR ("not a brat annotation line (expected T, R, E, A, M, N, # or *): “%.40s”", line);
        }
    next_line:
      ;
    }

  /* Events: the trigger span stands for the event; every argument becomes
   * a relation from the trigger, typed by its role (brat numbers repeated
   * roles, "Org-Arg2"; the number only tells them apart). */
  for (guint i = 0; i < events->len; i++)
    {
      BratEvent *ev = g_ptr_array_index (events, i);

      if (!g_hash_table_contains (spans, ev->trigger))
        {
          newsmark_import_error (imp, filename, ev->line, NULL,
                                 "event %s: trigger %s is not a span in this file", ev->id, ev->trigger);
          doc->failed = TRUE;
          continue;
        }
      for (guint a = 0; ev->args[a] != NULL; a++)
        {
          char *colon = strchr (ev->args[a], ':');
          g_autofree char *role = NULL;
          gsize rl;

          /* Each argument was checked to be ROLE:ID when read. */
          if (*ev->args[a] == '\0')
            continue;
          role = g_strndup (ev->args[a], colon - ev->args[a]);
          rl = strlen (role);
          while (rl > 1 && g_ascii_isdigit (role[rl - 1]))
            role[--rl] = '\0';
          newsmark_import_doc_add_relation (doc, role, ev->trigger,
                                            resolve_target (event_triggers, colon + 1), ev->line);
          n_event_relations++;
        }
      n_events++;
      if (report->len > 0)
        g_string_append (report, ", ");
      g_string_append_printf (report, "%s→%s", ev->id, ev->trigger);
    }

  /* Attributes, notes and normalizations, once every span is known. */
  for (guint i = 0; i < attrs->len; i++)
    {
      char **entry = g_ptr_array_index (attrs, i);
      int l = g_array_index (attr_lines, int, i);
      const char *target = resolve_target (event_triggers, entry[1]);
      NewsmarkImportSpan *span = g_hash_table_lookup (spans, target);

      if (span == NULL)
        {
          if (entry[1][0] == 'R' || entry[1][0] == '*')
            newsmark_import_warning (imp, filename, l, NULL,
                                     "%s on relation %s not imported: Newsmark relations carry no "
                                     "notes or attributes",
                                     g_str_equal (entry[0], "#") ? "note" : entry[0], entry[1]);
          else
            {
              newsmark_import_error (imp, filename, l, NULL,
                                     "refers to %s, which is not a span or event in this file", entry[1]);
              doc->failed = TRUE;
            }
          continue;
        }

      if (g_str_equal (entry[0], "#"))
        {
          const char *note = entry[2];

          if (span->note == NULL)
            span->note = g_strdup (note);
          else
            {
              char *joined = g_strconcat (span->note, "\n", note, NULL);

              g_free (span->note);
              span->note = joined;
            }
        }
      else if (g_str_equal (entry[0], "N"))
        {
          NewsmarkImportLabel *label = newsmark_import_declare_label (imp, span->label, NULL);

          if (span->attributes != NULL && g_hash_table_contains (span->attributes, NORMALIZATION_ATTRIBUTE))
            newsmark_import_warning (imp, filename, l, NULL,
                                     "second normalization of %s (%s) not imported: a span keeps one",
                                     span->src_id, entry[2]);
          else
            {
              newsmark_import_label_declare_attr (label, NORMALIZATION_ATTRIBUTE, NEWSMARK_ATTRIBUTE_TEXT, NULL);
              newsmark_import_span_set_attribute (span, NORMALIZATION_ATTRIBUTE,
                                                  g_variant_new_string (entry[2]));
            }
        }
      else if (entry[2] == NULL)
        newsmark_import_span_set_attribute (span, entry[0], g_variant_new_boolean (TRUE));
      else
        newsmark_import_span_set_attribute (span, entry[0], g_variant_new_string (entry[2]));
    }

  if (n_events > 0)
    newsmark_import_warning (imp, filename, 0, NULL,
                             "%u %s imported as %s plus %u relations from "
                             "trigger to argument, typed by role (%s)",
                             n_events, n_events == 1 ? "event" : "events",
                             n_events == 1 ? "its trigger span" : "their trigger spans", n_event_relations, report->str);
  if (n_equiv > 0)
    newsmark_import_warning (imp, filename, 0, NULL,
                             "%u %s imported as relations from the first member to each other",
                             n_equiv, n_equiv == 1 ? "equivalence (*)" : "equivalences (*)");

  imp->strings_are_enums = TRUE;
  return TRUE;
}

#undef SYNTAX_ERROR

/* ---- Export ---------------------------------------------------------------- */

/* brat type and attribute names are single tokens. */
static char *
brat_name (NewsmarkExport *exp,
           const char     *name,
           const char     *what)
{
  char *out = g_strdup (name);
  gboolean changed = FALSE;

  for (char *p = out; *p != '\0'; p++)
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':' || *p == ';')
      {
        *p = '_';
        changed = TRUE;
      }
  /* Once per name: a label is used by many spans. */
  if (changed && !g_hash_table_contains (exp->warned, name))
    {
      g_hash_table_add (exp->warned, g_strdup (name));
      newsmark_export_warning (exp, NULL, "%s “%s” written as “%s”: brat names cannot contain "
                               "spaces, colons or semicolons", what, name, out);
    }
  return out;
}

static char *
one_line (const char *text)
{
  char *out = g_strdup (text);

  for (char *p = out; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return out;
}

typedef struct {
  GPtrArray  *labels;  /* char* */
  GPtrArray  *values;  /* char*, NULL for binary */
  gboolean    binary;
} ConfAttr;

static void
conf_attr_free (gpointer data)
{
  ConfAttr *a = data;

  g_ptr_array_unref (a->labels);
  g_clear_pointer (&a->values, g_ptr_array_unref);
  g_free (a);
}

static void
add_unique (GPtrArray  *array,
            const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      return;
  g_ptr_array_add (array, g_strdup (value));
}

static char *
attribute_value_string (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_strdup (g_variant_get_string (value, NULL));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buf, sizeof buf, g_variant_get_double (value)));
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_strdup (g_variant_get_boolean (value) ? "true" : "false");
  return g_variant_print (value, FALSE);
}

static gboolean
write_child (GFile       *folder,
             const char  *name,
             const char  *data,
             gsize        len,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);

  return newsmark_write_file_atomic (file, data, len, FALSE, error);
}

/* Splits [start, end) at line breaks: a brat span's text is one line. */
static void
split_at_newlines (NewsmarkDocument *document,
                   guint             start,
                   guint             end,
                   GArray           *out)
{
  guint s = start;

  for (guint i = start; i < end; i++)
    {
      gunichar c = newsmark_document_get_char (document, i);

      if (c == '\n' || c == '\r')
        {
          if (i > s)
            {
              NewsmarkFragment f = { s, i };

              g_array_append_val (out, f);
            }
          s = i + 1;
        }
    }
  if (end > s)
    {
      NewsmarkFragment f = { s, end };

      g_array_append_val (out, f);
    }
}

static ConfAttr *
conf_attr_get (GHashTable *conf_attrs,
               GPtrArray  *order,
               const char *name)
{
  ConfAttr *ca = g_hash_table_lookup (conf_attrs, name);

  if (ca == NULL)
    {
      ca = g_new0 (ConfAttr, 1);
      ca->labels = g_ptr_array_new_with_free_func (g_free);
      ca->values = g_ptr_array_new_with_free_func (g_free);
      ca->binary = TRUE;
      g_hash_table_insert (conf_attrs, g_strdup (name), ca);
      g_ptr_array_add (order, g_strdup (name));
    }
  return ca;
}

/* The schema's attributes first, so annotation.conf lists their values in
 * schema order; values met in spans (free text, numbers) are added later. */
static void
declare_schema_attributes (NewsmarkExport *exp,
                           NewsmarkSchema *schema,
                           GHashTable     *conf_attrs,
                           GPtrArray      *conf_attr_order)
{
  GListModel *labels = newsmark_schema_get_labels (schema);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
      g_autofree char *type = brat_name (exp, newsmark_label_get_name (label), "label");
      GListModel *defs = newsmark_label_get_attributes (label);

      for (guint k = 0; k < g_list_model_get_n_items (defs); k++)
        {
          g_autoptr(NewsmarkAttributeDef) def = g_list_model_get_item (defs, k);
          g_autofree char *aname = brat_name (exp, newsmark_attribute_def_get_name (def), "attribute");
          ConfAttr *ca = conf_attr_get (conf_attrs, conf_attr_order, aname);

          add_unique (ca->labels, type);
          if (newsmark_attribute_def_get_kind (def) == NEWSMARK_ATTRIBUTE_ENUM)
            {
              const char * const *values = newsmark_attribute_def_get_values (def);

              ca->binary = FALSE;
              for (guint v = 0; values != NULL && values[v] != NULL; v++)
                {
                  g_autofree char *bv = brat_name (exp, values[v], "attribute value");

                  add_unique (ca->values, bv);
                }
            }
          else if (newsmark_attribute_def_get_kind (def) == NEWSMARK_ATTRIBUTE_NUMBER)
            {
              double min, max;

              /* A small whole-number range ("checkworthy" 1–5) is a list of
               * values brat can offer; other numbers get the values used. */
              ca->binary = FALSE;
              if (newsmark_attribute_def_get_integer (def) &&
                  newsmark_attribute_def_get_range (def, &min, &max) && max - min <= 100)
                for (double v = min; v <= max; v++)
                  {
                    char buf[G_ASCII_DTOSTR_BUF_SIZE];

                    add_unique (ca->values, g_ascii_dtostr (buf, sizeof buf, v));
                  }
            }
          else if (newsmark_attribute_def_get_kind (def) != NEWSMARK_ATTRIBUTE_BOOLEAN)
            ca->binary = FALSE;
        }
    }
}

gboolean
_newsmark_brat_export (NewsmarkExport *exp,
                       GPtrArray      *sets,
                       GFile          *folder,
                       GError        **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) conf_attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, conf_attr_free);
  g_autoptr(GPtrArray) conf_attr_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autoptr(GString) visual = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  NewsmarkSchema *schema = NULL;

  if (!g_file_make_directory_with_parents (folder, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO,
                   "%s: cannot create the folder: %s", name, local_error->message);
      return FALSE;
    }

  if (sets->len > 0)
    {
      schema = newsmark_annotation_set_get_schema (g_ptr_array_index (sets, 0));
      declare_schema_attributes (exp, schema, conf_attrs, conf_attr_order);
    }

  for (guint d = 0; d < sets->len; d++)
    {
      NewsmarkAnnotationSet *set = g_ptr_array_index (sets, d);
      NewsmarkDocument *document = newsmark_annotation_set_get_document (set);
      g_autofree char *stem = newsmark_export_set_name (set, d);
      g_autofree char *txt_name = _newsmark_format_unique_name (used, stem, ".txt");
      g_autofree char *ann_name = NULL;
      g_autoptr(GPtrArray) spans = newsmark_export_spans (exp, set, TRUE);
      g_autoptr(GHashTable) tid = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(GString) out = g_string_new (NULL);
      GListModel *relations = newsmark_annotation_set_get_relations (set);
      guint n_a = 0, n_note = 0, n_suggested = 0;

      ann_name = g_strndup (txt_name, strlen (txt_name) - 4);
      {
        char *tmp = g_strconcat (ann_name, ".ann", NULL);

        g_free (ann_name);
        ann_name = tmp;
        g_hash_table_add (used, g_strdup (ann_name));
      }

      for (guint i = 0; i < spans->len; i++)
        {
          NewsmarkSpan *span = g_ptr_array_index (spans, i);
          g_autoptr(GArray) frags = g_array_new (FALSE, FALSE, sizeof (NewsmarkFragment));
          g_autofree char *type = brat_name (exp, newsmark_span_get_label (span), "label");
          g_auto(GStrv) attr_names = newsmark_span_list_attributes (span);
          g_autofree char *desc = NULL;
          guint n_frag = newsmark_span_get_n_fragments (span);
          guint t = i + 1;

          if (n_frag == 0)
            split_at_newlines (document, newsmark_span_get_start (span), newsmark_span_get_end (span), frags);
          else
            {
              const NewsmarkFragment *f = newsmark_span_get_fragments (span);

              for (guint k = 0; k < n_frag; k++)
                split_at_newlines (document, f[k].start, f[k].end, frags);
            }
          if (frags->len == 0)
            {
              desc = newsmark_describe_span (span);
              newsmark_export_warning (exp, ann_name, "span %s covers only line breaks: not exported", desc);
              continue;
            }
          if (frags->len > MAX (n_frag, 1))
            {
              desc = newsmark_describe_span (span);
              newsmark_export_warning (exp, ann_name,
                                       "span %s crosses a line break: written as T%u with %u "
                                       "fragments (a brat span's text is one line)",
                                       desc, t, frags->len);
            }
          if (newsmark_span_get_status (span) == NEWSMARK_STATUS_SUGGESTED)
            n_suggested++;

          g_hash_table_insert (tid, (gpointer) newsmark_span_get_id (span), g_strdup_printf ("T%u", t));
          g_string_append_printf (out, "T%u\t%s ", t, type);
          for (guint k = 0; k < frags->len; k++)
            {
              NewsmarkFragment *f = &g_array_index (frags, NewsmarkFragment, k);

              g_string_append_printf (out, "%s%u %u", k > 0 ? ";" : "", f->start, f->end);
            }
          g_string_append_c (out, '\t');
          for (guint k = 0; k < frags->len; k++)
            {
              NewsmarkFragment *f = &g_array_index (frags, NewsmarkFragment, k);
              g_autofree char *slice = newsmark_document_dup_slice (document, f->start, f->end);
              g_autofree char *clean = one_line (slice);

              if (k > 0)
                g_string_append_c (out, ' ');
              g_string_append (out, clean);
            }
          g_string_append_c (out, '\n');

          for (guint k = 0; attr_names[k] != NULL; k++)
            {
              GVariant *value = newsmark_span_get_attribute (span, attr_names[k]);
              g_autofree char *aname = brat_name (exp, attr_names[k], "attribute");
              ConfAttr *ca;

              if (value == NULL)
                continue;
              ca = conf_attr_get (conf_attrs, conf_attr_order, aname);
              add_unique (ca->labels, type);

              if (g_str_equal (attr_names[k], NORMALIZATION_ATTRIBUTE) &&
                  g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) &&
                  strchr (g_variant_get_string (value, NULL), ':') != NULL)
                {
                  g_autofree char *slice = newsmark_document_dup_slice (document, newsmark_span_get_start (span),
                                                                       newsmark_span_get_end (span));
                  g_autofree char *clean = one_line (slice);

                  g_string_append_printf (out, "N%u\tReference T%u %s\t%s\n", ++n_a, t,
                                          g_variant_get_string (value, NULL), clean);
                  continue;
                }

              if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
                {
                  /* A binary brat attribute is present or absent. */
                  if (g_variant_get_boolean (value))
                    g_string_append_printf (out, "A%u\t%s T%u\n", ++n_a, aname, t);
                }
              else
                {
                  g_autofree char *v = attribute_value_string (value);
                  g_autofree char *bv = brat_name (exp, v, "attribute value");

                  ca->binary = FALSE;
                  add_unique (ca->values, bv);
                  g_string_append_printf (out, "A%u\t%s T%u %s\n", ++n_a, aname, t, bv);
                }
            }

          if (newsmark_span_get_note (span) != NULL && *newsmark_span_get_note (span) != '\0')
            {
              g_autofree char *note = one_line (newsmark_span_get_note (span));

              if (!g_str_equal (note, newsmark_span_get_note (span)))
                {
                  desc = desc != NULL ? desc : newsmark_describe_span (span);
                  newsmark_export_warning (exp, ann_name, "note of span %s has line breaks: written "
                                           "on one line", desc);
                }
              g_string_append_printf (out, "#%u\tAnnotatorNotes T%u\t%s\n", ++n_note, t, note);
            }
        }

      for (guint i = 0, r = 0; i < g_list_model_get_n_items (relations); i++)
        {
          g_autoptr(NewsmarkRelation) rel = g_list_model_get_item (relations, i);
          const char *from = g_hash_table_lookup (tid, newsmark_relation_get_from (rel));
          const char *to = g_hash_table_lookup (tid, newsmark_relation_get_to (rel));
          g_autofree char *type = NULL;

          if (from == NULL || to == NULL)
            {
              newsmark_export_warning (exp, ann_name, "relation %s (%s) not exported: one of its "
                                       "spans was not exported",
                                       newsmark_relation_get_id (rel),
                                       newsmark_relation_get_type_name (rel));
              continue;
            }
          type = brat_name (exp, newsmark_relation_get_type_name (rel), "relation type");
          g_string_append_printf (out, "R%u\t%s Arg1:%s Arg2:%s\t\n", ++r, type, from, to);
        }

      if (n_suggested > 0)
        newsmark_export_warning (exp, ann_name, "%u suggested spans written as ordinary brat "
                                 "spans: brat has no review status", n_suggested);

      if (!write_child (folder, txt_name, newsmark_document_get_text (document),
                        newsmark_document_get_n_bytes (document), error) ||
          !write_child (folder, ann_name, out->str, out->len, error))
        return FALSE;
    }

  /* annotation.conf and visual.conf from the schema, so brat shows the
   * same labels, relation types, attributes and colours. */
  g_string_append (conf, "# Generated by Newsmark from its label schema.\n\n[entities]\n\n");
  g_string_append (visual, "# Generated by Newsmark from its label schema.\n\n[labels]\n\n[drawing]\n\n");
  if (schema != NULL)
    {
      GListModel *labels = newsmark_schema_get_labels (schema);
      GListModel *types = newsmark_schema_get_relation_types (schema);

      for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
        {
          g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
          g_autofree char *type = brat_name (exp, newsmark_label_get_name (label), "label");

          g_string_append_printf (conf, "%s\n", type);
          g_string_append_printf (visual, "%s\tbgColor:%s\n", type, newsmark_label_get_colour (label));
        }

      g_string_append (conf, "\n[relations]\n\n");
      for (guint i = 0; i < g_list_model_get_n_items (types); i++)
        {
          g_autoptr(NewsmarkRelationType) type = g_list_model_get_item (types, i);
          g_autofree char *name = brat_name (exp, newsmark_relation_type_get_name (type), "relation type");
          g_autofree char *from = g_strjoinv ("|", (char **) newsmark_relation_type_get_from_labels (type));
          g_autofree char *to = g_strjoinv ("|", (char **) newsmark_relation_type_get_to_labels (type));

          g_string_append_printf (conf, "%s\tArg1:%s, Arg2:%s\n", name,
                                  *from ? from : "<ENTITY>", *to ? to : "<ENTITY>");
        }
    }
  else
    g_string_append (conf, "\n[relations]\n\n");

  g_string_append (conf, "\n[events]\n\n[attributes]\n\n");
  for (guint i = 0; i < conf_attr_order->len; i++)
    {
      const char *name = g_ptr_array_index (conf_attr_order, i);
      ConfAttr *ca = g_hash_table_lookup (conf_attrs, name);

      g_ptr_array_add (ca->labels, NULL);
      g_string_append_printf (conf, "%s\tArg:", name);
      for (guint k = 0; k + 1 < ca->labels->len; k++)
        g_string_append_printf (conf, "%s%s", k > 0 ? "|" : "", (char *) g_ptr_array_index (ca->labels, k));
      g_ptr_array_remove_index (ca->labels, ca->labels->len - 1);
      if (!ca->binary && ca->values->len > 0)
        {
          g_string_append (conf, ", Value:");
          for (guint k = 0; k < ca->values->len; k++)
            g_string_append_printf (conf, "%s%s", k > 0 ? "|" : "", (char *) g_ptr_array_index (ca->values, k));
        }
      g_string_append_c (conf, '\n');
    }

  if (!write_child (folder, "annotation.conf", conf->str, conf->len, error) ||
      !write_child (folder, "visual.conf", visual->str, visual->len, error))
    return FALSE;

  return TRUE;
}
