/* survey.h — survey definitions: scales, items, indicators, the respondent group.
 *
 * A survey definition (surveys/NAME.ini, GLib key-file syntax, documented key by key in
 * surveys/README.md) says which source columns hold the respondent id, the institution
 * and the year, how each answer is coded, and how answers turn into "satisfied" for an
 * indicator. This module knows nothing of CSV or SQL: it parses definitions, turns answer
 * text into codes and classifies codes. A definition is immutable once loaded.
 */
#ifndef OUDERMONITOR_SURVEY_H
#define OUDERMONITOR_SURVEY_H

#include "oudermonitor/error.h"
#include "base/group.h"

G_BEGIN_DECLS

/* An answer as stored: the scale's numeric code, or OM_ANSWER_BLANK for an empty cell. */
#define OM_ANSWER_BLANK G_MININT32

typedef enum {
  OM_ANSWER_CLASS_BLANK,     /* nothing answered */
  OM_ANSWER_CLASS_MISSING,   /* a "don't know / not applicable" code: counted, not valid */
  OM_ANSWER_CLASS_SATISFIED, /* valid, and one of the scale's satisfied values */
  OM_ANSWER_CLASS_OTHER,     /* valid, not satisfied */
  OM_ANSWER_CLASS_INVALID    /* a code that is on no list of the scale */
} OmAnswerClass;

typedef struct OmAnswerScale OmAnswerScale;
typedef struct OmSurvey OmSurvey;

typedef struct {
  const char *id;     /* key-file group name after "item:" */
  const char *column; /* short column name in the export */
  const char *title;  /* question text; also accepted as a column title (may be NULL) */
  char theme;         /* 'A'..'D' */
  const OmAnswerScale *scale;
} OmItem;

typedef enum { OM_RULE_SINGLE, OM_RULE_MEAN } OmIndicatorRule;

typedef struct {
  const char *id;
  const char *title;
  char theme;
  OmIndicatorRule rule;
  const guint *items; /* indices into the survey's items */
  guint n_items;
  double mean_at_least; /* OM_RULE_MEAN: satisfied when the mean of valid items >= this */
  guint min_valid;      /* OM_RULE_MEAN: fewer valid items than this = not valid */
  const char *title_en; /* "title-en": the title in English reports; NULL = none */
} OmIndicator;

/* Loads and checks a definition. Returns NULL with OM_ERROR_IO (unreadable) or
 * OM_ERROR_DEFINITION ("FILE:LINE: what is wrong; what was expected") on failure.
 * Transfer full. */
OmSurvey *om_survey_new_from_file(const char *path, GError **error);
/* The same over text in memory; `source` names it in messages. Transfer full. */
OmSurvey *om_survey_new_from_data(const char *source, const char *data, gsize len, GError **error);
void om_survey_free(OmSurvey *s); /* accepts NULL */

/* All strings below are owned by the survey (transfer none). */
const char *om_survey_id(const OmSurvey *s);
const char *om_survey_title(const OmSurvey *s);
const char *om_survey_group(const OmSurvey *s); /* "ouders" | "instellingen" */
const char *om_survey_respondent_column(const OmSurvey *s);
const char *om_survey_institution_column(const OmSurvey *s);
const char *om_survey_year_column(const OmSurvey *s); /* NULL when none */
/* The definition text exactly as read: the store keeps it beside each wave. */
const char *om_survey_text(const OmSurvey *s);
/* SHA-256 (lower-case hex) of om_survey_text(): with the file's own hash it is a wave's
 * identity, so a corrected definition is noticed. */
const char *om_survey_sha256(const OmSurvey *s);
/* The respondent group as the enum of base/group.h. */
OmGroup om_survey_group_kind(const OmSurvey *s);
/* `header-row`: the 1-based row holding the column names; 0 when not given (detected).
 * `header-rows`: all header rows, the names row included; 0 when not given (extra rows
 * after the names are detected). */
int om_survey_header_row(const OmSurvey *s);
int om_survey_header_rows(const OmSurvey *s);

guint om_survey_n_items(const OmSurvey *s);
const OmItem *om_survey_item(const OmSurvey *s, guint i);
/* All items, in order, as one array of om_survey_n_items() (the same as om_survey_item's);
 * for loops over every item of every row. Transfer none; lives as long as s. */
const OmItem *om_survey_items(const OmSurvey *s);
/* Index of the item with this id, or -1. */
int om_survey_find_item(const OmSurvey *s, const char *id);
/* Index of the item mapped to this export column title, or -1. Matches the short column
 * name or the question title (case-insensitive, surrounding white space ignored), and the
 * LimeSurvey style "a1. Question text" / "a1: Question text" / "[a1] Question text", the
 * Google Forms style "Question text [item title]", and, with `title-prefix` in [survey],
 * "PREFIX item title". */
int om_survey_match_column(const OmSurvey *s, const char *header);

guint om_survey_n_indicators(const OmSurvey *s);
const OmIndicator *om_survey_indicator(const OmSurvey *s, guint i);
const OmIndicator *om_survey_find_indicator(const OmSurvey *s, const char *id);

/* Scales. */
const char *om_scale_id(const OmAnswerScale *sc);
int om_scale_min(const OmAnswerScale *sc);
int om_scale_max(const OmAnswerScale *sc);
/* The label of a value or missing code ("Zeer tevreden", "Weet niet / n.v.t."), or NULL
 * when the scale gives none. Transfer none. */
const char *om_scale_label(const OmAnswerScale *sc, int code);
/* Turns a cell into a code: a number on the scale or its missing list, or a label
 * (case-insensitive), or "" -> OM_ANSWER_BLANK. Returns FALSE (and leaves *code unchanged)
 * for anything else. */
gboolean om_scale_parse(const OmAnswerScale *sc, const char *text, gint32 *code);
OmAnswerClass om_scale_classify(const OmAnswerScale *sc, gint32 code);
/* om_scale_parse and, when it succeeds, om_scale_classify of the code into *cls, in one
 * call (an import does both for every cell). FALSE leaves *code and *cls unchanged. */
gboolean om_scale_parse_class(const OmAnswerScale *sc, const char *text, gint32 *code,
                              OmAnswerClass *cls);
/* "1–5, 9 = weet niet" — what the scale accepts, for error messages. Transfer full. */
char *om_scale_describe(const OmAnswerScale *sc);

/* Classifies one respondent's answers (indexed like the survey's items) for an indicator:
 * SATISFIED / OTHER when valid, MISSING when only don't-know codes stand in the way,
 * BLANK otherwise. *score gets the item value or the composite mean when valid. */
OmAnswerClass om_indicator_classify(const OmSurvey *s, const OmIndicator *ind,
                                    const gint32 *answers, double *score);
/* The scale of the indicator's items (composites share one scale). Transfer none. */
const OmAnswerScale *om_indicator_scale(const OmSurvey *s, const OmIndicator *ind);

/* The survey's default design option `key` from its [design] group ("fpc" yes|no, "lonely"
 * adjust|fail|remove|average|certainty, "df" design|inf, "method" logit|beta|mean|xlogit|
 * asin|likelihood: R survey's words, checked when the definition is read), or NULL when the
 * definition sets none. Transfer none. */
const char *om_survey_design_option(const OmSurvey *s, const char *key);

G_END_DECLS

#endif
