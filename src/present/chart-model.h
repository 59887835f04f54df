/* chart-model.h — what a chart says: the plain structs that the presentation layer fills
 * from results and the renderer draws.
 *
 * The model holds numbers, words and flags, never Cairo or file types, so that every
 * renderer (PNG/PDF/SVG today) draws the same content and the presentation layer decides
 * it without knowing how it is drawn. A point marked `suppressed` carries no share that
 * any renderer may draw.
 *
 * Ownership: every model struct and every string in it is borrowed (transfer none) by the
 * functions that take it, for the duration of the call.
 */
#ifndef OUDERMONITOR_CHART_MODEL_H
#define OUDERMONITOR_CHART_MODEL_H

#include "oudermonitor/error.h"
#include "base/format.h"

G_BEGIN_DECLS

/* Okabe & Ito (2008), "Color Universal Design": the eight colours stay distinguishable
 * for the common colour-vision deficiencies. AUTO picks by series position. */
typedef enum {
  OM_COLOUR_AUTO = 0,
  OM_COLOUR_ORANGE,         /* #E69F00 */
  OM_COLOUR_SKY_BLUE,       /* #56B4E9 */
  OM_COLOUR_BLUISH_GREEN,   /* #009E73 */
  OM_COLOUR_YELLOW,         /* #F0E442 */
  OM_COLOUR_BLUE,           /* #0072B2 */
  OM_COLOUR_VERMILLION,     /* #D55E00 */
  OM_COLOUR_REDDISH_PURPLE, /* #CC79A7 */
  OM_COLOUR_BLACK,          /* #000000 */
  OM_COLOUR_GREY            /* #8C8C8C: a reference line (the municipality in a sector panel) */
} OmChartColour;

/* The fixed colour of a sector key, so a sector looks the same in every chart: the
 * `colour` the sector vocabulary gives it (surveys/sectoren.ini), gemeente black.
 * Anything else (or NULL): OM_COLOUR_AUTO. */
OmChartColour om_chart_colour_for_key(const char *key);

/* A target status as the chart shows it: a marker shape, a colour and a word, never the
 * colour alone. Mirrors the statuses of the design (section 4); present/charts.c maps the
 * targets module's status onto it (om_charts_status, through om_chart_status_from_key). */
typedef enum {
  OM_CHART_STATUS_NONE = 0,     /* no status shown */
  OM_CHART_STATUS_ATTAINED,     /* behaald: filled circle, green */
  OM_CHART_STATUS_NOT_ATTAINED, /* niet behaald: filled down-triangle, vermillion */
  OM_CHART_STATUS_UNDECIDED,    /* onbeslist: hollow diamond, orange */
  OM_CHART_STATUS_ON_COURSE,    /* op koers: filled up-triangle, green */
  OM_CHART_STATUS_OFF_COURSE,   /* uit koers: filled square, vermillion */
  OM_CHART_STATUS_UNCERTAIN,    /* onzeker: hollow circle, orange */
  OM_CHART_STATUS_TOO_FEW       /* te weinig respons: grey cross */
} OmChartStatus;

/* The stable English keys of the design ("attained", "not-attained", "undecided",
 * "on-course", "off-course", "uncertain", "too-few"), as the targets module writes them.
 * Returns FALSE and leaves *out unchanged for anything else. */
gboolean om_chart_status_from_key(const char *key, OmChartStatus *out);

/* "behaald" / "attained", …: the targets module's one label table; "" for NONE. Transfer
 * none (static). */
const char *om_chart_status_label(OmChartStatus status, OmLang lang);

/* What a status means, for the key "how to read a status" every channel shows (the PDF's
 * cover, the HTML report): "ook de ondergrens van het 95%-betrouwbaarheidsinterval ligt op of
 * boven het doel."; "" for NONE. The statuses in key order are ATTAINED … TOO_FEW. Transfer
 * none (static). */
const char *om_chart_status_meaning(OmChartStatus status, OmLang lang);
/* The sentence under that key (share and interval beside every status). Transfer none. */
const char *om_chart_status_key_note(OmLang lang);

/* Why a share is not shown. The reader must be told which: a group below the minimum n
 * has too few answers; a group withheld by complementary suppression has enough, but its
 * share would reveal a small group by subtraction. */
typedef enum {
  OM_WITHHELD_NONE = 0,    /* shown */
  OM_WITHHELD_TOO_FEW = 1, /* n < min-n: "te weinig respons (n=7)"; = TRUE, so a flag reads so */
  OM_WITHHELD_PROTECT = 2  /* n >= min-n, withheld to protect another group */
} OmWithheld;

