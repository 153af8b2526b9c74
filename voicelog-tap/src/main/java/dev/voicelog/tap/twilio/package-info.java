/**
 * The Twilio Media Streams tap: {@link TwilioTap}, a WebSocket relay ({@link dev.voicelog.tap.relay.RelayServer})
 * between Twilio and the agent that logs each stream as a call: the stream's messages, the caller's and the
 * agent's speech and playback (through {@link dev.voicelog.tap.call.CallAudio}), the diagnostics of a silent
 * call, and a stereo recording. The package's other classes (the interceptors, the stream's state, the message
 * parser) are internal to it. See docs/telephony-taps.md.
 */
package dev.voicelog.tap.twilio;
