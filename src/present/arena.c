/* arena.c — strings and blocks freed together with the models that point into them. */
#include "present/arena.h"

struct OmArena {
  GPtrArray *strings; /* char* */
  GPtrArray *blocks;  /* arrays of points, series, panels */
};

OmArena *
om_arena_new(void)
{
  OmArena *a = g_new0(OmArena, 1);
  a->strings = g_ptr_array_new_with_free_func(g_free);
  a->blocks = g_ptr_array_new_with_free_func(g_free);
  return a;
}

void
om_arena_free(OmArena *a)
{
  if (!a)
    return;
  g_ptr_array_unref(a->strings);
  g_ptr_array_unref(a->blocks);
  g_free(a);
}

const char *
om_arena_keep(OmArena *a, char *s)
{
  g_ptr_array_add(a->strings, s);
  return s;
}

gpointer
om_arena_alloc(OmArena *a, gsize size)
{
  gpointer p = g_malloc0(MAX(size, 1));
  g_ptr_array_add(a->blocks, p);
  return p;
}
