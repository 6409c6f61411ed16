"""Measure ``gazette import wordpress`` end to end on a generated export.

Run with ``.venv/bin/python bench/import.py`` (sizes 1,000 and 10,000 posts,
PostgreSQL then SQLite); ``--sizes 1000,10000,100000`` adds the issue's large
archive; ``--databases postgres`` leaves SQLite out. PostgreSQL at
127.0.0.1:5432, user ``postgres`` (override with ``GAZETTE_BENCH_DATABASE_URL``);
the database ``gazette_bench_import`` is dropped and recreated for each run.

For each size it:

1. writes a WXR 1.2 file of N posts (streamed, never held in memory), their
   texts from the synthetic newsroom (``gazette.demo.synthetic``: stories of
   skewed sizes, so threading has real work), with 6 categories, 2 tags each
   out of a few hundred, 40 authors, comments (about 2.5 a post: approved,
   replies, held, spam), a featured picture per post and an inline one in
   every third, as attachments whose files are in a ``--media`` directory;
2. for each database: recreates it, migrates it (``gazette migrate``, outside
   the timing), then imports the file in a child process (so that its peak
   RSS is the import's) with the in-process task backend: every article is
   threaded into a story, its related list ranked and its short link made as
   it is published, exactly as on the site (spoken audio off, as in the
   threading bench: ``GAZETTE_AUDIO_ON_PUBLISH=false`` unless set).

It prints, per size and database, articles per second over the whole import
(``import_wordpress``: both passes, stores, publishes, threading, comments,
redirects), the seconds, the peak RSS of the importing process, and what was
made (stories, short links, comments, redirects). ``--profile`` writes a
pyinstrument profile of each import beside the file (``--keep`` keeps it);
``--cprofile`` a cProfile of it on the process's CPU clock
(``profile-postgres.prof``, read with ``pstats``). ``--progress SECONDS``
prints the import's progress (items read, articles published), seconds, CPU
seconds and peak RSS so far every SECONDS: a long run stopped early still
says how far it got and at what rate.

The last line is for machines:
``pg_1000_aps=N pg_1000_aps_cpu=N pg_1000_rss_mb=N ... sqlite_1000_aps=N ...``
(``aps_cpu``: articles per second of the importing process's own CPU time,
which a busy machine disturbs less than the wall clock).
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# GAZETTE_BENCH_IMPORT_DATABASE names another, for runs side by side.
DATABASE = os.environ.get("GAZETTE_BENCH_IMPORT_DATABASE", "gazette_bench_import")
SITE = "https://bench.example"
_started = time.monotonic()


def say(message: str) -> None:
    elapsed = int(time.monotonic() - _started)
    print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", flush=True)


def sizes_type(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes: positive integers, e.g. 1000,10000")
    return sizes


# --- The export ------------------------------------------------------------------


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _png(colour: tuple[int, int, int]) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return buffer.getvalue()


def write_export(size: int, folder: Path, seed: int = 7) -> tuple[Path, Path]:
    """Write ``folder/export.xml`` of ``size`` posts and ``folder/uploads``."""
    from django.utils.text import slugify

    from gazette.demo import synthetic

    end = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    plan = synthetic.plan_newsroom(
        articles=size,
        stories=max(1, size // 8),
        sections=6,
        authors=40,
        seed=seed,
        end=end,
    )
    rng = random.Random(seed)
    uploads = folder / "uploads"
    pictures = [_png((rng.randrange(256), 90, 160)) for _ in range(8)]
    path = folder / "export.xml"
    logins = [f"writer{i}" for i in range(len(plan.authors))]
    tags = sorted(
        {synthetic._words(kit.place)[0].lower() for kit in plan.stories}
        | {f"topic-{n}" for n in range(200)}
    )
    comment_id = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>Bench Gazette</title><link>{SITE}</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"<wp:base_site_url>{SITE}</wp:base_site_url>\n"
            f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        )
        for number, (login, person) in enumerate(
            zip(logins, plan.authors, strict=True), 1
        ):
            out.write(
                f"<wp:author><wp:author_id>{number}</wp:author_id>"
                f"<wp:author_login>{_cdata(login)}</wp:author_login>"
                f"<wp:author_email>{_cdata(login + '@bench.example')}"
                "</wp:author_email>"
                f"<wp:author_display_name>{_cdata(person.name)}"
                "</wp:author_display_name>"
                f"<wp:author_description>{_cdata(person.role)}"
                "</wp:author_description></wp:author>\n"
            )
        for number, kit in enumerate(plan.sections, 1):
            slug = slugify(kit.title)
            out.write(
                f"<wp:category><wp:term_id>{number}</wp:term_id>"
                f"<wp:category_nicename>{slug}</wp:category_nicename>"
                "<wp:category_parent></wp:category_parent>"
                f"<wp:cat_name>{_cdata(kit.title)}</wp:cat_name></wp:category>\n"
            )
        for number, tag in enumerate(tags, 100):
            out.write(
                f"<wp:tag><wp:term_id>{number}</wp:term_id>"
                f"<wp:tag_slug>{tag}</wp:tag_slug>"
                f"<wp:tag_name>{_cdata(tag.title())}</wp:tag_name></wp:tag>\n"
            )
        for index, article in enumerate(plan.articles):
            post_id = index + 1
            attachment_id = 1_000_000 + post_id
            text = synthetic.write_article(
                plan.stories[article.story], synthetic.article_rng(seed, article)
            )
            when = article.published
            month = f"{when:%Y/%m}"
            relative = f"{month}/picture-{post_id}.png"
            target = uploads / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pictures[post_id % len(pictures)])
            date = f"{when:%Y-%m-%d %H:%M:%S}"
            out.write(
                "<item>"
                f"<title>{_cdata('Picture ' + str(post_id))}</title>"
                f"<link>{SITE}/?attachment_id={attachment_id}</link>"
                f"<wp:post_id>{attachment_id}</wp:post_id>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:post_name>picture-{post_id}</wp:post_name>"
                "<wp:status>inherit</wp:status>"
                f"<wp:post_parent>{post_id}</wp:post_parent>"
                "<wp:post_type>attachment</wp:post_type>"
                f"<wp:attachment_url>{SITE}/wp-content/uploads/{relative}"
                "</wp:attachment_url>"
                f"<excerpt:encoded>{_cdata('A picture for ' + text.title)}"
                "</excerpt:encoded>"
                "<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
                f"<wp:meta_value>{_cdata(relative)}</wp:meta_value></wp:postmeta>"
                "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
                f"<wp:meta_value>{_cdata('Picture ' + str(post_id))}</wp:meta_value>"
                "</wp:postmeta></item>\n"
            )
            parts = []
            for block in text.body:
                if block["type"] == "heading":
                    parts.append(f"<h2>{html.escape(block['value'])}</h2>")
                else:
                    parts.append(
                        block["value"].removeprefix("<p>").removesuffix("</p>")
                    )
            if post_id % 3 == 0:
                parts.insert(
                    1,
                    f'<img class="alignnone wp-image-{attachment_id}" '
                    f'src="{SITE}/wp-content/uploads/{relative}" alt="">',
                )
            body = "\n\n".join(parts)
            section = plan.sections[article.section]
            section_slug = slugify(section.title)
            post_tags = rng.sample(tags, 2)
            categories = (
                f'<category domain="category" nicename="{section_slug}">'
                f"{_cdata(section.title)}</category>"
                + "".join(
                    f'<category domain="post_tag" nicename="{tag}">'
                    f"{_cdata(tag.title())}</category>"
                    for tag in post_tags
                )
            )
            comments = []
            top = None
            for n in range(rng.choice((0, 1, 2, 3, 4, 5))):
                comment_id += 1
                approved = "spam" if n == 4 else ("0" if n == 3 else "1")
                parent = top if n in (1, 2) and top else 0
                top = top or comment_id
                comments.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{_cdata(f'Reader {comment_id % 997}')}"
                    "</wp:comment_author>"
                    "<wp:comment_author_email>reader@bench.example"
                    "</wp:comment_author_email>"
                    f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
                    "<wp:comment_content>"
                    f"{_cdata(f'I read about {text.title.lower()}, thank you.')}"
                    "</wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    "<wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    "</wp:comment>"
                )
            modified = f"{article.updated:%Y-%m-%d %H:%M:%S}"
            out.write(
                "<item>"
                f"<title>{_cdata(text.title)}</title>"
                f"<link>{SITE}/{when:%Y/%m/%d}/post-{post_id}/</link>"
                f"<dc:creator>{_cdata(logins[article.authors[0]])}</dc:creator>"
                f"<content:encoded>{_cdata(body)}</content:encoded>"
                f"<excerpt:encoded>{_cdata(text.lede)}</excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:post_modified_gmt>{modified}</wp:post_modified_gmt>"
                f"<wp:post_name>post-{post_id}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>"
                "<wp:post_type>post</wp:post_type>"
                f"{categories}"
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{attachment_id}</wp:meta_value></wp:postmeta>"
                f"{''.join(comments)}</item>\n"
            )
        out.write("</channel>\n</rss>\n")
    return path, uploads


# --- One import, in its own process ----------------------------------------------


def _progress_printer(every: float):
    """Return an import's progress callback printing, at most once every
    ``every`` seconds, its message (``items: N`` while storing, ``published:
    N/M`` while threading) with the seconds, CPU seconds and peak RSS so far,
    on standard error (the parent passes it through with ``--progress``)."""
    started = time.perf_counter()
    last = [-every]
    # The last count of each kind, shown on every line (a batch's message
    # may come at the moment of printing).
    counts: dict[str, str] = {}

    def progress(message: str) -> None:
        kind, _, count = message.partition(": ")
        if kind in ("items", "published"):
            counts[kind] = count
        now = time.perf_counter() - started
        if now - last[0] < every:
            return
        last[0] = now
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        known = "; ".join(f"{k}: {v}" for k, v in counts.items())
        print(
            f"  progress {now:7.0f}s cpu {time.process_time():7.0f}s "
            f"peak RSS {rss:4.0f} MB: {known or message}",
            file=sys.stderr,
            flush=True,
        )

    return progress


def child(
    export: Path, media: Path, profile: Path | None, progress_every: float = 0
) -> None:
    """Import ``export`` and print one JSON line of what it measured."""
    import django

    django.setup()
    from wagtail.contrib.redirects.models import Redirect

    from gazette.articles.models import ArticlePage
    from gazette.discussion.models import Comment
    from gazette.imports.services import import_wordpress
    from gazette.links.models import ShortLink
    from gazette.stories.models import Story

    profiler = None
    cprofiler = None
    if profile and profile.suffix == ".prof":
        import cProfile

        # A CPU clock: the time this process spends, not its neighbours'.
        cprofiler = cProfile.Profile(time.process_time)
        cprofiler.enable()
    elif profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    commits_before = _commits()
    started = time.perf_counter()
    cpu_started = time.process_time()
    report = import_wordpress(
        export,
        media_dir=media,
        progress=_progress_printer(progress_every) if progress_every else None,
    )
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if cprofiler is not None:
        cprofiler.disable()
        cprofiler.dump_stats(str(profile))
    if profiler is not None:
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=True, show_all=False))
        profile.with_suffix(".html").write_text(profiler.output_html())
    commits = _commits() - commits_before if commits_before is not None else None
    live = ArticlePage.objects.live().count()
    result = {
        # Each one waits for the disk unless synchronous_commit is off.
        "commits_per_article": commits / live if commits is not None and live else None,
        "seconds": seconds,
        "articles": live,
        "aps": live / seconds if seconds else 0.0,
        # On a shared machine the wall clock measures the neighbours too: the
        # importer's own CPU time (the database server's is not in it).
        "cpu_seconds": cpu,
        "aps_cpu": live / cpu if cpu else 0.0,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stories": Story.objects.count(),
        "threaded": ArticlePage.objects.live().filter(story__isnull=False).count(),
        "links": ShortLink.objects.count(),
        "comments": Comment.objects.count(),
        "redirects": Redirect.objects.count(),
        "failed": report.total("failed"),
        "summary": report.summary(),
        "messages": report.messages[:5],
    }
    print("RESULT " + json.dumps(result), flush=True)


def _commits() -> int | None:
    """Return the transactions committed in this PostgreSQL database so far."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = "
            "current_database()"
        )
        return int(cursor.fetchone()[0])


