/* fuzz-survey.c — libFuzzer target for survey definitions (om_survey_new_from_data).
 *
 * Every input must end in a survey or a GError — never a crash, a leak, undefined
 * behaviour or a stall (loading is linear in the definition, and the code limit applies
 * before a range is expanded). A survey that loads is also asked what the importer and the
 * tally ask of it: every item's scale classifies a spread of codes. Built as
 * fuzz-common.h says.
 */
#include "input/survey.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  OmSurvey *s = om_survey_new_from_data("fuzz.ini", (const char *)data, size, &error);
  if (!s) {
    g_clear_error(&error);
    return 0;
  }
  static const gint32 codes[] = { G_MININT32 + 1, -1, 0, 1, 3, 5, 9, 99, 100000, G_MAXINT32 };
  for (guint i = 0; i < om_survey_n_items(s); i++) {
    const OmItem *item = om_survey_item(s, i);
    for (guint k = 0; k < G_N_ELEMENTS(codes); k++)
      (void)om_scale_classify(item->scale, codes[k]);
    (void)om_survey_find_item(s, item->id);
  }
  om_survey_free(s);
  return 0;
}
