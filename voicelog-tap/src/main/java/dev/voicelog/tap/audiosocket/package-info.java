/**
 * The Asterisk AudioSocket tap: {@link AudioSocketTap}, a TCP relay ({@link dev.voicelog.tap.relay.TcpRelayServer})
 * between Asterisk and the agent that reads the AudioSocket frames across TCP reads and logs each call, named
 * by its UUID: its frames, the caller's and the agent's speech and playback (through
 * {@link dev.voicelog.tap.call.CallAudio}), framing diagnostics and a stereo recording. The package's other
 * classes (the frame reader, the interceptors, the call's state) are internal to it. See docs/telephony-taps.md.
 */
package dev.voicelog.tap.audiosocket;
