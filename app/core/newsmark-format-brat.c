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
#include "newsmark-interchange-private.h"
#include "newsmark-number-private.h"

#define NORMALIZATION_ATTRIBUTE "normalization"

/* ---- annotation.conf ------------------------------------------------------ */

/* annotation.conf is read as brat's own server reads it (projectconfig.py):
 * "[section]" lines; in each section, lines starting with "#" are
 * comments, lines of hyphens are menu separators, "<NAME>=VALUE" defines
 * a macro for the rest of that section, and every other line is a type:
 * an indent (its depth in a hierarchy), "TYPE|ALIAS|…" and arguments
 * "KEY:TYPE|TYPE, …" after white space (after a tab when a name has
 * spaces). "!TYPE" is for the hierarchy only. Newsmark keeps what it can
 * model (labels, their aliases, relation types and event roles with the
 * labels at each end, attributes) and warns about the rest. */

typedef enum {
  SECTION_NONE,
  SECTION_ENTITIES,
  SECTION_RELATIONS,
  SECTION_EVENTS,
  SECTION_ATTRIBUTES,
  SECTION_OTHER,
} ConfSection;

typedef struct {
  ConfSection section;
  char       *name;     /* the storage form: first term, [A-Za-z0-9_-] */
  GPtrArray  *aliases;  /* the other terms */
  GPtrArray  *args;     /* "KEY:TYPES", macros expanded */
  gboolean    unused;   /* "!": hierarchy only */
  guint       depth;
  int         line;
} ConfNode;

static void
conf_node_free (gpointer data)
{
  ConfNode *node = data;

  g_free (node->name);
  g_ptr_array_unref (node->aliases);
  g_ptr_array_unref (node->args);
  g_free (node);
}

/* Reserved names: "<ENTITY>" and the like, never macros. */
static gboolean
is_reserved (const char *s)
{
  static const char * const reserved[] = {
    "<ANY>", "<ENTITY>", "<RELATION>", "<EVENT>", "<NONE>", "<EMPTY>", "<REL-TYPE>", "<URL>",
    "<URLBASE>", "<GLYPH-POS>", "<DEFAULT>", "<NORM>", "<OVERLAP>", "<OVL-TYPE>", "<INHERIT>", NULL
  };

  return g_strv_contains (reserved, s);
}

static GPtrArray *
split_trimmed (const char *s,
               const char *separator)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (s, separator, -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_ptr_array_add (out, g_strdup (parts[i]));
    }
  return out;
}

static gboolean
has_space (const char *s)
{
  for (; *s != '\0'; s++)
    if (g_ascii_isspace (*s))
      return TRUE;
  return FALSE;
}

/* Parses one type line (macros expanded) into @node's terms and args;
 * FALSE when brat could not read it either. */
static gboolean
parse_type_line (const char *line,
                 ConfNode   *node)
{
  const char *p = line;
  const char *terms_end;
  g_autofree char *terms = NULL;
  g_autoptr(GPtrArray) term_list = NULL;
  const char *rest;

  while (*p == ' ' || *p == '\t')
    p++;
  node->depth = (guint) (p - line);
  terms_end = p + strcspn (p, " \t\r\n\f\v");
  terms = g_strndup (p, terms_end - p);
  rest = terms_end;
  g_clear_pointer (&node->args, g_ptr_array_unref);
  node->args = split_trimmed (rest, ",");

  /* Names with spaces: the terms end at the first tab. */
  for (guint i = 0; i < node->args->len; i++)
    if (has_space (g_ptr_array_index (node->args, i)) && strchr (line, '\t') != NULL)
      {
        const char *tab = strchr (p, '\t');

        g_free (terms);
        terms = tab != NULL ? g_strndup (p, tab - p) : g_strdup (p);
        g_ptr_array_unref (node->args);
        node->args = split_trimmed (tab != NULL ? tab + 1 : "", ",");
        break;
      }

  term_list = split_trimmed (terms, "|");
  if (term_list->len == 0)
    return FALSE;
  for (guint i = 0; i < term_list->len; i++)
    {
      char *term = g_ptr_array_index (term_list, i);

      if (term[0] == '!')
        {
          node->unused = TRUE;
          memmove (term, term + 1, strlen (term));
        }
      if (*term == '\0')
        return FALSE;
    }
  node->name = g_strdup (g_ptr_array_index (term_list, 0));
  for (guint i = 1; i < term_list->len; i++)
    g_ptr_array_add (node->aliases, g_strdup (g_ptr_array_index (term_list, i)));

  /* Every argument is KEY:TYPES, the key without white space. */
  for (guint i = 0; i < node->args->len; i++)
    {
      const char *arg = g_ptr_array_index (node->args, i);
      const char *colon = strchr (arg, ':');

      if (colon == NULL || has_space (arg))
        return FALSE;
    }
  return TRUE;
}

