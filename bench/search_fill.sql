-- Fill a bench database up to :total live articles by copying its generated
-- ones, when `gazette generate_newsroom` is too slow for the machine's load
-- (80 to 150 articles a second at load average 10 to 20: two to three hours
-- for a million). Bench databases only (docs/search.md, "Third round"):
--
--   psql -h 127.0.0.1 -U postgres -d gazette_bench_search_1m \
--       -v total=1000000 -f bench/search_fill.sql
--
-- The copies keep their source's section, edition, story, bylines and text;
-- they are spread evenly over the three years before now, and get new keys,
-- tree paths (after their section's last child), slugs ("c3-<source slug>")
-- and translation keys. The search rows' vector and pairs are copied from the
-- source rows: the columns' generation is dropped in this database (a copy
-- would compute the same values, at about 1.5 ms a row), and their GIN
-- indexes are built after the load. The stories are not recounted.
\timing on
\set ON_ERROR_STOP on
SET maintenance_work_mem = '1GB';
SET synchronous_commit = off;
SET jit = off;
CREATE OR REPLACE FUNCTION pg_temp.enc36(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ((n / (36::bigint ^ k)::bigint) % 36)::int + 1, 1), '' ORDER BY k DESC)
  FROM generate_series(0, 3) AS k $$;
CREATE OR REPLACE FUNCTION pg_temp.dec36(s text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(sum((strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr(s, i, 1)) - 1)::bigint * (36::bigint ^ (length(s) - i))::bigint), 0)::bigint
  FROM generate_series(1, length(s)) AS i $$;
CREATE TEMP TABLE src AS
  SELECT p.id AS sid, (row_number() OVER (ORDER BY p.id) - 1)::bigint AS rn,
         left(p.path, length(p.path) - 4) AS parent
  FROM wagtailcore_page p JOIN articles_articlepage a ON a.page_ptr_id = p.id WHERE p.live;
SELECT count(*) AS n, :total - count(*) AS m FROM src \gset
\echo sources :n copies :m
SELECT max(id) + 1 AS base FROM wagtailcore_page \gset
CREATE TEMP TABLE steps AS
  SELECT left(path, length(path) - 4) AS parent, max(pg_temp.dec36(right(path, 4))) AS last
  FROM wagtailcore_page WHERE depth = 4 GROUP BY 1;
CREATE TEMP TABLE plan AS
  SELECT j, :base + j AS id, s.sid, j / :n + 1 AS c, s.parent,
         now() - interval '1095 days' + interval '1095 days' * ((j + 0.5) / :m) AS first_at
  FROM generate_series(0::bigint, :m - 1) AS j JOIN src s ON s.rn = j % :n;
CREATE TEMP TABLE newpages AS
  SELECT p.id, p.sid, p.c, p.first_at,
         p.parent || pg_temp.enc36(st.last + row_number() OVER (PARTITION BY p.parent ORDER BY p.j)) AS path
  FROM plan p JOIN steps st ON st.parent = p.parent;
ANALYZE newpages;
SELECT max(length(path)), count(*) FROM newpages;
BEGIN;
INSERT INTO wagtailcore_page (id, path, depth, numchild, title, slug, live, has_unpublished_changes, url_path, seo_title, show_in_menus, search_description, go_live_at, expire_at, expired, content_type_id, owner_id, locked, latest_revision_created_at, first_published_at, live_revision_id, last_published_at, draft_title, locked_at, locked_by_id, translation_key, locale_id, alias_of_id, latest_revision_id)
  SELECT n.id, n.path, p.depth, 0, p.title, 'c' || n.c || '-' || p.slug, p.live, p.has_unpublished_changes,
         left(p.url_path, length(p.url_path) - length(p.slug) - 1) || 'c' || n.c || '-' || p.slug || '/',
         p.seo_title, p.show_in_menus, p.search_description, p.go_live_at, p.expire_at, p.expired, p.content_type_id, p.owner_id, p.locked,
         p.latest_revision_created_at, n.first_at, p.live_revision_id, n.first_at + (p.last_published_at - p.first_published_at),
         p.draft_title, p.locked_at, p.locked_by_id, gen_random_uuid(), p.locale_id, p.alias_of_id, p.latest_revision_id
  FROM newpages n JOIN wagtailcore_page p ON p.id = n.sid ORDER BY n.id;
SELECT setval('wagtailcore_page_id_seq', (SELECT max(id) FROM wagtailcore_page));
INSERT INTO articles_articlepage (page_ptr_id, lede, body, image_id, story_id, comment_count, discussion_mode, genre)
  SELECT n.id, a.lede, a.body, a.image_id, a.story_id, 0, a.discussion_mode, a.genre
  FROM newpages n JOIN articles_articlepage a ON a.page_ptr_id = n.sid ORDER BY n.id;
INSERT INTO articles_articlepageauthor (sort_order, page_id, author_id)
  SELECT b.sort_order, n.id, b.author_id FROM newpages n JOIN articles_articlepageauthor b ON b.page_id = n.sid ORDER BY n.id, b.sort_order;
UPDATE wagtailcore_page s SET numchild = (SELECT count(*) FROM wagtailcore_page c WHERE c.path LIKE s.path || '%' AND c.depth = s.depth + 1)
  WHERE s.path IN (SELECT parent FROM steps);
COMMIT;
-- The search rows: the copies' vectors are their sources' (the columns'
-- generation dropped in this bench database only), the GIN indexes rebuilt after.
ALTER TABLE search_articlesearchdocument ALTER COLUMN vector DROP EXPRESSION IF EXISTS;
ALTER TABLE search_articlesearchdocument ALTER COLUMN pairs DROP EXPRESSION IF EXISTS;
DROP INDEX IF EXISTS search_doc_vector_idx;
DROP INDEX IF EXISTS search_doc_pairs_idx;
INSERT INTO search_articlesearchdocument (article_id, path, published_at, title, lede, body, section_id, story_id, locale_id, config, vector, pairs)
  SELECT n.id, n.path, n.first_at, d.title, d.lede, d.body, d.section_id, d.story_id, d.locale_id, d.config, d.vector, d.pairs
  FROM newpages n JOIN search_articlesearchdocument d ON d.article_id = n.sid ORDER BY n.id;
CREATE INDEX search_doc_vector_idx ON search_articlesearchdocument USING gin (vector);
CREATE INDEX search_doc_pairs_idx ON search_articlesearchdocument USING gin (pairs);
SELECT count(*) FROM search_articlesearchdocument;
