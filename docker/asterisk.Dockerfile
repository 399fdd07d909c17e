# Asterisk 22 from Debian sid (bookworm carries none), with ringdesk's configuration.
FROM debian:sid-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends asterisk \
 && rm -rf /var/lib/apt/lists/*
RUN rm -rf /etc/asterisk && mkdir -p /etc/asterisk
COPY asterisk-conf/ /etc/asterisk/
COPY sounds/ringdesk/ /usr/share/asterisk/sounds/ringdesk/
# The sounds volume is shared with ringdesk (uid 1000), which stores uploads in it.
RUN chown -R 1000:1000 /usr/share/asterisk/sounds/ringdesk
COPY sounds/moh/ /usr/share/asterisk/moh/
COPY docker/asterisk-entrypoint.sh /usr/local/bin/asterisk-entrypoint
CMD ["/usr/local/bin/asterisk-entrypoint"]
