# netmap API and web app. Used by docker-compose.yml (with the neo4j service);
# on its own it runs on the embedded store in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A Japanese font for the static maps and reports (names in the data are Japanese).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-ipaexfont-gothic \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY src ./src
COPY cypher ./cypher
# A regular (non-editable) install: the Cypher library goes into the package as netmap/_cypher.
RUN pip install -c constraints.txt . \
    && useradd --create-home --uid 1000 netmap \
    && mkdir -p /data \
    && chown netmap /data

USER netmap
WORKDIR /home/netmap
ENV NETMAP_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

CMD ["netmap", "serve", "--host", "0.0.0.0", "--port", "8000"]
