/* error.c — the engine's GError domain. Nothing else lives here. */
#include "oudermonitor/error.h"

G_DEFINE_QUARK(oudermonitor - error - quark, om_error)