/* The words for a withheld share with its n: "te weinig respons (n=7)", "niet getoond ter
 * bescherming van een andere groep (n=15)" (full) or "niet getoond (n=15)" (short, for a
 * label in a plot whose note says why); NONE reads as TOO_FEW. Transfer full. */
char *om_chart_withheld_text(OmWithheld why, guint64 n, gboolean full, OmLang lang);
/* The heading of a footnote listing such groups: "Te weinig respons (n < 10)",
 * "Niet getoond ter bescherming van een andere groep". Transfer full. */
char *om_chart_withheld_heading(OmWithheld why, guint64 min_n, OmLang lang);

/* One survey wave of one series. */
typedef struct {
  int year;              /* survey year (x) */
  guint64 n;             /* valid answers */
  OmWithheld suppressed; /* 0 = shown; else why withheld (TRUE = too few): the share is never drawn,
                            only why and n */
  double estimate;       /* share satisfied in [0,1]; ignored when suppressed */
  double lower, upper;   /* its 95% interval; ignored when suppressed */
  gboolean baseline;     /* the nulmeting wave */
} OmChartPoint;

typedef struct {
  const char *label;          /* "po", "Gemeente", "12AB00 De Eik"; legend and line end */
  const OmChartPoint *points; /* ascending years */
  gsize n_points;
  OmChartColour colour;    /* AUTO: by position (om_chart_colour_for_key for sectors) */
  gboolean emphasis;       /* the whole municipality: bold black line */
  gboolean has_projection; /* trend projected from the last wave to projection_year */
  int projection_year;
  double projection, projection_lower, projection_upper;
  gboolean reference; /* a thin grey line to compare with (the municipality beside a
                         sector): no intervals, no labels; a panel of one series and its
                         reference is read and coloured as that one series, with only its
                         latest value labelled */
} OmChartSeries;

/* One panel of a trend chart: one institution / sector against one target. */
typedef struct {
  const char *title;    /* panel title, NULL = none (a single-panel chart uses the chart title) */
  const char *subtitle; /* the status sentence, e.g. "Status: op koers — 87,5% in 2015" */
  OmChartStatus status; /* marker before the subtitle; NONE = no marker */
  gboolean has_target;
  double target; /* threshold share, e.g. 0.90 */
  int deadline;  /* target year, e.g. 2016; 0 = none */
  const OmChartSeries *series;
  gsize n_series;
  gboolean ribbons; /* sector chart: interval ribbons (alpha) instead of bars */
} OmTrendPanel;

/* A trend chart: 1 panel full size, 2 side by side, 3–4 in a 2×2 grid, up to 9 in 3×3.
 * All panels share the year axis and the share axis, so they compare at a glance. */
typedef struct {
  const char *title;
  const OmTrendPanel *panels;
  gsize n_panels;
  const char *y_title;         /* NULL = "% tevreden ouders" / "% satisfied parents" */
  const char *footnote;        /* small print at the bottom, wrapped; NULL = none */
  double share_min, share_max; /* the share axis of this chart family, e.g. 0.4–1.0, so
                                  every chart of the family reads alike; share_max <=
                                  share_min = chosen from the chart's own data */
} OmTrendChart;

typedef struct {
  const char *code; /* institution code, e.g. "12AB00" */
  const char *name; /* "Basisschool De Ëik" */
  guint64 n;
  OmWithheld suppressed; /* 0 = shown; else why withheld (TRUE = too few): not plotted, listed in a
                            note with its n and why */
  double estimate, lower, upper;
  OmChartStatus status;
} OmOverviewRow;

typedef enum {
  OM_OVERVIEW_INTERVALS, /* sorted interval plot ("caterpillar"): a row per institution */
  OM_OVERVIEW_FUNNEL     /* share against n with binomial limits around the target */
} OmOverviewKind;
/* The most institutions an overview shows as intervals; more become a funnel plot. */
#define OM_OVERVIEW_MAX_INTERVAL_ROWS 60

typedef struct {
  const char *title;
  const char *subtitle; /* e.g. the target sentence; NULL = none */
  OmOverviewKind kind;
  double target; /* threshold share */
  int deadline;  /* for the target label "Doel 2016: 90%"; 0 = "Doel: 90%" */
  const OmOverviewRow *rows;
  gsize n_rows;
  guint64 min_n;           /* for the note on suppressed rows; 0 = 10 */
  const char *share_title; /* axis title of the share; NULL = "% tevreden ouders" */
  const char *footnote;
} OmOverviewChart;

G_END_DECLS

#endif
