/* chart-model.c — the few functions of the chart model: a sector's colour (from the sector
 * vocabulary) and the status a chart shows, mapped onto the targets module's keys and its one label
 * table. Draws nothing and knows no file format. */
#include <string.h>

#include "present/chart-model.h"
#include "input/sectors.h"
#include "stats/targets.h"

OmChartColour
om_chart_colour_for_key(const char *key)
{
  static const struct {
    const char *name;
    OmChartColour colour;
  } names[] = {
    { "orange", OM_COLOUR_ORANGE },
    { "sky-blue", OM_COLOUR_SKY_BLUE },
    { "bluish-green", OM_COLOUR_BLUISH_GREEN },
    { "yellow", OM_COLOUR_YELLOW },
    { "blue", OM_COLOUR_BLUE },
    { "vermillion", OM_COLOUR_VERMILLION },
    { "reddish-purple", OM_COLOUR_REDDISH_PURPLE },
    { "black", OM_COLOUR_BLACK },
  };
  if (key == NULL)
    return OM_COLOUR_AUTO;
  if (g_ascii_strcasecmp(key, "gemeente") == 0) /* the municipality, not a sector */
    return OM_COLOUR_BLACK;
  const char *name = om_sectors_colour(om_sectors_default(), key);
  for (gsize i = 0; name && i < G_N_ELEMENTS(names); i++)
    if (g_ascii_strcasecmp(name, names[i].name) == 0)
      return names[i].colour;
  return OM_COLOUR_AUTO;
}

/* The chart statuses in the order of OmChartStatus, after NONE, as target statuses. */
static const OmTargetStatus chart_to_target[] = {
  [OM_CHART_STATUS_ATTAINED] = OM_STATUS_ATTAINED,
  [OM_CHART_STATUS_NOT_ATTAINED] = OM_STATUS_NOT_ATTAINED,
  [OM_CHART_STATUS_UNDECIDED] = OM_STATUS_UNDECIDED,
  [OM_CHART_STATUS_ON_COURSE] = OM_STATUS_ON_COURSE,
  [OM_CHART_STATUS_OFF_COURSE] = OM_STATUS_OFF_COURSE,
  [OM_CHART_STATUS_UNCERTAIN] = OM_STATUS_UNCERTAIN,
  [OM_CHART_STATUS_TOO_FEW] = OM_STATUS_TOO_FEW,
};

gboolean
om_chart_status_from_key(const char *key, OmChartStatus *out)
{
  OmTargetStatus t;
  if (key == NULL || !om_target_status_from_key(key, &t))
    return FALSE;
  for (guint i = OM_CHART_STATUS_ATTAINED; i < G_N_ELEMENTS(chart_to_target); i++)
    if (chart_to_target[i] == t) {
      *out = (OmChartStatus)i;
      return TRUE;
    }
  return FALSE; /* no-data has no chart status */
}

const char *
om_chart_status_label(OmChartStatus status, OmLang lang)
{
  if (status <= OM_CHART_STATUS_NONE || (guint)status >= G_N_ELEMENTS(chart_to_target))
    return "";
  return om_target_status_label(chart_to_target[status], lang);
}

char *
om_chart_withheld_text(OmWithheld why, guint64 n, gboolean full, OmLang lang)
{
  char *num = om_format_number((double)n, 0, lang);
  char *s;
  if (why == OM_WITHHELD_PROTECT && !full)
    s = g_strdup_printf(lang == OM_LANG_EN ? "not shown (n=%s)" : "niet getoond (n=%s)", num);
  else if (why == OM_WITHHELD_PROTECT)
    s = g_strdup_printf(lang == OM_LANG_EN
                            ? "not shown, to protect another group (n=%s)"
                            : "niet getoond ter bescherming van een andere groep (n=%s)",
                        num);
  else
    s = g_strdup_printf(
        lang == OM_LANG_EN ? "too few responses (n=%s)" : "te weinig respons (n=%s)", num);
  g_free(num);
  return s;
}

char *
om_chart_withheld_heading(OmWithheld why, guint64 min_n, OmLang lang)
{
  if (why == OM_WITHHELD_PROTECT)
    return g_strdup(lang == OM_LANG_EN ? "Not shown, to protect another group (its share could be "
                                         "recovered from a total)"
                                       : "Niet getoond ter bescherming van een andere groep (het "
                                         "aandeel zou uit een totaal terug te rekenen zijn)");
  char *num = om_format_number((double)(min_n ? min_n : 10), 0, lang);
  char *s = g_strdup_printf(lang == OM_LANG_EN ? "Not shown, too few responses (n < %s)"
                                               : "Niet getoond wegens te weinig respons (n < %s)",
                            num);
  g_free(num);
  return s;
}

const char *
om_chart_status_meaning(OmChartStatus status, OmLang lang)
{
  static const struct {
    const char *nl, *en;
  } meaning[] = {
    [OM_CHART_STATUS_ATTAINED]
    = { "ook de ondergrens van het 95%-betrouwbaarheidsinterval ligt op of boven het doel.",
        "even the lower bound of the 95% confidence interval is at or above the target." },
    [OM_CHART_STATUS_NOT_ATTAINED]
    = { "ook de bovengrens van het interval ligt onder het doel.",
        "even the upper bound of the interval is below the target." },
    [OM_CHART_STATUS_UNDECIDED]
    = { "het interval omvat het doel: de meting kan nog niet zeggen of het doel gehaald is.",
        "the interval contains the target: the survey cannot tell yet whether it was met." },
    [OM_CHART_STATUS_ON_COURSE]
    = { "vóór het streefjaar: volgens de prognose wordt het doel gehaald.",
        "before the target year: the projection says the target will be met." },
    [OM_CHART_STATUS_OFF_COURSE]
    = { "vóór het streefjaar: volgens de prognose wordt het doel niet gehaald.",
        "before the target year: the projection says the target will not be met." },
    [OM_CHART_STATUS_UNCERTAIN]
    = { "vóór het streefjaar: de prognose kan nog beide kanten op.",
        "before the target year: the projection can still go either way." },
    [OM_CHART_STATUS_TOO_FEW]
    = { "te weinig antwoorden om een percentage te publiceren; alleen het aantal (n) staat er. Een "
        "groep met genoeg antwoorden waarvan het percentage een kleinere groep zou verraden, staat "
        "er als ‘niet getoond ter bescherming van een andere groep’.",
        "too few answers to publish a share; only their number (n) is shown. A group with enough "
        "answers whose share would reveal a smaller group is shown as ‘not shown, to protect "
        "another group’." },
  };
  if (status <= OM_CHART_STATUS_NONE || (guint)status >= G_N_ELEMENTS(meaning))
    return "";
  return lang == OM_LANG_EN ? meaning[status].en : meaning[status].nl;
}

const char *
om_chart_status_key_note(OmLang lang)
{
  return lang == OM_LANG_EN
             ? "Every status is shown with the measured share and its 95% confidence interval: "
               "the range that holds the share among all parents with 95% certainty."
             : "Naast elke status staan het gemeten percentage en het "
               "95%-betrouwbaarheidsinterval: "
               "de marge waarbinnen het percentage onder alle ouders met 95% zekerheid ligt.";
}
