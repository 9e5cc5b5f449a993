# syntax=docker/dockerfile:1
# The Radar's container image (deploy/compose.yaml and deploy/kubernetes/ run it; docs/SCALING.md says how).
#   docker build -t wb-ocr-radar .
#   docker run --rm -p 8501:8501 -v radar-versions:/var/lib/radar/versions wb-ocr-radar
# Debian bookworm with its own Python 3.11; Debian's Chromium and DejaVu fonts for image exports and briefing
# PDFs; Debian's HAProxy and supervisor so that `python -m scripts.serve` can also run one worker per core inside
# one container on a large VM. The committed warehouse is baked in (the fallback when nothing was published);
# published versions live on a volume (RADAR_VERSIONS). One Streamlit process per container by default: scale
# with replicas behind a proxy with cookie affinity. Runs as an unprivileged user that cannot change the code.
FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# tini is PID 1: it forwards SIGTERM to Streamlit and reaps the Chromium processes that exports start.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      python3 python3-venv ca-certificates tini chromium fonts-dejavu-core haproxy supervisor \
 && rm -rf /var/lib/apt/lists/*

# The pinned requirements first, so that a code change does not reinstall them.
WORKDIR /app
COPY requirements.txt ./
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-compile -r requirements.txt
ENV PATH=/opt/venv/bin:$PATH

COPY . .

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/radar radar \
 && install -d -o radar -g radar -m 0755 /var/lib/radar/versions

# Published versions (radar.versions): written by the one publisher, read by every replica.
ENV RADAR_VERSIONS=/var/lib/radar/versions \
    HOME=/home/radar \
    BROWSER_PATH=/usr/bin/chromium
VOLUME ["/var/lib/radar/versions"]

USER radar
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read().strip() != b'ok')"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.headless=true", "--server.fileWatcherType=none", \
     "--server.address=0.0.0.0", "--server.port=8501", "--browser.gatherUsageStats=false"]
