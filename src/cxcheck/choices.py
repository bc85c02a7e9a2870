"""Choices the command line, the settings file and the core share, in one module light enough
for `cxcheck --help` to import."""

PROFILES = ("full", "quick")  # the first is the default

# The output formats and the module of `cxcheck.render` that writes each: the one registry the
# --format choices, the settings file and the renderers all read. The first is the default.
FORMAT_MODULES = {
    "table": "scorecard",
    "json": "json_result",
    "markdown": "markdown",
    "html": "html",
    "junit": "junit",
}
FORMATS = tuple(FORMAT_MODULES)

# `cxcheck trend`: the table, or one of `cxcheck.render.trend.RENDERERS`.
TREND_FORMATS = ("table", "json", "markdown", "html")
# What `cxcheck init` writes and the module of `cxcheck.render` that writes each, with
# `form(packs, profile) -> str | bytes`: the answers template, the offline questionnaire and the
# response sheets. The first is the default; an --output suffix picks the others.
INIT_FORMAT_MODULES = {
    "yaml": "answers_template",
    "html": "questionnaire",
    "csv": "response_sheet",
    "xlsx": "response_workbook",
}
INIT_FORMATS = tuple(INIT_FORMAT_MODULES)