/* brat stores a type under its first term with every character outside
 * [A-Za-z0-9_-] replaced by "_". */
static char *
storage_form (const char *name)
{
  char *out = g_strdup (name);

  for (char *c = out; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-')
      *c = '_';
  return out;
}

/* "KEY" of "KEY:TYPES" without a repetition mark ("Theme+", "Arg{2}",
 * "Place-Arg?"). */
static char *
arg_key (const char *arg)
{
  g_autofree char *key = g_strndup (arg, strchr (arg, ':') - arg);
  gsize n = strcspn (key, "{");

  key[n] = '\0';
  while (n > 0 && strchr ("?*+", key[n - 1]) != NULL)
    key[--n] = '\0';
  return g_steal_pointer (&key);
}

/* The labels @types ("A|<ENTITY>") stands for. A reserved name the schema
 * cannot hold is appended to @unknown. */
static GPtrArray *
expand_types (const char *types,
              GPtrArray  *entities,
              GPtrArray  *events,
              GString    *unknown)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) parts = split_trimmed (types, "|");

  for (guint i = 0; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);

      if (g_str_equal (part, "<ENTITY>") || g_str_equal (part, "<ANY>"))
        for (guint j = 0; j < entities->len; j++)
          g_ptr_array_add (out, g_strdup (g_ptr_array_index (entities, j)));
      if (g_str_equal (part, "<EVENT>") || g_str_equal (part, "<ANY>"))
        for (guint j = 0; j < events->len; j++)
          g_ptr_array_add (out, g_strdup (g_ptr_array_index (events, j)));
      if (part[0] == '<' && !g_str_equal (part, "<ENTITY>") && !g_str_equal (part, "<EVENT>") &&
          !g_str_equal (part, "<ANY>"))
        g_string_append_printf (unknown, "%s%s", unknown->len > 0 ? ", " : "", part);
      else if (part[0] != '<')
        g_ptr_array_add (out, g_strdup (part));
    }
  return out;
}

/* Macros in a type line. brat replaces each macro's name by its value
 * once, in the order of its dictionary, so that a macro naming another is
 * expanded or not by chance; here each is expanded to the end. A macro
 * that names itself, directly or through others, never ends, and macros
 * that each name the next twice double at every step: the chain of macros
 * being expanded catches the first, a budget of the file's own size (what
 * the macros may add to the line) the second. The chain is kept on the
 * heap: a file can nest as many macros as it has lines. Returns the line
 * expanded, or NULL with *@problem set. */
