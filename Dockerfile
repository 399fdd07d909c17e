# ringdesk server image: `ringdesk serve` (FastAGI + AMI + web) on Python 3.11.
FROM python:3.11-slim-bookworm
WORKDIR /opt/ringdesk
COPY pyproject.toml README.md ./
COPY ringdesk ringdesk
COPY ivr ivr
COPY routes routes
COPY callcenter callcenter
COPY helpdesk helpdesk
COPY web web
COPY bench bench
# The call path is compiled with mypyc (ringdesk compile); the compiler leaves with its layer.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg gcc libc6-dev \
 && pip install --no-cache-dir '.[native]' \
 && ringdesk compile \
 && apt-get purge -y gcc libc6-dev && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 1000 ringdesk \
 && mkdir -p /var/lib/ringdesk/sounds && chown ringdesk /var/lib/ringdesk/sounds
USER ringdesk
EXPOSE 4573 8080
CMD ["sh", "-c", "ringdesk db upgrade && exec ringdesk serve"]
