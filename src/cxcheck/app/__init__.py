"""The application: one plain function per use case (assess, init, report, diff, ...). Text
choices and typed settings in, an Outcome out; `cxcheck.app.console` is the only thing that
prints. The command line (`cxcheck.cli`) only declares options and calls these."""
