#!/usr/bin/env bash
# Regenerate the shipped prompts: espeak-ng speaks, sox makes the 8 kHz mono 16-bit WAV
# Asterisk plays without transcoding. The WAVs are committed; run this only to change them.
set -euo pipefail
cd "$(dirname "$0")/ringdesk"
say() {  # name text
  espeak-ng -v en-us -s 150 -w "/tmp/ringdesk-$1.wav" "$2"
  sox "/tmp/ringdesk-$1.wav" -r 8000 -c 1 -b 16 "$1.wav" norm -3
  rm -f "/tmp/ringdesk-$1.wav"
}
say welcome "Thank you for calling ringdesk. Goodbye."
say fallback "Sorry, we are briefly unavailable. We will call you back."
say menu "For sales, press 1. For support, press 2."
say invalid "Sorry, that is not a valid choice."
say closed "We are closed right now. Please call again during our opening hours."
say voicemail "Please leave a message after the tone."
say sales "Connecting you to sales."
say mode-changed "Your work mode is changed."
say mode-unknown "Sorry, that work mode does not exist."
