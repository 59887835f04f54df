/* messages.h — the report's sentences in council language: a target's result and status
 * read aloud, the change since the nulmeting in procentpunt, the institutions' survey as
 * counts and names, and the key messages after the cover.
 *
 * Words only, in Dutch or English: never draws, never writes a file, never prints. A
 * withheld share is never put into words, only that it is withheld and why.
 */
#ifndef OUDERMONITOR_MESSAGES_H
#define OUDERMONITOR_MESSAGES_H

#include "present/evaluation.h"

G_BEGIN_DECLS

/* The nulmeting of a series: its first wave marked baseline; NULL when none. Transfer none. */
const OmPoint *om_messages_baseline(const OmSeries *s);

/* The change of p since the nulmeting in procentpunt with its interval and its
 * significance in words: "+5,0 procentpunt (95%-BI +1,2 tot +8,8), significant" (short:
 * "+5,0 pp, significant"). Significant = the interval leaves out 0. NULL when p has no
 * change (withheld here or at the nulmeting, or p is the nulmeting). Transfer full. */
char *om_messages_change(const OmPoint *p, double level, gboolean short_form, OmLang lang);
/* Whether p's change since the nulmeting is significant by that rule (its interval leaves out
 * 0); FALSE when p has none. For channels that state it as a value (the workbook). */
gboolean om_messages_change_significant(const OmPoint *p);

/* The institutions' survey of one scope row counted: register institutions in scope in
 * the wave the status rests on, how many answered yes, no, or not at all, and their
 * names. */
typedef struct {
  int year;
  guint total, yes, no, missing;
  GPtrArray *names_no;      /* char*, transfer full */
  GPtrArray *names_missing; /* char* */
} OmCensus;

/* Counts r (a municipality or sector row of a target of the institutions' survey) over the
 * register of ev. FALSE for a row of the parents' survey or an institution (out untouched).
 * Free with om_census_clear. */
gboolean om_census_count(const OmEvaluation *ev, const OmEvaluationRow *r, OmCensus *out);
void om_census_clear(OmCensus *c);
/* "17 van de 18" / "17 of 18". Transfer full. */
char *om_census_short(const OmCensus *c, OmLang lang);
/* "In 2015: 17 van de 18 instellingen (doel: 100%). Nog niet: OBS Het Kompas (nee);
 * Kindcentrum Noord (geen antwoord)." Transfer full. */
char *om_census_sentence(const OmCensus *c, const OmTarget *t, OmLang lang);
/* How the status of a census is decided, in words. Transfer none (static). */
const char *om_census_rule(OmLang lang);

/* One target row read aloud: "Tevreden over de relatie met de school: 89,9% van de ouders
 * in 2016 (95%-BI 88,9–90,7%; n = 3.668). Haalt het doel van 90% waarschijnlijk niet, maar
 * de steekproef is te klein om het zeker te zeggen. Sinds de nulmeting (2013): +5,0
 * procentpunt (95%-BI …), significant." Census rows count instead. Transfer full. */
char *om_messages_row(const OmEvaluation *ev, const OmEvaluationRow *r, OmLang lang);

/* The key-message page's sentences: one per target (the municipality's row) and a last
 * one on the institutions that need attention; NULL-terminated, transfer full
 * (g_strfreev). */
char **om_messages_key(const OmEvaluation *ev, OmLang lang);

/* The municipality's own sentence of a target in lang: its text-en when it has one and
 * lang is English, else its text. Transfer none. */
const char *om_messages_target_text(const OmTarget *t, OmLang lang);

/* A sector's title for readers ("Primair onderwijs" / "Primary education"): the one
 * place the present layer asks for it. Today om_register_sector_title; the sector
 * vocabulary (surveys/sectoren.ini, input/sectors.c, another branch) plugs in here.
 * Transfer none. */
const char *om_messages_sector_title(const char *sector, OmLang lang);

/* A scope unit's name for readers: a sector's title from the sector vocabulary (today
 * om_register_sector_title; surveys/sectoren.ini plugs in there), "Gemeente Lindeveen" /
 * "Municipality of Lindeveen" with a sector-limited scope's list kept, an institution's
 * name. Transfer full. */
char *om_messages_scope_name(const OmSeries *s, OmLang lang);

/* The title of an indicator in lang: its English title when it has one and lang is
 * English, else its own. Transfer none. */
const char *om_messages_indicator_title(const OmIndicator *ind, OmLang lang);

G_END_DECLS

#endif
