/* targets.h — LEA targets and their evaluation into statuses.
 *
 * A target (surveys/targets.ini) says: indicator, respondent group, threshold share,
 * deadline year, the scopes it applies to (gemeente, sector, instelling), optionally the
 * sectors it concerns, and the sentence the municipality wrote. Evaluation turns one
 * scope unit's results into a status (design.md section 4): measured in the deadline year
 * (attained / not-attained / undecided), projected before it (on-course / off-course /
 * uncertain), or too-few. Knows nothing of SQL or drawing.
 */
#ifndef OUDERMONITOR_TARGETS_H
#define OUDERMONITOR_TARGETS_H

#include "base/group.h"
#include "stats/analysis.h"
#include "base/format.h"

G_BEGIN_DECLS

typedef struct {
  char *id;
  char *indicator;
  char *group;        /* "ouders" | "instellingen" */
  double threshold;   /* share in (0, 1] */
  int deadline;       /* year */
  gboolean scopes[3]; /* indexed by OmScopeKind */
  char **sectors;     /* NULL = every sector */
  char *text;         /* the municipality's own sentence */
  char *text_en;      /* "text-en": the sentence in English reports; NULL = none */
  char *municipality; /* key `gemeente`: the one municipality it applies to; NULL = every one */
  OmGroup kind;       /* the group as an enum: what code compares */
} OmTarget;

typedef struct OmTargetSet OmTargetSet;

/* Loads and checks a targets file; OM_ERROR_DEFINITION with FILE: and the target on a
 * wrong key. Returns NULL on failure. Transfer full. */
OmTargetSet *om_targets_new_from_file(const char *path, GError **error);
void om_targets_free(OmTargetSet *t); /* accepts NULL */
guint om_targets_size(const OmTargetSet *t);
const OmTarget *om_targets_get(const OmTargetSet *t, guint i); /* transfer none */

typedef enum {
  OM_STATUS_ATTAINED,
  OM_STATUS_NOT_ATTAINED,
  OM_STATUS_UNDECIDED,
  OM_STATUS_ON_COURSE,
  OM_STATUS_OFF_COURSE,
  OM_STATUS_UNCERTAIN,
  OM_STATUS_TOO_FEW,
  OM_STATUS_NO_DATA,
  OM_STATUS_N
} OmTargetStatus;

/* Stable English key for CSV/JSON ("not-attained"). Transfer none. */
const char *om_target_status_key(OmTargetStatus s);
gboolean om_target_status_from_key(const char *key, OmTargetStatus *out);
/* Label for people: "niet behaald" / "not attained". Transfer none. */
const char *om_target_status_label(OmTargetStatus s, OmLang lang);

typedef enum {
  OM_NOTE_NONE,
  OM_NOTE_MEASURED_LATER, /* no wave in the deadline year; a later one was used */
  OM_NOTE_FEW_WAVES,      /* fewer than two published waves: no trend */
  OM_NOTE_NO_TREND,       /* the trend has no finite fit (every wave at 0% or 100%) */
  OM_NOTE_CENSUS_BOUNDS,  /* institutions' survey: the bounds of the register's share */
  OM_NOTE_CENSUS          /* every member of the population answered: the share is exact */
} OmTargetNote;

typedef struct {
  OmTargetStatus status;
  int year_used;        /* the wave the status rests on; 0 when there is none */
  const OmPoint *point; /* that wave's result (transfer none), NULL when none */
  gboolean measured;    /* the deadline has been reached by the evaluation year */
  gboolean meets;       /* the point estimate meets the threshold */
  gboolean has_projection;
  OmInterval projection;      /* the trend's share at the deadline with its interval */
  gboolean projection_design; /* the trend was fitted on the stratified design (svyglm),
                                 not the binomial GLM of the counts */
  char *note;                 /* why there is no projection, etc., in English for CSV/JSON;
                                 may be NULL. om_target_note() gives it in the reader's language */
  OmTargetNote note_kind;
  int note_year;    /* MEASURED_LATER: the wave used */
  guint note_waves; /* FEW_WAVES: published waves up to the evaluation year */
} OmTargetResult;

/* Evaluates one target for one scope unit with the waves up to eval_year. The point
 * estimate and `meets` are filled whenever a published share exists. Never fails: a
 * missing wave or trend becomes a status with a note. */
void om_target_evaluate(const OmTarget *target, const OmSeries *series, int eval_year, double level,
                        OmTargetResult *out);
void om_target_result_clear(OmTargetResult *r); /* frees the note */

/* The note for people, in their language; NULL when there is none. Transfer full. */
char *om_target_note(const OmTarget *target, const OmTargetResult *r, OmLang lang);

/* One sentence for people: "87,5% van de ouders is tevreden (95%-BI 84,1–90,3%); het doel
 * van 90% in 2016 is behaald." Transfer full. */
char *om_target_sentence(const OmTarget *target, const OmTargetResult *r, const char *subject,
                         double level, OmLang lang);

G_END_DECLS

#endif
