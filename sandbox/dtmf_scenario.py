"""SIPp scenarios for a caller who presses keys (SIP INFO, application/dtmf-relay).

SIPp wants literal pause lengths, so each call's key presses are written into its own
scenario file.
"""

from __future__ import annotations

from pathlib import Path

HEADER = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="caller presses keys">
  <send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "[caller]" <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:[caller]@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=caller 53655765 2353687637 IN IP4 127.0.0.1
s=-
c=IN IP4 127.0.0.1
t=0 0
m=audio [rtp_port] RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=sendrecv
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true"/>
  <send><![CDATA[
ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "[caller]" <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Contact: <sip:[caller]@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0
]]></send>
"""

# SIPp sends the RTP of a capture to the PBX: a caller who speaks.
SPEAK = """  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>
"""

KEY = """  <pause milliseconds="{pause}"/>
  <send retrans="500"><![CDATA[
INFO sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "[caller]" <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: {cseq} INFO
Contact: <sip:[caller]@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/dtmf-relay
Content-Length: [len]

Signal={key}
Duration=160
]]></send>
  <recv response="200"/>
"""

WAIT_FOR_BYE = """  <recv request="BYE" timeout="{timeout}"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0
]]></send>
</scenario>
"""

HANG_UP = """  <pause milliseconds="{pause}"/>
  <send retrans="500"><![CDATA[
BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "[caller]" <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: {cseq} BYE
Max-Forwards: 70
Content-Length: 0
]]></send>
  <recv response="200"/>
</scenario>
"""


def keys_scenario(presses: list[tuple[int, str]], hang_up_after_ms: int | None = None,
                  bye_timeout_ms: int = 60000, speak_pcap: str | None = None) -> str:
    """``presses``: (milliseconds to wait, key) in order, after the call is answered.

    The caller then waits for the PBX to hang up, or hangs up after ``hang_up_after_ms``.
    With ``speak_pcap`` (a path inside the sandbox) the caller also sends that audio.
    """
    parts = [HEADER]
    if speak_pcap:
        parts.append(SPEAK.format(pcap=speak_pcap))
    for index, (pause, key) in enumerate(presses):
        parts.append(KEY.format(pause=max(1, pause), key=key, cseq=2 + index))
    if hang_up_after_ms is None:
        parts.append(WAIT_FOR_BYE.format(timeout=bye_timeout_ms))
    else:
        parts.append(HANG_UP.format(pause=max(1, hang_up_after_ms), cseq=2 + len(presses)))
    return "".join(parts)


def write_keys_scenario(directory: Path, name: str, presses: list[tuple[int, str]],
                        hang_up_after_ms: int | None = None,
                        speak_pcap: str | None = None) -> Path:
    path = directory / f"{name}.xml"
    path.write_text(keys_scenario(presses, hang_up_after_ms, speak_pcap=speak_pcap))
    return path
