/* keylines.h — where each group and key of a GLib key file stands, for messages.
 *
 * GKeyFile gives no line numbers and silently merges a group or key given twice (the last
 * value wins). Survey definitions and target files are hand-edited, so both mistakes must
 * stop the command with the line: this module indexes the text and refuses duplicates.
 */
#ifndef OUDERMONITOR_KEYLINES_H
#define OUDERMONITOR_KEYLINES_H

#include "oudermonitor/error.h"

G_BEGIN_DECLS

typedef struct OmKeyLines OmKeyLines;

/* Indexes `text` (named `source` in messages). Returns NULL with OM_ERROR_DEFINITION
 * ("SOURCE:LINE: [group] is defined twice (first on line N)…" or "…key 'k' in [group] is
 * given twice…") when a group or a key within a group repeats. Transfer full. */
OmKeyLines *om_key_lines_new(const char *source, const char *text, GError **error);
void om_key_lines_free(OmKeyLines *kl); /* accepts NULL */
/* The 1-based line of `key` in `group` (key NULL: of the group header); the group's line
 * when the key is absent; 0 when the group is absent too. */
int om_key_lines_find(const OmKeyLines *kl, const char *group, const char *key);

G_END_DECLS

#endif