def _env(database_url: str, media_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=os.environ.get(
            "DJANGO_SETTINGS_MODULE", "gazette.settings.demo"
        ),
        GAZETTE_TASK_BACKEND="immediate",
        GAZETTE_CACHE="off",
        GAZETTE_MEDIA_ROOT=str(media_root),
        GAZETTE_LOG_LEVEL="WARNING",
    )
    env.setdefault("GAZETTE_AUDIO_ON_PUBLISH", "false")
    return env


def run_one(
    database: str,
    export: Path,
    media: Path,
    tmp: Path,
    profile: Path | None,
    progress_every: float = 0,
) -> dict:
    if database == "postgres":
        from pages import recreate_database

        server = os.environ.get(
            "GAZETTE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"
        ).rstrip("/")
        url = f"{server}/{DATABASE}"
        recreate_database(url)
    else:
        database_file = tmp / "bench.sqlite3"
        database_file.unlink(missing_ok=True)
        url = f"sqlite:///{database_file}"
    media_root = tmp / f"media-{database}"
    subprocess.run(["rm", "-rf", str(media_root)], check=True)
    env = _env(url, media_root)
    gazette = str(ROOT / ".venv" / "bin" / "gazette")
    subprocess.run(
        [gazette, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT
    )
    argv = [sys.executable, __file__, "--child", str(export), "--media", str(media)]
    if profile:
        argv += ["--profile-to", str(profile)]
    if progress_every:
        argv += ["--progress", str(progress_every)]
    # With --progress the child's standard error (its progress) is passed on.
    result = subprocess.run(
        argv,
        env=env,
        stdout=subprocess.PIPE,
        stderr=None if progress_every else subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    line = next(
        (x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None
    )
    if result.returncode != 0 or line is None:
        raise SystemExit(
            f"the import failed ({result.returncode}):\n{result.stdout[-3000:]}\n"
            f"{(result.stderr or '')[-3000:]}"
        )
    return json.loads(line.removeprefix("RESULT "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes_type, default=[1_000, 10_000])
    parser.add_argument(
        "--databases",
        default="postgres,sqlite",
        help="postgres, sqlite or both, comma-separated (postgres,sqlite)",
    )
    parser.add_argument("--profile", action="store_true", help="pyinstrument each run")
    parser.add_argument(
        "--cprofile",
        action="store_true",
        help="cProfile each run (CPU clock) to profile-DATABASE.prof beside the file",
    )
    parser.add_argument(
        "--progress",
        type=float,
        default=0,
        metavar="SECONDS",
        help="print the import's progress, rate and peak RSS every SECONDS",
    )
    parser.add_argument("--keep", action="store_true", help="keep the files")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--media", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.media, options.profile_to, options.progress)
        return 0
    databases = [d.strip() for d in options.databases.split(",") if d.strip()]
    if not set(databases) <= {"postgres", "sqlite"}:
        parser.error("--databases: postgres, sqlite or both")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.demo")
    import django

    django.setup()
    tmp = Path(tempfile.mkdtemp(prefix="gazette-bench-import-"))
    say(f"working directory {tmp}")
    figures: list[str] = []
    try:
        for size in options.sizes:
            folder = tmp / str(size)
            folder.mkdir()
            say(f"writing an export of {size:,} posts")
            export, media = write_export(size, folder)
            mb = export.stat().st_size / 1e6
            say(f"export.xml: {mb:.1f} MB")
            for database in databases:
                say(f"importing {size:,} posts into {database}")
                profile = None
                if options.cprofile:
                    profile = folder / f"profile-{database}.prof"
                elif options.profile:
                    profile = folder / f"profile-{database}.txt"
                result = run_one(
                    database, export, media, tmp, profile, options.progress
                )
                say(
                    f"{database} {size:,}: {result['aps']:.1f} articles/s "
                    f"({result['articles']:,} live in {result['seconds']:.1f}s; "
                    f"{result['aps_cpu']:.1f} per second of the importer's CPU), "
                    f"peak RSS {result['rss_mb']:.0f} MB; stories "
                    f"{result['stories']:,} ({result['threaded']:,} articles "
                    f"threaded), short links {result['links']:,}, comments "
                    f"{result['comments']:,}, redirects {result['redirects']:,}"
                )
                if result["commits_per_article"] is not None:
                    say(f"  commits per article: {result['commits_per_article']:.1f}")
                say(f"  {result['summary']}")
                for message in result["messages"]:
                    say(f"  {message}")
                if profile:
                    say(f"  profile: {profile}")
                short = "pg" if database == "postgres" else "sqlite"
                figures.append(f"{short}_{size}_aps={result['aps']:.1f}")
                figures.append(f"{short}_{size}_aps_cpu={result['aps_cpu']:.1f}")
                figures.append(f"{short}_{size}_rss_mb={result['rss_mb']:.0f}")
                figures.append(f"{short}_{size}_failed={result['failed']}")
    finally:
        if options.keep or options.profile or options.cprofile:
            say(f"kept {tmp}")
        else:
            subprocess.run(["rm", "-rf", str(tmp)], check=False)
    print(" ".join(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
