/* arena.h — what a set of chart or report models points into (strings and arrays), freed
 * together, so that a model can be plain borrowed pointers (chart-model.h, report-model.h).
 * Memory only: no I/O. */
#ifndef OUDERMONITOR_ARENA_H
#define OUDERMONITOR_ARENA_H

#include "oudermonitor/error.h"

G_BEGIN_DECLS

typedef struct OmArena OmArena;

/* An empty arena. Never fails. Transfer full: free with om_arena_free. */
OmArena *om_arena_new(void);
/* Frees the arena and everything kept in it. Accepts NULL. */
void om_arena_free(OmArena *a);
/* Takes s (transfer full; may be NULL) and returns it; it lives as long as a. */
const char *om_arena_keep(OmArena *a, char *s);
/* size bytes of zeros (at least one), living as long as a. Never fails. */
gpointer om_arena_alloc(OmArena *a, gsize size);

G_END_DECLS

#endif
