"""ringdesk: a telephony-first contact-center server beside Asterisk."""

__version__ = "0.1.0"
