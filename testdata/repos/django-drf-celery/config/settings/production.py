import sentry_sdk

from .base import *  # noqa: F403

DEBUG = False
sentry_sdk.init(dsn=env("SENTRY_DSN", default=""), traces_sample_rate=0.1)  # noqa: F405
