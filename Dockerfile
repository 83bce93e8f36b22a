# Navigateur e-santé: one image for the API workers. The index is built at image build time from the embedded
# corpus, so a container starts answering at once and needs no network (no model is ever downloaded).
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
RUN pip install -e . && navigator ingest

EXPOSE 8000
CMD ["navigator", "up", "--host", "0.0.0.0", "--port", "8000"]
