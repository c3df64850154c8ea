"""What insight offers through cases (saphan/cases/plugins.py): its indicators, the figures
counted from case data, for plans' computed indicators."""

from saphan.cases.plugins import register_case_figures

from . import indicators

register_case_figures(indicators)
