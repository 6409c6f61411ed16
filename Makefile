# Gazette: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
RADIO_PORT ?= 8001
GAZETTE_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gazette_test
export GAZETTE_TEST_DATABASE_URL

.PHONY: install install-test fonts css translations messages demo serve test test-sqlite test-postgres lint format bench clean

$(BIN)/gazette: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

install: $(BIN)/gazette fonts translations  ## Create .venv with Gazette and its `gazette` command, fetch the fonts, compile the translations.

# The interface's translations: gazette/locale/<language>/LC_MESSAGES/django.po
# (committed), compiled to .mo files by msgfmt (GNU gettext; not committed).
LOCALE_PO := $(wildcard gazette/locale/*/LC_MESSAGES/django.po)
LOCALE_MO := $(LOCALE_PO:.po=.mo)
LANGUAGES_SHIPPED := es ar

translations: $(LOCALE_MO)  ## Compile the interface's translations (needs gettext's msgfmt).

$(LOCALE_MO): %.mo: %.po
	@command -v msgfmt >/dev/null 2>&1 || { \
		echo "translations: msgfmt not found. Install GNU gettext (Debian: apt-get install gettext)."; exit 1; }
	msgfmt --check --output-file=$@ $<

messages: install  ## Gather the interface's words into gazette/locale/*/django.po for the translators.
	cd gazette && DJANGO_SETTINGS_MODULE=gazette.settings.test ../$(BIN)/gazette makemessages \
		$(foreach lang,$(LANGUAGES_SHIPPED),-l $(lang)) --add-location file --no-obsolete \
		--ignore 'demo/content/*' --ignore 'static/*'

# The web fonts come from npm, pinned in package-lock.json (SIL OFL 1.1). Only the
# files the stylesheet names are copied: Latin and Latin Extended, upright, plus
# the text face's Latin italic. They are not committed (see .gitignore).
FONTS_DIR := gazette/core/static/gazette/fonts
FONTSOURCE := node_modules/@fontsource-variable
FONT_FILES := \
	$(FONTSOURCE)/source-serif-4/files/source-serif-4-latin-wght-normal.woff2 \
	$(FONTSOURCE)/source-serif-4/files/source-serif-4-latin-ext-wght-normal.woff2 \
	$(FONTSOURCE)/source-serif-4/files/source-serif-4-latin-wght-italic.woff2 \
	$(FONTSOURCE)/source-sans-3/files/source-sans-3-latin-wght-normal.woff2 \
	$(FONTSOURCE)/source-sans-3/files/source-sans-3-latin-ext-wght-normal.woff2 \
	$(FONTSOURCE)/noto-naskh-arabic/files/noto-naskh-arabic-arabic-wght-normal.woff2 \
	$(FONTSOURCE)/noto-sans-arabic/files/noto-sans-arabic-arabic-wght-normal.woff2

fonts: $(FONTS_DIR)/.installed  ## Fetch the web fonts with npm and copy them into the static files.

$(FONTS_DIR)/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "fonts: npm not found, so the web fonts were not fetched. Pages fall back to"; \
		echo "fonts: Georgia and the system's sans-serif. Install Node.js and npm (Debian:"; \
		echo "fonts: apt-get install nodejs npm), then run 'make fonts'."; \
	elif npm ci --no-audit --no-fund --loglevel=error; then \
		mkdir -p $(FONTS_DIR) && cp $(FONT_FILES) $(FONTS_DIR)/ && touch $@ && \
		echo "fonts: copied $(words $(FONT_FILES)) woff2 files into $(FONTS_DIR)"; \
	else \
		echo "fonts: 'npm ci' failed, so the web fonts were not fetched; pages fall back to system fonts."; \
	fi

css: install  ## Rebuild the served stylesheet gazette.css from its sources (docs/design.md).
	$(BIN)/python -m gazette.core.cssbundle

$(VENV)/.test-deps: $(BIN)/gazette pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install-test: $(VENV)/.test-deps fonts translations

demo: install  ## Migrate SQLite, load the demo newsroom and serve it on http://127.0.0.1:8000 (radio on :8001).
	@echo "Preparing the database (var/gazette.sqlite3) and the demo newsroom..."
	@DJANGO_SETTINGS_MODULE=gazette.settings.demo $(BIN)/gazette migrate --no-input --verbosity 0
	@DJANGO_SETTINGS_MODULE=gazette.settings.demo GAZETTE_BASE_URL=http://$(HOST):$(PORT) $(BIN)/gazette load_demo
	@# The newscast broadcaster runs beside the page server and stops with it.
	@DJANGO_SETTINGS_MODULE=gazette.settings.demo $(BIN)/gazette radio-broadcast --listen $(HOST):$(RADIO_PORT) & radio=$$!; \
	trap 'kill $$radio 2>/dev/null' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=gazette.settings.demo GAZETTE_RADIO_STREAM_URL=http://$(HOST):$(RADIO_PORT)/newscast.mp3 \
		$(BIN)/gazette runserver --nostatic $(HOST):$(PORT)

# Services, pure modules and the command line carry type hints; mypy checks them.
TYPED := gazette/cli.py gazette/core/services.py gazette/core/changes.py gazette/articles/shells.py gazette/core/cssbundle.py gazette/core/templatetags/picture_tags.py gazette/core/cache.py gazette/core/masthead.py gazette/core/http.py gazette/core/groups.py \
	gazette/core/dbcheck.py gazette/articles/services.py gazette/search/bulk.py gazette/stories/services.py \
	gazette/stories/membership.py gazette/stories/engine_store.py gazette/stories/related_services.py \
	gazette/fronts/layout.py gazette/fronts/selectors.py gazette/fronts/services.py \
	gazette/stories/titles.py gazette/stories/related.py \
	gazette/stories/threading.py gazette/stories/threading_fit.py \
	gazette/stories/threading_config.py gazette/stories/threading_vectors.py \
	gazette/stories/threading_state.py gazette/stories/similarity_batch.py \
	gazette/stories/text_features.py \
	gazette/stories/similarity.py gazette/stories/similarity_weights.py \
	gazette/stories/related_evaluation.py \
	gazette/stories/management/commands/evaluate_related.py \
	gazette/demo/loader.py gazette/demo/images.py \
	gazette/links/codes.py gazette/links/targets.py gazette/links/visits.py \
	gazette/links/services.py gazette/links/charts.py gazette/links/qr.py \
	gazette/feeds/feeds.py gazette/feeds/templatetags/feeds_tags.py \
	gazette/seo/sitemaps.py gazette/seo/views.py gazette/seo/jsonld.py \
	gazette/seo/templatetags/seo_tags.py \
	gazette/api/caching.py gazette/api/middleware.py gazette/api/queries.py \
	gazette/api/representations.py gazette/api/schemas.py gazette/api/endpoints.py \
	gazette/discussion/services.py gazette/discussion/selectors.py gazette/links/tasks.py \
	gazette/discussion/admin_views.py gazette/discussion/moderation_services.py gazette/discussion/counts.py \
	gazette/discussion/import_services.py gazette/discussion/cleaning.py gazette/discussion/errors.py \
	gazette/discussion/standards.py gazette/discussion/slurs.py \
	gazette/discussion/grammar.py gazette/discussion/violence.py gazette/discussion/conduct.py \
	gazette/discussion/harassment.py gazette/discussion/spam.py gazette/discussion/violence_veiled.py \
	gazette/discussion/violence_clause.py \
	gazette/discussion/personal_versions.py gazette/stories/batch_related.py \
	gazette/discussion/lexicons.py gazette/discussion/lexicons_base.py gazette/discussion/lexicons_harm.py gazette/discussion/lexicons_people.py gazette/discussion/grammar_text.py gazette/discussion/grammar_speech.py gazette/discussion/management/commands/evaluate_standards.py \
	gazette/discussion/policy.py gazette/discussion/features.py \
	gazette/discussion/datasets.py gazette/discussion/evaluation.py \
	gazette/discussion/training.py gazette/discussion/toxicity.py gazette/discussion/profanity.py \
	gazette/stories/management/commands/store_profiles.py \
	gazette/core/views.py gazette/core/management/commands/set_site_url.py \
	gazette/discussion/management/commands/train_moderation.py \
	gazette/discussion/management/commands/evaluate_moderation.py \
	gazette/audio/text.py gazette/audio/ranges.py gazette/audio/speech.py \
	gazette/audio/services.py gazette/audio/feeds.py gazette/audio/views.py \
	gazette/audio/templatetags/audio_tags.py \
	gazette/audio/management/commands/generate_audio.py \
	gazette/accounts/services.py gazette/accounts/email_change.py gazette/accounts/limits.py gazette/accounts/names.py gazette/accounts/backends.py \
	gazette/accounts/tasks.py gazette/core/csp.py gazette/core/cspreports.py \
	gazette/core/forms.py gazette/core/middleware.py gazette/core/counting.py \
	gazette/readership/services.py gazette/desk/selectors.py gazette/articles/embeds.py \
	gazette/imports/wxr.py gazette/imports/xmlstream.py gazette/imports/shortcodes.py \
	gazette/imports/bodies.py gazette/imports/ninjs.py gazette/imports/newsml.py \
	gazette/imports/services.py gazette/imports/reporting.py gazette/imports/records.py \
	gazette/imports/media.py gazette/imports/wordpress_services.py gazette/imports/wordpress_media.py gazette/imports/wordpress_batches.py gazette/imports/wordpress_publishing.py gazette/imports/wordpress_survey.py \
	gazette/imports/wordpress_comments.py gazette/imports/wordpress_redirects.py \
	gazette/imports/wire_services.py gazette/imports/export_services.py gazette/imports/feed.py \
	gazette/imports/feed_services.py gazette/imports/versions.py gazette/imports/drop_folder.py \
	gazette/links/accesslog.py gazette/links/ingest.py gazette/readership/accesslog.py \
	gazette/readership/ingest.py gazette/readership/templatetags/readership_tags.py \
	gazette/core/templatetags/gazette_tags.py gazette/stories/languages.py \
	gazette/search/fulltext.py gazette/search/syntax.py gazette/search/services.py \
	gazette/search/query.py gazette/search/ranking.py gazette/core/keyset.py \
	gazette/search/management/commands/rebuild_search_index.py gazette/discussion/personal.py \
	gazette/discussion/learned.py gazette/discussion/learned_cues.py gazette/discussion/learned_training.py \
	gazette/radio/mp3.py gazette/radio/schedule.py gazette/radio/bulletin.py \
	gazette/radio/newscast.py gazette/radio/broadcaster.py gazette/radio/icecast.py \
	gazette/radio/services.py gazette/radio/views.py gazette/radio/templatetags/radio_tags.py \
	gazette/radio/management/commands/radio_broadcast.py \
	gazette/core/editions.py gazette/core/routing.py gazette/seo/alternates.py gazette/core/templatetags/edition_tags.py \
	gazette/stories/across.py gazette/audio/voices.py gazette/audio/admin_views.py \
	gazette/radio/editions.py gazette/discussion/checks.py gazette/discussion/languages.py \
	gazette/discussion/personal_cache.py gazette/wsgi.py gazette/search/languages.py \
	gazette/demo/editions.py

test: install-test  ## Lint, type-check, check migrations, run the suite on SQLite, then on PostgreSQL if reachable.
	$(BIN)/ruff check gazette tests bench
	$(BIN)/ruff format --check gazette tests bench
	$(BIN)/mypy $(TYPED)
	DJANGO_SETTINGS_MODULE=gazette.settings.test $(BIN)/gazette makemigrations --check --dry-run
	$(BIN)/pytest
	@$(MAKE) --no-print-directory test-postgres

test-postgres: install-test
	@if $(BIN)/python -m gazette.core.dbcheck "$(GAZETTE_TEST_DATABASE_URL)"; then \
		GAZETTE_TEST_DB="$(GAZETTE_TEST_DATABASE_URL)" $(BIN)/pytest; \
	else \
		echo "PostgreSQL not reachable at $(GAZETTE_TEST_DATABASE_URL): skipped the PostgreSQL run."; \
	fi

lint: install-test
	$(BIN)/ruff check gazette tests bench
	$(BIN)/ruff format --check gazette tests bench
	$(BIN)/mypy $(TYPED)

format: install-test
	$(BIN)/ruff format gazette tests bench
	$(BIN)/ruff check --fix gazette tests bench

bench: install-test  ## Measure page serving (needs nginx, wrk and PostgreSQL; see bench/README.md).
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) var
