#!/bin/sh
# Asterisk's AMI secret comes from the environment at every start: no secret is baked into
# the image or committed to the repository.
set -eu
if [ -z "${RINGDESK_AMI_SECRET:-}" ]; then
  echo "RINGDESK_AMI_SECRET is not set: put a long random value in .env (see docker-compose.yml)" >&2
  exit 1
fi
umask 077
printf 'secret = %s\n' "$RINGDESK_AMI_SECRET" > /etc/asterisk/ringdesk-ami-secret.conf
exec /usr/sbin/asterisk -f -vvv