static char *
expand_macros (const char  *line,
               GHashTable  *macros,
               gsize        budget,
               char       **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  /* Where each macro being expanded, and the line, have got to; the
   * macro names (the table's keys) in the same order. */
  g_autoptr(GPtrArray) resume = g_ptr_array_new ();
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  g_autoptr(GHashTable) in_chain = g_hash_table_new (g_str_hash, g_str_equal);  /* name → index + 1 */
  const char *p = line;

  for (;;)
    {
      const char *open, *close;
      gpointer key, value;
      g_autofree char *name = NULL;

      if (*p == '\0')
        {
          if (resume->len == 0)
            break;
          p = g_ptr_array_steal_index (resume, resume->len - 1);
          g_hash_table_remove (in_chain, g_ptr_array_steal_index (chain, chain->len - 1));
          continue;
        }
      open = strchr (p, '<');
      if (open == NULL)
        {
          g_string_append (out, p);
          p += strlen (p);
          continue;
        }
      /* A name is "<…>" without another "<" or ">" inside. */
      close = open + 1 + strcspn (open + 1, "<>");
      if (*close != '>')
        {
          g_string_append_len (out, p, close - p);
          p = close;
          continue;
        }
      g_string_append_len (out, p, open - p);
      p = close + 1;
      name = g_strndup (open, p - open);
      if (!g_hash_table_lookup_extended (macros, name, &key, &value))
        {
          g_string_append (out, name);
          continue;
        }
      if (g_hash_table_contains (in_chain, key))
        {
          guint j = GPOINTER_TO_UINT (g_hash_table_lookup (in_chain, key)) - 1;

          *problem = g_strdup_printf ("macro %s refers to itself%s%s", name,
                                      j + 1 < chain->len ? " through " : "",
                                      j + 1 < chain->len ? (char *) g_ptr_array_index (chain, j + 1) : "");
          return NULL;
        }
      if (strlen (value) > budget)
        {
          *problem = g_strdup_printf ("the macros expand to more types than the file holds (at %s)", name);
          return NULL;
        }
      budget -= strlen (value);
      g_ptr_array_add (resume, (gpointer) p);
      g_ptr_array_add (chain, key);
      g_hash_table_insert (in_chain, key, GUINT_TO_POINTER (chain->len));
      p = value;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
section_name (ConfSection section)
{
  switch (section)
    {
    case SECTION_ENTITIES:   return "entities";
    case SECTION_RELATIONS:  return "relations";
    case SECTION_EVENTS:     return "events";
    case SECTION_ATTRIBUTES: return "attributes";
    case SECTION_NONE:
    case SECTION_OTHER:
    default:                 return "?";
    }
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
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (conf_node_free);
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  ConfSection section = SECTION_NONE;
  guint n_separators = 0, first_separator = 0, n_nested = 0, first_nested = 0;
  json_object *aliases = json_object_new_object ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup (lines[i]);
      g_autofree char *stripped = g_strstrip (g_strdup (lines[i]));
      int lineno = (int) i + 1;
      ConfNode *node;

      if (*stripped == '\0' || stripped[0] == '#')
        continue;

      if (stripped[0] == '[' && stripped[strlen (stripped) - 1] == ']')
        {
          g_autofree char *name = g_strndup (stripped + 1, strlen (stripped) - 2);

          /* Old brat versions called the entities section [spans]. */
          if (g_str_equal (name, "entities") || g_str_equal (name, "spans"))
            section = SECTION_ENTITIES;
          else if (g_str_equal (name, "relations"))
            section = SECTION_RELATIONS;
          else if (g_str_equal (name, "events"))
            section = SECTION_EVENTS;
          else if (g_str_equal (name, "attributes"))
            section = SECTION_ATTRIBUTES;
          else
            {
              section = SECTION_OTHER;
              newsmark_import_warning (imp, filename, lineno, NULL,
                                       "section [%s] is not one of annotation.conf's: its lines are "
                                       "not read (as in brat)", name);
            }
          /* Macros belong to their section. */
          g_hash_table_remove_all (macros);
          continue;
        }
      if (section == SECTION_NONE || section == SECTION_OTHER)
        {
          if (section == SECTION_NONE)
            newsmark_import_warning (imp, filename, lineno, NULL,
                                     "a line before any [section]: not read (as in brat)");
          continue;
        }

      if (strspn (stripped, "-") == strlen (stripped))
        {
          if (n_separators++ == 0)
            first_separator = i + 1;
          continue;
        }

      if (line[0] == '<' && strstr (line, ">=") != NULL)
        {
          char *eq = strstr (line, ">=");
          g_autofree char *name = g_strndup (line, eq + 1 - line);
          g_autofree char *value = g_strstrip (g_strdup (eq + 2));

          if (is_reserved (name))
            newsmark_import_warning (imp, filename, lineno, NULL,
                                     "%s is a name brat reserves and cannot be redefined: line not read", name);
          else
            g_hash_table_replace (macros, g_steal_pointer (&name), g_steal_pointer (&value));
          continue;
        }

      /* Macros are replaced as text, as brat does; what they add to a
       * line is bounded by the file's size. */
      {
        g_autofree char *problem = NULL;
        char *expanded = expand_macros (line, macros, len, &problem);

        if (expanded == NULL)
          {
            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX, "%s:%d: %s", filename, lineno, problem);
            goto failed;
          }
        g_free (line);
        line = expanded;
      }

      node = g_new0 (ConfNode, 1);
      node->section = section;
      node->aliases = g_ptr_array_new_with_free_func (g_free);
      node->args = g_ptr_array_new_with_free_func (g_free);
      node->line = lineno;
      if (!parse_type_line (line, node))
        {
          conf_node_free (node);
          newsmark_import_warning (imp, filename, lineno, NULL,
                                   "not a type definition brat can read (TYPE|ALIAS…, then "
                                   "KEY:TYPE|TYPE, … arguments): line not read");
          continue;
        }
      /* The special relation types keep their names, as in brat. */
      if (!g_str_equal (node->name, "<OVERLAP>") && !g_str_equal (node->name, "ENTITY-NESTING"))
      {
        g_autofree char *stored = storage_form (node->name);

        if (!g_str_equal (stored, node->name))
          {
            newsmark_import_warning (imp, filename, lineno, NULL,
                                     "“%s” is stored as “%s”, as brat does (names keep letters, digits, "
                                     "“_” and “-”)", node->name, stored);
            g_ptr_array_insert (node->aliases, 0, g_strdup (node->name));
            g_free (node->name);
            node->name = g_steal_pointer (&stored);
          }
      }
      if (node->depth > 0 && n_nested++ == 0)
        first_nested = i + 1;
      g_ptr_array_add (nodes, node);
      if (!node->unused && section == SECTION_ENTITIES)
        g_ptr_array_add (entities, g_strdup (node->name));
      else if (!node->unused && section == SECTION_EVENTS)
        g_ptr_array_add (events, g_strdup (node->name));
    }

  if (n_separators > 0)
    newsmark_import_warning (imp, filename, (int) first_separator, NULL,
                             "%u separator %s (----) between brat's menu entries not kept: Newsmark "
                             "lists labels in order", n_separators, n_separators == 1 ? "line" : "lines");
  if (n_nested > 0)
    newsmark_import_warning (imp, filename, (int) first_nested, NULL,
                             "the type hierarchy (%u indented %s) is flattened: Newsmark labels have no "
                             "parents; “!” types, which are for the hierarchy only, are not labels",
                             n_nested, n_nested == 1 ? "type" : "types");

  /* Labels: entities, then event triggers. */
  for (guint i = 0; i < nodes->len; i++)
    {
      ConfNode *node = g_ptr_array_index (nodes, i);

      if (node->unused || (node->section != SECTION_ENTITIES && node->section != SECTION_EVENTS))
        continue;
      newsmark_import_declare_label (imp, node->name, NULL);
      if (node->aliases->len > 0)
        {
          json_object *list = json_object_new_array ();

          for (guint k = 0; k < node->aliases->len; k++)
            json_object_array_add (list, json_object_new_string (g_ptr_array_index (node->aliases, k)));
          json_object_object_add (aliases, node->name, list);
        }
      if (node->section == SECTION_ENTITIES)
        for (guint k = 0; k < node->args->len; k++)
          newsmark_import_warning (imp, filename, node->line, NULL,
                                   "“%s” of entity %s not kept: Newsmark labels take no arguments",
                                   (char *) g_ptr_array_index (node->args, k), node->name);
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      ConfNode *node = g_ptr_array_index (nodes, i);
      g_autoptr(GString) unknown = g_string_new (NULL);

      if (node->unused || node->section == SECTION_ENTITIES)
        continue;

      if (node->section == SECTION_ATTRIBUTES)
        {
          g_autoptr(GPtrArray) targets = NULL;
          g_autoptr(GPtrArray) values = NULL;

          for (guint k = 0; k < node->args->len; k++)
            {
              const char *arg = g_ptr_array_index (node->args, k);
              g_autofree char *key = arg_key (arg);
              const char *types = strchr (arg, ':') + 1;

              if (g_str_equal (key, "Arg"))
                {
                  g_clear_pointer (&targets, g_ptr_array_unref);
                  targets = expand_types (types, entities, events, unknown);
                }
              else if (g_str_equal (key, "Value"))
                {
                  g_auto(GStrv) listed = g_strsplit (types, "|", -1);

                  /* "Value:" alone splits into nothing, "A||B" has an
                   * empty value: brat refuses both. */
                  for (guint v = 0; v == 0 || listed[v] != NULL; v++)
                    if (listed[v] == NULL || *g_strstrip (listed[v]) == '\0')
                      {
                        g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                                     "%s:%d: attribute %s: an empty value in “%s” (expected "
                                     "Value:V1|V2…)", filename, node->line, node->name, arg);
                        goto failed;
                      }
                  g_clear_pointer (&values, g_ptr_array_unref);
                  values = split_trimmed (types, "|");
                }
              else
                newsmark_import_warning (imp, filename, node->line, NULL,
                                         "“%s” of attribute %s not kept: Newsmark attributes have a "
                                         "name, the labels they apply to and their values", arg, node->name);
            }
          if (targets == NULL)
            {
              g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                           "%s:%d: attribute %s: no “Arg:” (expected “NAME Arg:TYPE” or “NAME Arg:TYPE, "
                           "Value:V1|V2…”)", filename, node->line, node->name);
              goto failed;
            }
          if (unknown->len > 0)
            newsmark_import_warning (imp, filename, node->line, NULL,
                                     "attribute %s on %s not kept: Newsmark attributes belong to spans",
                                     node->name, unknown->str);
          if (targets->len == 0)
            {
              if (unknown->len == 0)
                newsmark_import_warning (imp, filename, node->line, NULL,
                                         "attribute %s applies to no label: not in the schema", node->name);
              continue;
            }
          for (guint t = 0; t < targets->len; t++)
            {
              NewsmarkImportLabel *label = newsmark_import_declare_label (imp, g_ptr_array_index (targets, t), NULL);

              if (values != NULL)
                {
                  g_ptr_array_add (values, NULL);
                  newsmark_import_label_declare_attr (label, node->name, NEWSMARK_ATTRIBUTE_ENUM,
                                                      (const char * const *) values->pdata);
                  g_ptr_array_remove_index (values, values->len - 1);
                }
              else
                newsmark_import_label_declare_attr (label, node->name, NEWSMARK_ATTRIBUTE_BOOLEAN, NULL);
            }
          continue;
        }

      if (node->section == SECTION_RELATIONS &&
          (g_str_equal (node->name, "<OVERLAP>") || g_str_equal (node->name, "ENTITY-NESTING")))
        {
          newsmark_import_warning (imp, filename, node->line, NULL,
                                   "%s (which spans may overlap) not kept: Newsmark lets any spans overlap",
                                   node->name);
          continue;
        }

      {
        /* Relations: the first two arguments are the ends. Events: each
         * argument is a role, a relation type from the trigger. */
        g_autoptr(GPtrArray) ends = g_ptr_array_new_with_free_func (g_free);

        for (guint k = 0; k < node->args->len; k++)
          {
            const char *arg = g_ptr_array_index (node->args, k);
            g_autofree char *key = arg_key (arg);

            if (is_reserved (key))
              {
                newsmark_import_warning (imp, filename, node->line, NULL,
                                         "“%s” of %s %s not kept: %s", arg,
                                         node->section == SECTION_EVENTS ? "event" : "relation", node->name,
                                         g_str_equal (key, "<REL-TYPE>") ? "Newsmark relations go one way"
                                                                         : "Newsmark has no such setting");
                continue;
              }
            g_ptr_array_add (ends, g_strdup (arg));
          }

        if (node->section == SECTION_EVENTS)
          {
            g_autoptr(GPtrArray) from = g_ptr_array_new_with_free_func (g_free);

            g_ptr_array_add (from, g_strdup (node->name));
            for (guint k = 0; k < ends->len; k++)
              {
                const char *arg = g_ptr_array_index (ends, k);
                g_autofree char *role = arg_key (arg);
                g_autoptr(GPtrArray) to = expand_types (strchr (arg, ':') + 1, entities, events, unknown);

                newsmark_import_declare_relation (imp, role, from, to);
              }
          }
        else if (ends->len < 2)
          {
            /* No ends to link: a line cut short, not a relation. */
            g_autofree char *found = g_strstrip (g_strdup (lines[node->line - 1]));

            g_set_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX,
                         "%s:%d: relation %s: expected “NAME Arg1:TYPE, Arg2:TYPE”, found “%s”",
                         filename, node->line, node->name, found);
            goto failed;
          }
        else if (ends->len > 2)
          {
            newsmark_import_warning (imp, filename, node->line, NULL,
                                     "relation %s has %u arguments (Newsmark relations have two, from "
                                     "and to): not in the schema", node->name, ends->len);
            continue;
          }
        else
          {
            g_autoptr(GPtrArray) from = expand_types (strchr (g_ptr_array_index (ends, 0), ':') + 1,
                                                      entities, events, unknown);
            g_autoptr(GPtrArray) to = expand_types (strchr (g_ptr_array_index (ends, 1), ':') + 1,
                                                    entities, events, unknown);

            newsmark_import_declare_relation (imp, node->name, from, to);
          }
        if (unknown->len > 0)
          newsmark_import_warning (imp, filename, node->line, NULL,
                                   "%s %s: arguments %s not kept: Newsmark relations link spans",
                                   section_name (node->section), node->name, unknown->str);
      }
    }

  if (json_object_object_length (aliases) > 0)
    json_object_object_add (newsmark_import_interchange (imp), "aliases", aliases);
  else
    json_object_put (aliases);

  imp->has_config = TRUE;
  g_free (imp->config_file);
  imp->config_file = g_strdup (filename);

  return TRUE;

