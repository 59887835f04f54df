/* format.h — numbers and percentages as a Dutch (or English) reader expects them.
 *
 * Dutch is the default language of every user-facing output: "87,5%", "1.234".
 * Machine formats (JSON) never use these functions: they print plain C-locale numbers.
 */
#ifndef OUDERMONITOR_FORMAT_H
#define OUDERMONITOR_FORMAT_H

#include "oudermonitor/error.h"

G_BEGIN_DECLS

typedef enum { OM_LANG_NL, OM_LANG_EN } OmLang;

/* "nl" / "en" (also "dutch", "english"). Returns FALSE and leaves *out unchanged otherwise. */
gboolean om_lang_from_string(const char *s, OmLang *out);

/* share in [0,1] as a percentage with `decimals` decimals: 0.875 -> "87,5%" (nl) or
 * "87.5%" (en). NaN gives "–". Transfer full. */
char *om_format_percent(double share, int decimals, OmLang lang);

/* An interval of shares as a range with one decimal, the percent sign once:
 * (0.879, 0.898) -> "87,9–89,8%" (nl). A bound that is not finite gives "–". Transfer full. */
char *om_format_percent_interval(double lower, double upper, OmLang lang);

/* A plain number with `decimals` decimals and thousands grouping:
 * 1234.5 -> "1.234,5" (nl) / "1,234.5" (en). NaN gives "–". Transfer full. */
char *om_format_number(double value, int decimals, OmLang lang);

/* The same for decimals in a CSV cell meant for Excel: no thousands grouping, decimal
 * comma for nl. Transfer full. */
char *om_format_decimal(double value, int decimals, OmLang lang);

G_END_DECLS

#endif
