"""Field forms (issue 14): XLSForm workbooks for KoboToolbox / ODK Collect with official
codes as choices (:mod:`etl.forms.xlsform`), and the import of their exports
(:mod:`etl.forms.exports` reads them, :mod:`etl.forms.submissions` counts each
submission once)."""
