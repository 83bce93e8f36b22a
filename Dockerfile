# Navigateur e-santé: one image for the API workers, the ingestion job and (in compose.yaml) the Chroma server.
# The index is built at image build time from the embedded corpus, so a lone container starts answering at once
# and needs no network (no model is ever downloaded).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    NAVIGATOR_DATA_DIR=/srv/navigator/data

WORKDIR /srv/navigator
COPY pyproject.toml README.md ./
COPY app ./app
COPY corpus ./corpus
COPY prompts ./prompts
COPY eval ./eval
RUN pip install --no-cache-dir -e '.[postgres,engines]' \
    && navigator ingest \
    && useradd --system --uid 10001 --home-dir /srv/navigator navigator \
    && mkdir -p /srv/data /srv/spool /srv/chroma \
    && chown -R 10001 /srv/navigator/data /srv/data /srv/spool /srv/chroma

# Named volumes mounted on /srv/data, /srv/spool and /srv/chroma (compose.yaml) start owned by this user.
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:8000/readyz').status_code != 200)"]
CMD ["navigator", "up", "--host", "0.0.0.0", "--port", "8000"]
