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
