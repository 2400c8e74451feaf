"""Scrapy settings: polite defaults for crawling russiancouncil.ru into the SQLite archive.

`riac-archive crawl --set NAME=VALUE` and `scrapy crawl riac -s NAME=VALUE` override any of these.
"""

BOT_NAME = "riac_archive"
SPIDER_MODULES = ["riac_archive.spiders"]
NEWSPIDER_MODULE = "riac_archive.spiders"

# Where to crawl from (a local mirror works too) and where the archive lives.
RIAC_BASE_URL = "https://russiancouncil.ru"
RIAC_DB = "data/riac.db"
# Extract and store in one worker process beside Scrapy's, so fetching and archiving overlap
# (False: everything in the crawl process, as the unit tests run it).
RIAC_ARCHIVE_WORKER = True
RIAC_CRAWL_OPTIONS: dict = {}  # what the run was asked to do; stored with the crawl's stats

# Politeness: identify ourselves, obey robots.txt, never hammer the site.
USER_AGENT = "riac-archive/0.1 (+https://github.com/riac-archive/riac-archive; research archive)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
# Scrapy starts this many asyncio tasks for every response's output; ours yields one item (a
# listing: ~20 requests), handled synchronously, so the default 100 only burns CPU (~1 ms/page).
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

# Retries wait longer each time (RIAC_RETRY_BACKOFF_BASE * 2**n seconds, capped).
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RIAC_RETRY_BACKOFF_BASE = 2.0
RIAC_RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "riac_archive.middlewares.RobotsTxtFirstMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "riac_archive.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "riac_archive.middlewares.SiteRedirectMiddleware": 600,
}

ITEM_PIPELINES = {
    "riac_archive.pipelines.ValidatePipeline": 100,
    "riac_archive.pipelines.ArchivePipeline": 300,
}
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "riac_archive.runner.RunStatus": 500,
}

# Cookies are not needed to read public pages; the redirect and size limits keep us safe.
COOKIES_ENABLED = False
REDIRECT_MAX_TIMES = 5
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19's code-executing HTTP endpoint: never for a cron job
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
