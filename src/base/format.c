/* format.c — Dutch and English number formatting for tables, charts and the report.
 *
 * Never depends on the process locale (setlocale): the language is an explicit argument,
 * so a Dutch report comes out the same on any machine. Never used for JSON.
 */
#include "base/format.h"

#include <math.h>
#include <string.h>

gboolean
om_lang_from_string(const char *s, OmLang *out)
{
  if (s == NULL)
    return FALSE;
  if (g_ascii_strcasecmp(s, "nl") == 0 || g_ascii_strcasecmp(s, "dutch") == 0) {
    *out = OM_LANG_NL;
    return TRUE;
  }
  if (g_ascii_strcasecmp(s, "en") == 0 || g_ascii_strcasecmp(s, "english") == 0) {
    *out = OM_LANG_EN;
    return TRUE;
  }
  return FALSE;
}

/* Formats |value| in the C locale, then swaps the separators: C-locale printf is the only
 * locale-independent way to round correctly. */
static char *
format_with(double value, int decimals, OmLang lang, gboolean grouping)
{
  if (isnan(value))
    return g_strdup("–");
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 64];
  /* g_ascii_formatd takes no precision argument, so build the format string. */
  char fmt[16];
  g_snprintf(fmt, sizeof fmt, "%%.%df", decimals < 0 ? 0 : decimals);
  g_ascii_formatd(buf, sizeof buf, fmt, fabs(value));
  gboolean negative = value < 0 && strspn(buf, "0.") != strlen(buf);

  const char *dot = strchr(buf, '.');
  size_t int_len = dot ? (size_t)(dot - buf) : strlen(buf);
  char thousands = lang == OM_LANG_NL ? '.' : ',';
  char decimal = lang == OM_LANG_NL ? ',' : '.';

  GString *out = g_string_new(negative ? "−" : "");
  for (size_t i = 0; i < int_len; i++) {
    if (grouping && i > 0 && (int_len - i) % 3 == 0)
      g_string_append_c(out, thousands);
    g_string_append_c(out, buf[i]);
  }
  if (dot) {
    g_string_append_c(out, decimal);
    g_string_append(out, dot + 1);
  }
  return g_string_free(out, FALSE);
}

char *
om_format_number(double value, int decimals, OmLang lang)
{
  return format_with(value, decimals, lang, TRUE);
}

char *
om_format_decimal(double value, int decimals, OmLang lang)
{
  char *s = format_with(value, decimals, lang, FALSE);
  /* Excel reads U+2212 as text; CSV cells get an ASCII minus. */
  if (g_str_has_prefix(s, "−")) {
    char *t = g_strconcat("-", s + strlen("−"), NULL);
    g_free(s);
    return t;
  }
  return s;
}

char *
om_format_percent(double share, int decimals, OmLang lang)
{
  if (isnan(share))
    return g_strdup("–");
  char *num = format_with(share * 100.0, decimals, lang, TRUE);
  char *s = g_strconcat(num, "%", NULL);
  g_free(num);
  return s;
}

char *
om_format_percent_interval(double lower, double upper, OmLang lang)
{
  if (!isfinite(lower) || !isfinite(upper))
    return g_strdup("–");
  char *a = om_format_number(lower * 100, 1, lang), *b = om_format_percent(upper, 1, lang);
  char *s = g_strdup_printf("%s–%s", a, b);
  g_free(a);
  g_free(b);
  return s;
}