failed:
  json_object_put (aliases);
  return FALSE;
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

static void
add_note_type (NewsmarkImport *imp,
               const char     *type)
{
  json_object *shared = newsmark_import_interchange (imp);
  json_object *types;

  if (!json_object_object_get_ex (shared, "note_types", &types))
    {
      types = json_object_new_array ();
      json_object_object_add (shared, "note_types", types);
    }
  for (gsize i = 0; i < json_object_array_length (types); i++)
    if (g_str_equal (json_object_get_string (json_object_array_get_idx (types, i)), type))
      return;
  json_object_array_add (types, json_object_new_string (type));
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
            /* Other note types than AnnotatorNotes ("Lemma") keep their
             * type: a note line "Lemma: …", written back as a Lemma note. */
            if (g_str_equal (parts[0], "AnnotatorNotes"))
              entry[2] = g_strdup (fields[2] != NULL ? fields[2] : "");
            else
              {
                entry[2] = g_strdup_printf ("%s:%s", parts[0], fields[2] != NULL ? fields[2] : "");
                add_note_type (imp, parts[0]);
              }
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
      else if (span->attributes != NULL && g_hash_table_contains (span->attributes, entry[0]))
        newsmark_import_warning (imp, filename, l, NULL,
                                 "second %s attribute of %s (%s) not imported: a span keeps one value "
                                 "per attribute", entry[0], span->src_id, entry[2] != NULL ? entry[2] : "present");
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
  /* Once per name: a label is used by many spans. A value (@what NULL)
   * is reported by the caller, with its span. */
  if (changed && what != NULL && !g_hash_table_contains (exp->warned, name))
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

/* The note types besides AnnotatorNotes that @set was imported with. */
static GHashTable *
kept_note_types (NewsmarkAnnotationSet *set)
{
  GHashTable *types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  json_object *kept = _newsmark_interchange_get (set, NEWSMARK_FORMAT_BRAT);
  json_object *list = NULL;

  if (kept != NULL && json_object_object_get_ex (kept, "note_types", &list))
    for (gsize i = 0; i < json_object_array_length (list); i++)
      g_hash_table_add (types, g_strdup (json_object_get_string (json_object_array_get_idx (list, i))));
  json_object_put (kept);
  return types;
}

/* Whether @frags are exactly @span's extent. */
static gboolean
same_fragments (NewsmarkSpan *span,
                GArray       *frags)
{
  guint n = newsmark_span_get_n_fragments (span);
  NewsmarkFragment whole = { newsmark_span_get_start (span), newsmark_span_get_end (span) };
  const NewsmarkFragment *f = n > 0 ? newsmark_span_get_fragments (span) : &whole;

  if (frags->len != MAX (n, 1))
    return FALSE;
  for (guint k = 0; k < frags->len; k++)
    {
      NewsmarkFragment *g = &g_array_index (frags, NewsmarkFragment, k);

      if (g->start != f[k].start || g->end != f[k].end)
        return FALSE;
    }
  return TRUE;
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

              newsmark_export_warning (exp, NULL, "attribute %s of %s is a number: written as brat "
                                       "values, it reads back as a choice of words",
                                       newsmark_attribute_def_get_name (def), newsmark_label_get_name (label));

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
            {
              ca->binary = FALSE;
              if (!g_str_equal (newsmark_attribute_def_get_name (def), NORMALIZATION_ATTRIBUTE))
                newsmark_export_warning (exp, NULL, "attribute %s of %s is free text: written as brat "
                                         "values, it reads back as a choice of words",
                                         newsmark_attribute_def_get_name (def), newsmark_label_get_name (label));
            }
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
      g_autoptr(GHashTable) note_types = kept_note_types (set);
      guint n_a = 0, n_note = 0;

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
          /* Line breaks at the edges are left out and one inside splits
           * the span: either way the extent changes, and says so. */
          if (!same_fragments (span, frags))
            {
              g_autofree char *before = newsmark_describe_span_fragments (span);
              g_autofree char *after = newsmark_describe_fragments ((NewsmarkFragment *) (gpointer) frags->data,
                                                                    frags->len);

              desc = newsmark_describe_span (span);
              newsmark_export_warning (exp, ann_name,
                                       "span %s: line breaks left out (a brat span's text is one "
                                       "line): %s written as T%u %s", desc, before, t, after);
            }

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
                  else
                    {
                      desc = desc != NULL ? desc : newsmark_describe_span (span);
                      newsmark_export_warning (exp, ann_name, "span %s: attribute %s false written as "
                                               "absent (a brat binary attribute is there or not)",
                                               desc, attr_names[k]);
                    }
                }
              else
                {
                  g_autofree char *v = attribute_value_string (value);
                  g_autofree char *bv = brat_name (exp, v, NULL);

                  if (!g_str_equal (v, bv))
                    {
                      desc = desc != NULL ? desc : newsmark_describe_span (span);
                      newsmark_export_warning (exp, ann_name, "span %s: attribute %s “%s” written as “%s” "
                                               "(brat values are single words)", desc, attr_names[k], v, bv);
                    }
                  ca->binary = FALSE;
                  add_unique (ca->values, bv);
                  g_string_append_printf (out, "A%u\t%s T%u %s\n", ++n_a, aname, t, bv);
                }
            }

          if (newsmark_span_get_note (span) != NULL && *newsmark_span_get_note (span) != '\0')
            {
              /* One brat note per line of the note, which the import joins
               * again; a line "Lemma: …" is a note of that type. */
              g_auto(GStrv) note_lines = g_strsplit (newsmark_span_get_note (span), "\n", -1);
              gboolean changed = FALSE;

              for (guint k = 0; note_lines[k] != NULL; k++)
                {
                  g_autofree char *line = one_line (note_lines[k]);
                  const char *colon = strchr (line, ':');
                  g_autofree char *note_type = colon != NULL ? g_strndup (line, colon - line) : NULL;

                  changed = changed || !g_str_equal (line, note_lines[k]);
                  if (note_type != NULL && g_hash_table_contains (note_types, note_type))
                    g_string_append_printf (out, "#%u\t%s T%u\t%s\n", ++n_note, note_type, t, colon + 1);
                  else
                    g_string_append_printf (out, "#%u\tAnnotatorNotes T%u\t%s\n", ++n_note, t, line);
                }
              if (changed)
                {
                  desc = desc != NULL ? desc : newsmark_describe_span (span);
                  newsmark_export_warning (exp, ann_name, "note of span %s has tabs or carriage returns: "
                                           "written as spaces", desc);
                }
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

      json_object *kept = _newsmark_interchange_get (g_ptr_array_index (sets, 0), NEWSMARK_FORMAT_BRAT);
      json_object *aliases = NULL;

      if (kept != NULL)
        json_object_object_get_ex (kept, "aliases", &aliases);
      for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
        {
          g_autoptr(NewsmarkLabel) label = g_list_model_get_item (labels, i);
          g_autofree char *type = brat_name (exp, newsmark_label_get_name (label), "label");
          json_object *names = NULL;

          g_string_append (conf, type);
          /* "Ubiquitination|GO:0016567"; names with spaces need " | " and a
           * tab after them for brat to read them so. */
          if (aliases != NULL && json_object_object_get_ex (aliases, newsmark_label_get_name (label), &names))
            {
              gboolean spaced = FALSE;

              for (gsize k = 0; k < json_object_array_length (names); k++)
                spaced = spaced || has_space (json_object_get_string (json_object_array_get_idx (names, k)));
              for (gsize k = 0; k < json_object_array_length (names); k++)
                g_string_append_printf (conf, "%s%s", spaced ? " | " : "|",
                                        json_object_get_string (json_object_array_get_idx (names, k)));
              if (spaced)
                g_string_append_c (conf, '\t');
            }
          g_string_append_c (conf, '\n');
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
      json_object_put (kept);
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
