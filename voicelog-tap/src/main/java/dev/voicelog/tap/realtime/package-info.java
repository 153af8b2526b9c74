/**
 * The OpenAI Realtime API tap. {@link RealtimeProxy} is a WebSocket proxy (a
 * {@link dev.voicelog.tap.relay.RelayServer} with this package's interceptors) that forwards everything
 * unchanged and logs every event of both directions; it backdates the user's speech to when its audio passed,
 * counts the audio and, when asked, records the call. {@link RealtimeConsole} prints sessions as they happen;
 * {@link RealtimeSummary}, behind {@code voicelog summary}, reads what a session's Realtime events say about
 * its configuration ({@link SessionConfig}, {@link TurnDetection}), items, token usage and errors. The
 * interceptors and their shared state are internal. See docs/realtime-proxy.md.
 */
package dev.voicelog.tap.realtime;
