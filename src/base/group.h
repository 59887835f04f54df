/* group.h — the respondent groups: parents (ouders) and institutions (instellingen).
 *
 * The one table of group keys, so that code compares enum values and a message lists the
 * keys from the same place. It must never hold anything about a group beyond its key:
 * labels for charts and reports belong to the presentation layer.
 */
#ifndef OUDERMONITOR_GROUP_H
#define OUDERMONITOR_GROUP_H

#include "oudermonitor/error.h"

G_BEGIN_DECLS

typedef enum {
  OM_GROUP_OUDERS,       /* parents: a sample of the parents an institution serves */
  OM_GROUP_INSTELLINGEN, /* institutions: a survey of the register itself */
  OM_GROUP_N
} OmGroup;

/* The group of `key` ("ouders", "instellingen"; surrounding spaces ignored). Returns FALSE
 * and leaves *out unchanged for NULL or any other text. */
gboolean om_group_from_key(const char *key, OmGroup *out);
/* "ouders" / "instellingen"; "" outside the enum. Transfer none. */
const char *om_group_key(OmGroup g);
/* "'ouders' or 'instellingen'", for messages. Transfer none. */
const char *om_group_keys_quoted(void);

G_END_DECLS

#endif
