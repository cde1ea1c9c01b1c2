"""Validate and publish a year's result files; all or nothing.

    ctx = ImportContext.from_settings(settings)
    report = check_files(paths, 2567, ctx)                 # every problem, nothing published
    result = publish_year(paths, 2567, ctx, settings)      # validates again; publishes only if valid
    versions(settings); rollback(settings, name)

The files of one year: an agency registry (CSV/XLSX), scores in the long layout (CSV/XLSX) or a
wide workbook, and optionally the year's framework (YAML). What each looks like is described in
data/examples/README.md. Reading lives in `read`, header recognition in `layout`, row and
cross-file checks in `checks`, framework checks in `framework`, publishing in `publish`, the start-up
checks run before a publish and what a publish changes in `preflight`, and the report with every
message in Thai and English in `report`.
"""

from dgcore.importer.context import ImportContext
from dgcore.importer.preflight import PublishPlan, Refusal, plan_publish, start_refusals
from dgcore.importer.prepare import Prepared, Progress, check_files, prepare_import
from dgcore.importer.publish import (
    PAUSE_ENV,
    PAUSE_SECONDS_ENV,
    STAGES,
    PublishResult,
    RollbackError,
    clean_leftovers,
    publish_year,
    rollback,
    versions,
)
from dgcore.importer.report import MESSAGES, FileSummary, Problem, ValidationReport

__all__ = [
    "ImportContext",
    "PublishPlan",
    "Refusal",
    "plan_publish",
    "start_refusals",
    "Prepared",
    "Progress",
    "check_files",
    "prepare_import",
    "PAUSE_ENV",
    "PAUSE_SECONDS_ENV",
    "STAGES",
    "PublishResult",
    "RollbackError",
    "clean_leftovers",
    "publish_year",
    "rollback",
    "versions",
    "MESSAGES",
    "FileSummary",
    "Problem",
    "ValidationReport",
]
