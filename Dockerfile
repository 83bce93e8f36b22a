# Navigateur e-santé: one image for the API workers, the ingestion job and (in compose.yaml) the Chroma server.
# The index is built at image build time from the embedded corpus, so a lone container starts answering at once
# and needs no network (no model is ever downloaded).

# Build stage: a regular wheel, which carries the written corpus, the prompts and the gold set (see setup.py).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY app ./app
COPY corpus ./corpus
COPY prompts ./prompts
COPY eval/gold ./eval/gold
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    NAVIGATOR_DATA_DIR=/srv/navigator/data \
    NAVIGATOR_LOG_LEVEL=INFO

WORKDIR /srv/navigator
COPY --from=build /wheels /wheels
# Installed as a package (not editable): nothing is read from a source tree at run time. The wheel file itself is
# named, so that no index can ever supply a package of the same name instead (hence no version pin for hadolint).
# hadolint ignore=DL3013
RUN set -- /wheels/navigateur_esante-*.whl \
    && pip install --no-cache-dir "$1[postgres,engines]" \
    && rm -rf /wheels \
    && navigator ingest \
    && useradd --system --uid 10001 --home-dir /srv/navigator navigator \
    && mkdir -p /srv/data /srv/spool /srv/chroma \
    && chown -R 10001 /srv/navigator/data /srv/data /srv/spool /srv/chroma

# Named volumes mounted on /srv/data, /srv/spool and /srv/chroma (compose.yaml) start owned by this user.
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:8000/readyz').status_code != 200)"]
CMD ["navigator", "up", "--host", "0.0.0.0", "--port", "8000"]
