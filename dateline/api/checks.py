"""System checks (`manage.py check`, and before migrate): a setting the API no longer reads."""

import os

from django.core import checks


@checks.register()
def check_retired_api_cache_seconds(app_configs, **kwargs):
    # API answers used to say max-age=API_CACHE_SECONDS (60 s) and kept a takedown on
    # show that long (issue 22). An operator who set it should learn it has no effect.
    if "API_CACHE_SECONDS" not in os.environ:
        return []
    return [
        checks.Warning(
            "API_CACHE_SECONDS is no longer read: content API answers are as fresh as the "
            "reader pages (max-age=0, s-maxage=PAGE_CACHE_SHARED_SECONDS, with an ETag).",
            hint="Remove API_CACHE_SECONDS from the environment.",
            id="api.W001",
        )
    ]
